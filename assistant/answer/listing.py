"""Whole lists and procedures: when a list or how question is answered by an enumeration in one of the top
passages (一是…二是, 第一步…, 1. 2. 3., （一）（二）), the answer is every item of it, with its label, in order,
each cited by the passage that holds it (a list running on into the next passage is followed there)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.asktype import ask_type, asking_sentences, wants_enumeration
from assistant.answer.citations import CitationBook, passage_hits
from assistant.answer.enumerations import Enumeration, Item, document_text, enumerations
from assistant.answer.protocol import Composition
from assistant.answer.refusal import counts_members
from assistant.answer.scoring import ScoredSentence, SentenceScorer
from assistant.models import Chunk, Hit
from assistant.patterns import ITEM_ASKED, SENTENCE_END
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int, index_form
from assistant.tuning import AnswerTuning

# what a list question asks the members of: the noun after 哪些/哪几种/哪几类 ("可以给党员哪些纪律处分？" → 纪律处分)
_MEMBERS_ASKED = re.compile(r"哪(?:些|几种|几类|几项|几个|几条)([\u4e00-\u9fff]{2,6}?)(?:[？?，,。呢吗]|$)")
# a lead-in announcing a list of that noun: it ends in the noun, or in the noun and a word for its kinds
# ("对党员的纪律处分种类：" lists 纪律处分; "党的纪律处分工作遵循下列原则：" lists 原则)
_KINDS = "(?:的)?(?:种类|类型|类别|形式|方式|情形)?"



@dataclass
class _Candidate:
    enumeration: Enumeration
    hit: Hit
    rank: int
    intro_coverage: float
    coverage: float
    chunks: list[Chunk]
    text: str  # the document's text, where the enumeration's positions are


def _intro_holder(enumeration: Enumeration, chunks: list[Chunk], text: str) -> Chunk | None:
    """The passage holding the words that introduce the list ("党的建设必须坚决实现以下五项基本要求："), when no
    passage holding the first item holds them too (a long list is split after its lead-in): the answer quotes
    them, so it cites where they stand. None when the first item's passage holds them. ``text`` is the document's
    text the enumeration was found in."""
    at = text.rfind(enumeration.intro, 0, enumeration.start) if enumeration.intro else -1
    if at < 0:
        return None
    first = _holders(enumeration.items[0], chunks)
    if any(c.start <= at and at + len(enumeration.intro) <= c.end for c in first):
        return None
    return next((c for c in chunks if c.start <= at < c.end), None)


def _first_sentences(text: str, short_first: int) -> str:
    """The item's first sentence (two when the first, shorter than ``short_first``, only names the item)."""
    for m in SENTENCE_END.finditer(text):
        if m.end() >= short_first and m.end() < len(text):
            return text[: m.end()]
    return text


def _with_marks(text: str, marks: str) -> str:
    """Citation marks before the item's closing punctuation."""
    body = text.rstrip()
    if body and body[-1] in "。；;！？!?":
        return body[:-1] + marks + body[-1]
    return body + marks


def _cut(items: tuple[Item, ...], tuning: AnswerTuning) -> list[str]:
    texts = [it.text if len(it.text) <= tuning.list_item_chars else _first_sentences(it.text, tuning.list_short_first) for it in items]
    if sum(len(t) for t in texts) > tuning.list_max_chars:
        texts = [_first_sentences(it.text, tuning.list_short_first) for it in items]
    return texts


def _holders(item: Item, chunks: list[Chunk]) -> list[Chunk]:
    """The passages that hold the item's text (the one where it starts first)."""
    inside = [c for c in chunks if c.start <= item.start < c.end]
    later = [c for c in chunks if item.start < c.start < item.end and c not in inside]
    return (inside[:1] + later) or chunks[:1]


def _candidates(question: str, result: SearchResult, scorer: SentenceScorer,
                tuning: AnswerTuning) -> list[_Candidate]:
    weights = scorer.weights(asking_sentences(question))
    out: list[_Candidate] = []
    texts: dict[str, str] = {}
    for rank, hit in enumerate(result.hits[: tuning.list_passages]):
        doc_id = hit.chunk.doc_id
        chunks = result.catalogue.chunks_of(doc_id)
        if doc_id not in texts:
            texts[doc_id] = document_text(chunks)
        context = hit.document.title
        for e in enumerations(texts[doc_id], tuning):
            if e.end <= hit.chunk.start or e.start >= hit.chunk.end:
                continue
            intro = " ".join(x for x in (e.intro, hit.chunk.section.split(" › ")[-1] if e.start >= hit.chunk.start else "") if x)
            intro_cov = scorer.coverage(weights, intro, context)
            if intro_cov < tuning.list_intro_coverage:  # a list answers questions about the list as a whole
                continue
            whole = scorer.coverage(weights, intro + " " + " ".join(it.text for it in e.items), context)
            out.append(_Candidate(e, hit, rank, intro_cov, whole, chunks, texts[doc_id]))
    return out


def _announcing(found: list[_Candidate], question: str) -> list[_Candidate]:
    """The candidate lists whose lead-in announces a list of what the question asks the members of (empty when
    none does or the question names no such noun): "可以给党员哪些纪律处分？" is answered by "对党员的纪律处分种类：",
    not by the longer "党的纪律处分工作遵循下列原则：" whose items happen to share more of its words."""
    asked = _MEMBERS_ASKED.search(index_form(question))
    if not asked:
        return []
    ends = re.compile(re.escape(asked.group(1)) + _KINDS + r"$")
    return [c for c in found if ends.search(index_form(c.enumeration.intro).rstrip("：:。 "))]


def _rival(question: str, result: SearchResult, scored: list[ScoredSentence], scorer: SentenceScorer,
           pick: _Candidate) -> float:
    """The best coverage of the question by a sentence outside the list, read with its section heading (as
    the list is read with its introduction)."""
    weights = scorer.weights(asking_sentences(question))
    best = 0.0
    for s in scored:
        hit = result.hits[s.rank]
        at = hit.chunk.start + s.sentence.start
        if hit.chunk.doc_id == pick.hit.chunk.doc_id and pick.enumeration.start <= at < pick.enumeration.end:
            continue
        heading = hit.chunk.section.split(" › ")[-1]
        best = max(best, scorer.coverage(weights, f"{s.text} {heading}", hit.document.title))
    return best


def compose_list(question: str, result: SearchResult, scored: list[ScoredSentence],
                 scorer: SentenceScorer, tuning: AnswerTuning) -> Composition | None:
    """Every item of the enumeration that answers a list or how question, or a question asking how many
    members a set has (the answer says how many: "共 8 项"); None when none does. A list and the sentences it
    competes with are measured against the sentences that ask, not the story told before them."""
    if not scored or not (wants_enumeration(ask_type(question)) or counts_members(question)):
        return None  # a list, how or requirement question, or how many members a set has ("党员有几项义务？")
    found = _candidates(question, result, scorer, tuning)
    if not found:
        return None
    # a list announced as one of what the question asks the members of answers it, however few of the question's
    # words its items repeat (警告；严重警告；……): no sentence outside it competes
    announced = _announcing(found, question)
    pick = max(announced or found, key=lambda c: (c.intro_coverage + c.coverage, -c.rank, len(c.enumeration.items)))
    if not announced and pick.coverage < _rival(question, result, scored, scorer, pick) * tuning.list_vs_sentence:
        return None
    book = CitationBook()
    lines: list[str] = []
    intro = pick.enumeration.intro.rstrip("：:。 ")
    as_hits = lambda chunks: passage_hits(chunks, pick.hit.document, result.hits, "list")  # noqa: E731
    # the introduction quoted on the head line is cited first when a passage before the items' holds it
    opening = _intro_holder(pick.enumeration, pick.chunks, pick.text)
    intro_marks = book.marks(as_hits([opening]), pick.enumeration.intro) if opening and intro else ""
    items = list(zip(pick.enumeration.items, _cut(pick.enumeration.items, tuning)))
    asked = ITEM_ASKED.search(question)
    number = cn_to_int(asked.group(1)) if asked else None
    if number is not None and 1 <= number <= len(items):  # "第五项具体是怎么写的？": that item, whole
        items = [(items[number - 1][0], items[number - 1][0].text)]
    for item, text in items:
        lines.append(_with_marks(text, book.marks(as_hits(_holders(item, pick.chunks)), text)))
    count = f"第 {number} 项" if len(items) == 1 and number else f"共 {len(lines)} 项"
    head = f"《{pick.hit.document.title}》" + (f"“{intro}”{intro_marks}" if intro else "") + f"{count}：\n"
    return Composition(head + "\n".join(lines), book.citations, "list")
