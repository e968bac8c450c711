"""Ordinal references to an item of what was just said: "第一个问题是什么原因造成的？" after an answer
listing three problems asks about the first of them; so do "第二点呢？", "后一种怎么理解？" and
"上面说的第三条措施怎么落实？". The item is read from the enumeration of the previous answer (or, for
前者/后者, of the previous question: "留党察看和开除党籍有什么区别？")."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from assistant.patterns import CITATION_MARK, CN_ONE_TO_TEN, POINTING_BACK
from assistant.question import has_words
from assistant.textnorm import cn_to_int, index_form
from assistant.tokenize import Tokenizer

# "第一个", "第二点", "第三条" (with a noun after it: "第三条措施"), "后一种", "最后一项", "头一个", "前者": the ordinal at
# the question's start, after a particle (那/其中/关于), a why or how-to-read (为什么说, 怎么理解) or a pointer back
# (上面说的, 你提到的)
_ORDINAL = re.compile(
    rf"^(?:那么?|其中|关于|对于|(?:为什么|为何|为啥|怎么理解|如何理解)说?)?\s*(?P<ptr>(?:{POINTING_BACK}|你|您)所?(?:说|讲|提|列|谈)?(?:到|出)?的?)?\s*"
    rf"(?:第(?P<n>[{CN_ONE_TO_TEN}]|10|[1-9])(?P<cl>个|点|项|种|类|方面|部分|条(?=[\u4e00-\u9fff]))"
    r"|(?P<end>前|后|最后)(?:一|那一?|这一?)(?:个|点|项|种|类|条|方面|部分)"
    r"|(?P<first>头)一?(?:个|点|项|种|类|条|方面|部分)"
    r"|(?P<pair>前者|后者))"
)
_NOTE = re.compile(r"\n\s*注意[:：].*", re.S)
# the label of a listed line: "1.", "（一）", "一、", "一是", "第一，", "①"
_LINE_LABEL = re.compile(rf"^\s*(?:(?:\d{{1,2}}[.．、)）]|[（(][{CN_ONE_TO_TEN}\d]+[）)]|[{CN_ONE_TO_TEN}]+[、是]|第[{CN_ONE_TO_TEN}]+[，,、]|[①-⑩])\s*)+")
# the same labels inside running text, numbered: "一是…；二是…", "（一）…（二）…", "第一，…第二，…"
_INLINE_LABEL = re.compile(rf"[（(](?P<a>[{CN_ONE_TO_TEN}]+|\d+)[）)]|(?P<b>[{CN_ONE_TO_TEN}]+)是|第(?P<c>[{CN_ONE_TO_TEN}]+)[，,、]")
_COUNTED = re.compile(rf"(?:等)?[{CN_ONE_TO_TEN}两\d]+(?:个|种|项|类|点|条)?(?:方面|问题|措施|做法|内容|类型|形式)?[。，；]?$")
_COUNT_BEFORE_COLON = re.compile(rf"([{CN_ONE_TO_TEN}两]|\d{{1,2}})\s*(?:个|点|项|条|种|类|方面|部分)[^，,。]{{0,6}}$")
_LEAD_IN = re.compile(r"^(?:主要)?(?:讲了|讲到|谈了|谈到|包括|包含|提到了?|提出了?|分为|涉及)")  # "讲了A、B、C三个方面"
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_END = re.compile(r"[。！？!?，,；;：:\n]")
# the words before the shared head of a member of such a list ("看齐" in 看齐意识): a short run of characters
_MEMBER_WORDS = re.compile(r"[\u4e00-\u9fff]{1,4}")
_LIST_VERB = re.compile(r"(?:主要)?(?:包括|包含|分为|有)[：:]?")  # "主要包括A、B、C"
_COORDINATION = re.compile(r"和|与|及|以及|、|跟|同|还是|或者|或")
_POINTER_SUBJECT = re.compile(r"[，,：:]|对|关于")
_NOMINAL = ("vn", "m", "l", "i", "j", "eng")  # jieba tags of words that name, besides the nouns (n…)
# the previous answer counting its items in 条 ("三条：一是…", "共 5 条："): its "第三条" is the third of them
_COUNTED_IN_TIAO = re.compile(rf"(?<![第{CN_ONE_TO_TEN}\d])\s*[{CN_ONE_TO_TEN}两\d]+\s*条\s*[：:，,。；]")
# words asking something of the item itself ("具体表现", "主要内容", "具体做法"): no noun the ordinal counts
_ABOUT_THE_ITEM = re.compile(r"具体|主要")
_ARTICLE_WORDS = ("规定",)  # "第三条规定了什么" reads as an article's provisions, not a listed item


@dataclass(frozen=True)
class ItemReference:
    """An ordinal reference resolved: the item's text, and the rest of the question after the reference."""

    item: str
    rest: str


def _clean(item: str) -> str:
    item = _LINE_LABEL.sub("", item.strip())
    item = _SENTENCE_END.split(item)[0]
    return item.strip(" ；;，,、：:").removeprefix("以及").removeprefix("和").removeprefix("及").strip()


def _labelled_lines(text: str) -> list[str]:
    items = [_clean(line) for line in text.splitlines() if _LINE_LABEL.match(line)]
    return items if len(items) >= 2 else []


def _numbered_run(text: str) -> list[str]:
    """Items between inline labels numbered one, two, three … in order ("一是…；二是…；三是…")."""
    run: list[re.Match[str]] = []
    for m in _INLINE_LABEL.finditer(text):
        number = cn_to_int(m.group("a") or m.group("b") or m.group("c") or "")
        if number == len(run) + 1:
            run.append(m)
        elif number == 1:
            run = [m]
    items = [_clean(text[m.end(): run[i + 1].start() if i + 1 < len(run) else len(text)]) for i, m in enumerate(run)]
    return items if len(items) >= 2 else []


def _colon_list(text: str) -> list[str]:
    """"三方面问题：A；B；C。" or "五种：警告、严重警告……": the parts after a colon; "三点：A，B，C。" (parts
    between commas) only when the count before the colon says exactly as many."""
    for sentence in _SENTENCE_END.split(text):
        if "：" not in sentence and ":" not in sentence:
            continue
        head, tail = re.split(r"[：:]", sentence, maxsplit=1)
        for separator in ("；", ";", "、"):
            parts = [_clean(p) for p in tail.split(separator)]
            if len([p for p in parts if p]) >= 2:
                return [p for p in parts if p]
        # "讲了三点：A，B，C。": parts between commas, when the words before the colon count exactly as many
        counted = _COUNT_BEFORE_COLON.search(head)
        parts = [p for p in (_clean(p) for p in re.split(r"[，,]", tail)) if p]
        if counted and len(parts) >= 2 and cn_to_int(counted.group(1)) == len(parts):
            return parts
    return []


def _counted_list(text: str) -> list[str]:
    """"A、B、C三个方面": a run of parts joined by 、 and followed by their count."""
    for clause in re.split(r"[。；;：:\n]", text):
        clause = clause.strip()
        tail = re.split(r"[，,]", clause)[-1]
        if "、" in tail and _COUNTED.search(tail):
            parts = [_clean(p) for p in _LEAD_IN.sub("", _COUNTED.sub("", tail)).split("、")]
            if len([p for p in parts if p]) >= 2:
                return [p for p in parts if p]
    return []


def _shared_head_list(text: str) -> list[str]:
    """"全党必须牢固树立政治意识、大局意识、核心意识、看齐意识": three or more parts joined by 、 that end in the
    same word of two or more characters (意识): parallel members of one kind, whatever verb comes before them."""
    for clause in _CLAUSE_END.split(text):
        parts = clause.split("、")
        if len(parts) < 3:
            continue
        head = os.path.commonprefix([p[::-1] for p in parts[1:]])[::-1]  # the ending they share
        if len(head) < 2 or not all(_MEMBER_WORDS.fullmatch(p[: len(p) - len(head)]) for p in parts[1:]):
            continue
        longest = max(len(p) - len(head) for p in parts[1:])  # the first member's words: no longer than the others'
        first = re.search(rf"[\u4e00-\u9fff]{{1,{longest}}}{re.escape(head)}$", parts[0])
        if first is not None:
            return [first.group(0), *parts[1:]]
    return []


def _semicolon_list(text: str) -> list[str]:
    """"文章说要做到“服务生产，有机制；服务员工，有纽带；服务党员，有平台”。": three or more parts of one
    sentence parted by semicolons, the lead-in before the first part (up to its opening quotation mark or
    colon) left out."""
    for sentence in _SENTENCE_END.split(text):
        parts = re.split(r"[；;]", sentence)
        if len(parts) < 3:
            continue
        parts[0] = re.split(r"[“「‘：:]", parts[0])[-1]
        parts = [_clean(p).strip("“”「」‘’") for p in parts]
        if all(parts):
            return parts
    return []


def _lead_in_list(text: str) -> list[str]:
    """"党的纪律主要包括政治纪律、组织纪律……生活纪律。": three or more parts joined by 、 after a verb
    that introduces them (包括, 分为, 有)."""
    for sentence in _SENTENCE_END.split(text):
        m = _LIST_VERB.search(sentence)
        if m is None:
            continue
        parts = [_clean(p).removesuffix("等") for p in re.split(r"[，,；;]", sentence[m.end():])[0].split("、")]
        if len(parts) >= 3 and all(parts):
            return parts
    return []


def enumerated_items(answer: str) -> list[str]:
    """The items an answer lists, in order: labelled lines, numbered labels in running text, the parts
    after a colon, a run of parts followed by their count, three or more after a verb that introduces
    them, or three or more parted by semicolons. Empty when it lists nothing."""
    text = _NOTE.sub("", CITATION_MARK.sub("", answer)).strip()
    for reader in (_labelled_lines, _numbered_run, _colon_list, _counted_list, _lead_in_list, _shared_head_list,
                   _semicolon_list):
        items = reader(text)
        if items:
            return items
    return []


def headed_by(levels: list[str], item: str) -> bool:
    """Whether a passage's innermost heading, its label left out, names an item of a list: one opens with the
    other ("2.服务员工" for "服务员工，有纽带"), the part where that item is explained ("（三）机制缺乏" is no
    heading of "服务机制缺乏健全性"). Two characters at least: a label alone ("一是") names nothing."""
    heading = index_form(_LINE_LABEL.sub("", levels[-1])).strip(" ，,。.：:") if levels else ""
    item = index_form(item)
    return len(heading) >= 2 and (item.startswith(heading) or heading.startswith(item))


def opens_item(text: str, item: str) -> bool:
    """Whether a line of a passage opens with its list label and the item, and goes on to explain it ("第五，坚持从严
    管党治党。全面从严治党永远在路上。…" for "坚持从严管党治党"): where an item is explained in a document whose items are
    no headings (党章总纲's five requirements). A line holding the item alone ("（四）留党察看；") is the list the
    previous answer quoted, not the explanation asked for. Two characters at least, as for ``headed_by``."""
    key = index_form(item).strip(" ，,。.：:")
    if len(key) < 2:
        return False
    for line in index_form(text).splitlines():
        label = _LINE_LABEL.match(line)
        body = line[label.end():] if label else ""
        if body.startswith(key) and has_words(body[len(key):]):
            return True
    return False


def coordinated_items(subject: str) -> list[str]:
    """The things a question names side by side in its subject ("留党察看和开除党籍" → both)."""
    tail = _POINTER_SUBJECT.split(subject)[-1]
    parts = [p.strip() for p in _COORDINATION.split(tail)]
    return parts if len(parts) >= 2 and all(len(p) >= 2 for p in parts) else []


def item_reference(question: str, previous_question: str, previous_subject: str, answer: str,
                   tokenizer: Tokenizer) -> ItemReference | None:
    """The item of the previous turn an ordinal at the question's start points at ("第一个问题…"), or
    None. A noun after the ordinal ("问题", "措施") must be a word of the previous turn: "第一个百年奋斗目标"
    after an unrelated turn is a name, not a reference; and "第N条" is a reference only with such a noun
    ("第三条措施"), after a pointer back ("上面说的第三条", when the previous answer lists that many items) or
    after an answer that counted its items in 条 ("三条：一是…"), otherwise an article number."""
    m = _ORDINAL.match(question.strip())
    if m is None:
        return None
    rest = question.strip()[m.end():]
    tagged = [(w, f) for w, f in tokenizer.tagged(rest) if w.strip()]
    # a name or noun after the ordinal ("问题", "措施", "百年…") is what it counts; a predicate is none
    head = tagged[0][0] if tagged and (tagged[0][1].startswith("n") or tagged[0][1] in _NOMINAL) else ""
    if _ABOUT_THE_ITEM.match(head):
        head = ""  # "头一个具体表现在哪儿？": what is asked of the item, no noun it counts
    said = f"{previous_question}\n{answer}"
    if head and (head not in said or head in _ARTICLE_WORDS):
        return None
    if m.group("cl") == "条" and not head and not m.group("ptr") and not _COUNTED_IN_TIAO.search(answer):
        return None
    rest = rest[len(head):]
    pair = m.group("pair") or m.group("end")
    items = (coordinated_items(previous_subject) if pair else []) or enumerated_items(answer)
    if len(items) < 2:
        return None
    if m.group("n"):
        index = (cn_to_int(m.group("n")) or 0) - 1
    elif m.group("first"):  # "头一个", the everyday 第一个
        index = 0
    else:
        index = 0 if pair in ("前", "前者") else len(items) - 1
    if not 0 <= index < len(items):
        return None
    return ItemReference(items[index], rest)
