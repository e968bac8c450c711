"""Everyday wording: 老婆孩子, 购物卡, 考验期 find the passages that say 配偶、子女, 消费卡, 预备期."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lexicon import load_lexicon, parse_lexicon
from assistant.retrieve import Retriever
from assistant.service import Service
from assistant.textnorm import index_form

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_everyday_words_stand_for_the_documents_words() -> None:
    lexicon = load_lexicon()
    terms = lexicon.formal_terms("当官的老婆孩子能不能收别人送的超市卡？")
    assert {"配偶", "子女", "消费卡", "领导干部"} <= set(terms)
    assert "预备期" in lexicon.formal_terms("入党考验期是多久")
    assert "开除党籍" in lexicon.formal_terms("党员犯了事会被开除吗")


def test_a_question_in_the_documents_words_adds_nothing() -> None:
    lexicon = load_lexicon()
    assert lexicon.formal_terms("党员领导干部的配偶、子女可以收受消费卡吗？") == []
    assert lexicon.formal_terms("预备党员的预备期为多长时间？") == []
    assert lexicon.formal_terms("开除党籍的党员多久之内不得重新入党？") == []  # 开除党籍 is already said


def test_longest_everyday_word_wins_and_particles_leave_the_lexical_query() -> None:
    lexicon = load_lexicon()
    assert lexicon.colloquial_words("老婆孩子") == ["老婆孩子"]
    stripped = lexicon.without_fillers("交钱晚了咋办，会怎么样？")
    assert "咋" not in stripped and "怎么样" not in stripped and "交钱" in stripped


@pytest.mark.parametrize(
    ("question", "formal"),
    [
        ("举报了领导以后被穿小鞋怎么办？", "打击报复"),  # 准则, 纪律处分条例 第八十八条
        ("违规拿的钱要吐出来吗？", "清退"),  # 国有企业领导人员廉洁从业若干规定 第二十四条
        ("家属在单位吃空饷算什么问题？", "不实际工作而获取薪酬"),  # 条例 第九十六条
        ("开公车去办私事怎么处理？", "公务交通工具"),  # 条例 第一百一十七条
        ("群众来办事互相踢皮球怎么处分？", "推诿扯皮"),  # 群众纪律 第一百二十六条
        ("在朋友圈造谣会怎样？", "政治谣言"),  # 政治纪律 第五十九条
        ("支部几年一换？", "换届"),  # 党章 第三十一条 任期, 准则 换届
        ("国企老总能不能去职代会？", "职工代表大会"),
        ("纪律处分条例里的党纪处分一共分哪几种？", "种类"),  # 条例 第八条 纪律处分种类
    ],
)
def test_the_regulations_terms_have_everyday_words(question: str, formal: str) -> None:
    assert formal in load_lexicon().formal_terms(question)


def test_vocabulary_file_lines_are_checked() -> None:
    lexicon = parse_lexicon("# comment\n购物卡\t消费卡 礼金\n-\t咋 啥\n")
    assert lexicon.equivalents == {"购物卡": ("消费卡", "礼金")}
    assert set(lexicon.fillers) == {"咋", "啥"}
    with pytest.raises(ValueError, match="line 1"):
        parse_lexicon("购物卡 消费卡\n")


def test_every_entry_names_a_formal_word_other_than_itself() -> None:
    for word, formal in load_lexicon().equivalents.items():
        assert formal and word not in formal, word
        assert len(word) >= 2, word


def test_every_formal_word_is_written_as_the_documents_write_it(corpus_dir: Path) -> None:
    # a formal word the documents never use (公务用车 where they say 公务交通工具) matches no passage
    files = sorted(corpus_dir.glob("*/*.txt")) + sorted(SAMPLES.glob("*.md"))
    documents = index_form("\n".join(path.read_text(encoding="utf-8") for path in files))
    unused = {word: [t for t in formal if t not in documents] for word, formal in load_lexicon().equivalents.items()}
    assert {word: terms for word, terms in unused.items() if terms} == {}


@pytest.mark.slow
def test_colloquial_question_is_answered_from_the_passage_in_formal_words(corpus_service: Service) -> None:
    # 党章 says 预备期, never 考验期
    assert "预备期" in corpus_service.search("入党考验期是多长时间？").hits[0].chunk.text
    answer = corpus_service.ask("入党考验期是多长时间？")
    assert not answer.refused and "一年" in answer.text
    assert any("预备期" in c.hit.chunk.text for c in answer.citations)
    # the regulations say 配偶、子女 and 经商办企业
    hits = corpus_service.search("领导干部的老婆孩子能不能在他管的地方做生意？").hits
    assert any("配偶" in h.chunk.text and "子女" in h.chunk.text for h in hits[:3])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "passage_says"),
    [
        # without the vocabulary none of these passages is among the first five
        ("领导干部借管着的企业的车用，会受什么处分？", "借用管理和服务对象"),
        ("国企领导人员捞到的好处要吐出来吗？", "责令清退"),
        ("办事的时候互相踢皮球，算违反哪条纪律？", "推诿扯皮"),
        ("党员在网上造谣会怎么处理？", "政治谣言"),
        ("纪律处分条例规定的党纪处分有哪几种？", "纪律处分种类"),
        ("民营企业里的党组织要发挥什么作用？", "非公有制经济组织"),
        ("企业领导在自己小舅子开的饭店里招待客户，合规吗？", "特定关系人经营的场所"),
        ("党员没跟组织说就去参加拉横幅的活动，违纪吗？", "未经组织批准参加其他集会"),
        ("有人托关系把自己档案里的出生年月改小了，党纪怎么处理？", "个人档案资料"),
        ("党员一次犯了好几种违纪的事，处分怎么定？", "数种违纪行为"),
        ("党员违纪了，有没有可能不给处分？", "免予党纪处分"),
    ],
)
def test_everyday_words_reach_the_regulations_terms(corpus_service: Service, question: str, passage_says: str) -> None:
    assert any(passage_says in h.chunk.text for h in corpus_service.search(question).hits[:3])


@pytest.mark.slow
@pytest.mark.parametrize(("question", "says", "cited", "not_said"), [
    # the implementing and consequence articles of the same regulation rank close; the answer is the prohibition
    ("我们集团副总让他老婆的公司承包了食堂，国企领导能不能这样安排？",
     "将国有资产委托、租赁、承包给配偶、子女及其他特定关系人经营", None, "第二十三条"),
    # 第二十七条 defines 特定关系人 ("本规定所称…"): it names the people of the story, not what may be done
    ("我们分公司经理请客户吃饭总去他表哥开的饭店，公司买单，国企领导这样合规吗？", "职务消费", ["第七条"], None),
])
def test_a_question_whether_a_leader_may_do_something_is_answered_by_the_provision_on_that_conduct(
        corpus_service: Service, question: str, says: str, cited: list[str] | None, not_said: str | None) -> None:
    answer = corpus_service.ask(question)
    assert says in answer.text
    if cited is not None:
        assert [c.hit.chunk.locator for c in answer.citations] == cited
    if not_said is not None:
        assert not_said not in answer.text


@pytest.mark.slow
def test_question_without_everyday_words_ranks_as_without_the_vocabulary(corpus_service: Service) -> None:
    settings = corpus_service.settings.model_copy(update={"colloquial_lexical_weight": 0.0, "colloquial_drop_fillers": False})
    plain = Retriever(settings, corpus_service.runtime.store, corpus_service.runtime.embedder, corpus_service.tokenizer)
    for question in ["申请入党需要几名入党介绍人？", "党员领导干部违规收受消费卡的，如何处分？"]:
        expected = [(h.chunk.chunk_id, round(h.score, 9)) for h in plain.search(question).hits]
        assert [(h.chunk.chunk_id, round(h.score, 9)) for h in corpus_service.search(question).hits] == expected


def test_answer_composers_read_the_question_in_the_documents_words() -> None:
    lexicon = load_lexicon()
    assert lexicon.formal_reading("刚入党那段考验期有多长？") == "刚入党那段预备期有多长？"
    assert lexicon.formal_reading("黨員的預備期有多長？") == "黨員的預備期有多長？"  # nothing everyday: as written
    # an everyday word inside the formal word the question already says is left alone (not "开除党籍党籍")
    assert lexicon.formal_reading("受到开除党籍处分的人几年内不能重新入党？") == "受到开除党籍处分的人几年内不能重新入党？"
    assert lexicon.formal_reading("被开除出党的人，过几年能再申请？").count("开除党籍") == 1
    # an everyday phrase that asks keeps its question word, followed by the documents' words
    assert lexicon.formal_reading("处分有哪几种？") == "处分有哪几种（种类）？"
