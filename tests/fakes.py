"""Test doubles that tell the truth: a fast deterministic embedder that records what it was asked, and a
tiny knowledge base built with it in real Chroma, so that ranking and composition run in milliseconds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.retrieve import Retriever
from assistant.runtime import Runtime
from assistant.service import Service
from assistant.settings import Settings, build_settings
from assistant.store import KnowledgeStore
from assistant.tokenize import Tokenizer


class FakeEmbedder:
    """Bag of characters hashed into 64 dimensions, unit length; records every text it embeds."""

    name = "fake:chars"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for ch in text:
            v[ord(ch) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.extend(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def write_documents(folder: Path, documents: dict[str, tuple[dict, str]]) -> Path:
    """Text files and their manifest.json (``{file: (metadata, text)}``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, (meta, text) in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
        entries.append({"file": name, **meta})
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return folder


def fake_service(settings: Settings, folder: Path) -> Service:
    """A service over the documents of ``folder`` ingested into real Chroma with the fake embedder."""
    from ingest.pipeline import Ingestor, collect_files

    embedder = FakeEmbedder()
    store = KnowledgeStore(settings, embedder.name, embedder.dim)
    tokenizer = Tokenizer()
    report = Ingestor(settings, store, embedder, tokenizer).ingest(collect_files([folder]), folder)
    assert not report.failed, [r.message for r in report.of("failed")]
    return Service(Runtime(settings, embedder, store), Retriever(settings, store, embedder, tokenizer), tokenizer)


def small_kb_service(root: Path, documents: dict[str, tuple[dict, str]]) -> Service:
    """A fake-embedder service over a few short texts written for a test (``{file: (metadata, text)}``), with
    passages as short as one article and the refusal threshold the fake embedder's similarities need."""
    folder = write_documents(root / "docs", documents)
    return fake_service(build_settings(root / "kb", chunk_min_chars=20, refusal_threshold=0.3), folder)
