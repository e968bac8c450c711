"""End-to-end tests of the web app in a real headless Chromium (Playwright's sync API, system Chromium).

The app is launched in the test process on a free port over a real knowledge base. Screenshots for
the README are written to docs/screenshots/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from assistant.service import build_service
from assistant.settings import Settings, build_settings
from tests.web_helpers import serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Made up for this test: a fact no corpus document contains.
FACT_MD = """# 晨曦分公司党员志愿服务队章程

一、队伍名称

晨曦分公司党员志愿服务队的队旗颜色为靛青色，队徽图案是一只衔着麦穗的白鹭。服务队每年三月第三个星期六组织“白鹭护河”志愿活动，沿青鸾河清理河岸垃圾。

二、队员要求

队员须为分公司在职党员或入党积极分子，每年参加志愿服务不少于二十四小时，服务时长记入党员积分。
"""
FACT_QUESTION = "晨曦分公司党员志愿服务队的队旗是什么颜色？"

XSS_TXT = """白桦班组读书角管理办法

白桦班组读书角每周三中午开放，由班组宣传员负责登记借阅。<img src=x onerror="window.__djqa_xss=1">
借阅期限为两周，可以续借一次。<script>window.__djqa_xss=2</script>
"""




@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.djqa_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="module")
def corpus_url(corpus_settings: Settings) -> Iterator[str]:
    with serve(build_service(corpus_settings), corpus_settings) as url:
        yield url


@pytest.fixture(scope="module")
def fresh_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_settings(tmp_path_factory.mktemp("browser-kb") / "kb")


@pytest.fixture(scope="module")
def fresh_url(fresh_settings: Settings) -> Iterator[str]:
    settings = fresh_settings
    with serve(build_service(settings), settings) as url:
        yield url


# JS: remember when Enter is pressed in the question box and when the first answer text appears.
_TIMING_PROBE = """() => {
  window.__djqa = {enter: null, first: null};
  const box = document.querySelector('#djqa-question textarea');
  box.addEventListener('keydown', e => { if (e.key === 'Enter' && window.__djqa.enter === null) window.__djqa.enter = performance.now(); }, true);
  const answered = () => [...document.querySelectorAll('#djqa-chat [data-testid="bot"]')]
      .some(m => { const t = m.innerText.trim(); return t.length > 0 && !t.startsWith('正在检索'); });
  new MutationObserver(() => { if (window.__djqa.first === null && answered()) window.__djqa.first = performance.now(); })
      .observe(document.querySelector('#djqa-chat'), {subtree: true, childList: true, characterData: true});
}"""


def ask(page, question: str, timeout_ms: float = 120_000) -> float:
    """Type a question, press Enter, wait for the sources; returns ms from Enter to the first answer text."""
    page.wait_for_selector("#djqa-question textarea")
    page.evaluate(_TIMING_PROBE)
    page.fill("#djqa-question textarea", question)
    page.press("#djqa-question textarea", "Enter")
    page.wait_for_function("() => window.__djqa.first !== null", timeout=timeout_ms)
    page.wait_for_selector("#djqa-sources .djqa-source, #djqa-sources .djqa-empty:not(:has-text('正在'))", timeout=timeout_ms)
    return float(page.evaluate("() => window.__djqa.first - window.__djqa.enter"))


def test_question_gets_an_answer_with_citation_links_and_sources(page, corpus_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(corpus_url)
    expect_title = page.locator("h1", has_text="党建智答")
    expect_title.wait_for()

    first_token_ms = ask(page, "如何开展主题党日活动？")

    bot = page.locator('#djqa-chat [data-testid="bot"]').last
    links = bot.locator('a[href^="#djqa-src-"]')
    assert links.count() >= 1, bot.inner_text()
    assert "主题党日" in bot.inner_text()
    card = page.locator("#djqa-src-1")
    assert card.is_visible()
    head = card.locator(".djqa-source-head").inner_text()
    assert "《" in head and "》" in head
    assert card.locator(".djqa-badge").inner_text() in ("现行有效", "已被取代")
    assert page.locator("#djqa-sources mark").count() >= 1
    page.screenshot(path=str(SHOTS / "chat.png"))

    links.first.click()
    page.wait_for_function("() => location.hash.startsWith('#djqa-src-')")
    target = page.locator(page.evaluate("() => location.hash"))
    assert target.is_visible()
    details = page.locator("#djqa-sources details").first
    details.locator("summary").click()
    assert details.locator(".djqa-ctx.djqa-current").is_visible()
    page.locator("#djqa-sources").screenshot(path=str(SHOTS / "sources.png"))

    assert page.djqa_errors == []
    (SHOTS / "timing.json").write_text(json.dumps({"question": "如何开展主题党日活动？", "first_answer_text_ms": round(first_token_ms)},
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"time to first answer text: {first_token_ms:.0f} ms")


def wait_text(page, selector: str, text: str, timeout_ms: float = 30_000) -> None:
    page.wait_for_function("([s, t]) => (document.querySelector(s)?.innerText || '').includes(t)", arg=[selector, text],
                           timeout=timeout_ms)


def _upload(page, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    path.write_text(text, encoding="utf-8")
    page.get_by_role("tab", name="知识库").click()
    page.locator("#djqa-upload").wait_for(state="visible")
    chosen = page.locator("#djqa-upload").get_by_text(name).first
    # a file chosen while the page is still wiring the upload area up (a loaded CI machine) is dropped without
    # a trace: choose it again, at most three times, before failing
    for attempt in range(3):
        page.locator("#djqa-upload input[type=file]").set_input_files(str(path))
        try:
            chosen.wait_for(timeout=30_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    page.locator("#djqa-upload-btn").click()
    wait_text(page, "#djqa-results", "新增", 120_000)


def test_uploaded_document_answers_the_next_question(page, fresh_url: str, fresh_settings: Settings, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(fresh_url)
    _upload(page, tmp_path, "晨曦志愿服务队章程.md", FACT_MD)

    docs = page.locator("#djqa-docs")
    wait_text(page, "#djqa-docs", "晨曦分公司党员志愿服务队章程")
    assert "现行有效" in docs.inner_text()
    page.screenshot(path=str(SHOTS / "knowledge-base.png"), full_page=True)

    page.get_by_role("tab", name="问答").click()
    ask(page, FACT_QUESTION)
    bot = page.locator('#djqa-chat [data-testid="bot"]').last
    assert "靛青色" in bot.inner_text()
    assert bot.locator('a[href="#djqa-src-1"]').count() >= 1
    assert "晨曦分公司党员志愿服务队章程" in page.locator("#djqa-src-1").inner_text()

    page.locator('#djqa-chat button[aria-label="赞"], #djqa-chat button[title="赞"]').last.click()
    page.wait_for_function("() => document.body.innerText.includes('已记录反馈')", timeout=30_000)
    [line] = fresh_settings.feedback_file.read_text(encoding="utf-8").splitlines()
    vote = json.loads(line)
    assert vote["vote"] == "up" and vote["question"] == FACT_QUESTION and "靛青色" in vote["answer"]
    assert vote["citations"][0]["title"] == "晨曦分公司党员志愿服务队章程"
    assert page.djqa_errors == []


def test_script_in_a_document_or_question_does_not_run(page, fresh_url: str, tmp_path: Path) -> None:
    page.goto(fresh_url)
    _upload(page, tmp_path, "白桦读书角.txt", XSS_TXT)
    page.get_by_role("tab", name="问答").click()

    ask(page, '白桦班组读书角什么时候开放？<img src=x onerror="window.__djqa_xss=3">')
    page.wait_for_timeout(500)

    assert page.evaluate("() => window.__djqa_xss") is None
    assert page.locator("#djqa-chat img[src=x], #djqa-sources img, #djqa-sources script").count() == 0
    sources = page.locator("#djqa-sources").inner_text()
    assert "白桦班组读书角" in sources and '<img src=x onerror="window.__djqa_xss=1">' in sources
    assert '<img src=x onerror="window.__djqa_xss=3">' in page.locator('#djqa-chat [data-testid="user"]').last.inner_text()
    assert page.djqa_errors == []


def test_delete_in_the_browser_refreshes_the_list(page, fresh_url: str, tmp_path: Path) -> None:
    page.goto(fresh_url)
    _upload(page, tmp_path, "删除测试.md", "# 临时测试文档甲\n\n这是一份用于验证删除功能的临时文档，内容没有实际意义，删除后不应再出现在列表中。")
    docs = page.locator("#djqa-docs")
    wait_text(page, "#djqa-docs", "临时测试文档甲")

    page.locator("#djqa-delete input").click()
    page.get_by_role("option", name="临时测试文档甲", exact=False).first.click()
    page.get_by_role("button", name="删除文档").click()
    page.get_by_text("已删除「临时测试文档甲」").wait_for(timeout=60_000)
    assert "临时测试文档甲" not in docs.inner_text()


def test_two_people_chatting_do_not_see_each_other(browser, fresh_url: str) -> None:
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
        pages.append(context.new_page())
    a, b = pages
    for p in pages:
        p.goto(fresh_url)
    ask(a, "甲同志的问题：党支部多久召开一次组织生活会？")
    ask(b, "乙同志的问题：入党积极分子如何培养？")
    chat_a = a.locator("#djqa-chat").inner_text()
    chat_b = b.locator("#djqa-chat").inner_text()
    assert "甲同志" in chat_a and "乙同志" not in chat_a
    assert "乙同志" in chat_b and "甲同志" not in chat_b
    for p in pages:
        p.context.close()


def test_lesson_material_is_downloaded_from_the_chat(page, corpus_url: str) -> None:
    page.goto(corpus_url)
    ask(page, "党章第九条是怎么规定的？")
    page.get_by_text("导出党课素材").click()
    with page.expect_download(timeout=60_000) as download_info:
        page.locator("#djqa-export-btn").click()
        page.locator("#djqa-export-msg").get_by_text("已生成").wait_for(timeout=60_000)
        page.locator("#djqa-export a").first.click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# 党课素材")
    assert "## 1. 党章第九条是怎么规定的？" in text and "《中国共产党章程》第九条（2017年版，已被取代）" in text
    assert "> 第九条 党员有退党的自由" in text
