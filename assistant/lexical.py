"""The lexical side: BM25 over jieba tokens, derived from what Chroma holds and refreshed when it changes."""

from __future__ import annotations

import logging
import pickle
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.models import Chunk, Document
from assistant.retrieval.self_reference import speaks_of_itself
from assistant.store import KnowledgeStore
from assistant.tokenize import Tokenizer

log = logging.getLogger(__name__)

_FORMAT = 7


@dataclass
class Snapshot:
    """The visible documents and chunks at one signature, with a BM25 index over the chunks (the retriever's
    cache; everything else reads the documents through the catalogue the search result carries)."""

    signature: str
    documents: dict[str, Document]
    chunks: list[Chunk]
    by_id: dict[str, int]
    bm25: bm25s.BM25 | None
    doc_ids: list[str]
    chunk_doc: np.ndarray
    chunk_article: np.ndarray
    chunk_seq: np.ndarray
    chunk_of_itself: np.ndarray  # True for a provision about its own document (scope, terms, commencement …)

    def scores(self, tokens: list[str]) -> np.ndarray:
        if self.bm25 is None or not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)


def chunk_tokens(chunk: Chunk, tokenizer: Tokenizer, heads: dict[str, list[str]]) -> list[str]:
    """BM25 tokens of a passage: its heading line (title, section, locator; tokenised once per distinct
    heading) plus the text tokens stored at ingestion. Older passages without stored tokens are tokenised whole."""
    if chunk.tokens is None:
        return tokenizer.tokens(chunk.norm)
    head = chunk.norm.split("\n", 1)[0]
    if head not in heads:
        heads[head] = tokenizer.tokens(head)
    return heads[head] + chunk.tokens.split()


def build_snapshot(signature: str, documents: dict[str, Document], chunks: list[Chunk], tokenizer: Tokenizer) -> Snapshot:
    bm25 = None
    heads: dict[str, list[str]] = {}
    if chunks:
        bm25 = bm25s.BM25()
        bm25.index([chunk_tokens(c, tokenizer, heads) or [""] for c in chunks], show_progress=False)
    doc_ids = sorted(documents)
    ordinal = {d: j for j, d in enumerate(doc_ids)}
    return Snapshot(
        signature, documents, chunks, {c.chunk_id: i for i, c in enumerate(chunks)}, bm25, doc_ids,
        np.array([ordinal[c.doc_id] for c in chunks], dtype=np.int64),
        np.array([c.article if c.article is not None else -1 for c in chunks], dtype=np.int64),
        np.array([c.seq for c in chunks], dtype=np.float64),
        np.array([speaks_of_itself(c.norm) for c in chunks], dtype=bool),
    )


class LexicalCache:
    """Keeps the current snapshot; checks the store's signature at most every ``refresh_seconds`` (and has
    the store reopen itself when another process changed it, so that dense and lexical views agree).

    Built snapshots are also pickled under ``cache_dir`` by signature, so a new process on an
    unchanged knowledge base starts without re-tokenising every passage.
    """

    def __init__(self, store: KnowledgeStore, tokenizer: Tokenizer, cache_dir: Path | None, refresh_seconds: float) -> None:
        self._store = store
        self._tokenizer = tokenizer
        self._cache_dir = cache_dir
        self._refresh = refresh_seconds
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked = 0.0

    def current(self) -> Snapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is not None and now - self._checked < self._refresh:
                return self._snapshot
            self._checked = now
            self._store.refresh()  # dense search too must see what other processes wrote
            signature = self._store.signature()
            if self._snapshot is None or self._snapshot.signature != signature:
                self._snapshot = self._load(signature)
            return self._snapshot

    def invalidate(self) -> None:
        with self._lock:
            self._checked = 0.0

    def _path(self, signature: str) -> Path | None:
        return self._cache_dir / f"lexical-v{_FORMAT}-{signature}.pkl" if self._cache_dir else None

    def _load(self, signature: str) -> Snapshot:
        path = self._path(signature)
        if path and path.is_file():
            try:
                with path.open("rb") as fh:
                    snap = pickle.load(fh)
                if isinstance(snap, Snapshot) and snap.signature == signature:
                    return snap
            except Exception as exc:  # a stale or truncated cache file is rebuilt
                log.info("lexical cache %s unreadable: %r", path, exc)
        documents = self._store.documents()
        snap = build_snapshot(signature, documents, self._store.chunks(documents), self._tokenizer)
        if path:
            self._save(path, snap)
        return snap

    def _save(self, path: Path, snap: Snapshot) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("lexical-*.pkl"):
                old.unlink(missing_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(snap, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError as exc:
            log.info("could not write lexical cache %s: %r", path, exc)
