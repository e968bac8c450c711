"""The answering engine: extractive by default, an LLM when configured, refusal when nothing supports an answer."""

from __future__ import annotations

import logging
import time
from typing import Iterator, Sequence

from assistant.answer.citations import check_citations
from assistant.answer.extractive import Composition, article_hits, compose_article, compose_section_list, compose_sentences
from assistant.answer.compare import compose_version_comparison
from assistant.answer.current import CurrentVersions, swap_notes
from assistant.answer.docfacts import compose_document_facts
from assistant.answer.followup import needs_context, previous_answer, previous_user_question, refers_back, rewrite_followup
from assistant.answer.health import Budget, EndpointHealth
from assistant.answer.listing import compose_list
from assistant.answer.outline import compose_outline
from assistant.answer.quiz import QuizItem, answer_quiz, parse_quiz
from assistant.answer.llm import ChatModelFactory, LLMUnavailable, answer_messages, build_chat_model, complete, rewrite_messages, stream_with_deadline
from assistant.answer.refusal import (
    REFUSAL_SENTENCE, Refusal, Thresholds, asked_units, check_retrieval, has_quantity, is_quantity_question,
    unavailable_version,
)
from assistant.answer.scoring import IdfTable, SentenceScorer
from assistant.answer.subjects import MentionIndex, Subject, missing_note, named_subjects, not_in_cited, not_in_passages, without_names
from assistant.answer.versions import version_notes
from assistant.lexical import Snapshot
from assistant.models import Answer
from assistant.question import has_words
from assistant.retrieve import Filters, Retriever, SearchResult
from assistant.sentvec import SentenceVectors
from assistant.settings import Settings
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer

__all__ = ["Answerer", "REFUSAL_SENTENCE", "LLM_FALLBACK_NOTICE", "LLM_UNCONFIGURED_NOTICE"]

log = logging.getLogger(__name__)

LLM_FALLBACK_NOTICE = "大模型服务暂时不可用，以下为基于原文摘录的回答。"
LLM_UNCONFIGURED_NOTICE = "未配置大模型服务，以下为基于原文摘录的回答。"
NO_WORDS_NOTE = "问题中没有文字，请用完整的话提问。"
_RELATED_HITS = 3
_QUANTITY_WINDOW = 3
_OWN_WORDS_FOUND = 0.5  # a short question continues the conversation when over half its words are found


class Answerer:
    """Answers questions over the knowledge base the retriever reads."""

    def __init__(self, settings: Settings, retriever: Retriever, tokenizer: Tokenizer,
                 chat_model_factory: ChatModelFactory | None = None) -> None:
        self._settings = settings
        self._retriever = retriever
        self._tokenizer = tokenizer
        self._factory = chat_model_factory
        self._idf: IdfTable | None = None
        self._health = EndpointHealth(settings.llm_cooldown_seconds)
        self._endpoint = f"{settings.llm_base_url}|{settings.llm_model}"
        self._mentions: MentionIndex | None = None
        self._current = CurrentVersions()
        self._vectors = SentenceVectors.for_settings(retriever.embedder, settings)
        self.thresholds = Thresholds(min_dense=settings.refusal_threshold,
                                     min_quantity_coverage=settings.refusal_quantity_coverage)

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
        mode = mode or self._settings.answer_mode
        if mode == "llm" and self._factory is None and not self._settings.llm_configured:
            notices.append(LLM_UNCONFIGURED_NOTICE)
            mode = "extractive"
        if mode == "llm" and not self._health.available(self._endpoint):  # failed a moment ago: not asked again yet
            log.info("LLM endpoint cooling down for %.0fs more", self._health.retry_in(self._endpoint))
            notices.append(LLM_FALLBACK_NOTICE)
            mode = "extractive"
        budget = Budget(self._settings.llm_timeout)
        if not has_words(question):  # nothing is asked: refused before any search, with no sources
            log.info("refused %r: no_words", question)
            yield REFUSAL_SENTENCE, Answer(question, REFUSAL_SENTENCE + NO_WORDS_NOTE, True, mode, [], [], notices,
                                           latency_ms=(time.perf_counter() - started) * 1000)
            return
        snapshot = self._retriever.index.current()
        titles = {d.title for d in snapshot.documents.values()}
        standalone, result = self._standalone(question, history, mode, titles, k, filters, budget)
        if standalone != question.strip():
            notices.append(f"已结合上文将问题理解为：“{standalone}”")
        quiz = parse_quiz(standalone)
        result = result or self._retriever.search(quiz.query if quiz else standalone, k, filters)
        # an option naming a document is no subject of the question
        subjects = named_subjects(quiz.stem if quiz else standalone, self._settings.subject_max_term_chars)
        facts = None if quiz else compose_document_facts(standalone, result, snapshot)  # about the document itself
        refusal = self._refusal_checks(standalone, result, snapshot, subjects, retrieval=facts is None)
        answer = self._refused(question, result, mode, notices, refusal) if refusal else None
        if answer is None and quiz is not None:
            answer = self._quiz_answer(question, quiz, result, snapshot, notices, subjects)
        if answer is None and facts is not None:
            answer = self._composed(question, facts, result, snapshot, "extractive", notices, subjects)
        if answer is None and mode == "llm":
            for text, final in self._llm_answer(question, standalone, result, snapshot, notices, budget):
                if final is None:
                    yield text, None
                else:
                    answer = final
        if answer is None:
            answer = self._extractive_answer(question, standalone, result, snapshot, "extractive", notices, subjects)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer.text, answer

    # -- steps ---------------------------------------------------------------------------------
    def sentence_scorer(self, snapshot: Snapshot) -> SentenceScorer:
        """The sentence scorer chat answers use, for other composers (the trainer workbench) to share."""
        if self._idf is None or self._idf.signature != snapshot.signature:
            self._idf = IdfTable(snapshot, self._tokenizer)
        tuning = self._settings.answer_tuning
        return SentenceScorer(self._tokenizer, self._idf, tuning, self._vectors if tuning.w_semantic else None)

    def mention_index(self, snapshot: Snapshot) -> MentionIndex:
        """The knowledge base's text of this snapshot for 'is it mentioned anywhere?', built once per snapshot."""
        if self._mentions is None or self._mentions.signature != snapshot.signature:
            self._mentions = MentionIndex(snapshot)
        return self._mentions

    def _model(self):
        return (self._factory or build_chat_model)(self._settings)

    def _standalone(self, question: str, history: list[dict] | None, mode: str, titles: set[str],
                    k: int | None, filters: Filters | None, budget: Budget) -> tuple[str, SearchResult | None]:
        """The question to search for, and its search result when deciding needed it already."""
        question = question.strip()
        given = f"{previous_user_question(history) or ''}\n{previous_answer(history)}"
        if not history or parse_quiz(question) or not needs_context(question, titles, self._tokenizer, given):
            return question, None  # a question with its own subject and predicate stands alone
        if mode == "llm":
            try:
                rewritten = complete(self._model(), rewrite_messages(question, history), budget.remaining())
                self._health.succeeded(self._endpoint)
                if rewritten and len(rewritten) <= 4 * len(question) + 100:
                    return rewritten.splitlines()[0].strip(), None
            except Exception as exc:  # fall back to the rules; the answer step will not ask the model again
                log.warning("LLM question rewriting failed: %r", exc)
                self._health.failed(self._endpoint)
        rewritten = rewrite_followup(question, history, titles, self._tokenizer)
        if rewritten == question or refers_back(question):
            return rewritten, None
        # merged only because it is short: a new question ("怎么做红烧肉？") must not be answered from the
        # previous topic, so it continues the conversation only when most of its own words are found there
        result = self._retriever.search(rewritten, k, filters)
        own = [t for t in dict.fromkeys(self._tokenizer.tokens(question)) if len(t) >= 2]
        texts = [index_form(h.chunk.text) for h in result.hits]
        found = sum(1 for t in own if any(t in text for text in texts))
        if own and found / len(own) <= _OWN_WORDS_FOUND:
            return question, None
        return rewritten, result

    def _refusal_checks(self, standalone: str, result: SearchResult, snapshot: Snapshot,
                        subjects: list[Subject], retrieval: bool = True) -> Refusal | None:
        share = self._settings.subject_title_share
        index = self.mention_index(snapshot)
        absent = index.absent(subjects, share)
        if absent:  # named, and no passage of the knowledge base mentions it
            return Refusal("missing_subject", missing_note(absent, anywhere=True))
        unretrieved = not_in_passages(subjects, result.hits, share) if retrieval else []  # facts: checked once cited
        if unretrieved:  # mentioned somewhere, but not by any passage found for this question
            return Refusal("subject_not_retrieved", missing_note(unretrieved, anywhere=False))
        # a document only mentioned in the knowledge base, asked about as such ("中央八项规定具体是哪八项？"):
        # the passages that mention it do not hold its text
        uncollected = [x for x in subjects if x.kind == "document" and not index.is_document(x, share)]
        if uncollected:
            words = self.sentence_scorer(snapshot).parts(without_names(standalone, uncollected))
            if not [w for w in words if not any(w in x.name for x in uncollected)]:
                names = "、".join(x.display for x in uncollected)
                return Refusal("uncollected_document", f"知识库中没有收录{names}的原文。")
        version = unavailable_version(standalone, result, snapshot.documents.values())
        if version:
            return Refusal("missing_version", f"知识库中没有收录{version}。")
        return check_retrieval(result, self.thresholds) if retrieval else None

    def _refused(self, question: str, result: SearchResult, mode: str, notices: list[str], refusal: Refusal) -> Answer:
        text = REFUSAL_SENTENCE + (refusal.note or "")
        related = result.hits[:_RELATED_HITS]
        if related:
            notices.append("以下段落可能相关，但不足以回答这个问题，请自行查阅。")
        log.info("refused %r: %s", question, refusal.reason)
        return Answer(question, text, True, mode, [], related, notices)

    def _compose(self, standalone: str, result: SearchResult, snapshot: Snapshot) -> Composition | Refusal:
        article = compose_article(standalone, result, snapshot)
        if article is not None:
            return article
        if result.intent.article is not None and result.intent.titles:
            return Refusal("article_not_found", f"知识库中的《{result.intent.titles[0]}》没有第{result.intent.article}条。")
        section = compose_section_list(standalone, result, snapshot)
        if section is not None:
            return section
        outline = compose_outline(standalone, result, snapshot)
        if outline is not None:
            return outline
        tuning = self._settings.answer_tuning
        scored = self.sentence_scorer(snapshot).score_hits(standalone, result.hits, result.query_vector)  # once, for every use below
        versions = compose_version_comparison(standalone, result, snapshot, scored, self._tokenizer, tuning)
        if versions is not None:
            return versions
        result, swaps = self._current.prefer(result, snapshot, tuning.current_counterpart)
        if swaps:
            scored = self.sentence_scorer(snapshot).score_hits(standalone, result.hits, result.query_vector)
        composed = self._compose_passages(standalone, result, snapshot, scored)
        if isinstance(composed, Composition) and swaps:
            composed.text = "\n\n".join([composed.text, *swap_notes(swaps, composed.citations)])
        return composed

    def _compose_passages(self, standalone: str, result: SearchResult, snapshot: Snapshot,
                          scored: list) -> Composition | Refusal:
        listed = compose_list(standalone, result, snapshot, scored, self.sentence_scorer(snapshot), self._settings.answer_tuning)
        if listed is not None:
            return listed
        composition = compose_sentences(standalone, result, scored)
        if not composition.text:
            return Refusal("no_sentence")
        if is_quantity_question(standalone):  # the answer itself must state the quantity asked for
            units = asked_units(standalone)
            if not has_quantity(composition.text, units) or not any(
                    s.coverage >= self.thresholds.min_quantity_coverage and has_quantity(s.text, units)
                    for s in scored[:_QUANTITY_WINDOW]):
                return Refusal("no_quantity")
        return composition

    def _quiz_answer(self, question: str, quiz: QuizItem, result: SearchResult, snapshot: Snapshot,
                     notices: list[str], subjects: Sequence[Subject]) -> Answer:
        s = self._settings
        chosen = answer_quiz(quiz, result, self.sentence_scorer(snapshot), s.quiz_min_stem_coverage, s.quiz_min_anchor_chars,
                             s.quiz_max_fill_chars)
        if chosen is None:
            what = "任何一个选项" if quiz.options else "空格处应填的内容"
            return self._refused(question, result, "extractive", notices, Refusal("quiz_unsupported", f"找到的段落都不支持{what}，不作猜测。"))
        answer = self._composed(question, chosen.composition, result, snapshot, "extractive", notices, subjects)
        if not answer.refused:
            answer.quiz_choice = chosen.choice
        return answer

    def _extractive_answer(self, question: str, standalone: str, result: SearchResult, snapshot: Snapshot,
                           mode: str, notices: list[str], subjects: Sequence[Subject] = ()) -> Answer:
        composed = self._compose(standalone, result, snapshot)
        if isinstance(composed, Refusal):
            return self._refused(question, result, mode, notices, composed)
        return self._composed(question, composed, result, snapshot, mode, notices, subjects)

    def _composed(self, question: str, composed: Composition, result: SearchResult, snapshot: Snapshot,
                  mode: str, notices: list[str], subjects: Sequence[Subject] = ()) -> Answer:
        # (a composition citing nothing states registered facts about a document the question named)
        unsupported = not_in_cited(subjects, composed.citations, self._settings.subject_title_share) if composed.citations else []
        if unsupported:  # the cited text is about something else than what the question names
            return self._refused(question, result, mode, notices, Refusal("subject_not_cited", missing_note(unsupported, False)))
        notes = version_notes(composed.citations, snapshot.documents.values())
        text = "\n\n".join([composed.text, *notes])
        return Answer(question, text, False, mode, composed.citations, result.hits, notices)

    def _llm_answer(self, question: str, standalone: str, result: SearchResult, snapshot: Snapshot,
                    notices: list[str], budget: Budget) -> Iterator[tuple[str, Answer | None]]:
        wanted = article_hits(result)
        sources = wanted + [h for h in result.hits if h not in wanted]
        text = ""
        try:
            if not self._health.available(self._endpoint):
                raise LLMUnavailable("the endpoint failed moments ago (rewriting this question)")
            model = self._model()
            for piece in stream_with_deadline(model, answer_messages(standalone, sources), budget.remaining()):
                text += piece
                yield text, None
            self._health.succeeded(self._endpoint)
        except (LLMUnavailable, Exception) as exc:  # any model failure: the extractive answer, with a notice
            log.warning("LLM answer failed: %r", exc)
            self._health.failed(self._endpoint)
            notices.append(LLM_FALLBACK_NOTICE)
            yield "", self._extractive_answer(question, standalone, result, snapshot, "extractive", notices)
            return
        if REFUSAL_SENTENCE in text or not text.strip():
            yield "", self._refused(question, result, "llm", notices, Refusal("model_refused"))
            return
        checked = check_citations(text, sources)
        if checked.removed_numbers:
            notices.append("已删除回答中不存在的引用编号：" + "、".join(f"[{n}]" for n in checked.removed_numbers))
        if checked.invented_articles:
            notices.append("回答中的" + "、".join(checked.invented_articles) + "未见于所引原文，请核对。")
        if checked.unsupported:
            notices.append(f"已删除 {checked.unsupported} 处所引原文并不支持的引用编号。")
        if checked.flagged_sentences:
            notices.append(f"有 {len(checked.flagged_sentences)} 句话没有标注出处或无法在原文中核实，已标出，请谨慎参考。")
        notes = version_notes(checked.citations, snapshot.documents.values())
        final = "\n\n".join([checked.text, *notes])
        yield final, Answer(question, final, False, "llm", checked.citations, result.hits, notices, checked.flagged_sentences)
