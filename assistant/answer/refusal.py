"""Deciding not to answer: the one refusal sentence and the signals behind the decision."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.asktype import asked_part
from assistant.answer.versions import title_named_by_version_word
from assistant.models import Document
from assistant.patterns import (ASKS_VERSION_HELD, CN_NUMERALS, COUNT_WORD, LIST_ITEM_LABEL, QUANTITY_NUMBER, SENTENCE_END,
                               SHARE_WORDS, VERSION_YEAR_WORDS, YEAR)
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int, index_form

REFUSAL_SENTENCE = "知识库中没有找到能够回答这个问题的依据。"

_VALIDITY = re.compile(r"有效|适用|废止|失效|现行")
_CONGRESS = {"十八大": 2012, "十九大": 2017, "二十大": 2022}
# a year naming a version ("2018年版", "2003年最早出台的那一版", "2004年发布的…试行版"), not a time something
# happened ("2023年10月被拘留", "2023年夏天")
_VERSION_YEAR = re.compile(rf"((?:19|20)\d{{2}})\s*年[^\d，。？！；,.?!;]{{0,8}}?(?:{VERSION_YEAR_WORDS})")
# "从哪一年开始的？": a calendar year ("2019年"), which a duration ("五年规划") does not answer
CALENDAR_YEAR = "calendar year"
_YEAR_ASKED = re.compile(r"哪一?年(?![版度])|何年")
_QUANTITY_Q = re.compile(rf"多少|{COUNT_WORD}[次名年个人天条项岁届月周]|多久|多长|{SHARE_WORDS}|哪一天|哪天|几月|几号|{_YEAR_ASKED.pattern}")
_CALENDAR_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[〇零一二][〇零一二三四五六七八九]{3}年")
CALENDAR_DATE = "calendar date"
# how often something happens ("多久召开一次？", "隔多长时间开一回？"): told by a count of times ("每五年举行一次") or a
# period ("每季度", "按月"), never by how long a body sits ("每届任期三年至五年"), which is what how often it is
# re-elected asks ("多长时间换一次届？")
FREQUENCY = "frequency"
_FREQUENCY_ASKED = re.compile(r"(?:多久|多长时间|多少时间|多少天|隔多长)(?:(?!届)[^，,。？?]){0,8}?(?:一次|一回)(?!届)")
# which month or day of the calendar ("几月底前", "哪一天", "几号"), not how long ("几个月", "多少天")
_DATE_ASKED = re.compile(r"几月(?!内)|哪个月|几号|哪一?天")
# a month or day of the calendar ("3月底前", "十月一日", "1日"); no length ("三个月") or period ("每年") is one
_CALENDAR_DATE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月(?!份?内)|[日号])")
_SHARE = QUANTITY_NUMBER + r"分之" + QUANTITY_NUMBER  # a share: "各自总数的五分之一"
_QUANTITY = re.compile(
    QUANTITY_NUMBER + r"\s*(?:个)?(?:次|名|人|年|个月|月|日|天|周(?!年)|岁|类|条|项|种|%|％|倍|学时|小时|届|期|季度|元|分(?!之))"
    r"|每(?:年|半年|季度|季|月|周|天)|" + _SHARE
)


@dataclass(frozen=True)
class Thresholds:
    """The refusal thresholds of the settings (``refusal_threshold``, ``refusal_quantity_coverage``), calibrated
    on the dev split."""

    min_dense: float
    min_quantity_coverage: float


@dataclass(frozen=True)
class Refusal:
    """Why the assistant refuses; ``note`` is shown to the user after the refusal sentence."""

    reason: str
    note: str = ""


def doc_years(doc: Document) -> set[int]:
    years = {int(y) for y in YEAR.findall(doc.source.rsplit("/", 1)[-1] + (doc.meta.published or ""))}
    if doc.meta.effective and doc.meta.effective[:4].isdigit():
        eff = int(doc.meta.effective[:4])
        years |= {eff, eff - 1}
    return years


def requested_years(question: str, years: tuple[int, ...]) -> set[int]:
    found = set(years)
    found |= {year for name, year in _CONGRESS.items() if name in question}
    return found


def unavailable_version(question: str, result: SearchResult) -> str | None:
    """The named document and year when the question asks for a version the knowledge base lacks."""
    wanted = requested_years(question, result.intent.years)
    if not wanted or not result.intent.titles or _VALIDITY.search(question) or ASKS_VERSION_HELD.search(question):
        return None  # asking whether a version is in force, or which one is held, is answered from the one held
    docs = [d for d in result.catalogue.documents if d.title in result.intent.titles]
    have = set().union(*(doc_years(d) for d in docs)) if docs else set()
    # a version named beside one held ("2003年出台的那一版…跟2018年版比") is still missing
    missing = {int(y) for y in _VERSION_YEAR.findall(question)} - have if wanted & have else wanted
    if not missing:
        return None
    return f"《{result.intent.titles[0]}》的{min(missing)}年版本"


def is_quantity_question(question: str) -> bool:
    return bool(_QUANTITY_Q.search(asked_part(question)))


# "包括几个方面？", "有几项义务？", "一共有几种？": how many members a set has, answered by listing them
_MEMBERS_COUNTED = re.compile(rf"{COUNT_WORD}\s*(?:个|项|种|类|条|点|大)\s*(?:方面|部分|类型|形式|环节|阶段)?")


def counts_members(question: str) -> bool:
    """Whether the question asks how many members a set has (a list of them answers it)."""
    return bool(_MEMBERS_COUNTED.search(asked_part(question)))


_TIME_UNITS = "年月日天周期时季"
_UNIT_ASKED = re.compile(rf"(?:多少|{COUNT_WORD})\s*个?\s*([次名人年天岁类条项月周届分])")


# "具体是哪13类？", "指哪六个方面？": the members of a counted set are asked for (not "哪一条", one of them)
_COUNTED_SET_ASKED = re.compile(r"哪\s*([两二三四五六七八九十]+|\d{1,2})\s*(?:个|项|类|种|条|点|步|方面|部分|件|大)")
_ITEM_SEPARATORS = re.compile(r"、")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")


def asked_count(question: str) -> tuple[int, str]:
    """How many members of a set the question asks to be listed, and the numeral it writes ("哪13类" → (13, "13"));
    (0, "") when it asks for no count of them."""
    m = _COUNTED_SET_ASKED.search(index_form(question))
    if not m:
        return 0, ""
    count = cn_to_int(m.group(1))
    return (count, m.group(1)) if count and count >= 2 else (0, "")


def names_set_unlisted(text: str, count: int, numeral: str) -> bool:
    """Whether an answer names the counted set asked about ("13类党建考核细则", "“六好”目标": the numeral before a
    word) but lists fewer than ``count`` of its members (labelled items, items separated by 、 in one sentence,
    sentences)."""
    plain = index_form(text)
    names = list(re.finditer(rf"(?<![\d{CN_NUMERALS}]){re.escape(numeral)}\s*个?[\u4e00-\u9fff]", plain))
    if not names:
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    labelled = sum(1 for line in lines if LIST_ITEM_LABEL.match(line))
    sentences = len(SENTENCE_END.findall(text))
    # members separated by 、 next to the set's name: in its clause or the clause after it ("…“四个汇报”机制，
    # 健全三级（党总支、党支部、党小组）…" lists three things of another set, not the four)
    beside = max(_items_beside(plain, m.start(), m.end()) for m in names)
    return max(labelled, beside, sentences) < count


def _items_beside(text: str, start: int, end: int) -> int:
    """How many 、-separated items the clause holding ``text[start:end]`` and the clause after it (in the same
    sentence) hold together."""
    before = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    ends = list(_CLAUSE_END.finditer(text, end))
    after = len(text) if not ends else ends[0].end() if ends[0].group() in "。！？!?" or len(ends) == 1 else ends[1].end()
    return len(_ITEM_SEPARATORS.findall(text[before:after])) + 1


_MONEY_ASKED = re.compile(r"多少钱|多少元|多少万|金额|数额")


def asked_units(question: str) -> str:
    """Units an answer's number must carry: '几次' → '次', '多久' → time units, '多久…一次' → a frequency; '' when any
    number will do."""
    question = asked_part(question)
    if _DATE_ASKED.search(question):
        return CALENDAR_DATE
    if _FREQUENCY_ASKED.search(question):
        return FREQUENCY
    m = _UNIT_ASKED.search(question)
    if m:
        unit = m.group(1)
        return _TIME_UNITS if unit in _TIME_UNITS else ("人名" if unit in "人名" else unit)
    if _YEAR_ASKED.search(question):
        return CALENDAR_YEAR
    if re.search(r"多久|多长|哪一?天|几号|几月", question):
        return _TIME_UNITS
    if re.search(SHARE_WORDS, question):
        return "%％"
    if _MONEY_ASKED.search(question):  # an amount of money, or a share of income ("月工资收入的0.5%")
        return "元%％"
    return ""


_PERIOD = re.compile(r"每(?:个)?(半年|年|季度|季|月|周|天|日)")
# what tells how often: a count of times or a period ("每五年举行一次", "每季度", "按月")
_FREQUENCY = re.compile(QUANTITY_NUMBER + r"\s*次|" + _PERIOD.pattern + r"|按(?:年|季度|季|月|周)")
# frequency periods from the shortest: a count per shorter period answers a question per longer one
# ("每季度一次" tells how often a year), never the reverse ("每年至少一次" does not tell how often a month)
_PERIOD_LENGTH = {"天": 0, "日": 0, "周": 1, "月": 2, "季": 3, "季度": 3, "半年": 4, "年": 5}


def asked_period(question: str) -> str:
    """The period a frequency question names ("每月至少召开几次？" → "月"); '' when it names none."""
    m = _PERIOD.search(index_form(question))
    return m.group(1) if m else ""


def without_period(question: str) -> str:
    """The question without the period it counts in ("俺们食堂每月加餐几次？" → "俺们食堂加餐几次？")."""
    return _PERIOD.sub("", index_form(question))


def answers_period(text: str, period: str) -> bool:
    """Whether ``text`` can answer a question per ``period``: it names no longer period than that."""
    if not period:
        return True
    return all(_PERIOD_LENGTH[p] <= _PERIOD_LENGTH[period] for p in _PERIOD.findall(index_form(text)))


# an ordinal names a place, not a quantity: "第二十一条", "第三款", "第十九次全国代表大会"
_ORDINAL = re.compile(rf"第\s*(?:[{CN_NUMERALS}]+|\d+)\s*(?:条|款|项|章|节|次|届|部分|编)")


# a share of a body's members counts its people: "多少人同意" is answered by "三分之二以上的多数", "过半数"
_SHARE_OF_MEMBERS = re.compile(_SHARE + r"|过?半数")


# a measure stated as equal to another's ("每届任期和同级党的委员会相同", "名额与上届一样"): it answers how long or how
# many by the other, which the documents give elsewhere
# the units each measure word measures (a length of time, a number of people); 数额 and 标准 any amount, so they
# answer only a question naming no unit
_MEASURE_UNITS = {**dict.fromkeys(("任期", "期限", "年限", "时限", "期间"), _TIME_UNITS),
                  **dict.fromkeys(("名额", "人数"), "人名"), "数额": "", "标准": ""}
# a measure stated as equal to another's ("每届任期和同级党的委员会相同", "名额与上届一样"): it answers how long or how
# many by the other, which the documents give elsewhere
_SAME_MEASURE = re.compile(f"({'|'.join(_MEASURE_UNITS)})" r"[^，,。；;：:]{0,6}(?:和|与|同|跟)[^，,。；;：:]{1,24}(?:相同|一样)")


def _same_measure(norm: str, units: str) -> bool:
    """Whether ``norm`` (an index form) states the measure asked for as equal to another's: a term for how long, a
    quota for how many people; any such statement when the question names no unit."""
    m = _SAME_MEASURE.search(norm)
    return m is not None and (not units or any(u in units for u in _MEASURE_UNITS[m.group(1)]))


def has_quantity(text: str, units: str = "") -> bool:
    """Whether ``text`` holds a number (with one of ``units`` when given; a year for ``CALENDAR_YEAR``), or states a
    measure as equal to another's ("每届任期和同级党的委员会相同"); ordinals ("第二十一条") are no quantities. A share
    of members ("三分之二以上", "半数") is a number of people."""
    norm = index_form(text)
    if units == CALENDAR_YEAR:
        return bool(_CALENDAR_YEAR.search(norm))
    counted = _ORDINAL.sub(" ", norm)
    if units == CALENDAR_DATE:
        return bool(_CALENDAR_DATE.search(counted))
    if units == FREQUENCY:
        return bool(_FREQUENCY.search(counted))
    if _same_measure(norm, units):
        return True
    if "人" in units and _SHARE_OF_MEMBERS.search(norm):
        return True
    for m in _QUANTITY.finditer(counted):
        if not units or any(u in m.group(0)[-2:] for u in units):
            return True
    return False


def check_retrieval(result: SearchResult, thresholds: Thresholds) -> Refusal | None:
    """Refuse when nothing was retrieved or the best passage is not semantically close (off-topic)."""
    if not result.hits:
        return Refusal("no_hits")
    article_matched = result.intent.article is not None and any(h.chunk.article == result.intent.article for h in result.hits)
    if article_matched and (result.intent.titles or title_named_by_version_word(result)):
        return None
    if result.best_dense < thresholds.min_dense:
        return Refusal("low_relevance")
    return None
