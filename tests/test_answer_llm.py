"""LLM mode with LangChain's fake chat models scripting good and bad output (the only allowed stand-in)."""

from __future__ import annotations

import os
import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel

from assistant.answer import LLM_FALLBACK_NOTICE, LLM_UNCONFIGURED_NOTICE, REFUSAL_SENTENCE, Answerer
from assistant.answer.llm import build_chat_model
from assistant.answer.prompts import render_prompt
from assistant.errors import ConfigError
from assistant.service import Service
from assistant.settings import Settings, build_settings

QUESTION = "党章第九条是怎么规定的？"


def _answerer(service: Service, model, **overrides: object) -> tuple[Answerer, list]:
    calls: list = []

    def factory(settings: Settings):
        calls.append(settings)
        return model

    settings = service.settings.model_copy(update=overrides) if overrides else service.settings
    return Answerer(settings, service.retriever, service.tokenizer, factory), calls


def test_prompt_rendering_fails_loudly_on_a_missing_variable() -> None:
    with pytest.raises(ConfigError):
        render_prompt("answer_user", question="问题")
    assert "问题：党员" in render_prompt("answer_user", question="党员", sources="[1] 资料")


def test_factory_builds_an_openai_compatible_model_from_settings() -> None:
    settings = build_settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="qwen", llm_timeout=5.0)
    model = build_chat_model(settings)
    assert type(model).__name__ == "ChatOpenAI" and model.model_name == "qwen"
    with pytest.raises(ConfigError):
        build_chat_model(build_settings())


@pytest.mark.slow
def test_good_model_answer_is_streamed_and_cited(corpus_service: Service) -> None:
    model = GenericFakeChatModel(messages=iter(["党员有退党的自由[1]。 党员要求退党，应当经支部大会讨论后宣布除名[1]。"]))
    answerer, calls = _answerer(corpus_service, model)
    items = list(answerer.ask_stream(QUESTION, mode="llm"))
    partial = [text for text, final in items if final is None]
    answer = items[-1][1]
    assert len(partial) >= 2 and partial[-1].startswith("党员有退党的自由")
    assert answer.mode == "llm" and not answer.refused
    assert answer.citations[0].n == 1 and answer.citations[0].hit.chunk.locator == "第九条"
    assert "党员有退党的自由" in answer.citations[0].sentence
    assert answer.flagged_sentences == []
    assert "已被取代" in answer.text
    assert len(calls) == 1


@pytest.mark.slow
def test_invented_citations_are_removed_and_unsupported_sentences_flagged(corpus_service: Service) -> None:
    script = "党员有退党的自由[1]。根据第二百条，党员必须按月汇报[7]。这句话没有任何出处，是模型自己说的。"
    answerer, _ = _answerer(corpus_service, FakeListChatModel(responses=[script]))
    answer = answerer.ask(QUESTION, mode="llm")
    assert "[7]" not in answer.text
    assert [c.n for c in answer.citations] == [1]
    assert any("第二百条" in s for s in answer.flagged_sentences)
    assert any("没有任何出处" in s for s in answer.flagged_sentences)
    assert not any("党员有退党的自由" in s for s in answer.flagged_sentences)
    assert any("第二百条" in n for n in answer.notices)
    assert any("[7]" in n for n in answer.notices)


@pytest.mark.slow
def test_model_refusal_is_a_refusal_with_related_passages(corpus_service: Service) -> None:
    answerer, _ = _answerer(corpus_service, FakeListChatModel(responses=[REFUSAL_SENTENCE]))
    answer = answerer.ask("党员的党龄从什么时候开始计算？", mode="llm")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert answer.citations == [] and answer.hits


@pytest.mark.slow
def test_failing_model_falls_back_to_the_extractive_answer(corpus_service: Service) -> None:
    answerer, _ = _answerer(corpus_service, FakeListChatModel(responses=["党员有退党的自由[1]。"], error_on_chunk_number=2))
    answer = answerer.ask(QUESTION, mode="llm")
    assert LLM_FALLBACK_NOTICE in answer.notices
    assert answer.mode == "extractive" and not answer.refused
    assert "党员有退党的自由。党员要求退党" in answer.text


@pytest.mark.slow
def test_hanging_model_falls_back_within_the_timeout(corpus_service: Service) -> None:
    model = FakeListChatModel(responses=["党员有退党的自由[1]。"], sleep=30.0)
    answerer, _ = _answerer(corpus_service, model, llm_timeout=1.0)
    started = time.monotonic()
    answer = answerer.ask(QUESTION, mode="llm")
    assert time.monotonic() - started < 10.0
    assert LLM_FALLBACK_NOTICE in answer.notices
    assert "党员有退党的自由" in answer.text


@pytest.mark.slow
def test_follow_up_is_rewritten_by_the_model_in_llm_mode(corpus_service: Service) -> None:
    model = FakeListChatModel(responses=["党章第十条是怎么规定的？", "党的民主集中制的基本原则是[1]。"])
    answerer, calls = _answerer(corpus_service, model)
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "第九条……"}]
    answer = answerer.ask("第十条呢？", history, mode="llm")
    assert len(calls) == 2
    assert answer.citations[0].hit.chunk.locator == "第十条"


@pytest.mark.slow
def test_llm_mode_without_an_endpoint_answers_extractively_with_a_notice(corpus_service: Service) -> None:
    answer = corpus_service.ask(QUESTION, mode="llm")
    assert answer.mode == "extractive" and LLM_UNCONFIGURED_NOTICE in answer.notices
    assert "党员有退党的自由" in answer.text


@pytest.mark.llm_live
@pytest.mark.slow
@pytest.mark.skipif(
    not (os.environ.get("DJQA_TEST_LLM_BASE_URL") and os.environ.get("DJQA_TEST_LLM_MODEL")),
    reason="set DJQA_TEST_LLM_BASE_URL and DJQA_TEST_LLM_MODEL to run against a real endpoint",
)
def test_live_endpoint_answers_with_valid_citations(corpus_service: Service) -> None:
    settings = corpus_service.settings.model_copy(update={
        "llm_base_url": os.environ["DJQA_TEST_LLM_BASE_URL"], "llm_model": os.environ["DJQA_TEST_LLM_MODEL"],
        "llm_api_key": os.environ.get("DJQA_TEST_LLM_API_KEY"), "llm_timeout": 120.0,
    })
    answerer = Answerer(settings, corpus_service.retriever, corpus_service.tokenizer)
    answer = answerer.ask(QUESTION, mode="llm")
    assert answer.mode == "llm" and not answer.refused
    assert answer.citations and all(1 <= c.n <= len(answer.citations) for c in answer.citations)
    off = answerer.ask("红烧肉怎么做才好吃？", mode="llm")
    assert off.refused

