"""Refusal by evidence: a named document or term is missing only when no passage mentions it, or when the
passages an answer cites do not; a deleted document's questions are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.service import Service, build_service
from assistant.settings import build_settings
from tests import fixtures as F

pytestmark = pytest.mark.slow

NOTICE = "\n\n".join([
    "关于推进党建品牌创建“五步走”工作的通知",
    "各基层党支部：为推动党建工作与生产经营深度融合，公司党委决定在全公司推行党建品牌创建“五步走”工作法。",
    "第一步，摸清底数，各支部梳理党员岗位分布和业务难点。第二步，确定主题，围绕中心工作选定品牌名称。"
    "第三步，制定方案，明确责任人和完成时限。第四步，组织实施，党员带头攻坚克难。第五步，总结评估，年底前提交创建报告。",
    "请各支部于每季度末报送工作进展。",
])


def test_sample_kb_refuses_a_charter_article_naming_the_charter(samples_service: Service) -> None:
    answer = samples_service.ask("党章第九条是怎么规定的？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "知识库中没有找到《党章》" in answer.text
    assert answer.citations == []


def test_sample_kb_answers_what_it_holds(samples_service: Service) -> None:
    answer = samples_service.ask("如何开展主题党日活动？")
    assert not answer.refused and answer.citations


def test_named_document_absent_from_the_corpus_is_refused_naming_it(corpus_service: Service) -> None:
    answer = corpus_service.ask("按照《发展党员工作细则》，入党积极分子要培养多久？")
    assert answer.refused and "知识库中没有找到《发展党员工作细则》" in answer.text


def test_regulation_shaped_name_of_a_kb_document_is_not_declared_missing(corpus_service: Service) -> None:
    # neither the exact title nor quoted as such, but the knowledge base holds the regulation
    answer = corpus_service.ask("按照《国有企业领导人员廉洁从业规定》，国有企业领导人员受到免职处理后多长时间内不得担任领导职务？")
    assert not answer.refused
    assert any(c.hit.document.title == "国有企业领导人员廉洁从业若干规定" for c in answer.citations)
    assert "两年内" in answer.text


def test_a_held_regulation_named_with_a_count_of_versions_or_an_everyday_quote_is_answered(corpus_service: Service) -> None:
    # "两版纪律处分条例" names 纪律处分条例; the quoted words of a story asked about as conduct name no missing term
    versions = corpus_service.ask("对照新旧两版纪律处分条例，“纪律处分种类”有变化吗？")
    assert not versions.refused and "纪律处分种类" in versions.text
    conduct = corpus_service.ask("我们单位有个国企领导让下属替他当“影子股东”，自己不出面拿分红，这样做违反廉洁从业规定吗？")
    assert not conduct.refused
    assert all(c.hit.document.title == "国有企业领导人员廉洁从业若干规定" for c in conduct.citations)


def test_mentioned_but_uncollected_regulation_is_refused_when_cited_text_lacks_it(corpus_service: Service) -> None:
    # an article mentions 党支部工作条例 (a gift to members), but the regulation itself is not collected
    answer = corpus_service.ask("《中国共产党支部工作条例（试行）》规定党支部委员会由几名委员组成？")
    assert answer.refused
    assert "中国共产党支部工作条例（试行）" in answer.text


def test_quoted_term_absent_from_the_kb_is_refused_naming_it(corpus_service: Service) -> None:
    answer = corpus_service.ask("党建工作“七步走”具体是哪七步？")
    assert answer.refused and "“七步走”" in answer.text


def test_deleted_documents_questions_are_refused(tmp_path: Path) -> None:
    from assistant.runtime import open_runtime
    from ingest.pipeline import Ingestor, collect_files

    folder = tmp_path / "docs"
    folder.mkdir()
    F.markdown_file(folder)
    notice = F.text_file(folder, "五步走通知.txt", NOTICE)
    settings = build_settings(tmp_path / "kb")
    runtime = open_runtime(settings)
    Ingestor(settings, runtime.store, runtime.embedder).ingest(collect_files([folder]), folder)
    question = "党建品牌创建“五步走”是哪五步？"

    before = build_service(settings).ask(question)
    assert not before.refused
    assert any(c.hit.document.source.endswith(notice.name) for c in before.citations)

    doc = next(d for d in runtime.store.documents().values() if d.source.endswith(notice.name))
    runtime.store.delete_document(doc.doc_id)
    after = build_service(settings).ask(question)
    assert after.refused and "“五步走”" in after.text
    assert after.citations == []
