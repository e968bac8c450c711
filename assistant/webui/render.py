"""HTML and Markdown of answers and their sources. Everything taken from a question or a document is escaped.

Two targets:
- the chat bubble (gr.Chatbot renders Markdown): text is HTML-escaped and Markdown punctuation is
  backslash-escaped, so nothing in a document or a question can become a tag, a link or an image;
  only the ``[n]`` markers we add become links to the sources panel;
- the sources panel (gr.HTML renders raw HTML): every piece of text goes through ``html.escape``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assistant.models import KIND_LABELS, STATUS_LABELS, Answer, Chunk, Hit

SOURCES_EMPTY = '<div class="djqa-sources djqa-empty">提问后，这里显示答案引用的原文。</div>'
SOURCES_PENDING = '<div class="djqa-sources djqa-empty">正在检索相关原文……</div>'

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start markup.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|~$^=+\-{}.:])")
_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")


def anchor_id(n: int) -> str:
    """The element id of source ``n`` in the sources panel (the target of ``[n]`` links)."""
    return f"djqa-src-{n}"


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that shows exactly this text: no HTML, no links, no emphasis."""
    escaped = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def question_markdown(question: str) -> str:
    return escape_markdown(question)


def partial_markdown(text: str) -> str:
    """A streamed, unfinished answer: shown as plain text."""
    return escape_markdown(text)


FLAG_LABEL = "〔未能在所引原文中核实〕"


def _marked_markdown(text: str, flagged: list[str]) -> str:
    """Escaped text in which each flagged sentence (one the citation check could not verify) is shown
    in italics behind ⚠️ and followed by FLAG_LABEL, so a reader sees which claims to check."""
    spans: list[tuple[int, int]] = []
    for sentence in dict.fromkeys(s.strip() for s in flagged):
        at = text.find(sentence) if sentence else -1
        if at >= 0 and all(at >= end or at + len(sentence) <= start for start, end in spans):
            spans.append((at, at + len(sentence)))
    out, pos = [], 0
    for start, end in sorted(spans):
        out.append(escape_markdown(text[pos:start]))
        out.append(f"⚠️*{escape_markdown(text[start:end])}*{FLAG_LABEL}")
        pos = end
    out.append(escape_markdown(text[pos:]))
    return "".join(out)


def answer_markdown(answer: Answer) -> str:
    """The final answer in the chat: escaped text, ``[n]`` markers linked to the sources panel, notices below."""
    known = {c.n for c in answer.citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[\\[{n}\\]](#{anchor_id(n)})" if n in known else match.group(0)

    body = _MARKER.sub(link, _marked_markdown(answer.text, answer.flagged_sentences))
    notes = [f"> ⚠️ {escape_markdown(n)}" for n in answer.notices]
    return "\n\n".join([body, *notes])


def error_markdown(message: str) -> str:
    return f"⚠️ {escape_markdown(message)}"


def locator_of(chunk: Chunk) -> str:
    if chunk.locator:
        return chunk.locator
    return f"第{chunk.page}页" if chunk.page else ""


def highlight(passage: str, sentence: str) -> str:
    """Escaped passage with the supporting sentence wrapped in <mark> (when it occurs in the passage)."""
    sentence = sentence.strip()
    at = passage.find(sentence) if sentence else -1
    if at < 0:
        return html.escape(passage)
    end = at + len(sentence)
    return f"{html.escape(passage[:at])}<mark>{html.escape(sentence)}</mark>{html.escape(passage[end:])}"


@dataclass(frozen=True)
class Context:
    """The passages right before and after a cited one, in the same document."""

    before: Chunk | None = None
    after: Chunk | None = None


def _badge(status: str) -> str:
    label = STATUS_LABELS.get(status, status)
    return f'<span class="djqa-badge djqa-{html.escape(status)}">{html.escape(label)}</span>'


def _context_html(hit: Hit, context: Context | None) -> str:
    if context is None or (context.before is None and context.after is None):
        return ""
    parts = ['<details class="djqa-context"><summary>查看上下文</summary>']
    if context.before is not None:
        parts.append(f'<p class="djqa-ctx djqa-before"><span class="djqa-loc">{html.escape(locator_of(context.before))}</span> '
                     f"{html.escape(context.before.text)}</p>")
    parts.append(f'<p class="djqa-ctx djqa-current">{html.escape(hit.chunk.text)}</p>')
    if context.after is not None:
        parts.append(f'<p class="djqa-ctx djqa-after"><span class="djqa-loc">{html.escape(locator_of(context.after))}</span> '
                     f"{html.escape(context.after.text)}</p>")
    parts.append("</details>")
    return "".join(parts)


def source_card(label: str, hit: Hit, sentence: str, context: Context | None, element_id: str | None) -> str:
    """One source: number, 《title》, locator, version badge, passage (supporting sentence marked), context."""
    doc = hit.document
    meta = doc.meta
    id_attr = f' id="{html.escape(element_id)}"' if element_id else ""
    details = [KIND_LABELS.get(meta.kind, meta.kind)]
    if meta.effective:
        details.append(f"施行：{meta.effective}")
    elif meta.published:
        details.append(f"发布：{meta.published}")
    return (
        f'<div class="djqa-source"{id_attr}>'
        f'<div class="djqa-source-head"><span class="djqa-n">{html.escape(label)}</span> '
        f'<span class="djqa-title">《{html.escape(doc.title)}》</span> '
        f'<span class="djqa-loc">{html.escape(locator_of(hit.chunk))}</span> {_badge(meta.status)}</div>'
        f'<div class="djqa-passage">{highlight(hit.chunk.text, sentence)}</div>'
        f"{_context_html(hit, context)}"
        f'<div class="djqa-meta">{html.escape(" · ".join(details))}</div>'
        "</div>"
    )


def sources_html(answer: Answer, contexts: dict[str, Context] | None = None) -> str:
    """The sources panel for an answer: notices, then the cited passages (or, if refused, the possibly related ones)."""
    contexts = contexts or {}
    parts = ['<div class="djqa-sources">']
    parts.extend(f'<div class="djqa-notice">⚠️ {html.escape(n)}</div>' for n in answer.notices)
    if answer.citations:
        parts.append("<h4>引用来源</h4>")
        for c in answer.citations:
            parts.append(source_card(f"[{c.n}]", c.hit, c.sentence, contexts.get(c.hit.chunk.chunk_id), anchor_id(c.n)))
    elif answer.hits:
        heading = "可能相关（未能据此作答）" if answer.refused else "相关原文"
        parts.append(f"<h4>{heading}</h4>")
        for i, hit in enumerate(answer.hits, 1):
            parts.append(source_card(f"{i}.", hit, "", contexts.get(hit.chunk.chunk_id), None))
    else:
        parts.append('<div class="djqa-empty">没有找到相关原文。</div>')
    parts.append("</div>")
    return "".join(parts)


def counter_html(used: int, limit: int) -> str:
    """The character counter under the question box."""
    return f'<div class="djqa-counter">已输入 {used} / {limit} 字</div>'


def counter_js(limit: int) -> str:
    """Browser-side update of the counter as the question is typed (no request to the server)."""
    return (f"(text) => {{ const n = [...(text || '')].length; const full = n >= {limit}; "
            f"return `<div class=\"djqa-counter${{full ? ' djqa-full' : ''}}\">已输入 ${{n}} / {limit} 字"
            f"${{full ? '（已达上限）' : ''}}</div>`; }}")


def error_html(message: str) -> str:
    return f'<div class="djqa-sources"><div class="djqa-notice">⚠️ {html.escape(message)}</div></div>'


CSS = """
.djqa-sources { font-size: 0.95rem; line-height: 1.6; }
.djqa-sources h4 { margin: 0.2em 0 0.6em; }
.djqa-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.6em 0.8em; margin-bottom: 0.7em; }
.djqa-source:target { border-color: #c62828; box-shadow: 0 0 0 2px rgba(198, 40, 40, 0.25); }
.djqa-source-head { font-weight: 600; margin-bottom: 0.3em; }
.djqa-n { color: #c62828; }
.djqa-loc { color: var(--body-text-color-subdued); font-weight: 500; }
.djqa-badge { display: inline-block; font-size: 0.8em; padding: 0 0.5em; border-radius: 4px; margin-left: 0.3em; }
.djqa-badge.djqa-in_force { background: #e8f5e9; color: #1b5e20; }
.djqa-badge.djqa-superseded { background: #fff3e0; color: #bf360c; }
.djqa-passage { white-space: pre-wrap; }
.djqa-passage mark { background: #fff59d; padding: 0 0.1em; }
.djqa-context summary { cursor: pointer; color: #1565c0; margin-top: 0.3em; }
.djqa-ctx { white-space: pre-wrap; margin: 0.4em 0; color: var(--body-text-color-subdued); }
.djqa-ctx.djqa-current { color: var(--body-text-color); border-left: 3px solid #c62828; padding-left: 0.5em; }
.djqa-meta { font-size: 0.85em; color: var(--body-text-color-subdued); margin-top: 0.3em; }
.djqa-notice { background: #fff3e0; border-left: 4px solid #ef6c00; padding: 0.4em 0.6em; margin-bottom: 0.6em; }
.djqa-empty { color: var(--body-text-color-subdued); }
.djqa-counter { font-size: 0.85em; color: var(--body-text-color-subdued); text-align: right; }
.djqa-counter.djqa-full { color: #c62828; font-weight: 600; }
"""
