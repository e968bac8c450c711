"""Ingesting a folder into a fresh data directory, twice (the second run must add nothing).

The pipeline is not changed: the embedder and the store handed to the real ``Ingestor`` are
wrapped in timing proxies, so the run splits into embedding, Chroma writes, Chroma reads and the
rest (loading, decoding, cleaning, metadata, chunking, hashing).
"""

from __future__ import annotations

import shutil
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import psutil

from bench import DEFAULT_CORPUS, OUT_DIR

_STORE_WRITES = frozenset({"add_chunks", "register", "delete_document", "purge_orphans"})
_STORE_READS = frozenset({"registry", "documents", "signature", "chunks", "query", "chunk_count"})


class TimedEmbedder:
    """Delegates to an embedder and adds up the seconds spent in it."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.seconds = 0.0
        self.texts = 0

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        t = time.perf_counter()
        try:
            return self._inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - t
            self.texts += len(texts)

    def embed_query(self, text: str) -> np.ndarray:
        t = time.perf_counter()
        try:
            return self._inner.embed_query(text)
        finally:
            self.seconds += time.perf_counter() - t


class TimedStore:
    """Delegates to a ``KnowledgeStore`` and adds up the seconds of writes and reads."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.seconds: dict[str, float] = defaultdict(float)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr) or name not in _STORE_WRITES | _STORE_READS:
            return attr
        bucket = "write" if name in _STORE_WRITES else "read"

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds[bucket] += time.perf_counter() - t

        return timed


def _one_run(corpus: Path, data_dir: Path) -> dict[str, Any]:
    from assistant.runtime import open_runtime
    from assistant.settings import build_settings
    from ingest.pipeline import Ingestor, collect_files

    t = time.perf_counter()
    settings = build_settings(data_dir)
    runtime = open_runtime(settings)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    runtime.embedder.embed_query("预热")  # the model loads lazily on first use; count it as setup
    warm = time.perf_counter() - t

    embedder, store = TimedEmbedder(runtime.embedder), TimedStore(runtime.store)
    files = collect_files([corpus])
    cpu = psutil.Process().cpu_times()
    t = time.perf_counter()
    report = Ingestor(settings, store, embedder).ingest(files, corpus)  # type: ignore[arg-type]
    ingest_s = time.perf_counter() - t
    cpu_end = psutil.Process().cpu_times()
    cpu_s = (cpu_end.user - cpu.user) + (cpu_end.system - cpu.system)
    rest = ingest_s - embedder.seconds - store.seconds["write"] - store.seconds["read"]
    return {
        "embedder": runtime.embedder.name,
        "files": len(files),
        "outcomes": {o: len(report.of(o)) for o in ("added", "unchanged", "replaced", "failed")},
        "failures": [r.message for r in report.of("failed")],
        "passages_added": sum(r.chunks for r in report.results if r.outcome in ("added", "replaced")),
        "passages_in_store": runtime.store.chunk_count(),
        "setup_s": round(opened + warm, 2),
        "setup_split_s": {"open_runtime": round(opened, 2), "model_first_call": round(warm, 2)},
        "ingest_s": round(ingest_s, 2),
        "ingest_cpu_s": round(cpu_s, 2),
        "total_s": round(opened + warm + ingest_s, 2),
        "split_s": {
            "load_clean_chunk": round(max(rest, 0.0), 2),
            "embedding": round(embedder.seconds, 2),
            "chroma_write": round(store.seconds["write"], 2),
            "chroma_read": round(store.seconds["read"], 2),
        },
        "texts_embedded": embedder.texts,
    }


def run(corpus: Path = DEFAULT_CORPUS, data_dir: Path | None = None) -> dict[str, Any]:
    """Ingest ``corpus`` into a fresh ``data_dir`` (deleted first), then again into the same one."""
    data_dir = Path(data_dir or OUT_DIR / "corpus-kb")
    if data_dir.exists():
        shutil.rmtree(data_dir)
    first = _one_run(corpus, data_dir)
    rerun = _one_run(corpus, data_dir)
    return {
        "corpus": str(corpus),
        "data_dir": str(data_dir),
        "first_run": first,
        "rerun": rerun,
        "passages": first["passages_in_store"],
        "rerun_added_nothing": rerun["outcomes"]["added"] == 0 and rerun["outcomes"]["replaced"] == 0
        and rerun["passages_in_store"] == first["passages_in_store"],
        "no_failures": not first["failures"] and not rerun["failures"],
    }
