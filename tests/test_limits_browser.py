"""In a real Chromium: the question box counts characters against the limit, and a sentence the citation
check could not verify is visibly marked in the chat (LLM mode, scripted endpoint on 127.0.0.1)."""

from __future__ import annotations

from typing import Iterator

import pytest

from assistant.service import build_service
from assistant.settings import build_settings
from assistant.webui import render
from tests.llm_server import ScriptedEndpoint, scripted_endpoint
from tests.test_webui_browser import FACT_MD, FACT_QUESTION, ask, browser, page  # noqa: F401 (fixtures)
from tests.web_helpers import serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SUPPORTED = "晨曦分公司党员志愿服务队的队旗颜色为靛青色[1]。"
INVENTED = "服务队每年向全市职工发放两千份环保手册[1]。"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ScriptedEndpoint]]:
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("limits-browser")
    doc = root / "晨曦志愿服务队章程.md"
    doc.write_text(FACT_MD, encoding="utf-8")
    with scripted_endpoint() as endpoint:
        settings = build_settings(root / "kb", answer_mode="llm", llm_base_url=endpoint.base_url, llm_model="scripted",
                                  llm_timeout=30.0)
        service = build_service(settings)
        assert not Ingestor(settings, service.runtime.store, service.runtime.embedder).ingest([doc]).failed
        with serve(service, settings) as url:
            yield url, endpoint


def test_counter_follows_the_typed_question(page, app) -> None:  # noqa: F811
    url, _ = app
    page.goto(url)
    page.wait_for_selector("#djqa-question textarea")
    assert "已输入 0 / 500 字" in page.locator("#djqa-counter").inner_text()
    page.fill("#djqa-question textarea", FACT_QUESTION)
    page.wait_for_function(f"() => document.querySelector('#djqa-counter').innerText.includes('已输入 {len(FACT_QUESTION)} / 500 字')",
                           timeout=30_000)
    page.fill("#djqa-question textarea", "党" * 600)  # the box takes no more than the limit
    page.wait_for_function("() => document.querySelector('#djqa-counter').innerText.includes('已输入 500 / 500 字（已达上限）')",
                           timeout=30_000)
    assert len(page.input_value("#djqa-question textarea")) == 500


def test_unverified_sentence_is_marked_in_the_chat(page, app) -> None:  # noqa: F811
    url, endpoint = app
    endpoint.replies = [SUPPORTED + INVENTED]
    page.goto(url)
    ask(page, FACT_QUESTION)
    bot = page.locator('#djqa-chat [data-testid="bot"]').last
    page.wait_for_function("() => document.querySelector('#djqa-chat').innerText.includes('未能在所引原文中核实')", timeout=60_000)
    marked = bot.locator("em").filter(has_text="两千份环保手册")
    assert marked.count() == 1 and "[1]" not in marked.inner_text()  # its citation was dropped too
    assert render.FLAG_LABEL in bot.inner_text() and "⚠️" in bot.inner_text()
    assert bot.locator("em").filter(has_text="靛青色").count() == 0
    assert page.djqa_errors == []
