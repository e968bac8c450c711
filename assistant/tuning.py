"""Tuned numbers of the answer engine (one described group): composers, sentence choice, refusal, follow-ups."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AnswerTuning(BaseModel):
    """Numbers fitted or chosen on the dev split (eval/datasets/dev.jsonl); see eval/fit_sentences.py.

    Frozen: one instance is built with the settings and handed down to every composer; nothing changes it."""

    model_config = ConfigDict(frozen=True)

    list_passages: int = Field(5, description="Top passages searched for an enumerated list or procedure that answers a list/how question.")
    list_min_items: int = Field(2, description="Fewest labelled items (一是…二是, 1. 2., （一）（二）, 第一步…) that make an enumeration.")
    list_intro_coverage: float = Field(0.5, description="Share of the question's weighted words the words introducing a list (its heading line or lead-in) must cover for the list to answer the question (a list answers questions about the list as a whole).")
    list_vs_sentence: float = Field(0.8, description="A list answers instead of single sentences when its coverage of the question is at least this share of the best sentence's coverage.")
    list_section_chars: int = Field(400, description="An enumeration with an item longer than this is a run of document sections, not a list.")
    list_item_chars: int = Field(160, description="An item longer than this is shortened to its first sentence (its label always kept).")
    list_max_chars: int = Field(900, description="Longest list answer; beyond it every item is shortened to its first sentence.")
    duplicate_similarity: float = Field(0.8, description="Bigram share above which two sentences count as the same and only the first is kept in an answer.")
    current_counterpart: float = Field(0.6, description="Bigram share a passage of the version in force needs with a retrieved superseded passage to replace it in the answer.")
    compare_articles: int = Field(3, description="Articles shown for a version comparison that names no topic (those changed most on substance).")
    compare_change_chars: int = Field(60, description="Each side of a change in a version comparison is cut to this many characters around the change.")
    compare_same_provision: float = Field(0.5, description="Jaccard share of character pairs (article numbers masked) two articles of different versions need to be aligned as the same provision; the alignment keeps article order, so a lower share cannot pair a new article with an unrelated one that comes elsewhere.")
    compare_same_clause: float = Field(0.3, description="Jaccard share of character pairs two clauses of aligned articles need to count as one reworded clause rather than one removed and one added.")
    compare_minor_chars: int = Field(2, description="A rewording of at most this many characters (a dropped 的, a 、 for 和) is no change of substance in a version comparison.")
    compare_changes_shown: int = Field(3, description="Changes shown per article in a version comparison (the largest; the rest are counted).")
    compare_added_shown: int = Field(3, description="Articles the newer version added that a version comparison shows (the rest are counted).")
    compare_extended_provision: float = Field(0.9, description="Share of the shorter article's character pairs found in the other for two articles that the ordered alignment of two versions left unpaired to count as one provision the revision extended and moved (2018 第二十八条 in 2023 第三十条, which added two paragraphs) rather than one removed and one added. Measured on the 纪律处分条例 revision: the one such pair shares 0.99; the other leftovers share at most 0.62.")
    compare_added_asked: int = Field(30, description="Articles the newer version added that are listed when the question asks what a revision added (“新增了哪些条款？”); the rest are counted. A length of answer, not fitted: the 2023 纪律处分条例 adds 19.")
    everyday_wording_coverage: float = Field(0.0, description="A question whose weighted words no candidate sentence covers up to this share is worded in everyday language (its words are not the documents' words): its answer comes from the passage holding the sentence closest in meaning (the semantic signal), not from the best-ranked one. 0 turns this off. Chosen on dev by repeated 2-fold cross-validation of the answer passage (python -m eval.fit_sentences --everyday-cv): 0.25 on 2026-12-01 (134 questions); 0.0 on 2026-12-06 with the engine of then (dev q001-q444, 200 halvings: 0.0 chosen 154 times, mean held-out gain of 0.25 over 0.0 negative; in sample 0.883 at 0.0 against 0.872 at 0.25).")
    # sentences: splitting, usable sentences, the support rule
    sentence_max_chars: int = Field(150, description="A run of text longer than this between sentence marks is cut into clauses (text whose punctuation was lost).")
    sentence_cut_chars: int = Field(90, description="Target length of the clauses an over-long run is cut into.")
    sentence_min_chars: int = Field(8, description="Sentences shorter than this are debris (labels, numbers) and never answer anything.")
    sentence_clause_free_chars: int = Field(30, description="A sentence without clause punctuation is usable only from this length on (shorter ones are headings).")
    context_share: float = Field(0.5, description="Weight (share) of a question word found only in the passage's context (title, organisation) or only as a part of a longer word.")
    support_threshold: float = Field(0.6, description="A passage supports a sentence when it holds at least this share of the sentence's character pairs (also the evaluation's rule).")
    claim_min_chars: int = Field(4, description="A sentence counts as a claim to be supported from this many content characters on.")
    uncited_min_chars: int = Field(6, description="A sentence of a model's answer without a citation is flagged from this many word characters on.")
    # sentence composer (what/how answers)
    answer_max_chars: int = Field(400, description="Longest body of a sentence answer or a section's article list; further sentences are left out.")
    how_floor: float = Field(0.6, description="Share of the best sentence score a measure needs to be part of a how-answer.")
    how_passages: int = Field(2, description="How-measures come from this many top passages only.")
    how_close: float = Field(0.85, description="A lower passage contributes how-measures only when its retrieval score is at least this share of the top one's.")
    how_items: int = Field(5, description="Most measures listed by a how-answer.")
    other_document: float = Field(0.9, description="A how-measure from another document than the lead must cover the question at least this share of the lead's coverage.")
    what_floor: float = Field(0.85, description="A second defining sentence must score at least this share of the first's.")
    what_items: int = Field(2, description="Most sentences of a what-answer.")
    item_topic_min_share: float = Field(0.6, description="An item of a named article asked by what it is about (“第三十二条……在人才这方面”, “讲民主集中制的那一项”) is answered alone when it holds at least this share of the topic's character pairs and no other item of the list holds as many; otherwise the whole article is given. Chosen by reading, not fitted: the topics people name are words of the item, so most pairs are found in it.")
    item_lead_in_chars: int = Field(200, description="Longest lead-in sentence (“…有下列行为之一的，…：”) shown before a list item chosen without it (“（三）…”), so that the item says what it is an item of; a longer lead-in is left out. A length, not fitted: the lead-ins of the regulations' lists are 10–150 characters.")
    lead_in_list_chars: int = Field(260, description="Longest run of list items kept after a sentence that introduces them (“…种类：”).")
    topic_sentence_chars: int = Field(20, description="A sentence this short opening its paragraph states a topic, and the answer keeps the paragraph's explaining sentences.")
    elaboration_chars: int = Field(200, description="Longest topic sentence with the explaining sentences kept after it.")
    named_heading_share: float = Field(0.6, description="Share of a section heading's character pairs the question must hold to name that section.")
    named_heading_hits: int = Field(5, description="A passage whose heading the question names leads the answer when it ranks among this many.")
    heading_min_pairs: int = Field(3, description="A section heading with fewer character pairs than this is too short to be named by a question.")
    heading_line_chars: int = Field(40, description="A passage's first line up to this length is read as its heading.")
    run_in_heading_min_chars: int = Field(4, description="Shortest opening sentence of a paragraph read as its run-in heading when a question names it (“思想上融合不到位。部分基层单位……”, in papers without headings); the longest is heading_line_chars. A length, not fitted: shorter openings (“是的。”) name no point.")
    # article and section composers
    section_named_share: float = Field(0.5, description="A question names a section of the lead document when it holds more than this share of the section label's character pairs.")
    section_max_articles: int = Field(10, description="Most articles a section may have for a “…有哪几条” answer listing them all.")
    # outline composer
    outline_named_share: float = Field(0.4, description="Share of a part's heading pairs the question must hold to name that part of an article.")
    outline_title_share: float = Field(0.3, description="Share of the top article's title pairs the question must hold to name that article.")
    outline_label_chars: int = Field(30, description="A part's heading is quoted up to this many characters (a run-on paragraph is cut and marked ……).")
    outline_min_parts: int = Field(2, description="Fewest parts an outline answer lists.")
    outline_max_parts: int = Field(8, description="Most parts an outline answer lists; more is no outline.")
    # list composer
    list_short_first: int = Field(20, description="An item's first sentence shorter than this only names it (“确定主题。”): the next sentence is kept too.")
    # version comparison and document facts
    compare_counterpart: float = Field(0.5, description="Bigram share a unit of the other version needs to count as the same provision in a topic comparison.")
    compare_changes: int = Field(4, description="Most wording changes named one by one; beyond it the answer says there are many.")
    compare_unit_chars: int = Field(200, description="Paragraphs up to this length are compared whole, longer ones sentence by sentence.")
    facts_header_chunks: int = Field(2, description="Passages at a document's start read for its signature and version line.")
    facts_quote_window: int = Field(40, description="Characters quoted on each side of a found name or date when its line is long.")
    facts_wording_chars: int = Field(80, description="Longest wording in quotation marks that a document-facts answer looks up in the document (“这句话在党章哪一条？”); a quotation is a sentence or two at most.")
    facts_wording_match: float = Field(0.8, description="Share of a quoted wording's character pairs (punctuation left out) a sentence of the document must hold to be where the wording stands when it is not found verbatim (quotation marks nested differently, a word left out). A share, not fitted: a paraphrase shares far fewer pairs.")
    # refusal and follow-ups
    related_hits: int = Field(3, description="Passages shown as possibly related under a refusal.")
    quantity_window: int = Field(3, description="A quantity question is answered only when one of this many best sentences states the quantity asked for.")
    followup_own_words: float = Field(0.5, description="A short question merged with the previous one continues the conversation only when more than this share of its own words is found in the passages retrieved for the merge.")
    followup_short_chars: int = Field(12, description="A question up to this length with no subject of its own is read as continuing the previous one.")
    followup_sibling_pool: int = Field(20, description="Passages searched for the own provision of a sibling named by “那X呢？” (那党组呢？ after a question on 地方党委), when the best passage is the replaced word's provision, and for the part headed by an item of the previous answer a follow-up points at (第二点具体指什么？).")
    followup_topic_chars: int = Field(8, description="An elliptical “…呢？” whose body is at most this long replaces the matching word of the previous question.")
    # sentence choice: score = sigmoid(w_bias + Σ weight × signal); fitted by eval/fit_sentences.py (pairwise
    # logistic regression, C=1, on 2,167 sentences of the top passages of 120 dev questions, 134 holding the
    # evidence; chosen over the best-top-1 fit by grounded answers on dev, see the script)
    w_bias: float = Field(-7.916, description="Intercept of the sentence-choice logistic regression (keeps scores on a probability scale).")
    w_coverage: float = Field(3.223, description="Weight of the IDF-weighted share of question words a sentence covers.")
    w_semantic: float = Field(2.629, description="Weight of the cosine similarity of sentence and question (bundled embedder).")
    semantic_chars: int = Field(0, description="Opening characters of a sentence that its vector (the semantic signal) is computed from; 0 (the default) embeds whole sentences. 48 brings ingestion with sentence vectors to 1.45x the time without them (bench/results/ingest-sentvec-idle.json) but costs about 0.01 grounded answers on dev and test and drops a point from the sample knowledge base's 注意事项 answer, so it is not the default. Sentence vectors are computed at ingestion: the cap keeps that cost (linear in characters) within issue 8's budget, and a sentence's opening carries what ranks it against the question. Chosen on the dev split: 48 and 64 answer dev as whole sentences do, 40 loses grounded answers; see bench/results/ingest-sentvec.json.")
    w_retrieval: float = Field(4.904, description="Weight of the passage's retrieval score relative to the best passage's.")
    w_rank: float = Field(0.891, description="Weight of 1/(rank+1) of the passage holding the sentence.")
    w_type: float = Field(1.519, description="Weight of the match between the kind of answer asked for (number, duration, age, list, procedure, definition, who, when, whether allowed) and what the sentence holds (a list item: or its lead-in).")
    w_definition: float = Field(-0.066, description="Weight of 'the sentence defines a word of the question' (X是/指/包括…).")
