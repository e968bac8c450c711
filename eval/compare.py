"""``python -m eval compare A B``: what changed between two evaluation reports (B relative to A)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.metrics import RETRIEVAL_KEYS
from eval.report import METRIC_LABELS, TYPE_LABELS, fmt
from eval.run import ANSWER_KEYS


@dataclass(frozen=True)
class Flip:
    """One question whose outcome changed between the reports."""

    qid: str
    qtype: str
    question: str
    kind: str  # "hit@5:<system>", "refusal", "citation"
    better: bool
    detail: str
    split: str = "dev"


def load_report(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _delta_rows(a: dict[str, Any] | None, b: dict[str, Any] | None, keys: tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    a, b = a or {}, b or {}
    return [(k, a.get(k), b.get(k)) for k in keys if a.get(k) is not None or b.get(k) is not None]


def _delta(x: Any, y: Any) -> str:
    if x is None or y is None:
        return "—"
    d = y - x
    return f"{d:+.3f}" if abs(d) >= 0.0005 else "±0"


def _has_valid_citation(record: dict[str, Any]) -> bool:
    answer = record.get("answer")
    return bool(answer and not answer["refused"] and answer["citation_relevant"])


def question_flips(a: dict[str, Any], b: dict[str, Any]) -> list[Flip]:
    """Hit@5 flips per system, refusal flips and valid-citation flips of the questions in both reports."""
    before = {q["id"]: q for q in a["questions"]}
    flips: list[Flip] = []
    for q in b["questions"]:
        old = before.get(q["id"])
        if old is None:
            continue
        base = (q["id"], q["type"], q["question"])
        split = q.get("split", "dev")
        if q["answerable"]:
            for system, rec in q["systems"].items():
                prev = old["systems"].get(system)
                if prev is None or prev.get("hit@5") == rec.get("hit@5"):
                    continue
                now = bool(rec.get("hit@5"))
                flips.append(Flip(*base, f"hit@5:{system}", now,
                                  f"{system} 前 5 {'由未命中变为命中' if now else '由命中变为未命中'}"
                                  f"（排名 {prev.get('rank') or '—'} → {rec.get('rank') or '—'}）", split))
        if q["answer"] is not None and old.get("answer") is not None:
            was, now_refused = old["answer"]["refused"], q["answer"]["refused"]
            if was != now_refused:
                correct = now_refused != q["answerable"]
                flips.append(Flip(*base, "refusal", correct, f"{'由回答变为拒答' if now_refused else '由拒答变为回答'}"
                                  f"（{'正确' if correct else '错误'}）", split))
            if q["answerable"] and _has_valid_citation(old) != _has_valid_citation(q):
                now_cited = _has_valid_citation(q)
                flips.append(Flip(*base, "citation", now_cited, "有效引用" + ("出现" if now_cited else "消失"), split))
    return flips


def _section_systems(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    lines = ["## 各系统检索指标变化（B − A）", "", "| 系统 | 指标 | A | B | 变化 |", "|---|---|---|---|---|"]
    for name in b["systems"]:
        if name not in a["systems"]:
            lines.append(f"| {name} | （A 中没有该系统） | | | |")
            continue
        rows = _delta_rows(a["systems"][name]["retrieval"]["overall"], b["systems"][name]["retrieval"]["overall"], RETRIEVAL_KEYS)
        lines += [f"| {name} | {METRIC_LABELS[k]} | {fmt(x)} | {fmt(y)} | {_delta(x, y)} |" for k, x, y in rows]
    full_a, full_b = a["systems"].get("full"), b["systems"].get("full")
    if full_a and full_b and full_a["answers"]["status"] == "ok" and full_b["answers"]["status"] == "ok":
        lines += ["", "## 本系统回答指标变化", "", "| 指标 | A | B | 变化 |", "|---|---|---|---|"]
        rows = _delta_rows(full_a["answers"]["overall"], full_b["answers"]["overall"], ANSWER_KEYS)
        lines += [f"| {METRIC_LABELS[k]} | {fmt(x)} | {fmt(y)} | {_delta(x, y)} |" for k, x, y in rows]
    return lines


def _section_types(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    lines = ["", "## 各题型变化（hit@5 / MRR@10）", "", "| 系统 | 题型 | hit@5 A→B | MRR@10 A→B |", "|---|---|---|---|"]
    for name, system in b["systems"].items():
        if name not in a["systems"]:
            continue
        old_types = a["systems"][name]["retrieval"]["by_type"]
        for qtype, values in system["retrieval"]["by_type"].items():
            old = old_types.get(qtype, {})
            cells = [f"{fmt(old.get(k))}→{fmt(values.get(k))}（{_delta(old.get(k), values.get(k))}）" for k in ("hit@5", "mrr@10")]
            lines.append(f"| {name} | {TYPE_LABELS.get(qtype, qtype)} | {cells[0]} | {cells[1]} |")
    return lines


def render_comparison(a: dict[str, Any], b: dict[str, Any], name_a: str = "A", name_b: str = "B") -> str:
    """The comparison as Markdown (also readable in a terminal), in Chinese. Flips of test-split
    questions are counted, not listed: the test split is never read question by question while tuning."""
    all_flips = question_flips(a, b)
    flips = [f for f in all_flips if f.split != "test"]
    test_flips = [f for f in all_flips if f.split == "test"]
    common = len({q["id"] for q in a["questions"]} & {q["id"] for q in b["questions"]})
    better = [f for f in flips if f.better]
    worse = [f for f in flips if not f.better]
    lines = [
        "# 评测报告对比", "",
        f"- A：{name_a}（{a['created']}，提交 {a['settings'].get('git_commit') or '未知'}，{a['settings']['questions']} 题）",
        f"- B：{name_b}（{b['created']}，提交 {b['settings'].get('git_commit') or '未知'}，{b['settings']['questions']} 题）",
        f"- 共同题目 {common} 道：变好 {len(better)} 处，变差 {len(worse)} 处（开发集）。",
        *([f"- 测试集：变好 {sum(f.better for f in test_flips)} 处，变差 {sum(not f.better for f in test_flips)} 处（不逐题列出）。"]
          if test_flips else []), "",
        *_section_systems(a, b), *_section_types(a, b), "",
    ]
    for title, group in (("变好的题目", better), ("变差的题目", worse)):
        lines += [f"## {title}（{len(group)}）", ""]
        lines += [f"- {f.qid}（{f.qtype}）{f.question}：{f.detail}" for f in group] or ["无。"]
        lines.append("")
    return "\n".join(lines)
