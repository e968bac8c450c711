"""python -m bench [ingest|search|synthetic|prepare|all] [--out bench/results/latest.json]"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil

from bench import DEFAULT_CORPUS, DEFAULT_QUESTIONS, DEFAULT_TOPICS, OUT_DIR, REPO, RESULTS_DIR, TARGETS
from bench import ingest_bench, prepare_bench, search_bench, synthetic


def machine_info(embedder: str | None = None) -> dict[str, Any]:
    """Where and when the numbers were measured."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "unknown", None
    return {
        "cores_logical": os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "embedder": embedder,
        "env": {k: v for k, v in sorted(os.environ.items()) if k.startswith(("OMP_", "GOMP_", "DJQA_"))},
        "git_commit": commit,
        "git_dirty": dirty,
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _mark(value: float, target: float) -> str:
    return "✓ 达标" if value <= target else "✗ 未达标"


def _rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    ing = results.get("ingest")
    if ing:
        f, r = ing["first_run"], ing["rerun"]
        rows += [
            ("导入：文件数 / 段落数", f"{f['files']} / {ing['passages']}", ""),
            ("导入：首次总用时（含加载模型）", f"{f['total_s']} 秒", f"目标 ≤ {TARGETS['ingest_first_run_s']:.0f} 秒，{_mark(f['total_s'], TARGETS['ingest_first_run_s'])}"),
            ("  导入阶段占用 CPU 时间", f"{f['ingest_cpu_s']} 秒", "所有线程合计；空闲机器上的用时约为它除以可用核数"),
            ("  其中 解析+清理+分段", f"{f['split_s']['load_clean_chunk']} 秒", ""),
            ("  其中 向量化", f"{f['split_s']['embedding']} 秒", f"{f['texts_embedded']} 段"),
            ("  其中 Chroma 写入 / 读取", f"{f['split_s']['chroma_write']} / {f['split_s']['chroma_read']} 秒", ""),
            ("  其中 启动（打开库+首次调用模型）", f"{f['setup_s']} 秒", ""),
            ("导入：重复导入用时", f"{r['total_s']} 秒", "未新增任何内容 ✓" if ing["rerun_added_nothing"] else "有新增 ✗"),
            ("导入：失败文件", str(f["outcomes"]["failed"] + r["outcomes"]["failed"]), "✓" if ing["no_failures"] else "✗"),
        ]
    srch = results.get("search")
    if srch:
        lat = srch["latency_ms"]
        rows += [
            ("检索（语料库）：段落数 / 问题数", f"{srch['chunks']} / {lat['n']}", f"预热 {srch['warmup_queries']} 次"),
            ("检索（语料库）：p50", f"{lat['p50']} 毫秒", f"目标 ≤ {TARGETS['corpus_search_p50_ms']:.0f}，{_mark(lat['p50'], TARGETS['corpus_search_p50_ms'])}"),
            ("检索（语料库）：p95", f"{lat['p95']} 毫秒", f"目标 ≤ {TARGETS['corpus_search_p95_ms']:.0f}，{_mark(lat['p95'], TARGETS['corpus_search_p95_ms'])}"),
            ("  p50 向量 / 词法 / 其他", _stages(srch), ""),
            ("检索（语料库）：首次检索（冷启动）", f"{srch['cold_first_search_ms']} 毫秒", f"打开服务 {srch['open_s']} 秒"),
            ("检索（语料库）：进程内存峰值", f"{_peak(srch)} MB", ""),
        ]
    syn = results.get("synthetic")
    if syn:
        nc, wc = syn["cold_no_cache"], syn["cold_with_cache"]
        lat = wc["latency_ms"]
        rows += [
            ("合成库：段落数 / 文档数", f"{syn['kb']['chunks']} / {syn['kb']['documents']}", "复用缓存" if syn["kb"]["reused"] else f"构建 {syn['kb']['build_s']['total']} 秒"),
            ("合成库：检索 p50 / p95", f"{lat['p50']} / {lat['p95']} 毫秒", f"目标 p95 ≤ {TARGETS['synthetic_search_p95_ms']:.0f}，{_mark(lat['p95'], TARGETS['synthetic_search_p95_ms'])}"),
            ("  p50 向量 / 词法 / 其他", _stages(wc), ""),
            ("合成库：冷启动首次检索（无词法缓存）", f"{nc['cold_first_search_ms']} 毫秒", "含构建 BM25 快照"),
            ("合成库：冷启动首次检索（有词法缓存）", f"{wc['cold_first_search_ms']} 毫秒", ""),
            ("合成库：无缓存进程的检索 p95", f"{nc['latency_ms']['p95']} 毫秒", ""),
            ("合成库：进程内存峰值", f"{syn['peak_rss_mb']} MB", f"目标 ≤ {TARGETS['synthetic_peak_rss_mb']:.0f} MB，{_mark(syn['peak_rss_mb'], TARGETS['synthetic_peak_rss_mb'])}"),
        ]
    prep = results.get("prepare")
    if prep:
        labels = {"lesson": "党课提纲", "theme-day": "主题党日方案", "study-pack": "学习材料汇编"}
        target = TARGETS["prepare_p95_ms"]
        for kind, r in prep["kinds"].items():
            rows.append((f"备课（{labels.get(kind, kind)}，{prep['topics']} 个主题）：p50 / p95",
                         f"{r['p50']} / {r['p95']} 毫秒", f"目标 p95 ≤ {target:.0f}，{_mark(r['p95'], target)}"))
    return rows


def _stages(r: dict[str, Any]) -> str:
    s = r["stage_ms"]
    return f"{s['dense']['p50']} / {s['lexical']['p50']} / {s['other']['p50']} 毫秒"


def _peak(r: dict[str, Any]) -> float:
    return max(r["rss_mb"]["sampled_peak"], r["rss_mb"]["ru_maxrss"])


def render_table(results: dict[str, Any]) -> str:
    """The numbers as a plain-text Chinese table."""
    rows = [("指标", "数值", "说明")] + _rows(results)
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("-" * (sum(widths) + 4))
    m = results["machine"]
    lines.append(f"机器：{m['cores_logical']} 核，Python {m['python']}，嵌入模型 {m['embedder']}，提交 {m['git_commit'][:10]}"
                 f"{'（有未提交改动）' if m['git_dirty'] else ''}；负载 开始 {results['load_average']['start']} 结束 {results['load_average']['end']}")
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="党建智答性能基准：导入、检索、合成大库")
    parser.add_argument("what", nargs="?", choices=("ingest", "search", "synthetic", "prepare", "all"), default="all")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json", help="结果 JSON 的路径")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="共享语料目录")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="问题集（JSONL）")
    parser.add_argument("--kb", type=Path, default=None, help="检索基准使用的知识库数据目录（默认 bench/out/corpus-kb，没有则先导入）")
    parser.add_argument("--topics", type=Path, default=DEFAULT_TOPICS, help="备课基准的主题集（JSONL）")
    parser.add_argument("--warmup", type=int, default=5, help="计时前的预热检索次数")
    parser.add_argument("--limit", type=int, default=None, help="只用前 N 个问题")
    parser.add_argument("--passages", type=int, default=20000, help="合成库段落数")
    parser.add_argument("--docs", type=int, default=200, help="合成库文档数")
    parser.add_argument("--base", type=int, default=500, help="合成库中真实向量化的段落数")
    parser.add_argument("--work-dir", type=Path, default=OUT_DIR, help="构建知识库的目录（默认 bench/out，不入库）")
    parser.add_argument("--rebuild", action="store_true", help="重建合成库（忽略 bench/out 下的缓存）")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {"command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
                               "load_average": {"start": _load()}, "targets": TARGETS}
    started = time.perf_counter()
    corpus_kb = args.work_dir / "corpus-kb"
    if args.what in ("ingest", "all"):
        results["ingest"] = ingest_bench.run(args.corpus, corpus_kb)
    if args.what in ("search", "all"):
        kb = args.kb or corpus_kb
        if args.kb is None and not (corpus_kb / "chroma").is_dir():
            ingest_bench.run(args.corpus, corpus_kb)
        results["search"] = search_bench.run(kb, args.questions, args.warmup, args.limit)
    if args.what == "prepare":
        kb = args.kb or corpus_kb
        if args.kb is None and not (corpus_kb / "chroma").is_dir():
            ingest_bench.run(args.corpus, corpus_kb)
        results["prepare"] = prepare_bench.run(kb, args.topics, min(args.warmup, 2), args.limit)
    if args.what in ("synthetic", "all"):
        spec = synthetic.SyntheticSpec(passages=args.passages, docs=args.docs, base=args.base)
        results["synthetic"] = synthetic.run(spec, args.work_dir / spec.name, args.corpus, args.questions, args.warmup, args.limit, args.rebuild)
    results["load_average"]["end"] = _load()
    results["seconds"] = round(time.perf_counter() - started, 1)
    embedder = (results.get("search") or results.get("synthetic", {}).get("kb")
                or results.get("ingest", {}).get("first_run") or {}).get("embedder")
    results["machine"] = machine_info(embedder)
    print(render_table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"结果已写入 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
