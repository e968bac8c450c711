"""Proper names of organisations a question names (胜利油田, 南宁供电局, 潍坊烟草公司): candidates for the
'is it mentioned anywhere?' check, like named documents and quoted terms.

A name is a proper-name part followed by an organisation-type ending (assistant/data/organisation_names.txt):
the words before the ending when jieba tags them as proper names (南宁/ns 供电局), or the part of one word
jieba tags as a place or organisation name (胜利油田/nt) when that part is not a common noun (儿童医院) or a
generic qualifier (上市公司). Generic organisation words (国有企业, 中央企业, 供电企业, 本单位, 党支部) have
no such part and are never names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.wordlists import longest_first, parse_sections

# jieba's tags of words that, before a type word, make a name: places, people, organisations, proper nouns
_RUN_TAGS = frozenset({"ns", "nr", "nrt", "nt", "nz"})
# jieba's tags of one word that may be a whole name with its type: places, organisations, proper nouns
_NAME_TAGS = frozenset({"ns", "nt", "nz"})
# tags of a part that names a kind, not one organisation: common nouns, place and direction words,
# attributes, numerals, abbreviations (音乐学院, 网上银行, 北方大学, 国立大学, 三九集团, 中医医院)
_KIND_TAGS = frozenset({"n", "ng", "s", "f", "b", "m", "q", "d", "t", "r", "h", "zg", "j"})


@dataclass(frozen=True)
class OrganisationWords:
    """The organisation-type endings (longest first), the company forms among them and the generic qualifiers
    that name no one."""

    types: tuple[str, ...]
    forms: tuple[str, ...]
    generic: frozenset[str]

    def type_of(self, word: str) -> str | None:
        """The longest organisation-type ending of ``word``, or None."""
        return next((t for t in self.types if word.endswith(t)), None)

    def is_form(self, word: str) -> bool:
        """Whether ``word`` is only a type (公司, 有限公司) or a generic qualifier with a type (分公司, 集团公司)."""
        ending = self.type_of(word)
        return ending is not None and (word == ending or word[: -len(ending)] in self.generic)

    def without_form(self, name: str) -> str | None:
        """The name without its company form (华为公司 → 华为), or None."""
        form = next((f for f in self.forms if name.endswith(f)), None)
        return name[: -len(form)] if form and len(name) - len(form) >= 2 else None


@dataclass(frozen=True)
class OrganisationName:
    """A named organisation and the shorter forms of its name (潍坊烟草公司 → 潍坊烟草) that also mention it."""

    name: str
    keys: tuple[str, ...]


def parse_organisation_words(text: str) -> OrganisationWords:
    """The data file's [forms], [types] and [generic] sections."""
    sections = parse_sections(text, ("forms", "types", "generic"))
    return OrganisationWords(longest_first(sections["forms"] + sections["types"]), longest_first(sections["forms"]),
                             frozenset(sections["generic"]))


@lru_cache(maxsize=1)
def load_organisation_words() -> OrganisationWords:
    """The bundled word lists (assistant/data/organisation_names.txt)."""
    data = resources.files("assistant.data").joinpath("organisation_names.txt")
    return parse_organisation_words(data.read_text(encoding="utf-8"))


class OrganisationFinder:
    """Finds organisation names in a text with jieba's part-of-speech tags and the word lists."""

    def __init__(self, tokenizer: Tokenizer, words: OrganisationWords | None = None) -> None:
        self._tokenizer = tokenizer
        self._words = words or load_organisation_words()

    def names(self, text: str) -> list[OrganisationName]:
        """Organisations ``text`` names, in order: proper-name words followed by a type word (南宁/ns 供电局),
        or one place or organisation word with a type ending or inside (胜利油田/nt, 北京大学党委/nt);
        following company forms join the name (潍坊/ns 烟草 公司 → 潍坊烟草公司)."""
        tagged = self._tokenizer.tagged(index_form(text))
        found: dict[str, OrganisationName] = {}
        i = 0
        while i < len(tagged):
            end = self._name_at(tagged, i, found)
            i = max(end, i + 1)
        return list(found.values())

    def _name_at(self, tagged: list[tuple[str, str]], i: int, found: dict[str, OrganisationName]) -> int:
        """Records the name whose type word is ``tagged[i]``; the index after it (``i`` when there is none)."""
        words = self._words
        word, tag = tagged[i]
        ending = words.type_of(word)
        if ending is None:
            inner = self._inner_name(word) if tag in _NAME_TAGS else None
            if inner:
                found.setdefault(word, OrganisationName(word, (word, inner)))
            return i
        start = i
        while start > 0 and self._runs_into_name(*tagged[start - 1]):
            start -= 1
        own = tag in _NAME_TAGS and self._proper_part(word[: -len(ending)])  # 胜利油田/nt
        if start == i and not own:
            return i
        end = i + 1
        while end < len(tagged) and words.is_form(tagged[end][0]):
            end += 1
        # shorter forms keep a proper-name part and the type word: 山东潍坊烟草有限公司 → 潍坊烟草
        keys = {"".join(w for w, _ in tagged[s:e]) for s in range(start, i + own) for e in range(i + 1, end + 1)}
        keys |= {short for k in keys if (short := words.without_form(k))}
        name = "".join(w for w, _ in tagged[start:end])
        if len(name) >= 3:
            found.setdefault(name, OrganisationName(name, tuple(sorted(keys, key=len, reverse=True))))
        return end

    def _runs_into_name(self, word: str, tag: str) -> bool:
        return tag in _RUN_TAGS and word not in self._words.generic and self._words.type_of(word) is None

    def _proper_part(self, part: str) -> bool:
        """Whether the part of a word before its type names one organisation (胜利 in 胜利油田, 中国工商 in
        中国工商银行), not a kind (儿童 in 儿童医院, 上市 in 上市公司): its first word is not tagged as a kind."""
        if len(part) < 2 or part in self._words.generic:
            return False
        return self._tokenizer.tagged(part)[0][1] not in _KIND_TAGS

    def _inner_name(self, word: str) -> str | None:
        """The part of one word up to a type inside it (北京大学党委 → 北京大学), or None."""
        for t in self._words.types:
            at = word.find(t, 1)
            if at > 0 and self._proper_part(word[:at]):
                return word[: at + len(t)]
        return None
