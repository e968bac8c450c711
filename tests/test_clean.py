"""Cleaning on the real shared articles: page debris goes, personal data is masked when configured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.blocks import Block
from ingest.clean import clean_blocks, mask_personal_data
from ingest.loaders import load_file

LIMIT = 50 * 1048576


def _cleaned(path: Path, mask: bool = True) -> str:
    return "\n".join(b.text for b in clean_blocks(load_file(path, LIMIT).blocks, mask))


@pytest.mark.parametrize(
    ("name", "debris"),
    [
        ("branch-building-party-lesson.txt", ["还剩6页未读", "文本内容"]),
        ("nanning-power-integration-2019.txt", ["网络出版时间", "整期优先"]),
        ("shifang-tobacco-three-types-2017.txt", ["网络出版时间", "整期优先"]),
    ],
)
def test_page_debris_is_removed(corpus_dir: Path, name: str, debris: list[str]) -> None:
    raw = (corpus_dir / "articles" / name).read_text(encoding="utf-8")
    text = _cleaned(corpus_dir / "articles" / name)
    for phrase in debris:
        assert phrase in raw, "the corpus changed: the test no longer checks anything"
        assert phrase not in text
    assert not any(re.fullmatch(r"/\s*\d+", line.strip()) for line in text.splitlines())
    assert len(text) > 0.8 * len(raw)  # the body is kept


@pytest.mark.parametrize("name", ["nanning-power-integration-2019.txt", "shifang-tobacco-three-types-2017.txt"])
def test_page_counter_lines_are_removed(corpus_dir: Path, name: str) -> None:
    raw_lines = (corpus_dir / "articles" / name).read_text(encoding="utf-8").splitlines()
    assert "/ 2" in raw_lines
    assert "/ 2" not in _cleaned(corpus_dir / "articles" / name).splitlines()


def test_phone_and_email_are_masked_in_the_shifang_article(corpus_dir: Path) -> None:
    path = corpus_dir / "articles" / "shifang-tobacco-three-types-2017.txt"
    raw = path.read_text(encoding="utf-8")
    assert "13980119866" in raw and "@qq.com" in raw
    masked = _cleaned(path, mask=True)
    assert "13980119866" not in masked and "@qq.com" not in masked
    assert "[电话已隐去]" in masked and "[邮箱已隐去]" in masked
    assert "联系电话" in masked  # the sentence around it stays


def test_masking_off_keeps_personal_data(corpus_dir: Path) -> None:
    kept = _cleaned(corpus_dir / "articles" / "shifang-tobacco-three-types-2017.txt", mask=False)
    assert "13980119866" in kept and "645843835@qq.com" in kept
    assert "已隐去" not in kept


def test_mask_covers_landlines_and_id_numbers_but_not_years_or_article_numbers() -> None:
    text = "办公室电话028-86601234，身份证11010519491231002X，2023年第12条规定，编号20240101。"
    masked = mask_personal_data(text)
    assert "86601234" not in masked and "11010519491231002X" not in masked
    assert "2023年第12条" in masked and "20240101" in masked


def test_layout_line_breaks_are_joined_but_headings_are_not() -> None:
    blocks = [
        Block("党支部要坚持把政治建设摆在首位，不断提高党员"),
        Block("队伍的政治素质和业务能力。"),
        Block("二、严格组织生活"),
        Block("第 3 页"),
    ]
    texts = [b.text for b in clean_blocks(blocks)]
    assert texts == ["党支部要坚持把政治建设摆在首位，不断提高党员队伍的政治素质和业务能力。", "二、严格组织生活"]


def test_full_width_letters_and_digits_are_normalised() -> None:
    texts = [b.text for b in clean_blocks([Block("２０２３年ＡＢＣ党支部")])]
    assert texts == ["2023年ABC党支部"]


def test_a_provision_a_regulation_repeats_word_for_word_is_kept_where_a_running_header_is_dropped() -> None:
    item = "（一）坚决维护党中央权威和集中统一领导，坚决贯彻执行党中央决策部署以及上级党组织决定；"
    texts = [b.text for b in clean_blocks([
        Block("示例主体责任规定", heading_level=1),
        Block("第六条 地方党委主要包括："), Block(item), Block("示例主体责任规定"),
        Block("第七条 党组（党委）主要包括："), Block(item),
    ])]
    assert texts.count(item) == 2  # both articles keep their first item
    assert texts.count("示例主体责任规定") == 1  # the title printed again at a page top is not


def test_the_shared_corpus_keeps_every_repeated_paragraph_of_the_discipline_regulation(corpus_dir: Path) -> None:
    path = corpus_dir / "regulations" / "discipline_regulation_2023.txt"
    source = path.read_text(encoding="utf-8").splitlines()
    texts = [b.text for b in clean_blocks(load_file(path).blocks)]
    line = "对不明真相被裹挟参加，经批评教育后确有悔改表现的，可以免予处分或者不予处分。"
    assert texts.count(line) == sum(1 for s in source if s.strip() == line) >= 2
