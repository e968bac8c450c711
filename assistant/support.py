"""The support rule: whether a passage supports a sentence. One definition, used by the answer check
(citations the passage does not support are dropped) and by the evaluation (eval/metrics.py)."""

from __future__ import annotations

from assistant.patterns import NON_WORD
from assistant.textnorm import index_form


def content(text: str) -> str:
    """Normalised text without punctuation and white space."""
    return NON_WORD.sub("", index_form(text))


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else set(text)


def support_ratio(sentence: str, passage: str) -> float:
    """Share of the sentence's character bigrams (punctuation and whitespace ignored) found in the passage."""
    grams = bigrams(content(sentence))
    if not grams:
        return 0.0
    return len(grams & bigrams(content(passage))) / len(grams)


def supports(passage: str, sentence: str, threshold: float) -> bool:
    """A passage supports a sentence when it holds at least ``threshold`` of the sentence's bigrams
    (``AnswerTuning.support_threshold``)."""
    return support_ratio(sentence, passage) >= threshold


def is_claim(sentence: str, min_chars: int) -> bool:
    """Whether a sentence is counted: at least ``min_chars`` characters of content (``AnswerTuning.claim_min_chars``)
    and not a lead-in ending in a colon."""
    return len(content(sentence)) >= min_chars and not sentence.rstrip().endswith(("：", ":"))
