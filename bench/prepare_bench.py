"""Timing the trainer workbench: each product kind built for every topic of the topic set, on a corpus KB."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from assistant.errors import DjqaError
from assistant.prepare import Workbench
from assistant.prepare.model import KIND_LABELS
from assistant.service import build_service
from assistant.settings import build_settings
from eval import metrics as m
from eval.prepare import read_topics


def run(kb: Path, topics_file: Path, warmup: int = 2, limit: int | None = None) -> dict[str, Any]:
    """Per kind: latency p50/p95/max in ms over the topics (after ``warmup`` untimed builds)."""
    service = build_service(build_settings(kb))
    bench = Workbench(service)
    topics = read_topics(topics_file)[:limit]
    for topic in topics[:warmup]:
        bench.build("lesson", topic.topic)
    out: dict[str, Any] = {"topics": len(topics), "kinds": {}}
    for kind in KIND_LABELS:
        times, failed = [], 0
        for topic in topics:
            started = time.perf_counter()
            try:
                bench.build(kind, topic.topic)
            except DjqaError:
                failed += 1
            times.append((time.perf_counter() - started) * 1000)
        out["kinds"][kind] = {"p50": round(m.percentile(times, 50) or 0, 1), "p95": round(m.percentile(times, 95) or 0, 1),
                              "max": round(max(times), 1), "failed": failed}
    return out
