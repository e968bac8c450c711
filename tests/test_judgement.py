"""True/false items (判断题): detected, judged against the provision they copy, never guessed."""

from __future__ import annotations

import pytest

from assistant.answer.judgement import Verdict, parse_judgement, verdict
from assistant.answer.quiz import parse_quiz
from assistant.service import Service

TERM = "第十二条 示例协会的理事会、常务理事会、监事会每届任期三年至五年。"  # written for the tests, as the texts below


@pytest.mark.parametrize(
    "text",
    [
        "判断题：预备党员的预备期为一年。（  ）",
        "预备党员的预备期为一年。（ ）",
        "【判断题】预备党员的预备期为一年。",
        "判断对错：预备党员的预备期为一年。",
        "判断下列说法是否正确：预备党员的预备期为一年",
        "预备党员的预备期为一年。（对的打√，错的打×）（ ）",
        "预备党员的预备期为一年。（对/错）",
        "预备党员的预备期为一年（√/×）",
        "预备党员的预备期为一年。（正确/错误）",
    ],
)
def test_true_false_items_are_detected_with_their_statement(text: str) -> None:
    statement = parse_judgement(text)
    assert statement is not None and statement.text.rstrip("。") == "预备党员的预备期为一年"


@pytest.mark.parametrize("text", ["党的最高领导机关是（    ）。", "预备党员的预备期为（ ）年。", "如何开展主题党日活动？",
                                  "【判断题】下列说法正确的是。（ ）A.预备期为一年 B.预备期为两年"])
def test_blanks_inside_a_sentence_and_questions_are_not_true_false_items(text: str) -> None:
    assert parse_judgement(text) is None


def test_a_fill_in_item_stays_a_fill_in_item() -> None:
    assert parse_quiz("党的最高领导机关是（    ）。") is not None


@pytest.mark.parametrize(
    ("statement", "sentence", "true", "said", "source"),
    [
        ("预备党员的预备期为一年", "第七条 预备党员的预备期为一年。", True, "", ""),
        ("预备党员的预备期为两年", "第七条 预备党员的预备期为一年。", False, "两年", "一年"),
        ("示例协会的理事会每届任期五年", TERM, False, "", "三年至五年"),  # a range cut to one end
        ("凡是成立新的兴趣小组，必须由同级工会决定", "凡是成立新的兴趣小组，或是撤销原有的兴趣小组，必须由上级工会决定。", False, "同级", "上级"),
        ("党员领导干部可以在企业兼职", "党员领导干部不得在企业兼职。", False, "可以在", "不得在"),
        # an obligation modal of the statement's own choosing is no difference
        ("领导班子成员分工应当向上级党委报备", "领导班子成员分工按规定向上级党委报备，未报备不得调整。", True, "", ""),
    ],
)
def test_statements_are_judged_against_the_sentence(statement: str, sentence: str, true: bool, said: str, source: str) -> None:
    found = verdict(statement, sentence, 6, 0.7, 4, 1)
    assert found is not None
    assert (found.true, found.said, found.source) == (true, said, source)


def test_the_subject_may_come_from_the_passage() -> None:
    passage = ("第二十五条 示例公司的经理违反本办法受到降职处理的，两年内不得担任原职务。\n"
               "受到免职处理的，两年内不得担任本公司的管理职务。")
    found = verdict("示例公司的经理受到免职处理的，三年内不得担任本公司的管理职务",
                    "受到免职处理的，两年内不得担任本公司的管理职务。", 6, 0.7, 4, 1, passage)
    assert found is not None and (found.true, found.said, found.source) == (False, "三年", "两年")


def test_a_phrase_changed_around_a_character_in_common_is_one_change() -> None:
    sentence = "示例协会的省级分会实行巡访制度，市级分会建立巡查制度。"
    found = verdict("示例协会的市级分会实行巡访制度", "市级分会建立巡查制度。", 6, 0.7, 4, 1, sentence)
    assert found is not None and (found.true, found.said, found.source) == (False, "实行巡访制", "建立巡查制")
    assert verdict("示例协会的市级分会实行巡访制度", "市级分会建立巡查制度。", 6, 0.7, 4, 0, sentence) is None


def test_a_clause_spelling_out_what_the_provision_points_at_is_no_difference() -> None:
    passage = ("第十九条 对长期不参加活动的会员，应当区别情况作出处理：\n（一）有严重违规行为，应当予以开除的，理事会作出决定；\n"
               "（二）除前项规定的情况外，连续一年不参加活动的，理事会应当劝其退会。")
    sentence = "（二）除前项规定的情况外，连续一年不参加活动的，理事会应当劝其退会。"
    spelled = "长期不参加活动的会员，除有严重违规行为应当予以开除的情形外，连续{}不参加活动的，理事会应当劝其退会"
    assert verdict(spelled.format("一年"), sentence, 6, 0.7, 4, 1, passage) == Verdict(True)
    found = verdict(spelled.format("两年"), sentence, 6, 0.7, 4, 1, passage)
    assert found is not None and (found.true, found.said, found.source) == (False, "两年", "一年")
    # a clause the passage does not say is a claim of the statement's own, not the reference spelled out
    assert verdict("长期不参加活动的会员，除已经缴清会费的情形外，连续两年不参加活动的，理事会应当劝其退会",
                   sentence, 6, 0.7, 4, 1, passage) is None


@pytest.mark.parametrize(
    ("statement", "sentence"),
    [
        ("党支部应当每年召开一次组织生活会", "组织生活会一般每年召开1次。"),  # reordered: a paraphrase, not judged
        ("会员在处罚期内又受到处罚的，其处罚期为两次处罚期中较长者",
         "会员在处罚期内又受到处罚的，其处罚期为原处罚尚未执行的期限与新处罚期限之和。"),
        ("国有企业应当建立职工代表大会制度", "党的纪律主要包括政治纪律、组织纪律。"),
    ],
)
def test_no_verdict_where_the_sentence_does_not_decide(statement: str, sentence: str) -> None:
    assert verdict(statement, sentence, 6, 0.7, 4, 1) is None


def test_an_opening_that_names_where_the_rule_is_written_is_no_claim() -> None:
    sentence = "第八条 廉洁齐家，自觉带头树立良好家风。"
    assert verdict("党员领导干部廉洁自律规范要求廉洁齐家，自觉带头树立良好家风", sentence, 6, 0.7, 4, 1) == Verdict(True)
    found = verdict("党员领导干部廉洁自律规范要求廉洁齐家，自觉带头树立良好作风", sentence, 6, 0.7, 4, 1)
    assert found == Verdict(False, "作风", "家风")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("item", "choice", "words"),
    [
        ("判断题：预备党员的预备期为一年。（  ）", "对", "预备期为一年"),
        ("国有企业领导人员受到免职处理的，三年内不得担任国有企业的领导职务。（  ）", "错", "两年内"),
        ("【判断题】党的基层委员会每届任期五年。", "错", "三年至五年"),
        # 第三十七条（二）says "除前项规定的情况外": the statement spells the 前项 out
        ("判断题：按照党章，党的市（地、州、盟）和县（市、区、旗）委员会实行巡视制度。（  ）", "错", "建立巡察制度"),
        ("判断题：违纪后下落不明的党员，除应当开除党籍的情形外，下落不明时间超过一年的，党组织应当按照党章规定予以除名。（ ）",
         "错", "六个月"),
    ],
)
def test_true_false_items_over_the_corpus(corpus_service: Service, item: str, choice: str, words: str) -> None:
    answer = corpus_service.ask(item)
    assert answer.quiz_choice == choice, answer.text
    assert answer.text.startswith("判断：正确" if choice == "对" else "判断：错误")
    assert words in answer.text and words in answer.citations[0].hit.chunk.text


@pytest.mark.slow
def test_a_statement_no_passage_decides_gets_no_verdict(corpus_service: Service) -> None:
    answer = corpus_service.ask("判断题：党员每个月必须参加两次志愿服务活动。（  ）")
    assert answer.refused and answer.quiz_choice is None
    assert "不作猜测" in answer.text
