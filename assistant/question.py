"""What a question must be before any work is spent on it: not too long, and made of words."""

from __future__ import annotations

from assistant.errors import QuestionError


def check_length(question: str, max_chars: int) -> str:
    """The question without surrounding white space; QuestionError when it is longer than ``max_chars``."""
    question = (question or "").strip()
    if len(question) > max_chars:
        raise QuestionError(
            f"问题太长：共 {len(question)} 字，上限为 {max_chars} 字（设置项 DJQA_MAX_QUESTION_CHARS），请精简后再提问。",
            "too_long",
        )
    return question


def has_words(question: str) -> bool:
    """Whether the question holds at least one letter or ideograph (punctuation, digits, emoji alone do not ask anything)."""
    return any(ch.isalpha() for ch in question)


def shorten(question: str, shown: int = 40) -> str:
    """The start of a long question, for showing it back next to a message about it."""
    return question if len(question) <= shown else f"{question[:shown]}……（共 {len(question)} 字）"
