"""The service object the CLI, the web app and the evaluation share: one per process."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.retrieve import Filters, Retriever, SearchResult
from assistant.runtime import Runtime, open_runtime
from assistant.settings import Settings
from assistant.tokenize import Tokenizer


@dataclass
class Service:
    runtime: Runtime
    retriever: Retriever

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    def search(self, question: str, k: int | None = None, filters: Filters | None = None) -> SearchResult:
        return self.retriever.search(question, k, filters)


def build_service(settings: Settings) -> Service:
    runtime = open_runtime(settings)
    retriever = Retriever(settings, runtime.store, runtime.embedder, Tokenizer())
    return Service(runtime, retriever)
