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


def _raw_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _END.finditer(text):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


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
    """Sentences of ``text`` (ending at 。！？； or a line break); runs longer than ``tuning.sentence_max_chars``
    are cut into clauses (text whose punctuation was lost still yields quotable pieces)."""
    result: list[Sentence] = []
    limit, target = tuning.sentence_max_chars, tuning.sentence_cut_chars
    for start, end in _raw_spans(text):
        spans = [(start, end)] if end - start <= limit else _split_long(text, start, end, limit, target)
        for a, b in spans:
            raw = text[a:b]
            stripped = raw.strip()
            if len(stripped) < 2:
                continue
            lead = len(raw) - len(raw.lstrip())
            result.append(Sentence(stripped, a + lead, a + lead + len(stripped)))
    return result
