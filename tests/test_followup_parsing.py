"""The pieces follow-up rules read from the conversation: the items an answer lists, and which words name
kinds of the same thing (assistant/data/sibling_terms.txt)."""

from __future__ import annotations

import pytest

from assistant.answer.ordinals import enumerated_items, headed_by
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
        # three or more parts of one sentence parted by semicolons, the lead-in left out
        ("文章说要做到“服务生产，有机制；服务员工，有纽带；服务党员，有平台”。", ["服务生产，有机制", "服务员工，有纽带", "服务党员，有平台"]),
        ("党员要做到讲政治、守规矩、重品行。", []),  # no word they share: left to the other readers
        ("党章第七条规定，预备党员的预备期为一年。", []),  # lists nothing
    ],
)
def test_the_items_an_answer_lists_are_read_in_order(answer: str, items: list[str]) -> None:
    assert enumerated_items(answer) == items


@pytest.mark.parametrize(
    ("levels", "item", "headed"),
    [(["三.实践探索", "（二）建设服务型党组织", "2.服务员工"], "服务员工，有纽带", True),  # the heading opens the item
     (["一、背景分析", "（三）机制缺乏"], "服务机制缺乏健全性", False),  # inside it: another part's heading
     (["三、方式方法", "三、一是"], "一是突出政治建设", False),  # a label alone names nothing
     ([], "服务员工，有纽带", False)],
)
def test_the_part_explaining_an_item_is_the_one_headed_by_it(levels: list[str], item: str, headed: bool) -> None:
    assert headed_by(levels, item) is headed


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
