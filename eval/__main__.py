"""Command line of the evaluation tools: ``python -m eval <command> ...``.

Every command is a function in :data:`COMMANDS` that adds one subparser and sets ``handler``
(taking the parsed arguments, returning the exit code) as its default. Adding a command
(``run``, ``compare``...) is one such function and one entry in that tuple.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeAlias

from eval.thresholds import GATE_FAILED
from eval.dataset import QUESTION_TYPES, check_dataset, read_dataset, type_counts

CORPUS_ENV = "DJQA_CORPUS_DIR"

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # what add_subparsers() returns


def default_corpus_dir() -> Path:
    """$DJQA_CORPUS_DIR, else the shared corpus next to the repository (``../shared/corpus``)."""
    configured = os.environ.get(CORPUS_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


# ---------------------------------------------------------------- check


def _add_check(subparsers: SubParsers) -> None:
    parser = subparsers.add_parser("check", help="校验评测数据集的格式及其与语料库的一致性")
    parser.add_argument("dataset", type=Path, help="数据集 JSONL 文件")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=f"语料库目录（默认：${CORPUS_ENV}，否则为仓库旁的 ../shared/corpus）",
    )
    parser.set_defaults(handler=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    corpus = args.corpus or default_corpus_dir()
    problems = check_dataset(args.dataset, corpus)
    for problem in problems:
        print(problem)
    questions = [q for _, q in read_dataset(args.dataset)[0]]
    counts = type_counts(questions)
    per_type = "，".join(f"{t} {counts[t]}" for t in QUESTION_TYPES)
    verdict = f"发现 {len(problems)} 个问题" if problems else "未发现问题"
    print(f"共 {len(questions)} 题（{per_type}）；{verdict}。")
    return 1 if problems else 0


# ---------------------------------------------------------------- run

DEFAULT_DATASET = Path(__file__).resolve().parent / "datasets" / "dev.jsonl"
DEFAULT_TEST = Path(__file__).resolve().parent / "datasets" / "test.jsonl"


def _systems(text: str) -> tuple[str, ...]:
    from eval.run import ALL_SYSTEMS

    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in ALL_SYSTEMS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"未知的系统：{'、'.join(unknown) or '（空）'}；可选：{','.join(ALL_SYSTEMS)}")
    return names


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("必须是正整数")
    return value


def _add_run(subparsers: SubParsers) -> None:
    parser = subparsers.add_parser("run", help="在语料库上运行评测（本系统与基线对比），生成 JSON/Markdown/HTML 报告")
    parser.add_argument("--dataset", type=Path, default=None,
                        help="开发集（调参用）JSONL 文件（默认：内置开发集 eval/datasets/dev.jsonl）")
    parser.add_argument("--test", type=Path, default=None,
                        help="测试集（冻结，不用于调参）JSONL 文件；未给 --dataset 时默认为内置测试集 eval/datasets/test.jsonl")
    parser.add_argument("--no-test", action="store_true", help="只评测开发集")
    parser.add_argument("--show-test-failures", action="store_true",
                        help="在报告中逐题列出测试集的失败题目（默认只给数量：调参时不看测试集的具体错题）")
    parser.add_argument("--corpus", type=Path, default=None, help=f"语料库目录（默认：${CORPUS_ENV}，否则为 ../shared/corpus）")
    parser.add_argument("--out", type=Path, required=True, help="报告输出目录（新建的知识库放在其下的 kb/）")
    parser.add_argument("--data-dir", type=Path, default=None, help="使用已有的知识库数据目录（非空时不再重新导入）")
    parser.add_argument("--systems", type=_systems, default="full,dense_ours,lc_dense,bm25_jieba",
                        help="参评系统，逗号分隔：full,dense_ours,lc_dense,bm25_jieba")
    parser.add_argument("--mode", choices=("extractive", "llm"), default=None, help="回答模式（默认取配置）")
    parser.add_argument("--limit", type=_positive, default=None, help="每个题集只评测 N 道题（按题型轮流抽取）")
    parser.add_argument("--excerpt-chars", type=_positive, default=60, help="报告中检索段落与回答的摘录字数（默认 60）")
    parser.add_argument("--gate", action="store_true", help=f"检查质量门槛，未通过时退出码为 {GATE_FAILED}")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    parser.set_defaults(handler=_run_run)


def split_datasets(dataset: Path | None, test: Path | None, no_test: bool) -> tuple[Path, Path | None]:
    """The dev and test datasets of a run: the built-in splits by default; with a dataset of one's
    own (``--dataset``), no test split unless ``--test`` names one; none at all with ``--no-test``."""
    if no_test:
        return dataset or DEFAULT_DATASET, None
    return dataset or DEFAULT_DATASET, test or (DEFAULT_TEST if dataset is None else None)


def _run_run(args: argparse.Namespace) -> int:
    from assistant.errors import DjqaError
    from eval.dataset import DatasetError
    from eval.report import summary_lines, write_reports
    from eval.run import RunOptions, run_evaluation
    from eval.thresholds import check_gates

    systems = args.systems if isinstance(args.systems, tuple) else _systems(args.systems)
    dev, test = split_datasets(args.dataset, args.test, args.no_test)
    options = RunOptions(
        dataset=dev, test_dataset=test, corpus=args.corpus or default_corpus_dir(),
        out=args.out, data_dir=args.data_dir, systems=systems, mode=args.mode, limit=args.limit,
        excerpt_chars=args.excerpt_chars, progress=not args.quiet, show_test_failures=args.show_test_failures,
    )
    if not options.corpus.is_dir():
        print(f"错误：语料目录不存在：{options.corpus}", file=sys.stderr)
        return 2
    try:
        report = run_evaluation(options)
    except (DatasetError, DjqaError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    paths = write_reports(report, args.out)
    for line in summary_lines(report):
        print(line)
    print(f"报告：{paths['html']}（另有 {paths['md'].name}、{paths['json'].name}）")
    if not args.gate:
        return 0
    failed = [g for g in check_gates(report) if not g.passed]
    for gate in failed:
        print(f"未通过门槛：{gate.name}（{gate.detail}）")
    print("质量门槛全部通过。" if not failed else f"共 {len(failed)} 项门槛未通过。")
    return GATE_FAILED if failed else 0


# ---------------------------------------------------------------- compare


def _add_compare(subparsers: SubParsers) -> None:
    parser = subparsers.add_parser("compare", help="对比两份评测报告（report.json），列出指标变化与逐题变化")
    parser.add_argument("report_a", type=Path, help="基准报告（report.json 或其所在目录）")
    parser.add_argument("report_b", type=Path, help="新报告（report.json 或其所在目录）")
    parser.add_argument("--out", type=Path, default=None, help="同时把对比结果写入该 Markdown 文件")
    parser.set_defaults(handler=_run_compare)


def _report_path(path: Path) -> Path:
    return path / "report.json" if path.is_dir() else path


def _run_compare(args: argparse.Namespace) -> int:
    import json

    from eval.compare import load_report, render_comparison

    paths = [_report_path(args.report_a), _report_path(args.report_b)]
    try:
        a, b = (load_report(p) for p in paths)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"错误：无法读取报告：{exc}", file=sys.stderr)
        return 2
    text = render_comparison(a, b, str(paths[0]), str(paths[1]))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"对比结果已写入：{args.out}")
    return 0


# ---------------------------------------------------------------- prepare


def _add_prepare(subparsers: SubParsers) -> None:
    from eval.prepare import DEFAULT_TOPICS

    parser = subparsers.add_parser("prepare", help="评测备课材料（党课提纲、主题党日方案、学习材料汇编）")
    parser.add_argument("--topics", type=Path, default=DEFAULT_TOPICS, help="主题集 JSONL 文件（默认：内置主题集）")
    parser.add_argument("--corpus", type=Path, default=None, help=f"语料库目录（默认：${CORPUS_ENV}，否则为 ../shared/corpus）")
    parser.add_argument("--out", type=Path, required=True, help="结果输出目录（新建的知识库放在其下的 kb/）")
    parser.add_argument("--data-dir", type=Path, default=None, help="使用已有的知识库数据目录（非空时不再重新导入）")
    parser.add_argument("--gate", action="store_true", help=f"检查质量门槛，未通过时退出码为 {GATE_FAILED}")
    parser.set_defaults(handler=_run_prepare)


def _run_prepare(args: argparse.Namespace) -> int:
    import json

    from assistant.service import build_service
    from eval.prepare import failed_gates, read_topics, run_topics, summary_markdown
    from eval.run import RunOptions, prepare_settings

    corpus = args.corpus or default_corpus_dir()
    try:
        topics = read_topics(args.topics)
    except (OSError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if not corpus.is_dir() and not args.data_dir:
        print(f"错误：语料目录不存在：{corpus}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    settings = prepare_settings(RunOptions(dataset=args.topics, corpus=corpus, out=args.out, data_dir=args.data_dir))
    report = run_topics(build_service(settings), topics)
    (args.out / "prepare.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    text = summary_markdown(report)
    (args.out / "prepare.md").write_text(text, encoding="utf-8")
    print(text)
    failed = failed_gates(report["summary"]["all"])
    if not args.gate:
        return 0
    for line in failed:
        print(f"未通过门槛：{line}")
    print("质量门槛全部通过。" if not failed else f"共 {len(failed)} 项门槛未通过。")
    return GATE_FAILED if failed else 0


# ---------------------------------------------------------------- entry point

COMMANDS: tuple[Callable[[SubParsers], None], ...] = (_add_check, _add_run, _add_compare, _add_prepare)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval", description="党建智答评测工具")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
