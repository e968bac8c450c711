"""The one place the workbench picks sentences: the chat answer's own selector, used through its public
functions (score the hits' sentences against a query, then compose as for a chat answer)."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.extractive import compose_sentences
from assistant.answer.scoring import SentenceScorer
from assistant.models import Hit
from assistant.retrieve import SearchResult


def choose_sentences(query: str, result: SearchResult, scorer: SentenceScorer) -> list[tuple[str, Hit]]:
    """The sentences a chat answer to ``query`` over ``result``'s hits would use, each with its passage,
    in the order the answer gives them. Lead-ins that only announce a list ("…如下：") are left out."""
    if not result.hits:
        return []
    scored = scorer.score_hits(query, result.hits)
    composition = compose_sentences(query, replace(result, hits=list(result.hits)), scored)
    return [(s.text, result.hits[s.rank]) for s in composition.sentences if not s.text.rstrip().endswith(("：", ":"))]
