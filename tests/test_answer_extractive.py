"""Default-mode answers composed from passages really retrieved from the shared corpus."""

from __future__ import annotations

import re

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.service import Service
from assistant.textnorm import index_form

pytestmark = pytest.mark.slow

_MARKS = re.compile(r"\[(\d+)\]")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", index_form(text))


def test_enumeration_label_is_answered_together_with_the_measure_it_names(corpus_service: Service) -> None:
    # the corpus's best passage lists measures as "三是开展“主题活动”。策划组织开展…主题党日活动…"
    answer = corpus_service.ask("如何开展主题党日活动？")
    assert not answer.refused
    body = [line for line in answer.text.split("\n\n")[0].splitlines() if line.strip()]
    assert any("主题党日" in line for line in body)
    assert "开展“主题活动”" in answer.text  # the label stays with its measure
    for line in body:
        sentence = _MARKS.sub("", re.sub(r"^\d+\. ", "", line)).rstrip("。")
        assert len(sentence) > 20, f"a bare label is not an answer: {line}"
    for c in answer.citations:
        assert c.sentence and c.sentence in c.hit.chunk.text


def test_every_citation_carries_a_sentence_of_its_passage(corpus_service: Service) -> None:
    answer = corpus_service.ask("党员的党龄从什么时候开始计算？")
    assert not answer.refused
    assert "预备期满转为正式党员之日" in answer.text
    for c in answer.citations:
        assert c.sentence and c.sentence in c.hit.chunk.text
        assert f"[{c.n}]" in answer.text


def test_article_lookup_returns_the_article_verbatim_with_a_superseded_notice(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章第九条是怎么规定的？")
    assert not answer.refused
    assert "《中国共产党章程》第九条" in answer.text
    assert "党员有退党的自由" in answer.text and "应当经支部大会讨论后宣布除名" in answer.text
    assert "连续六个月不参加党的组织生活" in answer.text
    assert answer.citations[0].hit.chunk.locator == "第九条"
    assert "已被取代" in answer.text and "现行版本未收录在知识库中" in answer.text


@pytest.mark.parametrize("question", ["纪律处分条例第8条规定了什么？", "《纪律处分条例》第八条是怎么规定的？"])
def test_article_lookup_by_arabic_or_chinese_number_prefers_the_text_in_force(corpus_service: Service, question: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    first = answer.citations[0].hit
    assert first.chunk.locator == "第八条"
    assert first.document.meta.status == "in_force"
    assert "第八条" in answer.text and "已被取代" not in answer.text


def test_superseded_version_names_the_text_in_force(corpus_service: Service) -> None:
    answer = corpus_service.ask("2018年版纪律处分条例第十四条规定的是什么？")
    assert not answer.refused
    assert answer.citations[0].hit.document.meta.status == "superseded"
    assert "2018年版，已被取代" in answer.text
    assert "现行有效的是《中国共产党纪律处分条例》" in answer.text


def test_traditional_and_simplified_questions_get_the_same_answer(corpus_service: Service) -> None:
    simplified = corpus_service.ask("党章规定预备党员的预备期是多长时间？")
    traditional = corpus_service.ask("黨章規定預備黨員的預備期是多長時間？")
    assert not simplified.refused and not traditional.refused
    assert "预备党员的预备期为一年" in simplified.text
    assert [c.hit.chunk.chunk_id for c in traditional.citations] == [c.hit.chunk.chunk_id for c in simplified.citations]


def test_answer_json_matches_the_cli_contract(corpus_service: Service) -> None:
    data = corpus_service.ask("党的全国代表大会多久举行一次？").to_json()
    assert {"question", "answer", "refused", "mode", "latency_ms", "citations", "hits"} <= set(data)
    assert data["mode"] == "extractive" and data["refused"] is False
    assert "每五年举行一次" in data["answer"]
    assert all({"n", "doc_id", "title", "source", "locator", "text", "score"} <= set(c) for c in data["citations"])


def test_stream_ends_with_the_full_answer(corpus_service: Service) -> None:
    items = list(corpus_service.ask_stream("党徽是什么图案？"))
    text, answer = items[-1]
    assert answer is not None and text == answer.text
    assert "镰刀和锤头" in text and not answer.refused
    assert REFUSAL_SENTENCE not in text


@pytest.mark.parametrize(
    ("question", "section", "articles"),
    [
        ("《中国共产党廉洁自律准则》中党员领导干部廉洁自律规范有哪几条？", "党员领导干部廉洁自律规范", "五六七八"),
        ("《廉潔自律準則》對全體黨員提出了哪幾條規範？", "党员廉洁自律规范", "一二三四"),
        # any "哪些…" question that clearly names the section, whatever it calls its articles
        ("廉洁自律准则对党员领导干部提了哪些要求？", "党员领导干部廉洁自律规范", "五六七八"),
        ("廉洁自律准则对全体党员提了哪些要求？", "党员廉洁自律规范", "一二三四"),
    ],
)
def test_which_articles_question_lists_every_article_of_the_named_section(
    corpus_service: Service, question: str, section: str, articles: str
) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    assert f"“{section}”共 4 条" in answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == [f"第{n}条" for n in articles]
    for c in answer.citations:
        assert c.hit.chunk.section.endswith(section)
        assert f"{c.hit.chunk.text.split()[-1]}[{c.n}]" in answer.text


def test_author_question_quotes_the_signature_line_of_the_named_article(corpus_service: Service) -> None:
    answer = corpus_service.ask("《基层党建工作与生产经营深度融合的有效途径》一文的作者是谁，来自哪个单位？")
    assert not answer.refused
    assert "徐玲" in answer.text and "广西电网有限责任公司南宁供电局" in answer.text
    assert answer.citations and all(c.sentence in c.hit.chunk.text for c in answer.citations)
    assert all(c.hit.document.meta.title == "基层党建工作与生产经营深度融合的有效途径" for c in answer.citations)


@pytest.mark.parametrize("question", [
    "党章现在还有效吗？知识库里收录的是哪一版？",
    # everyday words for the same two questions
    "知识库里这本党章是哪一次修改的？现在还是最新的吗？",
])
def test_version_question_quotes_the_header_and_says_the_text_is_superseded(corpus_service: Service,
                                                                           question: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    assert "第十九次全国代表大会部分修改" in answer.text
    assert "已被取代" in answer.text and "现行版本未收录在知识库中" in answer.text


def test_validity_of_a_superseded_version_asked_in_everyday_words_names_the_version_in_force(
        corpus_service: Service) -> None:
    answer = corpus_service.ask("2018年版纪律处分条例现在还能用吗？")
    assert not answer.refused and "2018年10月1日起施行" in answer.text, answer.text
    assert "现行有效的是《中国共产党纪律处分条例》（2023年版" in answer.text


def test_validity_of_a_repealed_trial_version_is_answered_from_the_final_provision(corpus_service: Service) -> None:
    answer = corpus_service.ask("2004年发布的《国有企业领导人员廉洁从业若干规定（试行）》现在还有效吗？")
    assert not answer.refused
    assert "第三十条" in answer.text and "同时废止" in answer.text
    assert answer.citations[0].hit.chunk.locator == "第三十条"


@pytest.mark.parametrize("question", ["廉洁自律准则现在还有效吗？", "廉洁自律准则现在还能用吗？", "廉洁自律准则还管用不？"])
def test_validity_question_without_a_dated_header_gives_the_registered_status(corpus_service: Service,
                                                                             question: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    assert "《中国共产党廉洁自律准则》" in answer.text and "现行有效" in answer.text
    assert "2016-01-01起施行" in answer.text


@pytest.mark.parametrize(
    ("question", "current", "previous", "change"),
    [
        ("“在扶贫领域有上述行为的从重处分”这一规定现在还是这样写的吗？",
         "第一百二十二条", "第一百一十二条", "“扶贫”改为“乡村振兴”"),
        ("对违纪党组织责令作出检查，2023年修订后的纪律处分条例和2018年版的写法有什么不同？",
         "第九条", "第九条", "增加“书面”"),
    ],
)
def test_version_comparison_quotes_both_versions_and_the_changed_wording(
    corpus_service: Service, question: str, current: str, previous: str, change: str
) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    first, second = answer.citations[:2]
    assert (first.hit.document.meta.status, first.hit.chunk.locator) == ("in_force", current)
    assert (second.hit.document.meta.status, second.hit.chunk.locator) == ("superseded", previous)
    lines = answer.text.splitlines()
    assert lines[0].startswith(f"现行《中国共产党纪律处分条例》（2023年版）{current}：")
    assert lines[1].startswith(f"2018年版{previous}：")
    for line, citation in zip(lines[:2], (first, second)):  # each side quoted verbatim from its own passage
        quoted = _MARKS.sub("", line.split("：", 1)[1]).rstrip("。")
        assert _compact(quoted) in _compact(citation.hit.chunk.text)
    assert change in answer.text and "现行有效的是《中国共产党纪律处分条例》（2023年版" in answer.text


def test_comparison_of_a_changed_paragraph_names_what_was_added(corpus_service: Service) -> None:
    answer = corpus_service.ask("隐瞒入党前严重错误的党员，2023年版条例在什么情况下可以不予除名？与2018年版有何不同？")
    assert "一贯表现好" in answer.text and "入党后表现尚好" in answer.text
    assert "措辞相同" not in answer.text and "在工作中作出突出贡献" in answer.text.split("逐字比对", 1)[1]


def test_topic_sentence_is_answered_with_the_paragraph_that_explains_it(corpus_service: Service) -> None:
    answer = corpus_service.ask("怎样对党员进行民主评议？")
    first = answer.text.splitlines()[0]
    assert "坚持对党员进行民主评议" in first and "党性分析" in first and "限期改正" in first
    assert answer.citations[0].hit.chunk.locator == "九、"


def test_how_question_naming_a_section_takes_its_measures_from_that_section(corpus_service: Service) -> None:
    answer = corpus_service.ask("怎样推动党建工作中的组织与人员融合？")
    assert {c.hit.chunk.locator for c in answer.citations} == {"二、（二）"}
    answer = corpus_service.ask("怎样建设“创新型”党组织？")
    assert "党员创新工作室" in answer.text
    assert "建设“创新型”党组织[" not in answer.text  # the heading itself is not a measure
    assert "联系电话" not in answer.text and "(1971-)" not in answer.text  # nor the author's biography


def test_how_question_quoting_an_item_takes_its_measures_from_the_passage_saying_it(corpus_service: Service) -> None:
    # the quoted wording is the third item of 三、（二）; the question's other words resemble the heading of
    # 三、（五） (“强化管党治党责任落实”), which is not what it names
    answer = corpus_service.ask("南宁供电局那篇文章讲“突出强化担当保落实”，管党治党责任具体是怎么落实下去的？")
    assert {c.hit.chunk.locator for c in answer.citations} == {"三、（二）"}
    assert "突出强化担当保落实" in answer.text and "述职考评机制" not in answer.text


def test_parts_of_a_named_section_are_listed_each_from_its_own_passage(corpus_service: Service) -> None:
    answer = corpus_service.ask("潍坊烟草的文章指出企业党建与业务结合存在哪几方面问题？")
    assert "“一、企业党建与业务相结合的背景分析”分为 3 个部分" in answer.text
    labels = [_MARKS.sub("", line) for line in answer.text.splitlines()[1:4]]
    assert labels == ["（一） 重业轻党", "（二） 参差不齐", "（三） 机制缺乏"]
    for label, citation in zip(labels, answer.citations):
        assert label in citation.hit.chunk.text


def test_parts_of_a_named_article_follow_the_conversation(corpus_service: Service) -> None:
    outline = corpus_service.ask("强化支部建设那篇党课讲了哪几个方面？")
    assert outline.text.splitlines()[1:] == [
        "一、充分认清党支部建设工作的积极意义[1]", "二、正确认识党支部建设工作的制约因素[2]", "三、准确掌握党支部建设工作的方式方法[3]",
    ]
    history = [{"role": "user", "content": "强化支部建设那篇党课讲了哪几个方面？"}, {"role": "assistant", "content": outline.text}]
    methods = corpus_service.ask("方式方法具体有哪些？", history=history)
    lines = methods.text.splitlines()
    assert "“三、准确掌握党支部建设工作的方式方法”分为 5 个部分" in lines[0]
    assert [line[:2] for line in lines[1:6]] == ["一是", "二是", "三是", "四是", "五是"]
    assert "守正创新创价值" in lines[2] and "科技赋能创价值" in lines[5]
    assert len(methods.citations) == 5


def test_aspects_a_statement_names_are_its_words_not_the_articles_parts(corpus_service: Service) -> None:
    # "是哪几方面的有机统一？" asks what a quoted statement names (方面 modifies 有机统一), not how the article is divided
    answer = corpus_service.ask("南宁供电局那篇文章引用总书记的话，说党建工作对企业的领导是哪几方面的有机统一？")
    assert "个部分" not in answer.text, answer.text
    assert "组织领导的有机统一" in answer.text
    assert answer.citations[0].hit.chunk.locator == "三、（三）"


@pytest.mark.parametrize("question", ["南宁供电局那篇文章讲了哪几个方面？", "《基层党建工作与生产经营深度融合的有效途径》讲了哪几个方面？"])
def test_an_article_named_by_its_organisation_or_title_is_outlined(corpus_service: Service, question: str) -> None:
    # named by its organisation only, none of its passages is found for "讲了哪几个方面"; named by its title, the
    # title's words recur in a part's heading, which is still not the part asked about
    answer = corpus_service.ask(question)
    assert answer.text.startswith("《基层党建工作与生产经营深度融合的有效途径》分为 5 个部分"), answer.text
    assert "三、加强基层党建工作与生产经营深度融合的有效途径" in answer.text


def test_which_items_of_a_named_part_are_listed_each_from_its_own_passage(corpus_service: Service) -> None:
    # each "一是…/二是…" of part two is a passage of its own: all of them, not the best one alone
    answer = corpus_service.ask("党课讲稿里说支部建设有哪些制约因素？")
    assert "“二、正确认识党支部建设工作的制约因素”分为 4 个部分" in answer.text, answer.text
    assert [line[:2] for line in answer.text.splitlines()[1:5]] == ["一是", "二是", "三是", "四是"]
    assert len({c.hit.chunk.chunk_id for c in answer.citations}) == 4


@pytest.mark.slow
def test_the_parts_of_a_named_part_are_its_first_level_headings_only(corpus_service: Service) -> None:
    # part three of the Nanning article has six "(一)…(六)" headings, some holding "一是…二是…" of their own: the
    # answer lists the six, not their inner items (which made too many parts for an outline)
    answer = corpus_service.ask("南宁供电局那篇讲党建和生产经营深度融合的文章，加强深度融合的有效途径那一部分提了哪几条？")
    assert "有效途径”分为 6 个部分" in answer.text, answer.text
    lines = answer.text.splitlines()[1:]
    assert [line[:3] for line in lines] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"], answer.text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "part", "first"), [
    ("强化支部建设那篇党课讲稿第三部分讲了什么？", "三、准确掌握党支部建设工作的方式方法", "一是突出政治建设"),
    ("什邡卷烟厂那篇文章的第二部分讲了哪几点？", "二.原因分析", "1.思想认识"),
])
def test_a_part_of_an_article_named_by_its_ordinal_is_outlined(corpus_service: Service, question: str, part: str,
                                                               first: str) -> None:
    # "第三部分" is the part labelled 三, not the whole article's outline
    answer = corpus_service.ask(question)
    assert f"“{part}”分为" in answer.text, answer.text
    assert answer.text.splitlines()[1].startswith(first), answer.text


def test_a_passage_whose_heading_the_question_names_leads_the_answer(corpus_service: Service) -> None:
    answer = corpus_service.ask("什邡卷烟厂动力车间服务党员搭建了哪些平台？")
    assert answer.citations[0].hit.chunk.locator == "三.（二）3."
    assert "党支部课堂" in answer.text or "党员讲堂" in answer.text


def test_a_short_new_question_is_not_merged_into_the_previous_topic(corpus_service: Service) -> None:
    history = [{"role": "user", "content": "党章第九条是怎么规定的？"}, {"role": "assistant", "content": "党员有退党的自由。"}]
    answer = corpus_service.ask("怎么做红烧肉？", history=history)
    assert answer.refused and REFUSAL_SENTENCE in answer.text
    assert not any("已结合上文" in n for n in answer.notices)
    follow = corpus_service.ask("第十条呢？", history=history)
    assert not follow.refused and follow.citations[0].hit.chunk.locator == "第十条"


def test_a_question_naming_a_term_is_answered_from_the_passage_that_names_it(corpus_service: Service) -> None:
    # everyday wording ("怎么搞的"); the best-ranked passage is another measure of the same article, and the
    # term is named only by the second one: the answer comes from it instead of being refused
    answer = corpus_service.ask("“互联网+党建”是怎么搞的？")
    assert not answer.refused
    assert "互联网+党建" in answer.text
    assert all("互联网+党建" in c.hit.chunk.text for c in answer.citations)


def test_a_question_in_everyday_words_is_answered_from_the_provision_it_is_about(corpus_service: Service) -> None:
    # "信教" is no word of the documents ("信仰宗教"); the best-ranked passages are about other things
    answer = corpus_service.ask("党员能不能去信教？")
    assert not answer.refused
    assert "宗教" in answer.text
    assert all("宗教" in c.hit.chunk.text for c in answer.citations)


def test_a_numbered_heading_inside_a_merged_passage_is_named_too(corpus_service: Service) -> None:
    # the 什邡 article's short sections 2. and 3. share one passage opening with "2.服务体系缺乏系统性。";
    # a question naming "服务机制缺乏健全性" is about section 3., not the parent section's opening passage
    answer = corpus_service.ask("什邡卷烟厂那篇文章说服务型党组织建设现状，服务机制缺乏健全性，具体是指什么？")
    assert not answer.refused
    assert "缺乏考核评价机制和激励机制" in answer.text


def test_a_question_naming_a_section_is_answered_from_its_subsection_that_says_what_is_asked(
        corpus_service: Service) -> None:
    # "建设现状" names section 一.'s heading, whose opening passage tells of 服务载体; what is said of 服务体系 stands
    # in subsection 2. (the passage "一.2.～二."), which is part of the named section too
    answer = corpus_service.ask("什邡卷烟厂那篇文章分析“三型”党组织的建设现状，讲到服务体系时指出了什么短板？")
    assert "服务体系的系统性不强" in answer.text
    assert "服务载体较单一" not in answer.text


def test_a_which_question_naming_two_sections_is_no_section_list(corpus_service: Service) -> None:
    # "对全体党员和党员领导干部提出了哪些“必须”" names both sections' words and asks about the preamble
    answer = corpus_service.ask("《中国共产党廉洁自律准则》开头那段，对全体党员和党员领导干部提出了哪些“必须”？")
    assert not answer.refused
    assert "必须坚定共产主义理想" in answer.text


def test_which_article_number_is_asked_for_one_article_not_the_section(corpus_service: Service) -> None:
    # "第几条" asks which article (an ordinal); "几条" alone would ask how many
    answer = corpus_service.ask("《中国共产党廉洁自律准则》里讲艰苦朴素、勤俭节约的是第几条？")
    assert not answer.refused, answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == ["第三条"], answer.text


def test_an_articles_abstract_and_keywords_are_quoted_from_its_front_matter(corpus_service: Service) -> None:
    abstract = corpus_service.ask("南宁供电局那篇文章的摘要说了什么？")
    assert abstract.text.startswith("《基层党建工作与生产经营深度融合的有效途径》的摘要：随着改革的不断深入发展"), abstract.text
    keywords = corpus_service.ask("潍坊烟草那篇文章的关键词是什么？")  # labelled "[关键词]" there
    assert "的关键词：融合； 基层党组织； 业务[" in keywords.text, keywords.text
    assert keywords.citations[0].hit.document.title == "坚持政治引领推动党建业务深度融合"
    none = corpus_service.ask("党章的关键词是什么？")
    assert none.refused and "《中国共产党章程》没有关键词" in none.text


def test_who_wrote_a_document_without_registered_author_is_refused_saying_so(corpus_service: Service) -> None:
    answer = corpus_service.ask("《强化支部建设助力企业发展》那篇党课是哪位领导讲的？")
    assert answer.refused and "没有作者和单位信息" in answer.text, answer.text


def test_when_an_article_was_published_is_answered_from_what_is_registered_or_refused_saying_so(
        corpus_service: Service) -> None:
    registered = corpus_service.ask("南宁供电局那篇讲党建和生产经营融合的文章是什么时候发表的？")
    assert not registered.refused and "2019-12-27" in registered.text, registered.text
    # the 中原油田 article registers no date and prints none: no passage of its text is an answer
    missing = corpus_service.ask("中原油田那篇《推进基层党建与生产经营深度融合》登在哪个刊物上？")
    assert missing.refused and "没有发表时间和刊物信息" in missing.text, missing.text
    # a journal in the story ("负责编内部刊物") asks nothing about the regulation's publication
    story = corpus_service.ask("我在公司党委宣传部负责编内部刊物，上一期登错了数据，影响不好。纪律处分条例里有管这种工作失误的条款吗？")
    assert [c.hit.chunk.locator for c in story.citations] == ["第一百四十九条"], story.text


def test_which_revision_is_held_and_when_a_regulation_was_first_issued_are_read_from_its_header(
        corpus_service: Service) -> None:
    answer = corpus_service.ask("收录的纪律处分条例是第几次修订后的版本？最早是哪一年出台的？")
    assert not answer.refused and "第三次修订" in answer.text and "2003年" in answer.text, answer.text


def test_the_version_of_a_text_that_dates_itself_nowhere_is_answered_with_the_text_cited(
        corpus_service: Service) -> None:
    # the 廉洁自律准则 file says no date: the registered version is given, the text it belongs to is cited
    answer = corpus_service.ask("知识库里的廉洁自律准则是哪一年的版本？")
    assert not answer.refused and "2015年版" in answer.text, answer.text
    assert answer.citations and answer.citations[0].hit.document.title == "中国共产党廉洁自律准则"
    assert "原文未载明" in answer.text


def test_which_years_version_is_held_is_a_version_question(corpus_service: Service) -> None:
    # "什么时候的版本" asks the version held, as "哪一版" does (it was refused for naming no time in the text)
    answer = corpus_service.ask("收录的主体责任规定是什么时候的版本？")
    assert not answer.refused and "2020年3月9日" in answer.text, answer.text


def test_where_a_quoted_phrase_stands_and_which_version_is_held_are_both_answered(corpus_service: Service) -> None:
    answer = corpus_service.ask("讲课要引党章里“流动党员管理”这句，在哪一条？收录的党章是哪一年修改的？")
    assert not answer.refused, answer.text
    assert "2017年10月24日通过" in answer.text and "“流动党员管理”见第三十二条" in answer.text


def test_a_chapter_topic_named_in_passing_does_not_lead_the_answer(corpus_service: Service) -> None:
    # "基层组织" is named as one of the organisations the 党章's 第十八条 speaks of; the 党章's chapter
    # 第五章 党的基层组织 is a topic many articles share, not a section the question names
    answer = corpus_service.ask("按党章，党的中央、地方和基层组织在抓党的建设上，平时要讨论和检查哪些方面的工作？")
    assert [c.hit.chunk.locator for c in answer.citations] == ["第十八条"], answer.text
    assert "宣传工作、教育工作、组织工作" in answer.text


@pytest.mark.parametrize("question", ["纪律处分条例里的从轻处分跟减轻是一回事吗？", "从轻处分和减轻处分有什么区别？"])
def test_telling_two_named_terms_apart_quotes_the_definition_of_each(corpus_service: Service, question: str) -> None:
    # 减轻 names 减轻处分, the head noun it shares with 从轻处分 left out
    answer = corpus_service.ask(question)
    assert "从轻处分，是指" in answer.text and "减轻处分，是指" in answer.text, answer.text
    # each definition cited once, the one in force where it was retrieved (2023年版第二十三条 defines 减轻处分)
    assert len(answer.citations) == 2
    assert any(c.hit.chunk.locator == "第二十三条" and c.hit.document.meta.status == "in_force" for c in answer.citations)


def test_a_subject_named_in_its_own_clause_is_not_what_is_asked(corpus_service: Service) -> None:
    # "那些要求" names the rules; the question asks whether they apply (第二十六条), not for a requirement
    answer = corpus_service.ask("我在一家国有参股企业管国有资产，不是企业领导班子成员。国企领导人员廉洁从业那些要求，对我也适用吗？")
    assert [c.hit.chunk.locator for c in answer.citations] == ["第二十六条"], answer.text
    assert "参照本规定执行" in answer.text


@pytest.mark.slow
def test_a_paragraph_named_by_its_run_in_heading_answers(corpus_service: Service) -> None:
    # the 中原油田 article has no headings: its paragraphs open with their point ("思想上融合不到位。部分……")
    answer = corpus_service.ask("中原油田那篇文章说的思想上融合不到位，是什么表现？")
    first = answer.text.split("\n\n")[0]
    assert not answer.refused and "各吹各號" in first, answer.text
    assert "無縫銜接" not in first, answer.text  # the passage's other paragraph


@pytest.mark.slow
@pytest.mark.parametrize(("question", "says"), [
    ("党章规定，国家机关里党的基层组织发挥什么作用？", "协助行政负责人完成任务"),
    ("按党章要求，社会组织中党的基层组织要做哪些工作？", "引领服务群众"),
    ("非公有制企业里的党的基层组织，党章要求它做什么？", "引导和监督企业遵守国家的法律法规"),
])
def test_a_chapter_topic_named_by_the_question_does_not_make_its_first_article_the_answer(
        corpus_service: Service, question: str, says: str) -> None:
    # "党的基层组织" is the whole 第五章, whose heading is printed before its first article (第三十条)
    answer = corpus_service.ask(question)
    assert says in answer.text and [c.hit.chunk.locator for c in answer.citations][:1] == ["第三十三条"], answer.text
