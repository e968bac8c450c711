"""Follow-up questions understood from the conversation (rules in default mode)."""

from __future__ import annotations

import pytest

from assistant.answer.followup import (
    needs_context, own_content_words, referred_item, refers_back, rewrite_followup, subject_of,
)
from assistant.answer.ordinals import opens_item
from assistant.service import Service
from assistant.settings import build_settings
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning
from tests.fakes import fake_service, write_documents

TUNING = AnswerTuning()
TITLES = ["中国共产党章程", "中国共产党纪律处分条例", "中国共产党廉洁自律准则", "国有企业领导人员廉洁从业若干规定"]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def _history(question: str, answer: str = "（回答）") -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("党章第九条是怎么规定的？", "第十条呢？", "党章第十条是怎么规定的？"),
        ("廉洁自律准则第五条是什么？", "第六条呢？", "廉洁自律准则第六条是什么？"),
        ("2018年版纪律处分条例第十条是怎么规定的？", "这个规定现在还有效吗？", "2018年版纪律处分条例第十条现在还有效吗？"),
        # "这个规定" after a question naming a document (and no article) is that document, not the question's opening
        ("《中国共产党廉洁自律准则》当初为什么要制定？", "这个规定对普通党员提了哪些要求？",
         "《中国共产党廉洁自律准则》对普通党员提了哪些要求？"),
        ("党员领导干部需要参加民主生活会吗？", "那党小组会呢？", "党员领导干部需要参加党小组会吗？"),
        ("党员大会多久召开一次？", "那支部委员会呢？", "支部委员会多久召开一次？"),
        # the sibling replaces the whole phrase holding it
        ("廉洁自律准则对党员领导干部有什么要求？", "那普通党员呢？", "廉洁自律准则对普通党员有什么要求？"),
        # kinds joined in a coordination are replaced as one, never inside a longer word ("总基层委员会")
        ("党的总支部委员会和支部委员会由什么会议选举产生？", "那基层委员会呢？", "党的基层委员会由什么会议选举产生？"),
        # no sibling: the previous question's document, the new topic, its predicate
        ("党章对预备党员的预备期是怎么规定的？", "那入党誓词呢？", "《中国共产党章程》入党誓词是怎么规定的？"),
        # another version of what was just asked
        ("纪律处分条例2023年版第十三条是怎么规定的？", "2018年版也是这样规定的吗？", "纪律处分条例2018年版第十三条是怎么规定的？"),
        # another document and nothing else: the previous question asked of it
        ("党章有几章？", "纪律处分条例呢？", "纪律处分条例有几章？"),
        ("《中国共产党章程》对党员的义务怎么规定的？", "那廉洁自律准则里呢？", "廉洁自律准则对党员的义务怎么规定的？"),
        # another document with a question of its own stays as asked
        ("党章有几章？", "纪律处分条例的第八章呢？", "纪律处分条例的第八章呢？"),
    ],
)
def test_rules_rewrite_follow_ups(tokenizer: Tokenizer, previous: str, question: str, expected: str) -> None:
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == expected


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        # "additionally": what else is asked of a sibling is the previous question asked of it
        ("廉洁自律准则对全体党员提了哪些要求？", "当领导干部的，还另外有要求吗？", "廉洁自律准则对全体领导干部提了哪些要求？"),
        # the classical demonstrative 此 points at what the previous question asked about
        ("国企领导人员离职或者退休以后，去别的企业任职有什么限制？", "企业这边要为此建立什么制度来约束吗？",
         "国企领导人员离职或者退休以后，去别的企业任职有什么限制，企业这边要为此建立什么制度来约束吗？"),
        # additive, but asking something else of its own (义务, not the previous 权利): no replacement
        ("党员有哪些权利？", "预备党员另外还有什么义务吗？", "预备党员另外还有什么义务吗？"),
        # a version named without its year, and nothing else asked: the previous question of that version
        ("现行纪律处分条例对违反办公用房管理规定是怎么处分的？", "旧版是怎么写的？", "旧版纪律处分条例对违反办公用房管理规定是怎么处分的？"),
        # a hypothetical: the previous question under that condition
        ("下级党组织觉得上级的决定不符合本地实际，能怎么办？", "上级不同意改的话呢？",
         "下级党组织觉得上级的决定不符合本地实际，能怎么办，上级不同意改的话？"),
        # why: the reason for the whole previous proposition, not for its opening noun
        ("潍坊烟草那篇文章里，党支部书记由谁来担任？", "为什么要这样安排？", "潍坊烟草那篇文章里，党支部书记由谁来担任，为什么要这样安排？"),
        # "那X里的Y呢？也是…吗？": the elliptical clause first, its sibling word swapped into the previous question
        ("国有企业里的党组织在企业中起什么作用？", "那民营企业里的党组织呢？也是这么定位的吗？", "民营企业里的党组织在企业中起什么作用？"),
        # 这方面 points at what the previous question asked about
        ("党内政治生活准则对开展批评和自我批评有什么要求？", "对领导干部，这方面有没有更高的要求？",
         "党内政治生活准则对开展批评和自我批评有什么要求，对领导干部，这方面有没有更高的要求？"),
    ],
)
def test_elliptical_follow_ups_of_many_forms_are_read_with_the_previous_question(tokenizer: Tokenizer, previous: str, question: str, expected: str) -> None:
    assert needs_context(question, TITLES, tokenizer, previous)
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == expected


def test_the_older_version_follow_up_is_answered_from_the_older_version(corpus_service: Service) -> None:
    previous = "现行纪律处分条例对违反办公用房管理规定是怎么处分的？"
    answer = corpus_service.ask("旧版是怎么写的？", _history(previous, corpus_service.ask(previous).text))
    assert not answer.refused
    assert answer.citations[0].hit.chunk.locator == "第一百零九条"
    assert answer.citations[0].hit.document.meta.status == "superseded"


def test_this_article_after_an_older_version_answer_is_placed_in_the_version_in_force(corpus_service: Service) -> None:
    # "这条" is the article the previous answer gave, in the version the previous question named: asking whether it
    # still holds gets it and its counterpart in force, not the old version's commencement clause
    previous = "2018年版纪律处分条例里，对违规收送礼品礼金怎么处分？"
    history = _history(previous, "2018年版第八十八条规定：收受可能影响公正执行公务的礼品、礼金、消费卡等的，给予警告或者严重警告处分。")
    answer = corpus_service.ask("这条现在还管用吗？", history)
    assert not answer.refused
    cited = {(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations}
    assert ("superseded", "第八十八条") in cited and any(status == "in_force" for status, _ in cited), cited
    assert "施行" not in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("2018年版第八十八条规定：收受……礼品的，给予警告处分。", "旧版纪律处分条例第八十八条现在还有效吗？"),
        # two articles given: which one "这条" is cannot be told, so the previous question stands for it
        ("2018年版第八十八条和第九十条都有规定。", "旧版纪律处分条例里，对收受礼品现在还有效吗？"),
    ],
)
def test_this_article_is_the_one_article_the_previous_answer_gave(tokenizer: Tokenizer, answer: str, expected: str) -> None:
    history = _history("旧版纪律处分条例里，对收受礼品怎么处分？", answer)
    assert rewrite_followup("这条现在还有效吗？", history, TITLES, tokenizer, TUNING) == expected
    # asking about a part of it keeps the previous question's words, which choose the sentence in the article
    assert "第八十八条" not in rewrite_followup("这一条里，送礼的人呢？", history, TITLES, tokenizer, TUNING)


def test_this_article_asked_of_the_other_version_is_the_article_given_in_the_version_named(
        tokenizer: Tokenizer, corpus_service: Service) -> None:
    # the clause naming the document names the version, not the story told before it
    previous = "厂里该公开的党务一直捂着不公开，现行纪律处分条例怎么处分？"
    history = _history(previous, "现行条例第一百二十八条：不按规定公开党务、政务、厂务……情节较重的给予警告或者严重警告处分。")
    question = "这条在旧版里是第几条？"
    assert rewrite_followup(question, history, TITLES, tokenizer, TUNING) == "现行纪律处分条例第一百二十八条在旧版里是第几条？"
    answer = corpus_service.ask(question, history)
    assert "第一百一十九条" in answer.text.split("\n")[0], answer.text


def test_asking_where_the_previous_answer_comes_from_searches_its_words(tokenizer: Tokenizer) -> None:
    answer = "要开展有针对性的教育培训，强化政治教育和政治训练[1]。\n\n注意：[1] 出自……"
    rewritten = rewrite_followup("出处？第几条？", _history("党委要怎样提高领导干部的能力？", answer), TITLES, tokenizer, TUNING)
    assert rewritten == "要开展有针对性的教育培训，强化政治教育和政治训练，出自哪一条？"
    # naming something of its own, it is no question about the previous answer
    assert "教育培训" not in rewrite_followup("入党誓词出自党章第几条？", _history("党委要怎样提高领导干部的能力？", answer),
                                          TITLES, tokenizer, TUNING)


def test_this_part_is_the_part_the_previous_answer_named_by_its_quoted_name(tokenizer: Tokenizer) -> None:
    previous = "党课讲稿里说，党建和生产经营“两张皮”怎么解决？"
    named = _history(previous, "讲稿第三部分“三是坚持融合发展”提出：立足企业实际，比如开展“党员先锋岗”实践活动。")
    rewritten = rewrite_followup("这一点最后说，要推动基层党组织从什么覆盖走向什么覆盖？", named, TITLES, tokenizer, TUNING)
    assert "“三是坚持融合发展”最后说" in rewritten and "这一点" not in rewritten, rewritten
    # a quoted term ("三重一大") names no part
    term = _history(previous, "讲稿说要严格遵守“三重一大”决策制度。")
    rewritten = rewrite_followup("这一点最后说，要推动基层党组织从什么覆盖走向什么覆盖？", term, TITLES, tokenizer, TUNING)
    assert "“三重一大”最后说" not in rewritten, rewritten


@pytest.mark.slow
@pytest.mark.parametrize(("question", "opening"), [("第五项具体讲了些什么？", "第五，坚持从严管党治党"),
                                                   ("那第三项呢？具体怎么说？", "第三，坚持全心全意为人民服务")])
def test_an_item_labelled_in_running_text_is_answered_from_the_passage_it_opens(
        corpus_service: Service, question: str, opening: str) -> None:
    # 党章总纲 labels its five requirements "第一，…" to "第五，…" in running text, not as headings: the passage that
    # opens with the item pointed at answers, not a passage that only shares its words with the previous question
    history = _history("党章总纲里说党的建设必须实现哪几项基本要求？",
                       "总纲列了五项：一是坚持党的基本路线；二是坚持解放思想、实事求是、与时俱进、求真务实；"
                       "三是坚持全心全意为人民服务；四是坚持民主集中制；五是坚持从严管党治党。")
    answer = corpus_service.ask(question, history)
    assert not answer.refused and answer.citations[0].hit.chunk.text.lstrip().startswith(opening), answer.text


@pytest.mark.parametrize(("text", "item", "opens"), [
    ("第五，坚持从严管党治党。全面从严治党永远在路上。", "坚持从严管党治党", True),
    ("（二）服务员工，有纽带。车间党支部……", "服务员工", True),
    ("要坚持从严管党治党，把严的标准贯穿全过程。", "坚持从严管党治党", False),  # no label: a mention, not the item
    ("第五，坚持从严管党治党。", "五", False),  # too short to name an item
])
def test_a_passage_opens_an_item_only_with_its_label_before_it(text: str, item: str, opens: bool) -> None:
    assert opens_item(text, item) is opens


@pytest.mark.slow
def test_this_part_is_answered_from_the_passage_the_previous_answer_named(corpus_service: Service) -> None:
    history = _history("那篇强化支部建设的党课讲稿说，怎么解决党建和生产经营“两张皮”的问题？",
                       "讲稿第三部分“三是坚持融合发展”提出：立足企业实际，围绕中心工作、服务生产经营，比如聚焦生产经营难点"
                       "开展“党员先锋岗”实践活动，聚焦工作绩效开展党建考核。")
    answer = corpus_service.ask("这一点最后说，要推动基层党组织从什么覆盖走向什么覆盖？", history)
    assert not answer.refused and "有效覆盖" in answer.text, answer.text
    assert answer.citations[0].hit.chunk.locator == "三、三是"


@pytest.mark.slow
@pytest.mark.parametrize(("question", "part"), [("第一点具体指什么？", "三.（二）1."), ("第四点是怎么做的？", "三.（二）4.")])
def test_an_item_of_the_previous_answer_is_answered_from_the_part_headed_by_it(corpus_service: Service, question: str,
                                                                               part: str) -> None:
    # the previous answer lists the four items in one sentence, parted by semicolons; each item heads its own
    # part of the article, which is what "第N点具体指什么" asks for (not the overview listing all four again)
    history = _history("什邡卷烟厂的文章里，动力车间党支部的“四有”服务体系指的是什么？",
                       "文章说要做到“服务生产，有机制；服务员工，有纽带；服务党员，有平台；服务社会，有举措”。")
    answer = corpus_service.ask(question, history)
    assert not answer.refused, answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == [part]


@pytest.mark.slow
def test_the_source_of_an_answer_is_found_in_the_corpus(corpus_service: Service) -> None:
    history = _history("党委要怎样提高领导干部落实全面从严治党责任的能力？",
                       "要开展有针对性的教育培训，强化政治教育和政治训练。")
    answer = corpus_service.ask("出处？第几条？", history)
    assert not answer.refused
    assert answer.citations[0].hit.chunk.locator == "第十八条"


def test_a_follow_up_pointing_back_past_the_last_turn_continues_the_earlier_question(tokenizer: Tokenizer) -> None:
    history = [{"role": "user", "content": "组织给党员作处分决定之前，本人能不能看到依据的材料？"},
               {"role": "assistant", "content": "（回答）"},
               {"role": "user", "content": "党员的党龄从什么时候算起？"},
               {"role": "assistant", "content": "（回答）"}]
    rewritten = rewrite_followup("回到刚才处分那个，能申诉吗？", history, TITLES, tokenizer, TUNING)
    assert rewritten.startswith("组织给党员作处分决定之前")
    # without a word pointing back, the last question is the one continued
    assert rewrite_followup("能申诉吗？", history, TITLES, tokenizer, TUNING).startswith("党员的党龄")


def test_an_opening_discourse_word_does_not_make_a_question_elliptical(tokenizer: Tokenizer) -> None:
    assert not needs_context("另外想请教：企业团委书记如果是党员，能不能列席企业党委的会议？", TITLES, tokenizer)
    assert not needs_context("还有个问题，党员的党龄从什么时候算起？", TITLES, tokenizer)
    assert needs_context("另外还有什么要求？", TITLES, tokenizer)  # nothing of its own after the opening word


def test_an_ordinal_after_a_pointer_without_de_is_an_item_reference(tokenizer: Tokenizer) -> None:
    history = _history("示范支部采取了哪些措施？", "1. 建立党员台账。\n2. 定期谈心谈话。\n3. 开展结对帮扶。")
    item = referred_item("上面第一点，效果怎么样？", history, tokenizer)
    assert item is not None and item.item == "建立党员台账"


@pytest.mark.parametrize(("previous", "question", "rewritten"), [
    ("2018年版纪律处分条例第九十四条讲的是什么？", "新条例里对应哪一条？", "2018年版纪律处分条例第九十四条，新条例里对应哪一条？"),
    ("现行纪律处分条例第一百零三条是怎么规定的？", "跟旧版比有什么变化？", "现行纪律处分条例第一百零三条，跟旧版比有什么变化？"),
    ("纪律处分条例对搞权色交易怎么处分？", "那旧条例是第几条？", "纪律处分条例对搞权色交易，旧条例是第几条？"),
])
def test_where_the_provision_stands_in_another_version_continues_the_conversation(
        tokenizer: Tokenizer, previous: str, question: str, rewritten: str) -> None:
    # a version word and "对应/第几条/变化" are no subject of the follow-up's own; "第几条" is not which article
    # said the previous answer
    history = _history(previous, "第一百二十条 搞权色交易或者给予财物搞钱色交易的，给予警告或者严重警告处分……")
    assert needs_context(question, TITLES, tokenizer)
    assert rewrite_followup(question, history, TITLES, tokenizer, TUNING) == rewritten
    # a question of its own about another version stands alone
    assert not needs_context("新条例对违规兼职取酬是怎么规定的？", TITLES, tokenizer)


@pytest.mark.slow
def test_whether_the_older_version_had_the_provision_compares_the_two(corpus_service: Service) -> None:
    first = corpus_service.ask("现行纪律处分条例对违规借用办公用房怎么处分？")
    history = _history("现行纪律处分条例对违规借用办公用房怎么处分？", first.text.split("\n\n")[0])
    answer = corpus_service.ask("旧版有这个规定吗？", history=history)
    cited = {(c.hit.document.meta.status, c.hit.chunk.locator) for c in answer.citations}
    assert {("in_force", "第一百一十九条"), ("superseded", "第一百零九条")} <= cited, answer.text


@pytest.mark.slow
def test_which_article_a_provision_is_in_the_older_version_is_answered_from_it(corpus_service: Service) -> None:
    first = corpus_service.ask("纪律处分条例对搞权色交易怎么处分？")
    history = _history("纪律处分条例对搞权色交易怎么处分？", first.text.split("\n\n")[0])
    answer = corpus_service.ask("那旧条例是第几条？", history=history)
    cited = answer.citations[0].hit
    assert cited.document.meta.status == "superseded" and cited.chunk.locator == "第一百一十条", answer.text


@pytest.mark.parametrize(("previous", "rewritten"), [
    ("廉洁自律准则对党员领导干部管好家里人有什么要求？", "纪律处分条例对党员领导干部管好家里人有什么要求？"),
    ("党员领导干部管好家里人有什么要求？", "纪律处分条例里，党员领导干部管好家里人有什么要求？"),
])
def test_whether_another_document_has_a_like_provision_asks_the_previous_question_of_it(
        tokenizer: Tokenizer, previous: str, rewritten: str) -> None:
    for question in ("纪律处分条例里有对应的处分条款吗？", "纪律处分条例里有类似的规定吗？"):
        assert needs_context(question, TITLES, tokenizer)
        assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == rewritten
    # a provision of its own named in that document is no such question
    assert not needs_context("纪律处分条例里有对违规兼职的处分条款吗？", TITLES, tokenizer)


def test_a_condition_followed_by_its_own_ask_is_the_previous_question_under_that_condition(
        tokenizer: Tokenizer) -> None:
    history = _history("党员可以信仰宗教吗？", "不可以，党员不准信仰宗教。")
    assert rewrite_followup("要是已经信了呢？具体怎么处分？", history, TITLES, tokenizer, TUNING) == \
        "党员可以信仰宗教吗，要是已经信了，具体怎么处分？"
    # the condition alone still asks the previous question under it
    assert rewrite_followup("如果已经信了呢？", history, TITLES, tokenizer, TUNING) == "党员可以信仰宗教吗，如果已经信了？"


@pytest.mark.slow
def test_a_condition_follow_up_asking_the_sanction_is_answered_from_it(corpus_service: Service) -> None:
    history = _history("党员可以信仰宗教吗？", "不可以。若干准则规定，党员不准信仰宗教。")
    answer = corpus_service.ask("要是已经信了呢？具体怎么处分？", history=history)
    assert "第六十九条" in [c.hit.chunk.locator for c in answer.citations], answer.text


def test_the_everyday_first_one_is_the_first_item(tokenizer: Tokenizer) -> None:
    history = _history("那篇文章说融合存在哪些“不到位”？", "文章指出三个方面：思想上融合不到位、业务上融合不到位、考核上融合不到位。")
    item = referred_item("头一个具体是什么表现？根子出在哪？", history, tokenizer)
    assert item is not None and item.item == "思想上融合不到位"
    assert referred_item("头一点呢？", history, tokenizer).item == "思想上融合不到位"


def test_an_ordinal_in_tiao_after_an_answer_counting_its_items_in_tiao_is_an_item(tokenizer: Tokenizer) -> None:
    history = _history("那篇文章总结了哪几条经验？", "三条：一是班前讲安全，二是班中查隐患，三是班后议得失。")
    item = referred_item("第二条具体怎么做？", history, tokenizer)
    assert item is not None and "班中查隐患" in item.item
    # counted otherwise (三个方面), 第二条 stays an article number
    other = _history("那篇文章总结了哪几方面经验？", "三个方面：一是班前讲安全，二是班中查隐患，三是班后议得失。")
    assert referred_item("第二条具体怎么做？", other, tokenizer) is None


def test_an_ordinal_after_a_why_and_items_counted_before_a_colon_between_commas(tokenizer: Tokenizer) -> None:
    history = _history("那篇文章说推进融合是哪几方面的需要？", "文章讲了三点：统一思想，夯实基础，提升效益。")
    item = referred_item("为什么说第二个是迫切需要？", history, tokenizer)
    assert item is not None and item.item == "夯实基础"
    # commas without a count before the colon are one sentence's clauses, not a list
    plain = _history("那篇文章怎么说的？", "文章说：要统一思想，夯实基础，提升效益。")
    assert referred_item("为什么说第二个是迫切需要？", plain, tokenizer) is None


def test_each_other_is_no_reference_back(tokenizer: Tokenizer) -> None:
    # 彼此 (each other) holds 此 but points at nothing said before
    assert not needs_context("党员彼此之间应当怎样开展批评和自我批评？", TITLES, tokenizer, "党章第九条是怎么规定的？")


def test_a_pronoun_for_people_named_before_continues_the_previous_question(tokenizer: Tokenizer) -> None:
    history = _history("国企领导人员能不能到别的企业去兼职当领导？")
    rewritten = rewrite_followup("经过批准兼了职的，他们能在那边拿报酬吗？", history, TITLES, tokenizer, TUNING)
    assert rewritten.startswith("国企领导人员") and rewritten.endswith("他们能在那边拿报酬吗？")


def test_a_case_of_its_own_after_that_keeps_only_the_previous_document(tokenizer: Tokenizer) -> None:
    history = _history("纪律处分条例里“从轻处分”和“减轻处分”有什么区别？")
    rewritten = rewrite_followup("那一个人同时犯了好几样违纪的事呢？处分怎么算？", history, TITLES, tokenizer, TUNING)
    assert rewritten.startswith("《中国共产党纪律处分条例》") and "从轻处分" not in rewritten
    # pointing back ("这个…"), the previous question's terms stay
    history = _history("2018年版纪律处分条例对违纪得到的好处是怎么处理的？")
    rewritten = rewrite_followup("这个在新修订的条例里还是这么规定的吗？", history, TITLES, tokenizer, TUNING)
    assert "违纪得到的好处" in rewritten


def test_self_contained_question_is_left_alone(tokenizer: Tokenizer) -> None:
    question = "纪律处分条例第八条规定了什么？"
    assert rewrite_followup(question, _history("党章第九条是怎么规定的？"), TITLES, tokenizer, TUNING) == question
    assert rewrite_followup("第十条呢？", [], TITLES, tokenizer, TUNING) == "第十条呢？"


def test_pronoun_resolved_from_the_previous_answer(tokenizer: Tokenizer) -> None:
    history = _history("退党要经过什么程序？", "《中国共产党章程》第九条规定，党员有退党的自由[1]。")
    assert "中国共产党章程" in rewrite_followup("这个规定现在还有效吗？", history, TITLES, tokenizer, TUNING)


@pytest.mark.slow
def test_article_follow_up_answers_the_next_article(corpus_service: Service) -> None:
    first = corpus_service.ask("党章第九条是怎么规定的？")
    history = [{"role": "user", "content": "党章第九条是怎么规定的？"}, {"role": "assistant", "content": first.text}]
    answer = corpus_service.ask("第十条呢？", history)
    assert not answer.refused
    assert answer.citations[0].hit.chunk.locator == "第十条"
    assert answer.citations[0].hit.document.title == "中国共产党章程"
    assert "党的民主集中制的基本原则是" in answer.text
    assert any("党章第十条" in n for n in answer.notices)


@pytest.mark.slow
def test_topic_follow_up_finds_the_new_topic(corpus_service: Service) -> None:
    history = _history("党员领导干部需要参加民主生活会吗？", "需要。党章第八条规定，党员领导干部还必须参加党委、党组的民主生活会。")
    answer = corpus_service.ask("那党小组会呢？", history)
    assert not answer.refused
    assert "党小组" in answer.text


@pytest.mark.parametrize(
    ("question", "elliptical"),
    [
        ("那党小组会呢？", True),
        ("第十条呢？", True),
        ("这个规定现在还有效吗？", True),
        ("第十条是什么？", True),
        ("有什么要求？", True),
        ("多久召开一次？", True),
        ("如何开展主题党日活动？", False),
        ("怎样发挥党支部战斗堡垒作用？", False),
        ("党费怎么交？", False),
        ("纪律处分条例第八条规定了什么？", False),
        # a leading 那 ("then") before a subject and predicate of its own is no ellipsis
        ("那下级党组织要是硬顶着不执行，或者自己把上级的决定改了，会怎样？", False),
        ("那要多久？", True),
        ("那党小组会？", True),
        # a third-person pronoun stands for someone the conversation named, unless the question names them first
        ("经过批准兼了职的，他们能在那边拿报酬吗？", True),
        ("申请人入党以前，上级党组织要派人同他谈话吗？", False),
        ("其他企业的党组织怎么设置？", False),  # 其他, 他人: no pronouns
        ("为他人谋取利益会受什么处分？", False),
        # 它 stands for what the conversation named, unless the message names it first
        ("它现在还有效吗？", True),
        ("另外问一下，中原油田那篇文章开头为什么说融合离不开生产经营？它又指出有的企业还存在哪些问题？", False),
        ("其它单位的党组织怎么设置？", False),
        # 该 before a noun points back (该条例); the modal 该 ("should") before a question word or coverb does not
        ("该条例是什么时候施行的？", True),
        ("国有企业的重大决策要报给谁？涉及职工切身利益的事又该怎么处理？", False),
        ("党员受了处分，这件事该由哪个组织决定？", True),
        ("党员受了处分不服，该找哪个组织申诉？", False),
        # a demonstrative with the classifier of a version, clause or section points back too
        ("2018年那版的定义跟现在一字不差吗？", True),
        ("这款在新条例里改了吗？", True),
        # a demonstrative of kind summing up what the question names just before it does not point back
        ("党员在单位搞吃空饷、虚报冒领这类事，按纪律处分条例怎么处理？", False),
        ("这类事按纪律处分条例怎么处理？", True),
        ("上级领导到基层搞迎来送往这种事，党内怎么看？", False),
        ("入党积极分子这些要求也都要做到吗？", True),  # 这些 names what was said before, not 入党积极分子
        ("他说的那种情况按纪律处分条例怎么处理？", True),
    ],
)
def test_only_elliptical_questions_need_the_conversation(tokenizer: Tokenizer, question: str, elliptical: bool) -> None:
    assert needs_context(question, TITLES, tokenizer) is elliptical


@pytest.mark.slow
@pytest.mark.parametrize("question", ["如何开展主题党日活动？", "怎样发挥党支部战斗堡垒作用？"])
def test_standalone_question_after_a_charter_question_is_not_rewritten(samples_service: Service, question: str) -> None:
    first = samples_service.ask("党章第九条是怎么规定的？")
    answer = samples_service.ask(question, _history("党章第九条是怎么规定的？", first.text))
    assert not any("结合上文" in n for n in answer.notices)
    assert "第九条" not in answer.text
    assert answer.text == samples_service.ask(question).text


@pytest.mark.slow
def test_standalone_question_after_a_charter_question_in_the_corpus(corpus_service: Service) -> None:
    first = corpus_service.ask("党章第九条是怎么规定的？")
    answer = corpus_service.ask("怎样发挥党支部战斗堡垒作用？", _history("党章第九条是怎么规定的？", first.text))
    assert not any("结合上文" in n for n in answer.notices)
    assert all(c.hit.chunk.locator != "第九条" for c in answer.citations)


def test_question_about_only_what_the_previous_answer_named_continues_it(tokenizer: Tokenizer) -> None:
    given = "强化支部建设那篇党课讲了哪几个方面？\n认清党支部建设的积极意义、认识制约因素、掌握方式方法三个方面。"
    assert needs_context("方式方法具体有哪些？", TITLES, tokenizer, given)
    assert not needs_context("如何开展主题党日活动？", TITLES, tokenizer, given)


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("党员有哪些权利？", "具体有哪几项？", "党员有哪些权利，具体有哪几项？"),
        ("党员有哪些权利？", "怎么保障？", "党员有哪些权利，怎么保障？"),
    ],
)
def test_a_follow_up_without_words_of_its_own_is_read_with_the_whole_previous_question(
        tokenizer: Tokenizer, previous: str, question: str, expected: str) -> None:
    # the previous question's predicate carries its topic ("权利"): its subject alone ("党员") would lose it
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == expected


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("三会一课是什么？", "多久开一次？", "三会一课，多久开一次？"),
        ("预备党员的预备期是多长时间？", "期满以后怎么办？", "预备党员的预备期，期满以后怎么办？"),
        ("预备党员的预备期是多长？", "可以延长吗？", "预备党员的预备期，可以延长吗？"),
        ("《中国共产党纪律处分条例》从什么时候开始施行？", "由谁负责解释？", "《中国共产党纪律处分条例》，由谁负责解释？"),
        # the noun phrase the previous question opens with, a document's name as one unit
        ("留党察看处分的期限有多长？", "期满以后怎么办？", "留党察看处分的期限，期满以后怎么办？"),
        ("《党委（党组）落实全面从严治党主体责任规定》由哪个部门负责解释？", "从什么时候开始施行？",
         "《党委（党组）落实全面从严治党主体责任规定》，从什么时候开始施行？"),
    ],
)
def test_a_follow_up_with_a_predicate_of_its_own_takes_only_the_previous_subject(
        tokenizer: Tokenizer, previous: str, question: str, expected: str) -> None:
    # the previous predicate ("是什么", "是多长时间") asked something else; a word that asks ("怎么办",
    # "多长时间") is no topic
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == expected


@pytest.mark.parametrize("question", ["期满以后怎么办？", "具体有哪几种？", "需要多长时间？", "从什么时候开始施行？"])
def test_words_that_ask_are_no_topic_of_their_own(tokenizer: Tokenizer, question: str) -> None:
    assert needs_context(question, TITLES, tokenizer, "预备党员的预备期是多长时间？")
    assert own_content_words(question, tokenizer) == []


def test_an_ordinal_can_point_into_a_list_a_verb_introduces(tokenizer: Tokenizer) -> None:
    answer = "示例条款 纪律主要包括政治纪律、组织纪律、工作纪律、生活纪律、群众纪律和廉洁纪律[1]。"
    item = referred_item("第二种呢？", _history("党的纪律有哪几种？", answer), tokenizer)
    assert item is not None and item.item == "组织纪律"


@pytest.mark.slow
def test_a_follow_up_made_only_of_question_words_continues_the_conversation(corpus_service: Service) -> None:
    # "具体有哪几项？" names nothing: it is not a new question, however few of its words the passages hold
    answer = corpus_service.ask("具体有哪几项？", _history("党员有哪些权利？"))
    assert not answer.refused
    assert any("党员有哪些权利" in n for n in answer.notices)
    assert "权利" in answer.text and "党员享有下列权利" in "".join(c.hit.chunk.text for c in answer.citations)


# -- sibling organisations and roles with another head ("地方党委" → "党组") -----------------------------------

@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("主体责任规定里，地方党委要怎样把党的建设和经济社会发展结合起来？", "那党组呢？",
         "主体责任规定里，党组要怎样把党的建设和经济社会发展结合起来？"),
        ("地方党委每年要向谁报告落实主体责任的情况？", "那党组呢？", "党组每年要向谁报告落实主体责任的情况？"),
        # a family word jieba splits ("领导干部") goes whole
        ("领导干部要怎样参加组织生活？", "那普通党员呢？", "普通党员要怎样参加组织生活？"),
        ("党员受到留党察看处分有什么影响？", "那开除党籍呢？", "党员受到开除党籍处分有什么影响？"),
        ("党委书记要怎样履行第一责任人职责？", "那纪委呢？", "纪委要怎样履行第一责任人职责？"),
    ],
)
def test_a_sibling_with_another_head_replaces_its_sibling(
        tokenizer: Tokenizer, previous: str, question: str, expected: str) -> None:
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == expected


@pytest.mark.parametrize(("previous", "question", "expected"), [
    ("党的全国代表大会每几年举行一次？", "那地方各级代表大会的呢？", "党的地方各级代表大会每几年举行一次？"),
    ("党员受到留党察看处分的期限是多长？", "那撤销党内职务的呢？", "党员受到撤销党内职务处分的期限是多长？"),
])
def test_a_possessive_ellipsis_asks_the_previous_question_of_its_topic(
        tokenizer: Tokenizer, previous: str, question: str, expected: str) -> None:
    # "那X的呢？": X's counterpart of what was asked; the 的 is no part of the topic
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING) == expected


def test_a_topic_of_no_family_is_not_merged_into_the_previous_question(tokenizer: Tokenizer) -> None:
    # 党费 is no kind of 党委 or 党员: the previous document and predicate, the new topic
    assert rewrite_followup("那党费呢？", _history("党章对地方党委有什么要求？"), TITLES, tokenizer, TUNING) == \
        "《中国共产党章程》党费有什么要求？"


# -- ordinal references to an item of the previous turn ("第一个问题", "第二点", "后者") ----------------------

SANCTIONS_LISTED = ("《中国共产党纪律处分条例》“第八条 对党员的纪律处分种类”共 5 项：\n（一）警告[1]；\n（二）严重警告[1]；\n"
                    "（三）撤销党内职务[1]；\n（四）留党察看[1]；\n（五）开除党籍[1]。")
PRINCIPLES_LISTED = ("2023年版第四条列了五项原则：坚持党要管党、全面从严治党；党纪面前一律平等；实事求是；民主集中制；"
                     "惩前毖后、治病救人。")


@pytest.mark.parametrize(
    ("previous", "answer", "question", "expected"),
    [
        # the document the previous answer names, the item, the rest of the question
        ("对党员的处分有哪几种？", SANCTIONS_LISTED, "第四种最长多久？", "《中国共产党纪律处分条例》留党察看，最长多久？"),
        ("对党员的处分有哪几种？", SANCTIONS_LISTED, "最后一种以后还能重新入党吗？", "《中国共产党纪律处分条例》开除党籍，以后还能重新入党吗？"),
        # the document the previous question names, what it asked of the document, the item: the principles
        # listed are those of the disciplinary work, not the whole regulation's (its article on democratic
        # centralism is not what is asked)
        ("纪律处分条例里对党员的处分有哪几种？", SANCTIONS_LISTED, "第四种最长多久？",
         "《中国共产党纪律处分条例》对党员的处分，留党察看，最长多久？"),
        ("现行纪律处分条例规定，党的纪律处分工作要遵循哪些原则？", PRINCIPLES_LISTED, "第四点具体是怎么要求的？",
         "《中国共产党纪律处分条例》党的纪律处分工作要遵循，民主集中制，具体是怎么要求的？"),
        ("纪律处分条例规定了哪几种处分？", SANCTIONS_LISTED, "第二种呢？", "《中国共产党纪律处分条例》严重警告，是怎么规定的？"),
        ("对党员的处分有哪几种？", SANCTIONS_LISTED, "那第二种呢？", "《中国共产党纪律处分条例》严重警告，是怎么规定的？"),
        # no document named: the previous question's subject
        ("示范支部采取了哪些措施？", "1. 建立党员台账。\n2. 定期谈心谈话。\n3. 开展结对帮扶。", "上面说的第三条措施效果怎么样？",
         "示范支部采取了，开展结对帮扶，效果怎么样？"),
        ("那篇调研报告认为支部工作存在哪些问题？", "报告指出两方面问题：活动形式单一；考核机制不健全。", "第二个问题怎么解决？",
         "那篇调研报告认为支部工作存在，考核机制不健全，怎么解决？"),
        ("示范支部采取了哪些措施？", "1. 建立党员台账。\n2. 定期谈心谈话。\n3. 开展结对帮扶。", "最后那条具体是指什么？",
         "示范支部采取了，开展结对帮扶，具体是指什么？"),
        # "第N条" after a pointer back is an item of the previous answer's list, not an article
        ("示范支部采取了哪些措施？", "1. 建立党员台账。\n2. 定期谈心谈话。\n3. 开展结对帮扶。", "上面说的第三条具体指什么？",
         "示范支部采取了，开展结对帮扶，具体指什么？"),
        # 前者/后者: the things the previous question named side by side
        ("留党察看和开除党籍有什么区别？", "（回答）", "后者还能重新入党吗？", "开除党籍，还能重新入党吗？"),
    ],
)
def test_an_ordinal_reference_is_read_as_the_item_it_points_at(
        tokenizer: Tokenizer, previous: str, answer: str, question: str, expected: str) -> None:
    assert rewrite_followup(question, _history(previous, answer), TITLES, tokenizer, TUNING) == expected


@pytest.mark.parametrize(
    "question",
    [
        "第十条呢？",  # an article number, not an item
        "第三条规定了什么？",  # "第三条规定" reads as an article's provisions
        "第一个百年奋斗目标是什么？",  # a name: its noun is no word of the previous turn
        "第一种形态是什么？",
        "党章第一章讲什么？",  # a chapter
        "第六种处分是什么？",  # the answer lists five
        "第一书记有哪些职责？",
    ],
)
def test_an_ordinal_that_names_no_listed_item_is_no_item_reference(tokenizer: Tokenizer, question: str) -> None:
    assert referred_item(question, _history("纪律处分条例里对党员的处分有哪几种？", SANCTIONS_LISTED), tokenizer) is None


def test_an_article_number_after_a_list_still_asks_for_the_article(tokenizer: Tokenizer) -> None:
    history = _history("廉洁自律准则第五条是什么？", SANCTIONS_LISTED)
    assert rewrite_followup("第六条呢？", history, TITLES, tokenizer, TUNING) == "廉洁自律准则第六条是什么？"


# -- breaking what was just discussed ("违反了会怎么处理？") -------------------------------------------------------

@pytest.mark.parametrize(
    ("previous", "answer", "question", "expected"),
    [
        ("国企领导人员的配偶子女有哪些投资经营行为是不允许的？", "《国有企业领导人员廉洁从业若干规定》第六条列出了不得有的行为。",
         "违反了会怎么处理？", "违反《国有企业领导人员廉洁从业若干规定》会怎么处理、追究什么责任？"),
        ("廉洁自律准则对党员领导干部有什么要求？", "（回答）", "如果不遵守的话会受到什么处分？",
         "违反《中国共产党廉洁自律准则》会受到什么处分、追究什么责任？"),
        # asking in the accountability register already
        ("廉洁自律准则对党员领导干部有什么要求？", "（回答）", "违反了要追究什么责任？", "违反《中国共产党廉洁自律准则》要追究什么责任？"),
    ],
)
def test_breaking_the_rules_just_discussed_asks_for_the_documents_sanctions(
        tokenizer: Tokenizer, previous: str, answer: str, question: str, expected: str) -> None:
    assert rewrite_followup(question, _history(previous, answer), TITLES, tokenizer, TUNING) == expected


def test_a_violation_question_naming_its_own_subject_is_not_about_the_previous_document(tokenizer: Tokenizer) -> None:
    question, history = "违反中央八项规定精神会受到什么处分？", _history("廉洁自律准则对党员领导干部有什么要求？")
    assert not needs_context(question, TITLES, tokenizer)
    assert "违反《中国共产党廉洁自律准则》" not in rewrite_followup(question, history, TITLES, tokenizer, TUNING)


def test_a_violation_follow_up_finds_accountability_provisions_in_the_corpus(corpus_service: Service) -> None:
    # the 主体责任规定 states what follows a breach as 追究责任 (第二十二条), never as 处理
    previous = "《党委（党组）落实全面从严治党主体责任规定》对党委书记有什么要求？"
    answer = corpus_service.ask("违反了会怎么处理？", _history(previous, corpus_service.ask(previous).text))
    assert not answer.refused
    assert answer.citations[0].hit.chunk.locator == "第二十二条"
    assert "追究责任" in answer.text


# -- the same behaviours through the whole service, over a tiny knowledge base in real Chroma -----------------

RULES = "示例责任规定"
PARALLEL = (f"{RULES}\n"
            "第一条 为了落实全面从严治党主体责任，制定本规定。\n"
            "第二条 地方党委应当把党的建设和经济社会发展一起谋划、一起部署、一起推进、一起考核，对本地区工作负领导责任。\n"
            "第三条 党组（党委）应当把党建工作和业务工作一起谋划、一起部署、一起推进、一起考核，对本单位工作负领导责任。\n"
            "第四条 党委（党组）每年年初应当向上级党组织书面报告上一年度落实主体责任情况。\n"
            "第五条 违反本规定的，视情节轻重，分别给予批评教育、通报批评、诫勉处理。\n")
SURVEY = ("示例支部调研报告\n一、存在的问题\n"
          "（一）重业务轻党建。生产指标考核压力很大，党建工作容易被放到次要位置。\n"
          "（二）教育方式单一。党员教育以读文件为主，参与的积极性不高。\n")


@pytest.fixture(scope="module")
def tiny_service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    root = tmp_path_factory.mktemp("followup-kb")
    folder = write_documents(root / "docs", {
        "rules.txt": ({"title": RULES, "kind": "regulation", "status": "in_force"}, PARALLEL),
        "survey.txt": ({"title": "示例支部调研报告", "kind": "article"}, SURVEY),
    })
    return fake_service(build_settings(root / "kb", chunk_min_chars=20, refusal_threshold=0.3), folder)  # fake cosines


def test_a_sibling_follow_up_is_answered_from_the_siblings_own_provision(tiny_service: Service) -> None:
    previous = f"{RULES}里，地方党委要怎样把党的建设和经济社会发展结合起来？"
    history = _history(previous, tiny_service.ask(previous).text)
    answer = tiny_service.ask("那党组呢？", history)
    assert not answer.refused
    assert answer.citations[0].hit.chunk.locator == "第三条"
    assert all(c.hit.chunk.locator != "第二条" for c in answer.citations)  # the 地方党委 provision answered before


def test_a_violation_follow_up_is_answered_from_the_sanctions(tiny_service: Service) -> None:
    answer = tiny_service.ask("违反了会怎么处理？", _history(f"{RULES}对地方党委有什么要求？"))
    assert not answer.refused
    assert answer.citations[0].hit.chunk.locator == "第五条"
    assert any(f"违反《{RULES}》" in n for n in answer.notices)


def test_an_ordinal_follow_up_is_answered_about_the_item(tiny_service: Service) -> None:
    history = _history("示例支部调研报告认为存在哪些问题？", "报告指出两方面问题：重业务轻党建；教育方式单一。")
    answer = tiny_service.ask("第一个问题是什么原因造成的？", history)
    assert not answer.refused
    assert "考核压力" in answer.text
    assert any("重业务轻党建" in n for n in answer.notices)


def test_a_standalone_question_after_a_list_is_not_rewritten(tiny_service: Service) -> None:
    history = _history("示例支部调研报告认为存在哪些问题？", "报告指出两方面问题：重业务轻党建；教育方式单一。")
    answer = tiny_service.ask(f"{RULES}第四条是怎么规定的？", history)
    assert not any("结合上文" in n for n in answer.notices)
    assert answer.citations[0].hit.chunk.locator == "第四条"


@pytest.mark.slow
def test_an_ordinal_follow_up_to_the_services_own_list_in_the_corpus(corpus_service: Service) -> None:
    first = corpus_service.ask("纪律处分条例里对党员的处分有哪几种？")
    answer = corpus_service.ask("第四种最长多久？", _history("纪律处分条例里对党员的处分有哪几种？", first.text))
    assert not answer.refused
    assert any("留党察看" in n for n in answer.notices)
    assert "二年" in answer.text and answer.citations[0].hit.chunk.locator == "第十二条"


@pytest.mark.parametrize("question", [
    "刷卡、签单这种消费方式呢？有什么讲究？",  # an elliptical clause first, its own question after it
    "那党小组会呢？",
    "这类事按纪律处分条例怎么处理？",
])
def test_an_elliptical_clause_anywhere_points_back_to_the_conversation(tokenizer: Tokenizer, question: str) -> None:
    assert refers_back(question, tokenizer)


def test_a_question_summing_up_its_own_list_does_not_point_back(tokenizer: Tokenizer) -> None:
    assert not refers_back("党员在单位搞吃空饷、虚报冒领这类事，按纪律处分条例怎么处理？", tokenizer)


@pytest.mark.parametrize("question", ["就一点例外都没有吗？", "那有没有特殊情况？", "特殊情况下可以不执行吗？"])
def test_a_question_for_exceptions_naming_no_rule_asks_about_the_rule_just_discussed(tokenizer: Tokenizer,
                                                                                     question: str) -> None:
    previous = "班子成员不赞成党组织作出的决定，可以不执行吗？"
    assert needs_context(question, TITLES, tokenizer) and refers_back(question, tokenizer)
    assert rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING).startswith(previous.rstrip("？"))


def test_a_question_for_the_exceptions_of_a_rule_it_names_stands_alone(tokenizer: Tokenizer) -> None:
    assert not needs_context("党员必须参加组织生活，有没有特殊情况可以不参加？", TITLES, tokenizer)


def test_the_exception_to_a_rule_is_quoted_after_the_rule_was_discussed(corpus_service: Service) -> None:
    # 准则 第六部分: 班子成员 must carry out a decision they disagree with, "除…紧急情况外" — the exception asked for
    history = _history("班子成员不赞成党组织作出的决定，可以不执行吗？", "不可以，领导班子成员必须坚决执行党组织决定。")
    answer = corpus_service.ask("那有没有特殊情况？", history)
    assert "除执行决定会立即引起严重后果等紧急情况外" in answer.text


def test_a_follow_up_naming_a_sibling_of_the_previous_topic_drops_that_topic(tokenizer: Tokenizer) -> None:
    history = _history("党的全国代表大会有哪些职权？", "《中国共产党章程》第十九条规定了全国代表大会的职权。")
    rewritten = rewrite_followup("那省里、市里、县里开的党代表大会呢？能决定哪些事？", history, TITLES, tokenizer, TUNING)
    assert "全国代表大会" not in rewritten  # 党代表大会 of the provinces replaces it; the document carries over
    assert rewritten.startswith("《中国共产党章程》") and "省里、市里、县里开的党代表大会" in rewritten


def test_our_bare_meeting_is_the_meeting_the_previous_question_named(tokenizer: Tokenizer) -> None:
    history = _history("党内政治生活准则对开好民主生活会有什么要求？", "准则第九部分要求：会前要广泛听取意见。")
    question = "上级领导会不会来参加我们的会？"
    assert needs_context(question, TITLES, tokenizer, "党内政治生活准则对开好民主生活会有什么要求？")
    assert "我们的民主生活会" in rewrite_followup(question, history, TITLES, tokenizer, TUNING)
    # a head the previous question names no compound of, or a compound of its own, is no such reference
    assert not needs_context("上级领导会不会来参加我们的会？", TITLES, tokenizer, "党费怎么交？")
    assert not needs_context("上级领导会不会来参加我们的会议室改造？", TITLES, tokenizer, "民主生活会怎么开？")


def test_a_follow_up_pointing_back_at_the_person_keeps_the_previous_topic(tokenizer: Tokenizer) -> None:
    # 他 is the member of the previous question: his 支部委员 post is asked of under the same 留党察看, not a
    # sibling of 党员 replacing it
    history = _history("党员受了留党察看处分，察看期间还能参加支部选举投票吗？", "不能。现行纪律处分条例第十二条规定，没有表决权。")
    rewritten = rewrite_followup("那他原来当着的支部委员呢，还能接着干吗？", history, TITLES, tokenizer, TUNING)
    assert "留党察看" in rewritten and "支部委员" in rewritten, rewritten


@pytest.mark.parametrize("question", ["要是这事前年就发生了，上个月才查处，还能开除党籍吗？", "那事后来怎么处理的？"])
def test_this_matter_points_back_to_the_conversation(tokenizer: Tokenizer, question: str) -> None:
    assert refers_back(question, tokenizer)


def test_the_year_a_case_happened_is_no_version_the_previous_question_is_asked_of(tokenizer: Tokenizer) -> None:
    # "2023年秋天" says when the conduct happened: the follow-up keeps its own question, the previous one
    # is not re-asked "按2023年纪律处分条例"
    previous = "党员违规打牌赌博，按现行纪律处分条例怎么处分？"
    rewritten = rewrite_followup("要是这事发生在2023年秋天，明年才查出来呢？", _history(previous), TITLES, tokenizer, TUNING)
    assert "2023年秋天" in rewritten and "现行纪律处分条例" in rewritten, rewritten
    # a version's year still asks the previous question of that version
    assert rewrite_followup("2018年的也是这样规定的吗？", _history(previous), TITLES, tokenizer, TUNING) == \
        "党员违规打牌赌博，按2018年纪律处分条例怎么处分？"


@pytest.mark.parametrize("question", [
    "还有个事：党支部委员会每届任期几年？",
    "换个问题：预备党员的预备期是多长时间？",
])
def test_a_message_announcing_a_new_matter_stands_alone(tokenizer: Tokenizer, question: str) -> None:
    assert not refers_back(question, tokenizer)
    assert not needs_context(question, TITLES, tokenizer)


def test_a_new_matter_with_its_own_story_stands_alone_whatever_its_demonstratives(tokenizer: Tokenizer) -> None:
    # "这样" sums up the story the message itself tells, not the previous turn
    previous = "潍坊烟草那篇文章的作者是谁？"
    question = "另外问个事：我借调期间拷贝了一些内部文件，回单位后一直存在自己电脑里。这样有问题吗？"
    assert not needs_context(question, TITLES, tokenizer, previous)
    assert needs_context("另外问个事：那党小组会呢？", TITLES, tokenizer, previous)  # an ellipsis still continues


@pytest.mark.parametrize("question", [
    "我借调期间拷贝了一些内部文件，回单位后一直存在自己电脑里。这样有问题吗？",
    "我们厂长的小舅子开了家运输公司，这两年一直承揽厂里的运输业务。廉洁从业的规定允许这种生意吗？",
])
def test_a_story_told_before_the_question_is_what_its_demonstratives_point_at(tokenizer: Tokenizer, question: str) -> None:
    # without announcing a new matter too: the story names its own things, and "这样", "这种生意" sum it up,
    # so the previous turn's question is not put in front of it
    previous = "党章里说国有企业党委发挥什么作用？"
    assert not needs_context(question, TITLES, tokenizer, previous)


@pytest.mark.parametrize(("question", "elliptical"), [
    ("由谁选举产生？", True),  # jieba tags 产生 a noun: no subject all the same
    ("向谁报告？", True),
    ("那由谁来审批？", True),
    ("由谁负责解释纪律处分条例？", False),  # what is asked about is named
])
def test_a_short_question_asking_who_first_continues_the_previous_topic(
        tokenizer: Tokenizer, question: str, elliptical: bool) -> None:
    assert needs_context(question, TITLES, tokenizer, "党支部委员会每届任期几年？", TUNING.followup_short_chars) is elliptical


def test_a_question_asking_who_first_is_asked_of_the_previous_topic_not_its_predicate(tokenizer: Tokenizer) -> None:
    # it says what it asks itself (选举产生): the previous question's 每届任期 does not carry over
    rewritten = rewrite_followup("由谁选举产生？", _history("党支部委员会每届任期几年？"), TITLES, tokenizer, TUNING)
    assert rewritten == "党支部委员会，由谁选举产生？"


@pytest.mark.parametrize("question", [
    "我们单位就是这样做的。这样有问题吗？",  # the story points back itself
    "明白了。这个规定现在还有效吗？",  # nothing told, only acknowledged
])
def test_a_sentence_before_the_question_that_tells_nothing_new_still_continues(tokenizer: Tokenizer, question: str) -> None:
    assert needs_context(question, TITLES, tokenizer, "党章里说国有企业党委发挥什么作用？")


def test_an_additive_word_after_a_question_of_its_own_continues_that_question(tokenizer: Tokenizer) -> None:
    question = "党支部委员会每届任期几年？另外还规定了什么？"
    assert not needs_context(question, TITLES, tokenizer)
    assert needs_context("当领导干部的，还另外有要求吗？", TITLES, tokenizer)


@pytest.mark.parametrize("question", [
    "那具体追究哪些人？最重能给到什么处分？",
    "那最重给什么处分？",
])
def test_a_follow_up_naming_nothing_new_asks_more_of_the_previous_matter(tokenizer: Tokenizer, question: str) -> None:
    # its verbs are its own, but the only thing it names (处分) the previous question named: the matter asked about
    # (违规收送礼品礼金) carries over, not only the document; 处分 inside the title is no sibling of the 处分 asked
    previous = "纪律处分条例对党员干部违规收送礼品礼金有处分规定吗？"
    rewritten = rewrite_followup(question, _history(previous), TITLES, tokenizer, TUNING)
    assert rewritten.startswith("纪律处分条例对党员干部违规收送礼品礼金有处分规定"), rewritten


def test_a_follow_up_naming_new_things_keeps_only_the_document(tokenizer: Tokenizer) -> None:
    previous = "纪律处分条例对党员干部违规收送礼品礼金有处分规定吗？"
    rewritten = rewrite_followup("那一个人同时犯了好几样违纪的事呢？处分怎么算？", _history(previous), TITLES, tokenizer, TUNING)
    assert rewritten.startswith("《中国共产党纪律处分条例》") and "礼金" not in rewritten, rewritten


@pytest.mark.parametrize(("previous", "answer", "question", "asked_of"), [
    # "要是……呢？" after an answer giving one article: the condition is asked of that article, named as the previous
    # question named its document (not the rest of that clause, "这种情况按…", which would read as a regulation's name)
    ("副厂长出事后躲着不露面，这种情况按纪律处分条例怎么处理？", "现行条例第一百三十一条规定：……",
     "要是造成了严重后果呢？具体怎么处分？", "纪律处分条例第一百三十一条"),
    ("有人组织反对社会主义制度的团体，发起人按现行纪律处分条例怎么处理？", "第六十五条规定，对策划者、组织者给予开除党籍处分。",
     "要是只是跟着参加的呢？", "现行纪律处分条例第六十五条"),
    # others in the matter the previous answer settled in one article: that article (its next paragraph names them)
    ("有人拉了个组织公开反对社会主义制度，单位里有个党员是发起人，按纪律处分条例怎么处理？",
     "现行条例第六十五条规定，对策划者、组织者和骨干分子，给予开除党籍处分。",
     "那被他们拉进去、只是跟着参加的普通成员呢？", "纪律处分条例第六十五条"),
    ("党员违纪以后跑到国外去了，按现行纪律处分条例怎么处理？", "现行条例第七十二条第一款：违纪后逃往国（境）外的，给予开除党籍处分。",
     "那帮他办手续、打掩护让他跑出去的人呢？", "现行纪律处分条例第七十二条"),
])
def test_a_condition_or_others_in_the_matter_of_an_answer_giving_one_article_are_asked_of_that_article(
        tokenizer: Tokenizer, previous: str, answer: str, question: str, asked_of: str) -> None:
    rewritten = rewrite_followup(question, _history(previous, answer), TITLES, tokenizer, TUNING)
    assert rewritten.startswith(f"{asked_of}，"), rewritten


_STORY_ANSWERED_BY_ONE_ARTICLE = ("厂里出了事故，家属堵在厂门口，分管安全的副厂长一直躲着不露面。纪律处分条例里有管这种情况的条款吗？",
                                  "现行纪律处分条例第一百三十一条规定：面对重大矛盾冲突、危机困难临阵退缩……")
_DUTY_ANSWERED_BY_ONE_ARTICLE = ("纪律处分条例里，对党委班子不履行全面从严治党主体责任有专门的处分规定吗？",
                                 "有。现行条例第七十四条规定，主体责任、监督责任不履行或者履行不力的，要追究责任。")


@pytest.mark.parametrize(("previous", "question", "asked_of"), [
    # nothing new named: more of the matter the previous answer settled in one article, not of the story the previous
    # question told ("家属堵在厂门口" would find the article on relatives' privileges)
    (_STORY_ANSWERED_BY_ONE_ARTICLE, "具体怎么处分？", "纪律处分条例第一百三十一条"),
    (_STORY_ANSWERED_BY_ONE_ARTICLE, "具体有哪几项？", "纪律处分条例第一百三十一条"),
    (_DUTY_ANSWERED_BY_ONE_ARTICLE, "那具体追究哪些人？最重能给到什么处分？", "纪律处分条例第七十四条"),
])
def test_a_follow_up_asking_more_of_an_answer_giving_one_article_is_asked_of_that_article(
        tokenizer: Tokenizer, previous: tuple[str, str], question: str, asked_of: str) -> None:
    rewritten = rewrite_followup(question, _history(*previous), TITLES, tokenizer, TUNING)
    assert rewritten.startswith(f"{asked_of}，"), rewritten
    assert "家属" not in rewritten and "班子" not in rewritten, rewritten


@pytest.mark.slow
def test_asking_how_it_is_punished_after_an_answer_giving_one_article_quotes_that_article(corpus_service: Service) -> None:
    previous = "厂里出了事故，家属堵在厂门口，分管安全的副厂长一直躲着不露面，事情闹大了。纪律处分条例里有管这种情况的条款吗？"
    answer = "现行纪律处分条例第一百三十一条：工作中不敢斗争、不愿担当，面对重大矛盾冲突、危机困难临阵退缩……"
    follow = corpus_service.ask("具体怎么处分？", history=_history(previous, answer))
    assert [c.hit.chunk.locator for c in follow.citations] == ["第一百三十一条"], follow.text
    assert "开除党籍" in follow.text, follow.text


def test_others_beyond_the_group_an_answer_spoke_of_keep_the_previous_subject(tokenizer: Tokenizer) -> None:
    # "领导班子以外的其他人员" steps outside the persons 第二条 covers: another provision may speak of them
    rewritten = rewrite_followup("那领导班子以外、管国有资产的其他人员呢？",
                                 _history("国有企业领导人员廉洁从业若干规定适用于哪些人？",
                                          "第二条规定适用于国有独资企业、国有控股企业及其分支机构的领导班子成员。"),
                                 TITLES, tokenizer, TUNING)
    assert "第二条" not in rewritten and "国有企业领导人员廉洁从业若干规定" in rewritten, rewritten


@pytest.mark.slow
def test_a_conversation_going_down_an_articles_outline_follows_each_part(corpus_service: Service) -> None:
    # a trainer walks down the lesson's outline: the parts, then part two's items, then the first item's substance
    history: list[dict] = []
    answers = []
    for question in ("强化支部建设那篇党课讲稿分为哪几个部分？", "第二部分呢？", "头一个具体表现在哪儿？"):
        answer = corpus_service.ask(question, history=history)
        answers.append(answer)
        history = history + _history(question, answer.text)
    assert "分为 3 个部分" in answers[0].text
    # "第二部分呢？" is part two ("分为哪几个部分" is no subject to carry over), outlined as the first answer was
    assert "“二、正确认识党支部建设工作的制约因素”分为 4 个部分" in answers[1].text, answers[1].text
    # "具体表现" asks something of the first item, it is no noun the ordinal counts
    assert not answers[2].refused and "一是思想不到位" in answers[2].text, answers[2].text
    assert "应付了事" in answers[2].text, answers[2].text


def test_the_subject_of_a_question_asking_how_a_document_is_divided_ends_before_the_division() -> None:
    assert subject_of("强化支部建设那篇党课讲稿分为哪几个部分？") == "强化支部建设那篇党课讲稿"


_DUTIES_ANSWERED_BY_ONE_ARTICLE = ("党章规定党员必须履行哪些义务？", "党章第三条列了八项义务，如认真学习、执行党的决定等。")


@pytest.mark.parametrize("question", [
    "其中讲保守秘密的那一项，原文是怎么写的？",  # among what the answer gave
    "那在批评和自我批评这方面，它有什么要求？",  # one aspect of the matter it settled
])
def test_a_follow_up_asking_for_one_part_of_an_answer_giving_one_article_is_asked_of_that_article(
        tokenizer: Tokenizer, question: str) -> None:
    rewritten = rewrite_followup(question, _history(*_DUTIES_ANSWERED_BY_ONE_ARTICLE), TITLES, tokenizer, TUNING)
    assert rewritten.startswith("党章第三条，"), rewritten


def test_a_follow_up_on_one_aspect_after_an_answer_giving_no_article_keeps_its_own_wording(tokenizer: Tokenizer) -> None:
    rewritten = rewrite_followup("那在批评和自我批评这方面，它有什么要求？", _history("党章规定党员必须履行哪些义务？"),
                                 TITLES, tokenizer, TUNING)
    assert rewritten.startswith("那在批评和自我批评这方面，") and rewritten.count("义务") <= 1, rewritten


@pytest.mark.slow
@pytest.mark.parametrize(("question", "item", "not_said"), [
    ("其中讲保守秘密的那一项，原文是怎么写的？", "严格保守党和国家的秘密", "（一）"),
    ("那在批评和自我批评这方面，它有什么要求？", "（六）切实开展批评和自我批评", "（四）"),
])
def test_one_part_of_the_listed_duties_is_answered_by_its_item_alone(
        corpus_service: Service, question: str, item: str, not_said: str) -> None:
    # a member asking for one of the eight duties just listed gets that item under the lead-in, not all eight
    answer = corpus_service.ask(question, history=_history(*_DUTIES_ANSWERED_BY_ONE_ARTICLE))
    assert item in answer.text and not_said not in answer.text, answer.text
    assert "党员必须履行下列义务" in answer.text, answer.text
    assert [c.hit.chunk.locator for c in answer.citations] == ["第三条"], answer.text


@pytest.mark.slow
def test_the_item_asked_by_its_ordinal_is_quoted_however_short(corpus_service: Service) -> None:
    # a regulation's short item ending its sentence ("（三）对党的工作提出建议和倡议。") is a provision, not a heading
    history = _history("党员有哪些权利？", corpus_service.ask("党员有哪些权利？").text)
    answer = corpus_service.ask("第三项是什么？", history=history)
    assert "（三）对党的工作提出建议和倡议" in answer.text and "（七）" not in answer.text, answer.text
