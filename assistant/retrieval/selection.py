"""Which scored passages become hits: those the filters allow, best first, without near-duplicates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.lexical import Snapshot
from assistant.models import Chunk, Hit


@dataclass(frozen=True)
class Filters:
    """Restrict results by document kind and status (None: no restriction)."""

    kinds: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None

    def allowed(self, snap: Snapshot) -> np.ndarray:
        """A mask over the snapshot's passages: True where the passage's document passes."""
        mask = np.ones(len(snap.chunks), dtype=bool)
        if not self.kinds and not self.statuses:
            return mask  # no restriction: nothing to look up per passage on every search
        for i, chunk in enumerate(snap.chunks):
            meta = snap.documents[chunk.doc_id].meta
            if self.kinds and meta.kind not in self.kinds:
                mask[i] = False
            if self.statuses and meta.status not in self.statuses:
                mask[i] = False
        return mask


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def near_duplicate(a: Chunk, b: Chunk, threshold: float) -> bool:
    """Whether the shorter passage's character bigrams are at least ``threshold`` inside the other's
    (the same provision in two versions, or a passage repeated in two uploads)."""
    x, y = _bigrams(a.norm.split("\n", 1)[-1]), _bigrams(b.norm.split("\n", 1)[-1])
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= threshold


class HitSelector:
    """The ``k`` best allowed passages; a near-duplicate of a chosen one is skipped, across documents
    only when the question is not about versions (then both versions of a provision are wanted)."""

    def __init__(self, near_duplicate_share: float) -> None:
        self._share = near_duplicate_share

    def select(
        self, scores: np.ndarray, dense: dict[int, float], lexical: np.ndarray, snap: Snapshot,
        allowed: np.ndarray, k: int, about_versions: bool,
    ) -> list[Hit]:
        chosen: list[Hit] = []
        for idx in np.argsort(-scores):
            if len(chosen) >= k or scores[idx] <= 0:
                break
            if not allowed[idx]:
                continue
            chunk = snap.chunks[idx]
            if any(near_duplicate(h.chunk, chunk, self._share) and (h.chunk.doc_id == chunk.doc_id or not about_versions)
                   for h in chosen):
                continue
            chosen.append(Hit(chunk, snap.documents[chunk.doc_id], float(scores[idx]),
                              dense=dense.get(int(idx)), lexical=float(lexical[idx]) if lexical.size else None))
        return chosen
