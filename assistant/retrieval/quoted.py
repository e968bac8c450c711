"""Wording the question quotes: a passage that says a quoted phrase word for word, when few passages do, is
what the asker remembers reading ("2018年版条例写的是党员“被依法判处刑罚后”…", "“政绩观错位”现在怎么说？").
A quoted phrase many passages say (“三会一课”) is a topic, left to the ordinary ranking."""

from __future__ import annotations

import numpy as np

from assistant.lexical import Snapshot
from assistant.patterns import QUOTED_TERM
from assistant.settings import Settings
from assistant.textnorm import index_form


class QuotedWording:
    """Raises the passages that say a quoted phrase of the question, with the weights of ``Settings``."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def apply(self, scores: np.ndarray, question: str, snap: Snapshot) -> None:
        """Scale ``scores`` in place: passages saying a quoted phrase of at least ``quoted_wording_min_chars``
        characters that at most ``quoted_wording_max_passages`` passages say get ``quoted_wording_boost``."""
        settings = self._settings
        if settings.quoted_wording_boost == 1.0 or not scores.size:
            return
        for m in QUOTED_TERM.finditer(index_form(question)):
            phrase = m.group(1)
            if len(phrase) < settings.quoted_wording_min_chars:
                continue
            saying = [i for i, chunk in enumerate(snap.chunks) if phrase in chunk.norm]
            if 0 < len(saying) <= settings.quoted_wording_max_passages:
                scores[saying] *= settings.quoted_wording_boost
