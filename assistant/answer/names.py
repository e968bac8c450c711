"""Names a question gives to documents: 《…》 titles, unquoted regulation names (…条例, …细则, …准则) and, after a
word that introduces a document (按照, 根据, 落实 …), unquoted names with a common document-type ending
(…办法, …规定, …意见, …决定, …通知, …方案). Candidates only: whether one is missing is decided by evidence,
in assistant.answer.subjects.
"""

from __future__ import annotations

import re

from assistant.patterns import BOOK_TITLE, NEWER_VERSION_WORDS, OLDER_VERSION_WORDS, POINTING_BACK, TRIAL_SUFFIX
from assistant.textnorm import index_form

_REG_SUFFIX = re.compile(r"(?:条例|规定|细则|准则|办法|章程|意见|决定)$")
# words introducing the regulation an action follows ("按照纪律处分条例…", "学习党内政治生活准则"): never in its name
_FOLLOWS = r"按照|根据|依据|依照|执行|落实|学习|贯彻"
_UNQUOTED = re.compile(rf"(?:^|{_FOLLOWS})([\u4e00-\u9fff]{{2,16}}?(?:条例|细则|准则))")
_CENTRAL = re.compile(r"中央[一二三四五六七八九十]项规定")
_FUNCTION_CHARS = re.compile(r"[了是还的多少哪几么吗呢和与或我你您他她]")  # never inside a regulation's name
# a question's own yes/no phrase ("省里能不能在纪律处分条例之外…"): the candidate is a clause, not a name
_ASKING_PHRASE = re.compile(r"能不能|能否|可不可以|会不会|要不要|有没有|是不是")
# words pointing back in the conversation before a name: "前面廉洁自律准则里…", "回到刚才纪律处分条例…"
_POINTING_BACK = re.compile(f"^(?:回到|关于)?(?:{POINTING_BACK})?(?:说的|讲的|提到的|的)?")
# a clause reporting what someone said, read or quoted before the name: "同事说纪律处分条例第…条…", "讲义里引用
# 廉洁自律准则…", "给新党员讲纪律处分条例" (verbs that do not begin words of regulation names: 说明, 问责 and 讲话
# are left alone, and 讲 only after 给…, so that 宣讲团工作条例 stays whole)
_REPORTED = re.compile(r"^(?:.+(?:说(?!明)|讲[到过]|看到|读到|翻到|写着|提到|引用|引了|认为|觉得)|.*给[^，。]{1,10}讲(?![话座明]))")
# a count of versions or documents before the name: "两版纪律处分条例", "新旧两部准则" (which ones, not the name)
# what the asker does with it or which version (按照…, 对照…, 现行…, 新版…): never the name's beginning
_LEAD = re.compile(rf"^(?:{_FOLLOWS}|对照|现行|最新|{OLDER_VERSION_WORDS}|{NEWER_VERSION_WORDS}|新|旧)+的?")
# an introducer inside a candidate read from the question's start ("支部学习党内政治生活准则…"): who does it and
# the verb are no part of the name
_AFTER_INTRODUCER = re.compile(rf"^.*(?:{_FOLLOWS})(?=[\u4e00-\u9fff]{{4}})")
_COUNTED = re.compile(r"^.*?(?:新旧)?[两二三四几俩](?:版|部|个版本的?)")
# "…旧条例", "…新条例", "这个条例": a determiner before the document word refers to a regulation, names none
# "以前学条例时…", "翻过准则": a one-character verb of studying or reading takes the document word as its object
_STUDIED = re.compile(r"(?:学|背|看|读|翻|查|念)[过了]?(?:条例|细则|准则)$")
_GENERIC_TAIL = re.compile(r"(?:现行|该|这个|这部|这|此|本|新|旧|新版|旧版|原|老)(?:条例|细则|准则)$")
_GENERIC = re.compile(r"^(?:现行|该|这个|这|此|本|新|旧|新版|旧版|年版|\d*年版|有关|相关|上述|两个|两部|这部|哪部)?$")

# Words that introduce the document an action follows (按照…办法, 落实…方案, 学习贯彻…决定).
_INTRODUCER = r"按照|根据|依据|依照|遵照|参照|对照|执行|落实|学习|贯彻|遵守"
# Endings that are also everyday words (规定 "stipulate", 决定 "decision", 方案 "plan"): after an introducer, a
# head of five or more characters before one names a document (中央企业负责人经营业绩考核办法); a shorter head
# is a generic phrase (党章规定, 上级决定, 整改方案, 实施意见, 党纪处分决定). The lookahead lets matches overlap,
# so 学习贯彻…决定 is read after each introducer.
_TYPED = re.compile(rf"(?:{_INTRODUCER})(?=([\u4e00-\u9fff]{{5,16}}?)(办法|规定|意见|决定|通知|方案|规则|纲要))")
_HAS_INTRODUCER = re.compile(_INTRODUCER)
# a head qualified as "the relevant / above / superior / important / this" one names no particular document
_QUALIFIED = re.compile(r"有关|相关|上述|以上|上级|下级|其他|其它|各项|各级|具体|重要|重大|前款|当时|这|那|该|此|^本|^各|^新|^旧|^现行")
# a head that starts or ends with a document word: 纪律处分条例规定 ("the regulation stipulates"), 规定程序…决定
_DOCUMENT_WORD = re.compile(r"^(?:条例|细则|准则|办法|规定|章程|意见|决定|通知|方案|规则|法规|制度)"
                            r"|(?:条例|细则|准则|办法|规定|章程|党章|意见|决定|通知|方案|规则|法规|制度|精神|要求|文件|程序)$")


def named_regulations(question: str) -> list[str]:
    """Regulation-shaped names the question mentions: 《…》 titles and unquoted …条例/…细则/…准则."""
    norm = index_form(question)
    names = [q for q in BOOK_TITLE.findall(norm) if _REG_SUFFIX.search(TRIAL_SUFFIX.sub("", q))]
    rest = BOOK_TITLE.sub("", norm)
    names.extend(_CENTRAL.findall(rest))
    for cand in _UNQUOTED.findall(rest):
        cand = _POINTING_BACK.sub("", cand)  # "前面廉洁自律准则里…": the name is what follows the pointer
        cand = _REPORTED.sub("", cand)  # "同事说纪律处分条例…": the name is what follows the reporting verb
        cand = _LEAD.sub("", _COUNTED.sub("", cand))  # "对照两版纪律处分条例": the name is what follows the count
        cand = _AFTER_INTRODUCER.sub("", cand)  # "支部学习党内政治生活准则": the name is what follows 学习
        if not _GENERIC.match(cand[:-2]) and not _FUNCTION_CHARS.search(cand) and not _GENERIC_TAIL.search(cand) \
                and not _ASKING_PHRASE.search(cand) and not _STUDIED.search(cand):
            names.append(cand)
    return list(dict.fromkeys(names))


def typed_document_names(question: str) -> list[str]:
    """Unquoted names with a common document-type ending after an introducing word ("按照中央企业负责人经营业绩
    考核办法，…" → 中央企业负责人经营业绩考核办法), without generic phrases (按照有关规定, 根据党章规定, 执行上级决定)."""
    rest = BOOK_TITLE.sub("", index_form(question))
    names = []
    for head, ending in _TYPED.findall(rest):
        if _HAS_INTRODUCER.search(head) or _FUNCTION_CHARS.search(head):
            continue  # read after the later introducer; or not a name (…的决定, 党章和…规定)
        if not _QUALIFIED.search(head) and not _DOCUMENT_WORD.search(head):
            names.append(head + ending)
    return list(dict.fromkeys(names))
