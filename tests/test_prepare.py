"""The trainer workbench on a knowledge base of the whole shared corpus (real Chroma, real embedder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document as open_docx

from assistant.__main__ import main
from assistant.errors import NoContentError
from assistant.prepare import Workbench
from assistant.prepare.gather import current_only, set_aside_notice
from assistant.retrieve import Filters
from assistant.service import Service
from assistant.settings import Settings
from eval import metrics as m

pytestmark = pytest.mark.slow

TOPIC = "党建与生产经营深度融合"


@pytest.fixture(scope="module")
def lesson(corpus_service: Service):
    return Workbench(corpus_service).build("lesson", TOPIC)


def _kb_points(product):
    return [p for s in product.sections for p in s.points if p.source == "kb"]


def test_lesson_sections_follow_the_order_of_a_lesson(lesson) -> None:
    headings = [s.heading for s in lesson.sections]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、"]
    assert "意义" in headings[0] and "规定" in headings[1] and "措施" in headings[3] and "讨论" in headings[4]
    assert all(p.source == "template" and not p.citations for p in lesson.sections[4].points)


def test_every_lesson_point_is_supported_by_its_cited_passage(lesson) -> None:
    refs = {r.n: r for r in lesson.references}
    points = _kb_points(lesson)
    assert len(points) >= 6
    for p in points:
        assert p.citations, p.text
        assert any(m.support_ratio(p.text, refs[n].text) >= m.SUPPORT_THRESHOLD for n in p.citations), p.text


def test_measures_come_from_several_documents_and_references_are_complete(lesson) -> None:
    refs = {r.n: r for r in lesson.references}
    measures = lesson.sections[3].points
    assert len({refs[n].doc_id for p in measures for n in p.citations}) >= 2
    assert [r.n for r in lesson.references] == list(range(1, len(lesson.references) + 1))
    assert all(r.title and r.locator and r.status in {"in_force", "superseded"} for r in lesson.references)


def test_requirements_quote_regulations_with_article_numbers(corpus_service: Service) -> None:
    product = Workbench(corpus_service).build("lesson", "严明政治纪律和政治规矩")
    refs = {r.n: r for r in product.references}
    rules = product.sections[1].points
    assert len(rules) >= 2 and all("regulations/" in refs[n].source for p in rules for n in p.citations)
    articles = [p for p in rules if refs[p.citations[0]].locator.endswith("条")]
    assert articles and all(p.text.startswith(refs[p.citations[0]].locator.split(" › ")[-1]) for p in articles), \
        [p.text for p in articles]


def test_superseded_version_is_only_a_note_when_the_current_one_is_present(corpus_service: Service) -> None:
    product = Workbench(corpus_service).build("lesson", "违反廉洁纪律的纪律处分")
    catalogue = corpus_service.retriever.catalogue()
    for ref in product.references:
        doc = catalogue.document(ref.doc_id)
        assert not (doc.meta.status == "superseded" and catalogue.in_force_version(doc) is not None), ref
    # the superseded passages a retrieval does return are set aside, with a note naming the version in force
    old = corpus_service.search("违反廉洁纪律的纪律处分", 10, Filters(statuses=("superseded",))).hits
    kept, aside = current_only(old, catalogue)
    assert {d.title for d in aside} == {"中国共产党纪律处分条例"}
    assert all(h.document.title == "中国共产党章程" for h in kept)  # its current version is not in the KB
    assert set_aside_notice(aside, catalogue) == ["《中国共产党纪律处分条例》2018年版已被取代，未作为依据引用；本材料引用的是现行2023年版。"]


def test_theme_day_marks_template_parts_and_cites_the_study_material(corpus_service: Service) -> None:
    plan = Workbench(corpus_service).build("theme-day", "严肃党内政治生活")
    by_heading = {s.heading: s for s in plan.sections}
    assert [p.source for p in by_heading["二、时间地点"].points] == ["template", "template"]
    assert "＿" in by_heading["二、时间地点"].points[0].text
    study = by_heading["五、学习内容"].points
    assert study and all(p.source == "kb" and p.citations for p in study)
    assert all(p.citations == [] for s in plan.sections for p in s.points if p.source == "template")
    refs = {r.n: r for r in plan.references}
    rules = by_heading["七、注意事项"].points
    assert rules and all(refs[n].status == "in_force" and "regulations/" in refs[n].source for p in rules for n in p.citations)


def test_study_pack_groups_whole_passages_by_document_in_force_first(corpus_service: Service) -> None:
    pack = Workbench(corpus_service).build("study-pack", "落实中央八项规定精神")
    refs = {r.n: r for r in pack.references}
    statuses = [refs[s.points[0].citations[0]].status for s in pack.sections]
    assert statuses == sorted(statuses, key=lambda s: s != "in_force")
    for section in pack.sections:
        assert section.heading.startswith("《")
        for p in section.points:
            assert p.text == refs[p.citations[0]].text.strip()
            assert section.heading == f"《{refs[p.citations[0]].title}》"


def test_topic_the_knowledge_base_says_nothing_about_is_refused(corpus_service: Service) -> None:
    with pytest.raises(NoContentError, match="没有找到与“红烧肉的家常做法”相关的内容"):
        Workbench(corpus_service).build("lesson", "红烧肉的家常做法")


def test_regenerating_a_section_keeps_the_trainers_own_text(corpus_service: Service, lesson) -> None:
    from assistant.prepare import edit

    edited = edit.add_point(edit.drop_point(lesson, 3, 0), 3, "本支部的做法：每周一次班前党课。")
    again = Workbench(corpus_service).regenerate(edited, 3)
    assert again.sections[3].points[-1].text == "本支部的做法：每周一次班前党课。"
    assert any(p.source == "kb" for p in again.sections[3].points)
    assert again.sections[0] == edited.sections[0]


def test_cli_prints_json_and_writes_docx_and_markdown(corpus_settings: Settings, tmp_path: Path, capsys) -> None:
    docx, md = tmp_path / "提纲.docx", tmp_path / "提纲.md"
    code = main(["prepare", "lesson", TOPIC, "--data-dir", str(corpus_settings.data_dir), "--json",
                 "--docx", str(docx), "--md", str(md)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "lesson" and data["topic"] == TOPIC and data["title"]
    assert all(set(p) == {"text", "citations", "source"} for s in data["sections"] for p in s["points"])
    doc = open_docx(str(docx))
    texts = [p.text for p in doc.paragraphs]
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:5] == [s["heading"] for s in data["sections"]]
    refs = texts[texts.index("参考文献") + 1:]
    assert len(refs) == len(data["references"])
    assert refs[0].startswith("[1] 《" + data["references"][0]["title"] + "》")
    assert any("[1]" in t for t in texts[: texts.index("参考文献")])
    assert md.read_text(encoding="utf-8").startswith("# " + data["title"])


def test_cli_refuses_an_unknown_topic_in_chinese(corpus_settings: Settings, capsys) -> None:
    code = main(["prepare", "theme-day", "红烧肉的家常做法", "--data-dir", str(corpus_settings.data_dir)])
    assert code == 2
    err = capsys.readouterr().err
    assert "知识库中没有找到" in err and "主题党日方案" in err
