"""The pieces follow-up rules read from the conversation: which words name kinds of the same thing
(assistant/data/sibling_terms.txt)."""

from __future__ import annotations

import pytest

from assistant.answer.siblings import are_siblings, family_words, parse_families


@pytest.mark.parametrize(
    ("word", "other", "siblings"),
    [("党委", "党组", True), ("地方党委", "党组", True), ("领导干部", "预备党员", True), ("留党察看", "开除党籍", True),
     ("民主生活会", "党小组会", True), ("党委", "党建", False), ("党员", "党组", False), ("党委", "党委", False),
     ("经济社会", "党组", False)],
)
def test_siblings_are_kinds_of_the_same_thing(word: str, other: str, siblings: bool) -> None:
    assert are_siblings(word, other) is siblings


def test_family_words_are_found_as_written() -> None:
    # jieba splits 领导干部; the family word is still what a follow-up replaces
    assert "领导干部" in family_words("领导干部要怎样参加组织生活？")
    assert parse_families("# comment\n党委 党组\n\n警告 严重警告\n") == (("党委", "党组"), ("严重警告", "警告"))
