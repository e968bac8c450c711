"""Everyday wording → the documents' wording: a question that says 老婆孩子, 购物卡 or 入党考验期 also searches
for 配偶、子女, 消费卡 and 预备期, and its colloquial particles (能不能, 咋, 啥 …) can be left out of the lexical query.

The vocabulary is a data file, assistant/data/colloquial_terms.tsv; how much the added words count is
a setting (Settings.colloquial_lexical_weight, colloquial_dense_terms, colloquial_drop_fillers,
colloquial_answer_formal).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from assistant.lexical import Snapshot
from assistant.patterns import QUESTION_WORD
from assistant.settings import Settings
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer

_FILLERS_KEY = "-"


@dataclass(frozen=True)
class Lexicon:
    """Everyday words with their formal equivalents, and the colloquial particles that carry no content."""

    equivalents: dict[str, tuple[str, ...]]
    fillers: tuple[str, ...]

    def colloquial_words(self, question: str) -> list[str]:
        """The everyday words of the question, longest first at each position, not overlapping."""
        text = index_form(question)
        longest = max((len(w) for w in self.equivalents), default=0)
        found: list[str] = []
        i = 0
        while i < len(text):
            for size in range(min(longest, len(text) - i), 0, -1):
                if text[i : i + size] in self.equivalents:
                    found.append(text[i : i + size])
                    i += size
                    break
            else:
                i += 1
        return found

    def formal_terms(self, question: str) -> list[str]:
        """Formal words for the question's everyday words, in order, without those it already says."""
        text = index_form(question)
        terms = (t for w in self.colloquial_words(question) for t in self.equivalents[w])
        return [t for t in dict.fromkeys(terms) if t not in text]

    def formal_reading(self, question: str) -> str:
        """The question with each everyday word replaced by its formal words (刚入党那段考验期 → 刚入党那段预备期);
        one that asks is kept and followed by them (哪几种情形 → 哪几种（种类）情形), so the question still asks."""
        words = set(self.colloquial_words(question))
        if not words:
            return question  # as written (a traditional-script question stays so)
        text = index_form(question)
        for word in sorted(words, key=len, reverse=True):
            if any(formal in text for formal in self.equivalents[word]):
                continue  # already said in the documents' words ("开除" inside "开除党籍")
            formal = "、".join(self.equivalents[word])
            # an everyday phrase that asks ("哪几种情形") keeps its question word: the formal words follow it
            text = text.replace(word, f"{word}（{formal}）" if QUESTION_WORD.search(word) else formal)
        return text

    def without_fillers(self, question: str) -> str:
        """The question with its colloquial particles replaced by spaces (longest first)."""
        text = index_form(question)
        for filler in self.fillers:
            text = text.replace(filler, " ")
        return text


def parse_lexicon(text: str) -> Lexicon:
    """Read the tab-separated vocabulary: ``everyday<TAB>formal formal``; ``-<TAB>particles`` lists fillers."""
    equivalents: dict[str, tuple[str, ...]] = {}
    fillers: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("\t")
        if not sep or not value.split():
            raise ValueError(f"colloquial_terms.tsv line {number}: expected 'word<TAB>formal words', got {raw!r}")
        if key.strip() == _FILLERS_KEY:
            fillers.extend(value.split())
        else:
            equivalents[index_form(key.strip())] = tuple(index_form(v) for v in value.split())
    return Lexicon(equivalents, tuple(sorted(set(fillers), key=len, reverse=True)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled vocabulary (assistant/data/colloquial_terms.tsv)."""
    return parse_lexicon(resources.files("assistant.data").joinpath("colloquial_terms.tsv").read_text(encoding="utf-8"))


class ColloquialQuery:
    """Rewrites the two sides of a search query for everyday wording, as the settings say."""

    def __init__(self, settings: Settings, tokenizer: Tokenizer, lexicon: Lexicon | None = None) -> None:
        self._settings = settings
        self._tokenizer = tokenizer
        self._lexicon = lexicon or load_lexicon()

    def answer_text(self, question: str) -> str:
        """The question the answer composers read: in the documents' words when so configured."""
        return self._lexicon.formal_reading(question) if self._settings.colloquial_answer_formal else question

    def lexical_text(self, question: str) -> str:
        """The text whose words BM25 searches: the question without its colloquial particles."""
        if not self._settings.colloquial_drop_fillers:
            return question
        stripped = self._lexicon.without_fillers(question)
        return stripped if stripped.strip() else question

    def dense_text(self, question: str) -> str:
        """The text the embedder reads: the question, followed by the formal words when so configured."""
        terms = self._lexicon.formal_terms(question) if self._settings.colloquial_dense_terms else []
        return f"{question}（{'、'.join(terms)}）" if terms else question

    def lexical_scores(self, question: str, tokens: list[str], snap: Snapshot) -> np.ndarray:
        """BM25 scores of the question's tokens, plus the weighted scores of the formal words' tokens."""
        scores = snap.scores(tokens)
        weight = self._settings.colloquial_lexical_weight
        if weight <= 0:
            return scores
        own = set(tokens)
        extra = [t for term in self._lexicon.formal_terms(question) for t in self._tokenizer.tokens(term) if t not in own]
        if not extra:
            return scores
        return scores + weight * snap.scores(list(dict.fromkeys(extra)))
