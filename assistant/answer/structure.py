"""How a named regulation is divided ("纪律处分条例一共有多少条？", "党章有几章？", "党章的结构是怎样的？"), what one
of its numbered chapters holds ("第八章有哪几条？") and how many articles two versions have ("新条例比旧条例多了多少
条？"): counted from the catalogue's articles and headings, never from a passage's wording. Articles are counted with
the first and the last cited; chapters, parts (编) and numbered parts are listed, each cited at its first passage."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.citations import CitationBook
from assistant.answer.protocol import Composition
from assistant.answer.refusal import Refusal, doc_years, requested_years
from assistant.answer.versions import version_label, versioned_title
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, Hit
from assistant.patterns import VERSION_WITHOUT_YEAR
from assistant.query import title_mentions
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int, index_form, int_to_cn

# the count asked of the document itself, right after its name: "一共有多少条？", "分几章？", "有几编几章？"
_COUNT_ASKED = re.compile(
    r"^[的里中面内]*(?:现在|现行|目前)?(?:的|里|中)?(?:正文)?(?:一共|总共|共|全文)?"
    r"(?:有|分为?|分成|包括|包含|由)?(?:(?:多少|几)个?(?:编|章|条|部分)(?:组成)?[、，,和及与]?)+"
    r"(?:内容)?[？?。吗呢啊]*(?:[，,]?(?:分别|各自|都|各)(?:是|叫)(?:什么|哪些|哪几[编章条])[？?。]*)?$")
_UNIT = re.compile(r"(?:多少|几)个?(编|章|条|部分)")
# how the document is built, asked right after its name: "的结构是怎样的？", "分哪几章？", "的框架"
_FRAME_ASKED = re.compile(r"^[的里中]*(?:整体|总体)?(?:结构|框架|章节|篇章结构|体例)(?:是|有)?(?:怎样|什么样|如何|怎么样|哪些|什么)?的?[？?。吗呢啊]*$"
                          r"|^[的里中]*(?:分为?|分成|包括)(?:哪些|哪几)(?:编|章|部分)[？?。吗呢啊]*$")
_CHAPTER = re.compile(r"^第([一二三四五六七八九十百零〇\d]+)章")
_PART = re.compile(r"^第[一二三四五六七八九十百零〇\d]+编")
# a top heading numbered in Chinese ("三、准确掌握…", "二.原因分析"), its number captured
NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+)[、.．]")
_ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")


# the units that show how a document is built: its parts (编) and chapters, or its numbered parts when it has neither
_FRAME = ("编", "章", "部分")


def asked_units(question: str, title: str) -> list[str]:
    """The units (编, 章, 条, 部分) the question counts of the document it names, when what follows the name is
    only the count ("纪律处分条例一共有多少条？") or asks how it is built ("党章的结构是怎样的？": its 编 and 章, or its
    numbered parts); [] otherwise ("党章关于党员权利有几条？" counts something else)."""
    norm = index_form(question).strip()
    for m in reversed(title_mentions(norm, title)):
        rest = norm[m.end():]
        if _COUNT_ASKED.match(rest):
            return list(dict.fromkeys(_UNIT.findall(rest)))
        if _FRAME_ASKED.match(rest):
            return list(_FRAME)
    return []


def _named_versions(question: str, result: SearchResult, versions: list[Document]) -> list[Document]:
    """The versions whose year the question names, newest first."""
    wanted = requested_years(question, result.intent.years)
    return [d for d in versions if wanted & doc_years(d)]


def _version(question: str, result: SearchResult, title: str) -> Document | None:
    """The version a count is given of: the one of the year the question names, else the one in force."""
    versions = result.catalogue.versions(title)
    named = _named_versions(question, result, versions)
    if named:
        return named[0]
    older = [d for d in versions if d.meta.status == "superseded"]
    return older[0] if result.intent.older and older else (versions[0] if versions else None)


def _headings(chunks: list[Chunk], pattern: re.Pattern[str]) -> list[tuple[str, Chunk]]:
    """The headings of the section paths ``pattern`` matches, in reading order, each with its first passage."""
    found: dict[str, Chunk] = {}
    for chunk in chunks:
        for level in chunk.levels:
            if pattern.match(level):
                found.setdefault(level, chunk)
    return list(found.items())


def top_headings(chunks: list[Chunk]) -> list[tuple[str, Chunk]]:
    """The top-level headings in reading order, each with its first passage (the untitled opening left out)."""
    found: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.levels and chunk.levels[0]:
            found.setdefault(chunk.levels[0], chunk)
    return list(found.items())


def _held(doc: Document, catalogue: Catalogue) -> str:
    """"知识库收录的《…》", with the version when the knowledge base holds more than one."""
    label = version_label(doc)
    return f"知识库收录的《{doc.title}》" + (f"（{label}）" if label and len(catalogue.versions(doc.title)) > 1 else "")


def _cite(book: CitationBook, chunk: Chunk, doc: Document, text: str) -> int:
    return book.cite(Hit(chunk, doc, 0.0, via="structure"), text)


def compose_structure(question: str, result: SearchResult) -> Composition | None:
    """The count of the named regulation's 编, 章, 条 or numbered parts; None for any other question."""
    if result.intent.article is not None or result.intent.chapter_article is not None or len(result.intent.titles) != 1:
        return None
    title = result.intent.titles[0]
    units = asked_units(question, title)
    doc = _version(question, result, title) if units else None
    if doc is None:
        return None
    catalogue = result.catalogue
    chunks = catalogue.chunks_of(doc.doc_id)
    head = _held(doc, catalogue)
    book = CitationBook()
    cite = lambda chunk, text: _cite(book, chunk, doc, text)  # noqa: E731
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
            outside = [(h, c) for h, c in top_headings(chunks) if not (_PART.match(h) or _CHAPTER.match(h))]
            if outside:
                lines.append("各章之外另有：" + "、".join(f"{h}[{cite(c, h)}]" for h, c in outside))
            continue
        pattern = {"编": _PART, "章": _CHAPTER}.get(unit, NUMBERED_HEADING)
        headings = _headings(chunks, pattern)
        if unit == "部分" and not headings:  # parts headed without numbers ("党员廉洁自律规范")
            headings = top_headings(chunks)
        if not headings:
            continue
        counts.append(f"{len(headings)} {unit if unit != '部分' else '个部分'}")
        lines.extend(f"{heading}[{cite(chunk, heading)}]" for heading, chunk in headings)
    if not counts:
        return None
    return Composition(f"{head}共 {'、'.join(counts)}：\n" + "\n".join(lines), book.citations, "structure")


# what a chapter holds, asked right after its number: "第六章是什么内容？", "第八章有哪几条？", "第五章讲的是什么？"
_CHAPTER_ASKED = re.compile(
    r"^[的里中\s]*第\s*([一二三四五六七八九十]+|\d{1,2})\s*章\s*[的里中]*(?:主要|具体|一共|总共|共)?"
    r"(?:是|讲|讲的是|讲了|说的是|说了|规定了?|包括|包含|有|叫)?"
    r"(?:什么|哪些|哪几条|几条|多少条|什么内容|哪些内容|哪些条文?|啥|什么名字)(?:内容)?[？?。呢啊]*$")


def _chapter_lines(chunks: list[Chunk], doc: Document, ordinal: int, book: CitationBook,
                   line_chars: int) -> tuple[str, list[str], list[int]] | None:
    """The chapter's heading, one line per article (its opening, cut at ``line_chars``, cited) and the article
    numbers."""
    heading = next((h for h, _ in _headings(chunks, _CHAPTER) if cn_to_int(_CHAPTER.match(h).group(1)) == ordinal), None)
    if heading is None:
        return None
    members = [c for c in chunks if c.article is not None and heading in c.levels]
    lines: list[str] = []
    numbers = list(dict.fromkeys(c.article for c in members if c.article is not None))
    for number in numbers:
        first = next(c for c in members if c.article == number)
        lines_of = [line.strip() for line in first.text.split("\n") if line.strip()]
        opening = next((line for line in lines_of if _ARTICLE_LINE.match(line)), lines_of[0] if lines_of else "")
        opening = opening if len(opening) <= line_chars else opening[:line_chars] + "……"
        lines.append(f"{opening}[{_cite(book, first, doc, opening)}]")
    return heading, lines, numbers


def compose_chapter(question: str, result: SearchResult, line_chars: int) -> Composition | Refusal | None:
    """What the numbered chapter of the named regulation holds: its heading, how many articles and which, each
    article's opening cited; a refusal naming the chapter when the regulation has none of that number; None for
    any other question."""
    if result.intent.article is not None or len(result.intent.titles) != 1:
        return None
    title = result.intent.titles[0]
    norm = index_form(question).strip()
    asked = next((m for span in reversed(title_mentions(norm, title)) if (m := _CHAPTER_ASKED.match(norm[span.end():]))),
                 None)
    doc = _version(question, result, title) if asked else None
    ordinal = cn_to_int(asked.group(1)) if asked else None
    if doc is None or not ordinal:
        return None
    book = CitationBook()
    found = _chapter_lines(result.catalogue.chunks_of(doc.doc_id), doc, ordinal, book, line_chars)
    if found is None:
        return Refusal("no_chapter", f"知识库收录的《{doc.title}》没有第{int_to_cn(ordinal)}章。")
    heading, lines, numbers = found
    head = _held(doc, result.catalogue)
    span = f"（第{int_to_cn(numbers[0])}条至第{int_to_cn(numbers[-1])}条）" if len(numbers) > 1 else ""
    return Composition(f"{head}{heading}，共 {len(lines)} 条{span}：\n" + "\n".join(lines), book.citations, "chapter")


# where a provision stands in its regulation: "……的规定在哪一章？", "放在第几章？", "属于哪一编？"
_PLACEMENT_ASKED = re.compile(r"(?:在|放在|列在|归在|写在|属于|位于|是)(?:哪一?|第几)(?:编|章|节)|(?:哪一?|第几)(?:编|章|节)(?:里|中)?(?:规定|讲)")


def compose_placement(question: str, result: SearchResult, line_chars: int) -> Composition | None:
    """The part and chapter of a regulation that the provision the question is about stands in ("违规收送礼金的
    规定在哪一章？"): the heading of the best passage that lies in a numbered chapter, with its article's opening
    cited; the version in force first. None for any other question, or when no hit lies in a chapter."""
    if result.intent.article is not None or not _PLACEMENT_ASKED.search(index_form(question)):
        return None
    placed = [h for h in result.hits if h.chunk.article is not None and any(_CHAPTER.match(x) for x in h.chunk.levels)]
    in_force = [h for h in placed if h.document.meta.status == "in_force"]
    hit = (in_force or placed or [None])[0]
    if hit is None:
        return None
    book = CitationBook()
    lines = [line.strip() for line in hit.chunk.text.split("\n") if line.strip()]
    opening = next((line for line in lines if _ARTICLE_LINE.match(line)), lines[0] if lines else "")
    opening = opening if len(opening) <= line_chars else opening[:line_chars] + "……"
    mark = _cite(book, hit.chunk, hit.document, opening)
    where = " ".join(hit.chunk.levels)
    text = f"{_held(hit.document, result.catalogue)}中，相关规定在{where}：{opening}[{mark}]"
    return Composition(text, book.citations, "placement")


# how the number of articles changed between two versions: "新条例比旧条例多了多少条？", "两版各有多少条？"
_COUNT_CHANGE = re.compile(r"(?:多|少|增加|减少|增|减|删|删减|新增)了?(?:多少|几)条|条数(?:有|有什么|有何)?(?:变化|区别|不同|差别)"
                           r"|各有(?:多少|几)条|(?:多少|几)条.{0,4}(?:多少|几)条")
_BOTH_VERSIONS = re.compile(r"新旧|两个?版本?|两版|各版")


def _article_counts(docs: Sequence[Document], catalogue: Catalogue,
                    book: CitationBook) -> tuple[list[str], list[int]] | None:
    """Each version's number of articles, said with its last article cited ("2023年版共 158 条（最后一条为第一百五十八条
    [1]）"), and the numbers; None when a version has no numbered articles."""
    counted: list[str] = []
    sizes: list[int] = []
    for doc in docs:
        articles = catalogue.articles(doc.doc_id)
        if not articles:
            return None
        last = max(articles)
        mark = _cite(book, articles[last][0], doc, f"第{int_to_cn(last)}条")
        counted.append(f"{version_label(doc) or doc.meta.status}共 {len(articles)} 条（最后一条为第{int_to_cn(last)}条[{mark}]）")
        sizes.append(len(articles))
    return counted, sizes


def compose_count_change(question: str, result: SearchResult) -> Composition | None:
    """The articles counted in the newest version and the one before (or the two the question names), with the
    difference; None for any other question, or when no title is held in two versions."""
    norm = index_form(question)
    if not _COUNT_CHANGE.search(norm) or result.intent.article is not None:
        return None
    two_named = len(set(result.intent.years)) >= 2 or bool(_BOTH_VERSIONS.search(norm))
    title = versioned_title(result) if two_named or VERSION_WITHOUT_YEAR.search(norm) else None
    if title is None:
        return None
    versions = result.catalogue.versions(title)
    named = _named_versions(question, result, versions)
    pair = named if len(named) >= 2 else versions
    newer, older = pair[0], pair[1]
    book = CitationBook()
    found = _article_counts((newer, older), result.catalogue, book)
    if found is None:
        return None
    counted, sizes = found
    change = sizes[0] - sizes[1]
    verdict = ("两版条数相同" if change == 0 else
               f"{version_label(newer)}比{version_label(older)}{'多' if change > 0 else '少'} {abs(change)} 条")
    text = (f"知识库收录的《{title}》{'，'.join(counted)}；{verdict}。\n"
            "条数按条号计，不反映各条内容的改动；各条的对应和改动可以接着问“两版有什么区别”。")
    return Composition(text, book.citations, "structure")


# a number of articles stated of a regulation and put to the question ("课件说‘纪律处分条例共有一百四十二条’，这个说法
# 对吗？", "党章一共五十五条，没错吧？")
_COUNT_CLAIMED = re.compile(r"(?:一共|总共|共)有?([一二三四五六七八九十百零〇两\d]+)条")
_VERIFIED = re.compile(r"对吗|对不对|对不|是否正确|正确吗|准确吗|没错吧|没错吗|是不是|是这样吗|属实吗")


def compose_count_claim(question: str, result: SearchResult) -> Composition | None:
    """Whether a stated number of articles of a named regulation is right: each version's count from the
    catalogue (the last article of each cited), and which version the stated number is, if any. None for any
    other question."""
    norm = index_form(question)
    claimed = _COUNT_CLAIMED.search(norm)
    if claimed is None or not _VERIFIED.search(norm[claimed.end():]) or result.intent.article is not None:
        return None
    number = cn_to_int(claimed.group(1).replace("两", "二"))
    title = result.intent.titles[0] if len(result.intent.titles) == 1 else versioned_title(result)
    versions = result.catalogue.versions(title) if title else []
    if not number or not versions:
        return None
    book = CitationBook()
    found = _article_counts(versions, result.catalogue, book)
    if found is None:
        return None
    counted, sizes = found
    matching = [doc for doc, size in zip(versions, sizes) if size == number]
    newest = versions[0]
    if matching and matching[0] is newest:
        verdict = f"“{number}条”与{'现行的' if newest.meta.status == 'in_force' else '收录的'}{version_label(newest) or '版本'}一致"
    elif matching:
        verdict = (f"{number}条是{version_label(matching[0]) or '旧版'}（已被取代）的条数，"
                   f"{version_label(newest) or '现行版本'}共 {sizes[0]} 条")
    else:
        verdict = f"“{number}条”与{'收录的各版本都' if len(versions) > 1 else '收录的版本'}不符"
    text = f"知识库收录的《{title}》{'，'.join(counted)}。{verdict}。"
    return Composition(text, book.citations, "structure")
