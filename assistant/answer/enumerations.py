"""Enumerated lists and procedures in a document's text: 一是…二是, 第一步…, 第一，…, 1. 2. 3., （一）（二）, 一、二、.

A run is a sequence of labels of one style numbered 1, 2, 3 … without a gap; each item reaches from its
label to the next label of the run (the last one to the end of its line). Offsets are the document's, so
every item can be cited by the passage that holds it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.sentences import split_sentences
from assistant.models import Chunk
from assistant.patterns import CN_ONE_TO_TEN, SENTENCE_END
from assistant.textnorm import cn_to_int
from assistant.tuning import AnswerTuning

_BREAK = r"(?:(?<=^)|(?<=\n)|(?<=[。；;：:！？!?])|(?<=[。；;：:！？!?][”’」』）)]))[ \t　]*"
_LINE = r"(?:(?<=^)|(?<=\n))[ \t　]*"
# style name → pattern with the number in group "n"; line-start styles are headings or numbered lines
_STYLES: dict[str, re.Pattern[str]] = {
    "arabic": re.compile(_LINE + r"(?P<n>\d{1,2})(?:[.．、](?!\d)|\s)"),
    "paren_arabic": re.compile(_BREAK + r"[（(](?P<n>\d{1,2})[）)]"),
    "paren_cn": re.compile(_BREAK + rf"[（(](?P<n>[{CN_ONE_TO_TEN}]{{1,3}})[）)]"),
    "cn_is": re.compile(_BREAK + rf"(?P<n>[{CN_ONE_TO_TEN}]{{1,3}})是"),
    "step": re.compile(_BREAK + rf"第(?P<n>[{CN_ONE_TO_TEN}\d]{{1,3}})步"),
    "ordinal": re.compile(_BREAK + rf"第(?P<n>[{CN_ONE_TO_TEN}]{{1,3}})[，,、：:]"),
    "cn_comma": re.compile(_LINE + rf"(?P<n>[{CN_ONE_TO_TEN}]{{1,3}})[、．.]"),
}


@dataclass(frozen=True)
class Item:
    """One labelled item: its text (label included) and document offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Enumeration:
    """A run of labelled items and the words that introduce it (the line before, or the lead-in sentence)."""

    style: str
    items: tuple[Item, ...]
    intro: str

    @property
    def start(self) -> int:
        return self.items[0].start

    @property
    def end(self) -> int:
        return self.items[-1].end


def document_text(chunks: list[Chunk]) -> str:
    """The document's cleaned text rebuilt from its passages (placed at their offsets; gaps become line breaks)."""
    if not chunks:
        return ""
    size = max(c.end for c in chunks)
    buf = ["\n"] * size
    for c in chunks:
        buf[c.start : c.start + len(c.text)] = list(c.text)
    return "".join(buf[:size])


def _runs(text: str, style: str, pattern: re.Pattern[str], min_items: int) -> list[list[tuple[int, int]]]:
    """(label start, number) runs of one style: 1, 2, 3 … consecutive."""
    marks = []
    for m in pattern.finditer(text):
        n = cn_to_int(m.group("n")) if not m.group("n").isdigit() else int(m.group("n"))
        if n:
            marks.append((m.start("n") - (1 if style in {"paren_arabic", "paren_cn", "step", "ordinal"} else 0), n))
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for pos, n in marks:
        if current and n == current[-1][1] + 1:
            current.append((pos, n))
            continue
        if len(current) >= min_items:
            runs.append(current)
        current = [(pos, n)] if n == 1 else []
    if len(current) >= min_items:
        runs.append(current)
    return runs


def _last_end(text: str, start: int, previous: list[int]) -> int:
    """End of the last item: the end of its line; when that is much longer than the other items, its first sentence."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    typical = max(previous) if previous else 0
    if previous and line_end - start > 2 * typical:
        m = SENTENCE_END.search(text, start, line_end)
        if m:
            return m.end()
    return line_end


def _intro(text: str, start: int, tuning: AnswerTuning) -> str:
    """The words before the first item: the last sentence of its line before it, else the nearest
    non-empty line above (a heading)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].strip()
    if not before:
        lines = [x.strip() for x in text[:line_start].split("\n") if x.strip()]
        before = lines[-1] if lines else ""
    sentences = split_sentences(before, tuning)
    return sentences[-1].text if sentences else before


def enumerations(text: str, tuning: AnswerTuning) -> list[Enumeration]:
    """Every enumeration of ``text``, in reading order (nested ones included): runs of at least
    ``tuning.list_min_items`` items. Runs whose items span several lines or more than
    ``tuning.list_section_chars`` are sections of a document, not lists."""
    min_items, max_item_chars = tuning.list_min_items, tuning.list_section_chars
    found: list[Enumeration] = []
    for style, pattern in _STYLES.items():
        for run in _runs(text, style, pattern, min_items):
            starts = [p for p, _ in run]
            items: list[Item] = []
            for i, a in enumerate(starts):
                b = starts[i + 1] if i + 1 < len(starts) else _last_end(text, a, [it.end - it.start for it in items])
                raw = text[a:b]
                body = raw.rstrip()
                items.append(Item(body.strip(), a + len(raw) - len(raw.lstrip()), a + len(body)))
            if any("\n" in it.text or len(it.text) > max_item_chars for it in items):
                continue
            found.append(Enumeration(style, tuple(items), _intro(text, starts[0], tuning)))
    found.sort(key=lambda e: (e.start, -e.end))
    return found
