"""Chinese text normalisation: width, traditional→simplified, numerals."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HALF_TO_FULL_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PUNCT_NEAR_CJK = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})|\((?={_CJK})|(?<={_CJK})\)")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC ``t2s``); other text is unchanged."""
    return _t2s().convert(text)


# full-width digits and Latin letters to half-width, the ideographic space to a space (one C-level pass)
_WIDTH = {0x3000: 0x20, **{c: c - 0xFEE0 for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                           for c in range(lo, hi + 1)}}


def normalize_width(text: str) -> str:
    """Full-width letters and digits to half-width, ideographic spaces to spaces,
    ASCII sentence punctuation next to Chinese characters to its full-width form."""
    return _PUNCT_NEAR_CJK.sub(lambda m: _HALF_TO_FULL_PUNCT[m.group(0)], text.translate(_WIDTH))


# An inline alternative in regulations: "退（离）休", "国（境）外", "出国（境）", "村（居）务", "党委（党组）".
_INLINE_ALTERNATIVE = re.compile(rf"({_CJK})?（({_CJK}{{1,4}})）")


def alternative_readings(text: str) -> str:
    """The readings of ``text``'s inline alternatives, space-separated ('' when it has none): without the
    bracket ("退休", "出国") and, for a one-character alternative, with it in place of the character before
    ("离休", "出境"), so that a question saying 退休 or 境外 finds "退（离）休" and "国（境）外"."""
    if "（" not in text:
        return ""
    plain = _INLINE_ALTERNATIVE.sub(lambda m: m.group(1) or "", text)
    swapped = _INLINE_ALTERNATIVE.sub(lambda m: m.group(2) if m.group(1) and len(m.group(2)) == 1 else m.group(0), text)
    return " ".join(dict.fromkeys(r for r in (plain, swapped) if r != text))


def index_form(text: str) -> str:
    """The form used for indexing and matching: width-normalised, simplified, lower-case."""
    return to_simplified(normalize_width(text)).lower()


def cn_to_int(numeral: str) -> int | None:
    """'二十三' → 23, '一百零五' → 105, '9' → 9; None when it is not a numeral."""
    numeral = numeral.strip()
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in numeral):
        return None
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def int_to_cn(number: int) -> str:
    """23 → '二十三', 105 → '一百零五', 10 → '十' (the way article numbers are written)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        return digits[hundreds] + "百"
    if rest < 10:
        return digits[hundreds] + "百零" + digits[rest]
    tail = int_to_cn(rest)
    return digits[hundreds] + "百" + ("一" + tail if rest < 20 else tail)
