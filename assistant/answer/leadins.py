"""The sentence that introduces the list a chosen item belongs to.

Regulations list what they forbid or require after a lead-in: "第一百三十六条 党组织有下列行为之一，……给予警告
或者严重警告处分……：（一）……（二）……". An item quoted alone ("（三）党纪处分决定……") does not say whether it is
forbidden, required or punished, nor by whom; the answer shows it after its lead-in."""

from __future__ import annotations

import re

from assistant.patterns import CN_ONE_TO_TEN

_ITEM = re.compile(rf"^[ \t　]*(?:[（(][{CN_ONE_TO_TEN}\d]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d))")  # （三）, (2), 3.
_COLON = "：:"
_SENTENCE_BREAK = "。！？!?\n"


def is_list_item(text: str) -> bool:
    """Whether the text opens with the bracketed or numbered label of a listed item ("（三）", "2.")."""
    return bool(_ITEM.match(text))


def lead_in(text: str, start: int, max_chars: int) -> str | None:
    """What opens the list whose item starts at ``start`` of ``text``: the line ending in a colon before the list
    (or, when that line is longer than ``max_chars``, its last sentence); None when the text there is no
    labelled item, or no such line or sentence precedes its list."""
    if not is_list_item(text[start:]):
        return None
    colon = max(text.rfind(c, 0, start) for c in _COLON)
    if colon < 0:
        return None
    between = text[colon + 1 : start]
    lines = [line for line in between.split("\n") if line.strip()]
    if lines and not is_list_item(lines[0]):
        return None  # something other than the list's items stands between the colon and the item
    if any(not is_list_item(line) for line in lines[1:]) and "\n" in between.strip():
        return None
    # the whole line up to the colon ("第六条 国有企业领导人员应当……。不得有下列行为：" names who may not),
    # else the sentence that ends in it
    line = text[text.rfind("\n", 0, colon) + 1 : colon + 1].strip()
    if len(line) <= max_chars:
        return line or None
    sentence = text[max(text.rfind(c, 0, colon) for c in _SENTENCE_BREAK) + 1 : colon + 1].strip()
    return sentence if 0 < len(sentence) <= max_chars else None

