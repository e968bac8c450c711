"""The answering engine: extractive by default, an LLM when configured, refusal when nothing supports an answer.

``Answerer`` is the facade: it resolves follow-ups (assistant.answer.conversation), runs the evidence
checks (assistant.answer.checks), and has the orchestrator (assistant.answer.orchestrator) try the answer
kinds in order, or the chat model (assistant.answer.model_answer) answer in LLM mode.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Iterator, Sequence

from assistant.answer.checks import RefusalChecks
from assistant.answer.citations import CheckedText
from assistant.answer.conversation import Conversation
from assistant.answer.health import Budget
from assistant.answer.llm import ChatModelFactory
from assistant.answer.model_answer import ModelAnswerer, citation_notices
from assistant.answer.orchestrator import Orchestrator
from assistant.answer.protocol import ComposeRequest, Composition, Outcome
from assistant.answer.judgement import parse_judgement
from assistant.answer.quiz import parse_quiz
from assistant.answer.refusal import REFUSAL_SENTENCE, Refusal
from assistant.answer.scoring import IdfTable, SentenceScorer
from assistant.answer.subjects import MentionIndex, Subject, about_subjects, missing_note, named_subjects, not_in_cited
from assistant.answer.versions import version_notes
from assistant.catalogue import Catalogue
from assistant.lexicon import ColloquialQuery
from assistant.models import Answer
from assistant.question import has_words
from assistant.retrieve import Filters, Retriever, SearchResult
from assistant.sentvec import SentenceVectors
from assistant.settings import Settings
from assistant.tokenize import Tokenizer

__all__ = ["Answerer", "REFUSAL_SENTENCE", "LLM_FALLBACK_NOTICE", "LLM_UNCONFIGURED_NOTICE"]

log = logging.getLogger(__name__)

LLM_FALLBACK_NOTICE = "大模型服务暂时不可用，以下为基于原文摘录的回答。"
LLM_UNCONFIGURED_NOTICE = "未配置大模型服务，以下为基于原文摘录的回答。"
NO_WORDS_NOTE = "问题中没有文字，请用完整的话提问。"


class Answerer:
    """Answers questions over the knowledge base the retriever reads."""

    def __init__(self, settings: Settings, retriever: Retriever, tokenizer: Tokenizer,
                 chat_model_factory: ChatModelFactory | None = None) -> None:
        self._settings = settings
        self._retriever = retriever
        self._tokenizer = tokenizer
        self._idf: IdfTable | None = None
        self._vectors = SentenceVectors.for_settings(retriever.embedder, settings)
        self._checks = RefusalChecks(settings)
        self._conversation = Conversation(retriever, tokenizer, settings.answer_tuning, settings.top_k)
        self._orchestrator = Orchestrator(settings)
        self._colloquial = ColloquialQuery(settings, tokenizer)
        self._model = ModelAnswerer(settings, chat_model_factory)
        self.thresholds = self._checks.thresholds

    # -- public --------------------------------------------------------------------------------
    def ask(self, question: str, history: list[dict] | None = None, mode: str | None = None,
            k: int | None = None, filters: Filters | None = None) -> Answer:
        answer = None
        for _, answer in self.ask_stream(question, history, mode, k, filters):
            pass
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: list[dict] | None = None, mode: str | None = None,
                   k: int | None = None, filters: Filters | None = None) -> Iterator[tuple[str, Answer | None]]:
        """Yields (text so far, None) while generating, and finally (full text, Answer)."""
        started = time.perf_counter()
        notices: list[str] = []
        mode = self._mode(mode, notices)
        budget = Budget(self._settings.llm_timeout)
        if not has_words(question):  # nothing is asked: refused before any search, with no sources
            log.info("refused %r: no_words", question)
            yield REFUSAL_SENTENCE, Answer(question, REFUSAL_SENTENCE + NO_WORDS_NOTE, True, mode, [], [], notices,
                                           latency_ms=(time.perf_counter() - started) * 1000)
            return
        rewrite = (lambda q, h: self._model.rewrite(q, h, budget)) if mode == "llm" else None
        standalone, result = self._conversation.standalone(question, history, self._retriever.catalogue().titles,
                                                           k, filters, rewrite)
        if standalone != question.strip():
            notices.append(f"已结合上文将问题理解为：“{standalone}”")
        statement = parse_judgement(standalone)  # a true/false item (判断题): its statement is what is asked
        quiz = None if statement else parse_quiz(standalone)
        asked = statement.text if statement else quiz.query if quiz else standalone
        result = result or self._retriever.search(asked, k, filters)
        # an option naming a document is no subject of the question
        subjects = named_subjects(quiz.stem if quiz else asked, self._settings.subject_max_term_chars, self._tokenizer)
        request = ComposeRequest(standalone, result, self.sentence_scorer(result.catalogue), self._tokenizer)
        direct = self._orchestrator.direct_answer(request)  # a true/false or quiz item, or facts about a named document
        refusal = self._checks.check(standalone, result, subjects, request.scorer,
                                     relevance=direct is None or direct.composer.checks_relevance)
        answer = self._refused(question, result, mode, notices, refusal) if refusal else None
        if answer is None and direct is not None:
            answer = self._finish(question, direct.outcome, result, "extractive", notices, direct.composer.cited_subjects(subjects))
        if answer is None and mode == "llm":
            for text, final in self._model_answer(question, request, notices, budget):
                if final is None:
                    yield text, None
                else:
                    answer = final
        if answer is None:
            # a question naming a term or document is answered from the passages that mention it
            about = about_subjects(result.hits, subjects, self._settings.subject_title_share)
            passages = request if about == result.hits else request.with_result(replace(result, hits=about))
            outcome = self._orchestrator.passage_answer(self._in_formal_words(passages)).outcome
            answer = self._finish(question, outcome, result, "extractive", notices, subjects)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer.text, answer

    def sentence_scorer(self, catalogue: Catalogue) -> SentenceScorer:
        """The sentence scorer chat answers use, for other composers (the trainer workbench) to share."""
        if self._idf is None or self._idf.signature != catalogue.signature:
            self._idf = IdfTable(catalogue, self._tokenizer)
        tuning = self._settings.answer_tuning
        return SentenceScorer(self._tokenizer, self._idf, tuning, self._vectors if tuning.w_semantic else None,
                              self.mention_index(catalogue).says)

    def mention_index(self, catalogue: Catalogue) -> MentionIndex:
        """The knowledge base's text of this catalogue for 'is it mentioned anywhere?', built once per signature."""
        return self._checks.mention_index(catalogue)

    # -- steps ---------------------------------------------------------------------------------
    def _mode(self, mode: str | None, notices: list[str]) -> str:
        """The mode to answer in: 'llm' only with a model configured and not cooling down after a failure."""
        mode = mode or self._settings.answer_mode
        if mode == "llm" and not self._model.configured:
            notices.append(LLM_UNCONFIGURED_NOTICE)
            mode = "extractive"
        if mode == "llm" and not self._model.available():  # failed a moment ago: not asked again yet
            log.info("LLM endpoint cooling down for %.0fs more", self._model.retry_in())
            notices.append(LLM_FALLBACK_NOTICE)
            mode = "extractive"
        return mode

    def _model_answer(self, question: str, request: ComposeRequest, notices: list[str],
                      budget: Budget) -> Iterator[tuple[str, Answer | None]]:
        result = request.result
        for event in self._model.stream(request.standalone, result, budget):
            if isinstance(event, str):
                yield event, None
            elif event is None:  # the model failed: the extractive answer, with a notice
                notices.append(LLM_FALLBACK_NOTICE)
                outcome = self._orchestrator.passage_answer(self._in_formal_words(request)).outcome
                yield "", self._finish(question, outcome, result, "extractive", notices)
            elif isinstance(event, Refusal):
                yield "", self._refused(question, result, "llm", notices, event)
            else:
                yield "", self._checked(question, event, result, notices)

    def _checked(self, question: str, checked: CheckedText, result: SearchResult, notices: list[str]) -> Answer:
        notices.extend(citation_notices(checked))
        final = "\n\n".join([checked.text, *version_notes(checked.citations, result.catalogue)])
        return Answer(question, final, False, "llm", checked.citations, result.hits, notices, checked.flagged_sentences)

    def _refused(self, question: str, result: SearchResult, mode: str, notices: list[str], refusal: Refusal) -> Answer:
        text = REFUSAL_SENTENCE + (refusal.note or "")
        related = result.hits[: self._settings.answer_tuning.related_hits]
        if related:
            notices.append("以下段落可能相关，但不足以回答这个问题，请自行查阅。")
        log.info("refused %r: %s", question, refusal.reason)
        return Answer(question, text, True, mode, [], related, notices)

    def _in_formal_words(self, request: ComposeRequest) -> ComposeRequest:
        """The request with the question's everyday words replaced by the documents' words (交钱 → 交纳党费),
        so sentences are chosen by what they say, not by the question's wording."""
        formal = self._colloquial.answer_text(request.standalone)
        return request if formal == request.standalone else replace(request, standalone=formal)

    def _finish(self, question: str, outcome: Outcome, result: SearchResult, mode: str, notices: list[str],
                subjects: Sequence[Subject] = ()) -> Answer:
        """The answer for a composition (with its version notes) or a refusal."""
        if isinstance(outcome, Refusal):
            return self._refused(question, result, mode, notices, outcome)
        return self._composed(question, outcome, result, mode, notices, subjects)

    def _composed(self, question: str, composed: Composition, result: SearchResult, mode: str,
                  notices: list[str], subjects: Sequence[Subject] = ()) -> Answer:
        # (a composition citing nothing states registered facts about a document the question named)
        unsupported = not_in_cited(subjects, composed.citations, self._settings.subject_title_share) if composed.citations else []
        if unsupported:  # the cited text is about something else than what the question names
            return self._refused(question, result, mode, notices, Refusal("subject_not_cited", missing_note(unsupported, False)))
        notes = version_notes(composed.citations, result.catalogue)
        text = "\n\n".join([composed.text, *notes])
        answer = Answer(question, text, False, mode, composed.citations, result.hits, notices)
        answer.quiz_choice = composed.choice
        return answer
