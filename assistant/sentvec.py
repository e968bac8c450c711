"""Vectors of the sentences of passages, for the semantic signal of sentence choice. Computed at ingestion
(and for any sentence still missing, at first use), kept in memory and in a SQLite file under the cache
directory, keyed by the embedder and the text embedded (so versions and re-ingestion share them).

What is embedded for a sentence is its simplified form cut to its opening ``max_chars`` characters
(``AnswerTuning.semantic_chars``); ingestion and answering both go through :meth:`SentenceVectors.form`,
so a vector cached at ingestion is the one a question is scored with."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from assistant.embedder import Embedder
from assistant.textnorm import index_form

if TYPE_CHECKING:
    from assistant.settings import Settings


class SentenceVectors:
    """Unit vectors of sentences (passage embeddings of the opening of their simplified form)."""

    def __init__(self, embedder: Embedder, cache_dir: Path | None, batch_size: int = 32, max_chars: int = 0) -> None:
        self._embedder = embedder
        self._batch = batch_size
        self._max_chars = max_chars
        self._memory: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._path = None if cache_dir is None else cache_dir / "sentence-vectors.sqlite"

    @classmethod
    def for_settings(cls, embedder: Embedder, settings: Settings) -> SentenceVectors:
        """The sentence vectors of a knowledge base, computed as its settings say (the same at ingestion and answering)."""
        return cls(embedder, settings.cache_dir, settings.embed_batch_size, settings.answer_tuning.semantic_chars)

    def form(self, text: str) -> str:
        """The text embedded for a sentence: its simplified form, cut to the opening ``max_chars`` characters."""
        norm = index_form(text)
        return norm[: self._max_chars] if self._max_chars > 0 else norm

    def _key(self, form: str) -> str:
        return hashlib.sha1(f"{self._embedder.name}\n{form}".encode("utf-8")).hexdigest()

    def _connect(self) -> sqlite3.Connection | None:
        if self._path is None:
            return None
        self._path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self._path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        return db

    def _load(self, keys: list[str]) -> None:
        db = self._connect()
        if db is None:
            return
        with db:
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                rows = db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})", part)
                for key, blob in rows:
                    self._memory[key] = np.frombuffer(blob, dtype=np.float32)
        db.close()

    def _save(self, pairs: list[tuple[str, np.ndarray]]) -> None:
        db = self._connect()
        if db is None:
            return
        with db:
            db.executemany("INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)",
                           [(k, v.astype(np.float32).tobytes()) for k, v in pairs])
        db.close()

    def ensure(self, texts: Iterable[str]) -> int:
        """Compute and store the vectors of the sentences not yet known (each distinct form once);
        returns how many were embedded."""
        wanted: dict[str, str] = {}
        for text in texts:
            form = self.form(text)
            wanted.setdefault(self._key(form), form)
        with self._lock:
            missing = [k for k in wanted if k not in self._memory]
            if missing:
                self._load(missing)
            missing = [k for k in missing if k not in self._memory]
            computed: list[tuple[str, np.ndarray]] = []
            for i in range(0, len(missing), self._batch):
                keys = missing[i : i + self._batch]
                vectors = self._embedder.embed_documents([wanted[k] for k in keys])
                computed.extend(zip(keys, vectors))
            for key, vec in computed:
                self._memory[key] = vec
            if computed:
                self._save(computed)
            return len(computed)

    def similarities(self, query: np.ndarray, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of each sentence to the (unit) query vector."""
        self.ensure(texts)
        keys = [self._key(self.form(t)) for t in texts]
        return [float(np.dot(self._memory[k], query)) for k in keys]
