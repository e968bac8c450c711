"""Benchmarks of ingestion and search: ``python -m bench [ingest|search|synthetic|all]``.

They report numbers (a Chinese table and a JSON file); they do not assert targets. The targets
they are compared against live in :data:`TARGETS`.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "bench" / "out"
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_QUESTIONS = REPO / "eval" / "datasets" / "dev.jsonl"

TARGETS: dict[str, float] = {
    "ingest_first_run_s": 90.0,
    "corpus_search_p50_ms": 150.0,
    "corpus_search_p95_ms": 300.0,
    "synthetic_search_p95_ms": 600.0,
    "synthetic_peak_rss_mb": 2048.0,
    "prepare_p95_ms": 2000.0,
}
DEFAULT_TOPICS = REPO / "eval" / "datasets" / "topics.jsonl"
