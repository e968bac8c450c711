"""A question asking a person's name ("书记是谁？叫什么名字？") is answered only by a passage that names
someone; a passage about the branch that names nobody is no answer, and the refusal says so. Texts written
for these tests; the fake embedder over real Chroma."""

from __future__ import annotations

import pytest

from assistant.answer.persons import asks_personal_name
from assistant.service import Service
from tests.fakes import small_kb_service

NAMED = ("示例公司机修车间党建工作经验\n\n"
         "机修车间党支部书记王建华同志带领支部党员成立技术攻关小组，一年解决设备难题三十余项。\n")
UNNAMED = ("示例公司动力车间党建工作经验\n\n"
           "动力车间党支部坚持把党建工作融入生产经营，支部书记带头联系班组，推动党员责任区建设。\n")


@pytest.mark.parametrize(("question", "asks"), [
    ("动力车间党支部的书记是谁？叫什么名字？", True),
    ("这个车间的主任姓什么？", True),
    ("支部的主题党日活动叫什么名字？", False),  # an activity's name, not a person's
    ("党支部书记由谁选举产生？", False),  # who elects, not who it is
])
def test_a_question_asking_a_persons_name(question: str, asks: bool) -> None:
    assert asks_personal_name(question) is asks


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return small_kb_service(tmp_path_factory.mktemp("person-kb"), {
        "named.txt": ({"title": "示例公司机修车间党建工作经验", "kind": "article"}, NAMED),
        "unnamed.txt": ({"title": "示例公司动力车间党建工作经验", "kind": "article"}, UNNAMED)})


def test_the_name_is_answered_from_the_passage_that_names_the_person(service: Service) -> None:
    answer = service.ask("机修车间党支部的书记是谁？叫什么名字？")
    assert not answer.refused and "王建华" in answer.text, answer.text


def test_a_passage_naming_nobody_is_no_answer_to_whose_name_it_is(service: Service) -> None:
    answer = service.ask("动力车间党支部的书记是谁？叫什么名字？")
    assert answer.refused, answer.text
    assert "没有写明此人的姓名" in answer.text
