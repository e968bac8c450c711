"""Structural chunking on every shared corpus file (no embedding: loader → cleaner → chunker)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.chunk import ChunkParams, CleanText, Passage, chunk_text
from ingest.clean import clean_blocks
from ingest.loaders import load_file
from ingest.metadata import resolve_meta

PARAMS = ChunkParams(min_chars=150, max_chars=500, overlap_chars=60)


def _corpus_files(corpus: Path) -> list[Path]:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    return [corpus / e["file"] for e in manifest["documents"]]


def _chunk(path: Path, corpus: Path) -> tuple[CleanText, str, list[Passage]]:
    loaded = load_file(path, 50 * 1048576)
    blocks = clean_blocks(loaded.blocks)
    meta = resolve_meta(path, blocks, loaded.title_hint, corpus)
    doc = CleanText.from_blocks(blocks)
    return doc, meta.kind, chunk_text(doc, meta.kind, PARAMS)


@pytest.fixture(scope="module")
def chunked(corpus_dir: Path) -> dict[str, tuple[CleanText, str, list[Passage]]]:
    return {p.name: _chunk(p, corpus_dir) for p in _corpus_files(corpus_dir)}


def test_every_corpus_file_is_chunked(chunked: dict) -> None:
    assert len(chunked) == 12
    assert all(passages for _, _, passages in chunked.values())


def test_passages_rebuild_the_cleaned_text(chunked: dict) -> None:
    for name, (doc, _, passages) in chunked.items():
        covered = [False] * len(doc.text)
        previous_end = 0
        for p in passages:
            assert p.text == doc.text[p.start : p.end], (name, p.locator)
            assert p.text.strip(), (name, p.locator)
            gap = doc.text[previous_end : p.start] if p.start > previous_end else ""
            assert not gap.strip(), f"{name}: text lost before {p.locator}: {gap[:40]!r}"
            previous_end = max(previous_end, p.end)
            for i in range(p.start, p.end):
                covered[i] = True
        missing = "".join(ch for ch, c in zip(doc.text, covered) if not c and not ch.isspace())
        assert missing == "", f"{name}: {missing[:60]!r}"
        assert [p.start for p in passages] == sorted(p.start for p in passages), name


def test_no_passage_exceeds_the_maximum(chunked: dict) -> None:
    for name, (_, _, passages) in chunked.items():
        assert max(len(p.text) for p in passages) <= PARAMS.max_chars, name


def test_regulations_get_one_passage_per_article(chunked: dict) -> None:
    for name, (doc, kind, passages) in chunked.items():
        if kind != "regulation":
            continue
        numbered = [p for p in passages if p.article]
        if not numbered:  # 关于新形势下党内政治生活的若干准则 has sections, not articles
            continue
        for p in numbered:
            assert p.locator.startswith("第") and p.locator.endswith("条")
        numbers = sorted({p.article for p in numbered})
        assert numbers == list(range(1, numbers[-1] + 1)), f"{name}: articles missing"
        for p in numbered:  # a passage never holds the start of two articles
            starts = re.findall(r"(?:^|\n)第[一二三四五六七八九十百零〇两]+条[\s　]", p.text)
            assert len(starts) <= 1, (name, p.locator)
        first = [p for p in numbered if p.article == 1][0]
        assert first.locator == "第一条"


def test_constitution_article_nine_has_its_chapter(chunked: dict) -> None:
    _, kind, passages = chunked["ccp_constitution_2017.txt"]
    assert kind == "regulation"
    ninth = [p for p in passages if p.article == 9]
    assert ninth and all(p.locator == "第九条" for p in ninth)
    assert "第一章" in ninth[0].section
    assert ninth[0].text.lstrip().startswith("第九条")
    tenth = [p for p in passages if p.article == 10][0]
    assert "第二章" in tenth.section


def test_discipline_regulation_2023_has_its_numbered_articles(chunked: dict) -> None:
    _, _, passages = chunked["discipline_regulation_2023.txt"]
    locators = {p.locator for p in passages}
    assert {"第一条", "第九条", "第一百条"} <= locators


def test_run_on_party_lesson_is_split_at_enumeration_markers(chunked: dict) -> None:
    doc, kind, passages = chunked["branch-building-party-lesson.txt"]
    assert doc.text.count("。") <= 3  # the punctuation really is lost
    assert len(passages) >= 8
    assert all(len(p.text) <= PARAMS.max_chars for p in passages)
    marked = [p for p in passages if re.search(r"[一二三四五六七八九十]是$", p.locator)]
    assert len(marked) >= 6
    for prev, p in zip(passages, passages[1:]):
        if p in marked and p.locator != prev.locator:  # the first passage of a 一是/二是 segment
            marker = p.locator[-2:]
            assert marker in p.text[:40], (p.locator, p.text[:40])
    assert any(p.locator == "一、二是" for p in passages)


def test_article_passages_carry_heading_locators(chunked: dict) -> None:
    _, _, passages = chunked["nanning-power-integration-2019.txt"]
    by_locator = {p.locator: p for p in passages}
    assert "三、（四）" in by_locator
    assert "（四）" in by_locator["三、（四）"].text
    assert by_locator["三、（四）"].section.startswith("三、")
    assert "一、（一）" in by_locator


def test_a_short_heading_line_keeps_its_whole_title(chunked: dict) -> None:
    _, _, passages = chunked["shifang-tobacco-three-types-2017.txt"]
    sections = {p.section for p in passages if p.locator == "四."}
    assert sections == {"四.解放思想，建设“创新型”党组织"}


def test_passage_sizes_are_mostly_in_range(chunked: dict) -> None:
    """Articles are sized by the splitter; regulation articles are as long as the law makes them."""
    article_sizes = [len(p.text) for _, kind, ps in chunked.values() if kind == "article" for p in ps]
    all_sizes = [len(p.text) for _, _, ps in chunked.values() for p in ps]
    in_range = sum(150 <= s <= 500 for s in article_sizes) / len(article_sizes)
    buckets = Counter(min(s // 100, 5) for s in all_sizes)
    print(f"\narticle passages in 150–500: {in_range:.0%} of {len(article_sizes)}; "
          f"all passages by hundreds: {dict(sorted(buckets.items()))}")
    assert in_range >= 0.8
    assert max(all_sizes) <= 500
    assert sum(s < 40 for s in article_sizes) <= 3


def test_pdf_passages_know_their_page(tmp_path: Path) -> None:
    from tests import fixtures as F

    doc, kind, passages = _chunk(F.text_pdf(tmp_path), tmp_path)
    assert passages[0].page == 1
    spanning = [p for p in passages if "二、组织生活会" in p.text and "党支部的基本任务" in p.text]
    assert spanning and all("第1～2页" in p.locator for p in spanning)  # a passage running onto page 2 says so
    small = chunk_text(doc, kind, ChunkParams(min_chars=10, max_chars=60, overlap_chars=0))
    assert {p.page for p in small} == {1, 2}
    assert any("第2页" in p.locator for p in small)


def test_label_lines_between_articles_name_the_section_of_the_articles_that_follow(chunked: dict) -> None:
    _, _, passages = chunked["integrity_self_discipline_code_2015.txt"]
    by_locator = {p.locator: p for p in passages if p.article}
    assert [by_locator[f"第{n}条"].section for n in "一二三四"] == ["党员廉洁自律规范"] * 4
    assert [by_locator[f"第{n}条"].section for n in "五六七八"] == ["党员领导干部廉洁自律规范"] * 4
    assert by_locator["第五条"].text.startswith("党员领导干部廉洁自律规范")
    preamble = [p for p in passages if not p.article]
    assert preamble and all("自律规范" not in p.text for p in preamble)


def test_a_date_line_under_the_title_stays_in_the_preamble(chunked: dict) -> None:
    for name in ("party_committee_main_responsibility_rules_2020.txt", "soe_leaders_integrity_rules_2009.txt"):
        _, _, passages = chunked[name]
        first = next(p for p in passages if p.article == 1)
        assert first.text.startswith("第一章"), (name, first.text[:30])
        assert first.section.startswith("第一章"), name
