"""What a chosen clause depends on: the lead-in of the list it is an item of, or the clauses it continues.

Regulations list what they forbid or require after a lead-in: "第一百三十六条 党组织有下列行为之一，……给予警告
或者严重警告处分……：（一）……（二）……". An item quoted alone ("（三）党纪处分决定……") does not say whether it is
forbidden, required or punished, nor by whom; the answer shows it after its lead-in. Likewise a graded
consequence ("情节较重的，给予撤销党内职务……") continues the clause before it ("……，给予警告或者严重警告处分；"),
which names the conduct it grades, and a paragraph "……依照前款规定处理" needs the paragraph it refers to."""

from __future__ import annotations

import re

from assistant.answer.articles import article_text
from assistant.catalogue import Catalogue
from assistant.models import Chunk
from assistant.patterns import CN_ONE_TO_TEN
from assistant.textnorm import cn_to_int

_ITEM = re.compile(rf"^[ \t　]*(?:[（(][{CN_ONE_TO_TEN}\d]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d))")  # （三）, (2), 3.
_COLON = "：:"
# a paragraph (款) that refers to another paragraph of its article for its consequence: the one before it
# ("……的，依照前款规定处理。") or one it numbers ("……的，依照第一款规定处理。", "依照本条第二款"); "不适用第一款……"
# excludes, and refers for nothing
_PARAGRAPH_REF = re.compile(rf"(?:依照|按照|(?<!不)适用)(?:本条)?(?:(?P<previous>前款)|第(?P<nth>[{CN_ONE_TO_TEN}])款)")
# the line an article opens with ("第一百零三条 违反有关规定……")
_ARTICLE_OPENING = re.compile(r"^[ \t　]*第[一二三四五六七八九十百零〇\d]+条")
# a clause that grades or qualifies the one before it in the same sentence: 情节较重的…, 但…, 其中…
_CONTINUES = re.compile(r"^[ \t　]*(?:情节(?:较轻|轻微|较重|严重|特别严重)的|但是?|其中|并且|同时)")
_SENTENCE_BREAK = "。！？!?\n"


def is_list_item(text: str) -> bool:
    """Whether the text opens with the bracketed or numbered label of a listed item ("（三）", "2.")."""
    return bool(_ITEM.match(text))


def lead_in(text: str, start: int, max_chars: int) -> str | None:
    """What opens the list whose item starts at ``start`` of ``text``: the line ending in a colon before the list
    (or, when that line is longer than ``max_chars``, its last sentence); None when the text there is no
    labelled item, or no such line or sentence precedes its list."""
    if not is_list_item(text[start:]):
        return None
    colon = max(text.rfind(c, 0, start) for c in _COLON)
    if colon < 0:
        return None
    if not all(is_list_item(line) for line in text[colon + 1 : start].split("\n") if line.strip()):
        return None  # something other than the list's items stands between the colon and the item
    # the whole line up to the colon ("第六条 国有企业领导人员应当……。不得有下列行为：" names who may not),
    # else the sentence that ends in it
    line = text[text.rfind("\n", 0, colon) + 1 : colon + 1].strip()
    if len(line) <= max_chars:
        return line or None
    sentence = text[max(text.rfind(c, 0, colon) for c in _SENTENCE_BREAK) + 1 : colon + 1].strip()
    return sentence if 0 < len(sentence) <= max_chars else None


def item_lead_in(chunk: Chunk, start: int, catalogue: Catalogue | None, max_chars: int) -> str | None:
    """The lead-in of the list whose item starts at ``start`` of the passage: looked for in the passage and, when
    the list began in an earlier passage of the same article ("第三十六条 ……必须具备以下的基本条件：" before the
    passage holding "（六）……"), in the whole article; None for no item, or when no lead-in is found."""
    found = lead_in(chunk.text, start, max_chars)
    if found is not None or chunk.article is None or catalogue is None or not is_list_item(chunk.text[start:]):
        return found
    article = chunk.article
    # assembled once per article and snapshot: every item of a continuation passage, in every question, reads it
    whole = catalogue.derived(("article text", chunk.doc_id, article),
                              lambda: article_text(catalogue.article(chunk.doc_id, article) or [chunk]))
    end = chunk.text.find("\n", start)
    at = whole.find(chunk.text[start : end if end >= 0 else len(chunk.text)].strip())
    return lead_in(whole, at, max_chars) if at >= 0 else None


def leading_line(text: str, start: int, max_chars: int) -> str | None:
    """The line that the sentence starting at ``start`` stands in when that line leads a list in: it ends in a
    colon and a labelled item follows ("第七条 国有企业领导人员应当……进行职务消费。不得有下列行为：" then "（一）……").
    The line states one rule, its first sentence saying what is required and its colon clause what is forbidden,
    so the sentence holds what the line holds, as its items do. None for any other sentence, or a line longer
    than ``max_chars``."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = text[text.rfind("\n", 0, start) + 1 : line_end].strip()
    if not line.endswith(tuple(_COLON)) or len(line) > max_chars:
        return None
    following = next((rest for rest in text[line_end + 1 :].split("\n") if rest.strip()), "")
    return line if is_list_item(following) else None


def continued(text: str, start: int, max_chars: int) -> str | None:
    """The clauses before the one starting at ``start`` in its sentence ("……，给予警告或者严重警告处分；" before
    "情节较重的，……"), when that clause continues them; the paragraph a paragraph's sentence refers to, the one
    before it ("……的，依照前款规定处理。") or the one it numbers ("依照第一款规定处理", when the article opens in
    ``text``); None otherwise or when they exceed ``max_chars``."""
    line_start = text.rfind("\n", 0, start) + 1
    ref = _PARAGRAPH_REF.search(text[start:_sentence_end(text, start)])
    if ref is not None and line_start > 0:
        if ref.group("previous"):
            referred = text.rfind("\n", 0, line_start - 1) + 1
        else:
            found = _nth_paragraph(text, line_start, cn_to_int(ref.group("nth")) or 0)
            if found is None:
                return None
            referred = found
        raw = text[referred:text.find("\n", referred) + 1 or len(text)]
        if is_list_item(raw):  # the paragraph before is a list: its lead-in holds the consequence
            opening = lead_in(text, referred + len(raw) - len(raw.lstrip()), max_chars)
            return f"{opening}……" if opening is not None else None
        previous = raw.strip()
        if previous.endswith(tuple(_COLON)):  # the paragraph leads a list in: its consequence stands before the colon
            previous = f"{previous}……"
        return previous if 0 < len(previous) <= max_chars else None
    if not _CONTINUES.match(text[start:]):
        return None
    begin = max(text.rfind(c, 0, start) for c in _SENTENCE_BREAK) + 1
    before = text[begin:start].strip()
    return before if 0 < len(before) <= max_chars else None


def _nth_paragraph(text: str, before: int, nth: int) -> int | None:
    """Where the ``nth`` paragraph of the article that ``before`` lies in starts: paragraphs are counted from the
    line the article opens with, a list's items belonging to the paragraph that leads them in. None when the
    article does not open in ``text`` before ``before`` or has fewer paragraphs there."""
    starts = [0] + [i + 1 for i, c in enumerate(text[:before]) if c == "\n"]
    opening = next((s for s in reversed(starts) if _ARTICLE_OPENING.match(text[s:])), None)
    if opening is None or nth < 1:
        return None
    paragraphs = [s for s in starts if opening <= s < before and text[s:text.find("\n", s) if "\n" in text[s:] else None].strip()
                  and not is_list_item(text[s:])]
    return paragraphs[nth - 1] if nth <= len(paragraphs) else None


def graded_rest(text: str, end: int, max_chars: int) -> str:
    """The clauses after the one ending at ``end`` in its sentence when they grade it ("情节较重的，……；情节严重
    的，……。" after "……，给予警告或者严重警告处分；"): a consequence is quoted with its whole scale. Empty when the next
    clause grades nothing or the rest exceeds ``max_chars``."""
    stop = _sentence_end(text, end)
    rest = text[end : stop + 1 if stop < len(text) and text[stop] != "\n" else stop]
    return rest.strip() if _CONTINUES.match(rest) and len(rest.strip()) <= max_chars else ""


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence going on at ``at`` ends (its closing mark or line break; the text's end)."""
    return min((i for i in (text.find(c, at) for c in _SENTENCE_BREAK) if i >= 0), default=len(text))
