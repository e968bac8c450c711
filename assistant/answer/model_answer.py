"""The chat model's part: rewriting a follow-up question and answering from the passages, with the
endpoint's health remembered (a failing endpoint is not asked again for a while) and the citations of
what it wrote checked against the passages."""

from __future__ import annotations

import logging
from typing import Iterator

from assistant.answer.citations import CheckedText, check_citations
from assistant.answer.extractive import article_hits
from assistant.answer.health import Budget, EndpointHealth
from assistant.answer.llm import ChatModelFactory, LLMUnavailable, answer_messages, build_chat_model, complete, rewrite_messages, stream_with_deadline
from assistant.answer.refusal import REFUSAL_SENTENCE, Refusal
from assistant.models import Hit
from assistant.retrieve import SearchResult
from assistant.settings import Settings

log = logging.getLogger(__name__)

ModelEvent = str | CheckedText | Refusal | None  # text so far; the checked answer; the model refused; None: it failed


class ModelAnswerer:
    """Asks the configured chat model; every failure is reported, never raised."""

    def __init__(self, settings: Settings, factory: ChatModelFactory | None) -> None:
        self._settings = settings
        self._factory = factory
        self._health = EndpointHealth(settings.llm_cooldown_seconds)
        self._endpoint = f"{settings.llm_base_url}|{settings.llm_model}"

    @property
    def configured(self) -> bool:
        return self._factory is not None or self._settings.llm_configured

    def available(self) -> bool:
        """False while the endpoint cools down after a failure."""
        return self._health.available(self._endpoint)

    def retry_in(self) -> float:
        return self._health.retry_in(self._endpoint)

    def _model(self):
        return (self._factory or build_chat_model)(self._settings)

    def rewrite(self, question: str, history: list[dict], budget: Budget) -> str | None:
        """The model's standalone version of a follow-up question; None when it failed or rambled."""
        try:
            rewritten = complete(self._model(), rewrite_messages(question, history), budget.remaining())
            self._health.succeeded(self._endpoint)
            if rewritten and len(rewritten) <= 4 * len(question) + 100:
                return rewritten.splitlines()[0].strip()
        except Exception as exc:  # fall back to the rules; the answer step will not ask the model again
            log.warning("LLM question rewriting failed: %r", exc)
            self._health.failed(self._endpoint)
        return None

    def stream(self, standalone: str, result: SearchResult, budget: Budget) -> Iterator[ModelEvent]:
        """The answer's text as it grows, then its checked form, a refusal, or None when the model failed."""
        sources = self.sources(result)
        text = ""
        try:
            if not self._health.available(self._endpoint):
                raise LLMUnavailable("the endpoint failed moments ago (rewriting this question)")
            model = self._model()
            for piece in stream_with_deadline(model, answer_messages(standalone, sources), budget.remaining()):
                text += piece
                yield text
            self._health.succeeded(self._endpoint)
        except (LLMUnavailable, Exception) as exc:  # any model failure: the caller answers extractively
            log.warning("LLM answer failed: %r", exc)
            self._health.failed(self._endpoint)
            yield None
            return
        if REFUSAL_SENTENCE in text or not text.strip():
            yield Refusal("model_refused")
            return
        yield check_citations(text, sources, self._settings.answer_tuning)

    @staticmethod
    def sources(result: SearchResult) -> list[Hit]:
        """The passages the model is given: an asked article's passages first."""
        wanted = article_hits(result)
        return wanted + [h for h in result.hits if h not in wanted]


def citation_notices(checked: CheckedText) -> list[str]:
    """What the citation check changed or doubts in the model's answer, for the user."""
    notices = []
    if checked.removed_numbers:
        notices.append("已删除回答中不存在的引用编号：" + "、".join(f"[{n}]" for n in checked.removed_numbers))
    if checked.invented_articles:
        notices.append("回答中的" + "、".join(checked.invented_articles) + "未见于所引原文，请核对。")
    if checked.unsupported:
        notices.append(f"已删除 {checked.unsupported} 处所引原文并不支持的引用编号。")
    if checked.flagged_sentences:
        notices.append(f"有 {len(checked.flagged_sentences)} 句话没有标注出处或无法在原文中核实，已标出，请谨慎参考。")
    return notices
