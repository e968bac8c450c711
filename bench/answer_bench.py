"""Default-mode (extractive) answer latency in a warm process:

    python -m bench.answer_bench --kb DATA_DIR [--questions eval/datasets/dev.jsonl] [--warmup 5] [--rounds 2]

Every question is asked ``rounds`` times after ``warmup`` questions; the first round reaches sentences not
seen before (their vectors are read from the cache built at ingestion, or, for a superseded version on a fresh
knowledge base, computed at first use), later rounds are fully warm. The
targets (issue 8): p50 ≤ 300 ms, p95 ≤ 600 ms on 2 cores. Prints one JSON object; asserts nothing."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench import DEFAULT_QUESTIONS
from bench.search_bench import load_questions, summarize


def measure(data_dir: Path, questions: list[str], warmup: int, rounds: int) -> dict[str, object]:
    from assistant.service import build_service
    from assistant.settings import build_settings

    service = build_service(build_settings(data_dir))
    for q in questions[:warmup]:
        service.ask(q)
    per_round = []
    for _ in range(rounds):
        times = []
        for q in questions:
            t = time.perf_counter()
            service.ask(q)
            times.append((time.perf_counter() - t) * 1000)
        per_round.append(summarize(times))
    return {"data_dir": str(data_dir), "questions": len(questions), "warmup": warmup, "cores": os.cpu_count(),
            "load_avg_1m": round(os.getloadavg()[0], 2), "rounds": per_round}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="回答延迟基准（默认模式，热进程）")
    parser.add_argument("--kb", type=Path, required=True, help="知识库数据目录")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)[: args.limit]
    print(json.dumps(measure(args.kb, questions, args.warmup, args.rounds), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
