"""Refusals: the one sentence, the nearest passages as 'possibly related', and the signals behind it."""

from __future__ import annotations

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.answer.refusal import asked_units, has_quantity, missing_regulations
from assistant.service import Service

KB_TITLES = ["中国共产党章程", "中国共产党纪律处分条例", "国有企业领导人员廉洁从业若干规定", "关于新形势下党内政治生活的若干准则"]


def test_refusal_sentence_is_the_one_the_prompt_uses() -> None:
    from assistant.answer.prompts import load_prompt

    assert "{refusal}" in load_prompt("answer_system")
    assert REFUSAL_SENTENCE == "知识库中没有找到能够回答这个问题的依据。"


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("《中国共产党支部工作条例（试行）》规定党支部委员会由几名委员组成？", ["中国共产党支部工作条例（试行）"]),
        ("按照《发展党员工作细则》，入党积极分子要培养多久？", ["发展党员工作细则"]),
        ("《中国共产党章程》第四十一条规定了什么？", []),
        ("纪律处分条例第8条规定了什么？", []),
        ("现行《紀律處分條例》规定的党纪处分有哪几种？", []),
        ("《国有企业领导人员廉洁从业若干规定（试行）》现在还有效吗？", []),
        ("2023年版条例施行前发生的违纪行为，是按旧规定还是新条例处理？", []),
    ],
)
def test_named_regulations_missing_from_the_knowledge_base(question: str, missing: list[str]) -> None:
    assert missing_regulations(question, KB_TITLES) == missing


def test_quantity_questions_need_a_number_with_the_asked_unit() -> None:
    assert asked_units("每月至少召开几次？") == "次"
    assert has_quantity("党的全国代表大会每五年举行一次。", asked_units("多久举行一次？"))
    assert not has_quantity("修订了13类党建考核细则。", asked_units("现有多少名党员？"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    ["明天北京天气怎么样？", "红烧肉怎么做才好吃？", "用Python怎么给列表排序？", "支部委员会会议规定每月至少召开几次？"],
)
def test_off_topic_and_unsupported_questions_are_refused(corpus_service: Service, question: str) -> None:
    answer = corpus_service.ask(question)
    assert answer.refused
    assert answer.text.startswith(REFUSAL_SENTENCE)
    assert answer.citations == []
    assert "[1]" not in answer.text


@pytest.mark.slow
def test_question_about_a_regulation_not_in_the_kb_is_refused_naming_it(corpus_service: Service) -> None:
    answer = corpus_service.ask("《中国共产党支部工作条例（试行）》规定党支部委员会由几名委员组成？")
    assert answer.refused
    assert answer.text.startswith(REFUSAL_SENTENCE)
    assert "中国共产党支部工作条例" in answer.text
    assert answer.hits, "nearest passages are offered as possibly related"
    assert any("可能相关" in n for n in answer.notices)


@pytest.mark.slow
@pytest.mark.parametrize("question", ["2022年党的二十大修改的党章在总纲中新增了哪些内容？", "2015年版《中国共产党纪律处分条例》第一条是怎么规定的？"])
def test_question_about_a_version_not_in_the_kb_is_refused(corpus_service: Service, question: str) -> None:
    answer = corpus_service.ask(question)
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "年版本" in answer.text


@pytest.mark.slow
def test_validity_question_about_an_old_text_mentioned_in_the_kb_is_answered(corpus_service: Service) -> None:
    answer = corpus_service.ask("1980年制定的《关于党内政治生活的若干准则》现在还适用吗？")
    assert not answer.refused
    assert answer.citations
