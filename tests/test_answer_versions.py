"""Versions on substance (issue 8, item 7): answers come from the version in force; a comparison names the
articles whose wording changed, never the commencement article; requirements come from the regulation."""

from __future__ import annotations

import pytest

from assistant.answer.changed import most_changed
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, DocumentMeta
from assistant.service import Service


def _chunk(doc: str, n: int, text: str) -> Chunk:
    return Chunk(f"{doc}-{n}", doc, n, text, text, f"第{n}条", "", 0, len(text), article=n)


def test_most_changed_articles_skip_final_provisions_and_unchanged_ones() -> None:
    old = [_chunk("old", 1, "第一条 党员应当遵守纪律，服从组织安排，按期参加组织生活。"),
           _chunk("old", 2, "第二条 对违纪党员，情节较轻的，给予警告处分，情节较重的，给予严重警告处分。"),
           _chunk("old", 3, "第三条 本条例自2018年10月1日起施行。")]
    new = [_chunk("new", 1, "第一条 党员应当遵守纪律，服从组织安排，按期参加组织生活。"),
           _chunk("new", 2, "第二条 对违纪党员，情节较轻的，给予警告或者严重警告处分，情节较重的，给予撤销党内职务处分。"),
           _chunk("new", 3, "第三条 本条例自2024年1月1日起施行。")]
    docs = {d: Document(d, d, DocumentMeta("条例", "regulation"), 3, "") for d in ("old", "new")}
    pairs = most_changed(Catalogue("sig", docs, old + new), docs["new"], docs["old"], 0.3, 3)
    assert [(p.new[0].article, p.old[0].article) for p in pairs] == [(2, 2)]


@pytest.mark.slow
def test_part_time_pay_is_answered_from_the_regulation_in_force(corpus_service: Service) -> None:
    answer = corpus_service.ask("兼职取酬")
    assert not answer.refused
    # the 2018 article is the only one with the literal words; the 2023 text is in the knowledge base
    assert all(c.hit.document.meta.status == "in_force" for c in answer.citations), answer.text
    assert any(c.hit.document.title == "中国共产党纪律处分条例" for c in answer.citations), answer.text
    assert "兼职取酬的，该党员领导干部" not in answer.text
    assert "兼职" in answer.text.split("\n\n")[0]


@pytest.mark.slow
def test_version_comparison_names_changed_articles_not_the_commencement_one(corpus_service: Service) -> None:
    answer = corpus_service.ask("纪律处分条例2023年版和2018年版有什么主要区别？")
    assert not answer.refused
    body = answer.text.split("\n\n")[0]
    assert "起施行" not in body and "负责解释" not in body
    statuses = {c.hit.document.meta.status for c in answer.citations}
    assert statuses == {"in_force", "superseded"}
    lines = [line for line in body.splitlines()[1:] if line.strip()]
    assert len(lines) >= 2
    for line in lines:
        assert "2023年版第" in line and "2018年版第" in line and ("改为" in line or "增加" in line or "删去" in line), line


@pytest.mark.slow
def test_three_meetings_requirements_come_from_the_norms_of_political_life(corpus_service: Service) -> None:
    answer = corpus_service.ask("开展“三会一课”有哪些要求？")
    assert not answer.refused
    assert any("党内政治生活" in c.hit.document.title for c in answer.citations), answer.text
    assert "互联网+党建" not in answer.text
