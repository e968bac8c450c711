"""How a named regulation is divided ("纪律处分条例一共有多少条？", "党章有几章？", "若干准则分几部分？"): counted
from the catalogue's articles and headings, never from a passage's wording. Articles are counted with the first and
the last cited; chapters, parts (编) and numbered parts are listed, each cited at its first passage."""

from __future__ import annotations

import re

from assistant.answer.citations import CitationBook
from assistant.answer.protocol import Composition
from assistant.answer.refusal import doc_years, requested_years
from assistant.answer.versions import version_label
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, Hit
from assistant.query import aliases
from assistant.retrieve import SearchResult
from assistant.textnorm import index_form, int_to_cn

# the count asked of the document itself, right after its name: "一共有多少条？", "分几章？", "有几编几章？"
_COUNT_ASKED = re.compile(
    r"^[的里中面内]*(?:现在|现行|目前)?(?:的|里|中)?(?:正文)?(?:一共|总共|共|全文)?"
    r"(?:有|分为?|分成|包括|包含|由)?(?:(?:多少|几)个?(?:编|章|条|部分)(?:组成)?[、，,和及与]?)+"
    r"(?:内容)?[？?。吗呢啊]*$")
_UNIT = re.compile(r"(?:多少|几)个?(编|章|条|部分)")
# how the document is built, asked right after its name: "的结构是怎样的？", "分哪几章？", "的框架"
_FRAME_ASKED = re.compile(r"^[的里中]*(?:整体|总体)?(?:结构|框架|章节|篇章结构|体例)(?:是|有)?(?:怎样|什么样|如何|怎么样|哪些|什么)?的?[？?。吗呢啊]*$"
                          r"|^[的里中]*(?:分为?|分成|包括)(?:哪些|哪几)(?:编|章|部分)[？?。吗呢啊]*$")
_SEP = " › "
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+章")
_PART = re.compile(r"^第[一二三四五六七八九十百零〇\d]+编")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def _name_spans(question: str, title: str) -> list[re.Match[str]]:
    """Where the question names ``title``: the title itself, in 《》 or not, or one of its short names."""
    names = [title, title.removeprefix("中国共产党")] + [a for a, full in aliases().items() if full == title]
    pattern = "|".join(re.escape(index_form(n)) for n in sorted(set(names), key=len, reverse=True) if n)
    return list(re.finditer(rf"《?(?:{pattern})》?", question)) if pattern else []


def asked_units(question: str, title: str) -> list[str]:
    """The units (编, 章, 条, 部分) the question counts of the document it names, when what follows the name is
    only the count ("纪律处分条例一共有多少条？") or asks how it is built ("党章的结构是怎样的？": its 编 and 章, or its
    numbered parts); [] otherwise ("党章关于党员权利有几条？" counts something else)."""
    norm = index_form(question).strip()
    for m in reversed(_name_spans(norm, title)):
        rest = norm[m.end():]
        if _COUNT_ASKED.match(rest):
            return list(dict.fromkeys(_UNIT.findall(rest)))
        if _FRAME_ASKED.match(rest):
            return list(_FRAME)
    return []


# the units that show how a document is built: its parts (编) and chapters, or its numbered parts when it has neither
_FRAME = ("编", "章", "部分")


def _version(question: str, result: SearchResult, title: str) -> Document | None:
    """The version a count is given of: the one of the year the question names, else the one in force."""
    versions = result.catalogue.versions(title)
    wanted = requested_years(question, result.intent.years)
    named = [d for d in versions if wanted & doc_years(d)]
    if named:
        return named[0]
    older = [d for d in versions if d.meta.status == "superseded"]
    return older[0] if result.intent.older and older else (versions[0] if versions else None)


def _headings(chunks: list[Chunk], pattern: re.Pattern[str]) -> list[tuple[str, Chunk]]:
    """The headings of the section paths ``pattern`` matches, in reading order, each with its first passage."""
    found: dict[str, Chunk] = {}
    for chunk in chunks:
        for level in chunk.section.split(_SEP) if chunk.section else []:
            if pattern.match(level.strip()) and level not in found:
                found[level] = chunk
    return list(found.items())


def _top_headings(chunks: list[Chunk]) -> list[tuple[str, Chunk]]:
    """The top-level headings in reading order, each with its first passage (the untitled opening left out)."""
    found: dict[str, Chunk] = {}
    for chunk in chunks:
        top = chunk.section.split(_SEP)[0].strip() if chunk.section else ""
        if top and top not in found:
            found[top] = chunk
    return list(found.items())


def compose_structure(question: str, result: SearchResult) -> Composition | None:
    """The count of the named regulation's 编, 章, 条 or numbered parts; None for any other question."""
    if result.intent.article is not None or result.intent.chapter_article is not None or len(result.intent.titles) != 1:
        return None
    title = result.intent.titles[0]
    units = asked_units(question, title)
    doc = _version(question, result, title) if units else None
    if doc is None:
        return None
    catalogue: Catalogue = result.catalogue
    chunks = catalogue.chunks_of(doc.doc_id)
    label = version_label(doc)
    head = f"知识库收录的《{doc.title}》" + (f"（{label}）" if label and len(catalogue.versions(title)) > 1 else "")
    book = CitationBook()
    cite = lambda chunk, text: book.cite(Hit(chunk, doc, 0.0, via="structure"), text)  # noqa: E731
    lines: list[str] = []
    counts: list[str] = []
    for unit in units:
        if unit == "条":
            articles = catalogue.articles(doc.doc_id)
            if not articles:
                continue
            first, last = min(articles), max(articles)
            counts.append(f"{len(articles)} 条")
            lines.append(f"从第{int_to_cn(first)}条[{cite(articles[first][0], f'第{int_to_cn(first)}条')}]"
                         f"到第{int_to_cn(last)}条[{cite(articles[last][0], f'第{int_to_cn(last)}条')}]")
            continue
        if unit == "部分" and units == list(_FRAME) and counts:
            # a document with chapters is built of them, and of the parts standing outside any ("总纲")
            outside = [(h, c) for h, c in _top_headings(chunks) if not (_PART.match(h) or _CHAPTER.match(h))]
            if outside:
                lines.append("各章之外另有：" + "、".join(f"{h}[{cite(c, h)}]" for h, c in outside))
            continue
        pattern = {"编": _PART, "章": _CHAPTER}.get(unit, _NUMBERED)
        headings = _headings(chunks, pattern)
        if unit == "部分" and not headings:  # parts headed without numbers ("党员廉洁自律规范")
            headings = _top_headings(chunks)
        if not headings:
            continue
        counts.append(f"{len(headings)} {unit if unit != '部分' else '个部分'}")
        lines.extend(f"{heading}[{cite(chunk, heading)}]" for heading, chunk in headings)
    if not counts:
        return None
    return Composition(f"{head}共 {'、'.join(counts)}：\n" + "\n".join(lines), book.citations, "structure")
