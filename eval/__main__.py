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


# ---------------------------------------------------------------- entry point

COMMANDS: tuple[Callable[[SubParsers], None], ...] = (_add_check,)


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
