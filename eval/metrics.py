"""Evaluation metrics as pure functions over plain data: relevance, ranking, citations, answers, refusal.

Relevance of a retrieved passage to a question does not depend on how a system chunks its
documents: the passage must come from one of the question's expected source files (its source
path ends with the expected ``file``) and contain that source's ``evidence`` phrase, both sides
normalised (width, traditional → simplified, lower case, no whitespace). For regulation article
lookups a passage whose locator equals the expected locator in that file counts as well.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from assistant.support import content, support_ratio
from assistant.support import is_claim as _is_claim
from assistant.tuning import AnswerTuning
from assistant.textnorm import index_form
from eval.dataset import ExpectedSource, Question, is_choice_key

RETRIEVAL_KEYS: tuple[str, ...] = ("hit@1", "hit@5", "recall@5", "recall@10", "mrr@10", "ndcg@10")

_WHITESPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[\^?(\d{1,3})\]|【(\d{1,3})】|［(\d{1,3})］")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
_ARTICLE_REF = re.compile(r"第\s*(?:[一二三四五六七八九十百零〇两]+|\d{1,3})\s*条")
_PARAGRAPH = re.compile(r"\n\s*\n")
NOTE_PREFIXES: tuple[str, ...] = ("注意：", "注意:")
# the answer engine's support rule at its default tuning: the metric must not move when a deployment is tuned
_RULE = AnswerTuning()
SUPPORT_THRESHOLD = _RULE.support_threshold
MIN_SENTENCE_CHARS = _RULE.claim_min_chars


def is_claim(sentence: str) -> bool:
    """Whether an answer sentence is counted (the engine's rule at its default tuning)."""
    return _is_claim(sentence, MIN_SENTENCE_CHARS)


@dataclass(frozen=True)
class Passage:
    """A retrieved or cited passage as every system reports it."""

    source: str
    title: str
    locator: str
    text: str


# ---------------------------------------------------------------- relevance


def match_form(text: str) -> str:
    """Comparison form: :func:`assistant.textnorm.index_form` with all whitespace removed."""
    return _WHITESPACE.sub("", index_form(text))


def _raw_form(text: str) -> str:
    return _WHITESPACE.sub("", text)


def same_file(source: str, expected_file: str) -> bool:
    """Whether a passage's source path names the expected corpus file (path suffix, any separator)."""
    source = source.replace("\\", "/")
    expected = expected_file.replace("\\", "/").lstrip("/")
    return source == expected or source.endswith("/" + expected)


def is_relevant(passage: Passage, source: ExpectedSource, by_locator: bool = False) -> bool:
    """The relevance rule: same file and the evidence phrase inside (or, with ``by_locator``, the same locator)."""
    if not same_file(passage.source, source.file):
        return False
    if by_locator and source.locator and passage.locator.strip() == source.locator.strip():
        return True
    # OpenCC converts by phrases: a fragment may convert differently from its context, so the
    # unconverted form is tried as well.
    return match_form(source.evidence) in match_form(passage.text) or _raw_form(source.evidence) in _raw_form(passage.text)


def uses_locator(question: Question) -> bool:
    """Regulation article lookups (type ``article``, or a question naming an article such as a
    follow-up "第十条呢？") may also be judged by the article locator."""
    return question.type == "article" or bool(_ARTICLE_REF.search(question.question))


def matched_sources(passage: Passage, question: Question) -> frozenset[int]:
    """Indexes of the question's expected sources this passage is relevant to."""
    by_locator = uses_locator(question)
    return frozenset(i for i, s in enumerate(question.expected_sources) if is_relevant(passage, s, by_locator))


def match_list(passages: Sequence[Passage], question: Question) -> list[frozenset[int]]:
    """For every ranked passage, the expected sources it matches."""
    return [matched_sources(p, question) for p in passages]


# ---------------------------------------------------------------- ranking


def first_relevant_rank(matches: Sequence[frozenset[int]]) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    return next((rank for rank, m in enumerate(matches, 1) if m), None)


def hit_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, k: int) -> float:
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def recall_at(matches: Sequence[frozenset[int]], n_sources: int, k: int) -> float:
    """Share of the expected sources found among the top ``k`` passages."""
    if n_sources == 0:
        return 0.0
    found: set[int] = set().union(*matches[:k]) if matches[:k] else set()
    return len(found) / n_sources


def ndcg_at(matches: Sequence[frozenset[int]], n_sources: int, k: int) -> float:
    """Binary nDCG: a passage gains 1 when it covers an expected source no higher passage covered."""
    if n_sources == 0:
        return 0.0
    seen: set[int] = set()
    dcg = 0.0
    for rank, m in enumerate(matches[:k], 1):
        new = m - seen
        if new:
            dcg += 1.0 / math.log2(rank + 1)
            seen |= new
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(n_sources, k) + 1))
    return dcg / ideal


def retrieval_scores(matches: Sequence[frozenset[int]], n_sources: int) -> dict[str, float]:
    """Every retrieval metric of one question."""
    rank = first_relevant_rank(matches[:10])
    return {
        "hit@1": hit_at(rank, 1),
        "hit@5": hit_at(rank, 5),
        "recall@5": recall_at(matches, n_sources, 5),
        "recall@10": recall_at(matches, n_sources, 10),
        "mrr@10": reciprocal_rank(rank, 10),
        "ndcg@10": ndcg_at(matches, n_sources, 10),
    }


# ---------------------------------------------------------------- refusal


def refusal_scores(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float | None]:
    """Precision, recall and accuracy of refusing, from (answerable, refused) pairs.

    The positive class is "should be refused" (answerable is False). Precision is None when
    nothing was refused, recall None when every question was answerable.
    """
    tp = fp = fn = tn = 0
    for answerable, refused in pairs:
        if refused and not answerable:
            tp += 1
        elif refused:
            fp += 1
        elif not answerable:
            fn += 1
        else:
            tn += 1
    total = tp + fp + fn + tn
    return {
        "refusal_precision": tp / (tp + fp) if tp + fp else None,
        "refusal_recall": tp / (tp + fn) if tp + fn else None,
        "refusal_accuracy": (tp + tn) / total if total else None,
    }


# ---------------------------------------------------------------- quiz items


def quiz_correct(choice: str | None, key: str) -> bool:
    """Whether a quiz answer is the keyed one.

    For a multiple-choice key ("A", "ABD") the answer must name exactly those option letters
    (order, case and separators such as "A、B" ignored); for a fill-in key the answer's text must
    equal the key once whitespace, punctuation, width and script are ignored. No answer (None) is wrong.
    """
    if choice is None:
        return False
    if is_choice_key(key):
        letters = content(choice).upper()
        return bool(letters) and set(letters) <= set("ABCDEFGH") and set(letters) == set(key)
    return bool(content(choice)) and content(choice) == content(key)


# ---------------------------------------------------------------- citations and answers


def citation_counts(cited: Sequence[Passage], question: Question) -> tuple[int, int, int]:
    """(relevant citations, citations, expected sources cited) for one answer."""
    matches = match_list(cited, question)
    relevant = sum(1 for m in matches if m)
    covered: set[int] = set().union(*matches) if matches else set()
    return relevant, len(cited), len(covered)


def phrase_coverage(phrases: Sequence[str], texts: Sequence[str]) -> float | None:
    """Share of ``phrases`` found (normalised) in any of ``texts``; None without phrases."""
    if not phrases:
        return None
    haystack = [match_form(t) for t in texts] + [_raw_form(t) for t in texts]
    found = sum(1 for p in phrases if any(match_form(p) in h or _raw_form(p) in h for h in haystack))
    return found / len(phrases)


def split_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Answer sentences with the citation numbers that apply to them, paragraph by paragraph.

    A marker written right after a sentence's final punctuation ("……。[1]") belongs to that
    sentence; a sentence without a marker takes the markers of the next marked sentence of its
    paragraph (a marker closing a quoted passage covers the whole passage). Paragraphs (separated
    by blank lines) that are notes (starting with "注意：", the engine's version notes) are left out.
    """
    out: list[tuple[str, tuple[int, ...]]] = []
    for paragraph in _PARAGRAPH.split(text):
        if not paragraph.strip() or paragraph.strip().startswith(NOTE_PREFIXES):
            continue
        sentences = _paragraph_sentences(paragraph)
        pending: list[str] = []
        for sentence, numbers in sentences:
            pending.append(sentence)
            if numbers:
                out.extend((s, tuple(numbers)) for s in pending)
                pending = []
        out.extend((s, ()) for s in pending)
    return out


def _paragraph_sentences(paragraph: str) -> list[tuple[str, list[int]]]:
    sentences: list[tuple[str, list[int]]] = []
    for piece in (p for p in _SENTENCE_END.split(paragraph) if p.strip()):
        lead = re.match(rf"^(?:\s*(?:{_MARKER.pattern}))+", piece)
        if lead and sentences:
            sentences[-1][1].extend(_numbers(lead.group(0)))
            piece = piece[lead.end() :]
        text = _MARKER.sub("", piece).strip()
        if text:
            sentences.append((text, _numbers(piece)))
        elif sentences:
            sentences[-1][1].extend(_numbers(piece))
    return sentences


def _numbers(text: str) -> list[int]:
    return [int(next(g for g in m.groups() if g)) for m in _MARKER.finditer(text)]


def supported_sentences(text: str, cited: Mapping[int, str]) -> tuple[int, int]:
    """(supported, counted) answer sentences: a sentence is supported when one of the passages it
    cites holds at least 60 % of its bigrams. Lead-ins, notes and very short sentences are not
    counted; a sentence citing nothing is counted as unsupported."""
    supported = counted = 0
    for sentence, numbers in split_sentences(text):
        if not is_claim(sentence):
            continue
        counted += 1
        if any(n in cited and support_ratio(sentence, cited[n]) >= SUPPORT_THRESHOLD for n in numbers):
            supported += 1
    return supported, counted


# ---------------------------------------------------------------- aggregation


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (``q`` in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean_by_key(rows: Sequence[Mapping[str, float | None]], keys: Sequence[str]) -> dict[str, float | None]:
    """Per-key mean over rows (rows lacking a key or holding None are skipped for that key)."""
    return {k: mean(r.get(k) for r in rows) for k in keys}


def by_type(
    items: Sequence[tuple[str, Mapping[str, float | None]]], keys: Sequence[str]
) -> dict[str, dict[str, float | int | None]]:
    """Per-key means grouped by question type, with the number of questions as ``n``."""
    groups: dict[str, list[Mapping[str, float | None]]] = defaultdict(list)
    for qtype, row in items:
        groups[qtype].append(row)
    return {t: {**mean_by_key(rows, keys), "n": len(rows)} for t, rows in groups.items()}
