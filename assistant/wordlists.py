"""Bundled word lists written as sectioned text files (assistant/data/*.txt): "# comments", "[section]"
headers, one entry a line."""

from __future__ import annotations

from typing import Iterable

from assistant.textnorm import index_form


def parse_sections(text: str, sections: Iterable[str]) -> dict[str, list[str]]:
    """The entries (index forms) of the named sections of a sectioned text."""
    found: dict[str, list[str]] = {s: [] for s in sections}
    current: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = found.get(line[1:-1])
        elif current is not None:
            current.append(index_form(line))
    return found


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """The distinct words, longest first (so that a longer ending or surname is tried before a shorter one)."""
    return tuple(sorted(set(words), key=len, reverse=True))
