"""Tuned numbers of the answer engine's list, sentence and version composers (one described group)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AnswerTuning(BaseModel):
    """Numbers fitted or chosen on the dev split (eval/datasets/dev.jsonl); see eval/fit_sentences.py."""

    list_passages: int = Field(5, description="Top passages searched for an enumerated list or procedure that answers a list/how question.")
    list_min_items: int = Field(2, description="Fewest labelled items (一是…二是, 1. 2., （一）（二）, 第一步…) that make an enumeration.")
    list_intro_coverage: float = Field(0.5, description="Share of the question's weighted words the words introducing a list (its heading line or lead-in) must cover for the list to answer the question (a list answers questions about the list as a whole).")
    list_vs_sentence: float = Field(0.8, description="A list answers instead of single sentences when its coverage of the question is at least this share of the best sentence's coverage.")
    list_section_chars: int = Field(400, description="An enumeration with an item longer than this is a run of document sections, not a list.")
    list_item_chars: int = Field(160, description="An item longer than this is shortened to its first sentence (its label always kept).")
    list_max_chars: int = Field(900, description="Longest list answer; beyond it every item is shortened to its first sentence.")
    duplicate_similarity: float = Field(0.8, description="Bigram share above which two sentences count as the same and only the first is kept in an answer.")
    current_counterpart: float = Field(0.6, description="Bigram share a passage of the version in force needs with a retrieved superseded passage to replace it in the answer.")
    compare_articles: int = Field(3, description="Articles shown for a version comparison that names no topic (those whose wording changed most).")
    compare_change_chars: int = Field(60, description="A wording change longer than this is shown by its opening words.")
    compare_same_provision: float = Field(0.6, description="Jaccard share of character pairs two articles of different versions need to count as the same provision.")
    # sentence choice: score = sigmoid(w_bias + Σ weight × signal); fitted by eval/fit_sentences.py (pairwise
    # logistic regression, C=1, on 2,167 sentences of the top passages of 120 dev questions, 134 holding the
    # evidence; chosen over the best-top-1 fit by grounded answers on dev, see the script)
    w_bias: float = Field(-7.916, description="Intercept of the sentence-choice logistic regression (keeps scores on a probability scale).")
    w_coverage: float = Field(3.223, description="Weight of the IDF-weighted share of question words a sentence covers.")
    w_semantic: float = Field(2.629, description="Weight of the cosine similarity of sentence and question (bundled embedder).")
    semantic_chars: int = Field(48, description="Opening characters of a sentence that its vector (the semantic signal) is computed from; 0 embeds whole sentences. Sentence vectors are computed at ingestion: the cap keeps that cost (linear in characters) within issue 8's budget, and a sentence's opening carries what ranks it against the question. Chosen on the dev split: 48 and 64 answer dev as whole sentences do, 40 loses grounded answers; see bench/results/ingest-sentvec.json.")
    w_retrieval: float = Field(4.904, description="Weight of the passage's retrieval score relative to the best passage's.")
    w_rank: float = Field(0.891, description="Weight of 1/(rank+1) of the passage holding the sentence.")
    w_type: float = Field(1.519, description="Weight of the match between the kind of answer asked for (number, duration, age, list, procedure, definition, who, when) and what the sentence holds.")
    w_definition: float = Field(-0.066, description="Weight of 'the sentence defines a word of the question' (X是/指/包括…).")
