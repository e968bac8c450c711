"""The two channels a question is searched in: dense similarity (Chroma) and BM25 over jieba tokens."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.embedder import Embedder
from assistant.lexical import Snapshot
from assistant.lexicon import ColloquialQuery
from assistant.store import KnowledgeStore
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer


@dataclass(frozen=True)
class DenseScores:
    """Cosine similarities of the nearest passages (by snapshot position) and the question's vector."""

    similarities: dict[int, float]
    vector: np.ndarray | None


@dataclass(frozen=True)
class LexicalScores:
    """BM25 scores of every passage of the snapshot and the question's content tokens."""

    scores: np.ndarray
    tokens: list[str]


class DenseChannel:
    """The ``depth`` passages nearest to the question's embedding."""

    def __init__(self, store: KnowledgeStore, embedder: Embedder, colloquial: ColloquialQuery, depth: int) -> None:
        self._store = store
        self._embedder = embedder
        self._colloquial = colloquial
        self._depth = depth

    def search(self, question: str, snap: Snapshot) -> DenseScores:
        if not snap.chunks:
            return DenseScores({}, None)
        vector = self._embedder.embed_query(index_form(self._colloquial.dense_text(question)))
        found = self._store.query(vector, self._depth)
        return DenseScores({snap.by_id[cid]: sim for cid, sim in found if cid in snap.by_id}, vector)


class LexicalChannel:
    """BM25 scores of the question's content words (and the formal words of its everyday wording)."""

    def __init__(self, tokenizer: Tokenizer, colloquial: ColloquialQuery) -> None:
        self._tokenizer = tokenizer
        self._colloquial = colloquial

    def search(self, question: str, named: set[str], snap: Snapshot) -> LexicalScores:
        tokens = self._content_tokens(self._colloquial.lexical_text(question), named, snap)
        return LexicalScores(self._colloquial.lexical_scores(question, tokens, snap), tokens)

    def _content_tokens(self, question: str, named: set[str], snap: Snapshot) -> list[str]:
        """Question tokens without the words that only name a document (its title, author, organisation):
        those select the document through the naming boost, and would otherwise favour its title page."""
        tokens = self._tokenizer.tokens(question)
        naming: set[str] = set()
        for doc in snap.documents.values():
            if doc.doc_id in named:
                for name in (doc.title, doc.meta.org or "", doc.meta.author or ""):
                    naming.update(self._tokenizer.tokens(name))
        content = [t for t in tokens if t not in naming]
        return content or tokens
