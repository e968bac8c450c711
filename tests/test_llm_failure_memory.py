"""A failing or hanging chat endpoint is remembered for a cool-down; a follow-up's rewrite and answer share
one timeout; citations a passage does not support are dropped, and flagged sentences are marked on screen.
The endpoint is a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import time
from typing import Iterator

import pytest

from assistant.answer import LLM_FALLBACK_NOTICE, Answerer
from assistant.answer.llm import build_chat_model
from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from assistant.webui import render
from tests.llm_server import ScriptedEndpoint, scripted_endpoint

# Made up for these tests.
DOC = """# 青松班组安全例会规程

青松班组每周一早上七点半召开安全例会，由班组长通报上周隐患整改情况。

会议记录由安全员保管，保存期限为三年。安全员调岗时，应当把会议记录移交给新任安全员。
"""
FIRST = "青松班组的安全例会在什么时候召开？"
FOLLOW_UP = "会议记录由谁保管？"
HISTORY = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": "每周一早上七点半。"}]
TIMEOUT = 4.0


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("llm-kb")
    doc = root / "青松班组安全例会规程.md"
    doc.write_text(DOC, encoding="utf-8")
    settings = build_settings(root / "kb")
    service = build_service(settings)
    report = Ingestor(settings, service.runtime.store, service.runtime.embedder).ingest([doc])
    assert not report.failed
    service.ask(FIRST)  # indexes built and the client library imported: the timings below are the model's
    build_chat_model(settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "m"}))
    return service


@pytest.fixture()
def endpoint() -> Iterator[ScriptedEndpoint]:
    with scripted_endpoint() as endpoint:
        yield endpoint


def _answerer(service: Service, endpoint: ScriptedEndpoint, **overrides: object) -> Answerer:
    settings: Settings = service.settings.model_copy(update={
        "llm_base_url": endpoint.base_url, "llm_model": "scripted", "llm_timeout": TIMEOUT, **overrides})
    return Answerer(settings, service.retriever, service.tokenizer)


def _timed(answerer: Answerer, question: str, history: list[dict] | None = None):
    started = time.monotonic()
    answer = answerer.ask(question, history, mode="llm")
    return answer, time.monotonic() - started


def test_hanging_endpoint_costs_one_timeout_per_follow_up_and_is_then_left_alone(service: Service, endpoint) -> None:
    endpoint.mode = "hang"
    answerer = _answerer(service, endpoint)
    _, without_model = _timed(Answerer(service.settings, service.retriever, service.tokenizer), FOLLOW_UP, HISTORY)

    answer, seconds = _timed(answerer, FOLLOW_UP, HISTORY)
    assert seconds - without_model < 1.75 * TIMEOUT  # rewrite and answer share one budget (before: 2 timeouts)
    assert len(endpoint.requests) == 1  # the answer step did not ask the hanging endpoint again
    assert LLM_FALLBACK_NOTICE in answer.notices and "安全员" in answer.text and answer.citations

    answer, seconds = _timed(answerer, FIRST)
    assert seconds - without_model < TIMEOUT / 2 and len(endpoint.requests) == 1  # in the cool-down: not asked at all
    assert LLM_FALLBACK_NOTICE in answer.notices and "七点半" in answer.text


def test_failing_endpoint_is_asked_again_after_the_cool_down(service: Service, endpoint) -> None:
    endpoint.mode = "fail"
    answerer = _answerer(service, endpoint, llm_cooldown_seconds=1.0)
    assert LLM_FALLBACK_NOTICE in answerer.ask(FIRST, mode="llm").notices
    assert LLM_FALLBACK_NOTICE in answerer.ask(FIRST, mode="llm").notices
    assert len(endpoint.requests) == 1

    time.sleep(1.2)
    endpoint.mode = "ok"
    endpoint.replies = ["青松班组每周一早上七点半召开安全例会[1]。"]
    answer = answerer.ask(FIRST, mode="llm")
    assert len(endpoint.requests) == 2
    assert answer.mode == "llm" and LLM_FALLBACK_NOTICE not in answer.notices and answer.citations


def test_citation_of_a_passage_that_does_not_support_the_sentence_is_dropped_and_marked(service: Service, endpoint) -> None:
    endpoint.replies = ["青松班组每周一早上七点半召开安全例会[1]。班组长每月带队到兄弟单位交流学习经验[1]。"]
    answer = _answerer(service, endpoint).ask(FIRST, mode="llm")

    assert answer.mode == "llm" and answer.text.count("[1]") == 1
    assert answer.text.startswith("青松班组每周一早上七点半召开安全例会[1]。")
    assert answer.flagged_sentences == ["班组长每月带队到兄弟单位交流学习经验。"]
    assert any("并不支持" in n for n in answer.notices)
    shown = render.answer_markdown(answer)
    assert f"⚠️*班组长每月带队到兄弟单位交流学习经验。*{render.FLAG_LABEL}" in shown
    assert "⚠️*青松" not in shown
