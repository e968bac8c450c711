"""The workbench's product model, the trainer's edits and the exporters, on a product written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx

from assistant.errors import DjqaError
from assistant.prepare import edit
from assistant.prepare.docx import write_docx
from assistant.prepare.markdown import product_markdown
from assistant.prepare.model import Point, Product, Reference, Section
from assistant.prepare.spec import product_specs

# Made up for the test (not corpus text).
PASSAGE_A = "第七条　党支部应当每月开展一次主题党日活动，组织党员集中学习。"
PASSAGE_B = "白鹭分公司把党员责任区设在一线班组，推动党建与生产同部署。"


def _product() -> Product:
    refs = [
        Reference(1, "d1", "某公司党支部工作办法", "regulations/a.txt", "第七条", "2024年版", "in_force", PASSAGE_A),
        Reference(2, "d2", "白鹭分公司党建经验", "articles/b.txt", "二、（一）", "", "in_force", PASSAGE_B),
        Reference(3, "d3", "某公司党支部工作办法", "regulations/old.txt", "第七条", "2019年版", "superseded", PASSAGE_A),
    ]
    sections = [
        Section("一、制度规定", [Point("第七条：党支部应当每月开展一次主题党日活动。", [1]), Point("组织党员集中学习。", [3])], "requirements"),
        Section("二、措施与做法", [Point("把党员责任区设在一线班组。", [2])], "measures"),
        Section("三、讨论题", [Point("本支部还存在哪些差距？", [], "template")]),
    ]
    return Product("lesson", "主题党日", "主题党日专题党课提纲", sections, refs, ["注意：示例说明。"])


def test_json_has_the_issue_shape_and_round_trips() -> None:
    data = _product().to_json()
    assert set(data) >= {"kind", "topic", "title", "sections", "references"}
    assert set(data["sections"][0]) == {"heading", "points"}
    assert set(data["sections"][0]["points"][0]) == {"text", "citations", "source"}
    assert set(data["references"][0]) == {"n", "doc_id", "title", "source", "locator", "version", "status", "text"}
    assert Product.from_json(data).to_json() == data


def test_dropping_a_point_drops_its_reference_and_renumbers() -> None:
    product = edit.drop_point(_product(), 0, 1)
    out = product.renumbered()
    assert [r.n for r in out.references] == [1, 2]
    assert [r.doc_id for r in out.references] == ["d1", "d2"]
    assert out.sections[1].points[0].citations == [2]
    assert len(_product().sections[0].points) == 2  # the original is untouched


def test_reworded_point_is_the_trainers_own_and_keeps_its_source() -> None:
    product = edit.reword_point(_product(), 1, 0, "在一线班组设党员责任区，由党员带头攻坚。")
    point = product.sections[1].points[0]
    assert point.source == "user" and point.citations == [2]
    template = edit.reword_point(_product(), 2, 0, "我们班组的差距在哪里？").sections[2].points[0]
    assert template.source == "user" and template.citations == []


def test_added_text_is_marked_user_and_sections_move() -> None:
    product = edit.add_point(_product(), 2, "结合本月安全生产任务谈体会。")
    assert product.sections[2].points[-1].source == "user"
    moved = edit.move_section(product, 2, -1)
    assert [s.heading for s in moved.sections] == ["一、制度规定", "三、讨论题", "二、措施与做法"]
    assert edit.move_section(moved, 0, -1).sections[0].heading == "一、制度规定"


@pytest.mark.parametrize("call", [
    lambda p: edit.drop_point(p, 0, 9), lambda p: edit.reword_point(p, 0, 0, "  "),
    lambda p: edit.add_point(p, 7, "文字"), lambda p: edit.move_section(p, -1, 1),
])
def test_bad_edits_get_a_chinese_message(call) -> None:
    with pytest.raises(DjqaError, match="请"):
        call(_product())


def test_markdown_marks_citations_templates_and_lists_references() -> None:
    text = product_markdown(_product())
    assert text.startswith("# 主题党日专题党课提纲")
    assert "## 一、制度规定" in text
    assert "党支部应当每月开展一次主题党日活动[1]。" in text
    assert "本支部还存在哪些差距？（模板）" in text
    assert "[3] 《某公司党支部工作办法》第七条（2019年版，已被取代）" in text
    assert "## 说明" in text


def test_docx_reads_back_with_headings_marks_and_references(tmp_path: Path) -> None:
    path = write_docx(_product(), tmp_path / "out.docx")
    doc = open_docx(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["一、制度规定", "二、措施与做法", "三、讨论题", "说明", "参考文献"]
    assert doc.paragraphs[0].text == "主题党日专题党课提纲" and doc.paragraphs[0].style.name == "Title"
    body = [p.text for p in doc.paragraphs]
    assert "1. 第七条：党支部应当每月开展一次主题党日活动。[1]" in body
    assert any(t.startswith("1. 本支部还存在哪些差距？") and "模板" in t for t in body)
    refs = body[body.index("参考文献") + 1:]
    assert refs == ["[1] 《某公司党支部工作办法》第七条（2024年版，现行有效）", "[2] 《白鹭分公司党建经验》二、（一）（现行有效）",
                    "[3] 《某公司党支部工作办法》第七条（2019年版，已被取代）"]


def test_every_product_kind_is_specified() -> None:
    specs = product_specs()
    assert set(specs) == {"lesson", "theme-day", "study-pack"}
    lesson = [s.role for s in specs["lesson"].sections]
    assert lesson[:4] == ["significance", "requirements", "situation", "measures"]
    assert all(s.template and not s.role for s in specs["theme-day"].sections if "时间" in s.heading)
