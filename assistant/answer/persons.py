"""Personal names a question names (焦裕禄精神, 张桂梅, 黄大年同志): candidates for the 'is it mentioned
anywhere?' check, like named documents, quoted terms and organisations.

jieba tags many common words as personal names (从严治党, 公正, 高素质), so a word it tags so is taken for a
name only when a word for a person's title or legacy follows it (雷锋精神, 黄大年同志), or when it is a common
surname and a given name that jieba's dictionary does not list as a common word (焦+裕禄, but not 高+素质).
The lists are in assistant/data/person_names.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.wordlists import longest_first, parse_sections

_NAME_TAGS = ("nr",)  # jieba's personal-name tags: nr, nrfg, nrt
_PROPER_TAGS = ("nr", "nz", "ns")  # a given name jieba's dictionary lists as a proper noun is still a name
_LINK = "的"  # "焦裕禄的精神": a role word may follow after 的


# the question words asking a person's name after a word for the person ("书记是谁？", "厂长叫什么名字", "主任姓什么")
_NAME_ASKED = r"(?:是谁|是哪位|叫什么名字|叫什么|姓什么|名字是什么|姓名是什么)"


@dataclass(frozen=True)
class PersonWords:
    """Common surnames (longest first, so that 欧阳 is tried before 欧) and words for a person's title or legacy,
    with the pattern of a question asking the name of a person a role word names."""

    surnames: tuple[str, ...]
    roles: tuple[str, ...]
    name_asked: re.Pattern[str]


def parse_person_words(text: str) -> PersonWords:
    """The data file's [surnames] and [roles] sections."""
    sections = parse_sections(text, ("surnames", "roles"))
    roles = longest_first(sections["roles"])
    asked = re.compile(rf"(?:{'|'.join(re.escape(r) for r in roles)})[^，。？！,?!；;]{{0,4}}?{_NAME_ASKED}")
    return PersonWords(longest_first(sections["surnames"]), roles, asked)


@lru_cache(maxsize=1)
def load_person_words() -> PersonWords:
    """The bundled word lists (assistant/data/person_names.txt)."""
    data = resources.files("assistant.data").joinpath("person_names.txt")
    return parse_person_words(data.read_text(encoding="utf-8"))


def asks_personal_name(question: str, words: PersonWords | None = None) -> bool:
    """Whether the question asks who a person holding a title is, by name ("车间党支部的书记是谁？叫什么名字？");
    not what an activity or a body is called ("主题党日活动叫什么名字")."""
    return (words or load_person_words()).name_asked.search(index_form(question)) is not None


class PersonFinder:
    """Finds personal names in a text with jieba's part-of-speech tags and the word lists."""

    def __init__(self, tokenizer: Tokenizer, words: PersonWords | None = None) -> None:
        self._tokenizer = tokenizer
        self._words = words or load_person_words()

    def names(self, text: str) -> list[str]:
        """Personal names ``text`` names, in order, each once."""
        tagged = [(w, f) for w, f in self._tokenizer.tagged(index_form(text)) if w.strip()]
        found: list[str] = []
        for i, (word, flag) in enumerate(tagged):
            if not flag.startswith(_NAME_TAGS) or not 2 <= len(word) <= 4 or word in found:
                continue
            if self._role_follows(tagged, i + 1) or self._surname_and_given_name(word):
                found.append(word)
        return found

    def _role_follows(self, tagged: list[tuple[str, str]], i: int) -> bool:
        if i < len(tagged) and tagged[i][0] == _LINK:
            i += 1
        return i < len(tagged) and tagged[i][0].startswith(self._words.roles)

    def _surname_and_given_name(self, word: str) -> bool:
        surname = next((s for s in self._words.surnames if word.startswith(s)), None)
        if surname is None:
            return False
        given = word[len(surname):]
        if len(given) != 2:  # a one-character given name is told from a common word only by a role word
            return False
        tag = self._tokenizer.dictionary_tag(given)
        return tag is None or tag.startswith(_PROPER_TAGS)
