"""The "备课" tab: build a lesson outline, theme-day plan or study pack, edit it, download .docx and .md.
The product travels between browser and server as its JSON (a gr.State); no state lives here."""

from __future__ import annotations

import html
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import DjqaError
from assistant.prepare import edit
from assistant.prepare.docx import write_docx
from assistant.prepare.llm import build_product
from assistant.prepare.markdown import SOURCE_MARKS, product_markdown, reference_line
from assistant.prepare.model import KIND_LABELS, Product
from assistant.prepare.products import Workbench
from assistant.service import Service
from assistant.settings import Settings

KIND_CHOICES: list[tuple[str, str]] = [(label, kind) for kind, label in KIND_LABELS.items()]
EMPTY_VIEW = "<p class='djqa-prep-empty'>输入主题并点击“生成”，这里会显示带出处的材料。</p>"
State = dict[str, Any] | None


def product_html(product: Product) -> str:
    """The product for reading in the tab: numbered sections and points, citation marks, source tags, references."""
    esc = html.escape
    parts = [f"<h2>{esc(product.title)}</h2>"]
    for i, section in enumerate(product.sections, 1):
        parts.append(f"<h3 data-section='{i}'>{esc(section.heading or product.topic)}</h3><ol>")
        for point in section.points:
            marks = "".join(f"<sup>[{n}]</sup>" for n in point.citations)
            tag = SOURCE_MARKS.get(point.source, "")
            tag_html = f" <span class='djqa-prep-{point.source}'>{esc(tag)}</span>" if tag else ""
            parts.append(f"<li data-source='{point.source}'>{esc(point.text)}{marks}{tag_html}</li>")
        parts.append("</ol>")
    if product.notices:
        parts.append("<h3>说明</h3><ul>" + "".join(f"<li>{esc(n)}</li>" for n in product.notices) + "</ul>")
    parts.append("<h3>参考文献</h3><ol class='djqa-prep-refs'>")
    for ref in product.references:
        parts.append(f"<li value='{ref.n}'>{esc(reference_line(ref))}</li>")
    parts.append("</ol>")
    return "\n".join(parts)


def point_choices(product: Product) -> list[tuple[str, str]]:
    out = []
    for i, section in enumerate(product.sections):
        for j, point in enumerate(section.points):
            short = point.text if len(point.text) <= 40 else point.text[:40] + "…"
            out.append((f"{i + 1}.{j + 1} {short}", f"{i}:{j}"))
    return out


def section_choices(product: Product) -> list[tuple[str, str]]:
    return [(f"{i + 1}. {s.heading or product.topic}", str(i)) for i, s in enumerate(product.sections)]


class PrepareHandlers:
    """What the tab's buttons do; tests call these directly."""

    def __init__(self, service: Service, settings: Settings) -> None:
        self._service = service
        self._settings = settings

    def prepare(self, kind: str, topic: str, mode: str | None = None) -> dict[str, Any]:
        """The product's JSON (the API endpoint's answer)."""
        return build_product(self._service, kind, topic, mode).to_json()

    def regenerate(self, state: State, section: str | None) -> dict[str, Any]:
        product = self._product(state)
        return Workbench(self._service).regenerate(product, self._index(section)).to_json()

    def export(self, state: State) -> tuple[Path, Path]:
        """The edited product written as .docx and .md under the export directory."""
        product = self._product(state).renumbered()
        stem = f"{KIND_LABELS[product.kind]}-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
        directory = self._settings.export_dir
        directory.mkdir(parents=True, exist_ok=True)
        docx = write_docx(product, directory / f"{stem}.docx")
        md = directory / f"{stem}.md"
        md.write_text(product_markdown(product), encoding="utf-8")
        return docx, md

    @staticmethod
    def _product(state: State) -> Product:
        if not state:
            raise DjqaError("请先生成材料。")
        return Product.from_json(state)

    @staticmethod
    def _index(value: str | None) -> int:
        try:
            return int(str(value).split(":")[0])
        except (TypeError, ValueError):
            raise DjqaError("请先选择一个部分。") from None

    @staticmethod
    def _pair(value: str | None) -> tuple[int, int]:
        try:
            a, b = str(value).split(":")
            return int(a), int(b)
        except (TypeError, ValueError):
            raise DjqaError("请先选择一条要点。") from None

    def drop(self, state: State, point: str | None) -> dict[str, Any]:
        return edit.drop_point(self._product(state), *self._pair(point)).to_json()

    def reword(self, state: State, point: str | None, text: str) -> dict[str, Any]:
        return edit.reword_point(self._product(state), *self._pair(point), text).to_json()

    def add(self, state: State, section: str | None, text: str) -> dict[str, Any]:
        return edit.add_point(self._product(state), self._index(section), text).to_json()

    def move(self, state: State, section: str | None, step: int) -> dict[str, Any]:
        return edit.move_section(self._product(state), self._index(section), step).to_json()


def _view(state: State, message: str = "") -> tuple[Any, ...]:
    """(state, preview, message, point picker, section picker) after a change."""
    if not state:
        return state, EMPTY_VIEW, message, gr.Dropdown(choices=[], value=None), gr.Dropdown(choices=[], value=None)
    product = Product.from_json(state)
    notes = "\n".join(f"- {n}" for n in product.notices)
    return (state, product_html(product), message or notes, gr.Dropdown(choices=point_choices(product), value=None),
            gr.Dropdown(choices=section_choices(product), value=None))


def build_tab(service: Service, settings: Settings) -> None:
    """The tab's components and events; call inside ``gr.Tabs()``."""
    h = PrepareHandlers(service, settings)
    with gr.Tab("备课", id="prepare"):
        gr.Markdown("输入主题，生成带出处的**党课提纲**、**主题党日方案**或**学习材料汇编**；每条要点都摘自知识库原文并标注出处，"
                    "标“模板”的内容来自格式模板，标“自拟”的是您添加或改写的内容。编辑后可下载 Word 和 Markdown 文件。")
        state = gr.State(None)
        with gr.Row():
            kind = gr.Radio(KIND_CHOICES, value="lesson", label="材料类型", elem_id="djqa-prep-kind", scale=3)
            topic = gr.Textbox(label="主题", placeholder="例如：党建与生产经营深度融合", elem_id="djqa-prep-topic", scale=4)
            build = gr.Button("生成", variant="primary", elem_id="djqa-prep-build", scale=1, min_width=80)
        message = gr.Markdown(elem_id="djqa-prep-msg")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                view = gr.HTML(EMPTY_VIEW, elem_id="djqa-prep-view", padding=True)
            with gr.Column(scale=2):
                section = gr.Dropdown(label="选择部分", choices=[], elem_id="djqa-prep-section")
                with gr.Row():
                    up = gr.Button("上移", elem_id="djqa-prep-up", min_width=60)
                    down = gr.Button("下移", elem_id="djqa-prep-down", min_width=60)
                    regen = gr.Button("重新生成本部分", elem_id="djqa-prep-regen", min_width=100)
                point = gr.Dropdown(label="选择要点", choices=[], elem_id="djqa-prep-point")
                text = gr.Textbox(label="内容（改写所选要点，或添加到所选部分）", lines=3, elem_id="djqa-prep-text")
                with gr.Row():
                    reword = gr.Button("改写要点", elem_id="djqa-prep-reword", min_width=60)
                    drop = gr.Button("删除要点", variant="stop", elem_id="djqa-prep-drop", min_width=60)
                    add = gr.Button("添加到本部分", elem_id="djqa-prep-add", min_width=60)
                export = gr.Button("导出 Word 和 Markdown", variant="primary", elem_id="djqa-prep-export")
                docx_file = gr.File(label="Word 文件", interactive=False, elem_id="djqa-prep-docx")
                md_file = gr.File(label="Markdown 文件", interactive=False, elem_id="djqa-prep-md")

    outputs = [state, view, message, point, section]

    def guarded(action):  # a user's mistake is a message, the product stays as it was
        def run(current: State, *args: Any) -> tuple[Any, ...]:
            try:
                return _view(action(current, *args))
            except DjqaError as exc:
                return _view(current, f"⚠️ {exc}")
        return run

    def on_build(kind_value: str, topic_value: str) -> tuple[Any, ...]:
        try:
            return _view(h.prepare(kind_value, topic_value, settings.answer_mode))
        except DjqaError as exc:
            return _view(None, f"⚠️ {exc}")

    def on_export(current: State) -> tuple[Any, Any, str]:
        try:
            docx, md = h.export(current)
            return str(docx), str(md), "已生成 Word 和 Markdown 文件，请点击下载。"
        except DjqaError as exc:
            return None, None, f"⚠️ {exc}"

    common = {"api_visibility": "private", "show_progress": "minimal"}
    build.click(on_build, [kind, topic], outputs, concurrency_id="chat", **common)
    topic.submit(on_build, [kind, topic], outputs, concurrency_id="chat", **common)
    regen.click(guarded(h.regenerate), [state, section], outputs, concurrency_id="chat", **common)
    up.click(guarded(lambda s, sec: h.move(s, sec, -1)), [state, section], outputs, **common)
    down.click(guarded(lambda s, sec: h.move(s, sec, 1)), [state, section], outputs, **common)
    drop.click(guarded(h.drop), [state, point], outputs, **common)
    reword.click(guarded(h.reword), [state, point, text], outputs, **common)
    add.click(guarded(h.add), [state, section, text], outputs, **common)
    export.click(on_export, [state], [docx_file, md_file, message], **common)

    def prepare(kind: str = "lesson", topic: str = "", mode: str = "extractive") -> dict:
        """A lesson outline (lesson), theme-day plan (theme-day) or study pack (study-pack) for a topic
        (the same JSON object as `python -m assistant prepare KIND "主题" --json`)."""
        try:
            return h.prepare(kind, topic, mode)
        except DjqaError as exc:
            raise gr.Error(str(exc)) from exc

    gr.api(prepare, api_name="prepare", concurrency_id="chat")
