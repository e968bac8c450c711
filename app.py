"""python app.py --data-dir DIR [--host H] [--port P] — the 党建智答 web app (Gradio)."""

from __future__ import annotations

import argparse
import sys

from assistant.errors import DjqaError
from assistant.service import build_service
from assistant.settings import build_settings
from assistant.webui import create_app, launch_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="党建智答网页版")
    parser.add_argument("--data-dir", help="数据目录（默认取环境变量 DJQA_DATA_DIR，否则为 ./data）")
    parser.add_argument("--host", help="监听地址（默认 127.0.0.1；局域网访问用 0.0.0.0）")
    parser.add_argument("--port", type=int, help="端口（默认 7860）")
    args = parser.parse_args(argv)
    overrides = {name: value for name, value in (("host", args.host), ("port", args.port)) if value is not None}
    try:
        settings = build_settings(args.data_dir, **overrides)
        demo = create_app(build_service(settings), settings)
    except DjqaError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    launch_app(demo, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
