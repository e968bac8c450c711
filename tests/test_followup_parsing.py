"""The pieces follow-up rules read from the conversation: the items an answer lists, and which words name
kinds of the same thing (assistant/data/sibling_terms.txt)."""

from __future__ import annotations

import pytest

from assistant.answer.ordinals import enumerated_items
from assistant.answer.siblings import are_siblings, family_words, parse_families

SANCTIONS_LISTED = ("《中国共产党纪律处分条例》“第八条 对党员的纪律处分种类”共 5 项：\n（一）警告[1]；\n（二）严重警告[1]；\n"
                    "（三）撤销党内职务[1]；\n（四）留党察看[1]；\n（五）开除党籍[1]。")


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (SANCTIONS_LISTED, ["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"]),  # labelled lines
        ("1. 建立党员台账[1]。\n2. 定期谈心谈话[1]。\n3. 开展结对帮扶[1]。", ["建立党员台账", "定期谈心谈话", "开展结对帮扶"]),
        ("要做到三点：一是加强政治学习，提高认识；二是严格组织生活。三是强化监督管理。",
         ["加强政治学习，提高认识", "严格组织生活", "强化监督管理"]),  # numbered labels in running text
        ("文中指出两方面不足：活动形式单一；考核机制不健全。", ["活动形式单一", "考核机制不健全"]),  # after a colon
        ("讲了认清意义、分析原因、掌握方法三个方面。", ["认清意义", "分析原因", "掌握方法"]),  # followed by their count
        # parallel members ending in one word, whatever verb introduces them
        ("全党必须牢固树立政治意识、大局意识、核心意识、看齐意识，自觉保持一致。", ["政治意识", "大局意识", "核心意识", "看齐意识"]),
        ("党员要做到讲政治、守规矩、重品行。", []),  # no word they share: left to the other readers
        ("党章第七条规定，预备党员的预备期为一年。", []),  # lists nothing
    ],
)
def test_the_items_an_answer_lists_are_read_in_order(answer: str, items: list[str]) -> None:
    assert enumerated_items(answer) == items


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
