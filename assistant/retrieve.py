"""Hybrid retrieval: dense (Chroma) + BM25 (jieba), fused by reciprocal rank, article- and version-aware."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from assistant.catalogue import Catalogue
from assistant.embedder import Embedder
from assistant.lexical import LexicalCache, Snapshot
from assistant.lexicon import ColloquialQuery
from assistant.models import Chunk, Document, Hit
from assistant.query import QueryIntent, parse_query
from assistant.settings import Settings
from assistant.store import KnowledgeStore
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer


@dataclass(frozen=True)
class Filters:
    """Restrict results by document kind and status (None: no restriction)."""

    kinds: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None


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


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _near_duplicate(a: Chunk, b: Chunk, threshold: float) -> bool:
    x, y = _bigrams(a.norm.split("\n", 1)[-1]), _bigrams(b.norm.split("\n", 1)[-1])
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= threshold


class Retriever:
    """Answers ``search(question)`` with the top passages."""

    def __init__(self, settings: Settings, store: KnowledgeStore, embedder: Embedder, tokenizer: Tokenizer) -> None:
        self._settings = settings
        self._store = store
        self._embedder = embedder
        self._tokenizer = tokenizer
        self.index = LexicalCache(store, tokenizer, settings.cache_dir, settings.index_refresh_seconds)
        self._catalogue: Catalogue | None = None
        self._colloquial = ColloquialQuery(settings, tokenizer)

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def catalogue(self) -> Catalogue:
        """The knowledge view of the current snapshot (what a search now would be computed on)."""
        return self._catalogue_of(self.index.current())

    def _catalogue_of(self, snap: Snapshot) -> Catalogue:
        """The catalogue of ``snap``, built once per signature (a race builds two equal views, never a wrong one)."""
        catalogue = self._catalogue
        if catalogue is None or catalogue.signature != snap.signature:
            catalogue = self._catalogue = Catalogue(snap.signature, snap.documents, snap.chunks)
        return catalogue

    def search(self, question: str, k: int | None = None, filters: Filters | None = None) -> SearchResult:
        started = time.perf_counter()
        k = k or self._settings.top_k
        snap = self.index.current()
        titles = {d.title for d in snap.documents.values()}
        intent = parse_query(question, titles)
        t0 = time.perf_counter()
        dense, vector = self._dense(self._colloquial.dense_text(question), snap)
        t1 = time.perf_counter()
        named = {d.doc_id for d in snap.documents.values()
                 if d.title in intent.titles or names_document(question, d, self._settings.org_name_min_chars)}
        tokens = self._content_tokens(self._colloquial.lexical_text(question), named, snap)
        lexical = self._colloquial.lexical_scores(question, tokens, snap)
        t2 = time.perf_counter()
        scores = self._fuse(dense, lexical, snap)
        self._apply_intent(scores, intent, named, snap)
        allowed = self._allowed(snap, filters)
        hits = self._select(scores, dense, lexical, snap, allowed, k, intent)
        best_dense = max((sim for i, sim in dense.items() if allowed[i]), default=0.0)
        overlap = self._overlap(tokens, hits)
        latency = (time.perf_counter() - started) * 1000
        return SearchResult(question, hits, intent, self._catalogue_of(snap), latency, best_dense, overlap,
                            {"dense_ms": (t1 - t0) * 1000, "lexical_ms": (t2 - t1) * 1000}, vector, frozenset(named))

    # -- scoring -----------------------------------------------------------------------------
    def _dense(self, question: str, snap: Snapshot) -> tuple[dict[int, float], np.ndarray | None]:
        if not snap.chunks:
            return {}, None
        vector = self._embedder.embed_query(index_form(question))
        found = self._store.query(vector, self._settings.candidates * 2)
        return {snap.by_id[cid]: sim for cid, sim in found if cid in snap.by_id}, vector

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

    def _fuse(self, dense: dict[int, float], lexical: np.ndarray, snap: Snapshot) -> np.ndarray:
        s = self._settings
        scores = np.zeros(len(snap.chunks), dtype=np.float64)
        if s.fusion == "convex":
            if dense:
                values = np.array(list(dense.values()))
                low, high = float(values.min()), float(values.max())
                for idx, sim in dense.items():
                    scores[idx] += s.dense_weight * ((sim - low) / (high - low) if high > low else 1.0)
            if lexical.size and lexical.max() > 0:
                scores += s.lexical_weight * (lexical / lexical.max())
            return scores
        for rank, idx in enumerate(sorted(dense, key=dense.get, reverse=True)[: s.candidates]):
            scores[idx] += s.dense_weight / (s.rrf_k + rank + 1)
        if lexical.size and lexical.max() > 0:
            order = np.argsort(-lexical)[: s.candidates]
            for rank, idx in enumerate(order):
                if lexical[idx] <= 0:
                    break
                scores[idx] += s.lexical_weight / (s.rrf_k + rank + 1)
        return scores

    def _apply_intent(self, scores: np.ndarray, intent: QueryIntent, named_docs: set[str], snap: Snapshot) -> None:
        """Per-document factors (named documents up, superseded versions down unless asked for, a named
        year up), then explicit article lookups straight to the top."""
        settings = self._settings
        in_force_titles = {d.title for d in snap.documents.values() if d.meta.status == "in_force"}
        factors = np.ones(len(snap.doc_ids))
        article_bonus = np.full(len(snap.doc_ids), -np.inf)
        for j, doc_id in enumerate(snap.doc_ids):
            doc = snap.documents[doc_id]
            by_title = doc.title in intent.titles
            named = doc_id in named_docs
            year_match = any(
                str(y) in f"{doc.meta.effective or ''}{doc.meta.published or ''}{doc.meta.note or ''}{doc.source}"
                for y in intent.years
            )
            if named:
                factors[j] *= settings.named_document_boost
            if doc.meta.status == "superseded" and doc.title in in_force_titles and not year_match:
                factors[j] *= 1.0 if intent.about_versions else settings.superseded_penalty
            if year_match:
                factors[j] *= settings.named_year_boost
            if by_title or not intent.titles:
                article_bonus[j] = (1.0 + (settings.article_bonus_in_force if doc.meta.status == "in_force" else 0.0)
                                    + (settings.article_bonus_year if year_match else 0.0))
        scores *= factors[snap.chunk_doc]
        if intent.article is not None and scores.size:
            mask = (snap.chunk_article == intent.article) & np.isfinite(article_bonus[snap.chunk_doc])
            top = float(scores.max())
            scores[mask] = top + article_bonus[snap.chunk_doc[mask]] - 1e-6 * snap.chunk_seq[mask]

    def _allowed(self, snap: Snapshot, filters: Filters | None) -> np.ndarray:
        mask = np.ones(len(snap.chunks), dtype=bool)
        if filters is None:
            return mask
        for i, chunk in enumerate(snap.chunks):
            meta = snap.documents[chunk.doc_id].meta
            if filters.kinds and meta.kind not in filters.kinds:
                mask[i] = False
            if filters.statuses and meta.status not in filters.statuses:
                mask[i] = False
        return mask

    def _select(
        self, scores: np.ndarray, dense: dict[int, float], lexical: np.ndarray, snap: Snapshot,
        allowed: np.ndarray, k: int, intent: QueryIntent,
    ) -> list[Hit]:
        chosen: list[Hit] = []
        for idx in np.argsort(-scores):
            if len(chosen) >= k or scores[idx] <= 0:
                break
            if not allowed[idx]:
                continue
            chunk = snap.chunks[idx]
            same_doc_or_hidden = lambda h: h.chunk.doc_id == chunk.doc_id or not intent.about_versions  # noqa: E731
            if any(_near_duplicate(h.chunk, chunk, self._settings.near_duplicate_share) and same_doc_or_hidden(h) for h in chosen):
                continue
            chosen.append(Hit(chunk, snap.documents[chunk.doc_id], float(scores[idx]),
                              dense=dense.get(int(idx)), lexical=float(lexical[idx]) if lexical.size else None))
        return chosen

    def _overlap(self, tokens: list[str], hits: list[Hit]) -> float:
        """Share of the question's content words found in the best passage."""
        if not tokens or not hits:
            return 0.0
        text = hits[0].chunk.norm
        return sum(1 for t in set(tokens) if t in text) / len(set(tokens))


_ORG_NOISE = re.compile(r"有限责任公司|股份有限公司|有限公司|公司|集团|[省市区县]")


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def names_document(question: str, doc: Document, min_chars: int) -> bool:
    """Whether a question names a document by its author or organisation (e.g. 南宁供电局, 什邡卷烟厂): an
    author's name word for word, or ``min_chars`` consecutive characters of a word of the organisation."""
    text = index_form(question)
    if doc.meta.author and any(len(name) >= 2 and index_form(name) in text for name in doc.meta.author.split()):
        return True
    if doc.meta.org:
        org = _ORG_NOISE.sub(" ", index_form(doc.meta.org))
        return any(len(part) >= min_chars and _longest_common(part, text) >= min_chars for part in org.split())
    return False

