"""Aggregating per-question records into the metrics of a report: per system, per type, per turn kind.

Records are the dictionaries :func:`eval.run.evaluate_question` produces. Everything here is a
pure function of them, so a report can be recomputed from its own ``questions``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Sequence

from eval import metrics as m
from eval.baselines import SYSTEM_LABELS

NOT_APPLICABLE = "不适用"
ANSWER_KEYS: tuple[str, ...] = (
    "citation_precision", "citation_recall", "grounded_answers", "answer_coverage", "supported_share",
    "refusal_precision", "refusal_recall", "refusal_accuracy", "quiz_accuracy",
)
TURN_KINDS: tuple[str, ...] = ("followup", "standalone")


def answer_metrics(records: Sequence[dict[str, Any]]) -> dict[str, float | int | None]:
    """Citation, answer, refusal and quiz metrics of the full system over some question records.

    ``quiz_accuracy`` is the share of quiz items answered with the keyed option (an answer that
    names no option counts as wrong); None when the records hold no quiz item.
    """
    answered = [r for r in records if r["answer"] is not None]
    answerable = [r for r in answered if r["answerable"]]
    grounded = [r for r in answerable if not r["answer"]["refused"]]
    not_refused = [r for r in answered if not r["answer"]["refused"]]
    quiz = [r for r in answered if r["type"] == "quiz"]
    out: dict[str, float | int | None] = {
        "citation_precision": m.ratio(sum(r["answer"]["citation_relevant"] for r in grounded),
                                      sum(r["answer"]["citation_total"] for r in grounded)),
        "citation_recall": m.mean(r["answer"]["sources_cited"] / len(r["expected"]) for r in answerable),
        "grounded_answers": m.ratio(sum(1 for r in grounded if r["answer"]["citation_relevant"] > 0), len(answerable)),
        "answer_coverage": m.mean(r["answer"]["coverage"] for r in answerable),
        "supported_share": m.ratio(sum(r["answer"]["supported"] for r in not_refused),
                                   sum(r["answer"]["sentences"] for r in not_refused)),
        **m.refusal_scores((r["answerable"], r["answer"]["refused"]) for r in answered),
        "quiz_accuracy": m.ratio(sum(1 for r in quiz if r["answer"].get("quiz_correct")), len(quiz)),
        "n": len(answered),
    }
    return out


def turn_kind(record: dict[str, Any]) -> str | None:
    """"followup" or "standalone" for a multi-turn record (unlabelled ones are follow-ups), else None."""
    if record["type"] != "multiturn":
        return None
    return "standalone" if record.get("followup") is False else "followup"


def _latency(values: Sequence[float]) -> dict[str, float | None]:
    return {"p50": m.percentile(values, 50), "p95": m.percentile(values, 95), "n": len(values)}


def _answers(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_turn: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_type[r["type"]].append(r)
        kind = turn_kind(r)
        if kind is not None:
            by_turn[kind].append(r)
    return {
        "status": "ok",
        "overall": answer_metrics(records),
        "by_type": {t: answer_metrics(rs) for t, rs in by_type.items()},
        "by_turn": {k: answer_metrics(by_turn[k]) for k in TURN_KINDS if by_turn[k]},
    }


def aggregate(records: Sequence[dict[str, Any]], systems: Sequence[str], with_answers: bool, reason: str) -> dict[str, Any]:
    """Per-system retrieval metrics and latencies; the full system's answer metrics, by type and by turn kind."""
    out: dict[str, Any] = {}
    answerable = [r for r in records if r["answerable"]]
    for name in systems:
        rows = [(r["type"], r["systems"][name]) for r in answerable if name in r["systems"]]
        out[name] = {
            "label": SYSTEM_LABELS.get(name, name),
            "retrieval": {
                "overall": {**m.mean_by_key([row for _, row in rows], m.RETRIEVAL_KEYS), "n": len(rows)},
                "by_type": m.by_type(rows, m.RETRIEVAL_KEYS),
            },
            "latency": {"search": _latency([r["systems"][name]["latency_ms"] for r in records if name in r["systems"]])},
            "answers": {"status": "not_applicable", "reason": NOT_APPLICABLE},
        }
    if "full" in out:
        if with_answers:
            out["full"]["answers"] = _answers(records)
            out["full"]["latency"]["ask"] = _latency([r["answer"]["latency_ms"] for r in records if r["answer"]])
        else:
            out["full"]["answers"] = {"status": "not_run", "reason": reason}
    return out
