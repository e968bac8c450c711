"""Splitting passages into sentences, robust to text whose sentence punctuation was lost."""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]?")
_ENUM = re.compile(r"(?=(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，、]|[（(][一二三四五六七八九十\d]+[）)]))")
MAX_SENTENCE = 150
_TARGET = 90


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


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long run at enumeration markers (一是/（一）), then at clause punctuation, then by length."""
    piece = text[start:end]
    cuts = sorted({m.start() for m in _ENUM.finditer(piece) if m.start() > 0} | {0, len(piece)})
    parts = [(start + a, start + b) for a, b in zip(cuts, cuts[1:]) if b > a]
    out: list[tuple[int, int]] = []
    for a, b in parts:
        if b - a <= MAX_SENTENCE:
            out.append((a, b))
            continue
        cur = a
        for m in _CLAUSE.finditer(text, a, b):
            if m.end() == m.start():
                continue
            if m.end() - cur >= _TARGET:
                out.append((cur, m.end()))
                cur = m.end()
        if cur < b:
            out.append((cur, b))
    final: list[tuple[int, int]] = []
    for a, b in out:
        while b - a > MAX_SENTENCE:
            final.append((a, a + _TARGET))
            a += _TARGET
        final.append((a, b))
    return final


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` (ending at 。！？； or a line break); over-long runs are cut into clauses."""
    result: list[Sentence] = []
    for start, end in _raw_spans(text):
        spans = [(start, end)] if end - start <= MAX_SENTENCE else _split_long(text, start, end)
        for a, b in spans:
            raw = text[a:b]
            stripped = raw.strip()
            if len(stripped) < 2:
                continue
            lead = len(raw) - len(raw.lstrip())
            result.append(Sentence(stripped, a + lead, a + lead + len(stripped)))
    return result
