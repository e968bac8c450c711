"""``python -m eval run``: ask every question of the dev and test splits to the full system and the baselines.

The result is one report dictionary (written as JSON, Markdown and HTML by :mod:`eval.report`):
the run's settings, per-system metrics of every split overall and by question type, and one
record per question (tagged with its split). ``systems`` holds the dev split's metrics, the split
the project tunes on; ``splits`` holds every split evaluated, each with its own ``systems``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from tqdm import tqdm

from assistant.models import Hit
from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from eval import metrics as m
from eval.aggregate import ANSWER_KEYS, NOT_APPLICABLE, aggregate, answer_metrics
from eval.baselines import BASELINES, RetrievalSystem, build_baselines
from eval.dataset import Question, load_dataset
from eval.judge import judge_answers

__all__ = ["ANSWER_KEYS", "RunOptions", "answer_metrics", "evaluate_question", "run_evaluation", "select_questions"]

REPORT_VERSION = 2
EVAL_K = 10
SHOWN_HITS = 5
ALL_SYSTEMS: tuple[str, ...] = ("full", *BASELINES)


@dataclass
class RunOptions:
    """What ``python -m eval run`` was asked to do."""

    dataset: Path
    corpus: Path
    out: Path
    test_dataset: Path | None = None  # the frozen test split, evaluated in the same run on the same knowledge base
    data_dir: Path | None = None
    systems: tuple[str, ...] = ALL_SYSTEMS
    mode: str | None = None
    limit: int | None = None
    excerpt_chars: int = 60
    progress: bool = True
    show_test_failures: bool = False
    log: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr))


# ---------------------------------------------------------------- preparation


def select_questions(questions: Sequence[Question], limit: int | None) -> list[Question]:
    """The first ``limit`` questions taken round-robin over the question types (file order within a type)."""
    if limit is None or limit >= len(questions):
        return list(questions)
    groups: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        groups[q.type].append(q)
    chosen: list[Question] = []
    queues = [list(g) for g in groups.values()]
    while len(chosen) < limit:
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    order = {q.id: i for i, q in enumerate(questions)}
    return sorted(chosen, key=lambda q: order[q.id])


def _non_empty(path: Path | None) -> bool:
    return path is not None and path.is_dir() and any(path.iterdir())


def prepare_settings(options: RunOptions) -> Settings:
    """Settings of the knowledge base to evaluate: ``--data-dir`` when it holds one, else a fresh one in OUT/kb."""
    overrides: dict[str, object] = {"answer_mode": options.mode} if options.mode else {}
    if _non_empty(options.data_dir):
        return build_settings(options.data_dir, **overrides)
    from assistant.runtime import open_runtime
    from ingest.pipeline import Ingestor, collect_files

    kb = options.data_dir or options.out / "kb"
    if kb == options.out / "kb" and kb.exists():
        shutil.rmtree(kb)
    settings = build_settings(kb, **overrides)
    files = collect_files([options.corpus])
    options.log(f"正在从 {options.corpus} 构建知识库（{len(files)} 个文件）→ {kb}")
    runtime = open_runtime(settings)
    with tqdm(total=len(files), desc="导入", unit="个文件", disable=not options.progress, file=sys.stderr) as bar:
        report = Ingestor(settings, runtime.store, runtime.embedder).ingest(files, options.corpus, progress=bar.update)
    for failed in report.of("failed"):
        options.log(f"导入失败：{failed.path}：{failed.message}")
    return settings


def git_commit(repo: Path) -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


# ---------------------------------------------------------------- asking


def search_query(q: Question) -> str:
    """What search-only systems are asked: for a follow-up, the last user turn and the question."""
    last_user = next((t.content for t in reversed(q.history) if t.role == "user"), "")
    return f"{last_user} {q.question}".strip() if last_user else q.question


def passage_of(hit: Hit) -> m.Passage:
    return m.Passage(hit.document.source, hit.document.title, hit.chunk.locator, hit.chunk.text)


def _excerpt(text: str, chars: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= chars else flat[:chars] + "…"


def _shown(passages: Sequence[m.Passage], matches: Sequence[frozenset[int]], chars: int) -> list[dict[str, Any]]:
    return [
        {"title": p.title, "source": p.source, "locator": p.locator, "excerpt": _excerpt(p.text, chars), "relevant": bool(hit)}
        for p, hit in zip(passages, matches)
    ][:SHOWN_HITS]


def _retrieval_record(q: Question, passages: list[m.Passage], latency_ms: float, via: str, chars: int) -> dict[str, Any]:
    matches = m.match_list(passages, q)
    record: dict[str, Any] = {"latency_ms": round(latency_ms, 1), "via": via, "top": _shown(passages, matches, chars)}
    if q.answerable:
        record["rank"] = m.first_relevant_rank(matches[:EVAL_K])
        record.update(m.retrieval_scores(matches, len(q.expected_sources)))
    return record


def _quiz_fields(q: Question, answer: Any) -> dict[str, Any]:
    """For a quiz item: the option (or blank text) the answer chose and whether it is the keyed one.
    ``quiz_choice`` is an optional field of the answer; an engine without it answers no quiz item."""
    if q.type != "quiz" or q.quiz_key is None:
        return {}
    choice = getattr(answer, "quiz_choice", None)
    choice = choice if isinstance(choice, str) else None
    return {"quiz_key": q.quiz_key, "quiz_choice": choice, "quiz_correct": m.quiz_correct(choice, q.quiz_key)}


def _answer_record(q: Question, answer: Any, latency_ms: float, chars: int) -> dict[str, Any]:
    cited = [passage_of(c.hit) for c in answer.citations]
    relevant, total, covered = m.citation_counts(cited, q)
    supported, counted = m.supported_sentences(answer.text, {c.n: c.hit.chunk.text for c in answer.citations})
    matches = m.match_list(cited, q)
    return {
        **_quiz_fields(q, answer),
        "text": answer.text,
        "refused": bool(answer.refused),
        "mode": answer.mode,
        "latency_ms": round(latency_ms, 1),
        "citations": [
            {"n": c.n, "title": p.title, "source": p.source, "locator": p.locator,
             "excerpt": _excerpt(p.text, chars), "relevant": bool(hit)}
            for c, p, hit in zip(answer.citations, cited, matches)
        ],
        "cited_files": sorted({p.source for p in cited}),
        "citation_relevant": relevant,
        "citation_total": total,
        "sources_cited": covered,
        "coverage": m.phrase_coverage(q.must_contain, [answer.text, *(p.text for p in cited)]) if q.answerable else None,
        "supported": supported,
        "sentences": counted,
    }


def _history(q: Question) -> list[dict[str, str]]:
    return [{"role": t.role, "content": t.content} for t in q.history]


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


def evaluate_question(
    q: Question, service: Service | None, baselines: Sequence[RetrievalSystem], with_answers: bool, chars: int,
    split: str = "dev",
) -> tuple[dict[str, Any], list[str]]:
    """One question asked to every system: the per-question record of the report, and the full
    texts of the passages the answer cited (for the model judge; reports keep excerpts only)."""
    record: dict[str, Any] = {
        "id": q.id, "split": split, "type": q.type, "question": q.question, "history": _history(q),
        "followup": q.followup, "answerable": q.answerable,
        "expected": [s.model_dump() for s in q.expected_sources], "must_contain": list(q.must_contain), "systems": {},
        "answer": None,
    }
    query = search_query(q)
    cited: list[str] = []
    if service is not None:
        result, search_ms = _timed(lambda: service.search(query, k=EVAL_K))
        passages, via = [passage_of(h) for h in result.hits], "search"
        if with_answers:
            answer, ask_ms = _timed(lambda: service.ask(q.question, history=_history(q) or None))
            record["answer"] = _answer_record(q, answer, ask_ms, chars)
            cited = [c.hit.chunk.text for c in answer.citations]
            if q.history:  # the engine's follow-up rewriting decides what a follow-up retrieves
                passages, via = [passage_of(h) for h in answer.hits], "ask"
        record["systems"]["full"] = _retrieval_record(q, passages, search_ms, via, chars)
    for system in baselines:
        passages, ms = _timed(lambda: system.retrieve(query, EVAL_K))
        record["systems"][system.name] = _retrieval_record(q, passages, ms, "search", chars)
    return record, cited


WARM_UP_QUESTION = "党支部的基本任务是什么？"


def warm_up(service: Service | None, baselines: Sequence[RetrievalSystem], with_answers: bool) -> None:
    """One untimed question per system, so that latencies do not include building caches and indexes."""
    if service is not None:
        service.search(WARM_UP_QUESTION, k=EVAL_K)
        if with_answers:
            service.ask(WARM_UP_QUESTION)
    for system in baselines:
        system.retrieve(WARM_UP_QUESTION, EVAL_K)


# ---------------------------------------------------------------- the run


def load_splits(options: RunOptions) -> dict[str, list[Question]]:
    """The questions of every split to evaluate (``--limit`` applies to each), dev first."""
    splits = {"dev": select_questions(load_dataset(options.dataset), options.limit)}
    if options.test_dataset is not None:
        splits["test"] = select_questions(load_dataset(options.test_dataset), options.limit)
        clash = sorted({q.id for q in splits["dev"]} & {q.id for q in splits["test"]})
        if clash:
            raise ValueError(f"开发集与测试集的题号重复：{'、'.join(clash[:5])}")
    return splits


def run_evaluation(options: RunOptions) -> dict[str, Any]:
    """Run the whole evaluation and return the report dictionary (nothing is written here)."""
    unknown = [s for s in options.systems if s not in ALL_SYSTEMS]
    if unknown:
        raise ValueError(f"未知的系统：{'、'.join(unknown)}（可选：{'、'.join(ALL_SYSTEMS)}）")
    splits = load_splits(options)
    settings = prepare_settings(options)
    service = build_service(settings)
    with_answers = "full" in options.systems and callable(getattr(service, "ask", None))
    reason = "" if with_answers else "未运行（问答引擎尚未提供 Service.ask）"
    names = [s for s in options.systems if s != "full"]
    if names:
        options.log(f"正在准备基线：{'、'.join(names)}")
    baselines = build_baselines(names, service, options.corpus, options.out / "cache")
    full = service if "full" in options.systems else None
    warm_up(full, baselines, with_answers)
    started = time.perf_counter()
    tagged = [(split, q) for split, questions in splits.items() for q in questions]
    evaluated = [
        evaluate_question(q, full, baselines, with_answers, options.excerpt_chars, split)
        for split, q in tqdm(tagged, desc="评测", unit="题", disable=not options.progress, file=sys.stderr)
    ]
    records = [record for record, _ in evaluated]
    judged = judge_answers(settings, evaluated) if with_answers else {"status": "not_run", "reason": reason or NOT_APPLICABLE}
    datasets = {"dev": options.dataset, "test": options.test_dataset}
    by_split = {
        split: {
            "dataset": str(datasets[split]), "questions": len(questions),
            "systems": aggregate([r for r in records if r["split"] == split], list(options.systems), with_answers, reason),
        }
        for split, questions in splits.items()
    }
    return {
        "version": REPORT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": {
            "dataset": str(options.dataset),
            "test_dataset": str(options.test_dataset) if options.test_dataset else None,
            "corpus": str(options.corpus), "data_dir": str(settings.data_dir),
            "systems": list(options.systems), "limit": options.limit, "questions": len(records),
            "embedder": service.runtime.embedder.name, "answer_mode": settings.answer_mode,
            "top_k": settings.top_k, "eval_k": EVAL_K, "llm_configured": settings.llm_configured,
            "llm_model": settings.llm_model if settings.llm_configured else None,
            "excerpt_chars": options.excerpt_chars, "show_test_failures": options.show_test_failures,
            "git_commit": git_commit(Path(__file__).resolve().parents[1]),
            "seconds": round(time.perf_counter() - started, 1),
        },
        "systems": by_split["dev"]["systems"],
        "splits": by_split,
        "judged": judged,
        "questions": records,
    }
