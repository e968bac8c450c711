"""What kind of answer a question asks for (a number, a duration, an age, a list, a procedure, a definition,
who or when), and whether a sentence holds that kind of thing. Both are read from general question words
and sentence shapes, never from particular questions."""

from __future__ import annotations

import re
from typing import Literal

from assistant.patterns import QUANTITY_NUMBER
from assistant.textnorm import index_form

AskType = Literal["age", "duration", "number", "when", "who", "procedure", "requirement", "list", "definition", "other"]

# question words, tried in this order (the more specific kinds first)
_ASKS: tuple[tuple[AskType, re.Pattern[str]], ...] = (
    ("age", re.compile(r"多大|年龄|几岁|多少岁|年满")),
    ("duration", re.compile(r"多久|多长时间|多长|期限|几年|几个月|多少年|多少天|几天|任期|预备期")),
    ("number", re.compile(r"多少|(?<!哪)几[次名个人条项届种类倍]|比例|人数|次数")),
    ("when", re.compile(r"什么时候|何时|哪一年|哪年|哪一天|几月|几号|什么时间|何日|起施行|生效")),
    ("who", re.compile(r"谁|哪个部门|哪个单位|哪一级|哪级|由哪|什么人|什么机构|哪个组织|负责人")),
    ("procedure", re.compile(r"如何|怎样|怎么|步骤|流程|程序|环节|做法|办法|措施|途径|举措|路径")),
    # 要求 as the thing asked for ("有什么要求"), not the verb ("有没有权利要求…答复")
    ("requirement", re.compile(r"(?:什么|哪些|哪几|有何|具体|基本|总的?)要求|要求(?:是什么|有哪些|有什么|是|包括)|注意事项|注意什么|应当遵守|必须遵守|纪律要求")),
    ("list", re.compile(r"哪些|哪几|哪[一二三四五六七八九十两]+[步项条个种类点]|几个方面|有什么要求|什么要求|要求有|包括什么|包含什么|包括哪|内容有|主要内容|方面")),
    # telling two things apart asks what each is ("跟加重是一回事吗？", "从轻和减轻有什么区别？")
    ("definition", re.compile(r"是什么|什么是|指什么|含义|定义|何谓|什么意思|是指|一回事|区别|不同之处")),
)
# sentences and clauses of a question; a question word that asks wherever it stands (几 "a few" and 多 also
# count or tell: "想多干几年。"); the words that make a clause of an asking sentence ask
_SENTENCE = re.compile(r"(?<=[。？?！!])")
_CLAUSE = re.compile(r"(?<=[，,；;：:])")
_INTERROGATIVE = re.compile(r"什么|哪|怎|如何|为何|为什么|谁|是否|能否|可否|有没有|是不是|要不要|能不能|会不会|吗|呢")
_ASKING = re.compile(r"什么|哪|怎|如何|多少|多久|多长|多大|几|谁|何|吗|呢|是否|能否|可否|有没有|是不是|要不要|能不能|会不会|[？?]")
_HOLDS: dict[str, re.Pattern[str]] = {
    "age": re.compile(QUANTITY_NUMBER + r"\s*周?岁"),
    "duration": re.compile(QUANTITY_NUMBER + r"\s*(?:个)?(?:年|个月|月|日|天|周|小时|学时)(?:内|以内|以上|为期|期|后)?|任期|期限|每(?:年|半年|季度|月|周)"),
    "number": re.compile(QUANTITY_NUMBER + r"\s*(?:个)?(?:次|名|人|年|月|日|天|周|岁|类|条|项|种|%|％|倍|学时|小时|届|期|季度)"),
    "when": re.compile(r"(?:19|20)\d{2}年|\d{1,2}月\d{1,2}日|每(?:年|半年|季度|月|周)|起施行|之日起|期间|届满"),
    "who": re.compile(r"由[^，。；]{1,20}(?:负责|召集|主持|组织|审批|批准|决定|讨论)|书记|委员会|党组织|党委|纪委|支部"),
    "procedure": re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+步)|首先|其次|然后|最后|之后|经过|报[^，。]{0,8}(?:批准|审批|备案)"),
    "requirement": re.compile(r"必须|应当|应该|要(?!求)|不得|严禁|禁止|不准|须|坚持|防止"),
    "list": re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+是)|[^、]{1,12}、[^、]{1,12}、|包括|分为|主要有"),
    "definition": re.compile(r"[”’\"」』]?(?:是指|是|指|即|就是)"),
}


def ask_type(question: str) -> AskType:
    """The kind of answer the question asks for (the first question word that matches, 'other' when none),
    read from the clauses that ask (see ``asking_part``)."""
    norm = asking_part(index_form(question))
    return next((kind for kind, pattern in _ASKS if pattern.search(norm)), "other")


def asking_part(question: str) -> str:
    """The clauses of the question that ask, in its asking sentences ("…想多干几年。他是党员，这事党纪上怎么
    处理？" → "这事党纪上怎么处理？"): the story told in a statement ("想多干几年。") and a subject named in its
    own clause ("国企领导人员廉洁从业那些要求，对我也适用吗？") ask nothing. The whole question when no clause asks."""
    sentences = [s.rstrip() for s in _SENTENCE.split(question) if s.strip()]
    asking = [s for i, s in enumerate(sentences)
              if s[-1] in "？?" or _INTERROGATIVE.search(s) or (i == len(sentences) - 1 and s[-1] not in "。！!")]
    part = "".join(clause for s in asking for clause in _CLAUSE.split(s) if _ASKING.search(clause))
    return part or question


def final_clause(question: str) -> str:
    """The question's last clause ("…从重处分呢？跟加重是一回事吗？" → "跟加重是一回事吗？")."""
    sentences = [s for s in _SENTENCE.split(question.rstrip()) if s.strip()]
    return _CLAUSE.split(sentences[-1])[-1] if sentences else question


def holds(kind: AskType, sentence: str) -> bool:
    """Whether the sentence holds what a question of ``kind`` asks for ('other' questions: always)."""
    pattern = _HOLDS.get(kind)
    return True if pattern is None else bool(pattern.search(index_form(sentence)))


def wants_enumeration(kind: AskType) -> bool:
    return kind in {"list", "procedure", "requirement"}
