"""The orchestrator tries the answer kinds in order (issue 8, item 2): over a tiny knowledge base in real
Chroma with the fake embedder, a question is answered by the kind a user expects, or refused with a reason.
The texts are written for these tests (not corpus text)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.answer.orchestrator import Applied, Orchestrator
from assistant.answer.protocol import ComposeRequest, Composition
from assistant.answer.refusal import Refusal
from assistant.service import Service
from assistant.settings import build_settings
from tests.fakes import fake_service, write_documents

TITLE = "示例支部工作条例"
OLD = ("第一条 为了加强示例支部建设，提高支部工作质量，根据党章，制定本条例。\n"
       "第二条 党支部每月召开一次支部委员会会议，每季度召开一次党员大会。\n"
       "第三条 党员应当按期交纳党费，党费按月交纳，不得无故拖欠。\n"
       "第四条 本条例自2018年10月1日起施行。\n")
NEW = ("第一条 为了加强和改进示例支部建设，提高支部工作质量，根据党章，制定本条例。\n"
       "第二条 党支部每月召开一次支部委员会会议，每季度召开一次党员大会，每月开展一次主题党日活动。\n"
       "第三条 党员应当按期交纳党费，党费可以按月或者按季度交纳，不得无故拖欠。\n"
       "第四条 本条例自2024年1月1日起施行。\n")
STEPS = ("开展主题党日活动的步骤如下：\n"
         "1. 确定主题。根据上级部署和支部实际确定每次活动的主题。\n"
         "2. 制定方案。明确活动的时间、地点、参加人员和具体安排。\n"
         "3. 组织实施。按照方案组织党员开展学习和实践活动。\n"
         "4. 总结反馈。活动结束后及时总结，并向上级党组织报告。\n")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    root = tmp_path_factory.mktemp("tiny-kb")
    folder = write_documents(root / "docs", {
        "rules_2018.txt": ({"title": TITLE, "kind": "regulation", "effective": "2018-10-01", "status": "superseded",
                            "note": "2018年修订"}, f"{TITLE}\n{OLD}"),
        "rules_2023.txt": ({"title": TITLE, "kind": "regulation", "effective": "2024-01-01", "status": "in_force",
                            "note": "2023年修订"}, f"{TITLE}\n{NEW}"),
        "theme_day.txt": ({"title": "主题党日活动工作指引", "kind": "article"}, f"主题党日活动工作指引\n{STEPS}"),
    })
    # the fake embedder's cosines are not the bundled model's: the relevance threshold calibrated for it is
    # lowered, so that these tests decide by composition, not by the embedder
    settings = build_settings(root / "kb", chunk_min_chars=20, refusal_threshold=0.3)
    return fake_service(settings, folder)


def _compose(service: Service, question: str) -> Applied:
    result = service.search(question)
    request = ComposeRequest(question, result, service.answerer.sentence_scorer(result.catalogue), service.tokenizer)
    return Orchestrator(service.settings).passage_answer(request)


def test_an_article_question_is_answered_by_the_article_in_force_verbatim(service: Service) -> None:
    applied = _compose(service, f"{TITLE}第三条是怎么规定的？")
    assert applied.composer == "article" and isinstance(applied.outcome, Composition)
    assert "党费可以按月或者按季度交纳" in applied.outcome.text  # the version in force, word for word
    answer = service.ask(f"{TITLE}第三条是怎么规定的？")
    assert not answer.refused and answer.citations[0].hit.document.meta.status == "in_force"
    assert answer.citations[0].hit.chunk.locator.endswith("第三条")


def test_an_article_the_document_lacks_is_refused_by_the_article_composer(service: Service) -> None:
    applied = _compose(service, f"{TITLE}第九条是怎么规定的？")
    assert applied.composer == "article" and isinstance(applied.outcome, Refusal)
    answer = service.ask(f"{TITLE}第九条是怎么规定的？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert TITLE in answer.text and ("第9条" in answer.text or "第九条" in answer.text)  # says what is missing


def test_a_comparison_question_names_the_changes_between_the_two_versions(service: Service) -> None:
    question = f"{TITLE}2023年版和2018年版有什么区别？"
    applied = _compose(service, question)
    assert applied.composer == "version_comparison" and isinstance(applied.outcome, Composition)
    answer = service.ask(question)
    assert not answer.refused
    assert {c.hit.document.meta.status for c in answer.citations} == {"in_force", "superseded"}  # both versions cited
    assert "主题党日活动" in answer.text  # a change of substance is named
    assert "2024年1月1日" not in answer.text  # the commencement article is no change of substance


@pytest.mark.parametrize("question", ["党费交纳方式，新条例是不是比2018年版规定得更宽了？", "2023年修订后党费交纳的规定放宽了吗？"])
def test_a_comparative_of_a_named_version_is_a_comparison(service: Service, question: str) -> None:
    applied = _compose(service, question)
    assert applied.composer == "version_comparison" and isinstance(applied.outcome, Composition)
    assert {c.hit.document.meta.status for c in applied.outcome.citations} == {"in_force", "superseded"}
    assert "按季度" in applied.outcome.text  # the provision on dues, in both versions


def test_a_comparative_without_a_version_is_no_comparison(service: Service) -> None:
    assert _compose(service, "党员大会是不是比支部委员会会议开得更少？").composer != "version_comparison"


def test_a_procedure_question_gets_every_step_in_order(service: Service) -> None:
    applied = _compose(service, "如何开展主题党日活动？")
    assert applied.composer == "in_force" and isinstance(applied.outcome, Composition)
    text = applied.outcome.text
    steps = ["确定主题", "制定方案", "组织实施", "总结反馈"]
    assert all(step in text for step in steps)
    assert [text.index(step) for step in steps] == sorted(text.index(step) for step in steps)


def test_a_document_the_knowledge_base_never_mentions_is_refused_and_named(service: Service) -> None:
    answer = service.ask("《党员发展工作细则》第三条是怎么规定的？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "党员发展工作细则" in answer.text and not answer.citations


@pytest.mark.parametrize(("asked_on", "in_force"), [(date(2025, 3, 1), "2023年版"), (date(2024, 6, 1), "2018年版")])
def test_a_time_named_relative_to_today_is_read_as_of_the_day_asked(service: Service, asked_on: date,
                                                                     in_force: str) -> None:
    # "去年10月" is 2024年10月 when asked in 2025 (the 2023 version in force) and 2023年10月 when asked in 2024
    question = f"去年10月作出的处分，{TITLE}该适用哪一版？"
    result = service.search(question)
    request = ComposeRequest(question, result, service.answerer.sentence_scorer(result.catalogue), service.tokenizer,
                             asked_on=asked_on)
    direct = Orchestrator(service.settings).direct_answer(request)
    assert direct is not None and direct.composer.name == "applicable_version"
    assert isinstance(direct.outcome, Composition)
    assert f"时施行的是《{TITLE}》{in_force}" in direct.outcome.text
    assert f"“去年”即{asked_on.year - 1}年" in direct.outcome.text  # the reading is shown, not silently assumed
