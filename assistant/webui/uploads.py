"""Web uploads: safe file names, type and size checks, a copy in the upload folder, then the Ingestor."""

from __future__ import annotations

import filecmp
import re
import shutil
import threading
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from assistant.errors import DjqaError, DocumentNotFoundError
from assistant.models import Document
from assistant.service import Service
from assistant.settings import Settings
from ingest.pipeline import FileResult, Ingestor
from ingest.progress import Estimate, PassageProgress

ALLOWED_SUFFIXES: tuple[str, ...] = (".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm")
ALLOWED_LABEL = "PDF、DOCX、TXT、Markdown、HTML"
OUTCOME_LABELS: dict[str, str] = {"added": "新增", "unchanged": "未变", "replaced": "更新", "failed": "失败"}

_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_MAX_NAME = 120
_MB = 1048576


@dataclass(frozen=True)
class UploadResult:
    """What happened to one uploaded file, for the results table."""

    name: str
    outcome: Literal["added", "unchanged", "replaced", "failed"]
    message: str
    title: str | None = None
    doc_id: str | None = None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


def safe_filename(name: str) -> str:
    """A file name that stays inside the upload folder: no directories, no '..', no control characters.

    Chinese (and any other printable) characters are kept; characters Windows forbids become '_'.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _FORBIDDEN.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" .") or "上传文件"
    suffix = suffix.strip(" .")[:16]
    stem = stem[: _MAX_NAME - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(path: Path, name: str, max_mb: float) -> str | None:
    """The Chinese reason a file cannot be accepted, or None when it can."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        return f"「{name}」的文件类型 {shown} 不受支持（支持：{ALLOWED_LABEL}）。"
    size = path.stat().st_size
    if size > max_mb * _MB:
        return f"「{name}」大小 {size / _MB:.1f} MB，超过网页上传上限 {max_mb:g} MB。"
    if size == 0:
        return f"「{name}」是空文件。"
    return None


@dataclass
class Placed:
    """A file copied into the upload folder, with what is needed to undo the copy."""

    path: Path
    created: bool
    backup: Path | None = None
    renamed_from: str | None = None


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def place_upload(src: Path, name: str, folder: Path, overwrite: bool) -> Placed:
    """Copy ``src`` into ``folder`` as ``name``.

    An identical file of that name is reused. A different file of that name is replaced only when
    ``overwrite`` (kept aside until the ingestion succeeds); otherwise the new file gets a free name
    such as ``通知 (2).txt``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / name
    if not _inside(folder, dest):
        raise DjqaError(f"文件名「{name}」不合法。")
    if dest.exists() and filecmp.cmp(src, dest, shallow=False):
        return Placed(dest, created=False)
    if dest.exists() and overwrite:
        backup = folder / f".{uuid.uuid4().hex}.replaced"
        dest.replace(backup)
        shutil.copyfile(src, dest)
        return Placed(dest, created=False, backup=backup)
    if dest.exists():
        stem, suffix = dest.stem, dest.suffix
        for i in range(2, 10000):
            candidate = folder / f"{stem} ({i}){suffix}"
            if candidate.exists() and filecmp.cmp(src, candidate, shallow=False):
                return Placed(candidate, created=False, renamed_from=name)
            if not candidate.exists():
                dest = candidate
                break
        else:
            raise DjqaError(f"同名文件「{name}」太多，请改名后再上传。")
        shutil.copyfile(src, dest)
        return Placed(dest, created=True, renamed_from=name)
    shutil.copyfile(src, dest)
    return Placed(dest, created=True)


def _undo(placed: Placed) -> None:
    if placed.backup is not None:
        placed.backup.replace(placed.path)
    elif placed.created:
        placed.path.unlink(missing_ok=True)


def _settle(placed: Placed, result: FileResult) -> None:
    """Keep the copy only when the knowledge base now refers to it."""
    if result.outcome == "failed":
        _undo(placed)
        return
    if placed.backup is not None:
        placed.backup.unlink(missing_ok=True)
    if result.outcome == "unchanged" and placed.created:
        placed.path.unlink(missing_ok=True)  # same content is already in the knowledge base under another file


def _file_progress(
    progress: Callable[[int, int, str], None] | None, step: str,
) -> tuple[PassageProgress | None, Callable[[str], None] | None]:
    """For the upload tab: per-passage progress of one file (passages stored, of how many, time left),
    and a way to say that the file waits for another writer."""
    if progress is None:
        return None, None
    estimate = Estimate()

    def passages(name: str, done: int, total: int) -> None:
        progress(done, total, f"{step}：已嵌入 {done}/{total} 段，{estimate.text(name, done, total)}")

    return passages, lambda message: progress(0, 1, f"{step}：{message}")


class KnowledgeBaseEditor:
    """Adds uploaded files to the knowledge base and removes documents; one writer at a time."""

    def __init__(self, service: Service, settings: Settings) -> None:
        self._service = service
        self._settings = settings
        self._ingestor = Ingestor(settings, service.runtime.store, service.runtime.embedder, service.tokenizer)
        self._lock = threading.Lock()

    def documents(self) -> list[Document]:
        """The visible documents, newest first."""
        docs = self._service.runtime.store.documents().values()
        return sorted(docs, key=lambda d: d.ingested_at, reverse=True)

    def upload(
        self, files: list[tuple[Path, str]], overwrite: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> list[UploadResult]:
        """Ingest ``(temporary path, original name)`` pairs. Bad files get a Chinese reason and change nothing."""
        results: list[UploadResult] = []
        with self._lock:
            for i, (src, original) in enumerate(files):
                name = safe_filename(original)
                step = f"正在导入「{name}」（{i + 1}/{len(files)}）"
                if progress:
                    progress(i, len(files), step)
                results.append(self._one(Path(src), name, overwrite, *_file_progress(progress, step)))
            self._service.retriever.invalidate()
        if progress:
            progress(len(files), len(files), "导入完成")
        return results

    def _one(
        self, src: Path, name: str, overwrite: bool, passages: PassageProgress | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> UploadResult:
        try:
            reason = check_upload(src, name, self._settings.upload_max_mb)
        except OSError as exc:
            reason = f"「{name}」无法读取：{exc.strerror}"
        if reason:
            return UploadResult(name, "failed", reason)
        try:
            placed = place_upload(src, name, self._settings.upload_dir, overwrite)
        except (DjqaError, OSError) as exc:
            return UploadResult(name, "failed", f"「{name}」无法保存：{exc}")
        report = self._ingestor.ingest([placed.path], root=self._settings.upload_dir, display=str,
                                       passages=passages, notify=notify)
        result = report.results[0]
        _settle(placed, result)
        message = result.message
        if placed.renamed_from and result.outcome != "failed":
            message = f"已有同名的不同文件，另存为「{placed.path.name}」；{message}"
        return UploadResult(placed.path.name, result.outcome, message, result.title, result.doc_id)

    def delete(self, doc_id: str) -> Document:
        """Remove a document (and its uploaded file, if it came from the upload folder)."""
        with self._lock:
            doc = self._service.runtime.store.documents().get(doc_id)
            if doc is None:
                raise DocumentNotFoundError("该文档已不在知识库中，请刷新列表。")
            self._service.runtime.store.delete_document(doc_id)
            self._service.retriever.invalidate()
            source = Path(doc.source)
            if source.is_absolute() and _inside(self._settings.upload_dir, source):
                source.unlink(missing_ok=True)
        return doc
