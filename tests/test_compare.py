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
