"""Follow-up handling: the standalone question to search for, given the conversation. Only elliptical
questions are rewritten; a merged short question must find its own words in what the merge retrieves."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from assistant.answer.followup import (
    asks_counterpart, asks_similar_in, ellipsis_topic, needs_context, own_content_words, previous_answer, previous_user_question, referred_item, refers_back,
    rewrite_followup, sibling_phrase, with_sibling,
)
from assistant.answer.judgement import parse_judgement
from assistant.answer.ordinals import headed_by, opens_item
from assistant.answer.quiz import parse_quiz
from assistant.answer.siblings import opens_with
from assistant.models import Hit
from assistant.retrieve import Filters, Retriever, SearchResult
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning

ModelRewrite = Callable[[str, list[dict]], "str | None"]  # the chat model's rewrite; None: use the rules


class Conversation:
    """Resolves a question against the conversation before it is answered."""

    def __init__(self, retriever: Retriever, tokenizer: Tokenizer, tuning: AnswerTuning, top_k: int) -> None:
        self._retriever = retriever
        self._tokenizer = tokenizer
        self._tuning = tuning
        self._top_k = top_k

    def standalone(self, question: str, history: list[dict] | None, titles: Iterable[str], k: int | None,
                   filters: Filters | None, model_rewrite: ModelRewrite | None = None) -> tuple[str, SearchResult | None]:
        """The question to search for, and its search result when deciding needed it already."""
        question = question.strip()
        given = f"{previous_user_question(history) or ''}\n{previous_answer(history)}"
        if not history or parse_quiz(question) or parse_judgement(question):
            return question, None
        item = referred_item(question, history, self._tokenizer)  # "第一个问题…": an item of the previous answer
        short = self._tuning.followup_short_chars
        if item is None and not needs_context(question, titles, self._tokenizer, given, short):
            return question, None  # a question with its own subject and predicate stands alone
        if model_rewrite is not None:
            rewritten_by_model = model_rewrite(question, history)
            if rewritten_by_model is not None:
                return rewritten_by_model, None
        rewritten = rewrite_followup(question, history, titles, self._tokenizer, self._tuning)
        sibling = self._sibling_result(question, rewritten, history, k, filters)
        if sibling is not None:
            return rewritten, sibling
        if item is not None:
            return rewritten, self._item_result(rewritten, item.item, k, filters)
        if rewritten == question or refers_back(question, self._tokenizer) or asks_counterpart(question, self._tokenizer) \
                or asks_similar_in(question, titles):
            return rewritten, None  # "新条例里对应哪一条？", "纪律处分条例里有类似的规定吗？" have no words of their own to check
        # merged only because it is short: a new question ("怎么做红烧肉？") must not be answered from the
        # previous topic, so it continues the conversation only when most of its own words are found there
        result = self._retriever.search(rewritten, k, filters)
        own = own_content_words(question, self._tokenizer)  # none: only about what was said before
        texts = [index_form(h.chunk.text) for h in result.hits]
        found = sum(1 for t in own if any(t in text for text in texts))
        if own and found / len(own) <= self._tuning.followup_own_words:
            return question, None
        return rewritten, result

    def _item_result(self, rewritten: str, item: str, k: int | None, filters: Filters | None) -> SearchResult:
        """"第二点具体指什么？" asks for the part of a document where that item of the previous answer is
        explained: when the search for the item finds passages headed by it ("2.服务员工" for "服务员工，有纽带") or
        opening with it after its label ("第五，坚持从严管党治党。…"),
        the answer is drawn from them alone, with the best score (the overview listing every item, which the
        previous answer quoted, is not what is asked)."""
        pool, k = self._pool(rewritten, k, filters)
        own = [hit for hit in pool.hits if headed_by(hit.chunk.levels, item) or opens_item(hit.chunk.text, item)]
        return _led_by(pool, own, [], k) if own else replace(pool, hits=pool.hits[:k])

    def _pool(self, rewritten: str, k: int | None, filters: Filters | None) -> tuple[SearchResult, int]:
        """The wider search a follow-up's own passages are looked for in, and the number of hits to keep."""
        k = k or self._top_k
        return self._retriever.search(rewritten, max(k, self._tuning.followup_sibling_pool), filters), k

    def _sibling_result(self, question: str, rewritten: str, history: list[dict] | None, k: int | None,
                        filters: Filters | None) -> SearchResult | None:
        """"那党组呢？" after a question about 地方党委 asks for the provision on 党组, which the previous
        question's wording still finds below the provision on 地方党委 (parallel provisions share their
        predicate). When the best passage opens with the replaced word, the passages opening with the new
        one are put first, with the best score, and the replaced word's own provisions are left out. Otherwise
        the search done to find out is the answer's search (its first ``k`` hits are what a search for ``k``
        gives). None: no sibling was replaced."""
        topic = ellipsis_topic(question, self._tuning)
        prev = previous_user_question(history) or ""
        old = sibling_phrase(prev, topic, self._tokenizer) if topic else None
        if not topic or not old or rewritten != with_sibling(prev, old, topic):
            return None
        pool, k = self._pool(rewritten, k, filters)
        own = [hit for hit in pool.hits if opens_with(hit.chunk.text, topic)]
        if not pool.hits or not opens_with(pool.hits[0].chunk.text, old) or not own:
            return replace(pool, hits=pool.hits[:k])
        # the replaced word's provision (all its passages) answered the previous question, not this one
        answered = {(hit.chunk.doc_id, hit.chunk.locator) for hit in pool.hits if opens_with(hit.chunk.text, old)}
        rest = [hit for hit in pool.hits if (hit.chunk.doc_id, hit.chunk.locator) not in answered
                and all(hit is not o for o in own)]
        return _led_by(pool, own, rest, k)


def _led_by(pool: SearchResult, own: list[Hit], rest: list[Hit], k: int) -> SearchResult:
    """``pool`` with its first ``k`` hits the follow-up's ``own`` passages, given the best score, then ``rest``."""
    best = pool.hits[0].score
    return replace(pool, hits=([replace(hit, score=best) for hit in own] + rest)[:k])
