"""Search latency and memory, measured in a fresh worker process.

The parent starts ``python -m bench.search_bench --worker ...``, samples the worker's resident
memory with psutil while it runs, and reads one JSON object from the worker's last output line.
The worker opens the service, times the first (cold) search separately, runs some warm-up
questions, then times every question once.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Sequence

import psutil

from bench import DEFAULT_QUESTIONS, REPO


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[str]:
    """The question texts of an evaluation dataset (JSON Lines with a ``question`` field), in order."""
    out: list[str] = []
    with Path(path).open(encoding="utf-8-sig") as fh:
        for line in fh:
            if line.strip():
                out.append(str(json.loads(line)["question"]))
    return out


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty sequence."""
    data = sorted(values)
    if len(data) == 1:
        return float(data[0])
    pos = (len(data) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return float(data[lo] + (data[hi] - data[lo]) * (pos - lo))


def summarize(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 / mean / max of latencies in milliseconds."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "p99": round(percentile(values, 99), 1),
        "mean": round(statistics.fmean(values), 1),
        "max": round(max(values), 1),
    }


# -- the worker (runs in its own process) --------------------------------------------------------
def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1048576


def _profile_top(profiler: cProfile.Profile, key: str = "tottime_s", n: int = 15) -> list[dict[str, Any]]:
    stats = pstats.Stats(profiler)
    rows = []
    for (file, line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": calls,
                     "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3)})
    return sorted(rows, key=lambda r: -r[key])[:n]


def measure_in_process(data_dir: Path, questions: list[str], warmup: int, profile: bool = False) -> dict[str, Any]:
    """Open a service on ``data_dir`` and time searches; call in a fresh process for honest cold numbers.

    With ``profile``, the timed loop also runs under cProfile (slower) and the top functions are reported."""
    from assistant.service import build_service
    from assistant.settings import build_settings

    settings = build_settings(data_dir)
    cache_existed = any(settings.cache_dir.glob("lexical-*.pkl")) if settings.cache_dir.is_dir() else False
    rss_start = _rss_mb()
    t = time.perf_counter()
    service = build_service(settings)
    open_s = time.perf_counter() - t

    cold_profiler = cProfile.Profile() if profile else None
    if cold_profiler:
        cold_profiler.enable()
    t = time.perf_counter()
    first = service.search(questions[0])
    first_ms = (time.perf_counter() - t) * 1000
    if cold_profiler:
        cold_profiler.disable()
    rss_after_first = _rss_mb()

    for q in questions[1 : 1 + warmup]:
        service.search(q)

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    total, dense, lexical, other = [], [], [], []
    for q in questions:
        t = time.perf_counter()
        result = service.search(q)
        wall = (time.perf_counter() - t) * 1000
        total.append(wall)
        d, lx = result.timings.get("dense_ms", 0.0), result.timings.get("lexical_ms", 0.0)
        dense.append(d)
        lexical.append(lx)
        other.append(max(wall - d - lx, 0.0))
    if profiler:
        profiler.disable()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    result: dict[str, Any] = {
        "data_dir": str(data_dir),
        "chunks": service.runtime.store.chunk_count(),
        "documents": len(service.runtime.store.documents()),
        "embedder": service.runtime.embedder.name,
        "lexical_cache_existed": cache_existed,
        "open_s": round(open_s, 2),
        "cold_first_search_ms": round(first_ms, 1),
        "cold_first_search_timings_ms": {k: round(v, 1) for k, v in first.timings.items()},
        "warmup_queries": min(warmup, max(len(questions) - 1, 0)),
        "latency_ms": summarize(total),
        "stage_ms": {"dense": summarize(dense), "lexical": summarize(lexical), "other": summarize(other)},
        "rss_mb": {"start": round(rss_start, 1), "after_first_search": round(rss_after_first, 1),
                   "end": round(_rss_mb(), 1), "ru_maxrss": round(peak_kb / 1024, 1)},
    }
    if profiler:
        result["profile_top"] = _profile_top(profiler, "tottime_s")
        result["profile_cum"] = _profile_top(profiler, "cumtime_s")
    if cold_profiler:
        result["profile_cold_cum"] = _profile_top(cold_profiler, "cumtime_s", 25)
    return result


# -- the parent side -----------------------------------------------------------------------------
class _RssSampler(threading.Thread):
    """Samples the resident memory of a process (and its children) until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self._proc = psutil.Process(pid)
        self._interval = interval
        self._halt = threading.Event()
        self.peak_mb = 0.0
        self.samples = 0

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                rss = self._proc.memory_info().rss + sum(c.memory_info().rss for c in self._proc.children(recursive=True))
            except psutil.Error:
                return
            self.peak_mb = max(self.peak_mb, rss / 1048576)
            self.samples += 1
            self._halt.wait(self._interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def measure_in_subprocess(data_dir: Path, questions_file: Path, warmup: int = 5, limit: int | None = None,
                          profile: bool = False) -> dict[str, Any]:
    """Run :func:`measure_in_process` in a fresh Python process; add the sampled peak RSS and wall time."""
    cmd = [sys.executable, "-m", "bench.search_bench", "--worker", "--data-dir", str(data_dir),
           "--questions", str(questions_file), "--warmup", str(warmup)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    if profile:
        cmd.append("--profile")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _RssSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"search worker failed ({proc.returncode}):\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["process_wall_s"] = round(wall, 2)
    result["rss_mb"]["sampled_peak"] = round(sampler.peak_mb, 1)
    result["rss_mb"]["samples"] = sampler.samples
    return result


def run(data_dir: Path, questions_file: Path = DEFAULT_QUESTIONS, warmup: int = 5, limit: int | None = None) -> dict[str, Any]:
    """The corpus search benchmark: warm latencies of every question over an existing knowledge base."""
    return measure_in_subprocess(data_dir, questions_file, warmup, limit)


def _worker_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_bench")
    parser.add_argument("--worker", action="store_true", help="accepted for clarity; this entry point is always the worker")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    questions = load_questions(Path(args.questions))[: args.limit]
    result = measure_in_process(Path(args.data_dir), questions, args.warmup, args.profile)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main())
