"""python -m assistant search|ask "问题" --data-dir DIR --json  (also --batch FILE.jsonl; ask: --mode);
python -m assistant prepare lesson|theme-day|study-pack "主题" (see assistant.prepare.cli)"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Iterator

from assistant.errors import DjqaError, QuestionError
from assistant.models import STATUS_LABELS
from assistant.question import check_length
from assistant.prepare import cli as prepare_cli
from assistant.service import Service, build_service
from assistant.settings import build_settings


def _batch(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _print_search(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"问题：{result['question']}（{result['latency_ms']} 毫秒）")
    for n, hit in enumerate(result["hits"], 1):
        status = STATUS_LABELS.get(hit["status"], hit["status"])
        print(f"[{n}] 《{hit['title']}》{hit['locator']}（{status}）score={hit['score']}")
        print(f"    {hit['text'][:160]}")


def _refused_item(item: dict, error: QuestionError, as_json: bool) -> None:
    """A batch line whose question is not accepted: an object with ``error`` in its place, the batch goes on."""
    if as_json:
        print(json.dumps({**({"id": item["id"]} if "id" in item else {}), "question": item["question"],
                          "error": str(error)}, ensure_ascii=False))
    else:
        print(f"错误：{error}", file=sys.stderr)


def _cmd_search(service: Service, args: argparse.Namespace) -> int:
    status = 0
    for item in _questions(args):
        try:
            result = service.search(item["question"], args.k).to_json()
        except QuestionError as exc:
            _refused_item(item, exc, args.json)
            status = 1
            continue
        if "id" in item:
            result = {"id": item["id"], **result}
        _print_search(result, args.json)
    return status


def _print_answer(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"问题：{result['question']}")
    print(result["answer"])
    for notice in result.get("notices", []):
        print(f"提示：{notice}")
    if result["citations"]:
        print("来源：")
        for c in result["citations"]:
            status = STATUS_LABELS.get(c["status"], c["status"])
            print(f"[{c['n']}] 《{c['title']}》{c['locator']}（{status}）")
    elif result["refused"] and result["hits"]:
        print("可能相关的段落：")
        for n, hit in enumerate(result["hits"], 1):
            status = STATUS_LABELS.get(hit["status"], hit["status"])
            print(f"  {n}. 《{hit['title']}》{hit['locator']}（{status}）")
    print(f"（{result['mode']}，{result['latency_ms']} 毫秒）")
    print()


def _cmd_ask(service: Service, args: argparse.Namespace) -> int:
    status = 0
    for item in _questions(args):
        try:
            answer = service.ask(item["question"], item.get("history") or None, args.mode, args.k)
        except QuestionError as exc:
            _refused_item(item, exc, args.json)
            status = 1
            continue
        result = answer.to_json()
        if "id" in item:
            result = {"id": item["id"], **result}
        _print_answer(result, args.json)
        sys.stdout.flush()
    return status


def _questions(args: argparse.Namespace) -> Iterator[dict]:
    if args.batch:
        yield from _batch(Path(args.batch))
    elif args.question:
        yield {"question": args.question}
    else:
        raise DjqaError("请给出问题，或用 --batch 指定问题文件。")


COMMANDS: dict[str, Callable[[Service, argparse.Namespace], int]] = {"search": _cmd_search, "ask": _cmd_ask,
                                                                   "prepare": prepare_cli.run}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="党建智答：检索与问答")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("search", "检索相关段落"), ("ask", "回答问题（带引用）")):
        if name not in COMMANDS:
            continue
        p = sub.add_parser(name, help=help_text)
        p.add_argument("question", nargs="?", help="问题")
        p.add_argument("--batch", help="JSONL 文件，每行 {\"id\": ..., \"question\": ..., \"history\": [...]}（history 可省略）")
        p.add_argument("--data-dir", help="数据目录（默认取 DJQA_DATA_DIR，否则 ./data）")
        p.add_argument("--json", action="store_true", help="输出 JSON")
        p.add_argument("-k", type=int, default=None, help="返回的段落数")
        if name == "ask":
            p.add_argument("--mode", choices=("extractive", "llm"), default=None,
                           help="extractive：原文摘录（默认）；llm：大模型生成（需配置 DJQA_LLM_*）")
    prepare_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = build_settings(args.data_dir)
        if args.command in ("search", "ask") and args.question and not args.batch:
            check_length(args.question, settings.max_question_chars)  # before the model and the store are loaded
        service = build_service(settings)
        return COMMANDS[args.command](service, args)
    except DjqaError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
