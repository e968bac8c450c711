"""Which version of a regulation applies on a date ("2023年10月作出的处分决定依据2018年版，当时引用这一版对吗？",
"2024年5月的事，该适用哪一版？"): the versions the knowledge base holds with the dates they took effect, each
cited by the provision that says so (the version in force quoted whole: it also says how cases from before it
are handled), and the version in force at the time the question names."""

from __future__ import annotations

import calendar
import re
from datetime import date

from assistant.answer.citations import CitationBook
from assistant.answer.docfacts import effective_clause
from assistant.answer.articles import article_text, counterpart
from assistant.answer.protocol import Composition
from assistant.answer.relative_dates import relative_times, written_out
from assistant.answer.versions import version_label, versioned_title
from assistant.models import Document, Hit
from assistant.patterns import VERSION_YEAR_WORDS
from assistant.retrieve import SearchResult
from assistant.tuning import AnswerTuning

# a time something happened ("2023年10月作出的决定", "2024年5月"), not a version's name ("2018年版", "2018年修订的")
_DATE = re.compile(rf"((?:19|20)\d{{2}})\s*年(?:\s*(\d{{1,2}})\s*月)?(?:\s*(\d{{1,2}})\s*日)?(?!\s*(?:{VERSION_YEAR_WORDS}|的版本|的条例))")
# asking which version governs ("该适用哪一版", "当时引用这一版对吗"), not what a version says or whom it
# applies to ("2023年版适用于哪些人")
# asking also for the provision the case falls under ("依据哪一条？", "按哪一条处理")
_ASKS_ARTICLE = re.compile(r"哪一条|哪条|第几条|哪些条")
# a case handled after the conduct ("2023年夏天的事，今年才立案", "去年收的钱，最近才被查出来"): which version
# governs is what the question turns on, whether or not it asks it, and so is the provision of that version
_HANDLED_LATER = re.compile(r"(?:今年|现在|如今|最近|后来|之后|近期)才?(?:被)?(?:立案|查处|查出|发现|处理|审查|审理)"
                            r"|才(?:被)?(?:立案|查处|查出|发现|处理|审查|审理)")
_ASKS_APPLICABLE = re.compile(r"哪一?版|哪个版本|哪部|(?:引用|依据|适用|按照?|用)这一?版.{0,4}(?:对|行|可以|没问题)")


def _effective(doc: Document) -> date | None:
    try:
        return date.fromisoformat(doc.meta.effective or "")
    except ValueError:
        return None


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _in_force_on(dated: list[tuple[Document, date]], day: date) -> Document | None:
    """The newest version that had taken effect on ``day`` (``dated`` newest first)."""
    return next((doc for doc, since in dated if since <= day), None)


def _period(m: re.Match[str]) -> tuple[date, date]:
    """The first and last day of the year, month or day the question names."""
    year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if not 1 <= month <= 12:
        return date(year, 1, 1), date(year, 12, 31)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return date(year, month, 1), date(year, month, last)
    return date(year, month, day), date(year, month, day)


def compose_applicable_version(question: str, result: SearchResult, tuning: AnswerTuning,
                               asked_on: date) -> Composition | None:
    """The version of a regulation held in several versions that was in force at the time the question names
    (a relative one, "去年10月", read as of ``asked_on``); None unless the question names a time and asks which
    version applies, or says the case is handled only later ("……今年才立案")."""
    if result.intent.article is not None or not (_ASKS_APPLICABLE.search(question) or _HANDLED_LATER.search(question)):
        return None
    readings = relative_times(question, asked_on)
    when = _DATE.search(written_out(question, readings))
    if when is None:
        return None
    catalogue = result.catalogue
    title = versioned_title(result)
    if title is None:
        return None
    dated = [(doc, since) for doc in catalogue.versioned[title] if (since := _effective(doc)) is not None]
    dated.sort(key=lambda pair: pair[1], reverse=True)
    if len(dated) < 2:
        return None
    first, last = _period(when)
    at_first, at_last = _in_force_on(dated, first), _in_force_on(dated, last)
    # the version in force then and the newer ones (when it ceased to be in force); older ones tell nothing
    start = next((s for d, s in dated if at_first is not None and d.doc_id == at_first.doc_id), dated[-1][1])
    book = CitationBook()
    lines: list[str] = []
    clauses = {doc.doc_id: effective_clause(catalogue, doc) for doc, since in dated if since >= start}
    for doc, since in [(d, s) for d, s in dated if s >= start]:
        found = clauses[doc.doc_id]
        label = version_label(doc) or doc.title
        if found is None:
            lines.append(f"{label}：自{_day(since)}起施行（知识库登记）。")
            continue
        chunk, clause = found
        whole = article_text(catalogue.article(doc.doc_id, chunk.article)) if chunk.article is not None else ""
        if whole and doc.doc_id == dated[0][0].doc_id and len(whole) <= tuning.answer_max_chars:
            quoted = whole  # the version in force, whole: it says how cases from before it are handled
        else:
            quoted = f"{chunk.locator} {clause}" if chunk.article is not None else clause
        lines.append(f"{label}：{quoted.rstrip('。')}[{book.cite(Hit(chunk, doc, 0.0, via='document'), clause)}]。")
    named = when.group(0).strip()
    shown = [(phrase, absolute) for phrase, absolute in readings if absolute in named]  # the time read, not others
    if shown:
        read = "、".join(f"“{phrase}”即{absolute}" for phrase, absolute in shown)
        named += f"（按提问当天{_day(asked_on)}计，{read}）"
    if at_last is None:
        oldest = dated[-1]
        verdict = f"知识库中没有{named}时施行的版本：收录的最早版本{version_label(oldest[0])}自{_day(oldest[1])}起才施行。"
    elif at_first is None or at_first.doc_id != at_last.doc_id:
        since = next(s for d, s in dated if d.doc_id == at_last.doc_id)
        before = f"此前施行的是{version_label(at_first)}" if at_first is not None else "此前的版本知识库未收录"
        verdict = f"{named}期间版本有更替：{version_label(at_last)}自{_day(since)}起施行，{before}。"
    else:
        verdict = f"{named}时施行的是《{title}》{version_label(at_last)}。"
    head = f"按知识库中《{title}》各版本的施行日期，{verdict}"
    commencements = {found[0].chunk_id for found in clauses.values() if found is not None}
    basis = _basis(question, result, at_last, commencements, book, tuning) if at_last else ""
    return Composition(head + "\n" + "\n".join(lines) + basis, book.citations, "versions")


def _basis(question: str, result: SearchResult, version: Document, commencements: set[str], book: CitationBook,
           tuning: AnswerTuning) -> str:
    """"……该适用哪一版？依据哪一条？", "……今年才立案，还能开除吗？": the best-ranked article of the regulation that is
    no ``commencements`` provision, in the version in force then (its counterpart there when it was found in
    another version), quoted whole; empty when the question asks for none or none was retrieved."""
    if not (_ASKS_ARTICLE.search(question) or _HANDLED_LATER.search(question)):
        return ""
    ids = {doc.doc_id for doc in result.catalogue.versions(version.title)}
    hit = next((h for h in result.hits if h.document.doc_id in ids and h.chunk.article is not None
                and h.chunk.chunk_id not in commencements), None)
    if hit is None:
        return ""
    quoted, how = hit.document, f"{version_label(version)}，检索到的最相关条文"
    number: int | None = hit.chunk.article
    if hit.document.doc_id != version.doc_id:
        mapped = counterpart(result.catalogue, hit.document, hit.chunk.article, version, tuning.compare_same_provision,
                             tuning.compare_extended_provision)
        if mapped is not None:
            quoted, number = version, mapped
            how = f"{version_label(version)}，与检索到的{version_label(hit.document)}{hit.chunk.locator}相对应的条文"
        else:  # reworded past recognition, or new: quote what was found, and say which version it is
            how = f"检索到的最相关条文，出自{version_label(hit.document)}；{version_label(version)}中未找到措辞相近的对应条文"
    chunks = result.catalogue.article(quoted.doc_id, number) if number is not None else []
    if not chunks:
        return ""
    text = article_text(chunks)
    cited = book.cite(Hit(chunks[0], quoted, hit.score, via="article"), text.split("。")[0])
    return f"\n\n依据的条文（{how}）：\n{text}[{cited}]"
