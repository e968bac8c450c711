"""Where an article went in the other version ("我记得旧条例第九十四条……新条例里变成第几条了？",
"2018年版第五十六条在新条例里是第几条？"): the two versions' articles aligned in order (the same alignment
as a whole-revision comparison), the named article and its counterpart quoted and cited, and what changed."""

from __future__ import annotations

import re

from assistant.answer.alignment import clause_changes, describe
from assistant.answer.citations import CitationBook
from assistant.answer.compare import asks_comparison
from assistant.answer.articles import article_text, counterpart
from assistant.answer.protocol import Composition
from assistant.answer.refusal import doc_years
from assistant.answer.versions import version_label, versioned_title
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, Hit
from assistant.query import version_cue
from assistant.patterns import ARTICLE_REF
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int, int_to_cn
from assistant.tuning import AnswerTuning

# asking for an article's number ("第几条", "哪一条", "对应哪条")
_ASKS_NUMBER = re.compile(r"第几条|哪一条|哪条|条号|对应")
def _source_version(text: str, docs: list[Document]) -> Document | None:
    """The version (of ``docs``, newest first) the last version word of ``text`` names (a year, 旧…, 新…)."""
    cue = version_cue(text)
    if isinstance(cue, int):
        return next((d for d in docs if cue in doc_years(d)), None)
    return None if cue is None else docs[1] if cue == "older" else docs[0]


def _quote(doc: Document, chunks: list[Chunk], book: CitationBook) -> str:
    text = article_text(chunks)
    first = re.split(r"(?<=[。；])", text, maxsplit=1)[0]
    return f"{version_label(doc) or doc.title}：{text}[{book.cite(Hit(chunks[0], doc, 0.0, via='article'), first)}]"


def compose_renumbered_article(question: str, result: SearchResult, tuning: AnswerTuning) -> Composition | None:
    """The counterpart of the article the question names, in the other version the knowledge base holds, and
    what changed between them; None unless the question names an article of one version and asks for its
    number in another, how the versions differ ("第一百零五条修订前后有什么变化？") or names another version
    after it ("现行条例第一百一十五条在2018年版里是怎么写的？")."""
    number = result.intent.article
    ref = ARTICLE_REF.search(question)
    catalogue = result.catalogue
    title = versioned_title(result)
    if number is None or ref is None or title is None:
        return None
    docs = catalogue.versioned[title]
    new, old = docs[0], docs[1]  # the version in force and the one before it
    source = _source_version(question[: ref.start()], docs)
    # "现行条例第一百一十五条在2018年版里是怎么写的？": another version named after the article asks for its counterpart
    other = _source_version(question[ref.end():], docs)
    asks_other = source is not None and other is not None and other.doc_id != source.doc_id
    if not (_ASKS_NUMBER.search(question[ref.end():]) or asks_comparison(question) or asks_other):
        return None
    if source is None:  # "……第七十九条。按现行条例，这一条现在是第几条？": the version asked about is the other one
        source = None if other is None else (old if other.doc_id == new.doc_id else new)
    if source is None:
        return None
    if source.doc_id not in (new.doc_id, old.doc_id) or not catalogue.article(source.doc_id, number):
        return None
    target = old if source.doc_id == new.doc_id else new
    book = CitationBook()
    named = f"《{source.title}》{version_label(source) or ''}第{int_to_cn(number)}条"
    given = _article_of_the_other_version(question, ref, target, docs)
    # the same number named again in the other version ("我翻现行条例，第一百零六条讲的是…") is what the asker
    # found wrong there: its counterpart is asked for
    if given is not None and given != number and catalogue.article(target.doc_id, given):
        # "2018年版第二十八条和2023年版第三十条有什么不同？": the pair the question names, not the aligned one
        return _pair(f"{named}与{version_label(target) or '另一版本'}第{int_to_cn(given)}条对照：", source, number,
                     target, given, old, catalogue, book, tuning)
    found = counterpart(catalogue, source, number, target, tuning.compare_same_provision,
                        tuning.compare_extended_provision)
    if found is None:
        head = f"{named}在{version_label(target) or '另一版本'}中没有对应的条文（按条文顺序和内容对齐两版）。"
        return Composition(head + "\n" + _quote(source, catalogue.article(source.doc_id, number), book),
                           book.citations, "versions")
    head = f"{named}在{version_label(target) or '另一版本'}中是第{int_to_cn(found)}条（按条文顺序和内容对齐两版）："
    return _pair(head, source, number, target, found, old, catalogue, book, tuning)


def _article_of_the_other_version(question: str, ref: re.Match[str], target: Document, docs: list[Document]) -> int | None:
    """The number of a second article the question names in the other version ("…第二十八条和2023年版第三十条…")."""
    second = ARTICLE_REF.search(question, ref.end())
    if second is None:
        return None
    version = _source_version(question[ref.end(): second.start()], docs)
    return cn_to_int(second.group(1)) if version is not None and version.doc_id == target.doc_id else None


def _pair(head: str, source: Document, number: int, target: Document, found: int, old: Document,
          catalogue: Catalogue, book: CitationBook, tuning: AnswerTuning) -> Composition:
    """Two articles of two versions quoted one after the other, with the changes from the older to the newer."""
    source_chunks, target_chunks = catalogue.article(source.doc_id, number), catalogue.article(target.doc_id, found)
    lines = [_quote(source, source_chunks, book), _quote(target, target_chunks, book)]
    source_text, target_text = article_text(source_chunks), article_text(target_chunks)
    older, newer = (source_text, target_text) if source.doc_id == old.doc_id else (target_text, source_text)
    changes = clause_changes(older, newer, tuning.compare_same_clause, tuning.compare_minor_chars)
    note = ("注意：两版条文的改动：" + "；".join(describe(c, tuning.compare_change_chars) for c in changes[: tuning.compare_changes_shown]) + "。"
            if changes else "注意：两版条文没有实质改动（条号引用和个别虚词的变化不计），只是条号变了。")
    return Composition(head + "\n" + "\n".join(lines) + "\n\n" + note, book.citations, "versions")
