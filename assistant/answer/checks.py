"""Refusal checks run before any answer is composed: what the question names must be in the knowledge
base and in the passages found, a named version must be held, and the best passage must be relevant."""

from __future__ import annotations

from assistant.answer.refusal import Refusal, Thresholds, check_retrieval, unavailable_version
from assistant.answer.scoring import SentenceScorer
from assistant.answer.subjects import MentionIndex, Subject, derived_documents, missing_note, not_in_passages, without_names
from assistant.catalogue import Catalogue
from assistant.retrieve import SearchResult
from assistant.settings import Settings


class RefusalChecks:
    """The evidence-based refusals, with the knowledge base's mention index built once per catalogue."""

    def __init__(self, settings: Settings) -> None:
        self._title_share = settings.subject_title_share
        self.thresholds = Thresholds(min_dense=settings.refusal_threshold,
                                     min_quantity_coverage=settings.refusal_quantity_coverage)
        self._mentions: MentionIndex | None = None

    def mention_index(self, catalogue: Catalogue) -> MentionIndex:
        """The knowledge base's text of this catalogue for 'is it mentioned anywhere?', built once per signature."""
        if self._mentions is None or self._mentions.signature != catalogue.signature:
            self._mentions = MentionIndex(catalogue)
        return self._mentions

    def check(self, standalone: str, result: SearchResult, subjects: list[Subject], scorer: SentenceScorer,
              relevance: bool = True) -> Refusal | None:
        """The first reason to refuse, or None. Without ``relevance`` (facts about a named document) neither
        the retrieval's relevance nor the passages found are checked: the composition's citations are."""
        share = self._title_share
        index = self.mention_index(result.catalogue)
        absent = index.absent(subjects, share)
        if absent:  # named, and no passage of the knowledge base mentions it
            return Refusal("missing_subject", missing_note(absent, anywhere=True))
        unretrieved = not_in_passages(subjects, result.hits, share) if relevance else []
        if unretrieved:  # mentioned somewhere, but not by any passage found for this question
            return Refusal("subject_not_retrieved", missing_note(unretrieved, anywhere=False))
        # a document made under a held one ("……依据《若干规定》制定的补充规定，对……有什么限制？"): the held one may
        # say that it is to be made, but what it says is not in the knowledge base unless a document of its kind is
        for parent, kind in derived_documents(standalone):
            if not index.holds_kind(kind):
                return Refusal("uncollected_document", f"知识库中没有收录依据{parent}制定的{kind}的原文，无法回答它的具体规定。")
        # a document only mentioned in the knowledge base, asked about as such ("中央八项规定具体是哪八项？"):
        # the passages that mention it do not hold its text
        uncollected = [x for x in subjects if x.kind == "document" and x.in_passages and not index.is_document(x, share)]
        if uncollected:
            words = scorer.parts(without_names(standalone, uncollected))
            if not [w for w in words if not any(w in x.name for x in uncollected)]:
                names = "、".join(x.display for x in uncollected)
                return Refusal("uncollected_document", f"知识库中没有收录{names}的原文。")
        version = unavailable_version(standalone, result)
        if version:
            return Refusal("missing_version", f"知识库中没有收录{version}。")
        return check_retrieval(result, self.thresholds) if relevance else None
