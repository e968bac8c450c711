"""The "备课" tab in a real headless Chromium: build a lesson outline and a theme-day plan, edit a point,
download the .docx and read it back with python-docx. Writes docs/screenshots/prepare.png for the README."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from docx import Document as open_docx

from assistant.service import build_service
from assistant.settings import Settings
from tests.web_helpers import serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
OWN_TEXT = "本支部做法：每月请一名技术骨干党员讲一次岗位党课。"


@pytest.fixture(scope="module")
def page(corpus_settings: Settings) -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium")
    with serve(build_service(corpus_settings), corpus_settings) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        page.goto(url)
        page.get_by_role("tab", name="备课").click()
        yield page
        browser.close()


def _build(page, kind_label: str, topic: str) -> None:
    page.locator("#djqa-prep-kind").get_by_text(kind_label).click()
    page.fill("#djqa-prep-topic textarea", topic)
    page.locator("#djqa-prep-build").click()
    page.locator("#djqa-prep-view h2", has_text=topic).wait_for(timeout=120_000)


def _pick(page, element: str, text: str) -> None:
    page.locator(f"#{element} input").click()
    page.get_by_role("option", name=text, exact=False).first.click()


def test_lesson_outline_is_built_edited_and_downloaded_as_word(page) -> None:
    _build(page, "党课提纲", "党建与生产经营深度融合")
    view = page.locator("#djqa-prep-view")
    assert view.locator("h3", has_text="重要意义").count() == 1
    assert view.locator("sup").count() >= 5
    assert view.locator(".djqa-prep-refs li").count() >= 3
    first = view.locator("li[data-source='kb']").first.inner_text()

    _pick(page, "djqa-prep-point", "1.1")
    page.fill("#djqa-prep-text textarea", OWN_TEXT)
    page.locator("#djqa-prep-reword").click()
    view.locator("li[data-source='user']", has_text=OWN_TEXT).wait_for(timeout=30_000)
    assert first.split("[")[0][:12] not in view.locator("h3 + ol").first.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "prepare.png"), full_page=False)

    page.locator("#djqa-prep-export").click()
    page.locator("#djqa-prep-msg").get_by_text("已生成").wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        page.locator("#djqa-prep-docx a").first.click()
    doc = open_docx(download.value.path())
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "党建与生产经营深度融合专题党课提纲"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、为什么：重要意义" and headings[-1] == "参考文献"
    own = next(t for t in texts if OWN_TEXT in t)
    assert "自拟" in own
    refs = texts[texts.index("参考文献") + 1:]
    assert refs and all(r.startswith(f"[{i}] 《") for i, r in enumerate(refs, 1))
    assert any("[1]" in t for t in texts[: texts.index("参考文献")])


def test_theme_day_plan_is_built_with_template_parts_marked(page) -> None:
    _build(page, "主题党日方案", "严肃党内政治生活")
    view = page.locator("#djqa-prep-view")
    assert view.locator("h3", has_text="时间地点").count() == 1
    assert view.locator("li[data-source='template']").count() >= 5
    assert "模板" in view.locator("li[data-source='template']").first.inner_text()
    assert view.locator("li[data-source='kb'] sup").count() >= 3
    _pick(page, "djqa-prep-section", "七、注意事项")
    page.locator("#djqa-prep-up").click()
    page.wait_for_function("() => [...document.querySelectorAll('#djqa-prep-view h3')][5]?.innerText.includes('注意事项')",
                           timeout=30_000)
