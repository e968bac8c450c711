"""Whole lists and procedures (issue 8, item 6): every labelled item, in order, cited; no sentence twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.answer.asktype import ask_type, holds
from assistant.answer.enumerations import enumerations
from assistant.answer.leadins import continued, graded_rest, lead_in, leading_line
from assistant.answer.sentences import split_sentences
from assistant.service import Service, build_service
from assistant.settings import build_settings
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning

_MARKS = re.compile(r"\[(\d+)\]")
REPO = Path(__file__).resolve().parents[1]
TUNING = AnswerTuning()

# a notice written for this test (not corpus text): five steps inline in one paragraph
NOTICE = """关于开展党员教育培训“五步走”工作的通知

各基层党支部：

为提高党员教育培训质量，经公司党委研究，决定在全公司推行党员教育培训“五步走”工作法。现将有关事项通知如下。

一、工作步骤

第一步，摸底调研。各党支部通过问卷和座谈了解党员学习需求，形成需求清单。第二步，制定计划。根据需求清单确定培训主题、课时和授课人，报党委组织部审核。第三步，集中培训。每季度至少组织一次集中培训，采取专题辅导、案例教学等方式进行。第四步，实践锻炼。组织党员到生产一线开展岗位实践，把所学内容用于解决实际问题。第五步，考核评估。培训结束后进行测试和评议，结果记入党员教育档案。

二、工作要求

各党支部要高度重视，书记要亲自抓，确保每名党员全年参加培训不少于32学时。
"""


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", index_form(text))


def _items(answer_text: str) -> list[str]:
    return [line for line in answer_text.split("\n\n")[0].splitlines()[1:] if line.strip()]


def _assert_cited_in_order(answer, labels: list[str]) -> None:
    items = _items(answer.text)
    assert [next((lab for lab in labels if item.startswith(lab)), None) for item in items] == labels, answer.text
    by_n = {c.n: c for c in answer.citations}
    for item in items:
        numbers = [int(n) for n in _MARKS.findall(item)]
        assert numbers, f"item without a citation: {item}"
        body = _MARKS.sub("", item).rstrip("。")
        assert any(_compact(body)[:30] in _compact(by_n[n].hit.chunk.text) for n in numbers), item


def _no_sentence_twice(text: str) -> None:
    sentences = [_compact(_MARKS.sub("", s.text)).rstrip("。") for s in split_sentences(text, TUNING)]
    sentences = [s for s in sentences if len(s) >= 8]
    assert len(sentences) == len(set(sentences)), text


# -- fast units: enumerations and answer types (no model) -------------------------------------------------

@pytest.mark.parametrize("text, labels", [
    ("做法如下：一是学习。二是讨论。三是总结。", ["一是", "二是", "三是"]),
    ("步骤\n1. 报名。\n2. 审核。\n3. 公示。\n", ["1.", "2.", "3."]),
    ("第一步，调研。第二步，计划。", ["第一步", "第二步"]),
    ("主要有：（一）甲项工作；（二）乙项工作；（三）丙项工作。", ["（一）", "（二）", "（三）"]),
])
def test_enumerations_of_every_style_keep_labels_in_order(text: str, labels: list[str]) -> None:
    found = [e for e in enumerations(text, TUNING) if len(e.items) == len(labels)]
    assert found, text
    assert [next(lab for lab in labels if it.text.startswith(lab)) for it in found[0].items] == labels


def test_sections_of_a_document_are_not_a_list_and_numbers_must_not_skip() -> None:
    text = "一、总则\n第一段正文。\n第二段正文。\n二、分则\n正文。\n"
    assert not [e for e in enumerations(text, TUNING) if e.style == "cn_comma"]
    assert not enumerations("一是学习。三是总结。", TUNING)  # 1, 3: no run


def test_answer_types_follow_general_question_words() -> None:
    assert ask_type("如何开展主题党日活动？") == "procedure"
    assert ask_type("五步走是哪五步？") == "list"
    assert ask_type("入党要年满多少岁？") == "age"
    assert ask_type("预备期是多长时间？") == "duration"
    assert holds("age", "年满十八岁的中国工人")
    assert not holds("age", "党员应当履行义务")
    # whether a conduct is allowed: a rule that forbids, permits or punishes it
    assert ask_type("我们厂长这么报销，合规吗？") == ask_type("上班时间炒股，能不能？") == "permission"
    assert holds("permission", "不得有下列行为：") and holds("permission", "情节较重的，给予警告或者严重警告处分")
    assert not holds("permission", "受到降职处理的，应当减发当年的绩效薪金")
    # a period named as what an action changes or ends asks no length; named as the topic it does
    assert ask_type("支部应该怎么处理？是取消他的预备党员资格，还是可以延长预备期再观察？") == "procedure"
    assert ask_type("预备期满以后支部要做什么？") != "duration"
    assert ask_type("党的地方各级委员会的任期？") == ask_type("预备党员的预备期？") == "duration"
    # whether a rule has exceptions: a sentence holding one (除…外, 但…, 特殊情况下…)
    assert ask_type("就一点例外都没有吗？") == ask_type("有没有特殊情况可以不参加？") == "exception"
    assert holds("exception", "除执行决定会立即引起严重后果等紧急情况外，必须无条件执行已作出的决定")
    assert not holds("exception", "领导班子成员必须坚决执行党组织决定")
    assert not holds("exception", "遵守纪律没有特权，执行纪律没有例外")  # says there is none
    # which bodies (哪些组织/部门/机构) asks who, not a list: the sentence naming the approving body holds it
    assert ask_type("纪委书记选出来以后，还要经过哪些组织通过和批准？") == "who"
    assert ask_type("这件事要报哪些部门备案？") == "who"
    assert ask_type("党员有哪些权利？") == "list"
    assert holds("who", "并由同级党的委员会通过，报上级党的委员会批准")


def test_the_answer_type_is_read_from_the_clauses_that_ask() -> None:
    # the story told before the question (年龄, 几年 in a statement) asks nothing
    assert ask_type("有个科长快到退休年龄了，想多干几年。他是党员，这事党纪上怎么处理？") == "procedure"
    # nor does a subject named in its own clause (要求)
    assert ask_type("国企领导人员廉洁从业那些要求，对我也适用吗？") == "other"
    # every asking sentence counts
    assert ask_type("上面说的第三条具体指什么？到什么程度要给处分？") == "definition"
    assert ask_type("党员大会多久召开一次") == "duration"
    # whether something may be done asks no number: its 几 is indefinite
    assert ask_type("返点厂领导能不能自己揣兜里，或者班子几个人分了？") == "permission"
    assert ask_type("支部委员会由几个人组成？") == "number"
    # 要求 asked for as a thing, not the verb "to demand"
    assert ask_type("开展“三会一课”有哪些要求？") == "requirement"
    assert ask_type("党员有没有权利要求上级组织给个正式答复？") != "requirement"


# -- real embedder, real Chroma ---------------------------------------------------------------------------

@pytest.mark.slow
def test_procedure_on_the_sample_kb_returns_all_six_steps(samples_service: Service) -> None:
    answer = samples_service.ask("如何开展主题党日活动？")
    assert not answer.refused
    _assert_cited_in_order(answer, [f"{i}. " for i in range(1, 7)])
    for step in ("确定主题", "制定方案", "提前通知", "组织实施", "做好记录", "总结反馈"):
        assert step in answer.text
    _no_sentence_twice(answer.text)


@pytest.mark.slow
def test_a_question_about_one_part_of_a_document_is_not_answered_with_its_list(samples_service: Service) -> None:
    answer = samples_service.ask("开展主题党日有哪些注意事项？")
    assert "形式主义" in answer.text
    assert "确定主题" not in answer.text


@pytest.mark.slow
def test_uploaded_notice_returns_all_five_steps(tmp_path: Path) -> None:
    from ingest.pipeline import Ingestor, collect_files
    from assistant.runtime import open_runtime

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "五步走通知.txt").write_text(NOTICE, encoding="utf-8")
    settings = build_settings(tmp_path / "kb")
    runtime = open_runtime(settings)
    for source in (REPO / "samples", folder):
        report = Ingestor(settings, runtime.store, runtime.embedder).ingest(collect_files([source]), source)
        assert not report.failed
    service = build_service(settings)
    for question in ("党员教育培训五步走是哪五步？", "党员教育培训“五步走”怎么开展？"):
        answer = service.ask(question)
        assert not answer.refused, question
        _assert_cited_in_order(answer, ["第一步", "第二步", "第三步", "第四步", "第五步"])
        assert "32学时" not in answer.text  # the list ends where its last step ends
        _no_sentence_twice(answer.text)


_RULES = ("第九条 车间班组长应当带头遵守安全规程。不得有下列行为：\n（一）酒后上岗；\n（二）擅自拆除防护装置；\n"
          "（三）指使他人违章作业。\n第十条 违反前条规定的，视情节给予批评教育。")


@pytest.mark.parametrize(("item", "expected"), [
    ("（三）指使他人违章作业", "第九条 车间班组长应当带头遵守安全规程。不得有下列行为："),  # the whole line up to the colon
    ("（一）酒后上岗", "第九条 车间班组长应当带头遵守安全规程。不得有下列行为："),
    ("第十条 违反前条规定的", None),  # no list item
])
def test_a_list_item_has_the_line_that_opens_its_list(item: str, expected: str | None) -> None:
    assert lead_in(_RULES, _RULES.index(item), 200) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("第九条 车间班组长", "第九条 车间班组长应当带头遵守安全规程。不得有下列行为："),  # the opening sentence of the line
    ("（一）酒后上岗", None),  # an item: its lead-in is found by lead_in
    ("第十条 违反前条规定的", None),  # its line leads no list in
])
def test_a_sentence_on_the_line_that_opens_a_list_has_that_line(sentence: str, expected: str | None) -> None:
    assert leading_line(_RULES, _RULES.index(sentence), 200) == expected


def test_a_line_ending_in_a_colon_leads_nothing_in_when_no_item_follows_or_it_is_too_long() -> None:
    assert leading_line("第五条 班组应当做到：\n早检查，晚总结。", 0, 200) is None
    assert leading_line(_RULES, 0, 20) is None  # a line longer than allowed


def test_a_long_opening_line_gives_only_its_last_sentence() -> None:
    text = "第三条 " + "甲" * 60 + "。班组应当做到：（一）早检查；（二）晚总结。"
    assert lead_in(text, text.index("（二）"), 40) == "班组应当做到："
    assert lead_in("班组应当做到早检查。（一）早检查", 10, 200) is None  # no colon opens the list


@pytest.mark.slow
@pytest.mark.parametrize(("question", "lead"), [
    ("企业拖欠工资的时候，国企领导还能换新车、装修办公室吗？", "不得有下列行为："),  # 廉洁从业若干规定 第七条（六）
    ("党组织在党员被立案审查期间批准他辞职，会怎么处理？", "有下列行为之一"),  # 纪律处分条例 第一百三十六条（一）
])
def test_an_item_of_a_regulation_list_is_answered_with_what_the_list_is(
        corpus_service: Service, question: str, lead: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    text = answer.text.split("\n\n")[0]
    assert lead in text and text.index(lead) < text.index("（"), text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "opening", "item"), [
    # a story asking whether the conduct is allowed: the article's opening sentence is chosen, and the items of what
    # it forbids follow it, the one about a relative's business among them (廉洁从业若干规定 第七条（三）)
    ("我们厂长招待客人，回回都去他小舅子开的农家乐，钱都从厂里出，国企领导这样做合规吗？",
     "依据有关规定进行职务消费。不得有下列行为：", "（三）在特定关系人经营的场所进行职务消费"),
    # which conducts a sanction names: the items after its lead-in (纪律处分条例 第一百一十八条)
    ("违反会议活动管理规定，具体指哪些行为？", "给予撤销党内职务处分：", "（一）到禁止召开会议的风景名胜区开会"),
])
def test_a_sentence_opening_the_line_of_a_list_is_quoted_with_the_list(
        corpus_service: Service, question: str, opening: str, item: str) -> None:
    text = corpus_service.ask(question).text
    assert opening in text and item in text and text.index(opening) < text.index(item), text


_GRADED = ("第十一条 班组长酒后上岗的，给予通报批评；情节较重的，调离岗位；情节严重的，解除聘用。"
           "已经调离的，依照前款规定处理。")


def test_a_graded_consequence_continues_the_clause_that_names_the_conduct() -> None:
    start = _GRADED.index("情节较重的")
    assert continued(_GRADED, start, 200) == "第十一条 班组长酒后上岗的，给予通报批评；"
    assert continued(_GRADED, _GRADED.index("已经调离的"), 200) is None  # a sentence of its own
    # the clause naming the conduct keeps the whole scale after it, to the end of its sentence only
    assert graded_rest(_GRADED, start, 200) == "情节较重的，调离岗位；情节严重的，解除聘用。"
    assert graded_rest(_GRADED, len(_GRADED), 200) == ""


def test_a_paragraph_applying_the_one_before_is_shown_after_it() -> None:
    text = "第十二条 班组长酒后上岗的，给予通报批评。\n安全员酒后上岗的，依照前款规定处理。"
    assert continued(text, text.index("安全员"), 200) == "第十二条 班组长酒后上岗的，给予通报批评。"
    listed = "第十三条 有下列行为之一的，给予通报批评：\n（一）酒后上岗；\n（二）脱岗。\n擅自换岗的，依照前款规定处理。"
    assert continued(listed, listed.index("擅自"), 200) == "第十三条 有下列行为之一的，给予通报批评：……"


def test_a_paragraph_applying_a_numbered_one_is_shown_after_that_one() -> None:
    text = ("第十四条 有下列行为之一的，给予通报批评；情节严重的，解除聘用：\n（一）酒后上岗；\n（二）脱岗。\n"
            "班组长纵容的，依照前款规定处理。\n安全员擅自换岗的，依照第一款规定处理。")
    assert continued(text, text.index("安全员"), 200) == "第十四条 有下列行为之一的，给予通报批评；情节严重的，解除聘用：……"
    plain = "第十五条 班组长酒后上岗的，给予通报批评。\n安全员纵容的，给予警告。\n队长酒后上岗的，依照本条第一款规定处理。"
    assert continued(plain, plain.index("队长"), 200) == "第十五条 班组长酒后上岗的，给予通报批评。"
    # the article does not open in the passage, or has no such paragraph: nothing is guessed
    assert continued(plain[plain.index("安全员"):], plain[plain.index("安全员"):].index("队长"), 200) is None
    assert continued(plain.replace("第一款", "第三款"), plain.index("队长"), 200) is None


@pytest.mark.slow
@pytest.mark.parametrize(("question", "said", "before"), [
    # the sanction with its whole scale
    ("党员收了别人送的购物卡和红包，会受到什么处分？", ("情节较轻的，给予警告或者严重警告处分；情节较重的", "开除党籍"), None),
    # a paragraph stating its sanction by a numbered paragraph ("依照第一款规定处理") is quoted after that paragraph
    ("违规兼职取酬，现行条例怎么处分？", ("依照第一款规定处理", "情节较轻的，给予警告或者严重警告处分"), ("情节较轻的", "兼职")),
])
def test_a_sanction_is_quoted_with_its_whole_scale(corpus_service: Service, question: str, said: tuple[str, ...],
                                                   before: tuple[str, str] | None) -> None:
    answer = corpus_service.ask(question)
    text = answer.text.split("\n\n")[0]
    assert not answer.refused
    assert all(s in text for s in said), text
    assert before is None or text.index(before[0]) < text.index(before[1]), text


@pytest.mark.slow
def test_a_paragraph_referred_to_is_not_repeated_when_the_answer_already_quotes_it(corpus_service: Service) -> None:
    # 第一百一十五条's lead paragraph is quoted with item (三); its later paragraph "……依照前款规定处理" is shown
    # after it without quoting the lead paragraph's consequence a second time
    text = corpus_service.ask("单位打着考察学习的旗号组织大家出去游山玩水，要担什么责任？").text.split("\n\n")[0]
    assert "借机旅游" in text and "依照前款规定处理" in text, text
    assert text.count("给予开除党籍处分") == 1 and "：……" not in text, text


def test_a_quotation_that_closes_later_on_the_line_is_one_sentence() -> None:
    text = "车间提出“班前讲安全。班中查隐患。班后议得失。”这是做法。\n他说“先试点。\n再推开。"
    sentences = [s.text for s in split_sentences(text, AnswerTuning())]
    assert sentences[:2] == ["车间提出“班前讲安全。班中查隐患。班后议得失。”", "这是做法。"]
    assert sentences[2:] == ["他说“先试点。", "再推开。"]  # a quotation left open on its line joins nothing


@pytest.mark.slow
def test_sentences_of_one_passage_are_quoted_in_its_order(corpus_service: Service) -> None:
    text = corpus_service.ask("统计造假要受什么处分？").text
    assert "第一百三十九条" in text and "失察" in text
    assert text.index("第一百三十九条") < text.index("失察"), text


@pytest.mark.slow
def test_one_item_of_a_list_asked_by_its_ordinal_is_that_item(corpus_service: Service) -> None:
    answer = corpus_service.ask("党章规定的领导干部基本条件，第五项是怎么写的？")
    assert "第 5 项" in answer.text and "（五）" in answer.text and "（四）" not in answer.text, answer.text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "lead", "last_item"), [
    ("年底支部要搞民主评议，书记让大家先对照党章找差距，我想先弄清楚。党章规定党员必须履行哪些义务？", "党员必须履行下列义务", "（八）"),
    ("单位里新来的年轻人刚递交了入党申请书，总问我入党以后能干什么。按照党章，党员享有哪些权利？", "党员享有下列权利", "（八）"),
    ("上级要我们提几位后备干部人选，支委会想先按党章对一对。党章里对领导干部要求具备的基本条件有哪些？",
     "必须具备以下的基本条件", "（六）"),
])
def test_a_story_told_before_a_list_question_does_not_keep_the_list_from_answering(
        corpus_service: Service, question: str, lead: str, last_item: str) -> None:
    # the story's words ("民主评议", "后备干部") are in no list's introduction: the list answers what is asked
    text = corpus_service.ask(question).text
    assert lead in text and "共" in text and last_item in text, text


@pytest.mark.slow
def test_an_item_in_a_later_passage_of_its_article_is_read_with_the_lead_in(corpus_service: Service) -> None:
    # 第三十六条's lead-in ("……必须具备以下的基本条件：") and its item (四) stand in two passages; the item answers
    # what the question asks of the conditions, not the item (一) that shares the lead-in's passage
    text = corpus_service.ask("按党章，领导干部在组织能力和专业知识方面要具备什么条件？").text
    assert "必须具备以下的基本条件" in text and "（四）有强烈的革命事业心" in text and "（一）" not in text, text


@pytest.mark.slow
def test_a_list_introduced_in_an_earlier_passage_cites_where_its_introduction_stands(corpus_service: Service) -> None:
    # 总纲's "党的建设必须坚决实现以下五项基本要求：" ends one passage and its five items start the next: the quoted
    # introduction is cited from its own passage, not left uncited above the items'
    answer = corpus_service.ask("按党章总纲，党的建设必须坚决实现哪几项基本要求？")
    assert "“党的建设必须坚决实现以下五项基本要求”[1]共 5 项" in answer.text, answer.text
    assert "党的建设必须坚决实现以下五项基本要求" in answer.citations[0].hit.chunk.text
    assert "第五，坚持从严管党治党" in answer.text


@pytest.mark.slow
def test_a_question_asking_which_kinds_still_asks_for_a_list_when_read_in_the_documents_words(
        corpus_service: Service) -> None:
    # "几种" is read in the documents' word 种类, but "哪几种" still asks which ones: the answer is the whole list
    text = corpus_service.ask("对党员的纪律处分有哪几种？").text
    assert "共 5 项" in text and "（一）警告" in text and "（五）开除党籍" in text, text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "head", "item", "not_said"), [
    ("党章第三十六条第五项是怎么写的？", "第三十六条第五项", "（五）正确行使人民赋予的权力", "（四）"),
    ("纪律处分条例第十七条第四项是什么？", "第十七条第四项", "（四）主动挽回损失", "（三）"),
])
def test_one_item_of_a_named_article_is_that_item_with_the_lead_in(
        corpus_service: Service, question: str, head: str, item: str, not_said: str) -> None:
    # a trainer quoting one item of an article gets that item under the article's lead-in, not the whole article
    answer = corpus_service.ask(question)
    assert head in answer.text and item in answer.text and not_said not in answer.text, answer.text
    assert len(answer.citations) == 1 and item[:6] in answer.citations[0].hit.chunk.text


def test_adverbs_that_only_count_or_distribute_are_no_words_of_the_question() -> None:
    # "一共", "总共", "分别" ask how many or each; documents rarely say them, so as words they weighed most of all
    tokens = Tokenizer().tokens("现行纪律处分条例一共列了哪几种情形？总共几项？分别是什么？")
    assert not {"一共", "总共", "分别"} & set(tokens), tokens
    assert "情形" in tokens


@pytest.mark.slow
def test_a_short_list_question_after_a_story_is_answered_by_the_list_it_asks_for(corpus_service: Service) -> None:
    # "一共列了哪几种情形？" after a story naming 从轻或者减轻处分: the six grounds of 第十七条, not 第十八条
    answer = corpus_service.ask("审理案件时要逐项核对有没有从轻或者减轻处分的情节。现行纪律处分条例一共列了哪几种情形？")
    assert "可以从轻或者减轻处分”共 6 项" in answer.text, answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == ["第十七条"]


@pytest.mark.slow
def test_an_item_of_a_named_article_asked_by_what_it_is_about_is_that_item(corpus_service: Service) -> None:
    # the 主体责任规定's 第七条 lists eleven duties; asked about the one on 民主集中制, the answer is that one
    answer = corpus_service.ask("主体责任规定第七条，讲民主集中制和干部队伍建设的那一项是怎么写的？")
    assert "（五）坚持民主集中制" in answer.text and "（四）" not in answer.text, answer.text
    assert len(answer.citations) == 1, answer.text


@pytest.mark.slow
def test_a_list_announced_as_what_is_asked_answers_it_over_a_wordier_list(corpus_service: Service) -> None:
    # 条例第四条's principles ("党的纪律处分工作遵循下列原则：") share more of the question's words than 第八条's five
    # kinds (警告；严重警告；……), but only 第八条 is announced as a list of 纪律处分
    answer = corpus_service.ask("党组织可以给党员哪些纪律处分？")
    assert not answer.refused
    assert [label for label in ("警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍") if label in answer.text] == [
        "警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"]
    assert "遵循下列原则" not in answer.text
    assert all(c.hit.chunk.locator == "第八条" for c in answer.citations)
