"""The service object the CLI, the web app and the evaluation share: one per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from assistant.answer import Answerer
from assistant.answer.llm import ChatModelFactory
from assistant.models import Answer
from assistant.question import check_length
from assistant.retrieve import Filters, Retriever, SearchResult
from assistant.runtime import Runtime, open_runtime
from assistant.settings import Settings
from assistant.tokenize import Tokenizer


@dataclass
class Service:
    runtime: Runtime
    retriever: Retriever
    tokenizer: Tokenizer
    chat_model_factory: ChatModelFactory | None = None
    answerer: Answerer = field(init=False)

    def __post_init__(self) -> None:
        self.answerer = Answerer(self.runtime.settings, self.retriever, self.tokenizer, self.chat_model_factory)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    def search(self, question: str, k: int | None = None, filters: Filters | None = None) -> SearchResult:
        return self.retriever.search(check_length(question, self.settings.max_question_chars), k, filters)

    def ask(self, question: str, history: list[dict] | None = None, mode: str | None = None,
            k: int | None = None, filters: Filters | None = None) -> Answer:
        return self.answerer.ask(check_length(question, self.settings.max_question_chars), history, mode, k, filters)

    def ask_stream(self, question: str, history: list[dict] | None = None, mode: str | None = None,
                   k: int | None = None, filters: Filters | None = None) -> Iterator[tuple[str, Answer | None]]:
        """Yields (text so far, None) while generating, and finally (full text, Answer)."""
        return self.answerer.ask_stream(check_length(question, self.settings.max_question_chars), history, mode, k, filters)


def build_service(settings: Settings, chat_model_factory: ChatModelFactory | None = None) -> Service:
    """Wire the roles; ``chat_model_factory`` replaces the settings-based chat model (LLM mode)."""
    runtime = open_runtime(settings)
    tokenizer = Tokenizer()
    retriever = Retriever(settings, runtime.store, runtime.embedder, tokenizer)
    return Service(runtime, retriever, tokenizer, chat_model_factory)
