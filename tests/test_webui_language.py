"""Everything a member sees is Chinese: no Latin-script word on any tab outside document text,
citations and product names, in a browser whose own language is English (Gradio follows the
browser's language unless the page declares its own)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from assistant.service import Service
from assistant.settings import Settings
from assistant.webui.locale import localize_page
from tests.test_webui_browser import CHROMIUM, CHROMIUM_ARGS, ask, wait_text
from tests.web_helpers import serve

# Names of file formats and units, written the way their owners write them.
PRODUCT_NAMES = {"PDF", "DOCX", "TXT", "Markdown", "HTML", "MB"}
# Document text and citations: answers, questions, the sources panel, and the title column of the list.
DOCUMENT_TEXT = [
    '#djqa-chat [data-testid="bot"]', '#djqa-chat [data-testid="user"]', "#djqa-sources",
    "#djqa-docs tbody td:first-child",
]
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_VISIBLE_STRINGS = """(excluded) => {
  const skip = el => excluded.some(s => el.closest(s));
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
      && parseFloat(getComputedStyle(el).fontSize) > 0;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim() || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
    if (skip(el) || !shown(el)) continue;
    out.push(node.textContent.trim());
  }
  // Tooltips, placeholders and the labels screen readers read out.
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (skip(el) || !shown(el)) continue;
    for (const a of ['title', 'placeholder', 'aria-label']) { const v = el.getAttribute(a); if (v) out.push(v); }
  }
  for (const el of document.querySelectorAll('input[type=text], input[type=number], input:not([type]), textarea')) {
    if (!skip(el) && shown(el) && el.value) out.push(el.value);
  }
  return out;
}"""

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def latin_words(strings: list[str]) -> list[str]:
    """Latin-script words that are not product names, each with the string it was found in."""
    return [f"{w} ← {s!r}" for s in strings for w in LATIN_WORD.findall(s) if w not in PRODUCT_NAMES]


def test_latin_words_are_found_and_product_names_are_allowed() -> None:
    assert latin_words(["将文件拖放到此处", "上传文档（PDF、DOCX、Markdown，单个不超过 20 MB）"]) == []
    assert latin_words(["Drop File Here", "Copy message", "samples/guide.md"]) != []
    assert len(latin_words(["Use via API · Built with Gradio"])) == 6


def test_page_declares_chinese_before_gradio_starts() -> None:
    page = b'<!doctype html><html lang="en"><head><meta charset="utf-8"><script type="module" src="x.js"></script></head>'
    out = localize_page(page)
    assert out.index(b"zh-CN") < out.index(b'type="module"')
    assert localize_page(b"{}") == b"{}"


@pytest.fixture(scope="module")
def english_browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: make test-deps")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--lang=en-US"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def samples_url(samples_service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Feedback (the like button) goes to a scratch data directory, not the shared sample knowledge base.
    settings: Settings = samples_service.settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("lang-ui")})
    with serve(samples_service, settings) as url:
        yield url


def _check(page, where: str) -> None:
    strings = page.evaluate(_VISIBLE_STRINGS, DOCUMENT_TEXT)
    assert strings, where
    found = latin_words(strings)
    assert found == [], f"{where}: {found}"


def test_every_tab_is_chinese_in_an_english_browser(english_browser, samples_url: str) -> None:
    context = english_browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.goto(samples_url)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"

    ask(page, "如何开展主题党日活动？")
    bot = page.locator('#djqa-chat [data-testid="bot"]').last
    bot.hover()
    like = page.locator("#djqa-chat button[title='赞'], #djqa-chat button[aria-label='赞']").last
    like.click()
    page.get_by_text("已记录反馈").first.wait_for(timeout=30_000)  # the feedback toast
    title = page.locator(".toast-title").first
    assert title.evaluate("e => getComputedStyle(e, '::before').content") == '"提示"'
    _check(page, "问答")

    page.get_by_role("tab", name="知识库").click()
    page.get_by_text("点击上传").first.wait_for()
    wait_text(page, "#djqa-docs", "批量导入")
    page.locator("#djqa-delete input").click()
    page.get_by_role("option", name="主题党日活动组织指南", exact=False).first.wait_for()
    _check(page, "知识库")
    page.keyboard.press("Escape")

    page.get_by_role("tab", name="设置").click()
    page.get_by_text("回答方式").first.wait_for()
    _check(page, "设置")
    assert "管理员" in page.locator("body").inner_text()
    context.close()
