"""The quality gates CI enforces with ``python -m eval run --gate``: every threshold lives here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FULL_MINIMUMS: dict[tuple[str, str], float] = {
    ("retrieval", "hit@5"): 0.95,
    ("retrieval", "mrr@10"): 0.85,
    ("answers", "refusal_accuracy"): 0.90,
    ("answers", "citation_precision"): 0.90,
    ("answers", "grounded_answers"): 0.90,
}
MUST_BEAT_BASELINES_ON: tuple[str, ...] = ("hit@5", "mrr@10")
GATE_FAILED = 3  # exit code of `python -m eval run --gate` when a gate fails (1 and 2 mean errors)


@dataclass(frozen=True)
class Gate:
    """One checked condition: its Chinese description, whether it passed, and the measured value."""

    name: str
    passed: bool
    detail: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "passed": self.passed, "detail": self.detail}


def _full_value(report: dict[str, Any], group: str, key: str) -> float | None:
    full = report["systems"].get("full")
    if full is None:
        return None
    section = full[group]
    if section.get("status") in {"not_run", "not_applicable"}:
        return None
    value = section["overall"].get(key)
    return None if value is None else float(value)


def _fmt(value: float | None) -> str:
    return "未测得" if value is None else f"{value:.3f}"


def check_gates(report: dict[str, Any]) -> list[Gate]:
    """Every gate of a report, passed or not. A metric that was not measured fails its gate."""
    gates: list[Gate] = []
    for (group, key), minimum in FULL_MINIMUMS.items():
        value = _full_value(report, group, key)
        gates.append(Gate(f"本系统 {key} ≥ {minimum}", value is not None and value >= minimum, f"实测 {_fmt(value)}"))
    for key in MUST_BEAT_BASELINES_ON:
        ours = _full_value(report, "retrieval", key)
        for name, system in report["systems"].items():
            if name == "full":
                continue
            theirs = system["retrieval"]["overall"].get(key)
            passed = ours is not None and theirs is not None and ours > theirs
            gates.append(Gate(f"本系统 {key} 高于基线 {name}", passed, f"本系统 {_fmt(ours)}，基线 {_fmt(theirs)}"))
    return gates


def failed_gates(report: dict[str, Any]) -> list[Gate]:
    return [g for g in check_gates(report) if not g.passed]
