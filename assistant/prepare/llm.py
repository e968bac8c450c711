"""LLM draft mode: the model writes a short speech (讲稿) for each sourced section from that section's
passages only; its citations are checked as in chat. On failure the extractive product, with a notice."""

from __future__ import annotations

import logging

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answer.citations import check_citations
from assistant.answer.llm import LLMUnavailable, build_chat_model, complete, format_sources
from assistant.answer.prompts import render_prompt
from assistant.answer.sentences import split_sentences
from assistant.models import Hit
from assistant.patterns import CITATION_MARK
from assistant.prepare.model import Point, Product, Section
from assistant.prepare.products import Workbench
from assistant.service import Service

log = logging.getLogger(__name__)

LLM_FALLBACK_NOTICE = "大模型服务暂时不可用，以下为基于原文摘录的材料。"
LLM_UNCONFIGURED_NOTICE = "未配置大模型服务，以下为基于原文摘录的材料。"
LLM_DRAFT_NOTICE = "各部分讲稿由大模型依据所引原文起草，使用前请对照参考文献核对。"
UNVERIFIED = "（待核实）"


def build_product(service: Service, kind: str, topic: str | None, mode: str | None = None) -> Product:
    """The product of ``kind`` for ``topic``: extractive, or drafted by the LLM when ``mode`` (or the
    settings) ask for it and a model is available."""
    product, hits = Workbench(service).build_with_sources(kind, topic)
    mode = mode or service.settings.answer_mode
    if mode != "llm" or kind == "study-pack":
        return product
    if service.chat_model_factory is None and not service.settings.llm_configured:
        product.notices.insert(0, LLM_UNCONFIGURED_NOTICE)
        return product
    try:
        return draft(service, product, hits)
    except Exception as exc:  # any model failure or timeout: the extractive product, with a notice
        log.warning("LLM draft failed: %r", exc)
        product.notices.insert(0, LLM_FALLBACK_NOTICE)
        return product


def _messages(topic: str, heading: str, sources: list[Hit]) -> list:
    return [SystemMessage(render_prompt("prepare_system")),
            HumanMessage(render_prompt("prepare_user", sources=format_sources(sources), topic=topic, heading=heading))]


def draft(service: Service, product: Product, hits: dict[int, Hit]) -> Product:
    """Each section with cited points rewritten as drafted sentences; a section whose draft keeps no valid
    citation stays extractive. Raises LLMUnavailable when the model fails."""
    model = (service.chat_model_factory or build_chat_model)(service.settings)
    number_of = {id(h): n for n, h in hits.items()}
    notices = [LLM_DRAFT_NOTICE]
    sections: list[Section] = []
    for section in product.sections:
        numbers = list(dict.fromkeys(n for p in section.points for n in p.citations if p.source == "kb"))
        if not numbers:
            sections.append(section)
            continue
        sources = [hits[n] for n in numbers if n in hits]
        text = complete(model, _messages(product.topic, section.heading, sources), service.settings.llm_timeout)
        if not text:
            raise LLMUnavailable("empty draft")
        checked = check_citations(text, sources, service.settings.answer_tuning)
        local = {c.n: number_of[id(c.hit)] for c in checked.citations}
        points = []
        for sentence in split_sentences(checked.text, service.settings.answer_tuning):
            cited = [local[int(m)] for m in CITATION_MARK.findall(sentence.text) if int(m) in local]
            plain = CITATION_MARK.sub("", sentence.text).strip()
            if plain:
                flagged = sentence.text in checked.flagged_sentences
                points.append(Point(plain + (UNVERIFIED if flagged else ""), list(dict.fromkeys(cited)), "kb"))
        if not any(p.citations for p in points):
            notices.append(f"“{section.heading}”的讲稿没有可核实的引用，已改用原文摘录。")
            sections.append(section)
            continue
        if checked.removed_numbers:
            notices.append(f"“{section.heading}”：已删除讲稿中不存在的引用编号："
                           + "、".join(f"[{n}]" for n in checked.removed_numbers))
        for s in checked.flagged_sentences:
            notices.append(f"“{section.heading}”：这句话没有标注出处或无法在原文中核实，请核对：{CITATION_MARK.sub('', s)}")
        sections.append(Section(section.heading, points, section.role))
    return Product(product.kind, product.topic, product.title, sections, product.references, notices + product.notices).renumbered()
