"""Document metadata: a folder's manifest.json, a per-file sidecar, or detection from the text."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import DocumentMeta
from assistant.patterns import ARTICLE_LINE_WITH_TEXT
from ingest.blocks import Block

log = logging.getLogger(__name__)

_EFFECTIVE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起施行")
_PUBLISHED = re.compile(r"网络出版时间\s*[:：]\s*(\d{4}-\d{1,2}-\d{1,2})")
_REPEALED = re.compile(r"(已废止|已失效|同时废止本)")
_FIELDS = ("title", "kind", "author", "org", "published", "effective", "status", "note")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IngestError(f"元数据文件「{path.name}」无法解析：{exc}", "bad_metadata") from exc


def manifest_entry(path: Path, stop_at: Path | None = None) -> dict | None:
    """The manifest.json entry for ``path`` from its folder or a parent folder (up to ``stop_at``)."""
    target = path.resolve()
    folder = target.parent
    limit = stop_at.resolve() if stop_at else None
    while True:
        manifest = folder / "manifest.json"
        if manifest.is_file():
            for entry in _read_json(manifest).get("documents", []):
                if (folder / str(entry.get("file", ""))).resolve() == target:
                    return entry
        if folder == limit or folder.parent == folder or (limit and limit not in folder.parents):
            return None
        folder = folder.parent


def sidecar_entry(path: Path) -> dict | None:
    """``name.ext.meta.json`` or ``name.meta.json`` next to the file."""
    for candidate in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if candidate.is_file():
            return _read_json(candidate)
    return None


def _detect_title(blocks: list[Block], title_hint: str | None, path: Path) -> str:
    for block in blocks[:3]:
        if block.heading_level == 1 or (len(block.text) <= 40 and not block.text.endswith(("。", "；", "：", "，"))):
            if not ARTICLE_LINE_WITH_TEXT.match(block.text) and not re.match(r"^[（(]", block.text):
                return block.text
    return title_hint or path.stem


def detect_meta(blocks: list[Block], title_hint: str | None, path: Path) -> DocumentMeta:
    """Best-effort metadata from the text alone."""
    text = "\n".join(b.text for b in blocks)
    articles = sum(1 for b in blocks if ARTICLE_LINE_WITH_TEXT.match(b.text))
    effective = _EFFECTIVE.search(text)
    published = _PUBLISHED.search(text)
    return DocumentMeta(
        title=_detect_title(blocks, title_hint, path),
        kind="regulation" if articles >= 3 else "article",
        effective=f"{effective.group(1)}-{int(effective.group(2)):02d}-{int(effective.group(3)):02d}" if effective else None,
        published=published.group(1) if published else None,
        status="superseded" if _REPEALED.search(text[:300]) else "in_force",
    )


def resolve_meta(path: Path, blocks: list[Block], title_hint: str | None, root: Path | None) -> DocumentMeta:
    """Sidecar beats manifest beats detection, field by field."""
    detected = detect_meta(blocks, title_hint, path)
    given = {**(manifest_entry(path, root) or {}), **(sidecar_entry(path) or {})}
    values = {f: getattr(detected, f) for f in _FIELDS}
    for field in _FIELDS:
        if given.get(field) not in (None, ""):
            values[field] = str(given[field])
    if values["kind"] not in ("article", "regulation", "other"):
        log.warning("unknown kind %r for %s; using detected", values["kind"], path)
        values["kind"] = detected.kind
    if values["status"] not in ("in_force", "superseded"):
        values["status"] = detected.status
    return DocumentMeta(**values)
