"""Vectors of the sentences of passages, for the semantic signal of sentence choice. Computed at ingestion
(and for any sentence still missing, at first use), kept in memory and in a SQLite file under the cache
directory, keyed by the embedder and the sentence text (so versions and re-ingestion share them)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from assistant.embedder import Embedder
from assistant.textnorm import index_form


class SentenceVectors:
    """Unit vectors of sentences (passage embeddings of their simplified form)."""

    def __init__(self, embedder: Embedder, cache_dir: Path | None, batch_size: int = 32) -> None:
        self._embedder = embedder
        self._batch = batch_size
        self._memory: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._path = None if cache_dir is None else cache_dir / "sentence-vectors.sqlite"

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self._embedder.name}\n{text}".encode("utf-8")).hexdigest()

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

    def ensure(self, texts: Iterable[str]) -> None:
        """Compute and store the vectors of the sentences not yet known."""
        wanted = {self._key(index_form(t)): index_form(t) for t in texts}
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

    def similarities(self, query: np.ndarray, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of each sentence to the (unit) query vector."""
        self.ensure(texts)
        keys = [self._key(index_form(t)) for t in texts]
        return [float(np.dot(self._memory[k], query)) for k in keys]
