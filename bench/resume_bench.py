"""Resumable ingestion: the re-run after a kill at about 70 % of a large file, against a full ingest.

python -m bench.resume_bench [--sections 160] [--kill-at 0.7] [--out bench/results/resume.json]

Three real CLI runs (``python -m ingest``, each its own process with model loading) on one generated
text file: a full ingest into a fresh data directory; an ingest into a second fresh directory killed
(SIGKILL) when its progress bar shows the given share of passages stored; the re-run there; and one
more run there with nothing left to do (the fixed cost of a run: process start, model, checks).
Reports numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import OUT_DIR, REPO, RESULTS_DIR

_BAR = re.compile(r"(\d+)/(\d+) 段")
_TOPICS = ("三会一课", "主题党日", "民主评议党员", "廉洁从业教育", "安全生产责任", "党员先锋岗", "结对帮扶", "群众路线")


def generated_report(sections: int) -> str:
    """A made-up ledger, every section different (about two sections a passage)."""
    body = [
        f"第{i + 1}部分　第{i + 1}党小组围绕{t}开展工作，本季度组织活动{i % 7 + 2}次，参加党员{20 + i}人次。"
        f"小组对照{t}的要求逐项查找不足，形成问题清单{i % 5 + 3}条，明确责任人和完成时限，"
        f"整改情况在第{i % 12 + 1}月的支部党员大会上通报，接受党员群众监督。"
        for i, t in ((i, _TOPICS[i % len(_TOPICS)]) for i in range(sections))
    ]
    return "党支部年度工作台账（基准测试）\n\n" + "\n\n".join(body) + "\n"


def _ingest_cmd(path: Path, data_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ingest", str(path), "--data-dir", str(data_dir), *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def _timed_json_run(path: Path, data_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    run = subprocess.run(_ingest_cmd(path, data_dir, "--json"), cwd=REPO, env=_env(), capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    [result] = json.loads(run.stdout)["results"]
    return {"wall_s": round(seconds, 1), "outcome": result["outcome"], "passages": result["chunks"],
            "resumed": result.get("resumed", 0)}


def _killed_run(path: Path, data_dir: Path, kill_at: float) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.Popen(_ingest_cmd(path, data_dir), cwd=REPO, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen, done, total = "", 0, 0
    while True:
        ch = proc.stderr.read(1)
        if not ch:
            raise RuntimeError(f"the ingest ended before {kill_at:.0%}: {seen[-500:]}")
        seen += ch
        bars = _BAR.findall(seen[-80:]) if ch in "]\r\n" else []
        if bars:
            done, total = int(bars[-1][0]), int(bars[-1][1])
            if done >= kill_at * total:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return {"wall_s": round(time.perf_counter() - started, 1), "killed_at_passages": done, "of": total}


def run(sections: int, kill_at: float) -> dict[str, Any]:
    work = OUT_DIR / "resume"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    path = work / "年度台账.txt"
    path.write_text(generated_report(sections), encoding="utf-8")
    full = _timed_json_run(path, work / "kb-full")
    killed = _killed_run(path, work / "kb-resume", kill_at)
    rerun = _timed_json_run(path, work / "kb-resume")
    unchanged = _timed_json_run(path, work / "kb-resume")  # the fixed cost: start, model, checks
    return {
        "file_chars": len(path.read_text(encoding="utf-8")), "passages": full["passages"],
        "full_ingest": full, "killed_run": killed, "rerun_after_kill": rerun, "run_with_nothing_to_do": unchanged,
        "rerun_vs_full": round(rerun["wall_s"] / full["wall_s"], 2),
        "load_average": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.resume_bench", description="断点续传导入基准")
    parser.add_argument("--sections", type=int, default=160, help="生成文件的小节数（约两节一段）")
    parser.add_argument("--kill-at", type=float, default=0.7, help="在已存段落达到该比例时强制结束导入")
    parser.add_argument("--out", default=str(RESULTS_DIR / "resume.json"))
    args = parser.parse_args(argv)
    results = run(args.sections, args.kill_at)
    results["command"] = "python -m bench.resume_bench " + " ".join(argv if argv is not None else sys.argv[1:])
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    f, k, r = results["full_ingest"], results["killed_run"], results["rerun_after_kill"]
    print(f"段落 {results['passages']}：完整导入 {f['wall_s']} 秒；在 {k['killed_at_passages']}/{k['of']} 段时强制结束；"
          f"续传重跑 {r['wall_s']} 秒（沿用 {r['resumed']} 段），为完整导入的 {results['rerun_vs_full']:.0%}；"
          f"无事可做的一次运行 {results['run_with_nothing_to_do']['wall_s']} 秒。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
