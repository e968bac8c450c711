"""What a question says about documents, applied to the fused scores: a named document up, a superseded
version down unless versions are asked about, a named year up, a provision about its own document down unless
the question asks what such provisions answer, and an explicit article number (or the article a number counts in
a chapter the question names: "廉洁纪律那一章的第一条") to the top."""

from __future__ import annotations

import numpy as np

from assistant.lexical import Snapshot
from assistant.query import QueryIntent
from assistant.retrieval.normative import asks_of_rules
from assistant.retrieval.self_reference import asks_of_itself
from assistant.settings import Settings
from assistant.textnorm import index_form


class DocumentPriors:
    """Per-document factors and article lookups, with the weights of ``Settings``."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def apply(self, scores: np.ndarray, intent: QueryIntent, named_docs: set[str], snap: Snapshot) -> None:
        """Scale ``scores`` in place by each passage's document factor; an asked article number puts that
        article's passages above everything, the version in force (or of the named year) first."""
        settings = self._settings
        in_force_titles = {d.title for d in snap.documents.values() if d.meta.status == "in_force"}
        factors = np.ones(len(snap.doc_ids))
        # a question on how the rules treat a conduct is answered by regulations unless it names an article
        rules_asked = asks_of_rules(intent.text) and not any(snap.documents[d].meta.kind == "article" for d in named_docs)
        article_bonus = np.full(len(snap.doc_ids), -np.inf)
        for j, doc_id in enumerate(snap.doc_ids):
            doc = snap.documents[doc_id]
            by_title = doc.title in intent.titles
            dated = f"{doc.meta.effective or ''}{doc.meta.published or ''}{doc.meta.note or ''}{doc.source}"
            year_match = any(str(y) in dated for y in intent.years)
            if doc_id in named_docs:
                factors[j] *= settings.named_document_boost
            if rules_asked and doc.meta.kind == "article":
                factors[j] *= settings.normative_article_factor
            if doc.meta.status == "superseded" and doc.title in in_force_titles and not year_match:
                factors[j] *= 1.0 if intent.about_versions else settings.superseded_penalty
            older_named = not intent.years and doc.meta.status == "superseded" and doc.title in in_force_titles
            if year_match or (intent.older and older_named):
                factors[j] *= settings.named_year_boost  # the version the question names ("旧版": the superseded one)
            if by_title or not intent.titles:
                # an article number is looked up in the version named right before it ("旧条例第七十二条": the
                # superseded one's; "现行条例第一百一十五条在2018年版里…": the current one's)
                cue = intent.article_version
                if cue is None:
                    named_version = year_match
                elif isinstance(cue, int):
                    named_version = str(cue) in dated
                else:
                    named_version = older_named if cue == "older" else doc.meta.status == "in_force"
                article_bonus[j] = (1.0 + (settings.article_bonus_in_force if doc.meta.status == "in_force" else 0.0)
                                    + (settings.article_bonus_year if named_version else 0.0))
        scores *= factors[snap.chunk_doc]
        if not asks_of_itself(intent.text):
            scores[snap.chunk_of_itself] *= settings.self_reference_factor
        if intent.chapter_article is not None and scores.size:
            words, place = intent.chapter_article
            mask = _chapter_article(snap, words, place, settings.chapter_name_min_chars) \
                & np.isfinite(article_bonus[snap.chunk_doc])
            top = float(scores.max())
            scores[mask] = top + article_bonus[snap.chunk_doc[mask]] - 1e-6 * snap.chunk_seq[mask]
        if intent.article is not None and scores.size:
            mask = (snap.chunk_article == intent.article) & np.isfinite(article_bonus[snap.chunk_doc])
            top = float(scores.max())
            scores[mask] = top + article_bonus[snap.chunk_doc[mask]] - 1e-6 * snap.chunk_seq[mask]


def _chapter_article(snap: Snapshot, words: str, place: int, min_chars: int) -> np.ndarray:
    """The passages of the ``place``-th article of the chapter ``words`` name, in every document that has such a
    chapter: the chapter whose heading holds the longest ending of ``words`` (at least ``min_chars`` characters,
    or all of them: "现行纪律处分条例廉洁纪律" names 第八章 对违反廉洁纪律行为的处分)."""
    chapters: dict[tuple[int, str], list[int]] = {}
    for i, chunk in enumerate(snap.chunks):
        if chunk.article is not None and chunk.section:
            chapters.setdefault((int(snap.chunk_doc[i]), chunk.section.split(" › ")[-1]), []).append(chunk.article)
    mask = np.zeros(len(snap.chunks), dtype=bool)
    best: dict[int, tuple[int, list[int]]] = {}  # document → (matched length, the chapter's article numbers)
    for (doc, heading), articles in chapters.items():
        heading = index_form(heading)
        size = next((n for n in range(len(words), 1, -1) if words[-n:] in heading), 0)
        if size >= min(len(words), min_chars) and size > best.get(doc, (0, []))[0]:
            best[doc] = (size, sorted(set(articles)))
    for doc, (_, articles) in best.items():
        if len(articles) >= place:
            mask |= (snap.chunk_doc == doc) & (snap.chunk_article == articles[place - 1])
    return mask
