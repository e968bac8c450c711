"""Fusion of the dense and lexical channels into one score per passage (``Settings.fusion``)."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from assistant.settings import Settings


class Fusion(Protocol):
    """Combines the channels' scores; a passage neither channel found scores 0."""

    def fuse(self, dense: dict[int, float], lexical: np.ndarray, size: int) -> np.ndarray: ...


class ConvexFusion:
    """A weighted sum of scores scaled to [0, 1]: dense by min-max over its candidates, BM25 by its maximum."""

    def __init__(self, dense_weight: float, lexical_weight: float) -> None:
        self._dense_weight = dense_weight
        self._lexical_weight = lexical_weight

    def fuse(self, dense: dict[int, float], lexical: np.ndarray, size: int) -> np.ndarray:
        scores = np.zeros(size, dtype=np.float64)
        if dense:
            values = np.array(list(dense.values()))
            low, high = float(values.min()), float(values.max())
            for idx, sim in dense.items():
                scores[idx] += self._dense_weight * ((sim - low) / (high - low) if high > low else 1.0)
        if lexical.size and lexical.max() > 0:
            scores += self._lexical_weight * (lexical / lexical.max())
        return scores


class RankFusion:
    """Reciprocal rank fusion of each channel's first ``candidates`` passages."""

    def __init__(self, dense_weight: float, lexical_weight: float, rrf_k: int, candidates: int) -> None:
        self._dense_weight = dense_weight
        self._lexical_weight = lexical_weight
        self._rrf_k = rrf_k
        self._candidates = candidates

    def fuse(self, dense: dict[int, float], lexical: np.ndarray, size: int) -> np.ndarray:
        scores = np.zeros(size, dtype=np.float64)
        for rank, idx in enumerate(sorted(dense, key=dense.get, reverse=True)[: self._candidates]):
            scores[idx] += self._dense_weight / (self._rrf_k + rank + 1)
        if lexical.size and lexical.max() > 0:
            order = np.argsort(-lexical)[: self._candidates]
            for rank, idx in enumerate(order):
                if lexical[idx] <= 0:
                    break
                scores[idx] += self._lexical_weight / (self._rrf_k + rank + 1)
        return scores


def fusion_for(settings: Settings) -> Fusion:
    """The fusion the settings name."""
    if settings.fusion == "convex":
        return ConvexFusion(settings.dense_weight, settings.lexical_weight)
    return RankFusion(settings.dense_weight, settings.lexical_weight, settings.rrf_k, settings.candidates)
