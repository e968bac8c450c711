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

from assistant.textnorm import index_form

_CLAUSE_END = re.compile(r"(?<=[。；;！？!?])|\n")
_ARTICLE_NUMBER = re.compile(r"第[一二三四五六七八九十百零〇两\d]+(?:条|款|项|章|节)")
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLE_HEAD = re.compile(r"^\s*第[一二三四五六七八九十百零〇两\d]+条\s*")


def bigram_set(text: str) -> frozenset[str]:
    """Character pairs of the text's word characters (simplified form, article numbers masked)."""
    t = _key(text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Pair:
    """Indexes into the new and old sequences (None: no counterpart) and their similarity."""

    new: int | None
    old: int | None
    similarity: float


def align(new: Sequence[str], old: Sequence[str], same_provision: float) -> list[Pair]:
    """Every item of both sequences once, in order: matched pairs (similarity ≥ ``same_provision``) and
    the unmatched items of either side. The matching maximises the summed similarity without crossings."""
    a = [bigram_set(t) for t in new]
    b = [bigram_set(t) for t in old]
    n, m = len(a), len(b)
    sim = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            s = jaccard(a[i], b[j])
            sim[i][j] = s if s >= same_provision else 0.0
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
    text = _ARTICLE_HEAD.sub("", text)
    return [c.strip() for c in _CLAUSE_END.split(text) if c and _NON_WORD.sub("", c)]


def _key(text: str) -> str:
    """A clause's words only: simplified, punctuation dropped, article numbers masked."""
    return _NON_WORD.sub("", _ARTICLE_NUMBER.sub("第#条", index_form(text)))


@dataclass(frozen=True)
class ClauseChange:
    """One changed clause: reworded (both sides), added (new only) or removed (old only)."""

    kind: Literal["reworded", "added", "removed"]
    old: str = ""
    new: str = ""

    @property
    def weight(self) -> int:
        """Characters that differ: the whole clause when added or removed, the differing words when reworded."""
        if self.kind != "reworded":
            return len(_NON_WORD.sub("", self.old or self.new))
        ops = difflib.SequenceMatcher(None, _key(self.old), _key(self.new), autojunk=False).get_opcodes()
        return sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in ops if op != "equal")


def clause_changes(old: str, new: str, same_clause: float, minor_chars: int = 0) -> list[ClauseChange]:
    """What changed from ``old`` to ``new``, clause by clause and in order; renumbered article references
    and punctuation alone are no change, nor is a rewording of at most ``minor_chars`` characters (a
    dropped "的"). A reworded clause keeps ≥ ``same_clause`` of its character pairs."""
    x, y = clauses(old), clauses(new)
    keys_x, keys_y = [_key(c) for c in x], [_key(c) for c in y]
    out: list[ClauseChange] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, keys_x, keys_y, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for pair in align(y[b1:b2], x[a1:a2], same_clause):
            was = x[a1 + pair.old] if pair.old is not None else ""
            now = y[b1 + pair.new] if pair.new is not None else ""
            if was and now:
                change = ClauseChange("reworded", was, now)
                if _key(was) != _key(now) and change.weight > minor_chars:
                    out.append(change)
            elif now:
                out.append(ClauseChange("added", new=now))
            elif was:
                out.append(ClauseChange("removed", old=was))
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
