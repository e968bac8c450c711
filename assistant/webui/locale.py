"""The page is Simplified Chinese whatever the browser's language.

Gradio translates its own strings (upload areas, buttons, tooltips) from the browser's
``navigator.language`` alone, read once when the page starts, and ships a Simplified Chinese pack.
Members' browsers are not always set to Chinese, so the page declares ``zh-CN`` before Gradio's
scripts run: a small ASGI middleware adds a script to the head of the HTML page that makes
``navigator.language`` report ``zh-CN``, sets ``<html lang>``, and translates the few tooltips
Gradio writes in English without a translation key (``HARDCODED_ZH``). Keys Gradio's Chinese pack lacks
are supplied through ``gr.I18n`` (custom translations fill keys the built-in pack does not have).
Toast titles are not translatable in Gradio 6 (the title is the message type, capitalised), so
``TOAST_CSS`` shows Chinese titles in their place.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

import gradio as gr

PAGE_LOCALE = "zh-CN"

# Gradio keys missing from its zh-CN pack (they fall back to English otherwise).
GRADIO_ZH_CN: dict[str, str] = {
    "chatbot.copy_message": "复制",
    "chatbot.copied_message": "已复制",
}

_TOAST_TITLES = {"info": "提示", "success": "完成", "warning": "注意", "error": "出错了"}
TOAST_CSS = "\n".join(
    [".toast-title { font-size: 0 !important; }"]
    + [f'.toast-title.{kind}::before {{ content: "{title}"; font-size: var(--text-md); }}'
       for kind, title in _TOAST_TITLES.items()]
)

# Tooltips and labels Gradio 6 writes in English without a translation key (the vote buttons after a
# vote, the tab overflow button, the toast's close button, the table toolbar, the upload area's label).
HARDCODED_ZH: dict[str, str] = {
    "Liked": "已赞", "Disliked": "已踩", "Feedback": "反馈", "More tabs": "更多标签页", "Close": "关闭",
    "chatbot conversation": "对话内容", "Loading response": "正在生成回答", "Scroll down": "滚动到底部",
    "Click to upload or drop files": "点击上传或拖放文件", "Table actions": "表格操作", "Copy table data": "复制表格",
    "Copied to clipboard": "已复制", "Fullscreen": "全屏", "Exit fullscreen": "退出全屏",
    "Open cell menu": "打开单元格菜单", "Filtered": "已筛选", "Static column": "固定列", "Connection Lost": "连接已断开",
    "Reset to default value": "恢复默认值",
}
# Labels Gradio builds as an English prefix and the component's own label ("range slider for 引用来源数").
HARDCODED_PREFIXES_ZH: dict[str, str] = {"number input for ": "数字输入：", "range slider for ": "滑块："}

_LOCALE_SCRIPT = """<script>(function () {
  var locale = %(locale)s, names = %(names)s, prefixes = %(prefixes)s;
  try {
    Object.defineProperty(Navigator.prototype, "language", {get: function () { return locale; }, configurable: true});
    Object.defineProperty(Navigator.prototype, "languages",
      {get: function () { return [locale, locale.split("-")[0]]; }, configurable: true});
  } catch (e) {}
  document.documentElement.lang = locale;
  function fix(el) {
    ["title", "aria-label"].forEach(function (a) {
      var v = el.getAttribute && el.getAttribute(a);
      if (!v) return;
      if (names[v]) { el.setAttribute(a, names[v]); return; }
      Object.keys(prefixes).forEach(function (p) {
        if (v.indexOf(p) === 0) el.setAttribute(a, prefixes[p] + v.slice(p.length));
      });
    });
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      if (c.type === "attributes") { fix(c.target); return; }
      c.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) return;
        fix(n);
        n.querySelectorAll("[title], [aria-label]").forEach(fix);
      });
    });
  }).observe(document.documentElement,
    {subtree: true, childList: true, attributes: true, attributeFilter: ["title", "aria-label"]});
})();</script>"""

Scope = dict[str, Any]
Message = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


def gradio_i18n() -> gr.I18n:
    """Custom translations for the Gradio strings its Chinese pack does not cover."""
    return gr.I18n(**{PAGE_LOCALE: dict(GRADIO_ZH_CN)})


def localize_page(html: bytes, locale: str = PAGE_LOCALE) -> bytes:
    """The HTML page with the locale script first in its head (unchanged when it has no head)."""
    marker = b"<head>"
    at = html.find(marker)
    if at < 0:
        return html
    at += len(marker)
    script = _LOCALE_SCRIPT % {
        "locale": json.dumps(locale), "names": json.dumps(HARDCODED_ZH, ensure_ascii=False),
        "prefixes": json.dumps(HARDCODED_PREFIXES_ZH, ensure_ascii=False),
    }
    return html[:at] + script.encode("utf-8") + html[at:]


class PageLocaleMiddleware:
    """Rewrites HTML responses with ``localize_page``; everything else passes through untouched."""

    def __init__(self, app: ASGIApp, locale: str = PAGE_LOCALE) -> None:
        self.app = app
        self.locale = locale

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start = message
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = localize_page(b"".join(body), self.locale)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})
            else:
                await send(message)

        await self.app(scope, receive, capture)
