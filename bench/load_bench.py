"""Load on the real web app: ``python -m bench.load_bench --data-dir DIR [--sessions 20] [--rounds 5]``.

Starts ``python app.py`` on a free port of 127.0.0.1, then runs concurrent sessions (each its own
gradio_client.Client, so its own session) through the ``/ask`` API, all starting together. One session
in ``--long-every`` sends questions of the maximal length (``max_question_chars``); the others send
answerable questions of the evaluation set. Reports p50/p95 of the normal questions (goal: p95 ≤ 2 s
on 2 cores), of the maximal ones, errors, and the normal questions' latency of one session alone.
It reports numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench import DEFAULT_QUESTIONS, REPO, RESULTS_DIR
from eval.metrics import percentile

P95_GOAL_S = 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _questions(limit: int) -> tuple[list[str], str]:
    """Answerable questions of the evaluation set, and one question of exactly ``limit`` characters made of them."""
    rows = [json.loads(line) for line in DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    normal = [r["question"] for r in rows if r.get("answerable") and not r.get("history")]
    long = "".join(normal)
    while len(long) < limit:
        long += long
    return normal, long[:limit]


def _start_app(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "app.py", "--data-dir", str(data_dir), "--port", str(port)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.terminate()
    raise RuntimeError("app.py did not start within 600 s")


def _session(url: str, questions: list[str], start: threading.Barrier, out: list[dict[str, Any]], kind: str) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False)
    start.wait()
    for question in questions:
        began = time.perf_counter()
        try:
            client.predict(question, "extractive", 5, None, None, api_name="/ask")
            error = None
        except Exception as exc:  # measured and reported, not raised
            error = repr(exc)[:200]
        out.append({"kind": kind, "seconds": time.perf_counter() - began, "error": error})


def _summary(samples: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    ok = [s["seconds"] for s in samples if s["kind"] == kind and s["error"] is None]
    return {
        "n": sum(1 for s in samples if s["kind"] == kind),
        "errors": sum(1 for s in samples if s["kind"] == kind and s["error"] is not None),
        "p50_s": round(percentile(ok, 50) or 0.0, 3), "p95_s": round(percentile(ok, 95) or 0.0, 3),
        "max_s": round(max(ok, default=0.0), 3),
    }


def run(data_dir: Path, sessions: int, rounds: int, long_every: int) -> dict[str, Any]:
    from assistant.settings import build_settings

    limit = build_settings(data_dir).max_question_chars
    normal, long = _questions(limit)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    app = _start_app(data_dir, port)
    try:
        alone: list[dict[str, Any]] = []
        _session(url, normal[:2], threading.Barrier(1), [], "warm-up")
        _session(url, normal[:rounds], threading.Barrier(1), alone, "normal")
        samples: list[dict[str, Any]] = []
        barrier = threading.Barrier(sessions)
        threads = []
        for i in range(sessions):
            is_long = long_every > 0 and i % long_every == 0
            asked = [long] * rounds if is_long else [normal[(i * rounds + r) % len(normal)] for r in range(rounds)]
            threads.append(threading.Thread(target=_session, args=(url, asked, barrier, samples, "long" if is_long else "normal")))
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
    finally:
        app.terminate()
        app.wait(30)
    errors = sorted({s["error"] for s in samples if s["error"]})
    return {
        "sessions": sessions, "rounds": rounds, "long_sessions": sum(1 for i in range(sessions) if long_every > 0 and i % long_every == 0),
        "max_question_chars": limit, "wall_s": round(wall, 2),
        "normal": _summary(samples, "normal"), "long": _summary(samples, "long"),
        "normal_alone": _summary(alone, "normal"), "error_kinds": errors[:5],
        "goal_normal_p95_s": P95_GOAL_S, "cores_logical": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()],
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_bench", description="网页应用并发压力测试")
    parser.add_argument("--data-dir", type=Path, required=True, help="知识库数据目录（会被应用读取，请用副本）")
    parser.add_argument("--sessions", type=int, default=20, help="同时提问的会话数")
    parser.add_argument("--rounds", type=int, default=5, help="每个会话依次提问的次数")
    parser.add_argument("--long-every", type=int, default=4, help="每几个会话中有一个只发最长的问题（0：不发）")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "load.json", help="结果 JSON 的路径")
    args = parser.parse_args(argv)
    result = run(args.data_dir, args.sessions, args.rounds, args.long_every)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n, g, a = result["normal"], result["long"], result["normal_alone"]
    print(f"{result['sessions']} 个会话同时提问（其中 {result['long_sessions']} 个只发 {result['max_question_chars']} 字的最长问题），每个 {result['rounds']} 次：")
    print(f"  普通问题：p50 {n['p50_s']} 秒，p95 {n['p95_s']} 秒（目标 ≤ {P95_GOAL_S:g} 秒，{'达标' if n['p95_s'] <= P95_GOAL_S else '未达标'}），出错 {n['errors']}/{n['n']}")
    print(f"  最长问题：p50 {g['p50_s']} 秒，p95 {g['p95_s']} 秒，出错 {g['errors']}/{g['n']}")
    print(f"  单个会话独自提问：p50 {a['p50_s']} 秒，p95 {a['p95_s']} 秒")
    print(f"结果已写入 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
