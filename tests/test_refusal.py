"""Refusals: the one sentence, the nearest passages as 'possibly related', and the signals behind it."""

from __future__ import annotations

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.answer.refusal import asked_count, asked_units, has_quantity, is_quantity_question, names_set_unlisted
from assistant.answer.subjects import about_subjects, derived_documents, named_subjects
from assistant.models import Chunk, Document, DocumentMeta, Hit
from assistant.service import Service

def test_refusal_sentence_is_the_one_the_prompt_uses() -> None:
    from assistant.answer.prompts import load_prompt

    assert "{refusal}" in load_prompt("answer_system")
    assert REFUSAL_SENTENCE == "知识库中没有找到能够回答这个问题的依据。"


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("《中国共产党支部工作条例（试行）》规定党支部委员会由几名委员组成？", ["《中国共产党支部工作条例（试行）》"]),
        ("按照《发展党员工作细则》，入党积极分子要培养多久？", ["《发展党员工作细则》"]),
        ("党章第九条是怎么规定的？", ["《党章》"]),
        ("纪律处分条例第8条规定了什么？", ["《纪律处分条例》"]),
        ("“三会一课”中的“一课”指的是什么？", ["“三会一课”", "“一课”"]),
        ("如何开展主题党日活动？", []),
        ("按照党内政治生活准则，反对形式主义重在解决哪些问题？", ["《党内政治生活准则》"]),
        ("现行纪律处分条例对拒绝作证有处分规定吗？", ["《纪律处分条例》"]),
        ("“在扶贫领域有上述行为的从重处分”这一规定现在还是这样写的吗？", []),
        # unquoted names with an everyday document ending (办法, 规定, 决定, 方案 …) after an introducing word
        ("按照中央企业负责人经营业绩考核办法，党建工作占多大比重？", ["《中央企业负责人经营业绩考核办法》"]),
        ("学习贯彻十九届四中全会决定有哪些要求？", ["《十九届四中全会决定》"]),
        ("按照党支部标准化建设实施方案，支部要达到什么标准？", ["《党支部标准化建设实施方案》"]),
        ("根据国有企业领导人员廉洁从业若干规定，领导人员不得有哪些行为？", ["《廉洁从业若干规定》"]),
        # … but not generic phrases
        ("根据党章规定，党员有哪些权利？", ["《党章》"]),
        ("按照有关规定，党费怎么交？", []),
        ("落实主体责任要做哪些事？", []),
        ("执行党纪处分决定和上级党组织决定要注意什么？", []),
        ("落实巡视整改方案要注意什么？", []),
        ("按照规定程序经党组织集体讨论决定的事项能改吗？", []),
        ("依照纪律处分条例规定，警告处分影响期多长？", ["《纪律处分条例》"]),
        # a determiner before 条例 refers to a regulation and names none; a pronoun is never inside a name
        ("我记得旧条例第九十四条讲的是营利活动，新条例里变成第几条了？", []),
        # a pointer back in the conversation is no part of the name it points at
        ("前面廉洁自律准则里“廉洁修身”那条，原文怎么说的？", ["《廉洁自律准则》", "“廉洁修身”"]),
        # nor is a clause reporting who said or read it; a word that merely begins with 说 is kept
        ("老同志说纪律处分条例第八十条讲的是什么？", ["《纪律处分条例》"]),
        ("我在书上看到廉洁自律准则有八条？", ["《廉洁自律准则》"]),
        ("说明书编写条例有什么要求？", ["《说明书编写条例》"]),
        ("中国共产党问责条例有什么要求？", ["《中国共产党问责条例》"]),
        # a quotation holding a clause's particles is the asker's own description, not a term
        ("2018年版对这种“批了但超期不归”的情况有规定吗？", []),
        ("“三会一课”是什么？", ["“三会一课”"]),
        # nor is a quoted citation of a provision
        ("通报里写着“依据《纪律处分条例》第九十八条”，现在是第几条？", ["《纪律处分条例》"]),
        # a count of versions or what the asker does with the document is no part of its name
        ("对照两版纪律处分条例时发现，“以上”还包括本级吗？", ["《纪律处分条例》", "“以上”"]),
        ("给新党员讲纪律处分条例，第二条多了哪些新提法？", ["《纪律处分条例》"]),
        ("新旧两部廉洁自律准则有什么不同？", ["《廉洁自律准则》"]),
        ("宣讲团工作条例有什么要求？", ["《宣讲团工作条例》"]),  # a name holding 讲 keeps it
        # a verb of studying or reading takes the document word as its object: no name
        ("过去背条例的时候记得是警告，现在改了吗？", []),
        ("之前翻过准则，没找到这一条，还有别的规定吗？", []),
        ("党校学员管理条例有什么规定？", ["《党校学员管理条例》"]),  # a name holding 学 keeps it
        # who studies it and the verb, read from the question's start, are no part of the name
        ("支部学习党内政治生活准则，有人问：“意识”有几个？", ["《党内政治生活准则》", "“意识”"]),
        # the question's own yes/no phrase is no part of a name
        ("省里能不能在纪律处分条例之外再出台配套规定？", ["《纪律处分条例》"]),
        # words someone said, and a word quoted in a story then asked about as conduct, name no term …
        ("他还在外面说“各家顾各家”，这种事党纪上有说法吗？", []),
        ("几个人在网上拉了个所谓的“兄弟会”，说要互相照应。党员参加了会怎样？", []),  # the asker's so-called label
        # a nickname people give someone in the story
        ("新来的副主任碰到难事就绕着走，大家背后都叫他“太平官”。对这种干部组织上应该怎么对待？", []),
        ("车间主任外号“老好人”，谁犯错都不批评。党内对这种作风有什么要求？", []),
        ("什么叫“三亮三比”？", ["“三亮三比”"]),  # what a term is called is asked: a subject
        # words addressed to someone, and a word in someone's reported speech, are theirs, not terms
        ("新来的处长常把“你们都是我带出来的人”挂在嘴边，党内规矩允许吗？", []),
        ("党代会推迟了，现在有人嘀咕：这届县委是不是成了“超期服役”？党章对这种情况怎么说？", ["《党章》"]),
        ("党章里说的“四个服从”是什么？", ["《党章》", "“四个服从”"]),  # a term the question itself asks about stays one
        ("副总跟供应商谈下来一笔“返点”，自己留了一部分。这种做法怎么定性？", []),
        # … but a quoted term the asking clause names, or one in a story asked about as a thing, is a subject
        ("支部搞了“三亮三比”，这种做法怎么定性？“三亮三比”是什么？", ["“三亮三比”"]),
        ("我们单位推行“党员积分制”，具体怎么加分？", ["“党员积分制”"]),
        # a word quoted in a sentence of the story, then a question of a rule: the asker's wording of the case
        ("单位给每人发了一张“健身体验卡”，说是福利。现行条例对这种卡有规定吗？", []),
        ("镇里几个党员放话要“拿下村委会”。这在党纪上怎么处理？", []),
        # … or a question of which version or article a rule stands in: the quoted word is what the asker read
        ("讲义上引的是条例第八十五条，可现行条例第八十五条讲的是“公款旅游”。这是照哪一版写的？", []),
        ("现行条例那一条讲的是“保护伞”。材料里的说法现在应该引第几条？", []),
        # … but a question of no rule asks about the quoted thing itself
        ("我们在学“两学一做”。具体要学哪些内容？", ["“两学一做”"]),
        # a version word and a document named in the question, quoted, name that version, no term
        ("知识库里的党章能算“现行党章”吗？", ["《党章》"]),
    ],
)
def test_named_subjects_are_candidates_by_shape(question: str, named: list[str]) -> None:
    assert [s.display for s in named_subjects(question, max_term_chars=10)] == named


def _hit(n: int, text: str) -> Hit:
    doc = Document("d", "d.txt", DocumentMeta("某厂党建工作做法"), 1, "")
    return Hit(Chunk(f"c{n}", "d", n, text, text, f"第{n}段", "", 0, len(text)), doc, 1.0 / (n + 1))


def test_a_named_term_keeps_the_answer_to_the_passages_that_mention_it() -> None:
    hits = [_hit(0, "车间党支部坚持每月开展一次主题党日活动。"), _hit(1, "支部推行“党员先锋岗”，党员亮身份、作表率。"),
            _hit(2, "各班组设立“党员先锋岗”，由党员担任岗长。")]
    subjects = named_subjects("“党员先锋岗”是怎么设的？", max_term_chars=10)
    assert [h.chunk.seq for h in about_subjects(hits, subjects, 0.75)] == [1, 2]
    # a term no passage mentions (refused elsewhere) and a question naming nothing keep every hit
    assert about_subjects(hits, named_subjects("“两个维护”是什么？", max_term_chars=10), 0.75) == hits
    assert about_subjects(hits, [], 0.75) == hits


def test_quantity_questions_need_a_number_with_the_asked_unit() -> None:
    assert asked_units("每月至少召开几次？") == "次"
    assert has_quantity("党的全国代表大会每五年举行一次。", asked_units("多久举行一次？"))
    assert not has_quantity("修订了13类党建考核细则。", asked_units("现有多少名党员？"))
    # an amount of money is answered by a sum or by a share of income, not by an article number
    money = asked_units("收礼金多少钱算情节较轻？有没有具体的金额标准？")
    assert has_quantity("收受礼金5000元以上的", money) and has_quantity("交纳月工资收入的0.5%。", money)
    assert not has_quantity("第九十七条 收受礼金，情节较轻的，给予警告处分。", money)


def test_a_measure_stated_as_equal_to_another_answers_a_quantity_question() -> None:
    term = asked_units("纪委多久换一届？")
    assert has_quantity("党的各级纪律检查委员会每届任期和同级党的委员会相同。", term)
    # agreeing with someone is no measure
    assert not has_quantity("在思想上政治上行动上同党中央保持高度一致。", term)
    assert not has_quantity("与会同志的意见一样。", term)
    # a term answers how long, never how many times or how many people
    assert not has_quantity("党的各级纪律检查委员会每届任期和同级党的委员会相同。", asked_units("纪委开过几次会？"))
    assert has_quantity("代表名额和上届相同。", asked_units("代表有多少人？"))


@pytest.mark.slow
def test_how_long_a_body_sits_is_answered_by_the_term_it_shares(corpus_service: Service) -> None:
    # 党章第四十五条 gives the 纪委's term only as "和同级党的委员会相同": neither refused for lacking a number nor
    # answered with the 3-to-5 years of the 基层委员会 (第三十一条)
    for question in ("纪律检查委员会多久换一届？", "纪委每届任期多长？"):
        answer = corpus_service.ask(question)
        assert not answer.refused
        assert "和同级党的委员会相同" in answer.text
        assert "三年至五年" not in answer.text

def test_how_often_is_answered_by_a_count_of_times_or_a_period_not_by_a_term() -> None:
    often = asked_units("党支部委员会多久召开一次？")
    assert has_quantity("党的全国代表大会每五年举行一次。", often) and has_quantity("党员应当按月交纳党费。", often)
    assert not has_quantity("支部委员会每届任期三年至五年。", often)
    assert not has_quantity("连续六个月不参加党的组织生活，或不交纳党费。", often)
    # how often a body is re-elected is how long it sits
    assert has_quantity("支部委员会每届任期三年至五年。", asked_units("支部班子多长时间换一次届？"))


@pytest.mark.slow
def test_how_often_dues_are_paid_is_not_answered_by_when_a_member_lapses(corpus_service: Service) -> None:
    # no document says how often dues are paid; 党章第九条's "连续六个月……不交纳党费" is when a member lapses
    answer = corpus_service.ask("党员多久交一次党费？")
    assert answer.refused
    assert "六个月" not in answer.text


def test_an_ordinal_is_no_quantity_and_points_and_weights_need_their_unit() -> None:
    assert not has_quantity("第二十一条 统筹党风廉政建设考核，在年度考核中突出了解责任落实情况。")
    assert not has_quantity("党的第十九次全国代表大会部分修改。")
    assert has_quantity("每届任期三年至五年。")
    points, weight = asked_units("在年度考核里占多少分？"), asked_units("党建考核占多大权重？")
    assert not has_quantity("修订了13类党建考核细则。", points) and has_quantity("党建考核占20分。", points)
    assert has_quantity("党建考核权重不低于30%。", weight) and not has_quantity("考核结果分为5档。", weight)


@pytest.mark.parametrize(("question", "quantity"), [
    ("我们厂长周末请几个老同学去唱歌喝酒，第二天把发票拿去报销了。这么干合规吗？", False),  # the story counts nothing asked
    ("村里几个党员干部怕出危险，躲得远远的不去救，这种人党纪上怎么处理？", False),
    ("支部委员会由几人组成，任期几年？", True),
    ("党员每月交多少党费，怎么交？", True),
    ("党支部每月至少召开几次支委会？", True),
    ("讲艰苦朴素的是第几条？", False),  # an ordinal is asked (which article), not a count
    # in a yes/no question 几 is indefinite ("a few"); a question embedded in one still asks the number
    ("这个处分是支委会几个人开会定了就行吗？要报谁批？", False),
    ("你知道入党要几名介绍人吗？", True),
    # nor does a question whether something may be done count anything
    ("返点厂领导能不能自己揣兜里，或者班子几个人分了？", False),
])
def test_only_the_asking_clauses_make_a_quantity_question(question: str, quantity: bool) -> None:
    assert is_quantity_question(question) is quantity


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    ["明天北京天气怎么样？", "红烧肉怎么做才好吃？", "用Python怎么给列表排序？", "支部委员会会议规定每月至少召开几次？"],
)
def test_off_topic_and_unsupported_questions_are_refused(corpus_service: Service, question: str) -> None:
    answer = corpus_service.ask(question)
    assert answer.refused
    assert answer.text.startswith(REFUSAL_SENTENCE)
    assert answer.citations == []
    assert "[1]" not in answer.text


@pytest.mark.slow
def test_a_yes_no_question_with_an_indefinite_count_is_answered_not_refused_for_lacking_a_number(
        corpus_service: Service) -> None:
    answer = corpus_service.ask("党员犯了错，准备给个严重警告，是支委会几个人商量一下就能定吗？要报谁批准？")
    assert not answer.refused
    assert [c.hit.chunk.locator for c in answer.citations] == ["第四十二条"]


def test_question_about_a_regulation_not_in_the_kb_is_refused_naming_it(corpus_service: Service) -> None:
    answer = corpus_service.ask("《中国共产党支部工作条例（试行）》规定党支部委员会由几名委员组成？")
    assert answer.refused
    assert answer.text.startswith(REFUSAL_SENTENCE)
    assert "中国共产党支部工作条例" in answer.text
    assert answer.hits, "nearest passages are offered as possibly related"
    assert any("可能相关" in n for n in answer.notices)


@pytest.mark.slow
@pytest.mark.parametrize("question", ["2022年党的二十大修改的党章在总纲中新增了哪些内容？", "2015年版《中国共产党纪律处分条例》第一条是怎么规定的？"])
def test_question_about_a_version_not_in_the_kb_is_refused(corpus_service: Service, question: str) -> None:
    answer = corpus_service.ask(question)
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "年版本" in answer.text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "missing"), [
    # a version not held named beside one held: the one held does not answer what the other said
    ("1997年颁布试行的那版纪律处分条例，和2018年版相比处分种类有什么不同？", "1997年版本"),
    ("2013年印发的那份廉洁从业规定修订稿，和2009年版比哪里改了？", "2013年版本"),
])
def test_a_version_not_held_named_beside_one_held_is_refused(corpus_service: Service, question: str, missing: str) -> None:
    answer = corpus_service.ask(question)
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE), answer.text
    assert missing in answer.text


@pytest.mark.slow
def test_the_year_a_case_happened_names_no_version(corpus_service: Service) -> None:
    answer = corpus_service.ask("一名党员2019年3月违规收受礼金，2024年才被查出来，按2018年版条例应当怎么处分？")
    assert not answer.refused, answer.text


@pytest.mark.slow
def test_validity_question_about_an_old_text_mentioned_in_the_kb_is_answered(corpus_service: Service) -> None:
    answer = corpus_service.ask("1980年制定的《关于党内政治生活的若干准则》现在还适用吗？")
    assert not answer.refused
    assert answer.citations


@pytest.mark.parametrize(
    ("term", "text", "said"),
    [
        ("四化", "努力实现干部队伍的革命化、年轻化、知识化、专业化。", True),
        ("三个圈", "自觉净化社交圈、生活圈、朋友圈，决不能……", True),
        ("四个意识", "增强政治意识、大局意识、核心意识、看齐意识。", True),
        ("四化", "推进标准化、规范化建设。", False),  # two items are no four
        ("四风", "反对形式主义、官僚主义、享乐主义和奢靡之风。", False),  # the items do not share the head
        # the shared character opening each item
        ("四讲", "弘扬传统美德，讲修养、讲道德、讲诚信、讲廉耻，养成高风亮节。", True),
        ("四讲", "要讲政治、顾大局、守纪律。", False),
    ],
)
def test_a_numbered_abbreviation_is_mentioned_by_the_list_it_stands_for(term: str, text: str, said: bool) -> None:
    subject = next(s for s in named_subjects(f"干部要做到“{term}”是什么意思？", 10) if s.kind == "term")
    assert subject.said_in(text) is said


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "spelled"),
    [
        # 党章 never writes “四化”; it lists 革命化、年轻化、知识化、专业化
        ("党章要求干部队伍努力实现哪“四化”？", "革命化、年轻化、知识化、专业化"),
        # nor does the 准则 write “四讲”; it lists 讲修养、讲道德、讲诚信、讲廉耻
        ("党内政治生活准则要求领导干部讲哪“四讲”，养成什么样的风节？", "讲修养、讲道德、讲诚信、讲廉耻"),
    ],
)
def test_a_numbered_abbreviation_the_documents_spell_out_is_answered(corpus_service: Service, question: str,
                                                                     spelled: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused
    assert spelled in answer.text


@pytest.mark.parametrize(
    ("term", "text", "said"),
    [
        ("谁授权、谁监督", "坚持授权者要负责监督，发现问题要及时处置。", True),
        ("谁主管，谁负责", "按照主管部门负责的原则落实。", True),
        ("谁授权、谁监督", "授权要规范。\n监督要有力。", False),  # the parts stand in two sentences
        ("谁授权、谁监督", "加强监督，规范授权。", False),  # nor in the slogan's order
    ],
)
def test_a_slogan_of_parallel_clauses_is_mentioned_by_the_principle_it_sums_up(term: str, text: str,
                                                                             said: bool) -> None:
    subject = next(s for s in named_subjects(f"准则对“{term}”是怎么要求的？", 10) if s.kind == "term")
    assert subject.said_in(text) is said


@pytest.mark.slow
def test_a_slogan_the_documents_state_in_other_words_is_answered(corpus_service: Service) -> None:
    # 若干准则 never writes “谁授权、谁监督”; 十一、 says 坚持授权者要负责监督
    answer = corpus_service.ask("另外问一下，党内政治生活准则对“谁授权、谁监督”是怎么要求的？")
    assert not answer.refused and "没有找到" not in answer.text, answer.text
    assert any(c.hit.chunk.locator == "十一、" for c in answer.citations), answer.text


def test_a_set_only_named_is_no_list_of_its_members() -> None:
    assert asked_count("这“六好”具体指哪六个方面？") == (6, "六") and asked_count("具体是哪13类？") == (13, "13")
    assert asked_count("放在哪一条？") == (0, "")  # one of them, not a list
    # the answer names the set by its count but lists too few of its members
    assert names_set_unlisted("修订涵盖“大党建”业务的13类党建考核细则[1]。", 13, "13")
    assert names_set_unlisted("但对照“六好”目标仍有差距，还需在均衡性、全面性上下功夫[1]。", 6, "六")
    # a list with as many members, or an answer not about the counted set, is kept
    assert not names_set_unlisted("努力实现干部队伍的革命化、年轻化、知识化、专业化[1]。", 4, "四")
    assert not names_set_unlisted("只有通过改善党的建设方式，才能实现融合[1]。", 2, "两")
    # items of another list in the same sentence are no members of the set named: only the set name's clause
    # and the clause after it count
    assert names_set_unlisted("落实“三个清单”制度，完善支部（党员、群众）联系机制，明确议事的内容、程序、规则、时限[1]。", 3, "三")
    assert not names_set_unlisted("落实“三个清单”制度，即责任清单、任务清单、问题清单[1]。", 3, "三")


@pytest.mark.slow
def test_members_of_a_set_the_documents_only_name_are_refused(corpus_service: Service) -> None:
    # the 中原油田 article says it revised "13类党建考核细则" and never lists them
    answer = corpus_service.ask("中原油田修订的党建考核细则一共13类，分别是哪13类？")
    assert answer.refused and answer.text.startswith(REFUSAL_SENTENCE)
    assert "没有逐项列出" in answer.text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "kind"), [
    ("国资委根据廉洁从业若干规定制定的实施办法，对领导人员兼职取酬是怎么规定的？", "实施办法"),
    ("保监会依据《国有企业领导人员廉洁从业若干规定》为保险公司制定的补充规定，对高管亲属持股有什么限制？", "补充规定"),
])
def test_what_a_document_made_under_a_held_one_says_is_refused_naming_it(
        corpus_service: Service, question: str, kind: str) -> None:
    # the 若干规定 says such rules may be made (第二十八条), but the knowledge base holds none of them
    answer = corpus_service.ask(question)
    assert answer.refused and kind in answer.text and "原文" in answer.text, answer.text
    # who may make them is what the held regulation itself says
    answer = corpus_service.ask("《国有企业领导人员廉洁从业若干规定》授权哪些单位制定补充规定？")
    assert not answer.refused and "中国银监会" in answer.text, answer.text


def test_a_document_made_under_another_is_read_only_after_a_document_name() -> None:
    assert derived_documents("国资委根据廉洁从业若干规定制定的实施办法有哪些要求？") == [("廉洁从业若干规定", "实施办法")]
    assert derived_documents("我们公司根据上级要求制定的办法合规吗？") == []  # no document named: the asker's own
    assert derived_documents("《若干规定》当初是为了什么制定的？") == []


@pytest.mark.parametrize(
    ("question", "in_passages"),
    [
        # a word quoted in the story, asked of "in this respect": the asker's label, which only the knowledge base must know
        ("我们单位党建和生产经营老是“两张皮”。那家厂在这方面是怎么安排的？", False),
        ("车间开会老是“一言堂”。对此有什么办法？", False),
        # a story word with no pointer back, or a quoted word the asking part names, stays one the passages must say
        ("我们在学“两学一做”。具体要学哪些内容？", True),
        ("我们在学“两学一做”。“两学一做”在这方面要学哪些内容？", True),
    ],
)
def test_a_story_word_the_question_points_back_at_need_not_be_in_the_passages(question: str, in_passages: bool) -> None:
    [subject] = [s for s in named_subjects(question, max_term_chars=10) if s.kind == "term"]
    assert subject.in_passages is in_passages


@pytest.mark.slow
def test_a_problem_labelled_in_the_story_is_answered_by_the_practice_asked_about(corpus_service: Service) -> None:
    # the passage on 中原油田's integration says 同步研究 but never "两张皮"; asking how they meet that problem is
    # answered from it, not refused for the label
    answer = corpus_service.ask("我们厂党建和业务老是“两张皮”。中原油田天然气产销厂在这方面是怎么做的？")
    assert not answer.refused
    assert "同步研究" in answer.text
    assert any("zhongyuan" in c.hit.document.source for c in answer.citations)


@pytest.mark.slow
def test_a_story_word_no_document_knows_is_still_refused_when_asked_back_at(corpus_service: Service) -> None:
    answer = corpus_service.ask("我们车间在学“四史三问”。这方面有什么要求？")
    assert answer.refused
    assert "四史三问" in answer.text
