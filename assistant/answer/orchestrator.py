"""The one orchestrator of answer kinds: composers of one protocol tried in a fixed order, the first that
applies answers (or refuses). The order encodes which kind wins when several could answer."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.composers import (
    ApplicableVersionComposer, ArticleComposer, DocumentFactsComposer, DocumentStructureComposer, InForceComposer, JudgementComposer, ListComposer,
    OutlineComposer, PlacementComposer, QuizComposer, RenumberedArticleComposer, RevisionComposer, SectionListComposer, SentenceComposer, VersionComparer,
    first_applicable,
)
from assistant.answer.current import CurrentVersions
from assistant.answer.protocol import ComposeRequest, Composer, DirectComposer, Outcome
from assistant.answer.refusal import Refusal
from assistant.settings import Settings


@dataclass(frozen=True)
class Applied:
    """The passage composer that applied and what it produced."""

    composer: str
    outcome: Outcome


@dataclass(frozen=True)
class Direct:
    """The direct composer that applied and what it produced; the composer says which checks its answer needs."""

    composer: DirectComposer
    outcome: Outcome


class Orchestrator:
    """Tries the answer kinds in order. Two stages: ``direct`` kinds are answered from the knowledge base in
    every mode (a true/false or quiz item, which version applies at a time, facts about a named document);
    ``passage`` kinds quote the retrieved passages and are the model's stand-in when no chat model answers.
    The last passage composer always applies."""

    def __init__(self, settings: Settings) -> None:
        self.direct: tuple[DirectComposer, ...] = (
            JudgementComposer(settings.quiz_min_stem_coverage, settings.judgement_max_change_chars,
                              settings.judgement_min_aligned, settings.judgement_reference_run_chars,
                              settings.judgement_chance_chars),
            QuizComposer(settings.quiz_min_stem_coverage, settings.quiz_min_anchor_chars, settings.quiz_max_fill_chars),
            ApplicableVersionComposer(), DocumentFactsComposer(), DocumentStructureComposer(), RevisionComposer(),
        )
        in_force = InForceComposer(CurrentVersions(), (ListComposer(), SentenceComposer(settings.refusal_quantity_coverage)))
        self.passage: tuple[Composer, ...] = (
            RenumberedArticleComposer(), ArticleComposer(), PlacementComposer(), SectionListComposer(), OutlineComposer(), VersionComparer(), in_force,
        )

    def direct_answer(self, request: ComposeRequest) -> Direct | None:
        """A true/false or quiz item's, an applicable version's or a named document's answer; None when the
        question is none of them."""
        found = first_applicable(request, self.direct)
        return None if found is None else Direct(*found)

    def passage_answer(self, request: ComposeRequest) -> Applied:
        """The answer composed from the passages (or the refusal of the kind that applied)."""
        found = first_applicable(request, self.passage)
        return Applied("none", Refusal("no_sentence")) if found is None else Applied(found[0].name, found[1])
