"""``python -m assistant prepare lesson|theme-day|study-pack "主题" --data-dir DIR [--json] [--docx F] [--md F]``"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.prepare.docx import write_docx
from assistant.prepare.markdown import product_markdown
from assistant.prepare.model import KIND_LABELS
from assistant.service import Service

KINDS = tuple(KIND_LABELS)


def add_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("prepare", help="备课：生成带出处的党课提纲、主题党日方案或学习材料汇编")
    p.add_argument("kind", choices=KINDS, help="lesson：党课提纲；theme-day：主题党日方案；study-pack：学习材料汇编")
    p.add_argument("topic", help="主题，例如“党建与生产经营深度融合”")
    p.add_argument("--data-dir", help="数据目录（默认取 DJQA_DATA_DIR，否则 ./data）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--docx", type=Path, help="另存为 Word 文件（.docx）")
    p.add_argument("--md", type=Path, help="另存为 Markdown 文件")
    p.add_argument("--mode", choices=("extractive", "llm"), default=None,
                   help="extractive：原文摘录（默认）；llm：大模型起草讲稿（需配置 DJQA_LLM_*）")


def run(service: Service, args: argparse.Namespace) -> int:
    from assistant.prepare.llm import build_product

    product = build_product(service, args.kind, args.topic, args.mode)
    text = product_markdown(product)
    if args.docx:
        write_docx(product, args.docx)
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(text, encoding="utf-8")
    if args.json:
        print(json.dumps(product.to_json(), ensure_ascii=False))
    else:
        print(text)  # notices are in its "说明" part
        for path in (args.docx, args.md):
            if path:
                print(f"已保存：{path}")
    return 0
