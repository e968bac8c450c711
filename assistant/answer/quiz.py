"""Quiz items pasted from knowledge contests: multiple choice ("A.党课 B.团课 …") and fill-in-the-blank ("（    ）", "____").

The answer is the option (or the fill text) the passage that best matches the stem supports, quoted and cited.
When no passage supports any option the assistant says so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.articles import article_text
from assistant.answer.citations import CitationBook
from assistant.answer.ordinals import enumerated_items
from assistant.answer.protocol import Composition
from assistant.answer.scoring import ScoredSentence, SentenceScorer
from assistant.answer.sentences import split_sentences
from assistant.models import Hit
from assistant.patterns import LIST_ITEM_LABEL, QUOTED_TERM
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int, index_form

# an option marker: "A." "A、" "A：" "（A）" "(A)", not inside a Latin word
_OPTION = re.compile(r"(?<![A-Za-z0-9])(?:[（(]\s*([A-H])\s*[）)]|([A-H])\s*[.．、:：)）])")
_BLANK = re.compile(r"[（(][\s\u3000_＿]*[）)]|[_＿]{2,}")
_MULTIPLE = re.compile(r"多选|多项|不定项|哪些|哪几")
_CN_NUMBER = re.compile(r"[零一二三四五六七八九十百千两]+")
_NOISE = re.compile(r"[\s“”‘’\"'「」『』《》，,。；;：:、！？?!]")
_CLAUSE_MARKS = "，,。；;：:！？?!\n"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
_COPULA = re.compile(r"(?:的是|就是|即是|是|为)$")
_QUOTES = re.compile(r"[\s“”‘’\"'「」『』《》]")
_COUNTED_UNIT = re.compile(r"\s*(?:个|种|项|类|条|点|大|方面|部分|步)")  # what a counting blank counts
_COUNT_VERB = re.compile(r"(?:一共|总共|共)?(?:有|包括|分为|分成|履行|享有)?$")
# a stem asking for the option that is NOT so ("……不包括（ ）", "下列说法错误的是（ ）", "不属于……的是（ ）"): the
# answer is the one option the text leaves out, never one it says
_NEGATIVE_STEM = re.compile(r"不包括|不包含|不属于|不正确|错误的是|有误的是|不符合")
_KIND = re.compile(r"[（(【\[]\s*(?:单项选择|多项选择|单选|多选|不定项选择?|填空)题?\s*[）)】\]]")


@dataclass(frozen=True)
class QuizItem:
    """A pasted quiz item: its stem (blank kept), options by letter (empty for fill-in) and answer count."""

    stem: str
    options: dict[str, str]
    multiple: bool

    @property
    def plain_stem(self) -> str:
        return _BLANK.sub("", self.stem).strip()

    @property
    def quoted_terms(self) -> list[str]:
        """The terms the stem quotes ("“三会一课”中的“一课”指的是（ ）" → 三会一课, 一课), in index form."""
        return [index_form(term) for term in QUOTED_TERM.findall(self.stem)]

    @property
    def query(self) -> str:
        """What to search for: the stem without its blank, and the options' texts."""
        return " ".join([self.plain_stem, *self.options.values()])


@dataclass(frozen=True)
class QuizAnswer:
    composition: Composition
    choice: str


def parse_quiz(text: str) -> QuizItem | None:
    """A quiz item when the text holds options A, B, … in order (one line or several) or a blank; else None."""
    text = text.strip()
    marks = list(_OPTION.finditer(text))
    run: list[re.Match[str]] = []
    for m in marks:  # the last run of consecutive letters starting at A
        letter = m.group(1) or m.group(2)
        if letter == "A":
            run = [m]
        elif run and ord(letter) == ord(run[-1].group(1) or run[-1].group(2)) + 1:
            run.append(m)
    if len(run) >= 2 and run[0].start() > 0:
        options: dict[str, str] = {}
        for m, nxt in zip(run, [*run[1:], None]):
            value = text[m.end(): nxt.start() if nxt else len(text)].strip(" \t\n；;。.，,")
            if not value:
                return None
            options[m.group(1) or m.group(2)] = value
        stem = text[: run[0].start()]
        return QuizItem(_KIND.sub("", stem).strip(), options, bool(_MULTIPLE.search(stem)))
    if _BLANK.search(text):
        return QuizItem(_KIND.sub("", text).strip(), {}, False)
    return None


def plain(text: str) -> str:
    """Compared form: width-normalised, simplified, no punctuation or quotes, numerals as digits."""
    norm = _NOISE.sub("", index_form(text))
    return _CN_NUMBER.sub(lambda m: str(cn_to_int(m.group(0)) if cn_to_int(m.group(0)) is not None else m.group(0)), norm)


def _fill(stem: str, sentence: str, max_chars: int) -> tuple[str, int] | None:
    """The text of ``sentence`` standing where the stem has its blank, and how many characters of the stem
    around the blank anchor it: an end of the text before the blank (its copula left out: "指的是" → "指")
    that the sentence holds, up to a start of the text after it, or to the end of the clause when the blank
    ends the stem. The longest anchor wins."""
    m = _BLANK.search(stem)
    if m is None:
        return None
    before = _QUOTES.sub("", index_form(stem[: m.start()]))
    left = _COPULA.sub("", before)
    copula = before[len(left):]  # "为" of "预备期为（ ）": the sentence's own "为一年" fills it with "一年"
    right = _CLAUSE_END.sub("", _QUOTES.sub("", index_form(stem[m.end():])))
    norm = _QUOTES.sub("", index_form(sentence))
    best: tuple[str, int] | None = None
    for size in range(len(left), 0, -1):
        key, at = left[-size:], norm.find(left[-size:])
        while at >= 0:
            after = norm[at + size:]
            if not right:
                cut = _CLAUSE_END.search(after)
                tail = after[: cut.start() if cut else len(after)]
                if size >= 2 and 0 < len(tail) <= max_chars and (best is None or size > best[1]):
                    best = (tail, size)
            for rsize in range(len(right), 0, -1):
                end = after.find(right[:rsize])
                # the anchor after the blank is read without its clause marks ("（ ），党内…" → "党内…"), so the
                # sentence's own mark before that text belongs to neither the fill nor the anchor
                fill = after[:end].rstrip(_CLAUSE_MARKS) if end > 0 else ""
                if fill and end <= max_chars and size + rsize >= 3 and (best is None or size + rsize > best[1]):
                    best = (fill, size + rsize)
                    break
            at = norm.find(key, at + 1)
    if best is not None and copula and best[0].startswith(copula) and len(best[0]) > len(copula):
        best = (best[0][len(copula):], best[1])
    return best


def _later_fills(stem: str, first: str, sentence: str, max_chars: int) -> list[str]:
    """What stands in the stem's other blanks ("党的最高领导机关，是党的（ ）和它所产生的（ ）。"), read from the same
    sentence with each blank before filled in; as many as the sentence fills, in order."""
    out: list[str] = []
    others = len(_BLANK.findall(stem)) - 1  # counted before filling: a fill may itself hold what looks like a blank
    stem = _BLANK.sub(lambda _: first, stem, count=1)
    for _ in range(others):
        found = _fill(stem, sentence, max_chars)
        if found is None:
            break
        out.append(found[0])
        stem = _BLANK.sub(lambda _, text=found[0]: text, stem, count=1)
    return out


def _filled(item: QuizItem, fill: str) -> list[str]:
    """Letters of the options that are what stands in the blank."""
    filled = plain(fill)
    return _outermost(item, [k for k, v in item.options.items() if plain(v) and _says(filled, plain(v))])


def _supported(item: QuizItem, sentence: str) -> list[str]:
    """Letters of the options the sentence says."""
    text = plain(sentence)
    return _outermost(item, [k for k, v in item.options.items() if plain(v) and _says(text, plain(v))])


def _outermost(item: QuizItem, letters: list[str]) -> list[str]:
    """For a single-answer item, options whose text lies inside another found option are dropped: options
    are often nested ("五年" inside "三年至五年"), and the text then says the longer one. A multiple-answer
    item keeps them all ("警告" and "严重警告" are both kinds of sanction)."""
    if item.multiple or len(letters) < 2:
        return letters
    texts = {k: plain(item.options[k]) for k in letters}
    return [k for k in letters if not any(o != k and texts[k] != texts[o] and texts[k] in texts[o] for o in letters)]


def _says(text: str, option: str) -> bool:
    """Whether ``text`` holds ``option``; a number only as a whole number ("1" is not in "10")."""
    before = r"(?<!\d)" if option[0].isdigit() else ""
    after = r"(?!\d)" if option[-1].isdigit() else ""
    return re.search(before + re.escape(option) + after, text) is not None


def _cite(sentence: ScoredSentence, quote: str, hits: list[Hit], choice: str, detail: str) -> QuizAnswer:
    book = CitationBook()
    marks = book.marks([hits[sentence.rank]], sentence.text)
    text = f"答案：{choice}{detail}，依据原文：“{quote.strip()}”{marks}"  # one claim, backed by its quote
    return QuizAnswer(Composition(text, book.citations, "quiz", [sentence]), choice)


def _with_items(best: ScoredSentence, result: SearchResult, scorer: SentenceScorer) -> str:
    """The sentence, and when it leads in an enumeration ("对党员的纪律处分种类：") the items that follow it, all of
    them: an article's list may run on into its next passage."""
    if not best.text.rstrip().endswith(("：", ":")):
        return best.text
    chunk = result.hits[best.rank].chunk
    lead = best.text.strip()
    whole = article_text(result.catalogue.article(chunk.doc_id, chunk.article)) if chunk.article is not None else ""
    rest = whole[whole.find(lead) + len(lead):] if lead in whole else chunk.text[best.sentence.end:]
    items = []
    for sentence in split_sentences(rest, scorer.tuning):
        if not LIST_ITEM_LABEL.match(sentence.text):
            break
        items.append(sentence.text)
    return "".join([best.text, *items])


def _counted_thing(item: QuizItem) -> str:
    """What a counting blank counts, when every option is a number: the word after its unit ("有（ ）项义务" →
    义务), else the end of the words before it ("党的纪律处分有（ ）种" → 纪律处分); '' for any other item."""
    m = _BLANK.search(item.stem)
    unit = _COUNTED_UNIT.match(item.stem, m.end()) if m else None
    if not (m and unit and item.options and all(plain(v).isdigit() for v in item.options.values())):
        return ""
    after = _CLAUSE_END.split(_QUOTES.sub("", index_form(item.stem[unit.end():])), maxsplit=1)[0]
    before = _COUNT_VERB.sub("", _QUOTES.sub("", index_form(item.stem[: m.start()])))
    return after or before[-4:]


def _leads_in(sentence: str, counted: str) -> bool:
    """Whether the sentence leads in a list of the counted thing: its last clause before the colon names it
    ("党员必须履行下列义务：", not "…履行…义务，并且必须具备以下的基本条件：")."""
    text = index_form(sentence).rstrip()
    if not text.endswith((":", "：")):
        return False
    return counted in re.split(r"[，,；;]", text[:-1])[-1]


def answer_quiz(item: QuizItem, result: SearchResult, scorer: SentenceScorer, min_coverage: float,
                min_anchor: int, max_fill_chars: int) -> QuizAnswer | None:
    """The option (or fill text) the stem-matching sentences support, quoted; None when none supports any.
    A sentence that holds the stem's words around the blank decides first (the longest anchor wins; for
    options it must reach ``min_anchor`` characters); else
    the best-scored sentence (with the enumeration it leads in) that names the options: exactly one for a
    single-answer item, every one it names for a multiple-answer item."""
    scored = scorer.score_hits(item.plain_stem, result.hits, catalogue=result.catalogue)
    if item.options and not item.multiple and _NEGATIVE_STEM.search(item.stem):
        return _left_out(item, scored, result, scorer, min_coverage)
    fills = [(f, s) for s in scored if (f := _fill(item.stem, s.text, max_fill_chars))
             and (s.coverage >= min_coverage or f[1] >= min_anchor)]
    fills.sort(key=lambda fs: -fs[0][1])  # stable: among equal anchors, the better-scored sentence
    if not item.options:
        if not fills:
            return None
        (fill, _), sentence = fills[0]
        filled = [fill, *_later_fills(item.stem, fill, sentence.text, max_fill_chars)]
        return _cite(sentence, sentence.text, result.hits, "；".join(filled), "")
    for (fill, anchor), sentence in fills:
        letters = _filled(item, fill) if anchor >= min_anchor else []  # options need a firm anchor
        if len(letters) == 1 or (letters and item.multiple):
            return _choice(item, letters, sentence, sentence.text, result.hits)
    counted = _counted_thing(item)
    if counted:  # "有（ ）项义务": the number of items an enumeration of that thing lists
        for best in (s for s in scored if s.coverage >= min_coverage and _leads_in(s.text, counted)):
            text = _with_items(best, result, scorer)
            listed = enumerated_items(text)
            letters = [k for k, v in item.options.items() if plain(v) == str(len(listed))] if len(listed) >= 2 else []
            if len(letters) == 1:
                return _cite(best, text, result.hits, letters[0], f"（{item.options[letters[0]]}，原文列出 {len(listed)} 项）")
    terms = item.quoted_terms
    for best in (s for s in scored if s.coverage >= min_coverage):
        text = _with_items(best, result, scorer)
        letters = _supported(item, text)
        if not letters:  # "坚持“三会一课”制度。" names no option; the sentence explaining the term may
            text = _explained(best, text, terms, result, scorer)
            letters = _supported(item, text)
        if letters and (len(letters) == 1 or item.multiple):  # several for one answer: not singled out
            return _choice(item, letters, best, text, result.hits)
    return None


def _left_out(item: QuizItem, scored: list[ScoredSentence], result: SearchResult, scorer: SentenceScorer,
              min_coverage: float) -> QuizAnswer | None:
    """For a negative stem ("党员的义务不包括（ ）"), the one option a covering sentence (with the list it leads in)
    leaves out while saying every other; None when no sentence says all but one."""
    terms = item.quoted_terms
    for best in (s for s in scored if s.coverage >= min_coverage):
        text = _explained(best, _with_items(best, result, scorer), terms, result, scorer)
        said = set(_supported(item, text))
        left = [k for k in item.options if k not in said]
        if len(left) == 1 and len(said) == len(item.options) - 1:
            return _cite(best, text, result.hits, left[0], f"（{item.options[left[0]]}，原文列出了其余各项）")
    return None


def _explained(best: ScoredSentence, text: str, terms: list[str], result: SearchResult, scorer: SentenceScorer) -> str:
    """``text`` (the sentence, with any list it leads in), followed by the next sentence of its passage when the
    sentence names one of the stem's quoted ``terms``: "坚持“三会一课”制度。" is explained by what follows it
    ("党员必须参加党员大会、党小组会和上党课")."""
    norm = index_form(best.text)
    if not any(len(term) >= 2 and term in norm for term in terms):
        return text
    chunk = result.hits[best.rank].chunk
    following = split_sentences(chunk.text[best.sentence.end:], scorer.tuning)
    return text + following[0].text if following else text


def _choice(item: QuizItem, letters: list[str], sentence: ScoredSentence, quote: str, hits: list[Hit]) -> QuizAnswer:
    letters = sorted(set(letters))
    return _cite(sentence, quote, hits, "".join(letters), "（" + "、".join(item.options[k] for k in letters) + "）")
