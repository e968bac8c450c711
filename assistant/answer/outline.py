"""Questions about the structure of an article ("那篇党课讲了哪几个方面？", "方式方法具体有哪些？",
"文章指出存在哪几方面问题？"): the headings of the parts, each quoted from its passage and cited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.citations import CitationBook, label_share
from assistant.answer.docfacts import named_document
from assistant.answer.protocol import Composition
from assistant.answer.structure import NUMBERED_HEADING, top_headings
from assistant.models import SECTION_SEPARATOR, Chunk, Document, Hit
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int
from assistant.tuning import AnswerTuning

# "是哪几方面的有机统一？" asks what a statement names (方面 modifies another word), not how the article is divided
_ASKS_PARTS = re.compile(r"(?:哪几个?方面|哪些方面|几个方面|哪几个?部分|哪些部分|几部分|哪几点|哪几类)(?!的)|具体有哪些|分别是什么|讲了什么|主要内容|提纲"
                         r"|(?:结构|框架|脉络)(?:是|有)?(?:怎样|什么样|如何|怎么样|哪些|什么)")
_ASKS_MEMBERS = re.compile(r"哪些|哪几")
_SUB_HEADING = re.compile(r"^(?:(?P<paren>[（(][一二三四五六七八九十]+[）)])|(?P<shi>[一二三四五六七八九十]+是)|(?P<digit>\d{1,2}[.．、]))")
_RUN_ON_MARK = re.compile(r"([一二三四五六七八九十]+是)$")
# a part of an article named by its ordinal ("第三部分")
_PART_ORDINAL = re.compile(r"第([一二三四五六七八九十]|\d)(?:个)?部分")
# an answer outlining parts, as compose_outline writes its head ("《…》分为 3 个部分："): follow-ups read it back
OUTLINED = re.compile(r"分为\s*\d+\s*个部分")


@dataclass(frozen=True)
class _Part:
    label: str
    chunk: Chunk


def _label(text: str, most: int) -> str:
    """A heading line as it stands; a run-on paragraph's opening cut short at ``most`` characters (marked "……")."""
    line = text.strip()
    end = re.search(r"[。；！？]", line)
    if end and end.start() <= most:
        return line[: end.start()]
    return line if len(line) <= most else line[:most] + "……"


def _children(chunks: list[Chunk], parent: str, label_chars: int) -> list[_Part]:
    """The sub-headings under ``parent`` in reading order: heading lines ("（二） 参差不齐"), or the
    enumeration that opens a run-on passage ("二是强化质量提升，…"). Only the first level under it: lines labelled
    in the style of its first sub-heading ("(一)…(六)", not the "一是…二是" inside them)."""
    parts: list[_Part] = []
    style: str | None = None
    for chunk in (c for c in chunks if c.section == parent or c.section.startswith(parent + SECTION_SEPARATOR)):
        found = False
        for line in chunk.text.split("\n"):
            label = _SUB_HEADING.match(line.strip())
            if label:
                style = style or label.lastgroup
                found = True
                if label.lastgroup == style:
                    parts.append(_Part(_label(line, label_chars), chunk))
        mark = _RUN_ON_MARK.search(chunk.locator)
        if not found and mark and mark.group(1) in chunk.text:
            parts.append(_Part(_label(chunk.text[chunk.text.index(mark.group(1)) :], label_chars), chunk))
    return parts


def _named_part(question: str, candidates: list[tuple[Document, list[Chunk]]],
                min_share: float) -> tuple[Document, list[Chunk], str] | None:
    best: tuple[float, Document, list[Chunk], str] | None = None
    for doc, chunks in candidates:
        for section, _ in top_headings(chunks):
            share = label_share(section, question)
            if share >= min_share and (best is None or share > best[0]):
                best = (share, doc, chunks, section)
    return None if best is None else best[1:]


def _part_by_ordinal(question: str, candidates: list[tuple[Document, list[Chunk]]]) -> tuple[Document, list[Chunk], str] | None:
    """The part a question names by its ordinal ("讲稿第三部分讲了什么？"): the top heading labelled with that number
    ("三、准确掌握…", "二.原因分析"), in the first candidate article that has one."""
    m = _PART_ORDINAL.search(question)
    if m is None:
        return None
    number = cn_to_int(m.group(1))
    for doc, chunks in candidates:
        for section, _ in top_headings(chunks):
            label = NUMBERED_HEADING.match(section)
            if label and cn_to_int(label.group(1)) == number:
                return doc, chunks, section
    return None


def _titled(question: str, result: SearchResult, min_share: float) -> Document | None:
    """The top hit's article when the question quotes a good part of its title ("强化支部建设那篇党课")."""
    doc = result.hits[0].document if result.hits else None
    return doc if doc is not None and label_share(doc.title, question) >= min_share else None


def compose_outline(question: str, result: SearchResult, tuning: AnswerTuning) -> Composition | None:
    """The parts of the section the question names, or of the article it names; None otherwise."""
    asks_parts = bool(_ASKS_PARTS.search(question))
    # "有哪些制约因素？" lists a part's items only when the question names that part (a whole article is never
    # outlined for a plain 哪些)
    if not (asks_parts or _ASKS_MEMBERS.search(question)) or result.intent.article is not None:
        return None
    named = named_document(result) or _titled(question, result, tuning.outline_title_share)
    docs = [named] if named is not None else list(dict.fromkeys(h.document for h in result.hits))
    candidates = [(d, result.catalogue.chunks_of(d.doc_id)) for d in docs if d.meta.kind == "article"]
    # the document's own title names none of its parts, though its words recur in their headings
    asked = question.replace(named.title, " ") if named is not None else question
    part = _part_by_ordinal(asked, candidates) or _named_part(asked, candidates, tuning.outline_named_share)
    if part is not None:
        doc, chunks, section = part
        parts, head = _children(chunks, section, tuning.outline_label_chars), f"《{doc.title}》“{section}”"
    elif named is not None and candidates and asks_parts:
        doc, chunks = candidates[0]
        parts = [_Part(heading, first) for heading, first in top_headings(chunks)]
        head = f"《{doc.title}》"
    else:
        return None
    if not tuning.outline_min_parts <= len(parts) <= tuning.outline_max_parts:
        return None
    book = CitationBook()
    lines = [f"{p.label}[{book.cite(Hit(p.chunk, doc, 0.0, via='outline'), p.label.rstrip('…'))}]" for p in parts]
    return Composition(f"{head}分为 {len(parts)} 个部分：\n" + "\n".join(lines), book.citations, "outline")
