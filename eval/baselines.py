"""The baselines the full system is measured against, over the same corpus files and questions.

* ``lc_dense``: LangChain's ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)``
  on each file's text, the same embedder as the knowledge base, cosine similarity only.
* ``bm25_jieba``: BM25 (bm25s) over jieba tokens of the same 1000/200 chunks.
* ``dense_ours``: the project's own chunks in Chroma, dense similarity only (no BM25, no fusion,
  no article or version logic).

Baselines only retrieve; they have no answer step.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import bm25s
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.embedder import Embedder
from assistant.service import Service
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from eval.metrics import Passage
from ingest.loaders import load_file
from ingest.pipeline import collect_files

log = logging.getLogger(__name__)

NAIVE_CHUNK_SIZE = 1000
NAIVE_CHUNK_OVERLAP = 200
SYSTEM_LABELS: dict[str, str] = {
    "full": "本系统（混合检索）",
    "dense_ours": "本系统分块·仅向量",
    "lc_dense": "LangChain 默认分块·向量",
    "bm25_jieba": "LangChain 默认分块·BM25（jieba）",
}
BASELINES: tuple[str, ...] = ("dense_ours", "lc_dense", "bm25_jieba")


class RetrievalSystem(Protocol):
    """A system that ranks passages for a query."""

    name: str

    def retrieve(self, query: str, k: int) -> list[Passage]: ...


# ---------------------------------------------------------------- naive chunks


def corpus_texts(corpus_dir: Path, max_bytes: int = 50 * 1048576) -> list[tuple[str, str]]:
    """(source path relative to the corpus, text) of every file ingestion would take from the corpus.

    The text is the loader's blocks joined by line breaks: the file as read, before any cleaning.
    """
    out: list[tuple[str, str]] = []
    for path in collect_files([corpus_dir]):
        try:
            loaded = load_file(path, max_bytes)
        except Exception as exc:  # the same files fail ingestion and are reported there
            log.info("baseline skips %s: %r", path, exc)
            continue
        source = path.relative_to(corpus_dir).as_posix() if path.is_relative_to(corpus_dir) else str(path)
        out.append((source, "\n".join(b.text for b in loaded.blocks)))
    return out


def naive_chunks(texts: Sequence[tuple[str, str]]) -> list[Passage]:
    """The 1000/200 chunks of LangChain's recursive character splitter, over every file."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=NAIVE_CHUNK_SIZE, chunk_overlap=NAIVE_CHUNK_OVERLAP)
    chunks: list[Passage] = []
    for source, text in texts:
        title = Path(source).stem
        chunks.extend(Passage(source, title, f"片段{i}", part) for i, part in enumerate(splitter.split_text(text), 1))
    return chunks


# ---------------------------------------------------------------- lc_dense


def _embed_cached(embedder: Embedder, texts: list[str], cache_dir: Path | None, batch: int = 16) -> np.ndarray:
    key = hashlib.sha256("\x00".join([embedder.name, *texts]).encode()).hexdigest()[:24]
    path = cache_dir / f"baseline-{key}.npy" if cache_dir else None
    if path and path.is_file():
        return np.load(path)
    parts = [embedder.embed_documents(texts[i : i + batch]) for i in range(0, len(texts), batch)]
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


@dataclass
class DenseBaseline:
    """Cosine similarity over an in-memory matrix of passage vectors."""

    name: str
    passages: list[Passage]
    vectors: np.ndarray
    embedder: Embedder

    @classmethod
    def build(cls, passages: list[Passage], embedder: Embedder, cache_dir: Path | None = None) -> DenseBaseline:
        vectors = _embed_cached(embedder, [p.text for p in passages], cache_dir)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return cls("lc_dense", passages, vectors / np.maximum(norms, 1e-12), embedder)

    def retrieve(self, query: str, k: int) -> list[Passage]:
        if not self.passages:
            return []
        q = self.embedder.embed_query(query)
        sims = self.vectors @ (q / max(float(np.linalg.norm(q)), 1e-12))
        return [self.passages[i] for i in np.argsort(-sims)[:k]]


# ---------------------------------------------------------------- bm25_jieba


@dataclass
class BM25Baseline:
    """BM25 over jieba tokens (the project's tokenizer and glossary)."""

    name: str
    passages: list[Passage]
    index: bm25s.BM25 | None
    tokenizer: Tokenizer

    @classmethod
    def build(cls, passages: list[Passage], tokenizer: Tokenizer) -> BM25Baseline:
        index = None
        if passages:
            index = bm25s.BM25()
            index.index([tokenizer.tokens(p.text) or [""] for p in passages], show_progress=False)
        return cls("bm25_jieba", passages, index, tokenizer)

    def retrieve(self, query: str, k: int) -> list[Passage]:
        tokens = self.tokenizer.tokens(query)
        if self.index is None or not tokens:
            return []
        scores = np.asarray(self.index.get_scores(tokens), dtype=np.float64)
        order = [i for i in np.argsort(-scores)[:k] if scores[i] > 0]
        return [self.passages[i] for i in order]


# ---------------------------------------------------------------- dense_ours


@dataclass
class DenseOurs:
    """The knowledge base's own chunks, queried by dense similarity only."""

    name: str
    service: Service

    def retrieve(self, query: str, k: int) -> list[Passage]:
        runtime = self.service.runtime
        catalogue = self.service.retriever.catalogue()
        found = runtime.store.query(runtime.embedder.embed_query(index_form(query)), k * 3)
        out: list[Passage] = []
        for chunk_id, _ in found:
            chunk = catalogue.chunk(chunk_id)
            if chunk is None:  # a chunk of an unregistered (invisible) document
                continue
            doc = catalogue.document(chunk.doc_id)
            out.append(Passage(doc.source, doc.title, chunk.locator, chunk.text))
            if len(out) >= k:
                break
        return out


def build_baselines(names: Sequence[str], service: Service, corpus_dir: Path, cache_dir: Path | None) -> list[RetrievalSystem]:
    """The requested baselines, in the order given."""
    systems: list[RetrievalSystem] = []
    naive: list[Passage] | None = None
    tokenizer: Tokenizer | None = None
    for name in names:
        if name == "dense_ours":
            systems.append(DenseOurs(name, service))
            continue
        if naive is None:
            naive = naive_chunks(corpus_texts(corpus_dir, int(service.settings.max_file_mb * 1048576)))
        if name == "lc_dense":
            systems.append(DenseBaseline.build(naive, service.runtime.embedder, cache_dir))
        elif name == "bm25_jieba":
            tokenizer = tokenizer or Tokenizer()
            systems.append(BM25Baseline.build(naive, tokenizer))
    return systems
