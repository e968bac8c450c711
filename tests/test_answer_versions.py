"""Versions on substance (issue 8, item 7): answers come from the version in force; a comparison names the
articles whose wording changed, never the commencement article; requirements come from the regulation."""

from __future__ import annotations

import re

import pytest

from assistant.answer.revision import RevisionLimits, revise
from assistant.models import Chunk
from assistant.service import Service


def _chunk(doc: str, n: int, text: str) -> Chunk:
    return Chunk(f"{doc}-{n}", doc, n, text, text, f"第{n}条", "", 0, len(text), article=n)


LIMITS = RevisionLimits(same_article=0.5, same_clause=0.3, minor_chars=2, articles_shown=3, changes_shown=3,
                        added_shown=3, change_chars=60)


def test_a_revision_counts_changed_and_added_articles_and_skips_final_provisions() -> None:
    old = [_chunk("old", 1, "第一条 党员应当遵守纪律，服从组织安排，按期参加组织生活。"),
           _chunk("old", 2, "第二条 对违纪会员，情节较轻的，给予提醒；情节较重的，给予书面警告。"),
           _chunk("old", 3, "第三条 本条例自2018年10月1日起施行。")]
    new = [_chunk("new", 1, "第一条 党员应当遵守纪律，服从组织安排，按期参加组织生活。"),
           _chunk("new", 2, "第二条 会员在处罚期内又受到处罚的，其处罚期为两次处罚期之和。"),
           _chunk("new", 3, "第三条 对违纪会员，情节较轻的，给予提醒；情节较重的，给予暂停会籍。"),
           _chunk("new", 4, "第四条 本条例自2024年1月1日起施行。")]
    revision = revise({c.article: [c] for c in new}, {c.article: [c] for c in old}, LIMITS)  # type: ignore[misc]
    assert [(a.new[0].article, a.old[0].article) for a in revision.changed] == [(3, 2)]  # renumbered, still paired
    assert [c.kind for c in revision.changed[0].changes] == ["reworded"]
    assert [a[0].article for a in revision.added] == [2]
    assert revision.unchanged == 1 and not revision.removed


@pytest.mark.slow
def test_part_time_pay_is_answered_from_the_regulation_in_force(corpus_service: Service) -> None:
    answer = corpus_service.ask("兼职取酬")
    assert not answer.refused
    # the 2018 article is the only one with the literal words; the 2023 text is in the knowledge base
    assert all(c.hit.document.meta.status == "in_force" for c in answer.citations), answer.text
    assert any(c.hit.document.title == "中国共产党纪律处分条例" for c in answer.citations), answer.text
    assert "兼职取酬的，该党员领导干部" not in answer.text
    assert "兼职" in answer.text.split("\n\n")[0]


@pytest.mark.slow
def test_version_comparison_names_changed_articles_not_the_commencement_one(corpus_service: Service) -> None:
    answer = corpus_service.ask("纪律处分条例2023年版和2018年版有什么主要区别？")
    assert not answer.refused
    body = answer.text.split("\n\n")[0]
    assert "起施行" not in body and "负责解释" not in body
    statuses = {c.hit.document.meta.status for c in answer.citations}
    assert statuses == {"in_force", "superseded"}
    assert "新增" in body.splitlines()[0] and "条内容有改动" in body.splitlines()[0]
    numbered = [line for line in body.splitlines() if re.match(r"^\d\. ", line)]
    assert len(numbered) == 3
    by_number = {c.n: c.hit for c in answer.citations}
    for line in numbered:  # each shown pair is the same provision, and every quote is true of its version
        assert "2023年版第" in line and "2018年版第" in line, line
        marks = [int(n) for n in re.findall(r"\[(\d+)\]", line)]
        new = "".join(by_number[n].chunk.text for n in marks if by_number[n].document.meta.status == "in_force")
        old = "".join(by_number[n].chunk.text for n in marks if by_number[n].document.meta.status == "superseded")
        for added in re.findall(r"新增“([^”]+)”", line):
            assert added.rstrip("…") in new and added.rstrip("…") not in old, added
        for removed in re.findall(r"删去“([^”]+)”", line):
            assert removed.rstrip("…") in old and removed.rstrip("…") not in new, removed
    assert "新增的条文" in body


@pytest.mark.slow
@pytest.mark.parametrize("question", ["纪律处分条例修订时新增了哪些条款？", "2023年修订的纪律处分条例新增了哪些违纪行为？"])
def test_what_a_revision_added_lists_the_added_articles(corpus_service: Service, question: str) -> None:
    # no topic: "条款", "违纪行为" and "修订" name the parts of any regulation, not a provision to compare
    answer = corpus_service.ask(question)
    assert "2023年版新增的条文（共" in answer.text and "改动最多" not in answer.text, answer.text
    cited = [c.hit.chunk.locator for c in answer.citations]
    assert "第一百零六条" in cited and "第二十二条" not in cited, cited  # 第一百零六条 is new; 第二十二条 (从轻处分) is not
    assert all(c.hit.document.meta.status == "in_force" for c in answer.citations)


@pytest.mark.slow
def test_what_a_revision_removed_lists_the_older_articles_without_counterpart(corpus_service: Service) -> None:
    # a catalogue fact: answered although no passage resembles "删除了哪些条款"
    answer = corpus_service.ask("新条例删除了哪些条款？")
    assert not answer.refused, answer.text
    assert "2018年版中在2023年版里没有对应的条文（共" in answer.text and "新增的条文" not in answer.text, answer.text
    assert answer.citations and all(c.hit.document.meta.status == "superseded" for c in answer.citations)
    # 2018 第二十八条 was extended by two paragraphs and moved to 第三十条: changed, not removed
    assert "第二十八条" not in [c.hit.chunk.locator for c in answer.citations], answer.text


def test_an_article_extended_and_moved_by_the_revision_is_found_in_the_newer_version(corpus_service: Service) -> None:
    answer = corpus_service.ask("2018年版纪律处分条例第二十八条在新条例里是第几条？")
    assert "在2023年版中是第三十条" in answer.text, answer.text


@pytest.mark.slow
@pytest.mark.parametrize("question", ["对统计造假给予处分，是2023年修订时新加的规定吗？",
                                      "受请托人不报告、不登记要处分，这是新条例新增的吗？"])
def test_whether_a_provision_is_new_follows_the_alignment_of_the_two_versions(corpus_service: Service,
                                                                               question: str) -> None:
    # the 2023 article has no counterpart in 2018, although its sanction wording resembles many old articles
    answer = corpus_service.ask(question)
    assert "在《中国共产党纪律处分条例》（2018年版）中未找到与此相近的规定" in answer.text, answer.text
    assert all(c.hit.document.meta.status == "in_force" for c in answer.citations), answer.text


@pytest.mark.slow
def test_what_a_version_has_more_than_the_other_on_a_topic_compares_the_two(corpus_service: Service) -> None:
    answer = corpus_service.ask("对信仰宗教的党员，2023年修订的纪律处分条例比2018年版多了什么要求？")
    cited = {(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations}
    assert {("in_force", "第六十九条"), ("superseded", "第六十二条")} <= cited, answer.text


@pytest.mark.slow
def test_three_meetings_requirements_come_from_the_norms_of_political_life(corpus_service: Service) -> None:
    answer = corpus_service.ask("开展“三会一课”有哪些要求？")
    assert not answer.refused
    assert any("党内政治生活" in c.hit.document.title for c in answer.citations), answer.text
    assert "互联网+党建" not in answer.text


@pytest.mark.slow
def test_a_compared_provision_keeps_the_items_its_lead_in_introduces(corpus_service: Service) -> None:
    answer = corpus_service.ask("2023年修订的纪律处分条例对党纪处分的种类有没有改动？")
    assert not answer.refused
    lines = answer.text.split("\n\n")[0].splitlines()
    assert len(lines) == 2 and all("留党察看" in line and "开除党籍" in line for line in lines), answer.text
    assert "措辞相同" in answer.text


@pytest.mark.parametrize(
    ("question", "named", "counterpart"),
    [
        # the version named before the article (旧…, a year, 新…) is the one the number belongs to
        ("我记得旧条例第九十四条是讲违规经商办企业、买卖股票这些营利活动的，新条例里变成第几条了？", "第九十四条", "第一百零三条"),
        ("2018年版纪律处分条例第五十六条在新条例里是第几条？", "第五十六条", "第六十三条"),
        ("新条例第一百零三条在2018年版里对应哪一条？", "第一百零三条", "第九十四条"),
        # no version named before the article: the one asked for after it is the other one
        ("培训讲义里引用纪律处分条例第九十四条讲营利活动，按现行条例这一条现在是第几条？", "第九十四条", "第一百零三条"),
    ],
)
def test_an_article_number_is_followed_into_the_other_version(
        corpus_service: Service, question: str, named: str, counterpart: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    assert f"中是{counterpart}（" in answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == [named, counterpart]
    years = [c.hit.document.meta.effective or "" for c in answer.citations]
    assert years[0] != years[1], "the two articles come from the two versions"


def test_an_unchanged_article_under_a_new_number_says_so(corpus_service: Service) -> None:
    answer = corpus_service.ask("2018年版纪律处分条例第五十六条在新条例里是第几条？")
    assert "没有实质改动" in answer.text


def test_whether_the_held_text_is_a_given_version_is_answered_from_its_header(corpus_service: Service) -> None:
    answer = corpus_service.ask("知识库里的《中国共产党章程》是党的二十大修改后的版本吗？")
    assert not answer.refused
    assert "不是2022年的版本" in answer.text and "第十九次全国代表大会部分修改" in answer.text


@pytest.mark.parametrize("question", ["知识库里的党章能算“现行党章”吗？", "党章是十九大修改以后的吗？现在还能照这个讲吗？"])
def test_whether_the_held_text_is_current_in_other_words_is_answered_from_its_header(corpus_service: Service,
                                                                                      question: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused and "第十九次全国代表大会部分修改" in answer.text, answer.text


def test_an_adoption_note_broken_over_lines_is_quoted_whole(corpus_service: Service) -> None:
    # the header's note opens "（2020年2月26日……审议批准" on one line and closes "2020年3月9日……发布）" on the next
    text = corpus_service.ask("《党委（党组）落实全面从严治党主体责任规定》是哪一版？").text
    assert "（2020年2月26日中共中央政治局常委会会议审议批准 2020年3月9日中共中央办公厅发布）" in text, text


def test_when_a_regulation_was_issued_and_took_effect_is_quoted(corpus_service: Service) -> None:
    answer = corpus_service.ask("新修订的《中国共产党纪律处分条例》是哪天由中共中央发布的？是发布当天就生效吗？")
    assert not answer.refused
    assert "2023年12月19日中共中央发布" in answer.text and "2024年1月1日起施行" in answer.text


def test_a_topic_comparison_never_aligns_the_commencement_articles(corpus_service: Service) -> None:
    # "新修订的条例" shares its words with the commencement articles, which differ between any two versions
    answer = corpus_service.ask("2018年版纪律处分条例对违纪所获得的经济利益的规定，在新修订的条例里还是这么规定的吗？有没有改动？")
    assert not answer.refused
    assert "起施行" not in answer.text.split("注意")[0]
    assert {c.hit.chunk.locator for c in answer.citations} == {"第四十三条", "第四十条"}


@pytest.mark.parametrize(("question", "in_force", "cited"), [
    ("2019年3月的违纪行为，当时该适用哪一版纪律处分条例？", "2018年版", ["第一百四十二条", "第一百五十八条"]),
    # a case named by its description (“三定”) is no subject the commencement provisions must mention
    ("2024年5月某单位擅自超出“三定”规定增设机构，追究责任该适用哪一版纪律处分条例？", "2023年版", ["第一百五十八条"]),
])
def test_the_version_in_force_at_a_time_is_named_from_the_commencement_provisions(
        corpus_service: Service, question: str, in_force: str, cited: list[str]) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused, answer.text
    assert f"时施行的是《中国共产党纪律处分条例》{in_force}" in answer.text
    assert sorted(c.hit.chunk.locator for c in answer.citations) == sorted(cited)


def test_whom_a_version_applies_to_is_no_question_of_which_version_applies(corpus_service: Service) -> None:
    answer = corpus_service.ask("2023年版纪律处分条例适用于哪些党组织和党员？")
    assert "各版本的施行日期" not in answer.text


def test_which_version_and_which_article_are_both_answered(corpus_service: Service) -> None:
    answer = corpus_service.ask("2024年6月有单位擅自超出“三定”规定增设机构，该适用哪一版纪律处分条例？依据哪一条？")
    assert "时施行的是《中国共产党纪律处分条例》2023年版" in answer.text
    assert "依据的条文" in answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == ["第一百五十八条", "第一百三十四条"], answer.text


@pytest.mark.parametrize(("question", "articles"), [
    ("2018年版纪律处分条例对违规收受礼品是怎么规定的？2023年修订后有变化吗？", {"第八十八条", "第九十七条"}),
    ("关于党员干部参与赌博，2023年版和2018年版的规定一样吗？", {"第八十七条", "第九十六条"}),
])
def test_version_names_choose_the_version_not_the_passages(corpus_service: Service, question: str,
                                                            articles: set[str]) -> None:
    # the words "2018年版" and "2023年修订" match every version's header and commencement article; they must not
    # push the provisions asked about down the list
    top = corpus_service.search(question).hits[:3]
    assert articles <= {h.chunk.locator for h in top}
    assert not any("起施行" in h.chunk.text or h.chunk.article is None for h in top)


@pytest.mark.parametrize(("question", "history"), [
    ("一名党员2023年6月未经批准出入国（边）境，情节严重，今年才被查处，最重能给什么处分？", []),
    # a follow-up: the article found is the current one (第九十一条); its counterpart in the version then in
    # force is quoted
    ("要是这事是2023年8月的，今年才立案，还能开除党籍吗？",
     [{"role": "user", "content": "党员没经批准私自出境，情节严重的，现行纪律处分条例怎么处分？"},
      {"role": "assistant", "content": "按现行条例第九十一条，情节严重的，给予开除党籍处分。"}]),
])
def test_a_case_handled_after_the_version_changed_is_answered_from_the_version_in_force_then(
        corpus_service: Service, question: str, history: list[dict]) -> None:
    answer = corpus_service.ask(question, history=history)
    assert "时施行的是《中国共产党纪律处分条例》2018年版" in answer.text, answer.text
    assert "第一百五十八条" in answer.text and "依照当时的规定或者政策处理" in answer.text
    assert "第八十二条" in [c.hit.chunk.locator for c in answer.citations], answer.text
    assert "情节严重的，给予留党察看处分" in answer.text


def test_an_article_of_the_older_version_named_without_a_year_is_that_versions(corpus_service: Service) -> None:
    # 旧条例 names the superseded version: its 第七十二条 (拒不执行党组织的分配…), not the current 第七十二条
    answer = corpus_service.ask("旧条例第七十二条讲的是什么？")
    assert answer.citations[0].hit.document.meta.status == "superseded", answer.text
    assert "拒不执行党组织的分配" in answer.text


@pytest.mark.parametrize(("question", "article", "says"), [
    ("原条例对违规操办婚丧喜庆是怎么规定的？", "第九十一条", "在社会上造成不良影响"),
    ("旧条例里，领导干部的配偶在他管辖的地区经商，是怎么规定的？", "第九十七条", "兼职取酬"),
])
def test_a_topic_asked_of_the_older_version_named_without_a_year_is_answered_from_it(
        corpus_service: Service, question: str, article: str, says: str) -> None:
    # "原条例" / "旧条例" with no article number: the superseded text is what is asked about, not its successor
    answer = corpus_service.ask(question)
    cited = answer.citations[0].hit
    assert cited.document.meta.status == "superseded" and cited.chunk.locator == article, answer.text
    assert says in answer.text.split("\n\n")[0]


@pytest.mark.parametrize("question", ["老版纪律处分条例第一条说了什么？", "修订前的纪律处分条例第一条说了什么？"])
def test_a_version_word_before_a_title_is_no_part_of_the_name(corpus_service: Service, question: str) -> None:
    # "老版纪律处分条例" is the older 纪律处分条例, not a regulation the knowledge base lacks
    answer = corpus_service.ask(question)
    assert not answer.refused and "没有找到" not in answer.text, answer.text
    cited = answer.citations[0].hit
    assert cited.document.meta.status == "superseded" and cited.chunk.locator == "第一条", answer.text


@pytest.mark.parametrize("question", ["新版纪律处分条例从哪天起实行？", "纪律处分条例实施是哪一天？",
                                      "纪律处分条例从什么时候开始施行？"])
def test_when_a_version_took_effect_asked_with_shixing_is_its_commencement(corpus_service: Service,
                                                                          question: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused and "本条例自2024年1月1日起施行" in answer.text, answer.text


def test_when_a_rule_took_effect_asked_before_the_verb_is_its_commencement(corpus_service: Service) -> None:
    # "什么时候开始施行": the asking word before the verb, as "施行的时间是什么时候" puts it after
    answer = corpus_service.ask("国有企业领导人员廉洁从业若干规定从什么时候开始施行？")
    assert not answer.refused and "本规定自发布之日起施行" in answer.text, answer.text


@pytest.mark.parametrize(("question", "article"), [
    ("我记得旧条例里对违规收送礼品礼金有规定，现行条例是怎么规定的？", "第九十八条"),
    ("原条例规定的违规操办婚丧喜庆处分，新条例是怎么写的？", "第一百条"),
])
def test_the_older_version_mentioned_beside_the_one_in_force_asks_about_the_one_in_force(
        corpus_service: Service, question: str, article: str) -> None:
    cited = corpus_service.ask(question).citations[0].hit
    assert cited.document.meta.status == "in_force" and cited.chunk.locator == article


def test_the_current_version_of_an_old_article_is_its_renumbered_counterpart(corpus_service: Service) -> None:
    # the 2018 第一百三十六条 (家风) is 第一百五十二条 now; the current 第一百三十六条 is another provision
    answer = corpus_service.ask("2018年版纪律处分条例第一百三十六条现在还有效吗？")
    current = [c for c in answer.citations if c.hit.document.meta.status == "in_force"]
    assert [c.hit.chunk.locator for c in current] == ["第一百五十二条"], answer.text
    assert "擅自批准其出差" not in answer.text


def test_the_version_word_right_before_an_article_number_names_its_version(corpus_service: Service) -> None:
    # 新条例第九十七条 is the current version's, though the question goes on to name 旧版
    assert corpus_service.search("新条例第九十七条在旧版是第几条？").hits[0].document.meta.status == "in_force"
    assert corpus_service.search("旧条例第九十七条在新版是第几条？").hits[0].document.meta.status == "superseded"


def test_how_an_old_article_reads_now_quotes_its_current_counterpart(corpus_service: Service) -> None:
    answer = corpus_service.ask("修订前的条例第一百零三条现在怎么规定？")
    assert [(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations] == [
        ("superseded", "第一百零三条"), ("in_force", "第一百一十三条")], answer.text


@pytest.mark.parametrize(("question", "refused", "says"), [
    # a version word and an article number name the regulation held in several versions as its title would
    ("新条例第九十七条在旧版是哪一条？", False, "2023年版第九十七条在2018年版中是第八十八条"),
    ("旧条例第三百条讲什么？", True, "没有第300条"),
])
def test_a_version_word_names_the_regulation_held_in_versions(corpus_service: Service, question: str, refused: bool,
                                                              says: str) -> None:
    answer = corpus_service.ask(question)
    assert answer.refused is refused and says in answer.text, answer.text


@pytest.mark.parametrize(("question", "cited"), [
    # the version named right before the number is the article's; another named after it asks for the counterpart
    ("现行条例第一百一十五条在2018年版里是怎么写的？", [("in_force", "第一百一十五条"), ("superseded", "第一百零五条")]),
    # what changed in a named article: the article, its counterpart, and the changes
    ("纪律处分条例第一百零五条修订前后有什么变化？", [("in_force", "第一百零五条"), ("superseded", "第九十六条")]),
])
def test_a_named_article_asked_of_another_version_is_answered_with_its_counterpart(
        corpus_service: Service, question: str, cited: list[tuple[str, str]]) -> None:
    answer = corpus_service.ask(question)
    assert [(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations] == cited, answer.text
    assert "按条文顺序和内容对齐两版" in answer.text


def test_two_articles_named_in_two_versions_are_compared_as_named(corpus_service: Service) -> None:
    # the alignment pairs no article with the 2018 第二十八条 (reworded past recognition); the asker names the pair
    answer = corpus_service.ask("2018年版条例第二十八条和2023年版第三十条有什么不同？")
    assert [(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations] == [
        ("superseded", "第二十八条"), ("in_force", "第三十条")], answer.text
    assert "吸食、注射毒品" in answer.text


def test_every_article_a_question_names_is_quoted(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章第三十条和第三十一条分别讲什么？")
    assert [c.hit.chunk.locator for c in answer.citations] == ["第三十条", "第三十一条"], answer.text


@pytest.mark.parametrize("question", ["2018年版纪律处分条例对违反会议活动管理规定是怎么处分的？",
                                      "旧条例里违反会议活动管理规定要受什么处分？"])
def test_a_catch_all_item_of_the_newer_version_does_not_take_the_answer_from_the_version_asked_for(
        corpus_service: Service, question: str) -> None:
    # 2023 第一百一十八条 ends with "（三）其他违反会议活动管理规定行为", which restates the article's subject and is
    # no heading the question names: the version asked for (2018, 第一百零八条) answers
    answer = corpus_service.ask(question)
    assert [c.hit.chunk.locator for c in answer.citations][:1] == ["第一百零八条"], answer.text


@pytest.mark.parametrize(("question", "article", "says"), [
    # wording quoted whole …
    ("想在党课上引用党章里“党的纪律是党的各级组织和全体党员必须遵守的行为规则，是维护党的团结统一、完成党的任务的保证”"
     "这句话，它在党章第几条？知识库里的党章是哪一版？", "第三十九条", "必须遵守的行为规则"),
    # … with the quotation marks nested the other way round …
    ("纪检干部培训要讲党章里“运用监督执纪‘四种形态’”这一句，是第几条说的？知识库收录的党章是哪一年的版本？", "第四十条", "四种形态"),
    # … or a provision described in the asker's words
    ("党组织对预备党员要认真教育和考察，这是党章哪一条规定的？知识库里的党章是现行版本吗？", "第七条", "认真教育和考察"),
    ("党员有权在党的会议上参加讨论，党章第几条写的？知识库这本党章还有效吗？", "第四条", "参加关于党的政策问题的讨论"),
])
def test_the_article_holding_what_a_version_question_quotes_or_describes_is_named(
        corpus_service: Service, question: str, article: str, says: str) -> None:
    # which article says it, and which version is held: both halves are answered
    answer = corpus_service.ask(question)
    assert f"见{article}" in answer.text and says in answer.text and "第十九次全国代表大会部分修改" in answer.text, answer.text


@pytest.mark.slow
def test_an_article_number_read_in_old_material_is_placed_in_both_versions(corpus_service: Service) -> None:
    # the quoted word ("保护伞") tells what the asker found under the number in force; the question asks which
    # version the material cites and where that provision stands now, so it is no subject the answer must name
    answer = corpus_service.ask("培训材料里写着：“对应当报告的事项不报告或者不如实报告的，依照纪律处分条例第一百二十五条处分。”"
                                "可现行条例第一百二十五条讲的是“保护伞”。这是照哪一版写的？现在应该引第几条？")
    assert not answer.refused, answer.text
    cited = {(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations}
    assert ("superseded", "第一百二十五条") in cited and ("in_force", "第一百四十条") in cited, answer.text
