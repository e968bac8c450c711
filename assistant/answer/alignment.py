"""Two versions of a regulation side by side.

Articles are aligned in order, the way a reader lays two versions next to each other: a revision renumbers
articles, inserts new ones and drops some, but rarely reorders what it keeps. So the alignment is the
order-preserving matching with the largest total similarity (a weighted longest common subsequence), which
keeps a new article from being paired with an unrelated old one that happens to share some wording.

Within an aligned pair, the change is described clause by clause (a clause ends at 。；; or a line break),
so it reads as whole provisions ("原为…现为…", "新增…") rather than word fragments. Renumbered
cross-references ("依照本条例第六十三条" → "第七十条") are no change of substance.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

from assistant.patterns import INDENTED_ARTICLE_LABEL, NON_WORD, PROVISION_MENTION
from assistant.textnorm import index_form

_CLAUSE_END = re.compile(r"(?<=[。；;！？!?])|\n")


def char_pairs(key: str) -> frozenset[str]:
    """The pairs of adjacent characters of a key (what two provisions are compared by)."""
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def resemblance(a: str, b: str) -> float:
    """Jaccard share of the character pairs of two texts (their words only, article numbers masked)."""
    x, y = char_pairs(key(a)), char_pairs(key(b))
    return len(x & y) / len(x | y) if x and y else 0.0


def _similarities(a: list[frozenset[str]], b: list[frozenset[str]]) -> list[list[float]]:
    """Jaccard share of every pair, as one matrix product over the pairs' vocabulary."""
    vocab = {g: k for k, g in enumerate(set().union(*a, *b))}
    if not a or not b or not vocab:
        return [[0.0] * len(b) for _ in a]
    x, y = np.zeros((len(a), len(vocab)), np.float32), np.zeros((len(b), len(vocab)), np.float32)
    for row, grams in zip(x, a):
        row[[vocab[g] for g in grams]] = 1.0
    for row, grams in zip(y, b):
        row[[vocab[g] for g in grams]] = 1.0
    common = x @ y.T
    union = x.sum(1)[:, None] + y.sum(1)[None, :] - common
    return np.where(union > 0, common / np.maximum(union, 1.0), 0.0).tolist()


@dataclass(frozen=True)
class Pair:
    """Indexes into the new and old sequences (None: no counterpart) and their similarity."""

    new: int | None
    old: int | None
    similarity: float


def align(new: Sequence[str], old: Sequence[str], same_provision: float, extended: float = 0.0) -> list[Pair]:
    """Every item of both sequences once, in order: matched pairs (similarity ≥ ``same_provision``) and
    the unmatched items of either side. The matching maximises the summed similarity without crossings.
    With ``extended`` > 0, an unmatched old item of which at least that share of character pairs stands in an
    unmatched new one (or the reverse, for the shorter of the two) is that item extended and moved: a revision
    that adds whole paragraphs to a provision lowers its Jaccard share below ``same_provision``
    (纪律处分条例 2018 第二十八条 → 2023 第三十条)."""
    new_keys, old_keys = [key(t) for t in new], [key(t) for t in old]
    pairs = _align_keys(new_keys, old_keys, same_provision)
    return _with_extended(pairs, new_keys, old_keys, extended) if extended > 0 else pairs


def _with_extended(pairs: list[Pair], new: Sequence[str], old: Sequence[str], share: float) -> list[Pair]:
    """``pairs`` with unmatched items paired when the shorter one almost wholly stands in the other."""
    lonely_new = [p.new for p in pairs if p.old is None and p.new is not None]
    joined: dict[int, Pair] = {}  # new index → its extended pair
    for j in (p.old for p in pairs if p.new is None and p.old is not None):
        mine = char_pairs(old[j])
        best: Pair | None = None
        for i in lonely_new:
            theirs = char_pairs(new[i])
            if i in joined or not mine or not theirs:
                continue
            contained = len(mine & theirs) / min(len(mine), len(theirs))
            if contained >= share and (best is None or contained > best.similarity):
                best = Pair(i, j, contained)
        if best is not None and best.new is not None:
            joined[best.new] = best
    taken = {p.old for p in joined.values()}
    out: list[Pair] = []
    for p in pairs:
        if p.new is None and p.old in taken:
            continue
        out.append(joined.get(p.new, p) if p.old is None and p.new is not None else p)
    return out


def _align_keys(new: Sequence[str], old: Sequence[str], same_provision: float) -> list[Pair]:
    sim = _similarities([char_pairs(k) for k in new], [char_pairs(k) for k in old])
    sim = [[x if x >= same_provision else 0.0 for x in row] for row in sim]
    n, m = len(new), len(old)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            take = below[j + 1] + sim[i][j] if sim[i][j] else 0.0
            row[j] = max(below[j], row[j + 1], take)
    pairs: list[Pair] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append(Pair(i, j, sim[i][j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append(Pair(i, None, 0.0))
            i += 1
        else:
            pairs.append(Pair(None, j, 0.0))
            j += 1
    pairs += [Pair(k, None, 0.0) for k in range(i, n)] + [Pair(None, k, 0.0) for k in range(j, m)]
    return pairs


def clauses(text: str) -> list[str]:
    """The clauses of a provision: split after 。；;！？ and at line breaks, blanks dropped."""
    text = INDENTED_ARTICLE_LABEL.sub("", text)
    return [c.strip() for c in _CLAUSE_END.split(text) if c and NON_WORD.sub("", c)]


def key(text: str) -> str:
    """A text's words only: simplified, punctuation dropped, article numbers masked (what is compared)."""
    return NON_WORD.sub("", PROVISION_MENTION.sub("第#条", index_form(text)))


@dataclass(frozen=True)
class ClauseChange:
    """One changed clause: reworded (both sides), added (new only) or removed (old only)."""

    kind: Literal["reworded", "added", "removed"]
    old: str = ""
    new: str = ""
    weight: int = 0  # characters that differ: the whole clause when added or removed, else the differing words


def clause_changes(old: str, new: str, same_clause: float, minor_chars: int = 0) -> list[ClauseChange]:
    """What changed from ``old`` to ``new``, clause by clause and in order; renumbered article references
    and punctuation alone are no change, nor is a rewording of at most ``minor_chars`` characters (a
    dropped "的"). A reworded clause keeps ≥ ``same_clause`` of its character pairs."""
    x, y = clauses(old), clauses(new)
    keys_x, keys_y = [key(c) for c in x], [key(c) for c in y]
    out: list[ClauseChange] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, keys_x, keys_y, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for pair in _align_keys(keys_y[b1:b2], keys_x[a1:a2], same_clause):
            i, j = (None if pair.old is None else a1 + pair.old), (None if pair.new is None else b1 + pair.new)
            if i is not None and j is not None:
                ops = difflib.SequenceMatcher(None, keys_x[i], keys_y[j], autojunk=False).get_opcodes()
                weight = sum(max(a2_ - a1_, b2_ - b1_) for o, a1_, a2_, b1_, b2_ in ops if o != "equal")
                if weight > minor_chars:
                    out.append(ClauseChange("reworded", x[i], y[j], weight))
            elif j is not None:
                out.append(ClauseChange("added", new=y[j], weight=len(keys_y[j])))
            elif i is not None:
                out.append(ClauseChange("removed", old=x[i], weight=len(keys_x[i])))
    return out


def _window(text: str, start: int, end: int, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters around [start, end), with … where it was cut."""
    if len(text) <= limit:
        return text
    room = max(limit - (end - start), 0)
    lo = max(0, start - room // 2)
    hi = min(len(text), max(end, lo + limit))
    lo = max(0, min(lo, hi - limit))
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def describe(change: ClauseChange, limit: int) -> str:
    """One change in words a reader can check against the two texts, each side at most ``limit`` characters."""
    if change.kind == "added":
        return f"新增“{_window(change.new.rstrip('。；;'), 0, 0, limit)}”"
    if change.kind == "removed":
        return f"删去“{_window(change.old.rstrip('。；;'), 0, 0, limit)}”"
    was, now = change.old.rstrip("。；;"), change.new.rstrip("。；;")
    ops = [o for o in difflib.SequenceMatcher(None, was, now, autojunk=False).get_opcodes() if o[0] != "equal"]
    a1, a2 = (ops[0][1], ops[-1][2]) if ops else (0, 0)
    b1, b2 = (ops[0][3], ops[-1][4]) if ops else (0, 0)
    return f"“{_window(was, a1, a2, limit)}”改为“{_window(now, b1, b2, limit)}”"
