"""Structure-aware chunking: one passage per article for regulations, heading sections for articles.

Every passage keeps a locator people understand (第九条, 三、（四）, 第3页, 第2～3段) and its
character offsets into the cleaned text; ``passage.text == cleaned[start:end]`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.models import SECTION_SEPARATOR
from assistant.patterns import ARTICLE_LINE, CN_NUMERALS
from assistant.textnorm import cn_to_int
from ingest.blocks import Block

_STRUCT = re.compile(rf"^第([{CN_NUMERALS}]+)([编章节])[\s　]*(.*)$")
_HEADINGS = (
    (1, re.compile(r"^([一二三四五六七八九十]+[、.．])\s*")),
    (2, re.compile(r"^([（(][一二三四五六七八九十]+[)）])\s*")),
    (3, re.compile(r"^(\d{1,2}[.．、])(?!\d)\s*")),
)
_SHORT_HEADING = 30
_NAMED_HEADINGS = re.compile(r"^(摘要|引言|前言|结束语|结语|结论|总纲|序言|附则)$")
_RUN_ON_MARKER = re.compile(r"(?<![统唯第单同专这那之一])([一二三四五六七八九十])是(?![的否])")
_SEPARATORS = ["\n", "。", "！", "？", "；", "…", "，", ",", "、", ""]


@dataclass(frozen=True)
class ChunkParams:
    min_chars: int = 150
    max_chars: int = 500
    overlap_chars: int = 60


@dataclass(frozen=True)
class Passage:
    text: str
    start: int
    end: int
    locator: str
    section: str
    page: int | None = None
    article: int | None = None


@dataclass
class CleanText:
    """The cleaned document text and where each block lies in it."""

    text: str
    blocks: list[Block]
    spans: list[tuple[int, int]]

    @classmethod
    def from_blocks(cls, blocks: list[Block]) -> "CleanText":
        spans, pos = [], 0
        for block in blocks:
            spans.append((pos, pos + len(block.text)))
            pos += len(block.text) + 1
        return cls("\n".join(b.text for b in blocks), blocks, spans)

    def page_at(self, offset: int) -> int | None:
        for (start, end), block in zip(self.spans, self.blocks):
            if start <= offset <= end:
                return block.page
        return None


@dataclass
class _Unit:
    """A structural unit (an article, a heading section or a paragraph group) before size splitting."""

    first: int
    last: int
    locator: str
    section: str
    article: int | None = None
    path: list[tuple[int, str, str]] = field(default_factory=list)

    def size(self, doc: CleanText) -> int:
        return doc.spans[self.last][1] - doc.spans[self.first][0]


def _heading(block: Block) -> tuple[int, str, str] | None:
    """(level, marker, title) for a heading block, else None."""
    text = block.text
    if _NAMED_HEADINGS.match(text):
        return 1, text, text
    for level, pattern in _HEADINGS:
        match = pattern.match(text)
        if match:
            rest = text[match.end():].strip()
            # a short line without a sentence end is all heading ("四.解放思想，建设“创新型”党组织");
            # otherwise the heading is what precedes the first punctuation of the paragraph it opens
            whole = len(rest) <= _SHORT_HEADING and not re.search(r"[。；！？]", rest)
            title = rest if whole else re.split(r"[。，；：！？]|[一二三四五六七八九十]是", rest, maxsplit=1)[0][:30]
            return block.heading_level or level, match.group(1).replace("(", "（").replace(")", "）"), title
    if block.heading_level:
        return block.heading_level, "", text[:40]
    return None


def _path_locator(path: list[tuple[int, str, str]]) -> str:
    markers = [marker or title for _, marker, title in path]
    return "".join(markers) if all(m for _, m, _ in path) else SECTION_SEPARATOR.join(markers)


def _path_section(path: list[tuple[int, str, str]]) -> str:
    return SECTION_SEPARATOR.join(f"{marker}{title}" if marker != title else title for _, marker, title in path)


def _is_label(text: str) -> bool:
    """A short line without sentence punctuation between articles, e.g. 党员廉洁自律规范."""
    return len(text) <= 25 and not re.search(r"[。；：，！？]", text)


def _regulation_units(doc: CleanText) -> list[_Unit] | None:
    """One unit per article. Structure headings (编/章/节) and label lines between articles
    ("党员领导干部廉洁自律规范") open the next article and name the section of those that follow."""
    units: list[_Unit] = []
    path: dict[str, str] = {}
    label = ""
    label_at: int | None = None
    pending: int | None = None
    preamble_end = None
    for i, block in enumerate(doc.blocks):
        struct = _STRUCT.match(block.text)
        if struct and len(block.text) <= 40:
            level = struct.group(2)
            path = {k: v for k, v in path.items() if "编章节".index(k) < "编章节".index(level)}
            path[level] = block.text.replace("　", " ")
            # a label right before a structure heading (a date line under the title) is not a section
            if pending is not None and label_at == pending:
                if units:
                    units[-1].last = i - 1
                pending = None
            pending = i if pending is None else pending
            label, label_at = "", None
            continue
        article = ARTICLE_LINE.match(block.text)
        if article:
            number = cn_to_int(article.group(1))
            if preamble_end is None:
                preamble_end = pending if pending is not None else i
            section = SECTION_SEPARATOR.join([path[k] for k in "编章节" if k in path] + ([label] if label else []))
            first = pending if pending is not None else i
            units.append(_Unit(first, i, f"第{article.group(1)}条", section, number))
            pending = label_at = None
        elif _is_label(block.text) and (units or i > 0):
            label = block.text.strip()
            if pending is None:
                pending = label_at = i
        elif units and pending is None:
            units[-1].last = i
        elif preamble_end is None:
            pending = label_at = None  # preamble text: a label before it was not a section heading
            label = ""
        else:
            pending = pending if pending is not None else i
    if not units:
        return None
    if pending is not None:
        units[-1].last = len(doc.blocks) - 1
    preamble = _article_units(doc, 0, preamble_end - 1) if preamble_end else []
    return preamble + units


def _article_units(doc: CleanText, first: int, last: int) -> list[_Unit]:
    """Heading sections (一、 （一） 1. or format headings); paragraph groups where there are none."""
    sections: list[_Unit] = []
    stack: list[tuple[int, str, str]] = []
    for i in range(first, last + 1):
        heading = _heading(doc.blocks[i]) if i > 0 or not doc.blocks[i].heading_level else None
        if heading:
            while stack and stack[-1][0] >= heading[0]:
                stack.pop()
            stack.append(heading)
            sections.append(_Unit(i, i, _path_locator(stack), _path_section(stack), path=list(stack)))
        elif sections and sections[-1].path:
            sections[-1].last = i
        else:
            sections.append(_Unit(i, i, f"第{i + 1}段", ""))
    return sections


def _merge_small(doc: CleanText, units: list[_Unit], params: ChunkParams) -> list[_Unit]:
    """Heading-only units join the next one; small neighbours under one parent join while they fit."""
    merged: list[_Unit] = []
    for unit in units:
        if merged:
            prev = merged[-1]
            single = prev.first == prev.last and len(doc.blocks[prev.first].text) <= 40
            heading_only = single and (bool(prev.path) or prev.first == 0)
            related = prev.article is None and unit.article is None and bool(prev.path) == bool(unit.path) and (
                prev.path[:-1] == unit.path[:-1] or prev.path == unit.path[: len(prev.path)]
            )
            fits = unit.size(doc) + prev.size(doc) + 1 <= doc_max(params)
            if heading_only or (related and prev.size(doc) < params.min_chars and fits):
                merged[-1] = _combine(prev, unit, heading_only=bool(heading_only))
                continue
        merged.append(unit)
    return merged


def doc_max(params: ChunkParams) -> int:
    return params.max_chars


def _combine(prev: _Unit, unit: _Unit, heading_only: bool) -> _Unit:
    if heading_only or not prev.locator:
        return _Unit(prev.first, unit.last, unit.locator, unit.section, unit.article, unit.path)
    if not prev.path:  # paragraph groups: 第2段 + 第3段 → 第2～3段
        start = prev.locator.split("～")[0].removesuffix("段")
        return _Unit(prev.first, unit.last, f"{start}～{unit.first + 1}段", "", None, [])
    common = [a for a, b in zip(prev.path, unit.path) if a == b]
    if len(common) == len(prev.path):
        return _Unit(prev.first, unit.last, prev.locator, prev.section, None, prev.path)
    head = _path_locator(common)
    first_marker = prev.locator[len(head):].split("～")[0]
    last_marker = unit.path[len(common)][1] or unit.path[len(common)][2]
    return _Unit(prev.first, unit.last, f"{head}{first_marker}～{last_marker}", _path_section(common), None, common)


def _splitter(params: ChunkParams) -> RecursiveCharacterTextSplitter:
    target = max(params.min_chars, min(params.max_chars, int(params.max_chars * 0.7)))
    return RecursiveCharacterTextSplitter(
        chunk_size=target,
        chunk_overlap=params.overlap_chars,
        separators=_SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )


def _run_on_pieces(text: str) -> list[tuple[int, str]]:
    """Offsets and labels of 一是/二是/… segments when the text enumerates that way."""
    marks = [(m.start(), m.group(0)) for m in _RUN_ON_MARKER.finditer(text)]
    labels = [label for _, label in marks]
    if "一是" not in labels or "二是" not in labels:
        return [(0, "")]
    return [(0, "")] + [(pos, label) for pos, label in marks if pos > 0]


def _split_unit(doc: CleanText, unit: _Unit, params: ChunkParams) -> list[Passage]:
    base = doc.spans[unit.first][0]
    end = doc.spans[unit.last][1]
    text = doc.text[base:end]
    if len(text) <= params.max_chars:
        return [Passage(text, base, end, unit.locator, unit.section, doc.page_at(base), unit.article)]
    pieces = _run_on_pieces(text)
    bounds = [p for p, _ in pieces] + [len(text)]
    segments = [(bounds[k], bounds[k + 1], pieces[k][1]) for k in range(len(pieces)) if bounds[k] < bounds[k + 1]]
    merged: list[tuple[int, int, str]] = []
    for seg in segments:
        if merged and merged[-1][1] - merged[-1][0] < params.min_chars and seg[1] - merged[-1][0] <= params.max_chars:
            merged[-1] = (merged[-1][0], seg[1], merged[-1][2] or seg[2])
        else:
            merged.append(seg)
    splitter = _splitter(params)
    passages: list[Passage] = []
    for seg_start, seg_end, label in merged:
        locator = unit.locator + label if label and unit.article is None else unit.locator
        seg_text = text[seg_start:seg_end]
        parts = [seg_text.strip()] if len(seg_text) <= params.max_chars else splitter.split_text(seg_text)
        cursor = 0
        for part in parts:
            offset = seg_text.find(part, cursor)
            if offset < 0:
                continue
            cursor = offset + 1
            start = base + seg_start + offset
            passages.append(Passage(part, start, start + len(part), locator, unit.section, doc.page_at(start), unit.article))
    return passages


def chunk_text(doc: CleanText, kind: str, params: ChunkParams) -> list[Passage]:
    """Passages of a cleaned document, in document order."""
    if not doc.blocks:
        return []
    units = _regulation_units(doc) if kind == "regulation" else None
    if units is None:
        units = _article_units(doc, 0, len(doc.blocks) - 1)
    units = _merge_small(doc, units, params)
    passages = [p for unit in units for p in _split_unit(doc, unit, params)]
    if any(p.page for p in passages):
        passages = [
            p if p.article or p.locator.startswith("第") and p.locator.endswith("页") else _with_page(p, doc.page_at(p.end))
            for p in passages
        ]
    return passages


def _with_page(passage: Passage, last_page: int | None) -> Passage:
    """Add the page (or page range, when the passage runs onto the next page) to the locator."""
    pages = f"{passage.page}～{last_page}" if last_page and passage.page and last_page > passage.page else f"{passage.page}"
    locator = f"第{pages}页" if passage.locator.endswith("段") else f"{passage.locator}（第{pages}页）"
    return Passage(passage.text, passage.start, passage.end, locator, passage.section, passage.page, passage.article)
