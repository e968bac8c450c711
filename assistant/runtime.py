"""Wiring the roles together from settings, at the entry points."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.embedder import Embedder, build_embedder
from assistant.settings import Settings
from assistant.store import KnowledgeStore


@dataclass
class Runtime:
    settings: Settings
    embedder: Embedder
    store: KnowledgeStore


def open_runtime(settings: Settings) -> Runtime:
    """Build the embedder and open the store it belongs to."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    embedder = build_embedder(settings)
    return Runtime(settings, embedder, KnowledgeStore(settings, embedder.name, embedder.dim))
