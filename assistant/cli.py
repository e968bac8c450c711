"""The ``djqa`` console script: one command with the verbs of the ``python -m`` entry points.

djqa ingest …   = python -m ingest …
djqa search …   = python -m assistant search …
djqa ask …      = python -m assistant ask …
djqa prepare …  = python -m assistant prepare …
djqa serve …    = python app.py …
"""

from __future__ import annotations

import sys
from typing import Callable

USAGE = """用法：djqa <命令> [参数]

命令：
  ingest   导入文件或文件夹到知识库（同 python -m ingest）
  search   检索相关段落（同 python -m assistant search）
  ask      回答问题并给出引用（同 python -m assistant ask）
  prepare  按主题生成备课材料：党课提纲、主题党日方案、学习材料汇编（同 python -m assistant prepare）
  serve    启动网页（同 python app.py）

每个命令加 --help 查看参数，例如：djqa ask --help"""


def _ingest(rest: list[str]) -> int:
    from ingest.__main__ import main

    return main(rest)


def _assistant(verb: str) -> Callable[[list[str]], int]:
    def run(rest: list[str]) -> int:
        from assistant.__main__ import main

        return main([verb, *rest])

    return run


def _serve(rest: list[str]) -> int:
    from app import main

    return main(rest)


VERBS: dict[str, Callable[[list[str]], int]] = {
    "ingest": _ingest,
    "search": _assistant("search"),
    "ask": _assistant("ask"),
    "prepare": _assistant("prepare"),
    "serve": _serve,
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if args else 2
    verb, rest = args[0], args[1:]
    if verb not in VERBS:
        print(f"未知命令「{verb}」。\n\n{USAGE}", file=sys.stderr)
        return 2
    return VERBS[verb](rest)


if __name__ == "__main__":
    sys.exit(main())
