"""The support rule: whether a passage supports a sentence. One definition, used by the answer check
(citations the passage does not support are dropped) and by the evaluation (eval/metrics.py)."""

from __future__ import annotations

import re

from assistant.textnorm import index_form

SUPPORT_THRESHOLD = 0.6
MIN_SENTENCE_CHARS = 4

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def content(text: str) -> str:
    """Normalised text without punctuation and white space."""
    return _PUNCT.sub("", index_form(text))


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else set(text)


def support_ratio(sentence: str, passage: str) -> float:
    """Share of the sentence's character bigrams (punctuation and whitespace ignored) found in the passage."""
    grams = bigrams(content(sentence))
    if not grams:
        return 0.0
    return len(grams & bigrams(content(passage))) / len(grams)


def supports(passage: str, sentence: str) -> bool:
    """A passage supports a sentence when it holds at least 60 % of the sentence's bigrams."""
    return support_ratio(sentence, passage) >= SUPPORT_THRESHOLD


def is_claim(sentence: str) -> bool:
    """Whether a sentence is counted: at least 4 characters of content and not a lead-in ending in a colon."""
    return len(content(sentence)) >= MIN_SENTENCE_CHARS and not sentence.rstrip().endswith(("：", ":"))
