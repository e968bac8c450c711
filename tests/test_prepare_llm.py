"""LLM draft mode of the workbench, with LangChain fake chat models scripting good and bad drafts."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel

from assistant.prepare.llm import LLM_DRAFT_NOTICE, LLM_FALLBACK_NOTICE, LLM_UNCONFIGURED_NOTICE, UNVERIFIED, build_product
from assistant.service import Service
from assistant.settings import Settings
from eval import metrics as m

pytestmark = pytest.mark.slow

TOPIC = "落实全面从严治党主体责任"


def _with_model(service: Service, make_model) -> Service:
    calls: list = []

    def factory(settings: Settings):
        calls.append(settings)
        return make_model()

    clone = Service(service.runtime, service.retriever, service.tokenizer, factory)
    clone.calls = calls  # type: ignore[attr-defined]
    return clone


def _draft(n_sources: int) -> str:
    # quotes its first source's opening, cites it, invents a source number and writes one uncited sentence
    return "党委（党组）要把全面从严治党主体责任扛在肩上[1]。这一点在[99]中也有说明[1]。各级要常抓不懈，久久为功。"


def test_draft_replaces_points_and_invented_citations_are_removed(corpus_service: Service) -> None:
    service = _with_model(corpus_service, lambda: FakeListChatModel(responses=[_draft(3)] * 10))
    product = build_product(service, "lesson", TOPIC, "llm")
    assert product.notices[0] == LLM_DRAFT_NOTICE
    assert any("[99]" in n for n in product.notices), product.notices
    drafted = [p for s in product.sections for p in s.points if p.source == "kb"]
    assert drafted and all("[" not in p.text for p in drafted)
    flagged = [p for p in drafted if p.text.endswith(UNVERIFIED)]
    assert flagged and all(p.citations == [] for p in flagged)
    cited = {n for p in drafted for n in p.citations}
    assert cited and cited <= {r.n for r in product.references}
    assert product.sections[-1].points[0].source == "template"  # discussion questions stay template text


def test_failing_model_gives_the_extractive_product_with_a_notice(corpus_service: Service) -> None:
    def broken():
        raise ConnectionError("endpoint down")

    service = _with_model(corpus_service, broken)
    product = build_product(service, "theme-day", TOPIC, "llm")
    assert product.notices[0] == LLM_FALLBACK_NOTICE
    refs = {r.n: r for r in product.references}
    for p in (p for s in product.sections for p in s.points if p.source == "kb"):
        assert any(m.support_ratio(p.text, refs[n].text) >= m.SUPPORT_THRESHOLD for n in p.citations)


def test_slow_model_times_out_into_the_extractive_product(corpus_service: Service) -> None:
    import time

    class Slow(GenericFakeChatModel):
        def _stream(self, *args, **kwargs):
            time.sleep(3)
            yield from super()._stream(*args, **kwargs)

    service = _with_model(corpus_service, lambda: Slow(messages=iter(["迟到的讲稿[1]。"])))
    service = Service(service.runtime.__class__(service.settings.model_copy(update={"llm_timeout": 0.5}),
                                                service.runtime.embedder, service.runtime.store),
                      service.retriever, service.tokenizer, service.chat_model_factory)
    product = build_product(service, "lesson", TOPIC, "llm")
    assert product.notices[0] == LLM_FALLBACK_NOTICE


def test_without_a_configured_model_llm_mode_says_so(corpus_service: Service) -> None:
    product = build_product(corpus_service, "lesson", TOPIC, "llm")
    assert product.notices[0] == LLM_UNCONFIGURED_NOTICE
    assert all(p.source != "kb" or p.citations for s in product.sections for p in s.points)
