"""Sibling nouns: two kinds of the same thing, such as two party organisations (地方党委, 党组) or two
members (领导干部, 普通党员). A follow-up "那X呢？" asks the previous question again of a sibling of one
of its words."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from assistant.patterns import ARTICLE_LABEL
from assistant.textnorm import index_form


def parse_families(text: str) -> tuple[tuple[str, ...], ...]:
    """Families from the text of a sibling list: one family a line, words separated by spaces, '#' comments."""
    families = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            families.append(tuple(sorted(dict.fromkeys(line.split()), key=len, reverse=True)))
    return tuple(families)


@lru_cache(maxsize=1)
def sibling_families() -> tuple[tuple[str, ...], ...]:
    """The bundled families (assistant/data/sibling_terms.txt)."""
    text = resources.files("assistant.data").joinpath("sibling_terms.txt").read_text(encoding="utf-8")
    return parse_families(text)


def family_of(word: str, families: tuple[tuple[str, ...], ...] | None = None) -> int | None:
    """The family a word belongs to: it is one of the family's words or ends with one (地方党委 → 党委's)."""
    for number, family in enumerate(sibling_families() if families is None else families):
        if any(word.endswith(member) for member in family):
            return number
    return None


def family_words(text: str) -> list[str]:
    """The words of the sibling families written in ``text``."""
    return [member for family in sibling_families() for member in family if member in text]


def are_siblings(word: str, other: str) -> bool:
    """Whether two different words name two kinds of the same thing: the same head character
    (民主生活会, 党小组会) or the same family of the sibling list (地方党委, 党组)."""
    if word == other or not word or not other:
        return False
    if word[-1] == other[-1]:
        return True
    family = family_of(word)
    return family is not None and family == family_of(other)


def opens_with(text: str, word: str) -> bool:
    """Whether a paragraph of a passage opens with ``word``, after its article label: the provision whose
    subject it is ("第七条 党组（党委）应当…" opens with 党组). Provisions state their subject first."""
    key = index_form(word)
    return any(ARTICLE_LABEL.sub("", line.strip()).startswith(key) for line in index_form(text).splitlines())
