"""The wording changes between two versions of a provision, word by word."""

from __future__ import annotations

from assistant.answer.compare import changes
from assistant.tokenize import Tokenizer


def test_changes_are_named_word_by_word() -> None:
    tokenizer = Tokenizer()
    old = "对于违反协会的纪律的分会，总会应当责令其作出检查或者进行通报批评"  # written for the test
    new = "对于违反会纪的分会，总会应当责令其作出书面检查或者给予通报批评"
    assert changes(old, new, tokenizer) == ["“协会的纪律”改为“会纪”", "增加“书面”", "“进行”改为“给予”"]
    assert changes("在扶贫领域有上述行为的", "在乡村振兴领域有上述行为的", tokenizer) == ["“扶贫”改为“乡村振兴”"]
    assert changes(new, new, tokenizer) == []
    assert changes("给予警告处分，情节严重的", "给予警告处分", tokenizer) == ["删去“，情节严重的”"]


def test_disagreeing_is_no_comparison_of_versions() -> None:
    from assistant.answer.compare import asks_comparison

    assert not asks_comparison("上级不同意改的话怎么办？")
    assert asks_comparison("2023年版和2018年版有什么不同？")


def test_a_difference_between_two_named_things_is_no_comparison_of_versions() -> None:
    from assistant.answer.compare import asks_comparison

    assert not asks_comparison("从重处分和加重处分有什么区别？")
    assert not asks_comparison("党员大会和党员代表大会有什么不同？")
    # a difference with versions mentioned, or a word of change, still compares versions
    assert asks_comparison("纪律处分条例修订前后对兼职取酬的规定有什么区别？")
    assert asks_comparison("现行条例和以前的条例在这方面有什么差别？")
    assert asks_comparison("对违规兼职取酬的处分有什么变化？")


def test_what_a_revision_added_or_removed_compares_versions_when_versions_are_mentioned() -> None:
    from assistant.answer.compare import asks_comparison

    assert asks_comparison("2023年修订时这一条加了什么新提法？原来2018年版是怎么写的？")
    assert asks_comparison("修订后删去了哪些内容？")
    assert not asks_comparison("党员增加了什么义务？")  # no version mentioned


def test_asking_whether_something_changed_compares_versions() -> None:
    from assistant.answer.compare import asks_comparison

    assert asks_comparison("旧条例只写了“消费卡”，现行条例在这一点上有没有改？")
    assert asks_comparison("处分的档次改没改？")
    assert asks_comparison("这条现在有没有变？")
    assert not asks_comparison("党员有没有权利申诉？")


def test_asking_whether_two_versions_say_the_same_compares_them() -> None:
    from assistant.answer.compare import asks_comparison

    assert asks_comparison("现行条例这一款的写法跟原来一样吗？")
    assert asks_comparison("现行条例和2018年版对这种情况的规定相同吗？")
    assert not asks_comparison("从重处分和加重处分是一样的吗？")  # no version mentioned
    assert not asks_comparison("党员大会和党员代表大会的职权一样吗？")
