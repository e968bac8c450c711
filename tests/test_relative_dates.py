"""Times named relative to the day a question is asked are read as calendar years and months."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answer.relative_dates import absolute_times, relative_times

ASKED = date(2026, 12, 6)


@pytest.mark.parametrize(("text", "absolute"), [
    ("去年10月作出的处分", "2025年10月作出的处分"),
    ("前年的事", "2024年的事"),
    ("大前年", "2023年"),
    ("今年3月", "2026年3月"),
    ("三年前查出的问题", "2023年查出的问题"),
    ("两年以前", "2024年"),
    ("10年前", "2016年"),
    ("上个月的会议", "2026年11月的会议"),
    # a calendar year before 年前 is no distance, and a date is left as it is
    ("2021年前发生的", "2021年前发生的"),
    ("2024年5月的事", "2024年5月的事"),
])
def test_relative_years_and_months_become_calendar_ones(text: str, absolute: str) -> None:
    assert absolute_times(text, ASKED) == absolute


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    assert relative_times("上个月", date(2026, 1, 5)) == [("上个月", "2025年12月")]
