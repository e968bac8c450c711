"""LLM mode: the chat model factory, prompts with numbered sources, streaming under a deadline."""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable, Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from assistant.answer.prompts import answer_prompt, render_prompt
from assistant.answer.refusal import REFUSAL_SENTENCE
from assistant.answer.versions import version_label
from assistant.errors import ConfigError
from assistant.models import STATUS_LABELS, Hit
from assistant.settings import Settings

ChatModelFactory = Callable[[Settings], BaseChatModel]


class LLMUnavailable(Exception):
    """The chat model failed or did not answer within the timeout."""


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The one place a chat model is built from settings (OpenAI-compatible endpoint or Ollama)."""
    if not settings.llm_configured:
        raise ConfigError("未配置大模型服务：请设置 DJQA_LLM_BASE_URL 和 DJQA_LLM_MODEL。")
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(base_url=settings.llm_base_url, model=settings.llm_model,
                          temperature=settings.llm_temperature, client_kwargs={"timeout": settings.llm_timeout})
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=settings.llm_base_url, api_key=settings.llm_api_key or "not-needed",
                      model=settings.llm_model, timeout=settings.llm_timeout,
                      temperature=settings.llm_temperature, max_retries=0)


def format_sources(hits: list[Hit]) -> str:
    blocks = []
    for n, hit in enumerate(hits, 1):
        meta = hit.document.meta
        status = STATUS_LABELS.get(meta.status, meta.status)
        version = version_label(hit.document)
        head = f"[{n}] 《{meta.title}》{hit.chunk.locator}（{status}{'，' + version if version else ''}）"
        blocks.append(f"{head}\n{hit.chunk.text.strip()}")
    return "\n\n".join(blocks)


def answer_messages(question: str, hits: list[Hit]) -> list:
    return answer_prompt(REFUSAL_SENTENCE).format_messages(sources=format_sources(hits), question=question)


def rewrite_messages(question: str, history: list[dict]) -> list:
    lines = [f"{'用户' if t.get('role') == 'user' else '助手'}：{t.get('content', '')}" for t in history[-6:]]
    return [HumanMessage(render_prompt("rewrite", history="\n".join(lines), question=question))]


def _text(chunk: object) -> str:
    content = getattr(chunk, "content", "")
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def stream_with_deadline(model: BaseChatModel, messages: list, timeout: float) -> Iterator[str]:
    """Text pieces of ``model.stream(messages)``; raises LLMUnavailable on error or when ``timeout`` seconds pass.

    The model runs in a daemon thread, so a hung connection can never block the caller past the deadline.
    """
    pieces: queue.Queue[tuple[str, object]] = queue.Queue()

    def run() -> None:
        try:
            for chunk in model.stream(messages):
                pieces.put(("text", _text(chunk)))
            pieces.put(("done", None))
        except Exception as exc:  # any failure of the endpoint becomes a fallback
            pieces.put(("error", exc))

    threading.Thread(target=run, name="djqa-llm", daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LLMUnavailable(f"timeout after {timeout:.0f}s")
        try:
            kind, value = pieces.get(timeout=remaining)
        except queue.Empty:
            raise LLMUnavailable(f"timeout after {timeout:.0f}s") from None
        if kind == "done":
            return
        if kind == "error":
            raise LLMUnavailable(repr(value)) from value if isinstance(value, BaseException) else None
        yield str(value)


def complete(model: BaseChatModel, messages: list, timeout: float) -> str:
    return "".join(stream_with_deadline(model, messages, timeout)).strip()
