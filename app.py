"""python app.py --data-dir DIR — the web chat (placeholder search page until the chat lands)."""

from __future__ import annotations

import argparse

import gradio as gr

from assistant.service import Service, build_service
from assistant.settings import build_settings


def create_app(service: Service) -> gr.Blocks:
    def search(question: str) -> str:
        result = service.search(question)
        return "\n\n".join(f"**[{n}] 《{h.document.title}》{h.chunk.locator}**\n\n{h.chunk.text}" for n, h in enumerate(result.hits, 1))

    with gr.Blocks(title="党建智答") as demo:
        gr.Markdown("# 党建智答")
        box = gr.Textbox(label="问题")
        out = gr.Markdown()
        box.submit(search, box, out)
    return demo


def main() -> None:
    parser = argparse.ArgumentParser(description="党建智答网页版")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    settings = build_settings(args.data_dir)
    create_app(build_service(settings)).launch(server_name=settings.host, server_port=settings.port)


if __name__ == "__main__":
    main()
