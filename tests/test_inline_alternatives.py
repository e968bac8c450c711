"""Inline alternatives in regulations ("退（离）休", "国（境）外", "出国（境）"): a question saying 退休 or
境外 finds and is answered from the provision written with the bracket, by search (passage tokens) and by
sentence choice (coverage). Texts written for these tests; the fake embedder over real Chroma."""

from __future__ import annotations

import pytest

from assistant.service import Service
from assistant.textnorm import alternative_readings
from assistant.tokenize import Tokenizer
from tests.fakes import small_kb_service

RULES = ("示例廉洁从业规定\n"
         "第一条 党员领导干部离职或者退（离）休后，三年内不得接受原任职务管辖范围内企业的聘任。\n"
         "第二条 党员领导干部的子女在其管辖的业务范围内从事经营活动的，应当按照规定予以纠正。\n"
         "第三条 党员领导干部在国（境）外期间，应当遵守所在国法律法规。\n")


def test_readings_of_an_inline_alternative() -> None:
    assert alternative_readings("退（离）休后") == "退休后 离休后"
    assert alternative_readings("在国（境）外") == "在国外 在境外"
    assert alternative_readings("没有括号的句子。") == ""


def test_a_passage_is_indexed_by_both_readings() -> None:
    tokens = Tokenizer().passage_tokens(RULES.split("\n")[1])
    assert {"退休", "离休"} <= set(tokens)
    assert tokens[: len(Tokenizer().tokens(RULES.split("\n")[1]))] == Tokenizer().tokens(RULES.split("\n")[1])


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return small_kb_service(tmp_path_factory.mktemp("alternatives-kb"), {
        "rules.txt": ({"title": "示例廉洁从业规定", "kind": "regulation", "status": "in_force"}, RULES)})


def test_a_question_saying_retired_is_answered_from_the_bracketed_provision(service: Service) -> None:
    answer = service.ask("领导干部退休以后能不能去原来管辖范围内的企业任职？")
    assert not answer.refused, answer.text
    assert answer.citations and answer.citations[0].hit.chunk.locator.endswith("第一条"), answer.text
    assert "退（离）休" in answer.text


def test_search_matches_the_word_only_a_reading_holds(service: Service) -> None:
    for word, article in (("离休", "第一条"), ("境外", "第三条")):
        hit = service.search(word).hits[0]
        assert hit.chunk.locator.endswith(article) and (hit.lexical or 0) > 0, (word, hit.chunk.locator)


def test_sentence_choice_counts_the_word_only_a_reading_holds(service: Service) -> None:
    result = service.search("领导干部离休以后能不能去企业任职？")
    scorer = service.answerer.sentence_scorer(result.catalogue)
    weights = scorer.weights("离休")
    assert scorer.coverage(weights, "党员领导干部离职或者退（离）休后，三年内不得接受聘任。") == 1.0
