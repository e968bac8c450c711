"""python -m ingest PATH [PATH ...] --data-dir DIR  |  python -m ingest list  |  python -m ingest remove ID"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from assistant.errors import DjqaError
from assistant.models import KIND_LABELS, STATUS_LABELS
from assistant.runtime import open_runtime
from assistant.settings import build_settings
from ingest.pipeline import Ingestor, IngestReport, collect_files
from ingest.progress import PassageBars

_OUTCOME_LABELS = {"added": "新增", "unchanged": "未变", "replaced": "更新", "failed": "失败"}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="数据目录（默认取环境变量 DJQA_DATA_DIR，否则为 ./data）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def _print_report(report: IngestReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return
    for r in report.results:
        print(f"[{_OUTCOME_LABELS[r.outcome]}] {r.path}：{r.message}")
    counts = "，".join(f"{_OUTCOME_LABELS[o]} {len(report.of(o))}" for o in ("added", "unchanged", "replaced", "failed"))
    print(f"共 {len(report.results)} 个文件：{counts}；用时 {report.seconds:.1f} 秒。")


def _cmd_ingest(args: argparse.Namespace) -> int:
    settings = build_settings(args.data_dir)
    runtime = open_runtime(settings)
    if args.if_empty and runtime.store.documents():
        print("知识库已有文档，跳过导入。")
        return 0
    paths = [Path(p) for p in args.paths]
    files = collect_files(paths)
    if not files:
        print("没有找到可导入的文件（支持 PDF、DOCX、TXT、Markdown、HTML）。", file=sys.stderr)
        return 2
    root = paths[0] if len(paths) == 1 and paths[0].is_dir() else None
    ingestor = Ingestor(settings, runtime.store, runtime.embedder)
    many = len(files) >= 3
    passages = PassageBars(disable=args.json, position=1 if many else 0)
    with tqdm(total=len(files), desc="导入", unit="个文件", disable=args.json or not many, file=sys.stderr) as bar:
        report = ingestor.ingest(files, root, progress=bar.update, passages=passages,
                                 notify=lambda message: tqdm.write(message, file=sys.stderr))
        passages.close()
    _print_report(report, args.json)
    return 1 if report.failed else 0


def _cmd_list(args: argparse.Namespace) -> int:
    runtime = open_runtime(build_settings(args.data_dir))
    docs = sorted(runtime.store.documents().values(), key=lambda d: d.source)
    if args.json:
        print(json.dumps([{"doc_id": d.doc_id, "title": d.title, "source": d.source, "kind": d.meta.kind,
                           "status": d.meta.status, "chunks": d.chunk_count} for d in docs], ensure_ascii=False, indent=1))
        return 0
    for d in docs:
        print(f"{d.doc_id[:12]}  {d.title}  [{KIND_LABELS[d.meta.kind]}·{STATUS_LABELS[d.meta.status]}]  {d.chunk_count} 段  {d.source}")
    print(f"共 {len(docs)} 个文档。")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    runtime = open_runtime(build_settings(args.data_dir))
    docs = runtime.store.documents().values()
    matches = [d for d in docs if d.doc_id.startswith(args.target) or d.source == args.target]
    if len(matches) != 1:
        print(f"找不到唯一匹配「{args.target}」的文档（匹配 {len(matches)} 个）。", file=sys.stderr)
        return 1
    runtime.store.delete_document(matches[0].doc_id)
    print(f"已删除「{matches[0].title}」（{matches[0].source}）。")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m ingest", description="把文档导入党建智答知识库")
    if argv and argv[0] in ("list", "remove"):
        sub = parser.add_subparsers(dest="command", required=True)
        _common(sub.add_parser("list", help="列出知识库中的文档"))
        remove = sub.add_parser("remove", help="删除一个文档")
        remove.add_argument("target", help="文档 ID（或其前缀）或导入时的路径")
        _common(remove)
        args = parser.parse_args(argv)
        handler = _cmd_list if args.command == "list" else _cmd_remove
    else:
        parser.add_argument("paths", nargs="+", help="文件或文件夹（递归）")
        parser.add_argument("--if-empty", action="store_true", help="知识库已有文档时不导入")
        _common(parser)
        args = parser.parse_args(argv)
        handler = _cmd_ingest
    try:
        return handler(args)
    except DjqaError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
