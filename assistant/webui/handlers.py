"""Plain functions the web UI calls (and tests call directly). No conversation state lives here:
each browser session's turns travel in and out as a gr.State value."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from assistant.answer.versions import version_label
from assistant.errors import DjqaError, QuestionError
from assistant.models import KIND_LABELS, STATUS_LABELS, Answer, Hit
from assistant.question import check_length, shorten
from assistant.retrieve import Filters
from assistant.service import Service
from assistant.settings import Settings
from assistant.webui import render
from assistant.webui.export import write_lesson
from assistant.webui.feedback import FeedbackLog
from assistant.webui.sessions import SessionGate
from assistant.webui.uploads import KnowledgeBaseEditor, UploadResult

Turn = dict[str, Any]
Message = dict[str, str]
ChatUpdate = tuple[str, list[Message], str, list[Turn]]

MODE_CHOICES: list[tuple[str, str]] = [("原文摘录", "extractive"), ("大模型", "llm")]
KIND_CHOICES: list[tuple[str, str]] = [(KIND_LABELS[k], k) for k in ("article", "regulation", "other")]
STATUS_CHOICES: list[tuple[str, str]] = [(STATUS_LABELS[s], s) for s in ("in_force", "superseded")]
DOC_COLUMNS = ["标题", "类型", "状态", "段落数", "来源"]
RESULT_COLUMNS = ["文件", "结果", "说明"]
LLM_MISSING = (
    "尚未配置大模型服务，目前只能使用“原文摘录”方式回答。如需由大模型组织语言，请管理员在服务器上配置"
    "大模型服务的接口地址和模型名称（服务需要时还要配置访问密钥），然后重新启动本服务。"
)

_LABEL_TO_KIND = {v: k for k, v in KIND_LABELS.items()}
_LABEL_TO_STATUS = {v: k for k, v in STATUS_LABELS.items()}


def _codes(values: Sequence[str] | None, labels: dict[str, str], every: set[str]) -> tuple[str, ...] | None:
    """Selected codes (labels accepted too); None when nothing or everything is selected (no restriction)."""
    codes = tuple(dict.fromkeys(labels.get(v, v) for v in values or ()))
    if not codes or set(codes) >= every:
        return None
    return codes


def build_filters(kinds: Sequence[str] | None, statuses: Sequence[str] | None) -> Filters | None:
    """Filters from the settings tab's check boxes (codes or Chinese labels)."""
    f = Filters(_codes(kinds, _LABEL_TO_KIND, set(KIND_LABELS)), _codes(statuses, _LABEL_TO_STATUS, set(STATUS_LABELS)))
    return None if f.kinds is None and f.statuses is None else f


def history_of(turns: Sequence[Turn]) -> list[Message]:
    """The conversation so far as {"role", "content"} messages (plain text, errors left out)."""
    history: list[Message] = []
    for t in turns:
        if t.get("error"):
            continue
        history.append({"role": "user", "content": t["question"]})
        history.append({"role": "assistant", "content": t["answer"]})
    return history


def messages_of(turns: Sequence[Turn]) -> list[Message]:
    """What the Chatbot shows for the turns: two messages a turn (so message i belongs to turn i // 2)."""
    shown: list[Message] = []
    for t in turns:
        shown.append({"role": "user", "content": render.question_markdown(t["question"])})
        shown.append({"role": "assistant", "content": t["shown"]})
    return shown


def turn_of(answer: Answer, mode: str) -> Turn:
    return {
        "question": answer.question,
        "answer": answer.text,
        "shown": render.answer_markdown(answer),
        "mode": answer.mode or mode,
        "refused": answer.refused,
        "citations": [
            {"n": c.n, "title": c.hit.document.title, "locator": render.locator_of(c.hit.chunk), "doc_id": c.hit.chunk.doc_id,
             "text": c.hit.chunk.text, "version": version_label(c.hit.document),
             "status_label": STATUS_LABELS.get(c.hit.document.meta.status or "", "")}
            for c in answer.citations
        ],
    }


def _source_shown(source: str, data_dir: Path) -> str:
    path = Path(source)
    try:
        return str(path.resolve().relative_to(data_dir.resolve()))
    except (ValueError, OSError):
        return source


class Handlers:
    """The UI's functions over one Service. Holds only process-wide collaborators, never a conversation."""

    def __init__(self, service: Service, settings: Settings) -> None:
        self.service = service
        self.settings = settings
        self.feedback = FeedbackLog(settings.feedback_file)
        self.editor = KnowledgeBaseEditor(service, settings)
        self.gate = SessionGate(settings.web_session_limit)

    # -- chat --------------------------------------------------------------------------------
    def resolve_mode(self, mode: str | None) -> str:
        """'llm' only when a model is configured; anything else answers extractively."""
        return "llm" if mode == "llm" and self.settings.llm_configured else "extractive"

    def contexts(self, hits: Sequence[Hit]) -> dict[str, render.Context]:
        """The neighbouring passages (same document, seq ± 1) of each hit, from the knowledge view."""
        catalogue = self.service.retriever.catalogue()
        out: dict[str, render.Context] = {}
        for hit in hits:
            around = catalogue.neighbours(hit.chunk)
            if around is not None:
                out[hit.chunk.chunk_id] = render.Context(*around)
        return out

    def sources_html(self, answer: Answer) -> str:
        shown = [c.hit for c in answer.citations] or list(answer.hits)
        return render.sources_html(answer, self.contexts(shown))

    def chat(
        self, message: str, turns: list[Turn] | None, mode: str | None = None, k: int | float | None = None,
        kinds: Sequence[str] | None = None, statuses: Sequence[str] | None = None, session: str | None = None,
    ) -> Iterator[ChatUpdate]:
        """Stream one answer: yields (textbox, chat messages, sources panel, turns) as the text grows.
        ``session`` (the browser session) may have only ``web_session_limit`` answers in progress."""
        turns = list(turns or [])
        question = (message or "").strip()
        if not question:
            yield "", messages_of(turns), render.SOURCES_EMPTY, turns
            return
        try:
            check_length(question, self.settings.max_question_chars)
        except QuestionError as exc:  # the text stays in the box, to be shortened
            turns.append({"question": shorten(question), "answer": str(exc), "shown": render.error_markdown(str(exc)),
                          "mode": mode, "refused": True, "citations": [], "error": True})
            yield message, messages_of(turns), render.error_html(str(exc)), turns
            return
        mode = self.resolve_mode(mode)
        shown = messages_of(turns) + [{"role": "user", "content": render.question_markdown(question)},
                                      {"role": "assistant", "content": "正在检索……"}]
        yield "", shown, render.SOURCES_PENDING, turns
        answer: Answer | None = None
        try:
            with self.gate.enter(session):
                stream = self.service.ask_stream(question, history_of(turns), mode=mode, k=int(k) if k else None,
                                                 filters=build_filters(kinds, statuses))
                for text, final in stream:
                    if final is not None:
                        answer = final
                        break
                    if text:
                        shown = [*shown[:-1], {"role": "assistant", "content": render.partial_markdown(text)}]
                        yield "", shown, render.SOURCES_PENDING, turns
        except DjqaError as exc:
            turns.append({"question": question, "answer": str(exc), "shown": render.error_markdown(str(exc)),
                          "mode": mode, "refused": True, "citations": [], "error": True})
            yield "", messages_of(turns), render.error_html(str(exc)), turns
            return
        if answer is None:
            raise RuntimeError("ask_stream ended without an Answer")
        turns.append(turn_of(answer, mode))
        yield "", messages_of(turns), self.sources_html(answer), turns

    def export(self, turns: Sequence[Turn] | None) -> tuple[str | None, str]:
        """The conversation's cited answers as a lesson-material file: (path to download, message)."""
        path = write_lesson(list(turns or []), self.settings.export_dir)
        if path is None:
            return None, "还没有带出处的回答可以导出：请先提问。"
        return str(path), f"已生成 {path.name}：包括每个回答、所引原文和参考文献，可点击下载。"

    def clear(self) -> ChatUpdate:
        return "", [], render.SOURCES_EMPTY, []

    def vote(self, turns: Sequence[Turn] | None, index: int | Sequence[int], liked: bool | str) -> str:
        """Record 👍 (liked True) or 👎 (False) on the answer at chat message ``index``."""
        i = index if isinstance(index, int) else index[0]
        turns = list(turns or [])
        if not isinstance(liked, bool) or not 0 <= i // 2 < len(turns) or i % 2 == 0:
            return "无法记录这条反馈。"
        turn = turns[i // 2]
        if turn.get("error"):
            return "无法记录这条反馈。"
        self.feedback.record(turn, "up" if liked else "down")
        return "已记录反馈，谢谢！"

    # -- headless API --------------------------------------------------------------------------
    def ask(
        self, question: str, mode: str | None = None, k: int | None = None,
        kinds: Sequence[str] | None = None, statuses: Sequence[str] | None = None, session: str | None = None,
    ) -> dict[str, Any]:
        """One complete answer as the CLI's JSON object."""
        with self.gate.enter(session):
            answer = self.service.ask(question, None, mode=self.resolve_mode(mode), k=k,
                                      filters=build_filters(kinds, statuses))
        return answer.to_json()

    def search(
        self, question: str, k: int | None = None, kinds: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        return self.service.search(question, k, build_filters(kinds, statuses)).to_json()

    def document_list(self) -> list[dict[str, Any]]:
        return [
            {"doc_id": d.doc_id, "title": d.title, "kind": d.meta.kind, "status": d.meta.status,
             "chunks": d.chunk_count, "source": _source_shown(d.source, self.settings.data_dir),
             "version": version_label(d), "ingested_at": d.ingested_at}
            for d in self.editor.documents()
        ]

    def _origin(self, source: str) -> str:
        """How a document came in, in words (the path stays in the API's document list)."""
        return "网页上传" if Path(source).parts[:1] == (self.settings.upload_dir.name,) else "批量导入"

    # -- knowledge base ------------------------------------------------------------------------
    def documents_table(self) -> list[list[Any]]:
        return [
            [d["title"], KIND_LABELS.get(d["kind"], d["kind"]), STATUS_LABELS.get(d["status"], d["status"]), d["chunks"],
             self._origin(d["source"])]
            for d in self.document_list()
        ]

    def document_choices(self) -> list[tuple[str, str]]:
        """Delete-list entries named by title, version and status; documents still alike get their import time."""
        docs = self.document_list()
        labels = []
        for d in docs:
            status = STATUS_LABELS.get(d["status"], d["status"])
            labels.append(f"{d['title']}（{d['version'] + '，' if d['version'] else ''}{status}）")
        for i, d in enumerate(docs):
            if labels.count(labels[i]) > 1:
                labels[i] = f"{labels[i][:-1]}，{d['ingested_at'][:16].replace('T', ' ')} 导入）"
        return [(label, d["doc_id"]) for label, d in zip(labels, docs)]

    def upload(
        self, files: Sequence[str | Path] | None, overwrite: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> list[list[str]]:
        """Ingest uploaded files (paths whose names are the original names); one result row per file."""
        pairs = [(Path(f), Path(str(f)).name) for f in files or []]
        if not pairs:
            return [["", "失败", "请先选择要上传的文件。"]]
        results: list[UploadResult] = self.editor.upload(pairs, overwrite, progress)
        return [[r.name, r.label, r.message] for r in results]

    def delete(self, doc_id: str | None) -> str:
        if not doc_id:
            return "请先选择要删除的文档。"
        try:
            doc = self.editor.delete(doc_id)
        except DjqaError as exc:
            return str(exc)
        return f"已删除「{doc.title}」。"

    def kb_summary(self) -> str:
        docs = self.document_list()
        chunks = sum(int(d["chunks"]) for d in docs)
        return f"知识库共 {len(docs)} 个文档、{chunks} 个段落。"

