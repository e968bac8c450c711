"""A question naming an organisation, a person or a document the knowledge base never mentions is refused,
naming it; generic organisation words, common words jieba tags as names and generic phrases never are. Over a tiny knowledge base in real Chroma with
the fake embedder; the texts are written for these tests (not corpus text)."""

from __future__ import annotations

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.answer.subjects import named_subjects
from assistant.service import Service
from assistant.settings import build_settings
from assistant.tokenize import Tokenizer
from tests.fakes import fake_service, write_documents

# the organisation is named only in the byline (the manifest's org), the text says 我局
ARTICLE = ("推进党建与生产经营深度融合的实践\n"
           "一、主要做法\n"
           "我局坚持把党建工作与生产经营同谋划、同部署、同考核，推行党员责任区和党员示范岗。\n"
           "各党支部每月围绕生产难题开展一次主题党日活动，由党员带头攻关，把党建成效体现在生产经营指标上。\n"
           "二、考核机制\n"
           "我局建立党建工作责任制考核评价机制，与所属党支部签订年度党建工作责任书，考核结果运用于干部任用。\n")


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    root = tmp_path_factory.mktemp("org-kb")
    folder = write_documents(root / "docs", {
        "liuzhou.txt": ({"title": "推进党建与生产经营深度融合的实践", "kind": "article", "author": "张明",
                         "org": "广西电网有限责任公司柳州供电局"}, ARTICLE),
    })
    # the fake embedder's cosines are not the bundled model's: the relevance threshold is lowered, so that
    # these tests decide by what the question names
    settings = build_settings(root / "kb", chunk_min_chars=20, refusal_threshold=0.3)
    return fake_service(settings, folder)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("胜利油田在推进党建和生产经营融合方面有哪些做法？", ["“胜利油田”"]),
        ("柳州供电局是怎样建立考核评价机制的？", ["“柳州供电局”"]),
        ("山东潍坊烟草有限公司的党建有什么特点？", ["“山东潍坊烟草有限公司”"]),
        ("中国工商银行怎么开展主题党日？", ["“中国工商银行”"]),
        ("四川省委对基层党建有什么部署？", ["“四川省委”"]),
        # generic organisation words are never names
        ("国有企业党委在企业中发挥什么作用？", []),
        ("中央企业和供电企业怎样抓党建？", []),
        ("本单位党支部如何开展主题党日？", []),
        ("基层党组织怎样发挥战斗堡垒作用？", []),
        ("上市公司和商业银行的党组织怎么设？", []),
        ("供电局党支部和卷烟厂党支部如何开展活动？", []),
        ("当县委委员，对党龄有什么要求？", []),
        ("儿童医院和音乐学院的党支部如何建设？", []),  # a kind of hospital or school, not one
    ],
)
def test_organisation_names_are_proper_names_with_an_organisation_type(tokenizer: Tokenizer, question: str,
                                                                       named: list[str]) -> None:
    assert [s.display for s in named_subjects(question, 10, tokenizer) if s.kind == "organisation"] == named


def test_an_organisation_the_knowledge_base_never_mentions_is_refused_naming_it(service: Service) -> None:
    answer = service.ask("胜利油田在推进党建和生产经营融合方面有哪些做法？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "知识库中没有关于“胜利油田”的内容。" in answer.text
    assert answer.citations == []


def test_an_organisation_named_only_in_a_byline_is_answered(service: Service) -> None:
    # the article names 柳州供电局 in its byline; its passages say 我局
    answer = service.ask("柳州供电局在推进党建和生产经营融合方面有哪些做法？")
    assert not answer.refused and answer.citations


@pytest.mark.parametrize("question", ["国有企业在推进党建和生产经营融合方面有哪些做法？",
                                      "按照有关规定，党建和生产经营融合要怎样考核？"])
def test_generic_organisations_and_phrases_are_not_missing(service: Service, question: str) -> None:
    answer = service.ask(question)
    assert not answer.refused and answer.citations


def test_an_unquoted_measures_name_the_knowledge_base_never_mentions_is_refused_naming_it(service: Service) -> None:
    answer = service.ask("按照中央企业负责人经营业绩考核办法，党建工作考核怎样运用？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "知识库中没有找到《中央企业负责人经营业绩考核办法》。" in answer.text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("想在党课上讲讲焦裕禄精神，它的主要内涵是什么？", ["“焦裕禄”"]),
        ("张桂梅创办女子高中的过程中，是怎样用党建带动学校发展的？", ["“张桂梅”"]),
        ("黄大年同志的先进事迹有哪些？", ["“黄大年”"]),  # his given name is a common word: the role word tells
        # common words jieba tags as personal names are none
        ("怎样建设高素质党员队伍？", []),
        ("全面从严治党有什么要求？", []),
        ("申请人入党要经过哪些程序？", []),
        ("党员要怎样坚持公正？", []),
        ("领导干部的家里人能不能经商？", []),
        # someone in a story told before a question about the conduct or a rule is not whom it asks about …
        ("总经理陪孩子参加夏令营，机票拿回公司报了。他说这点钱不算多，这个说法站得住吗？", []),
        ("张建国把公家的电脑拿回了家。这在党纪上怎么处理？", []),
        # … but one named where the question asks is
        ("张建国同志是怎样抓支部建设的？", ["“张建国”"]),
        ("张建国把公家的电脑拿回了家。张建国是哪个单位的？", ["“张建国”"]),
    ],
)
def test_person_names_are_surnamed_names_or_names_with_a_role_word(tokenizer: Tokenizer, question: str,
                                                                  named: list[str]) -> None:
    assert [s.display for s in named_subjects(question, 10, tokenizer) if s.kind == "person"] == named


def test_a_person_the_knowledge_base_never_mentions_is_refused_naming_it(service: Service) -> None:
    answer = service.ask("张桂梅是怎样用党建带动生产经营的？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "知识库中没有关于“张桂梅”的内容。" in answer.text
    assert answer.citations == []


def test_a_person_named_only_in_a_byline_is_answered(service: Service) -> None:
    # the article's author is 张明; its passages never name him
    answer = service.ask("张明同志介绍的党建与生产经营融合有哪些做法？")
    assert not answer.refused and answer.citations
