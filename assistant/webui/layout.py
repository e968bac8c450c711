"""The Gradio app: ``create_app(service, settings)`` builds it, ``launch_app`` serves it."""

from __future__ import annotations

from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from assistant.service import Service
from assistant.settings import Settings
from assistant.webui import render
from assistant.webui.blocks import DjqaBlocks
from assistant.webui.handlers import (
    DOC_COLUMNS, KIND_CHOICES, LLM_MISSING, MODE_CHOICES, RESULT_COLUMNS, STATUS_CHOICES, Handlers,
)
from assistant.webui.prepare_tab import build_tab as build_prepare_tab
from assistant.webui.locale import TOAST_CSS, PageLocaleMiddleware, gradio_i18n
from assistant.webui.uploads import ALLOWED_LABEL

TITLE = "党建智答"
EXAMPLES = [
    "如何开展主题党日活动？",
    "党章第九条是怎么规定的？",
    "三会一课包括哪些内容？",
    "推進基層黨建與生產經營深度融合有哪些做法？",
]


def _kb_outputs(h: Handlers) -> tuple[str, list[list[Any]], gr.Dropdown]:
    return h.kb_summary(), h.documents_table(), gr.Dropdown(choices=h.document_choices(), value=None)


def create_app(service: Service, settings: Settings) -> gr.Blocks:
    """Build the UI over ``service``. Conversation state is per browser session (gr.State) only."""
    h = Handlers(service, settings)
    with DjqaBlocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}\n面向国企基层党建工作的知识库问答：答案只依据知识库中的原文，并逐句标注出处。")
        turns = gr.State([])
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="对话", height=560, elem_id="djqa-chat", sanitize_html=True, render_markdown=True,
                            allow_tags=False, latex_delimiters=[], feedback_options=("Like", "Dislike"), buttons=["copy"],
                            placeholder="请在下方输入问题，或点击示例问题。",
                        )
                        with gr.Row():
                            box = gr.Textbox(label="问题", placeholder=f"请输入问题（不超过 {settings.max_question_chars} 字），按回车发送",
                                             show_label=False, scale=6, elem_id="djqa-question", autofocus=True,
                                             max_length=settings.max_question_chars)
                            send = gr.Button("发送", variant="primary", scale=1, min_width=80)
                            clear = gr.Button("清空对话", scale=1, min_width=80)
                        counter = gr.HTML(render.counter_html(0, settings.max_question_chars), elem_id="djqa-counter",
                                          padding=False)
                        gr.Examples(EXAMPLES, inputs=box, label="示例问题")
                        with gr.Accordion("导出党课素材", open=False):
                            gr.Markdown("把本次对话中带出处的回答、所引原文和参考文献整理成一个 Markdown 文件，供备课引用。")
                            export_btn = gr.Button("生成素材文件", elem_id="djqa-export-btn")
                            export_file = gr.File(label="素材文件", interactive=False, elem_id="djqa-export")
                            export_msg = gr.Markdown(elem_id="djqa-export-msg")
                    with gr.Column(scale=2):
                        sources = gr.HTML(render.SOURCES_EMPTY, label="引用来源", elem_id="djqa-sources", padding=True,
                                          max_height=680)
            build_prepare_tab(service, settings)
            with gr.Tab("知识库", id="kb"):
                summary = gr.Markdown(elem_id="djqa-kb-summary")
                files = gr.File(label=f"上传文档（{ALLOWED_LABEL}，单个不超过 {settings.upload_max_mb:g} MB）",
                                file_count="multiple", type="filepath", elem_id="djqa-upload")
                with gr.Row():
                    overwrite = gr.Checkbox(label="同名文件作为新版本替换旧文档", value=False)
                    upload_btn = gr.Button("导入知识库", variant="primary", elem_id="djqa-upload-btn")
                results = gr.Dataframe(headers=RESULT_COLUMNS, label="导入结果", interactive=False, elem_id="djqa-results")
                docs = gr.Dataframe(headers=DOC_COLUMNS, label="文档列表", interactive=False, elem_id="djqa-docs")
                with gr.Row():
                    doc_pick = gr.Dropdown(label="选择要删除的文档", choices=[], allow_custom_value=True, scale=4,
                                           elem_id="djqa-delete")
                    delete_btn = gr.Button("删除文档", variant="stop", scale=1)
                    refresh_btn = gr.Button("刷新列表", scale=1)
                delete_msg = gr.Markdown()
            with gr.Tab("设置", id="settings"):
                mode = gr.Radio(MODE_CHOICES, value=h.resolve_mode(settings.answer_mode), label="回答方式",
                                interactive=settings.llm_configured,
                                info="原文摘录：直接摘取知识库原文作答；大模型：由大模型依据原文组织语言。")
                if not settings.llm_configured:
                    gr.Markdown(f"⚠️ {LLM_MISSING}")
                k = gr.Slider(1, 10, value=settings.top_k, step=1, label="引用来源数")
                # Chinese labels as the values too (the handlers accept either): screen readers read the values.
                kinds = gr.CheckboxGroup([lb for lb, _ in KIND_CHOICES], value=[lb for lb, _ in KIND_CHOICES], label="文档类型",
                                         info="都不选等于不限。")
                statuses = gr.CheckboxGroup([lb for lb, _ in STATUS_CHOICES], value=[lb for lb, _ in STATUS_CHOICES], label="效力状态",
                                            info="都不选等于不限。")

        chat_in = [box, turns, mode, k, kinds, statuses]
        chat_out = [box, chatbot, sources, turns]

        def chat(message: str, current: list[dict[str, Any]], mode: str, k: float, kinds: list[str], statuses: list[str],
                 request: gr.Request) -> Any:
            yield from h.chat(message, current, mode, k, kinds, statuses, session=request.session_hash)

        box.submit(chat, chat_in, chat_out, api_visibility="private", concurrency_limit=settings.web_concurrency,
                   concurrency_id="chat", show_progress="hidden")
        send.click(chat, chat_in, chat_out, api_visibility="private", concurrency_id="chat", show_progress="hidden")
        box.change(None, [box], [counter], js=render.counter_js(settings.max_question_chars), queue=False,
                   api_visibility="private")
        clear.click(h.clear, None, chat_out, api_visibility="private", queue=False)
        export_btn.click(h.export, [turns], [export_file, export_msg], api_visibility="private")

        def on_like(current: list[dict[str, Any]], data: gr.LikeData) -> None:
            gr.Info(h.vote(current, data.index, data.liked))

        chatbot.like(on_like, [turns], None, api_visibility="private")

        kb_out = [summary, docs, doc_pick]

        def on_upload(paths: list[str] | None, replace: bool, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
            rows = h.upload(paths, replace, lambda done, total, desc: progress((done, total), desc=desc))
            return (rows, *_kb_outputs(h), None)

        def on_delete(doc_id: str | None) -> tuple[Any, ...]:
            return (h.delete(doc_id), *_kb_outputs(h))

        upload_btn.click(on_upload, [files, overwrite], [results, *kb_out, files], api_name="upload",
                         concurrency_id="kb_write", concurrency_limit=1)
        delete_btn.click(on_delete, [doc_pick], [delete_msg, *kb_out], api_name="delete",
                         concurrency_id="kb_write", concurrency_limit=1)
        refresh_btn.click(lambda: _kb_outputs(h), None, kb_out, api_visibility="private")
        demo.load(lambda: _kb_outputs(h), None, kb_out, api_visibility="private")

        def ask(question: str, mode: str = "extractive", k: int = 5,
                kinds: list[str] | None = None, statuses: list[str] | None = None, request: gr.Request = None) -> dict:
            """Answer a question with citations (the same JSON object as `python -m assistant ask --json`)."""
            return h.ask(question, mode, k, kinds, statuses, session=request.session_hash if request else None)

        def search(question: str, k: int = 5, kinds: list[str] | None = None, statuses: list[str] | None = None) -> dict:
            """The top passages for a question (the same JSON object as `python -m assistant search --json`)."""
            return h.search(question, k, kinds, statuses)

        def documents() -> list[dict]:
            """The documents in the knowledge base, newest first."""
            return h.document_list()

        gr.api(ask, api_name="ask", concurrency_limit=settings.web_concurrency, concurrency_id="chat")
        gr.api(search, api_name="search", concurrency_id="chat")
        gr.api(documents, api_name="documents")
    return demo


def launch_app(demo: gr.Blocks, settings: Settings, **kwargs: Any) -> Any:
    """Serve the app on settings.host:settings.port with optional login. Extra kwargs go to ``Blocks.launch``."""
    auth = (settings.auth_user, settings.auth_password) if settings.auth_user and settings.auth_password else None
    options: dict[str, Any] = {
        "server_name": settings.host, "server_port": settings.port, "auth": auth,
        "auth_message": "请登录党建智答" if auth else None, "css": render.CSS + TOAST_CSS, "show_error": False,
        "max_file_size": f"{max(1, int(settings.upload_max_mb * 2))}mb",
        "allowed_paths": [str(settings.export_dir)],  # lesson material is written there for download
        "footer_links": [],  # Gradio's footer (API page, "Built with Gradio", its settings) is not for members
        "i18n": gradio_i18n(),
        "app_kwargs": {"middleware": [Middleware(PageLocaleMiddleware)]},
    }
    options.update(kwargs)
    demo.queue(default_concurrency_limit=settings.web_concurrency, max_size=settings.web_queue_size)
    return demo.launch(**options)
