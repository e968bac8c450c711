"""Splitting passages into sentences, robust to text whose sentence punctuation was lost."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.tuning import AnswerTuning

_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]?")
_ENUM = re.compile(r"(?=(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，、]|[（(][一二三四五六七八九十\d]+[）)]))")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage: its text and character offsets inside the passage text."""

    text: str
    start: int
    end: int


def _raw_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Spans ending at sentence marks; a mark inside a quotation that closes later on the same line ("做到“服务
    生产，有机制。服务员工，有纽带。”") ends no sentence, as long as the joined span stays within ``max_chars``."""
    spans: list[tuple[int, int]] = []
    for m in _END.finditer(text):
        if m.end() <= m.start():
            continue
        if spans and _open_quote(text[spans[-1][0] : spans[-1][1]]) and not text[spans[-1][0] : spans[-1][1]].endswith("\n") \
                and m.end() - spans[-1][0] <= max_chars and _closes_on_line(text, spans[-1][1]):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans


def _open_quote(span: str) -> bool:
    return span.count("“") > span.count("”")


def _closes_on_line(text: str, at: int) -> bool:
    line_end = text.find("\n", at)
    return "”" in text[at : line_end if line_end >= 0 else len(text)]


def _split_long(text: str, start: int, end: int, max_chars: int, target: int) -> list[tuple[int, int]]:
    """Cut an over-long run at enumeration markers (一是/（一）), then at clause punctuation, then by length."""
    piece = text[start:end]
    cuts = sorted({m.start() for m in _ENUM.finditer(piece) if m.start() > 0} | {0, len(piece)})
    parts = [(start + a, start + b) for a, b in zip(cuts, cuts[1:]) if b > a]
    out: list[tuple[int, int]] = []
    for a, b in parts:
        if b - a <= max_chars:
            out.append((a, b))
            continue
        cur = a
        for m in _CLAUSE.finditer(text, a, b):
            if m.end() == m.start():
                continue
            if m.end() - cur >= target:
                out.append((cur, m.end()))
                cur = m.end()
        if cur < b:
            out.append((cur, b))
    final: list[tuple[int, int]] = []
    for a, b in out:
        while b - a > max_chars:
            final.append((a, a + target))
            a += target
        final.append((a, b))
    return final


def split_sentences(text: str, tuning: AnswerTuning) -> list[Sentence]:
    """Sentences of ``text`` (ending at 。！？； or a line break, not inside a quotation closed later on the line);
    runs longer than ``tuning.sentence_max_chars`` are cut into clauses (text whose punctuation was lost still
    yields quotable pieces)."""
    result: list[Sentence] = []
    limit, target = tuning.sentence_max_chars, tuning.sentence_cut_chars
    for start, end in _raw_spans(text, limit):
        spans = [(start, end)] if end - start <= limit else _split_long(text, start, end, limit, target)
        for a, b in spans:
            raw = text[a:b]
            stripped = raw.strip()
            if len(stripped) < 2:
                continue
            lead = len(raw) - len(raw.lstrip())
            result.append(Sentence(stripped, a + lead, a + lead + len(stripped)))
    return result
