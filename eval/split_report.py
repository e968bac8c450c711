"""The dev and test splits side by side: the tables the Markdown and HTML reports share.

Every function returns ``(header, rows)`` of plain strings. The test split is summarised, never
listed question by question unless the run asked for it (``--show-test-failures``): the project
tunes on dev only, and reading individual test failures would turn test into a second dev set.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from eval.aggregate import TURN_KINDS
from eval.dataset import QUESTION_TYPES
from eval.labels import METRIC_LABELS, SPLIT_LABELS, TURN_LABELS, TYPE_LABELS, fmt
from eval.thresholds import full_value, has_split, split_systems, target_statuses

Table = tuple[list[str], list[list[str]]]
HEADLINE: tuple[tuple[str, str], ...] = (
    ("retrieval", "hit@5"), ("retrieval", "mrr@10"), ("answers", "grounded_answers"),
    ("answers", "citation_precision"), ("answers", "refusal_accuracy"), ("answers", "answer_coverage"),
    ("answers", "quiz_accuracy"),
)


def splits_of(report: dict[str, Any]) -> list[str]:
    """The splits a report holds, dev first."""
    return [s for s in SPLIT_LABELS if has_split(report, s)]


def _gap(report: dict[str, Any], group: str, key: str) -> str:
    dev, test = full_value(report, group, key, "dev"), full_value(report, group, key, "test")
    return "—" if dev is None or test is None else f"{test - dev:+.3f}"


def _count(report: dict[str, Any], split: str) -> int:
    return sum(1 for q in report["questions"] if q.get("split", "dev") == split)


def overview_table(report: dict[str, Any]) -> Table:
    """Headline metrics of the full system, one column per split, and the gap test − dev."""
    splits = splits_of(report)
    header = ["指标", *(SPLIT_LABELS[s] for s in splits), *(["差距（测试集 − 开发集）"] if "test" in splits else [])]
    rows = [["题数", *(str(_count(report, s)) for s in splits), *(["—"] if "test" in splits else [])]]
    for group, key in HEADLINE:
        row = [METRIC_LABELS[key], *(fmt(full_value(report, group, key, s)) for s in splits)]
        rows.append(row + ([_gap(report, group, key)] if "test" in splits else []))
    return header, rows


def type_count_table(report: dict[str, Any]) -> Table:
    """How many questions of every type each split holds."""
    splits = splits_of(report)
    counts = {s: Counter(q["type"] for q in report["questions"] if q.get("split", "dev") == s) for s in splits}
    types = [t for t in QUESTION_TYPES if any(counts[s][t] for s in splits)]
    header = ["题型", *(SPLIT_LABELS[s] for s in splits)]
    return header, [[f"{TYPE_LABELS.get(t, t)}（{t}）", *(str(counts[s][t]) for s in splits)] for t in types]


def turn_kind_table(report: dict[str, Any]) -> Table:
    """Grounded answers and refusal accuracy of multi-turn items: real follow-ups vs standalone questions."""
    header = ["题集", "多轮题类别", "题数", METRIC_LABELS["grounded_answers"], METRIC_LABELS["refusal_accuracy"]]
    rows: list[list[str]] = []
    for split in splits_of(report):
        full = split_systems(report, split).get("full")
        by_turn = (full or {}).get("answers", {}).get("by_turn", {})
        for kind in TURN_KINDS:
            if kind in by_turn:
                scores = by_turn[kind]
                rows.append([SPLIT_LABELS[split], TURN_LABELS[kind], str(scores["n"]),
                             fmt(scores.get("grounded_answers")), fmt(scores.get("refusal_accuracy"))])
    return header, rows


def target_table(report: dict[str, Any]) -> Table:
    """The test split's targets next to the floor CI gates on and the measured value."""
    header = ["测试集指标", "目标", "CI 底线", "实测", "达到目标", "高于底线"]
    rows = []
    for status in target_statuses(report):
        key = status.metric[1]
        if status.gap:
            name, target = f"{METRIC_LABELS[key]}：开发集 − 测试集", f"≤ {status.target}"
            floor = "—" if status.floor is None else f"≤ {status.floor}"
        else:
            name, target = METRIC_LABELS[key], f"≥ {status.target}"
            floor = "—" if status.floor is None else f"≥ {status.floor}"
        above = status.above_floor
        rows.append([name, target, floor, fmt(status.value), "达到" if status.met else "未达到",
                     "—" if above is None else ("是" if above else "否")])
    return header, rows


def test_failure_counts(failed: list[dict[str, Any]]) -> str:
    """One line about the test split's failures: how many, by type, without the questions."""
    per_type = Counter(f["question"]["type"] for f in failed)
    listing = "，".join(f"{TYPE_LABELS.get(t, t)} {n}" for t, n in per_type.most_common())
    return (f"测试集失败题目 {len(failed)} 道（{listing or '无'}）。调参只看开发集：测试集不逐题列出，"
            "评估时可用 --show-test-failures 列出。")
