"""True/false items pasted from knowledge contests (判断题): "判断题：预备党员的预备期为一年。（  ）".

Contest statements copy the wording of a provision, changing one thing when they are false: a number
("两年" for "一年"), a range cut to one end ("五年" for "三年至五年"), a negation, or a term ("同级" for
"上级"). So the statement is laid over the sentence that covers its words best, character by character:
- every character of the statement found in order in the sentence, with nothing the sentence adds to a
  number the statement states → 正确;
- the statement and the sentence differ at one short place (a number, a negation, a term of a few
  characters) while the rest lines up → 错误, quoting the sentence;
- anything else (a paraphrase, a statement about something the passages do not hold) → no verdict: the
  assistant says it cannot judge rather than guess.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from assistant.answer.citations import CitationBook
from assistant.answer.protocol import Composition
from assistant.answer.quiz import QuizAnswer, parse_quiz, plain
from assistant.answer.scoring import ScoredSentence, SentenceScorer
from assistant.patterns import LIST_ITEM_LABEL, NON_WORD
from assistant.retrieve import SearchResult

# "判断题：", "【判断题】", "（判断）", "判断对错：", "判断下列说法是否正确："
_MARKER = re.compile(r"[【\[（(]\s*判断题?\s*[】\]）)]\s*[：:]?|判断(?:下列|以下)?(?:说法|表述|题)?(?:是否)?(?:正确|对错|正误)?\s*[：:]")
# a statement closed by its answer slot: "…为一年。（  ）", "…为一年（ ）"
_ANSWER_SLOT = re.compile(r"[（(][\s\u3000]*[）)]\s*[。.]?\s*$")
_SLOT_AFTER_SENTENCE = re.compile(r"[。！!；;]\s*[（(][\s\u3000]*[）)]\s*$")
# "（对的打√，错的打×）", "（对/错）", "（√/×）", "（正确/错误）", "（对或错）"
_HINT = re.compile(r"[（(]\s*(?:(?:对的?打|正确的?打)[^）)]*|(?:对|正确|√|T)\s*(?:/|／|或|还是)\s*(?:错|错误|×|F)\s*)[）)]")
_NEGATION = re.compile(r"不|未|无|非|禁止|严禁|没有")
# obligation modals contest statements use interchangeably with the provision's own ("应当" for "必须")
_MODALS = re.compile(r"应当|必须|应该|要|须|应")
_RANGE = re.compile(r"[至到~～\-—]")
# a statement's opening that only says where the rule is written: "党章规定", "廉洁自律规范要求", "按照准则"
_FRAMING = re.compile(r"(?:规定|要求|指出|明确|强调|提出|载明)$|^(?:按照|根据|依照|依据)")
# a provision's clause pointing at another part of its article ("除前项规定的情况外", "有前款行为的", "上述人员"):
# contest statements spell out what it points at ("除应当开除党籍的严重违纪情形外")
_CROSS_REFERENCE = re.compile(r"前[项款条]|前[两二三]款|上述|前述|本条第")
_CLAUSE_END = re.compile(r"[，,；;：:、]")


@dataclass(frozen=True)
class Statement:
    text: str


def parse_judgement(text: str) -> Statement | None:
    """A true/false item when the text says so (判断题, 判断对错…) or closes a full sentence with an empty
    answer slot ("…。（  ）"); None otherwise (a blank inside a sentence is a fill-in item)."""
    text = text.strip()
    quiz = parse_quiz(text)
    if quiz is not None and quiz.options:  # options to choose from: a choice item, whatever it is called
        return None
    hinted = _HINT.search(text) is not None  # "（对的打√，错的打×）"
    body = _HINT.sub("", text).strip()
    if not _MARKER.search(body) and not hinted and not _SLOT_AFTER_SENTENCE.search(body):
        return None
    body = _ANSWER_SLOT.sub("", _MARKER.sub("", body)).strip()
    return Statement(body) if len(plain(body)) >= 4 else None


@dataclass(frozen=True)
class Verdict:
    true: bool
    said: str = ""  # the statement's differing words (false only)
    source: str = ""  # the sentence's words there


def _modal_free(text: str) -> str:
    return _MODALS.sub("", text)


def verdict(statement: str, sentence: str, max_change_chars: int, min_aligned: float, reference_run_chars: int,
            chance_chars: int, context: str = "") -> Verdict | None:
    """The statement laid over the sentence: true, false at one short place, or None (cannot judge).
    Words the statement opens or ends with beyond the sentence may come from its passage (``context``):
    a provision's second paragraph leaves its subject ("国有企业领导人员") to the first; an opening that
    only says where the rule is written ("…规范要求", "按照…") is no claim either, and neither is a clause
    spelling out what the sentence points at ("前项规定的情况")."""
    statement = _references_taken_back(statement, sentence, context, reference_run_chars)
    s, t = plain(statement), plain(sentence)
    if not s:
        return None
    blocks = [b for b in difflib.SequenceMatcher(None, s, t, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    around = plain(context)
    head, tail = s[: blocks[0].a], s[blocks[-1].a + blocks[-1].size :]
    if len(head) >= 2 and (head in around or _FRAMING.search(head)):
        s = s[len(head) :]
    if len(tail) >= 2 and tail in around:
        s = s[: len(s) - len(tail)]
    blocks = [b for b in difflib.SequenceMatcher(None, s, t, autojunk=False).get_matching_blocks() if b.size]
    if sum(b.size for b in blocks) / len(s) < min_aligned:
        return None
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size  # the part of the sentence the statement covers
    covered = t[lo:hi]
    ops = difflib.SequenceMatcher(None, s, covered, autojunk=False).get_opcodes()
    diffs = [(s[a1:a2], covered[b1:b2]) for a1, a2, b1, b2 in _merged_changes(ops, chance_chars)]
    said = [(x, y) for x, y in diffs if _modal_free(x)]  # the statement has words the sentence does not
    added = [(x, y) for x, y in diffs if not _modal_free(x)]  # words only the sentence has (or a modal for them)
    cut_range = any(_RANGE.search(y) and re.search(r"\d", y) for _, y in added)  # "3年至" before "5年"
    if not said and not cut_range:
        return Verdict(True)
    if len(said) + (1 if cut_range and not said else 0) != 1:
        return None
    x, y = said[0] if said else ("", "")
    short = len(x) <= max_change_chars and len(y) <= max_change_chars
    flips = bool(_NEGATION.search(x)) != bool(_NEGATION.search(y))
    numbers = bool(re.search(r"\d", x + y)) or cut_range
    if not (short or flips or numbers):
        return None
    return Verdict(False, *_shown(statement, sentence, chance_chars))


def _merged_changes(ops: list[tuple[str, int, int, int, int]], chance_chars: int) -> list[tuple[int, int, int, int]]:
    """The spans (a1, a2, b1, b2) where two texts differ, from their opcodes. Two changes with no more than
    ``chance_chars`` characters in common between them are one change of a phrase ("实行巡视" for "建立巡察",
    where 巡 happens to be common): a character shared by chance does not split it."""
    merged: list[list[int]] = []
    for i, (op, a1, a2, b1, b2) in enumerate(ops):
        if op == "equal":
            continue
        gap = ops[i - 1] if i else None
        if merged and gap is not None and gap[0] == "equal" and gap[2] - gap[1] <= chance_chars \
                and (merged[-1][1], merged[-1][3]) == (gap[1], gap[3]):
            merged[-1][1], merged[-1][3] = a2, b2
        else:
            merged.append([a1, a2, b1, b2])
    return [(a1, a2, b1, b2) for a1, a2, b1, b2 in merged]


def _references_taken_back(statement: str, sentence: str, context: str, run_chars: int) -> str:
    """The statement with a clause that spells out what a clause of the sentence points at ("除应当开除党籍的严重
    违纪情形外" for "除前项规定的情况外") put back as the sentence words it: the clause of the statement most like
    the pointing clause, when no other clause of the sentence is more like it and it shares a run of at least
    ``run_chars`` characters with the rest of the passage (``context``), which it then restates. Without such a
    clause, the statement unchanged."""
    sentence = LIST_ITEM_LABEL.sub("", sentence.strip())  # "（二）" opening an item
    targets = [c for c in _CLAUSE_END.split(sentence) if plain(c)]
    pointing = [c for c in targets if _CROSS_REFERENCE.search(c)]
    elsewhere = plain(context.replace(sentence, ""))
    if not pointing or not elsewhere:
        return statement
    clauses = _CLAUSE_END.split(statement)
    restated = False

    def likeness(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, plain(a), plain(b), autojunk=False).ratio()

    for ref in pointing:
        ranked = [(likeness(c, ref), i) for i, c in enumerate(clauses)
                  if plain(c) and max(targets, key=lambda t: likeness(c, t)) == ref]
        if not ranked:
            continue
        said = plain(clauses[max(ranked)[1]])
        run = difflib.SequenceMatcher(None, said, elsewhere, autojunk=False).find_longest_match(0, len(said), 0, len(elsewhere))
        if run.size >= run_chars:
            clauses[max(ranked)[1]] = ref
            restated = True
    return "，".join(clauses) if restated else statement


_RANGE_WORDS = re.compile(r"[一二三四五六七八九十百千两\d]+[^\W\d]{0,2}[至到~～\-—][一二三四五六七八九十百千两\d]+[^\W\d]{0,2}")


def _shown(statement: str, sentence: str, chance_chars: int) -> tuple[str, str]:
    """The statement's words and the sentence's words where they differ, as written (numerals kept), with
    the next character of each for context ("两年"/"一年", "同级"/"上级"; a phrase changed around a character
    in common by chance whole: "实行巡视"/"建立巡察"); a range the statement cut to one end is shown whole."""
    s, t = NON_WORD.sub("", statement), NON_WORD.sub("", sentence)
    ops = difflib.SequenceMatcher(None, s, t, autojunk=False).get_opcodes()
    equal = [i for i, o in enumerate(ops) if o[0] == "equal"]
    # only differences between the first and last words in common: beyond them lie context and framing
    inner = ops[equal[0] + 1 : equal[-1]] if equal else []
    changes = [c for c in _merged_changes(inner, chance_chars) if c[1] > c[0]]  # the statement has words there
    if changes:
        a1, a2, b1, b2 = changes[0]
        return s[a1 : a2 + 1], t[b1 : b2 + 1]
    found = _RANGE_WORDS.search(sentence)
    return ("", found.group(0)) if found else ("", "")


def judge(statement: Statement, result: SearchResult, scorer: SentenceScorer, min_coverage: float,
          max_change_chars: int, min_aligned: float, reference_run_chars: int, chance_chars: int) -> QuizAnswer | None:
    """正确 or 错误 from the best-covering sentence that allows a verdict, quoted and cited; None when
    no sentence covering the statement's words allows one."""
    scored: list[ScoredSentence] = scorer.score_hits(statement.text, result.hits, result.query_vector, result.catalogue)
    for sentence in sorted((s for s in scored if s.coverage >= min_coverage), key=lambda s: -s.coverage):
        found = verdict(statement.text, sentence.text, max_change_chars, min_aligned, reference_run_chars, chance_chars,
                        result.hits[sentence.rank].chunk.text)
        if found is None:
            continue
        book = CitationBook()
        marks = book.marks([result.hits[sentence.rank]], sentence.text)
        if found.true:
            text = f"判断：正确。依据原文：“{sentence.text.strip()}”{marks}"
        else:
            where = (f"（题中为“{found.said}”，原文为“{found.source}”）" if found.said and found.source
                     else f"（原文为“{found.source}”）" if found.source else "")
            text = f"判断：错误{where}。原文为：“{sentence.text.strip()}”{marks}"
        choice = "对" if found.true else "错"
        return QuizAnswer(Composition(text, book.citations, "quiz", [sentence]), choice)
    return None
