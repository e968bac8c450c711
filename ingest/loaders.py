"""Parsing files of every supported format into blocks. One function per format."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path
from typing import Callable

from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from assistant.errors import IngestError
from ingest.blocks import Block, LoadedFile
from ingest.decode import decode_text
from ingest.limits import ParseLimits, TextBudget, check_archive

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_LABEL = "PDF、DOCX、TXT、Markdown、HTML"
_LEGACY_HINTS = {".doc": "请先用 Word 另存为 .docx", ".wps": "请先另存为 .docx", ".rtf": "请先另存为 .docx 或 .txt"}
_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote", "dt", "dd", "caption", "figcaption"}
_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "template", "iframe", "svg", "form", "button"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)", re.IGNORECASE)


def file_format(path: Path) -> str:
    """The format name of a path, or IngestError for an unsupported type."""
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    hint = _LEGACY_HINTS.get(suffix, "")
    shown = suffix or "（无扩展名）"
    raise IngestError(
        f"「{path.name}」的文件类型 {shown} 不受支持（支持：{SUPPORTED_LABEL}）。{hint}".rstrip(), "unsupported"
    )


def load_file(path: Path, max_bytes: int | None = None, *, limits: ParseLimits | None = None) -> LoadedFile:
    """Check size and type, then parse within ``limits`` (or the default limits with ``max_bytes``).
    Every failure is an IngestError with a Chinese message."""
    limits = limits or ParseLimits.defaults(max_bytes)
    max_bytes = limits.max_bytes
    fmt = file_format(path)
    size = path.stat().st_size
    if size == 0:
        raise IngestError(f"「{path.name}」是空文件。", "empty")
    if size > max_bytes:
        raise IngestError(f"「{path.name}」大小 {_size(size)}，超过上限 {_size(max_bytes)}。", "too_large")
    loaded = _LOADERS[fmt](path, limits)
    if not any(b.text.strip() for b in loaded.blocks):
        raise IngestError(f"「{path.name}」中没有可读取的文字。", "empty")
    return loaded


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


def _load_pdf(path: Path, limits: ParseLimits) -> LoadedFile:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"「{path.name}」是加密的 PDF，需要密码才能打开，请提供未加密的版本。", "encrypted")
        budget = TextBudget(path.name, limits)
        pages = [budget.take(page.extract_text() or "") for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except IngestError:
        raise
    except DependencyError as exc:  # AES-encrypted PDFs need the `cryptography` package
        raise IngestError(
            f"「{path.name}」是加密的 PDF，解密需要安装 cryptography（pip install cryptography），或请提供未加密的版本。",
            "encrypted",
        ) from exc
    except FileNotDecryptedError as exc:
        raise IngestError(f"「{path.name}」是加密的 PDF，需要密码才能打开，请提供未加密的版本。", "encrypted") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError, IndexError) as exc:
        log.info("pdf parse failed for %s: %r", path, exc)
        raise IngestError(f"「{path.name}」已损坏或不是有效的 PDF 文件。", "corrupt") from exc
    if not pages:
        raise IngestError(f"「{path.name}」已损坏或不是有效的 PDF 文件（没有页面）。", "corrupt")
    if sum(len(p.strip()) for p in pages) < 10 * max(1, min(len(pages), 3)):
        raise IngestError(f"「{path.name}」没有文字层，可能是扫描件，需先做文字识别（OCR）后再导入。", "scanned")
    blocks = [Block(line.strip(), page=no) for no, text in enumerate(pages, 1) for line in text.splitlines() if line.strip()]
    return LoadedFile(blocks, "pdf", str(title).strip() if title else None)


def _load_docx(path: Path, limits: ParseLimits) -> LoadedFile:
    import docx
    from docx.table import Table

    check_archive(path, limits)
    budget = TextBudget(path.name, limits)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        log.info("docx parse failed for %s: %r", path, exc)
        raise IngestError(f"「{path.name}」已损坏、已加密或不是有效的 DOCX 文件。", "corrupt") from exc
    except Exception as exc:  # python-docx raises assorted errors on malformed packages
        log.info("docx parse failed for %s: %r", path, exc)
        raise IngestError(f"「{path.name}」已损坏或不是有效的 DOCX 文件。", "corrupt") from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [c.text.strip() for c in row.cells]
                unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                if unique:
                    blocks.append(Block(budget.take(" | ".join(unique))))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        match = _HEADING_STYLE.match(style or "")
        level = int(match.group(1)) if match else (1 if style == "Title" else None)
        blocks.append(Block(budget.take(text), heading_level=level))
    title = (document.core_properties.title or "").strip() or None
    return LoadedFile(blocks, "docx", title)


def _load_txt(path: Path, limits: ParseLimits) -> LoadedFile:  # bounded by the file size alone
    text, encoding = decode_text(path.read_bytes(), path.name)
    log.debug("decoded %s as %s", path, encoding)
    blocks: list[Block] = []
    blank = False
    for line in text.splitlines():
        if not line.strip():
            blank = True
            continue
        blocks.append(Block(line.strip(), after_blank=blank))
        blank = False
    return LoadedFile(blocks, "txt")


def _html_blocks(soup: BeautifulSoup, budget: TextBudget) -> list[Block]:
    for tag in soup.find_all(_SKIP_TAGS):
        tag.decompose()
    root = soup.body or soup
    blocks: list[Block] = []
    for tag in root.find_all(_BLOCK_TAGS):
        if tag.find(_BLOCK_TAGS - {"tr"} if tag.name == "tr" else _BLOCK_TAGS):
            continue  # a container of other blocks: its children are emitted instead
        if tag.name == "tr":
            cells = [c.get_text(" ", strip=True) for c in tag.find_all(["td", "th"])]
            text = " | ".join(c for c in cells if c)
        else:
            text = tag.get_text("", strip=True) if tag.name != "pre" else tag.get_text()
        level = int(tag.name[1]) if re.fullmatch(r"h[1-6]", tag.name) else None
        text = _ordinal(tag) + text
        for line in text.splitlines() if tag.name == "pre" else [text]:
            if line.strip():
                blocks.append(Block(budget.take(line.strip()), heading_level=level, after_blank=True))
    if not blocks:
        text = root.get_text("\n", strip=True)
        blocks = [Block(budget.take(line.strip()), after_blank=True) for line in text.splitlines() if line.strip()]
    return blocks


def _ordinal(tag: Tag) -> str:
    """"3. " for the third item of a numbered list (<ol>, honouring its start), so the steps keep their numbers."""
    parent = tag.parent
    if tag.name != "li" or not isinstance(parent, Tag) or parent.name != "ol":
        return ""
    items = [li for li in parent.find_all("li", recursive=False)]
    try:
        first = int(str(parent.get("start", "1")))
    except ValueError:
        first = 1
    position = next((i for i, li in enumerate(items) if li is tag), None)
    return "" if position is None else f"{first + position}. "


def _load_html(path: Path, limits: ParseLimits) -> LoadedFile:
    data = path.read_bytes()
    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:
        raise IngestError(f"「{path.name}」不是有效的 HTML 文件。", "corrupt") from exc
    if soup.original_encoding is None or "\ufffd" in soup.get_text()[:2000]:
        text, _ = decode_text(data, path.name)
        soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find("title")
    title = title_tag.get_text(strip=True) if isinstance(title_tag, Tag) else None
    return LoadedFile(_html_blocks(soup, TextBudget(path.name, limits)), "html", title or None)


def _load_markdown(path: Path, limits: ParseLimits) -> LoadedFile:
    text, _ = decode_text(path.read_bytes(), path.name)
    html = MarkdownIt("commonmark").enable("table").render(text)
    soup = BeautifulSoup(html, "lxml")
    first_heading = soup.find(re.compile(r"^h[1-6]$"))
    title = first_heading.get_text(strip=True) if isinstance(first_heading, Tag) else None
    return LoadedFile(_html_blocks(soup, TextBudget(path.name, limits)), "markdown", title)


_LOADERS: dict[str, Callable[[Path, ParseLimits], LoadedFile]] = {
    "pdf": _load_pdf,
    "docx": _load_docx,
    "txt": _load_txt,
    "markdown": _load_markdown,
    "html": _load_html,
}
