"""Quiz items pasted from knowledge contests: detected, answered with the option the cited passage supports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.answer.quiz import parse_quiz
from assistant.service import Service

REPO = Path(__file__).resolve().parents[1]
ISSUE_ITEM = "“三会一课”中的“一课”指的是（    ）。 A.党课 B.团课 C.业务课 D.安全课"


@pytest.mark.parametrize(
    "text",
    [
        ISSUE_ITEM,
        "“三会一课”中的“一课”指的是（    ）。\nA.党课\nB.团课\nC.业务课\nD.安全课",
        "“三会一课”中的“一课”指的是（  ）A、党课 B、团课 C、业务课 D、安全课",
        "“三会一课”中的“一课”指的是（ ）（A）党课（B）团课（C）业务课（D）安全课",
        "【单选题】“三会一课”中的“一课”指的是____。A．党课 B．团课 C．业务课 D．安全课",
    ],
)
def test_multiple_choice_formats_are_detected(text: str) -> None:
    item = parse_quiz(text)
    assert item is not None
    assert item.options == {"A": "党课", "B": "团课", "C": "业务课", "D": "安全课"}
    assert not item.multiple
    assert "一课" in item.stem and "单选" not in item.stem


def test_multiple_answer_and_fill_in_items_are_detected() -> None:
    multi = parse_quiz("（多选题）“三会”包括（ ）。A.支部党员大会 B.支部委员会会议 C.党小组会 D.职工代表大会")
    assert multi is not None and multi.multiple and len(multi.options) == 4
    blank = parse_quiz("党课可以由支部书记、支部委员或者（    ）讲授。")
    assert blank is not None and blank.options == {}
    assert blank.plain_stem == "党课可以由支部书记、支部委员或者讲授。"


@pytest.mark.parametrize("text", ["如何开展主题党日活动？", "党章第九条是怎么规定的？", "DNA检测A.B.是什么", "党的基层组织（支部）有哪些任务？"])
def test_ordinary_questions_are_not_quiz_items(text: str) -> None:
    assert parse_quiz(text) is None


@pytest.mark.slow
def test_issue_quiz_item_is_answered_with_the_supported_option(samples_service: Service) -> None:
    answer = samples_service.ask(ISSUE_ITEM)
    assert not answer.refused
    assert answer.quiz_choice == "A"
    assert answer.text.startswith("答案：A（党课）")
    assert "“一课”指党课" in answer.text  # the passage is quoted
    assert answer.citations and "“一课”指党课" in answer.citations[0].hit.chunk.text
    assert answer.to_json()["quiz_choice"] == "A"


@pytest.mark.slow
def test_multiple_answer_item_picks_every_supported_option(samples_service: Service) -> None:
    answer = samples_service.ask("“三会一课”中的“三会”包括（    ）。（多选）\nA.支部党员大会\nB.支部委员会会议\nC.党小组会\nD.职工代表大会")
    assert answer.quiz_choice == "ABC"
    assert answer.text.startswith("答案：ABC")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("item", "choice"),
    [("主题党日活动应当至少提前（  ）天通知全体党员。A、一 B、三 C、五 D、七", "B"),
     ("党课可以由支部书记、支部委员或者（    ）讲授。", "党员骨干"),
     ("主题党日活动方案应当报（____）备案。", "上级党组织")],
)
def test_blank_is_filled_from_the_passage(samples_service: Service, item: str, choice: str) -> None:
    answer = samples_service.ask(item)
    assert answer.quiz_choice == choice
    assert not answer.refused and answer.citations


@pytest.mark.slow
def test_no_supported_option_is_said_not_guessed(samples_service: Service) -> None:
    answer = samples_service.ask("主题党日活动应当至少提前（  ）天通知全体党员。A、五 B、七 C、十 D、十五")
    assert answer.refused and answer.quiz_choice is None
    assert answer.text.startswith(REFUSAL_SENTENCE) and "不作猜测" in answer.text
    assert "答案" not in answer.text


@pytest.mark.slow
@pytest.mark.parametrize(("item", "choice"), [
    ("党内政治生活准则要求，解决好世界观、人生观、价值观这个“（    ）”问题。", "总开关"),
    ("党员领导干部不准把分管工作、分管领域和地方当作“（    ）”。", "私人领地"),
])
def test_a_blank_in_quotation_marks_is_filled_not_refused_as_a_missing_term(corpus_service: Service, item: str,
                                                                            choice: str) -> None:
    answer = corpus_service.ask(item)
    assert not answer.refused and answer.quiz_choice == choice, answer.text
    assert "没有找到“（" not in answer.text


@pytest.mark.slow
def test_quiz_over_the_corpus_quotes_the_charter(corpus_service: Service) -> None:
    answer = corpus_service.ask("党的全国代表大会每（    ）年举行一次。A.三 B.四 C.五 D.十")
    assert answer.quiz_choice == "C"
    assert any(c.hit.document.title == "中国共产党章程" for c in answer.citations)


@pytest.mark.slow
@pytest.mark.parametrize(("item", "choice"), [
    ("党员必须履行（ ）项义务。A.六 B.七 C.八 D.九", "C"),  # eight items, over two passages of 第三条
    ("对党员的纪律处分种类有（ ）种。A.三 B.四 C.五 D.六", "C"),
])
def test_a_counting_blank_is_answered_by_the_number_of_items_listed(corpus_service: Service, item: str, choice: str) -> None:
    answer = corpus_service.ask(item)
    assert answer.quiz_choice == choice, answer.text
    assert "原文列出" in answer.text


def test_a_list_of_something_else_is_not_counted(corpus_service: Service) -> None:
    # 第三十六条 also says 义务 but lists 基本条件 (six): it is no answer to how many 义务 there are
    answer = corpus_service.ask("党的各级领导干部必须履行党员的（ ）项义务。A.六 B.七 C.八 D.九")
    assert answer.quiz_choice != "A", answer.text


def test_ask_json_carries_the_quiz_choice(samples_service: Service) -> None:
    proc = subprocess.run([sys.executable, "-m", "assistant", "ask", ISSUE_ITEM, "--data-dir",
                           str(samples_service.settings.data_dir), "--json"],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads([line for line in proc.stdout.splitlines() if line.strip()][-1])
    assert data["quiz_choice"] == "A" and data["refused"] is False


@pytest.mark.slow
@pytest.mark.parametrize(
    ("item", "choice"),
    [
        # the options are the items of the enumeration the matching sentence leads in
        ("对党员的纪律处分种类有（    ）。（多选）A.警告 B.严重警告 C.记过 D.留党察看", "ABD"),
        # a distractor stands in the next sentence of the same passage (反对官僚主义…)
        ("按照党内政治生活准则，反对形式主义重在解决（    ）等问题。（多选）A.文山会海 B.表面文章 C.脱离群众 D.弄虚作假", "ABD"),
        # the same sentence also says 五年内 for another case: the blank's neighbours decide
        ("国有企业领导人员受到免职处理的，（    ）内不得担任国有企业的领导职务。A.一年 B.两年 C.三年 D.五年", "B"),
        # nested options: the term says 三年至五年, which holds option C (五年) too; another article says 五年
        ("党的基层委员会、总支部委员会、支部委员会每届任期（    ）。\nA．两年至三年\nB．三年至五年\nC．五年\nD．四年", "B"),
        # a negative stem: the one option the list leaves out (党章第三条 lists the other three; 参加党的有关会议 is a
        # right, 第四条)
        ("党员的义务不包括（    ）。A.认真学习马克思列宁主义 B.参加党的有关会议 C.密切联系群众 D.发扬社会主义新风尚", "B"),
        ("对党员的纪律处分不包括（    ）。A.警告 B.留党察看 C.开除党籍 D.罚款", "D"),
    ],
)
def test_corpus_quiz_items_with_lists_and_distractors(corpus_service: Service, item: str, choice: str) -> None:
    answer = corpus_service.ask(item)
    assert answer.quiz_choice == choice
    assert answer.citations


@pytest.mark.parametrize(("stem", "fill"), [
    ("党的最高领导机关，是党的（    ）和它所产生的（    ）。", "全国代表大会；中央委员会"),
    ("党员必须参加（    ）、党小组会和上（    ）。", "党员大会；党课"),
    ("预备党员的预备期为（    ）。", "一年"),  # the stem's own 为 is no part of what fills the blank
    # a blank before a comma: the sentence's comma is no part of what fills it ("政治纪律和政治规矩，")
    ("党员要自觉遵守党的纪律，首先是党的（    ），模范遵守国家的法律法规。", "政治纪律和政治规矩"),
])
def test_every_blank_of_a_fill_in_item_is_filled_from_the_sentence(corpus_service: Service, stem: str,
                                                                    fill: str) -> None:
    answer = corpus_service.ask(stem)
    assert not answer.refused and answer.quiz_choice == fill, answer.text


@pytest.mark.slow
def test_the_issue_quiz_item_is_answered_over_the_corpus_from_the_sentence_explaining_the_term(
        corpus_service: Service) -> None:
    # 若干准则 says "坚持“三会一课”制度。" and explains it in the next sentence ("……党小组会和上党课")
    answer = corpus_service.ask("“三会一课”中的“一课”指的是（    ）。A.党课 B.团课 C.业务课 D.安全课")
    assert answer.quiz_choice == "A"
    assert "上党课" in answer.text
    assert any(c.hit.document.title == "关于新形势下党内政治生活的若干准则" for c in answer.citations)


@pytest.mark.slow
def test_a_negative_stem_is_not_answered_with_an_option_the_text_says(corpus_service: Service) -> None:
    # the text says only 党小组会 among the options: that is one of the 三会, never the answer to 不包括
    answer = corpus_service.ask("“三会一课”中的“三会”不包括（    ）。A.支部党员大会 B.支委会 C.党小组会 D.职工代表大会")
    assert answer.quiz_choice != "C"
