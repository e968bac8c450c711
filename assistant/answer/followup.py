"""Understanding follow-up questions from the conversation, by rules (no model needed)."""

from __future__ import annotations

import re
from typing import Iterable

from assistant.answer.asktype import ask_type
from assistant.answer.ordinals import ItemReference, item_reference
from assistant.answer.outline import OUTLINED
from assistant.answer.refusal import REFUSAL_SENTENCE
from assistant.answer.siblings import are_siblings, family_words
from assistant.patterns import (
    ARTICLE_NUMBER, ARTICLE_REF, BOOK_TITLE, CITATION_MARK, ITEM_TOPIC, LIST_ITEM_LABEL, NEWER_VERSION_WORDS, OLDER_VERSION_WORDS,
    POINTING_BACK, QUOTED_TERM, SENTENCE_END, VERSION_WITHOUT_YEAR,
)
from assistant.query import parse_query, title_mentions
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning

_ARTICLE_ONLY = re.compile(rf"^(?:那么?|那)?\s*(第\s*(?:{ARTICLE_NUMBER})\s*条)(.*)$")  # "那第十条呢？"
_PRONOUN = re.compile(r"这个规定|这项规定|这一规定|该规定|这个条例|该条例|这部条例|这个文件|该文件|这份文件|这一条|这条规定|这条|该条|它")
# of those, the ones standing for one article ("这条现在还管用吗？")
_ARTICLE_PRONOUN = re.compile(r"这一?条(?:规定)?|该条")
# after such a word, asking about a part of what it stands for ("这一条里，帮别人出走的人呢？", "这条的处分…")
_WITHIN = re.compile(r"\s*(?:里|中|的)")
# of those, the ones standing for a whole document rather than one of its articles (这条规定)
_DOCUMENT_WORD = re.compile(r"(?<!条)(?:规定|条例|文件)")
# discourse words a chat message may open with ("那", "另外想请教：", "还有个问题，"): no part of what is asked
# of those, the ones announcing a new matter ("还有个事：", "另外问个事：", "换个问题："): what follows stands alone
_NEW_MATTER = (r"(?:另外|此外|还有|再)[，,：:、]?\s*(?:(?:想|再)?(?:请教|问)(?:一下)?)?\s*(?:一个|个)(?:问题|事儿|事情|事)"
               r"|换个(?:问题|话题)")
_LEADING = re.compile(rf"^(?:{_NEW_MATTER}|那么|那|其中|另外|此外|还有|我想问一下|我问一下|问一下|想请教一下|想请教|请教一下|请问)"
                      r"[，,：:、]?\s*(?:(?:想|再)?(?:请教|问)(?:一下)?[，,：:、]?\s*)?")
_OPENS_NEW_MATTER = re.compile(f"^(?:{_NEW_MATTER})")
_TRAILING = re.compile(r"呢\s*[？?]?\s*$")
_DEPENDENT = re.compile(rf"^(?!{_NEW_MATTER})(?:那么|那|其中|这|该|它|他们|她们|它们|此外|另外|还有)|呢\s*[？?]?\s*$")
_SUBJECT_END = re.compile(
    r"是怎么|是什么|是否|是哪|讲了|讲的|讲什么|说的|说了|规定了|规定的|怎么|如何|有哪|哪些|有什么|什么|需要|要求|适用|提到|提出|多久|多长|几|吗|？|\?"
    r"|分为哪|分成哪"
)
# a copula left before the question word ("预备党员的预备期是（多长时间）"), or a coverb after a named
# document ("《…规定》由（哪个部门）", "《…条例》从（什么时候）")
_COPULA_END = re.compile(r"(?:都是|就是|是|(?<=[》”])[由从向对在被把给于])\s*$")
# a word that asks rather than names: "怎么办", "哪几种", "多长时间", "什么样"
_INTERROGATIVE = re.compile(r"怎|什么|哪|几|多少|多长|多久|多大|为何|如何|吗")
# a wh-phrase whose noun is the kind of answer asked for, not a topic: 什么时候 (when), 什么地方 (where)
_WH_PHRASE = re.compile(r"什么(?:时候|时间|地方|人)")
# verbs that carry no predicate of their own in a follow-up ("具体有哪几项？", "还包括什么？")
_LIGHT_VERBS = frozenset("有 是 包括 包含 属于 算 指 叫 要 能 会 可以 应当 应该 需要".split())
# asking where what was just said comes from: "出处？第几条？", "依据是什么？", "原文怎么说的？"
_SOURCE_ASK = re.compile(r"出处|来源|原文|依据|出自|哪一?条|第几条|哪个文件|哪份文件|哪部")
_SOURCE_WORDS = re.compile(r"出处|来源|原文|依据|文件|法规|规定|条文")
# a hypothetical: "如果…呢？", "…的话呢？"
_CONDITION = re.compile(r"^(?:如果|要是|假如|假若|万一|若是|若)|的话$")
# asking why: the reason for the whole previous proposition ("为什么要这样安排？")
_WHY = re.compile(r"为什么|为何|什么原因|原因是|理由")
# breaking what was just discussed: "违反了会怎么处理？", "如果不遵守的话会怎样？"
_VIOLATION = re.compile(r"^(?:那么?|如果|要是|假如|若|一旦)?\s*(?:违反|违背|违犯|触犯|不遵守|不执行|没有?遵守|没有?执行)(?:了|的话|这些规定|这个规定|规定|这些)*")
_ACCOUNTABILITY = re.compile(r"责任|问责")  # the second register of sanctions
_TRAILING_MARK = re.compile(r"[？?。！!\s]+$")
_SANCTION_WORDS = frozenset("处分 处理 处罚 后果 责任 问责 规定 纪律".split())  # what such a question asks for
# a version's year ("2018年版", "2018年的"), not the time a case happened ("2023年夏天", "2023年10月", "2023年底")
_VERSION = re.compile(r"(?:19|20)\d{2}\s*年(?:版|修订版?|修正版?|(?![\s\d正一二三四五六七八九十春夏秋冬上下初底末中前后内以]))")
# a version named without its year: the older (旧版, 修订前) or the newer one (新条例) of what was asked
_VERSION_WORD = re.compile(f"{OLDER_VERSION_WORDS}|{NEWER_VERSION_WORDS}")
# a version word right before a document's name ("现行", "2018年版", "旧版"): part of how the name is said
_VERSION_BEFORE = re.compile(rf"(?:{_VERSION.pattern}|{VERSION_WITHOUT_YEAR.pattern}|新|旧|老|原)的?\s*$")
_NEWER_WORDS = re.compile(f"现行|{NEWER_VERSION_WORDS}")  # the version a previous question named without a year
# what a follow-up naming another version asks of the provision spoken of: where it stands there, or how it
# changed ("对应哪一条", "是第几条", "有什么变化", "一样吗", "有这个规定吗"); and the nouns that only relate the two
# versions or name the provision pointed at ("这个规定")
_COUNTERPART_ASKED = re.compile(r"对应|哪一条|第几条|什么变化|哪些变化|有变化|变了|改了|区别|不同(?!意)|一样|差别|改动|新加|新增"
                                r"|有(?:没有)?(?:这个|这条|这项|此|类似的?)(?:规定|条款|条)")
_RELATION_WORDS = frozenset({"对应", "变化", "区别", "不同", "差别", "差异", "改动", "出入", "变动", "规定", "条款", "条文"})


def previous_user_question(history: list[dict] | None) -> str | None:
    for turn in reversed(history or []):
        if turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip()
    return None


def referenced_user_question(question: str, history: list[dict] | None, tokenizer: Tokenizer) -> str | None:
    """The earlier question a follow-up continues: the last one, unless the follow-up points back past it
    ("回到刚才处分那个，能申诉吗？") with words only an earlier question has."""
    asked = [str(t.get("content", "")).strip() for t in (history or []) if t.get("role") == "user"]
    asked = [a for a in asked if a]
    if len(asked) > 1 and _POINTS_BACK.search(question):
        words = own_content_words(question, tokenizer)
        if words and not any(w in asked[-1] for w in words):
            for earlier in reversed(asked[:-1]):
                if any(w in earlier for w in words):
                    return earlier
    return asked[-1] if asked else None


def previous_answer(history: list[dict] | None) -> str:
    for turn in reversed(history or []):
        if turn.get("role") == "assistant":
            return str(turn.get("content", ""))
    return ""


def subject_of(question: str) -> str:
    """The part of a question before its first question word: '党章第九条是怎么规定的？' → '党章第九条'."""
    m = _SUBJECT_END.search(question)
    subject = _COPULA_END.sub("", question[: m.start()] if m else question)
    return subject.strip(" ，,。") or question.rstrip("？?")


def sibling_phrase(prev: str, body: str, tokenizer: Tokenizer) -> str | None:
    """The phrase of ``prev`` naming a sibling of ``body``, which a follow-up "那{body}呢？" replaces: a
    compound with the same head character ("民主生活会" → "党小组会") or a word of the same sibling family
    (assistant/data/sibling_terms.txt: "地方党委" → "党组"), the one sharing most characters first. None
    when no word of ``prev`` is of the same kind (then the previous topic is dropped, not merged with the
    new one)."""
    # the words of prev, and the family words written in it ("领导干部", which jieba splits)
    tokens = sorted({t for t in tokenizer.tokens(prev) if len(t) >= 2 and t in prev} | set(family_words(prev)))
    best, best_key = None, (0, 0)
    for token in tokens:
        key = (len(set(token) & set(body)), len(token))
        if (token == body or are_siblings(token, body)) and key > best_key:
            best, best_key = token, key
    if best is None:
        return None
    # the whole phrase holding it goes ("党员" inside "党员领导干部" → "普通党员", not "普通党员领导干部")
    return max((t for t in tokens if best in t), key=len)


def ellipsis_topic(question: str, tuning: AnswerTuning) -> str | None:
    """The new topic of an elliptical "那X呢？": X, when it is short enough to stand for a word of the
    previous question. "那X的呢？" asks of X's counterpart of what the previous question asked about ("那地方各级
    党代会的呢？" after "…全国代表大会代表的名额…"): the topic is X, without the 的 (kept when only one character
    would be left: "那目的呢？")."""
    question = question.strip()
    if not _TRAILING.search(question):
        return None
    body = _TRAILING.sub("", _LEADING.sub("", question)).strip()
    if body.endswith("的") and len(body) > 2:
        body = body[:-1]
    return body if 0 < len(body) <= tuning.followup_topic_chars else None


def _replace_topic(prev: str, body: str, tokenizer: Tokenizer) -> str | None:
    """``prev`` asked of ``body`` instead of the sibling it names; None when it names none."""
    whole = sibling_phrase(prev, body, tokenizer)
    return with_sibling(prev, whole, body) if whole else None


def with_sibling(prev: str, old: str, new: str) -> str:
    """``prev`` with its word ``old`` replaced by the sibling ``new``. Kinds of the same thing joined in a
    coordination ("总支部委员会和支部委员会": a modifier of a few characters before the same word) go as
    one: "那基层委员会呢？" asks of its own kind instead of all of them, and no word is replaced inside a
    longer one ("总基层委员会")."""
    kind = rf"[^\W的之]{{0,3}}{re.escape(old)}"
    joined = re.search(rf"{kind}(?:[和与及、或]{kind})+", prev)
    if joined and old in joined.group():
        return prev[: joined.start()] + new + prev[joined.end():]
    return prev.replace(old, new)


def _reframe(prev: str, body: str, titles: list[str]) -> str | None:
    """"那入党誓词呢？" after "党章对预备党员的预备期是怎么规定的？": the document the previous question
    named, the new topic, and the previous question's predicate → "《中国共产党章程》入党誓词是怎么规定的？"."""
    named = parse_query(prev, titles).titles
    if not named:
        return None
    m = _SUBJECT_END.search(prev)
    return f"《{named[0]}》{body}{prev[m.start():] if m else '？'}"


def _sanctions(question: str, history: list[dict] | None, titles: list[str], tokenizer: Tokenizer) -> str | None:
    """"违反了会怎么处理？" after a question on what a regulation forbids asks what breaking that regulation
    brings: "违反《国有企业领导人员廉洁从业若干规定》会怎么处理？". Regulations state their sanctions in
    provisions of their own ("违反本规定……的，给予……处理"), which the previous question's wording (what
    is forbidden) would not find. They do so in one of two registers: a sanction of persons (给予……处理、
    处分) or the accountability of an organisation and its leaders (追究责任、问责), so the question asks
    in both ("违反《…主体责任规定》会怎么处理、追究什么责任？"). The document is the one the previous
    question or answer names; None when neither names one, or when the question names something of its own
    ("违反了中央八项规定…")."""
    m = _VIOLATION.match(question)
    if m is None or any(w not in _SANCTION_WORDS for w in own_content_words(question, tokenizer)):
        return None
    named = parse_query(previous_user_question(history) or "", titles).titles or \
        parse_query(previous_answer(history), titles).titles
    if not named:
        return None
    rest = question[m.end():].lstrip("，, ")
    if not _ACCOUNTABILITY.search(rest):
        rest = f"{_TRAILING_MARK.sub('', rest)}、追究什么责任？"
    return f"违反《{named[0]}》{rest}"


def _other_version(question: str, prev: str, tokenizer: Tokenizer) -> str | None:
    """"2018年版也是这样规定的吗？" after "…2023年版第十三条是怎么规定的？": the previous question, asked of
    the version the follow-up names. A version named without a year ("旧版是怎么写的？" after "现行纪律处分
    条例对……是怎么处分的？") counts only when the follow-up asks nothing else of its own."""
    asked = _VERSION.search(question)
    if asked is None:
        asked = _VERSION_WORD.search(question)
        if asked is None or own_content_words(question, tokenizer):  # version words are none of its own
            return None
    if parse_query(_VERSION.sub("", question), []).article is not None:
        return None
    named = _VERSION.search(prev) or _NEWER_WORDS.search(prev) or re.search(OLDER_VERSION_WORDS, prev)
    return prev[: named.start()] + asked.group(0) + prev[named.end():] if named else asked.group(0) + prev


def asks_counterpart(question: str, tokenizer: Tokenizer) -> bool:
    """Whether a question names another version and asks only where the provision spoken of stands there or
    how it changed ("新条例里对应哪一条？", "那旧条例是第几条？", "跟旧版比有什么变化？"): it has no content of its
    own besides the words relating the versions."""
    if not (_VERSION.search(question) or _VERSION_WORD.search(question) or _NEWER_WORDS.search(question)):
        return False
    if not _COUNTERPART_ASKED.search(question):
        return False
    return not [w for w in own_content_words(question, tokenizer) if w not in _RELATION_WORDS]


def _version_counterpart(question: str, prev: str, tokenizer: Tokenizer) -> str | None:
    """The previous question's subject with the follow-up asking of another version after it: "2018年版纪律处分
    条例第九十四条，新条例里对应哪一条？"; None when the follow-up is not such a question."""
    if not asks_counterpart(question, tokenizer):
        return None
    return f"{subject_of(prev)}，{_LEADING.sub('', question.strip()).lstrip('，, ')}"


def referred_item(question: str, history: list[dict] | None, tokenizer: Tokenizer) -> ItemReference | None:
    """The item of the previous turn an ordinal points at ("第一个问题", "第二点", "后者"), or None."""
    prev = previous_user_question(history)
    if not prev:
        return None
    return item_reference(question, prev, subject_of(prev), previous_answer(history), tokenizer)


def _about_item(prev: str, answer: str, ref: ItemReference, titles: list[str]) -> str:
    """"第一个问题是什么原因造成的？" → the document the previous question (or else its answer) names, or the
    previous question's subject, then the item and the rest of the question: "南宁供电局的文章认为基层党建
    工作存在，基层党组织重业务轻党建的现象依然存在，是什么原因造成的？". An item named in the previous
    question itself ("后者" after "留党察看和开除党籍…") needs no subject around it."""
    named = parse_query(prev, titles).titles or parse_query(answer, titles).titles
    # an item of an answer outlining an article's parts is a part: what it says, not how it rules
    rest = _TRAILING.sub("", ref.rest).strip(" ，,") or ("讲了哪些内容？" if OUTLINED.search(answer) else "是怎么规定的？")
    # the previous subject is where the item stands, not a term this question asks about: its quotation
    # marks ("“四有”服务体系") go, so the passage explaining the item is not held to quoting that term
    subject = QUOTED_TERM.sub(r"\1", subject_of(prev))
    if ref.item in prev:
        context = ""
    elif named:
        context = f"《{named[0]}》{_beyond_title(subject, named[0])}"
    else:
        context = subject + "，"
    return f"{context}{ref.item}，{rest}"


# what joins a named document to the matter asked of it: "（条例）规定，", "（党章）里", "（准则）对"
_AFTER_TITLE = re.compile(r"^》?(?:规定了?|里面|里|中|对于|对|关于|要求)?[\s，,：:]*")


def _answered_article(prev: str, answer: str, titles: list[str]) -> str | None:
    """"这条" after an answer that gave one article ("2018年版第十六条规定：……") of the document the previous
    question named ("2018年版纪律处分条例里，党组织被解散以后……"): that article, named by the document's name and
    the version word right before it ("2018年版纪律处分条例第十六条"; not the rest of its clause, "这种情况按纪律处分
    条例", nor the story told before it). None when the answer gave no article or several, or the previous question
    named no document."""
    numbers = {m.group(1) for m in ARTICLE_REF.finditer(CITATION_MARK.sub("", answer))}
    named = parse_query(prev, titles).titles
    if len(numbers) != 1 or not named:
        return None
    norm = _LEADING.sub("", index_form(prev))
    mentions = title_mentions(norm, named[0])
    if not mentions:
        return None
    qualifier = _VERSION_BEFORE.search(norm, 0, mentions[0].start())
    return f"{qualifier.group() if qualifier else ''}{mentions[0].group()}第{numbers.pop()}条"


def _continued(prev: str, history: list[dict] | None, titles: list[str], otherwise: str | None = None) -> str:
    """What a follow-up putting a condition on the previous matter ("要是出国回来，行李箱里夹带了几本这种内容的书呢？")
    or asking more of it without naming anything new ("具体怎么处分？", "具体有哪几项？") is asked of: the one article
    the previous answer gave, in the document and version the previous question named ("现行纪律处分条例第五十二条"),
    else the previous question itself. Such a follow-up narrows or details the case that article answered (the story
    told before the previous question would find other articles); a new topic ("那领导班子以外的其他人员呢？") may
    stand in another article and keeps the question (``otherwise``: what stands in for that article when there is
    none, the previous question by default)."""
    return _answered_article(prev, previous_answer(history), titles) or (otherwise or prev.rstrip("？?。 "))


def _beyond_title(subject: str, title: str) -> str:
    """What a previous question's subject says beyond the document it names, as the matter the listed item
    belongs to: "现行纪律处分条例规定，党的纪律处分工作要遵循" → "党的纪律处分工作要遵循，" (the five principles
    the answer listed are those of the disciplinary work, not of the whole regulation). Empty when only the
    document is named ("纪律处分条例规定了")."""
    norm = index_form(subject)
    mentions = title_mentions(norm, title)
    matter = _AFTER_TITLE.sub("", norm[mentions[-1].end():]) if mentions else ""
    return f"{matter}，" if re.search(r"[\u4e00-\u9fff]{2}", matter) else ""


# the words of an exception asked about ("例外情况", "特殊情形"): a rule's exception, never a topic of its own
_EXCEPTION_WORD = re.compile(r"^(?:特殊|例外)?(?:情况|情形)$|^例外$")


def asks_exception_only(question: str, tokenizer: Tokenizer) -> bool:
    """Whether a question asks for the exceptions to a rule it does not name ("就一点例外都没有吗？", "那有没有特殊
    情况？", "特殊情况下可以不执行吗？"): the rule is the one the conversation was about."""
    return ask_type(question) == "exception" and all(_EXCEPTION_WORD.match(w) for w in own_content_words(question, tokenizer))


def refers_back(question: str, tokenizer: Tokenizer) -> bool:
    """Whether the question itself points at the conversation ("那党小组会呢？", "第十条呢？", "刷卡、签单呢？有什么
    讲究？", "这个规定…", "他们能…吗？")."""
    q = question.strip()
    return bool(_DEPENDENT.search(q) or _ELLIPSIS.search(q) or _PRONOUN.search(q) or _anaphoric(q, tokenizer)
                or _ARTICLE_ONLY.match(q) or _TRAILING.search(q) or asks_exception_only(q, tokenizer))


# "那党小组会呢？": a clause ending in 呢. A leading 那 ("then") alone is no ellipsis: "那下级党组织要是
# 硬顶着不执行，会怎样？" has a subject and predicate of its own; "那要多久？" has none and is read with
# the conversation for that reason.
_ELLIPSIS = re.compile(r"呢\s*(?:[？?]|$)")
# an elliptical clause asked first, then a question confirming the same predicate: "那X呢？也是这么规定的吗？"
_FIRST_ELLIPSIS = re.compile(r"^(.+?呢\s*[？?])\s*(\S.*)$")
_SAME_PREDICATE = re.compile(r"也|同样|一样|这么|这样")
# pointing back past the last turn: "回到刚才…", "前面说的…"
_POINTS_BACK = re.compile(f"回到|{POINTING_BACK}")
# deictic or anaphoric reference to something said before: 这个规定, 该条例, 上述, 它
# The classical demonstrative 此 refers back wherever it stands (为此, 对此, 此类, 此前), except in 彼此 (each other).
# 该 is the demonstrative before a noun (该条例, 该党员), the modal "should" in 应该/活该 and before a question
# word or a coverb ("又该怎么处理", "该由谁负责", "该找谁", "该给什么处分").
_DEMONSTRATIVE_GAI = r"(?<![应活])该(?![怎如咋何几多不由给找向把去是算有要能可在从对让为用])"
_ANAPHORA = re.compile(rf"[这那](?:个|项|一|条|些|部|份|种|次|样|里|是|方面|类|点|件|版|款|章|节|句|事|回事)|{_DEMONSTRATIVE_GAI}(?=[\u4e00-\u9fff])|上述|前述|(?<!彼)此")
# a demonstrative of kind ("这类", "这种", "这些", "这样的"): after the things it sums up, in the same question
_KIND_DEMONSTRATIVE = re.compile(r"[这那](?:一)?(?:类|种|些|样)的?")
# the things summed up are a list ending right before the demonstrative, in the same clause ("A、B这类")
_LISTED_BEFORE = re.compile(r"[、和及或][^，,。；;？?！!：:、]{1,12}$")
# words for a kind of case or conduct that a demonstrative of kind introduces ("这种事", "这类问题")
_CASE_WORD = re.compile(r"事情?|问题|情况|情形|行为|做法|现象|毛病|人")
# "additionally, besides what was said": a question asking what else holds ("当领导干部的，还另外有要求吗？")
# (not as the message's opening word: "另外想请教：企业团委书记……" is a new question)
_ADDITIVE = re.compile(r"(?<=\S)(?:另外|此外|除此之外|除了这些|还有别的|还有其他|其他还)")
# a third-person pronoun (他们, 她, 它): it points back to the conversation when nothing in the question before it
# names what it stands for ("经过批准兼了职的，他们能在那边拿报酬吗？", "它现在还有效吗？"), not in
# "申请人入党前，组织要同他谈话吗？" or "…那篇文章开头为什么这样说？它又指出哪些问题？";
# 其他/其它 (other), 他人 (others), 他国/他乡/他处/他日 are no pronouns
_PERSONAL_PRONOUN = re.compile(r"(?<!其)[他她它](?![人国乡处日])们?")
# a bare head noun owned by the askers ("上级领导会不会来参加我们的会？" after a question on 民主生活会): the
# meeting or activity of that kind the previous question named, said by its head alone
_OWNED_BARE_HEAD = re.compile(r"(?:我们|咱们|俺们|你们)(?:的|那个|这个)?(会议|会|活动)(?![\u4e00-\u9fff])")


def owned_bare_head(question: str, said: str, tokenizer: Tokenizer) -> str | None:
    """The question with a bare head the askers own put back in full ("我们的会" → "我们的民主生活会") when what was
    ``said`` before names a compound ending in it; None when the question says no such head or nothing said names
    such a compound."""
    m = _OWNED_BARE_HEAD.search(question)
    if m is None:
        return None
    head = m.group(1)
    compounds = [w for w in tokenizer.tokens(said) if len(w) > len(head) + 1 and w.endswith(head) and w in said]
    if not compounds:
        return None
    return question[: m.end(1) - len(head)] + max(compounds, key=len) + question[m.end(1):]


def _sums_up(question: str, at: int, tokenizer: Tokenizer) -> bool:
    """Whether the demonstrative at ``at`` sums up the kind of things named right before it in the question:
    after a list of them ("权力寻租、利益输送这类问题") or before a word for a kind of case ("拉横幅这种事"),
    not something said before ("预备党员这些权利", "开除党籍这一种处分…也能减一档吗")."""
    kind = _KIND_DEMONSTRATIVE.match(question, at)
    if kind is None:
        return False
    tagged = [(w, f) for w, f in tokenizer.tagged(question[:at]) if w.strip()]
    named = bool(tagged) and len(tagged[-1][0]) >= 2 and bool(_nouns(tagged[-1:]) or tagged[-1][1] in ("i", "l", "v"))
    listed = _LISTED_BEFORE.search(question[:at]) is not None
    return named and (listed or _CASE_WORD.match(question, kind.end()) is not None)


def _anaphoric(question: str, tokenizer: Tokenizer) -> bool:
    """Whether the question refers to something said before: a demonstrative (这个规定, 该条例, 此, 它) other
    than one summing up what the question itself names just before it, or a third-person pronoun standing for
    someone only the conversation names (no content noun precedes it)."""
    if any(not _sums_up(question, m.start(), tokenizer) for m in _ANAPHORA.finditer(question)):
        return True
    m = _PERSONAL_PRONOUN.search(question)
    if not m:
        return False
    tagged = [(w, f) for w, f in tokenizer.tagged(_LEADING.sub("", question[: m.start()])) if f != "x"]
    return not _nouns(tagged)


def _nouns(tagged: list[tuple[str, str]], min_chars: int = 2) -> list[str]:
    """Content nouns ("党小组会", "主题党日活动"); pronouns and numerals are not."""
    return [word for word, flag in tagged if (flag.startswith("n") or flag in ("vn", "j", "eng")) and len(word) >= min_chars]


def _has_predicate(tagged: list[tuple[str, str]]) -> bool:
    """A verb, an adjective, or a question word carrying the predicate ("党费怎么交", "是否有效", "是什么")."""
    return any(flag[0] in "var" or flag == "y" for word, flag in tagged if word.strip())


def _predicate_nouns(question: str, tokenizer: Tokenizer) -> list[str]:
    """Content nouns of a question after its subject ("权利" in "党员有哪些权利？"): the topic may be there."""
    m = _SUBJECT_END.search(question)
    return own_content_words(question[m.start():], tokenizer) if m else []


def leading_noun_phrase(question: str, tokenizer: Tokenizer) -> str:
    """The noun phrase a question opens with, its topic: "党支部委员会每届任期几年？" → "党支部委员会",
    "预备党员的预备期是多长时间？" → "预备党员的预备期", "《…条例》由谁负责解释？" → "《…条例》". Empty when
    the question opens with something else ("延长预备期…")."""
    title = BOOK_TITLE.match(question)  # a document's name is one unit, whatever is inside it
    words: list[str] = [title.group(0)] if title else []
    tagged = [(w, f) for w, f in tokenizer.tagged(question[title.end():] if title else question) if w.strip()]
    for i, (word, flag) in enumerate(tagged):
        nominal = flag.startswith("n") or flag in ("vn", "j", "eng") or word in "“”"
        linking = word == "的" and i + 1 < len(tagged) and tagged[i + 1][1].startswith("n") and words
        if not (nominal or linking) or _INTERROGATIVE.search(word):
            break
        words.append(word)
    return "".join(words) if any(w not in "“”" for w in words) else ""


def asks_own_predicate(question: str, tokenizer: Tokenizer) -> bool:
    """Whether a question without a subject says what it asks of the topic itself: a full verb ("多久开一次？",
    "期满以后怎么办？", "由谁主持？"), not only a light one that leans on the previous predicate ("具体有哪几项？",
    "都是吗？")."""
    tagged = [(w, f) for w, f in tokenizer.tagged(question) if f != "x"]
    return any(f.startswith("v") and w not in _LIGHT_VERBS for w, f in tagged)


def own_content_words(question: str, tokenizer: Tokenizer) -> list[str]:
    """The things a question is about in its own words: its content nouns ("红烧肉", "党小组会"). Question
    words, numerals, pronouns and bare verbs ("具体有哪几项", "多久开展一次", "2018年版也是这样吗") are none:
    such a question is only about what was said before. Idioms and set phrases count as content (jieba tags
    "今天天气" as one idiom, not as a noun). A word that asks is none, whatever its tag ("怎么办", "哪几种",
    "多长时间")."""
    tagged = [(w, f) for w, f in tokenizer.tagged(_VERSION_WORD.sub("，", _WH_PHRASE.sub("", question))) if f != "x"]
    idioms = [w for w, f in tagged if f in ("i", "l") and len(w) >= 2]
    return [w for w in dict.fromkeys(_nouns(tagged) + idioms) if not _INTERROGATIVE.search(w)]


_STORY_END = re.compile(r"[。！!]")  # the end of a sentence told, not asked


def _without_titles(text: str, titles: Iterable[str]) -> str:
    """``text`` in index form with every mention of the ``titles`` (full or short names) blanked."""
    norm = index_form(text)
    for title in titles:
        for m in reversed(title_mentions(norm, title)):
            norm = norm[: m.start()] + " " * len(m.group()) + norm[m.end():]
    return norm


def _names_new_things(question: str, own: list[str], said: str) -> bool:
    """Whether the question names a thing that ``said`` (the previous question without the names of its documents,
    in index form) did not: one of its ``own`` content words, or what an opening "那X呢？" asks about ("那从重处分呢？
    跟加重是一回事吗？", where jieba reads 从重 as an adverb)."""
    first = _FIRST_ELLIPSIS.match(question)
    things = own + ([_TRAILING.sub("", _LEADING.sub("", first.group(1))).strip()] if first else [])
    return any(w and index_form(w) not in said for w in things)


def _tells_own_story(question: str, tokenizer: Tokenizer) -> bool:
    """Whether a message tells a story of its own before it asks ("我们总经理的儿子开了家公司，一直给我们公司供货。
    廉洁从业的规定允许这种买卖吗？"): sentences ending in 。 or ！ that name things (content nouns), say something
    of them ("明白了。" tells nothing) and point back at nothing themselves. A demonstrative in the asking sentence
    then points into that story, not at the conversation, as after a message announcing a new matter."""
    ends = list(_STORY_END.finditer(question))
    if not ends:
        return False
    story = _LEADING.sub("", question[: ends[-1].end()])
    tagged = [(w, f) for w, f in tokenizer.tagged(story) if f != "x"]
    return bool(_nouns(tagged)) and _has_predicate(tagged) and not _anaphoric(story, tokenizer)


# a question opening with the one it asks about as the agent or addressee ("由谁选举产生？", "向谁报告？"): what is
# elected or reported is left unsaid, the previous turn's topic
_ASKS_WHO_FIRST = re.compile(r"^(?:那么?|那)?\s*(?:由|向|对|给|跟|找|归|被)谁")


def _asks_who_first(question: str) -> bool:
    """Whether a question opens asking who ("由谁选举产生？", "那向谁报告？"): it names no subject of its own,
    whatever jieba tags its verbs (产生 and 报告 as nouns)."""
    return bool(_ASKS_WHO_FIRST.match(question.strip()))


def needs_context(question: str, titles: Iterable[str], tokenizer: Tokenizer, given: str = "",
                  short_chars: int = 0) -> bool:
    """Whether a question is elliptical and must be read with the conversation: an ellipsis marker (那…呢),
    an anaphor (这个/该/上述/它), a bare article number with no document named ("第十条是什么？"), a
    missing subject or predicate, or a subject that is only what was ``given`` in the previous turn
    ("方式方法具体有哪些？" after an answer naming 方式方法), or, up to ``short_chars`` long, one asking who
    first ("由谁选举产生？": jieba reads some of its verbs as nouns). A question with a subject and predicate of
    its own stands alone."""
    q = question.strip()
    if _asks_who_first(q) and len(q) <= short_chars:
        return True
    # "…还另外有要求吗？" asks what else holds besides what was said; after a question of its own ("…健全起来？
    # 另外还提到…？") the additive word continues that question
    first = re.split(r"(?<=[？?])", _LEADING.sub("", q), maxsplit=1)[0]
    if _ELLIPSIS.search(q):
        return True
    # a message announcing a new matter ("另外问个事：…这样有问题吗？") or telling a story before it asks tells its
    # own story: its demonstratives and additive words point into it, not at the conversation
    own_story = _OPENS_NEW_MATTER.match(q) or _tells_own_story(q, tokenizer)
    if not own_story and (_anaphoric(q, tokenizer) or _ADDITIVE.search(first)):
        return True
    if given and owned_bare_head(q, given, tokenizer) is not None:
        return True
    if asks_exception_only(q, tokenizer) or asks_counterpart(q, tokenizer):
        return True
    if asks_similar_in(q, titles):
        return True  # "纪律处分条例里有类似的规定吗？": the provision spoken of, in that document
    if ARTICLE_REF.search(q) and not parse_query(q, titles).titles:
        return True
    tagged = [(w, f) for w, f in tokenizer.tagged(_WH_PHRASE.sub("", ARTICLE_REF.sub("", _LEADING.sub("", q)))) if f != "x"]
    nouns = [noun for noun in _nouns(tagged) if not _INTERROGATIVE.search(noun) and not _VERSION_WORD.fullmatch(noun)]
    if not nouns or not _has_predicate(tagged):
        return True
    return bool(given) and all(noun in given for noun in nouns)


def rewrite_followup(question: str, history: list[dict] | None, titles: Iterable[str], tokenizer: Tokenizer,
                     tuning: AnswerTuning) -> str:
    """A self-contained question for retrieval; the question itself when it needs no context."""
    question = question.strip()
    prev = referenced_user_question(question, history, tokenizer)
    if not prev:
        return question
    first = _FIRST_ELLIPSIS.match(question)
    if first and _SAME_PREDICATE.search(first.group(2)):
        question = first.group(1)  # "那民营企业里的党组织呢？也是这么定位的吗？": the elliptical clause carries it
    # "我们的会" is the 民主生活会 the previous turn spoke of (what needs_context read it against)
    question = owned_bare_head(question, f"{prev}\n{previous_answer(history)}", tokenizer) or question
    question = _part_named(question, previous_answer(history)) or question
    titles = list(titles)
    pronoun = _PRONOUN.search(question)
    # "这条现在还管用吗？", "这条在旧版里是第几条？": the one article the previous answer gave
    if pronoun and _ARTICLE_PRONOUN.fullmatch(pronoun.group()) and not _WITHIN.match(question, pronoun.end()):
        article = _answered_article(prev, previous_answer(history), titles)
        if article is not None:
            return _PRONOUN.sub(article, question, count=1)
    # "那旧条例是第几条？", "旧版有这个规定吗？" ask where the provision spoken of stands in another version: neither
    # which article said the previous answer, nor about the regulation the version word names
    counterpart = _version_counterpart(question, prev, tokenizer)
    if counterpart is not None:
        return counterpart
    named = parse_query(question, titles).titles
    if named:
        return _other_document(question, prev, named, titles) or question
    item = referred_item(question, history, tokenizer)
    if item is not None:
        return _about_item(prev, previous_answer(history), item, titles)
    source = _source_of_answer(question, previous_answer(history), tokenizer, tuning)
    if source is not None:
        return source
    sanctions = _sanctions(question, history, titles, tokenizer)
    if sanctions is not None:
        return sanctions
    version = _other_version(question, prev, tokenizer)
    if version is not None:
        return version
    if asks_exception_only(question, tokenizer):  # the exceptions to the rule the previous question asked about
        return f"{prev.rstrip('？?。 ')}，{_LEADING.sub('', question)}"
    art = _ARTICLE_ONLY.match(question)
    if art and len(question) <= tuning.followup_short_chars:
        rest = _TRAILING.sub("", art.group(2)).strip() or "是怎么规定的？"
        if ARTICLE_REF.search(prev):
            return ARTICLE_REF.sub(art.group(1), prev, count=1)
        return subject_of(prev) + art.group(1) + rest
    if pronoun:
        named = subject_of(prev)
        in_subject = parse_query(named, titles).titles
        if not in_subject:
            found = parse_query(previous_answer(history), titles).titles
            named = f"《{found[0]}》" if found else named
        elif _DOCUMENT_WORD.search(pronoun.group()) and not ARTICLE_REF.search(named):
            # "这个规定" is the document the previous question named, not the rest of its opening ("《…》当初是为");
            # after an article ("2018年版条例第十条"), it is that article
            named = f"《{in_subject[0]}》"
        rewritten = _PRONOUN.sub(named, question, count=1)
        article = _answered_article(prev, previous_answer(history), titles) if ITEM_TOPIC.search(question) else None
        # "那在人才这方面，它要做些什么？": one aspect of the matter the previous answer's one article settled
        return f"{article}，{rewritten}" if article else rewritten
    additional = _additional_of_sibling(question, prev, tokenizer)
    if additional is not None:
        return additional
    first = _FIRST_ELLIPSIS.match(question)
    if first:  # "要是已经信了呢？具体怎么处分？": the previous question under this condition, asked this
        condition = _TRAILING.sub("", _LEADING.sub("", first.group(1))).strip()
        if _CONDITION.search(condition):
            return f"{_continued(prev, history, titles)}，{condition}，{first.group(2).strip()}"
    if _TRAILING.search(question):
        body = _TRAILING.sub("", _LEADING.sub("", question)).strip()
        if _CONDITION.search(body):  # "上级不同意改的话呢？": the previous question, under this condition
            return f"{_continued(prev, history, titles)}，{body}？"
        topic = ellipsis_topic(question, tuning)
        if topic is not None:
            replaced = _replace_topic(prev, topic, tokenizer) or _reframe(prev, topic, titles)
            if replaced:
                return replaced
        else:  # a longer "那X里的Y呢？": a sibling word in it, all else already in the previous question
            swapped = _sibling_swap(body, prev, tokenizer)
            if swapped:
                return swapped
        # others in the matter the previous answer settled in one article ("那帮他打掩护的人呢？", "那只是跟着参加的
        # 普通成员呢？") are asked of that article; those beyond it ("那领导班子以外的其他人员呢？") may stand elsewhere
        subject = subject_of(prev)
        return f"{subject if _BEYOND.search(body) else _continued(prev, history, titles, subject)}，{body}？"
    if not own_content_words(question, tokenizer) or _asks_who_first(question):
        if asks_own_predicate(question, tokenizer) and not _predicate_nouns(prev, tokenizer) and not _WHY.search(question):
            topic = leading_noun_phrase(prev, tokenizer) or subject_of(prev)
            return f"{topic}，{_LEADING.sub('', question)}"  # "多久开一次？": the topic, this predicate
        return f"{_continued(prev, history, titles)}，{_LEADING.sub('', question)}"  # "具体有哪几项？": the previous matter
    if _DEPENDENT.search(question) or len(question) <= tuning.followup_short_chars:
        context = subject_of(prev)
        prev_titles = parse_query(prev, titles).titles
        anaphoric = _anaphoric(_LEADING.sub("", question), tokenizer)
        # the words of the previous question's document names are no topic a sibling replaces ("纪律处分条例" holds
        # 处分, which a follow-up asking "最重能给到什么处分？" says too)
        topics = _without_titles(prev, prev_titles)
        own = own_content_words(question, tokenizer)
        if not anaphoric and any(sibling_phrase(topics, w, tokenizer) not in (None, w) for w in own):
            # it names a sibling of the previous topic ("那省里、市里开的党代表大会呢？能决定哪些事？" after a question on
            # 全国代表大会): the new topic replaces the old one, only the document asked or answered from carries over
            named = prev_titles or parse_query(previous_answer(history), titles).titles
            context = f"《{named[0]}》" if named else ""
            return f"{context}{_LEADING.sub('', question)}"
        if prev_titles and asks_own_predicate(question, tokenizer) and not anaphoric:
            if not _names_new_things(question, own, topics):
                # a verb of its own but no thing the previous question did not name ("那具体追究哪些人？最重能给到
                # 什么处分？" after a question on the sanctions for a failed duty): more about the same matter
                return f"{_continued(prev, history, titles)}，{_LEADING.sub('', question)}"
            # its own things and a full verb of its own ("那一个人同时犯了好几样违纪的事呢？处分怎么算？"), and
            # nothing pointing back ("这个…还是这么规定的吗？"): of the previous question only the document it was
            # asked in carries over, not the terms it asked about
            context = f"《{prev_titles[0]}》"
        elif not anaphoric or _AMONG.match(question):
            # "具体怎么处分？", "其中讲干部队伍建设的那一项……": the article the previous answer gave, when it gave one
            context = _continued(prev, history, titles, context)
        return f"{context}，{_LEADING.sub('', question)}"
    if _anaphoric(question, tokenizer):
        # "企业要为此建立什么制度？": 此 is what the previous question asked about; so are "他们"
        return f"{prev.rstrip('？?。 ')}，{question}"
    prev_titles = parse_query(prev, titles).titles
    if prev_titles:
        return f"{prev_titles[0]} {question}"
    return question


# among what the previous answer gave: "其中讲民主集中制的那一项"
_AMONG = re.compile(r"^(?:那么?)?其中")
# words stepping outside the group or matter spoken of: "领导班子以外", "其他人员", "别的单位"
_BEYOND = re.compile(r"以外|之外|其他|其它|别的|另外的")
_IN_DOCUMENT = re.compile(r"(?:里面|里|中|的规定|上)$")  # "纪律处分条例里呢？": in that document
# after a document's name, asking only whether it has a provision like the one spoken of ("纪律处分条例里有对应的处分
# 条款吗？", "廉洁自律准则里有类似的要求吗？"): the previous question, asked of that document
_SIMILAR_ASKED = re.compile(r"^(?:里面|里|中|上)?(?:有没有|有|是否有|也有)(?:类似|相应|对应|相关|同样|相似)的?(?:处分|处理|纪律)?"
                            r"(?:要求|规定|条款|条文|内容|说法|处分|条)吗?$")


# a demonstrative pointing at a part of what was said: "这一点最后说……", "这部分开头……"
_PART_DEMONSTRATIVE = re.compile(r"^(?:这一?点|这一?部分|这一?段)")


def _part_named(question: str, answer: str) -> str | None:
    """"这一点最后说……" after an answer that named the part by quoting its wording ("讲稿第三部分“三是坚持融合发展”
    提出：……"): the question with the part's quoted name for the demonstrative, which finds the passage saying it.
    None when the question opens with no such demonstrative or the answer quotes no part's name (a quoted term
    such as “三重一大” names none)."""
    m = _PART_DEMONSTRATIVE.match(question)
    if m is None:
        return None
    # the part's own name: quoted wording opening with a list label ("三是…", "（二）…") or right after "部分"
    names = [q.group(1) for q in QUOTED_TERM.finditer(answer)
             if LIST_ITEM_LABEL.match(q.group(1)) or answer[: q.start()].endswith("部分")]
    return f"“{names[0]}”{question[m.end():]}" if names else None


def _other_document(question: str, prev: str, named: tuple[str, ...], titles: list[str]) -> str | None:
    """"纪律处分条例呢？" after "党章有几章？": the previous question, asked of the one document this question names
    and nothing else; None when it says more, or the previous question named no other single document."""
    body = _IN_DOCUMENT.sub("", _TRAILING.sub("", _LEADING.sub("", index_form(question).strip())).strip())
    similar = _similar_asked(body, named)
    if similar is not None:
        body = similar
    elif len(named) != 1 or not any(m.group() == body for m in title_mentions(body, named[0])):
        return None
    before = parse_query(prev, titles).titles
    prev_form = index_form(prev)
    spans = title_mentions(prev_form, before[0]) if len(before) == 1 and before[0] != named[0] else []
    if not spans:
        # "……有什么要求？" named no document: asked of the one named now ("纪律处分条例里，……")
        return f"{body}里，{prev_form}" if similar is not None and not before else None
    return prev_form[: spans[-1].start()] + body + prev_form[spans[-1].end():]


def asks_similar_in(question: str, titles: Iterable[str]) -> bool:
    """Whether a question names one document and asks only whether it has a provision like the one spoken of
    ("纪律处分条例里有对应的处分条款吗？"): its words besides are no topic of its own."""
    return _similar_asked(_LEADING.sub("", index_form(question.strip())), tuple(parse_query(question, titles).titles)) is not None


def _similar_asked(text: str, named: tuple[str, ...]) -> str | None:
    """The document's name when ``text`` is that name followed only by asking whether it has a provision like
    the one spoken of ("纪律处分条例里有对应的处分条款吗？"); None otherwise."""
    if len(named) != 1:
        return None
    text = _TRAILING_MARK.sub("", text)
    for m in title_mentions(text, named[0]):
        if m.start() == 0 and _SIMILAR_ASKED.match(text[m.end():]):
            return m.group()
    return None


def _source_of_answer(question: str, answer: str, tokenizer: Tokenizer, tuning: AnswerTuning) -> str | None:
    """"出处？第几条？" asks where the previous answer's words come from: its opening sentence (citation
    marks and notes left out) is searched for, and finds the passage it quotes. None for any other question,
    or when the question names something of its own ("党章第几条规定了入党誓词？")."""
    if not _SOURCE_ASK.search(question) or len(question) > tuning.followup_short_chars or REFUSAL_SENTENCE in answer:
        return None  # a refusal quotes nothing
    if any(not _SOURCE_WORDS.fullmatch(w) for w in own_content_words(question, tokenizer)):
        return None
    said = CITATION_MARK.sub("", re.split(r"\n\s*注意[:：]", answer, maxsplit=1)[0]).strip()
    first = SENTENCE_END.split(said, maxsplit=1)[0].strip() if said else ""
    return f"{first}，出自哪一条？" if len(first) >= tuning.sentence_min_chars else None


def _additional_of_sibling(question: str, prev: str, tokenizer: Tokenizer) -> str | None:
    """"当领导干部的，还另外有要求吗？" after "廉洁自律准则对全体党员提了哪些要求？": what else is asked of a
    sibling of the previous question's word (领导干部 of 党员) is the previous question asked of it. None
    without an additive marker or a sibling, or when the question asks something else of its own
    ("预备党员另外还有什么义务吗？" after a question on 权利: a word that is neither the sibling nor in ``prev``)."""
    if not _ADDITIVE.search(question):
        return None
    return _sibling_swap(question, prev, tokenizer)


def _sibling_swap(text: str, prev: str, tokenizer: Tokenizer) -> str | None:
    """``prev`` with its word replaced by the sibling ``text`` names, when every other word of ``text`` is
    one ``prev`` already has ("民营企业里的党组织" after "国有企业里的党组织…": 民营企业 for 国有企业); None
    when ``text`` names no sibling of a word of ``prev`` or says something of its own besides."""
    words = list(dict.fromkeys(family_words(text) + own_content_words(text, tokenizer)))
    for word in words:
        replaced = _replace_topic(prev, word, tokenizer)
        if replaced is None or replaced == prev:
            continue
        if all(other in prev or other in word for other in words if other != word):
            return replaced
    return None
