"""Hybrid retrieval: dense (Chroma) + BM25 (jieba), fused, article- and version-aware.

The roles live in :mod:`assistant.retrieval` (channels, fusion, document priors, hit selection,
document naming); :class:`Retriever` runs them on one snapshot of the knowledge base and returns the
hits with the catalogue they were found in."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from assistant.catalogue import Catalogue
from assistant.embedder import Embedder
from assistant.lexical import LexicalCache, Snapshot
from assistant.lexicon import ColloquialQuery
from assistant.models import Hit
from assistant.query import QueryIntent, parse_query
from assistant.retrieval.channels import DenseChannel, LexicalChannel
from assistant.retrieval.fusion import fusion_for
from assistant.retrieval.naming import named_documents
from assistant.retrieval.priors import DocumentPriors
from assistant.retrieval.quoted import QuotedWording
from assistant.retrieval.selection import Filters, HitSelector
from assistant.settings import Settings
from assistant.store import KnowledgeStore
from assistant.tokenize import Tokenizer

__all__ = ["Filters", "Retriever", "SearchResult"]


@dataclass
class SearchResult:
    question: str
    hits: list[Hit]
    intent: QueryIntent
    catalogue: Catalogue  # the knowledge view the hits were found in
    latency_ms: float
    best_dense: float = 0.0
    lexical_overlap: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    query_vector: np.ndarray | None = None  # the question's embedding, reused for sentence similarity
    named_documents: frozenset[str] = frozenset()  # ids of the documents the question names (title, short name, author, organisation)

    def to_json(self) -> dict[str, object]:
        return {"question": self.question, "hits": [h.to_json() for h in self.hits], "latency_ms": round(self.latency_ms, 1)}


class Retriever:
    """Answers ``search(question)`` with the top passages."""

    def __init__(self, settings: Settings, store: KnowledgeStore, embedder: Embedder, tokenizer: Tokenizer) -> None:
        self._settings = settings
        self._embedder = embedder
        self._index = LexicalCache(store, tokenizer, settings.cache_dir, settings.index_refresh_seconds)
        self._catalogue: Catalogue | None = None
        colloquial = ColloquialQuery(settings, tokenizer)
        self._dense = DenseChannel(store, embedder, colloquial, settings.candidates * 2)
        self._lexical = LexicalChannel(tokenizer, colloquial)
        self._fusion = fusion_for(settings)
        self._priors = DocumentPriors(settings)
        self._quoted = QuotedWording(settings)
        self._selector = HitSelector(settings.near_duplicate_share)

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def catalogue(self) -> Catalogue:
        """The knowledge view of the current snapshot (what a search now would be computed on)."""
        return self._catalogue_of(self._index.current())

    def invalidate(self) -> None:
        """Forget the current snapshot: the next search sees what this process just stored or deleted."""
        self._index.invalidate()

    def _catalogue_of(self, snap: Snapshot) -> Catalogue:
        """The catalogue of ``snap``, built once per signature (a race builds two equal views, never a wrong one)."""
        catalogue = self._catalogue
        if catalogue is None or catalogue.signature != snap.signature:
            catalogue = self._catalogue = Catalogue(snap.signature, snap.documents, snap.chunks)
        return catalogue

    def search(self, question: str, k: int | None = None, filters: Filters | None = None) -> SearchResult:
        started = time.perf_counter()
        k = k or self._settings.top_k
        snap = self._index.current()
        intent = parse_query(question, {d.title for d in snap.documents.values()})
        t0 = time.perf_counter()
        # a version's name ("2023年修订时", "2018年版") chooses the document, through the priors; as words it
        # matches every version's header and commencement article rather than the provision asked about. A
        # question naming an article number keeps it: the number finds the article, and the whole question is
        # what its relevance is judged on
        content = question if intent.article is not None else _VERSION_NAME.sub(" ", question).strip() or question
        dense = self._dense.search(content, snap)
        t1 = time.perf_counter()
        named = named_documents(question, intent, snap, self._settings.org_name_min_chars)
        lexical = self._lexical.search(content, named, snap)
        t2 = time.perf_counter()
        scores = self._fusion.fuse(dense.similarities, lexical.scores, len(snap.chunks))
        self._priors.apply(scores, intent, named, snap)
        self._quoted.apply(scores, question, snap)
        allowed = (filters or Filters()).allowed(snap)
        hits = self._selector.select(scores, dense.similarities, lexical.scores, snap, allowed, k, intent.about_versions)
        best_dense = max((sim for i, sim in dense.similarities.items() if allowed[i]), default=0.0)
        latency = (time.perf_counter() - started) * 1000
        return SearchResult(question, hits, intent, self._catalogue_of(snap), latency, best_dense,
                            _overlap(lexical.tokens, hits), {"dense_ms": (t1 - t0) * 1000, "lexical_ms": (t2 - t1) * 1000},
                            dense.vector, frozenset(named))


_VERSION_NAME = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:版本?|修订|修改)(?:版|后的?|时|的)?")


def _overlap(tokens: list[str], hits: list[Hit]) -> float:
    """Share of the question's content words found in the best passage."""
    if not tokens or not hits:
        return 0.0
    text = hits[0].chunk.norm
    return sum(1 for t in set(tokens) if t in text) / len(set(tokens))
