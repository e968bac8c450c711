"""Follow-up handling: the standalone question to search for, given the conversation. Only elliptical
questions are rewritten; a merged short question must find its own words in what the merge retrieves."""

from __future__ import annotations

from typing import Callable, Iterable

from assistant.answer.followup import (
    needs_context, own_content_words, previous_answer, previous_user_question, refers_back, rewrite_followup,
)
from assistant.answer.judgement import parse_judgement
from assistant.answer.quiz import parse_quiz
from assistant.retrieve import Filters, Retriever, SearchResult
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning

ModelRewrite = Callable[[str, list[dict]], "str | None"]  # the chat model's rewrite; None: use the rules


class Conversation:
    """Resolves a question against the conversation before it is answered."""

    def __init__(self, retriever: Retriever, tokenizer: Tokenizer, tuning: AnswerTuning) -> None:
        self._retriever = retriever
        self._tokenizer = tokenizer
        self._tuning = tuning

    def standalone(self, question: str, history: list[dict] | None, titles: Iterable[str], k: int | None,
                   filters: Filters | None, model_rewrite: ModelRewrite | None = None) -> tuple[str, SearchResult | None]:
        """The question to search for, and its search result when deciding needed it already."""
        question = question.strip()
        given = f"{previous_user_question(history) or ''}\n{previous_answer(history)}"
        if not history or parse_quiz(question) or parse_judgement(question) or not needs_context(question, titles, self._tokenizer, given):
            return question, None  # a question with its own subject and predicate stands alone
        if model_rewrite is not None:
            rewritten_by_model = model_rewrite(question, history)
            if rewritten_by_model is not None:
                return rewritten_by_model, None
        rewritten = rewrite_followup(question, history, titles, self._tokenizer, self._tuning)
        if rewritten == question or refers_back(question):
            return rewritten, None
        # merged only because it is short: a new question ("怎么做红烧肉？") must not be answered from the
        # previous topic, so it continues the conversation only when most of its own words are found there
        result = self._retriever.search(rewritten, k, filters)
        own = own_content_words(question, self._tokenizer)  # none: only about what was said before
        texts = [index_form(h.chunk.text) for h in result.hits]
        found = sum(1 for t in own if any(t in text for text in texts))
        if own and found / len(own) <= self._tuning.followup_own_words:
            return question, None
        return rewritten, result
