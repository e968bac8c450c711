"""Bounds on what a file may expand to when parsed: archive contents (DOCX and any zip-based
format) are checked from the zip directory before anything is decompressed, and extracted text
is counted as it is produced so parsing stops at the text-size limit."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.errors import IngestError
from assistant.settings import Settings

_MB = 1048576


@dataclass(frozen=True)
class ParseLimits:
    """The limits a loader enforces; built from the settings at the entry points."""

    max_bytes: int
    archive_max_unpacked_bytes: int
    archive_max_ratio: float
    archive_max_entries: int
    max_text_chars: int

    @classmethod
    def defaults(cls, max_bytes: int | None = None) -> ParseLimits:
        """The limits of default settings (the environment is not read), optionally with another file size limit."""
        limits = cls.from_settings(Settings.model_construct())
        return limits if max_bytes is None else replace(limits, max_bytes=max_bytes)

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseLimits:
        return cls(
            max_bytes=int(settings.max_file_mb * _MB),
            archive_max_unpacked_bytes=int(settings.archive_max_unpacked_mb * _MB),
            archive_max_ratio=settings.archive_max_ratio,
            archive_max_entries=settings.archive_max_entries,
            max_text_chars=settings.max_text_chars,
        )


def _mb(n: float) -> str:
    return f"{n / _MB:.1f} MB"


def check_archive(path: Path, limits: ParseLimits) -> None:
    """Reject a zip archive whose directory announces too many entries, too much unpacked data or a
    suspicious compression ratio. Reads only the directory; nothing is decompressed. Python's zipfile
    never yields more bytes than an entry declares, so the declared sizes bound the parser's input."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(f"「{path.name}」已损坏、已加密或不是有效的 DOCX 文件。", "corrupt") from exc
    if len(entries) > limits.archive_max_entries:
        raise IngestError(
            f"「{path.name}」内含 {len(entries)} 个压缩条目，超过上限 {limits.archive_max_entries} 个"
            "（设置项 DJQA_ARCHIVE_MAX_ENTRIES），疑似恶意构造的文件，已拒绝。",
            "archive_entries",
        )
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries)
    if unpacked > limits.archive_max_unpacked_bytes:
        raise IngestError(
            f"「{path.name}」解压后共 {_mb(unpacked)}，超过解压总大小上限 {_mb(limits.archive_max_unpacked_bytes)}"
            "（设置项 DJQA_ARCHIVE_MAX_UNPACKED_MB），疑似压缩炸弹，已拒绝。",
            "archive_too_large",
        )
    ratio = unpacked / max(1, packed)
    if ratio > limits.archive_max_ratio:
        raise IngestError(
            f"「{path.name}」的压缩比为 {ratio:.0f} 倍，超过上限 {limits.archive_max_ratio:g} 倍"
            "（设置项 DJQA_ARCHIVE_MAX_RATIO），疑似压缩炸弹，已拒绝。",
            "archive_ratio",
        )


class TextBudget:
    """Counts extracted characters; raises IngestError once a file's text passes ``max_text_chars``."""

    def __init__(self, name: str, limits: ParseLimits) -> None:
        self._name = name
        self._limit = limits.max_text_chars
        self.used = 0

    def take(self, text: str) -> str:
        self.used += len(text)
        if self.used > self._limit:
            raise IngestError(
                f"「{self._name}」提取出的文字超过 {self._limit} 字的上限（设置项 DJQA_MAX_TEXT_CHARS），"
                "请拆分后再导入。",
                "too_much_text",
            )
        return text
