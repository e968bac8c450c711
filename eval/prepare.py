"""``python -m eval prepare``: build the three trainer products for every topic of a topic set and measure
them: points supported by their cited passage (the chat answers' support rule), expected source documents
used, no superseded version cited when the current one is in the knowledge base, no duplicate points."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from assistant.answer.citations import similarity
from assistant.errors import DjqaError
from assistant.catalogue import Catalogue
from assistant.prepare import Product, Workbench
from assistant.prepare.model import KIND_LABELS
from assistant.service import Service
from eval import metrics as m

DEFAULT_TOPICS = Path(__file__).resolve().parent / "datasets" / "topics.jsonl"
KINDS: tuple[str, ...] = tuple(KIND_LABELS)
DUPLICATE = 0.8  # the workbench's own near-duplicate bar: two points sharing this share of character pairs
MINIMUMS: dict[str, float] = {"supported_share": 0.95, "expected_sources_used": 0.8}
MAXIMUMS: dict[str, int] = {"superseded_cited": 0, "duplicate_points": 0}


@dataclass(frozen=True)
class Topic:
    id: str
    topic: str
    expected_files: tuple[str, ...]


def read_topics(path: Path) -> list[Topic]:
    """One ``{"id", "topic", "expected_files": [...]}`` a line; a malformed line is a clear error."""
    topics = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            topics.append(Topic(str(raw["id"]), str(raw["topic"]), tuple(raw["expected_files"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path} 第 {n} 行格式错误：{exc}") from exc
    if not topics:
        raise ValueError(f"{path} 中没有主题。")
    return topics


def measure(product: Product, expected_files: Sequence[str], catalogue: Catalogue) -> dict[str, Any]:
    """The counts behind the metrics for one product."""
    refs = {r.n: r for r in product.references}
    points = [p for s in product.sections for p in s.points if p.source == "kb"]
    supported = sum(1 for p in points if any(n in refs and m.support_ratio(p.text, refs[n].text) >= m.SUPPORT_THRESHOLD
                                             for n in p.citations))
    used = [f for f in expected_files if any(m.same_file(r.source, f) for r in product.references)]
    superseded = [r.n for r in product.references if r.status == "superseded" and catalogue.has_document(r.doc_id)
                  and catalogue.in_force_version(catalogue.document(r.doc_id)) is not None]
    texts = [p.text for p in points]
    duplicates = sum(1 for i, a in enumerate(texts) for b in texts[i + 1:] if similarity(a, b) >= DUPLICATE)
    return {"points": len(points), "supported": supported, "expected": len(expected_files), "used": len(used),
            "superseded_cited": len(superseded), "duplicate_points": duplicates}


def run_topics(service: Service, topics: Sequence[Topic], kinds: Sequence[str] = KINDS) -> dict[str, Any]:
    """Every product for every topic, measured; a summary per kind and overall."""
    bench = Workbench(service)
    catalogue = service.retriever.catalogue()
    records = []
    for topic in topics:
        for kind in kinds:
            started = time.perf_counter()
            try:
                product = bench.build(kind, topic.topic)
                counts = measure(product, topic.expected_files, catalogue)
                error = None
            except DjqaError as exc:
                counts, error = measure(Product(kind, topic.topic, "", [], []), topic.expected_files, catalogue), str(exc)  # type: ignore[arg-type]
            records.append({"id": topic.id, "topic": topic.topic, "kind": kind, "error": error,
                            "latency_ms": round((time.perf_counter() - started) * 1000, 1), **counts})
    return {"topics": len(topics), "summary": {k: summarise([r for r in records if r["kind"] == k]) for k in kinds}
            | {"all": summarise(records)}, "records": records}


def summarise(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    total = lambda key: sum(r[key] for r in records)  # noqa: E731
    return {
        "supported_share": m.ratio(total("supported"), total("points")),
        "expected_sources_used": m.ratio(total("used"), total("expected")),
        "superseded_cited": total("superseded_cited"),
        "duplicate_points": total("duplicate_points"),
        "failed": sum(1 for r in records if r["error"]),
        "points": total("points"),
        "p50_ms": m.percentile([r["latency_ms"] for r in records], 50),
    }


def failed_gates(summary: dict[str, Any]) -> list[str]:
    """Chinese descriptions of the gates the overall figures miss."""
    out = []
    for key, low in MINIMUMS.items():
        value = summary[key]
        if value is None or value < low:
            out.append(f"{key} = {value}（要求 ≥ {low}）")
    for key, high in MAXIMUMS.items():
        if summary[key] > high:
            out.append(f"{key} = {summary[key]}（要求 ≤ {high}）")
    if summary["failed"]:
        out.append(f"{summary['failed']} 份材料生成失败")
    return out


def summary_markdown(report: dict[str, Any]) -> str:
    lines = [f"# 备课材料评测（{report['topics']} 个主题）", "",
             "| 材料 | 要点数 | 有出处支撑的要点 | 预期来源覆盖 | 引用已取代版本 | 重复要点 | 失败 | 中位耗时 ms |",
             "|---|---|---|---|---|---|---|---|"]
    for key, s in report["summary"].items():
        name = "合计" if key == "all" else KIND_LABELS[key]
        fmt = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
        lines.append(f"| {name} | {s['points']} | {fmt(s['supported_share'])} | {fmt(s['expected_sources_used'])} | "
                     f"{s['superseded_cited']} | {s['duplicate_points']} | {s['failed']} | {s['p50_ms']:.0f} |")
    return "\n".join(lines) + "\n"
