"""The roles of retrieval (assistant/retrieval): fusion, document priors, hit selection and filters, each
checked by what a user sees in the hits. A tiny knowledge base in real Chroma with the fast fake embedder;
the texts are written for these tests (not corpus text). The bundled model is tested elsewhere."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pytest

from assistant.retrieval.fusion import ConvexFusion, RankFusion, fusion_for
from assistant.retrieval.normative import asks_of_rules
from assistant.retrieval.self_reference import asks_of_itself, speaks_of_itself
from assistant.retrieve import Filters
from assistant.service import Service
from assistant.settings import build_settings
from tests.fakes import fake_service, write_documents

TITLE = "示例党费管理办法"
OLD = ("第一条 为了规范示例党费管理，制定本办法。\n"
       "第二条 党员每月交纳党费，数额为月工资收入的百分之一。\n"
       "第三条 党费由党支部统一收缴，按季度上交上级党委。\n")
NEW = ("第一条 为了规范示例党费管理，制定本办法。\n"
       "第二条 党员每月交纳党费，数额为月工资收入的百分之零点五。\n"
       "第三条 党费由党支部统一收缴，按月上交上级党委，并公开使用情况。\n")
ARTICLE = ("示例供电局开展主题党日活动\n示例供电局党委组织党员到革命纪念馆重温入党誓词，"
           "并开展志愿服务活动，党员们表示要立足岗位作贡献。\n")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    root = tmp_path_factory.mktemp("roles-kb")
    folder = write_documents(root / "docs", {
        "dues_2019.txt": ({"title": TITLE, "kind": "regulation", "effective": "2019-01-01", "status": "superseded",
                           "note": "2019年版"}, f"{TITLE}\n{OLD}"),
        "dues_2024.txt": ({"title": TITLE, "kind": "regulation", "effective": "2024-01-01", "status": "in_force",
                           "note": "2024年版"}, f"{TITLE}\n{NEW}"),
        "news.txt": ({"title": "示例供电局开展主题党日活动", "kind": "article", "org": "示例供电局"}, ARTICLE),
    })
    return fake_service(build_settings(root / "kb", chunk_min_chars=20, refusal_threshold=0.3), folder)


def _first(service: Service, question: str, filters: Filters | None = None) -> tuple[str, str]:
    hit = service.search(question, filters=filters).hits[0]
    return hit.document.meta.note or hit.document.title, hit.chunk.text


def test_the_version_in_force_comes_first_unless_a_year_is_named(service: Service) -> None:
    version, text = _first(service, "党员每月交纳党费的数额是多少？")
    assert version == "2024年版" and "百分之零点五" in text
    version, text = _first(service, "2019年版规定党员每月交纳党费的数额是多少？")
    assert version == "2019年版" and "百分之一" in text


def test_an_asked_article_number_puts_that_article_of_the_version_in_force_first(service: Service) -> None:
    version, text = _first(service, f"{TITLE}第三条是怎么规定的？")
    assert version == "2024年版" and "按月上交" in text


def test_near_duplicates_across_versions_are_kept_only_when_versions_are_asked_about(service: Service) -> None:
    def versions_of_article_one(question: str) -> list[str]:
        return [h.document.meta.note or "" for h in service.search(question).hits if "规范示例党费管理" in h.chunk.text]

    assert len(versions_of_article_one("为什么制定示例党费管理办法？")) == 1
    assert sorted(versions_of_article_one("示例党费管理办法2019年版和2024年版有什么区别？为了规范示例党费管理")) == [
        "2019年版", "2024年版"]


def test_filters_keep_only_the_kinds_and_statuses_asked_for(service: Service) -> None:
    hits = service.search("主题党日活动 党费", filters=Filters(kinds=("article",))).hits
    assert hits and {h.document.meta.kind for h in hits} == {"article"}
    hits = service.search("党员每月交纳党费", filters=Filters(statuses=("superseded",))).hits
    assert hits and {h.document.meta.status for h in hits} == {"superseded"}


def test_a_question_naming_an_organisation_finds_its_article(service: Service) -> None:
    assert _first(service, "示例供电局的党员去了哪里？")[0] == "示例供电局开展主题党日活动"


def test_fusion_puts_a_passage_both_channels_found_above_one_channel_alone() -> None:
    dense = {0: 0.80, 1: 0.78, 2: 0.50}
    lexical = np.array([6.0, 0.0, 0.0, 9.0, 0.0])
    for fusion in (ConvexFusion(1.0, 1.5), RankFusion(1.0, 1.5, 20, 40)):
        scores = fusion.fuse(dense, lexical, 5)
        assert scores[0] > max(scores[1], scores[2]) and scores[3] > 0
        assert scores[4] == 0  # found by neither channel


def test_the_fusion_is_the_one_the_settings_name(tmp_path) -> None:
    assert isinstance(fusion_for(build_settings(tmp_path)), ConvexFusion)  # the default
    assert isinstance(fusion_for(build_settings(tmp_path, fusion="rrf")), RankFusion)


@pytest.mark.parametrize(("text", "of_itself"), [
    ("第一条 为了规范示例党费管理，制定本办法。", True),
    ("第二条 本规定适用于国有独资企业、国有控股企业及其分支机构的领导班子成员。", True),
    ("本规定所称特定关系人，是指与国有企业领导人员有近亲属以及其他共同利益关系的人。", True),
    ("国有企业党委（党组）书记、董事长、总经理为本企业实施本规定的主要责任人。", True),
    ("第一百五十八条 本条例自2024年1月1日起施行。", True),
    ("第七条 国有企业领导人员应当勤俭节约，依据有关规定进行职务消费。不得有下列行为：", False),
    ("第二十四条 国有企业领导人员违反本规定获取的不正当经济利益，应当责令清退。", False),  # a consequence
])
def test_provisions_about_their_own_document_are_told_apart(text: str, of_itself: bool) -> None:
    assert speaks_of_itself(text) is of_itself


def test_only_questions_about_a_document_itself_keep_its_provisions_about_itself_at_full_score() -> None:
    assert asks_of_itself("国有企业领导人员廉洁从业若干规定适用于哪些企业？")
    assert asks_of_itself("纪律处分条例什么时候施行？")
    assert not asks_of_itself("我们分公司经理请客户吃饭总去他表哥开的饭店，公司买单，国企领导这样合规吗？")


RULE = "第五条 领导干部不得为子女开办的建材店招揽生意，为子女的经营活动提供便利条件。\n"
STORY = ("示例建材公司党建经验\n示例建材公司副总在协调会上让施工队去他儿子开的建材店进水泥、钢材，"
         "公司党支部开会对他进行了批评教育。\n")


@pytest.fixture(scope="module")
def story_and_rule(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, float], str]:
    root = tmp_path_factory.mktemp("normative-kb")
    folder = write_documents(root / "docs", {
        "rule.txt": ({"title": "示例廉洁规定", "kind": "regulation", "status": "in_force"}, f"示例廉洁规定\n{RULE}"),
        "story.txt": ({"title": "示例建材公司党建经验", "kind": "article", "org": "示例建材公司"}, STORY),
    })

    def first_kind(question: str, factor: float) -> str:
        settings = build_settings(root / f"kb-{factor}", chunk_min_chars=20, refusal_threshold=0.3,
                                  normative_article_factor=factor)
        return fake_service(settings, folder).search(question).hits[0].document.meta.kind
    return first_kind


def test_a_question_on_how_the_rules_treat_a_conduct_is_answered_from_a_regulation_not_a_story(
        story_and_rule: Callable[[str, float], str]) -> None:
    question = "我们副总让施工队去他儿子开的建材店进水泥、钢材，这样算违规吗？"
    assert story_and_rule(question, 1.0) == "article"  # the story's words are the closer ones
    assert story_and_rule(question, build_settings().normative_article_factor) == "regulation"
    # a question pointing at an article by its genre asks what the article says
    assert story_and_rule("那篇文章里，副总让施工队去他儿子开的建材店进水泥、钢材，这样算违规吗？", 0.5) == "article"


@pytest.mark.parametrize(("question", "of_rules"), [
    ("我们处长把私人饭费开成办公用品发票报了，这样违规吗？", True),
    ("这种光造声势不干实事的做法，党纪上怎么定性？", True),
    ("党章里真对普通党员有这种要求吗？", True),
    ("总经理没请示就签了合资协议，这在党内算什么问题？", True),
    ("那篇党课讲稿对支部书记身兼多职有什么说法？", False),  # points at an article by its genre
    ("如何开展主题党日活动？", False),
])
def test_questions_on_how_the_rules_treat_a_conduct_are_told_apart(question: str, of_rules: bool) -> None:
    assert asks_of_rules(question) is of_rules
