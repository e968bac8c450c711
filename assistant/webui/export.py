"""Lesson material for trainers: a conversation's answers with every cited passage quoted in full and a
numbered list of references (document, article or section, version and status), as a Markdown file."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from assistant.patterns import CITATION_MARK

Turn = dict[str, Any]


def reference_of(citation: dict[str, Any]) -> str:
    """"《中国共产党章程》第九条（2017年版，已被取代）" from a turn's citation."""
    where = citation.get("locator") or ""
    version = "，".join(x for x in (citation.get("version"), citation.get("status_label")) if x)
    return f"《{citation['title']}》{where}" + (f"（{version}）" if version else "")


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip().splitlines())


def lesson_markdown(turns: Sequence[Turn], title: str = "党课素材", when: datetime | None = None) -> str | None:
    """The answered turns as Markdown: each answer with its citations renumbered into one reference list,
    each cited passage quoted under the answer. None when no turn has a cited answer."""
    answered = [t for t in turns if not t.get("refused") and t.get("citations")]
    if not answered:
        return None
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
    refs: dict[str, int] = {}  # reference text -> number in the final list
    out = [f"# {title}", "", f"由党建智答整理于 {stamp}。正文只摘自知识库原文，方括号中的数字对应文末参考文献；"
           "引用前请以原文为准，已被取代的版本已标明。", ""]
    for i, turn in enumerate(answered, 1):
        local: dict[int, int] = {}
        for c in turn["citations"]:
            local[int(c["n"])] = refs.setdefault(reference_of(c), len(refs) + 1)
        answer = CITATION_MARK.sub(lambda m: f"[{local.get(int(m.group(1)), m.group(1))}]", turn["answer"])
        out += [f"## {i}. {turn['question']}", "", answer.strip(), "", "**原文摘录**", ""]
        for c in turn["citations"]:
            out += [f"[{local[int(c['n'])]}] {reference_of(c)}", "", _quote(c.get("text") or ""), ""]
    out += ["## 参考文献", ""]
    out += [f"{n}. {ref}" for ref, n in sorted(refs.items(), key=lambda kv: kv[1])]
    return "\n".join(out) + "\n"


def write_lesson(turns: Sequence[Turn], directory: Path) -> Path | None:
    """Write the material of ``turns`` to a new file under ``directory``; None when there is nothing to export."""
    text = lesson_markdown(turns)
    if text is None:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"党课素材-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}.md"
    path.write_text(text, encoding="utf-8")
    return path
