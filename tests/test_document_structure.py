"""How a named regulation is divided (编, 章, 条, numbered parts): counted from the catalogue and cited, over the
shared corpus in real Chroma with the bundled embedder."""

from __future__ import annotations

import pytest

from assistant.answer.structure import asked_units
from assistant.service import Service

DISCIPLINE = "中国共产党纪律处分条例"


@pytest.mark.parametrize(("question", "units"), [
    ("纪律处分条例一共有多少条？", ["条"]),
    ("《中国共产党纪律处分条例》共有几章、多少条？", ["章", "条"]),
    ("2018年版纪律处分条例有几编几章？", ["编", "章"]),
    ("纪律处分条例有几编？分别是什么？", ["编"]),
    ("纪律处分条例里对违反廉洁纪律的处分有几条？", []),  # counts provisions on a topic, not the document's
    ("纪律处分条例第几条讲的是廉洁纪律？", []),
])
def test_only_a_count_right_after_the_name_counts_the_document(question: str, units: list[str]) -> None:
    assert asked_units(question, DISCIPLINE) == units


def test_the_articles_of_the_version_in_force_are_counted(corpus_service: Service) -> None:
    answer = corpus_service.ask("纪律处分条例一共有多少条？")
    assert not answer.refused, answer.text
    assert "（2023年版）共 158 条" in answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == ["第一条", "第一百五十八条"]
    assert {c.hit.document.meta.status for c in answer.citations} == {"in_force"}


def test_the_named_version_is_counted_with_its_parts_and_chapters(corpus_service: Service) -> None:
    answer = corpus_service.ask("2018年版纪律处分条例有几编几章？")
    assert "（2018年版）共 3 编、11 章" in answer.text, answer.text
    assert "第一章 指导思想、原则和适用范围" in answer.text  # the 2018 heading (2023: 总体要求和适用范围)
    assert {c.hit.document.meta.status for c in answer.citations} == {"superseded"}


def test_chapters_are_listed_each_cited_at_its_first_article(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章有几章？")
    assert "共 11 章" in answer.text
    lines = answer.text.splitlines()
    assert lines[1].startswith("第一章 党员[") and lines[11].startswith("第十一章 党徽党旗[")
    assert answer.citations[0].hit.chunk.locator == "第一条"


def test_a_count_of_provisions_on_a_topic_is_not_the_documents_structure(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章关于党员的权利有几条？")
    assert "共 11 章" not in answer.text and "条：" not in answer.text.split("\n")[0]
    assert answer.citations and answer.citations[0].hit.chunk.locator == "第四条"


def test_how_a_regulation_is_built_lists_its_chapters_and_what_stands_outside_them(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章的结构是怎样的？")
    assert "共 11 章" in answer.text and "各章之外另有：总纲[" in answer.text, answer.text
    parts = corpus_service.ask("廉洁自律准则的结构是怎样的？")  # parts headed without numbers
    assert "共 2 个部分" in parts.text and "党员领导干部廉洁自律规范[" in parts.text, parts.text


def test_how_an_article_is_built_is_its_outline(corpus_service: Service) -> None:
    answer = corpus_service.ask("强化支部建设那篇党课的结构是怎样的？")
    assert answer.text.startswith("《强化支部建设助力企业发展（党课讲稿）》分为 3 个部分"), answer.text


def test_a_numbered_chapter_is_its_heading_and_articles_each_cited(corpus_service: Service) -> None:
    answer = corpus_service.ask("纪律处分条例的第八章有哪几条？")
    first = answer.text.splitlines()[0]
    assert first == "知识库收录的《中国共产党纪律处分条例》（2023年版）第八章 对违反廉洁纪律行为的处分，共 28 条（第九十四条至第一百二十一条）：", first
    assert answer.text.splitlines()[1].startswith("第九十四条 ")  # the article, not the chapter's heading line
    assert len(answer.citations) == 28 and answer.citations[-1].hit.chunk.locator == "第一百二十一条"
    old = corpus_service.ask("2018年版纪律处分条例第八章有几条？")
    assert "（2018年版）第八章 对违反廉洁纪律行为的处分，共 27 条" in old.text


def test_a_question_within_a_chapter_is_answered_from_its_provision(corpus_service: Service) -> None:
    answer = corpus_service.ask("纪律处分条例第六章里对组织、参加邪教组织的怎么处分？")
    assert "共 28 条" not in answer.text and answer.citations[0].hit.chunk.locator == "第六十六条", answer.text


@pytest.mark.parametrize("question", ["新条例比旧条例多了多少条？", "纪律处分条例新旧两版各有多少条？",
                                      "2023年版纪律处分条例比2018年版多了几条？"])
def test_the_articles_of_two_versions_are_counted_side_by_side(corpus_service: Service, question: str) -> None:
    answer = corpus_service.ask(question)
    assert "2023年版共 158 条" in answer.text and "2018年版共 142 条" in answer.text, answer.text
    assert "2023年版比2018年版多 16 条" in answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == ["第一百五十八条", "第一百四十二条"]


def test_a_chapter_the_regulation_lacks_is_refused_by_name(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章第十二章讲的是什么？")
    assert answer.refused and "《中国共产党章程》没有第十二章" in answer.text, answer.text
    codes = corpus_service.ask("廉洁自律准则第五章讲的是什么？")  # a code without chapters
    assert codes.refused and "没有第五章" in codes.text


def test_the_same_count_is_asked_of_another_document_in_a_follow_up(corpus_service: Service) -> None:
    first = corpus_service.ask("党章有几章？")
    answer = corpus_service.ask("纪律处分条例呢？", [{"role": "user", "content": "党章有几章？"},
                                                    {"role": "assistant", "content": first.text}])
    assert "《中国共产党纪律处分条例》（2023年版）共 11 章" in answer.text, answer.text
