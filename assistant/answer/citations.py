"""Citation numbers: assigned in order of first use; checked after an LLM wrote them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from assistant.answer.sentences import split_sentences
from assistant.models import Chunk, Citation, Document, Hit
from assistant.patterns import ARTICLE_REF, CITATION_MARK, SENTENCE_STOPS
from assistant.support import is_claim, supports
from assistant.textnorm import cn_to_int, index_form
from assistant.tuning import AnswerTuning

_MARK = re.compile(r"[\[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]")
_TRAILING_MARKS = re.compile(r"([。！？；!?;])((?:\[\d+\])+)")
_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_STOPS}\n])")
_NUMBER_SEPARATOR = re.compile(r"[,，、\s]+")  # between the numbers of one mark: "[1，3]"


def passage_hits(chunks: Iterable[Chunk], document: Document, hits: Iterable[Hit], via: str) -> list[Hit]:
    """Passages to cite as hits: the retrieved hit of each passage that was retrieved (its scores kept), else the
    passage itself, found by ``via`` ("article", "list", "section")."""
    by_id = {h.chunk.chunk_id: h for h in hits}
    return [by_id.get(c.chunk_id) or Hit(c, document, 0.0, via=via) for c in chunks]


class CitationBook:
    """Numbers passages in the order they are first cited."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._citations: list[Citation] = []

    def cite(self, hit: Hit, sentence: str) -> int:
        key = hit.chunk.chunk_id
        if key not in self._numbers:
            self._numbers[key] = len(self._citations) + 1
            self._citations.append(Citation(self._numbers[key], hit, sentence))
        return self._numbers[key]

    def marks(self, hits: list[Hit], sentence: str) -> str:
        return "".join(f"[{n}]" for n in dict.fromkeys(self.cite(h, sentence) for h in hits))

    @property
    def citations(self) -> list[Citation]:
        return list(self._citations)


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+", "", index_form(text))
    return {t[i : i + 2] for i in range(len(t) - 1)}


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's character bigrams found in the other (0..1)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


_HEADING_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、])\s*")


def _pairs(text: str) -> set[str]:
    t = re.sub(r"\W", "", index_form(text))
    return {t[i : i + 2] for i in range(len(t) - 1)}


def label_share(label: str, text: str, min_pairs: int = 1) -> float:
    """Share of a heading's character pairs (numbering marker and punctuation left out) found in ``text``:
    how clearly a question names that heading. 0 for a label of fewer than ``min_pairs`` pairs."""
    own = _pairs(_HEADING_MARKER.sub("", label))
    return len(own & _pairs(text)) / len(own) if own and len(own) >= min_pairs else 0.0


def best_supporting_sentence(claim: str, hit: Hit, tuning: AnswerTuning) -> str:
    """The sentence of the hit most like ``claim`` (what a citation quotes)."""
    sentences = split_sentences(hit.chunk.text, tuning)
    if not sentences:
        return hit.chunk.text[:120]
    return max(sentences, key=lambda s: similarity(claim, s.text)).text


@dataclass
class CheckedText:
    """An LLM answer after its citations were checked."""

    text: str
    citations: list[Citation]
    flagged_sentences: list[str] = field(default_factory=list)
    invented_articles: list[str] = field(default_factory=list)
    removed_numbers: list[int] = field(default_factory=list)
    unsupported: int = 0  # citations dropped because their passage does not support the sentence


def _source_articles(sources: list[Hit]) -> set[int]:
    found = {h.chunk.article for h in sources if h.chunk.article is not None}
    for h in sources:
        found |= {n for n in (cn_to_int(m) for m in ARTICLE_REF.findall(index_form(h.chunk.text))) if n is not None}
    return found


def drop_unsupported(text: str, sources: list[Hit], tuning: AnswerTuning) -> tuple[str, int]:
    """Remove from each sentence the citation numbers whose passage does not support it (the evaluation's
    support rule); numbers that match no source are left for the caller. Returns the text and how many
    citations were dropped; a sentence left without any is then flagged as uncited."""
    text = _TRAILING_MARKS.sub(r"\2\1", text)
    dropped = 0
    pieces = []
    for piece in _SENTENCE_END.split(text):
        claim = _MARK.sub("", piece)
        if not is_claim(claim, tuning.claim_min_chars):
            pieces.append(piece)
            continue

        def keep(match: re.Match[str]) -> str:
            nonlocal dropped
            numbers = [int(n) for n in _NUMBER_SEPARATOR.split(match.group(1)) if n]
            kept = [n for n in numbers if not 1 <= n <= len(sources) or supports(sources[n - 1].chunk.text, claim, tuning.support_threshold)]
            dropped += len(numbers) - len(kept)
            return f"[{','.join(map(str, kept))}]" if kept else ""

        pieces.append(_MARK.sub(keep, piece))
    return "".join(pieces), dropped


def check_citations(text: str, sources: list[Hit], tuning: AnswerTuning, exempt: tuple[str, ...] = ()) -> CheckedText:
    """Drop citation numbers that match no source and those whose passage does not support their
    sentence, renumber by first use, flag uncited sentences and article numbers that no source contains.
    Sentences containing an ``exempt`` phrase are not flagged."""
    text, unsupported = drop_unsupported(text, sources, tuning)
    removed: list[int] = []
    book = CitationBook()
    claims = {}

    def renumber(match: re.Match[str]) -> str:
        out = []
        for raw in _NUMBER_SEPARATOR.split(match.group(1)):
            if not raw:
                continue
            n = int(raw)
            if 1 <= n <= len(sources):
                out.append(n)
            else:
                removed.append(n)
        marks = []
        for n in dict.fromkeys(out):
            hit = sources[n - 1]
            new = book.cite(hit, claims.get(n, ""))
            marks.append(f"[{new}]")
        return "".join(marks)

    checked = _MARK.sub(renumber, text)
    checked = _TRAILING_MARKS.sub(r"\2\1", re.sub(r"[ \t]+\n", "\n", checked)).strip()
    citations = [Citation(c.n, c.hit, best_supporting_sentence(_claim_for(checked, c.n, tuning), c.hit, tuning)) for c in book.citations]
    flagged, invented = [], []
    valid_articles = _source_articles(sources)
    for sentence in split_sentences(checked, tuning):
        s = sentence.text
        bare = re.sub(r"^[\d一二三四五六七八九十]+[.、．)）]\s*", "", s)
        if any(p in s for p in exempt):
            continue
        if not CITATION_MARK.search(s) and len(re.sub(r"\W", "", bare)) >= tuning.uncited_min_chars and not bare.endswith(("：", ":")):
            flagged.append(s)
        for m in ARTICLE_REF.finditer(index_form(s)):
            n = cn_to_int(m.group(1))
            if n is not None and n not in valid_articles:
                invented.append(m.group(0))
                if s not in flagged:
                    flagged.append(s)
    return CheckedText(checked, citations, flagged, list(dict.fromkeys(invented)), removed, unsupported)


def _claim_for(text: str, n: int, tuning: AnswerTuning) -> str:
    for sentence in split_sentences(text, tuning):
        if f"[{n}]" in sentence.text:
            return _MARK.sub("", sentence.text)
    return ""
