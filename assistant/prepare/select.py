"""The one place the workbench picks sentences: the chat answer's own selector, used through its public
functions (score the hits' sentences against a query, then compose as for a chat answer)."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.extractive import compose_sentences, sentence_in_context
from assistant.answer.scoring import ScoredSentence, SentenceScorer
from assistant.answer.sentences import split_sentences
from assistant.models import Hit
from assistant.retrieve import SearchResult
from assistant.tuning import AnswerTuning


def choose_sentences(query: str, result: SearchResult, scorer: SentenceScorer) -> list[tuple[str, Hit]]:
    """The sentences a chat answer to ``query`` over ``result``'s hits would use, each with its passage,
    in the order the answer gives them. A lead-in ("…应当遵循以下原则：") keeps what follows it in its passage."""
    if not result.hits:
        return []
    scored = scorer.score_hits(query, result.hits, result.query_vector, result.catalogue)
    tuning = scorer.tuning
    composition = compose_sentences(query, replace(result, hits=list(result.hits)), scored, tuning)
    return [(_quoted(s, result.hits, tuning), result.hits[s.rank]) for s in composition.sentences]


def _quoted(scored: ScoredSentence, hits: list[Hit], tuning: AnswerTuning) -> str:
    """The sentence as a chat answer quotes it; a lead-in whose list is not on the lines that follow it
    continues with the passage's next sentences (verbatim, short)."""
    text = sentence_in_context(scored, hits, tuning)
    if not text.rstrip().endswith(("：", ":")):
        return text
    for sentence in split_sentences(hits[scored.rank].chunk.text[scored.sentence.end:], tuning):
        if len(text) + len(sentence.text) > tuning.sentence_max_chars and not text.rstrip().endswith(("：", ":")):
            break
        text += sentence.text
    return text
