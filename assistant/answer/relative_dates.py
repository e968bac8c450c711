"""Times named relative to the day a question is asked ("去年10月", "前年", "三年前", "上个月"), written as the
calendar year and month they stand for ("2025年10月"), so that a question about which version applied then
is read like one naming the date."""

from __future__ import annotations

import re
from datetime import date

from assistant.textnorm import cn_to_int

# a year named by its distance from this one; "N年前" counts years back ("三年前", "10年前"), but a
# four-digit number before 年前 is a calendar year ("2021年前" = before 2021), not a distance
_YEARS_BACK = {"大前年": 3, "前年": 2, "去年": 1, "今年": 0}
_RELATIVE_YEAR = re.compile(r"大前年|前年|去年|今年|(?<![\d〇零一二两三四五六七八九十])([一二两三四五六七八九十]{1,3}|\d{1,2})\s*年(?:以)?前")
# a month named by its distance from this one; not "上个月度" or "本月份报表"-like compounds
_MONTHS_BACK = {"上个月": 1, "上月": 1, "这个月": 0, "本月": 0}
_RELATIVE_MONTH = re.compile(r"上个月|上月|这个月|本月(?!度)")


def _years_back(match: re.Match[str]) -> int | None:
    return _YEARS_BACK[match.group(0)] if match.group(1) is None else cn_to_int(match.group(1))


def relative_times(text: str, today: date) -> list[tuple[str, str]]:
    """Each relative year or month in ``text`` with the calendar one it stands for as of ``today``
    ("去年" → "2025年", "上个月" → "2026年11月"), in order."""
    found: list[tuple[int, str, str]] = []
    for match in _RELATIVE_YEAR.finditer(text):
        back = _years_back(match)
        if back is not None:
            found.append((match.start(), match.group(0), f"{today.year - back}年"))
    for match in _RELATIVE_MONTH.finditer(text):
        index = today.year * 12 + today.month - 1 - _MONTHS_BACK[match.group(0)]
        found.append((match.start(), match.group(0), f"{index // 12}年{index % 12 + 1}月"))
    return [(phrase, absolute) for _, phrase, absolute in sorted(found)]


def written_out(text: str, readings: list[tuple[str, str]]) -> str:
    """``text`` with the relative times of ``readings`` (from ``relative_times``) replaced by the calendar ones."""
    for phrase, absolute in readings:
        text = text.replace(phrase, absolute, 1)
    return text


def absolute_times(text: str, today: date) -> str:
    """``text`` with its relative years and months replaced by the calendar ones as of ``today``."""
    return written_out(text, relative_times(text, today))
