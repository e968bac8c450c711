"""The one place the workbench picks sentences: the chat answer's own selector, used through its public
functions (score the hits' sentences against a query, then compose as for a chat answer)."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.extractive import compose_sentences
from assistant.answer.scoring import ScoredSentence, SentenceScorer
from assistant.answer.sentences import MAX_SENTENCE, split_sentences
from assistant.models import Hit
from assistant.retrieve import SearchResult


def choose_sentences(query: str, result: SearchResult, scorer: SentenceScorer) -> list[tuple[str, Hit]]:
    """The sentences a chat answer to ``query`` over ``result``'s hits would use, each with its passage,
    in the order the answer gives them. A lead-in ("…应当遵循以下原则：") keeps what follows it in its passage."""
    if not result.hits:
        return []
    scored = scorer.score_hits(query, result.hits)
    composition = compose_sentences(query, replace(result, hits=list(result.hits)), scored)
    return [(_with_continuation(s, result.hits[s.rank]), result.hits[s.rank]) for s in composition.sentences]


def _with_continuation(scored: ScoredSentence, hit: Hit) -> str:
    """The sentence; a lead-in ending in a colon continues with the passage's next sentences (verbatim, short)."""
    text = scored.text
    if not text.rstrip().endswith(("：", ":")):
        return text
    for sentence in split_sentences(hit.chunk.text[scored.sentence.end:]):
        if len(text) + len(sentence.text) > MAX_SENTENCE and not text.rstrip().endswith(("：", ":")):
            break
        text += sentence.text
    return text
