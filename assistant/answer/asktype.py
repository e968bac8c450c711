"""What kind of answer a question asks for (a number, a duration, an age, a list, a procedure, a definition,
who or when, whether a conduct is allowed), and whether a sentence holds that kind of thing. Both are read
from general question words and sentence shapes, never from particular questions."""

from __future__ import annotations

import re
from typing import Literal

from assistant.patterns import COUNT_WORD, QUANTITY_NUMBER, SHARE_WORDS
from assistant.textnorm import index_form

AskType = Literal["exception", "age", "duration", "number", "when", "who", "procedure", "requirement", "list", "definition",
                  "permission", "other"]

# asking whether something may be done ("能不能…", "可不可以…", "行不行"): a yes/no question of permission
_MAY_IT = r"能不能|可不可以|可以不可以|行不行|能否|可否"
# question words, tried in this order (the more specific kinds first)
_ASKS: tuple[tuple[AskType, re.Pattern[str]], ...] = (
    # whether a rule has exceptions ("就一点例外都没有吗？", "什么情况下可以不…")
    ("exception", re.compile(r"例外|特殊情况|特殊情形|什么情况下(?:可以|能)?不")),
    ("age", re.compile(r"多大|年龄|几岁|多少岁|年满")),
    # a period's name asks its length, not as what an action changes or ends ("延长预备期", "预备期满")
    ("duration", re.compile(r"多久|多长时间|多长|几年|几个月|多少年|多少天|几天|(?<!延长)(?<!缩短)(?:期限|任期|预备期)(?![满内])")),
    ("number", re.compile(r"多少|(?<!哪)几[次名个人条项届种类倍]|比例|人数|次数")),
    ("when", re.compile(r"什么时候|何时|哪一年|哪年|哪一天|几月|几号|什么时间|何日|起施行|生效")),
    ("who", re.compile(r"谁|哪(?:个|些)(?:部门|单位|机构|机关|党?组织)|哪一级|哪级|由哪|什么人|什么机构|负责人")),
    ("procedure", re.compile(r"如何|怎样|怎么|步骤|流程|程序|环节|做法|办法|措施|途径|举措|路径")),
    # 要求 as the thing asked for ("有什么要求"), not the verb ("有没有权利要求…答复")
    ("requirement", re.compile(r"(?:什么|哪些|哪几|有何|具体|基本|总的?)要求|要求(?:是什么|有哪些|有什么|是|包括)|注意事项|注意什么|应当遵守|必须遵守|纪律要求")),
    ("list", re.compile(r"哪些|哪几|哪[一二三四五六七八九十两]+[步项条个种类点]|几个方面|有什么要求|什么要求|要求有|包括什么|包含什么|包括哪|内容有|主要内容|方面")),
    # telling two things apart asks what each is ("跟加重是一回事吗？", "从轻和减轻有什么区别？")
    ("definition", re.compile(r"是什么|什么是|指什么|含义|定义|何谓|什么意思|是指|一回事|区别|不同之处")),
    # whether a conduct is allowed ("能不能…", "这样合规吗？", "算违纪吗？"): a rule that forbids, permits or punishes
    ("permission", re.compile(rf"{_MAY_IT}|可以吗|行吗|合规吗|违纪吗|算违纪|算不算违|允许吗|能这么|能这样|违反[^，。？]{{0,10}}吗|违规吗")),
)
# the sentences of a question that ask (ending in ？) and their clauses; the question words that make a clause ask.
# 几 is no such word: "几个同事", "几间门面房", "想多干几年" in a story count nothing asked
_ASKING_SENTENCE = re.compile(r"[^。！!？?]*[？?]")
_CLAUSE = re.compile(r"(?<=[，,；;：:])")
# a yes/no question (…吗？, or one asking whether something may be done: 能不能…, 可不可以…) asks no number: a 几
# in it is indefinite ("支委会几个人开会定了就行吗？", "能不能…班子几个人分了？"), unless it embeds a question
# ("你知道要几名介绍人吗？")
_YES_NO = re.compile(rf"吗\s*[？?]?\s*$|{_MAY_IT}")
_EMBEDS = re.compile(r"知道|清楚|了解|告诉")
_COUNT = re.compile(COUNT_WORD)
_ASKING = re.compile(rf"多少|多久|多长|怎么|怎样|如何|什么|啥|哪|谁|吗|呢|是否|能否|可否|能不能|是不是|为什么|为何|{SHARE_WORDS}")
_HOLDS: dict[str, re.Pattern[str]] = {
    "exception": re.compile(r"除[^。；]{1,60}外|但是?|特殊情况|特殊情形|(?<!没有)(?<!无)例外|另有规定|不在此限"),
    "age": re.compile(QUANTITY_NUMBER + r"\s*周?岁"),
    "duration": re.compile(QUANTITY_NUMBER + r"\s*(?:个)?(?:年|个月|月|日|天|周|小时|学时)(?:内|以内|以上|为期|期|后)?|任期|期限|每(?:年|半年|季度|月|周)"),
    "number": re.compile(QUANTITY_NUMBER + r"\s*(?:个)?(?:次|名|人|年|月|日|天|周|岁|类|条|项|种|%|％|倍|学时|小时|届|期|季度)"),
    "when": re.compile(r"(?:19|20)\d{2}年|\d{1,2}月\d{1,2}日|每(?:年|半年|季度|月|周)|起施行|之日起|期间|届满"),
    "who": re.compile(r"由[^，。；]{1,20}(?:负责|召集|主持|组织|审批|批准|决定|讨论)|书记|委员会|党组织|党委|纪委|支部"),
    "procedure": re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+步)|首先|其次|然后|最后|之后|经过|报[^，。]{0,8}(?:批准|审批|备案)"),
    "requirement": re.compile(r"必须|应当|应该|要(?!求)|不得|严禁|禁止|不准|须|坚持|防止"),
    "list": re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+是)|[^、]{1,12}、[^、]{1,12}、|包括|分为|主要有"),
    "definition": re.compile(r"[”’\"」』]?(?:是指|是|指|即|就是)"),
    "permission": re.compile(r"不得|禁止|严禁|不准|不允许|不许|不能|必须|可以|允许|有权|给予[^。；]{0,40}处分|开除党籍|追究|(?:依照|按照)[^。；]{0,10}规定处理"),
}


def ask_type(question: str) -> AskType:
    """The kind of answer the question asks for (the first question word that matches, 'other' when none),
    read from the clauses that ask (see ``asked_part``)."""
    norm = asked_part(index_form(question))
    return next((kind for kind, pattern in _ASKS if pattern.search(norm)), "other")


def asked_part(question: str) -> str:
    """What a question asks, without the story told before it ("我们厂长周末请几个老同学去唱歌。……合规吗？",
    "快到退休年龄了，想多干几年。他是党员，这事党纪上怎么处理？") or a subject named in a clause of its own
    ("国企领导人员廉洁从业那些要求，对我也适用吗？"): its sentences ending in ？ (all of it when none does), each
    from its last clause back to the first clause before it that asks nothing. A 几 in a yes/no question is
    indefinite and asks no number (it is left out)."""
    asked = []
    for sentence in _ASKING_SENTENCE.findall(question) or [question]:
        clauses = _CLAUSE.split(sentence)
        kept = [clauses[-1]]
        for clause in reversed(clauses[:-1]):
            if not _ASKING.search(clause):
                break
            kept.insert(0, clause)
        kept_text = "".join(kept)
        if _YES_NO.search(kept_text) and not _EMBEDS.search(kept_text):
            kept_text = _COUNT.sub("些", kept_text)  # "几个人开会定了就行吗？": a few people, no number asked
        asked.append(kept_text)
    return "".join(asked)


def asking_sentences(question: str) -> str:
    """The sentences of a question that ask, whole (those ending in ？; all of it when none does): what the
    asker wants to know, without the story told before it ("组织部门要推荐一批后备干部，让我们先对照党章自查。")."""
    return "".join(_ASKING_SENTENCE.findall(question)) or question


def final_clause(question: str) -> str:
    """The question's last clause ("…从重处分呢？跟加重是一回事吗？" → "跟加重是一回事吗？")."""
    sentences = _ASKING_SENTENCE.findall(question) or [question]
    return _CLAUSE.split(sentences[-1])[-1]


def holds(kind: AskType, sentence: str) -> bool:
    """Whether the sentence holds what a question of ``kind`` asks for ('other' questions: always)."""
    pattern = _HOLDS.get(kind)
    return True if pattern is None else bool(pattern.search(index_form(sentence)))


def wants_enumeration(kind: AskType) -> bool:
    return kind in {"list", "procedure", "requirement"}
