"""Quantity questions (多久/几次/几年): the answer states the quantity asked for, or the assistant refuses
(issue 8, items 3 and 4). Over a tiny knowledge base in real Chroma with the fake embedder; the texts are
written for these tests (not corpus text)."""

from __future__ import annotations

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.service import Service
from assistant.settings import build_settings
from tests.fakes import fake_service, write_documents

GUIDE = ("示例支部换届工作指引\n"
         "一、总体要求\n"
         "支部委员会应当按期进行换届选举，换届选举工作由上级党组织统一指导，不得无故拖延。\n"
         "二、任期\n"
         "支部委员会每届任期三年至五年，届满应当换届。\n")
MEETINGS = ("示例支部会议制度\n"
            "第一条 党支部每月召开一次支部委员会会议，研究支部工作。\n"
            "第二条 党支部每季度召开一次党员大会，听取支部委员会工作报告。\n"
            "第三条 上级党委每年至少听取一次支部书记述职。\n")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    root = tmp_path_factory.mktemp("quantity-kb")
    folder = write_documents(root / "docs", {
        "guide.txt": ({"title": "示例支部换届工作指引", "kind": "article"}, GUIDE),
        "meetings.txt": ({"title": "示例支部会议制度", "kind": "regulation", "status": "in_force"}, MEETINGS),
    })
    settings = build_settings(root / "kb", chunk_min_chars=20, refusal_threshold=0.3)
    return fake_service(settings, folder)


def test_a_duration_question_is_answered_by_the_sentence_stating_the_duration(service: Service) -> None:
    # the sentence covering the question best ("按期进行换届选举") states no duration: the answer is the
    # one that does, not a refusal
    answer = service.ask("支部委员会的换届选举隔多长时间进行？")
    assert not answer.refused, answer.text
    assert "三年至五年" in answer.text


def test_a_count_per_shorter_period_answers_a_question_per_longer_period(service: Service) -> None:
    answer = service.ask("党支部每年召开几次党员大会？")
    assert not answer.refused, answer.text
    assert "每季度召开一次党员大会" in answer.text


def test_a_count_per_longer_period_does_not_answer_a_question_per_shorter_period(service: Service) -> None:
    # "每年至少听取一次" does not tell how often a month: refused rather than answered with the yearly count
    answer = service.ask("上级党委每月听取几次支部书记述职？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE), answer.text


def test_words_no_document_uses_do_not_count_against_the_sentence_stating_the_quantity(service: Service) -> None:
    # "俺们", "旮旯", "咋整" occur in no passage: no sentence could cover them, so the sentence stating the
    # term of office still covers the question's words that the documents can say
    answer = service.ask("俺们旮旯的支部委员会每届任期到底多长时间，咋整？")
    assert not answer.refused, answer.text
    assert "三年至五年" in answer.text


def test_a_quantity_question_about_nothing_the_documents_say_is_still_refused(service: Service) -> None:
    answer = service.ask("俺们食堂每月加餐几次？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE), answer.text


def test_a_share_is_a_quantity() -> None:
    from assistant.answer.refusal import has_quantity

    assert has_quantity("不得超过各自总数的五分之一")
    assert has_quantity("应当有三分之二以上的委员到会")


def test_a_share_of_the_members_answers_how_many_people() -> None:
    from assistant.answer.refusal import asked_units, has_quantity

    units = asked_units("需要经过什么会议、多少人同意才能决定？")
    assert has_quantity("必须由本人所在的委员会全体会议三分之二以上的多数决定", units)
    assert has_quantity("应到会党员过半数同意", units)
    assert not has_quantity("应报上级党组织批准", units)
    assert not has_quantity("每届任期三年至五年", units)  # a number, but no count of people


def test_how_many_must_agree_is_answered_with_the_majority(corpus_service: Service) -> None:
    answer = corpus_service.ask("要给地方党委的委员撤销党内职务或者留党察看，需要经过什么会议、多少人同意才能决定？")
    assert not answer.refused, answer.text
    assert "三分之二以上" in answer.text and any(c.hit.chunk.locator == "第四十二条" for c in answer.citations)


def test_the_askers_pointing_words_are_not_what_the_answer_must_cover(corpus_service: Service) -> None:
    # 我们, 这种, 要是, 这个 point at the asker's case; a provision never says them, so they do not raise the
    # share of the question the answer's sentence must cover
    answer = corpus_service.ask("我们市委有位委员违纪，初步意见是给他留党察看处分。按党章，这种处分要市委全体会议多少人同意才能作出？")
    assert not answer.refused, answer.text
    assert "三分之二以上" in answer.text
    scorer = corpus_service.answerer.sentence_scorer(corpus_service.search("党员").catalogue)
    assert scorer.coverable_share("我们这种处分要多少人同意？") < scorer.coverable_share("党纪处分要多少人同意？")


def test_how_large_a_share_is_answered_with_the_share(corpus_service: Service) -> None:
    answer = corpus_service.ask("党的全国代表会议调整和增选的中央委员最多能占多少？")
    assert not answer.refused
    assert "五分之一" in answer.text


def test_which_year_needs_a_calendar_year() -> None:
    from assistant.answer.refusal import CALENDAR_YEAR, asked_units, has_quantity

    assert asked_units("融合年是从哪一年开始的？") == CALENDAR_YEAR
    assert not has_quantity("阶梯式制订……五年规划", CALENDAR_YEAR)  # a duration is no year
    assert has_quantity("2017年10月24日通过", CALENDAR_YEAR)


def test_which_month_or_day_needs_a_calendar_date() -> None:
    from assistant.answer.refusal import CALENDAR_DATE, asked_units, has_quantity

    assert asked_units("最晚几月底前要报上去？") == CALENDAR_DATE
    assert asked_units("是从哪一天起施行的？") == CALENDAR_DATE
    assert asked_units("预备期是几个月？") != CALENDAR_DATE  # how long, not which month
    assert not has_quantity("每年年初制定年度任务安排", CALENDAR_DATE)  # a period is no date
    assert not has_quantity("预备期为一年，可以延长六个月", CALENDAR_DATE)  # nor is a length
    assert has_quantity("于每年3月底前报告", CALENDAR_DATE)
    assert has_quantity("自2024年1月1日起施行", CALENDAR_DATE)


def test_which_month_is_not_answered_by_a_period(service: Service) -> None:
    # the meeting rules say how often, never in which month: "每季度" is no month
    answer = service.ask("党员大会安排在每年几月份召开？")
    assert answer.refused, answer.text


def test_a_deadline_month_the_provision_never_states_is_refused(corpus_service: Service) -> None:
    # 主体责任规定第十二条: the yearly plan is made 每年年初, and no month is set for reporting it
    answer = corpus_service.ask("主体责任规定要求每年年初制定年度任务安排，最晚几月底前要报给上级党组织？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE), answer.text


def test_a_year_the_knowledge_base_never_states_is_refused(corpus_service: Service) -> None:
    # the 中原油田 article lists its five 融合年 but dates none of them
    answer = corpus_service.ask("中原油田天然气产销厂的“基层党建融合年”是从哪一年开始的？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)


@pytest.mark.slow
@pytest.mark.parametrize(("question", "says"), [
    ("入党介绍人要几名？", "两名"),  # 入党介绍人 is said by its parts: the documents write 介绍人
    ("党的纪律包括几个方面？", "生活纪律"),  # how many members a set has: told by listing them
    ("党员有几项义务？", "共 8 项"),  # every member listed, with their number
])
def test_counted_things_are_answered_by_their_number_or_their_list(corpus_service: Service, question: str,
                                                                   says: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused and says in answer.text, answer.text
