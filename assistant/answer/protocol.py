"""One protocol for every kind of answer: a composer looks at a request and either composes an answer,
refuses with a reason, or says it does not apply (None), so that one orchestrator can try them in order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol, Sequence

from assistant.answer.refusal import Refusal
from assistant.answer.scoring import ScoredSentence, SentenceScorer
from assistant.answer.subjects import Subject
from assistant.catalogue import Catalogue
from assistant.models import Citation
from assistant.retrieve import SearchResult
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning


@dataclass
class Composition:
    """Answer text (without version notes) and the citations it uses."""

    text: str
    citations: list[Citation]
    kind: str
    sentences: list[ScoredSentence] = field(default_factory=list)
    choice: str | None = None  # a quiz item's chosen letters or fill text


@dataclass
class ComposeRequest:
    """What a composer may read: the standalone question, the search result (and the catalogue it was
    computed on), the shared sentence scorer, the tokenizer, the tuned numbers and the day the question is
    asked (for times named relative to it, "去年"). The hits' sentences are scored at most once per request,
    and only when a composer asks for them."""

    standalone: str
    result: SearchResult
    scorer: SentenceScorer
    tokenizer: Tokenizer
    asked_on: date = field(default_factory=date.today)

    @property
    def catalogue(self) -> Catalogue:
        return self.result.catalogue

    @property
    def tuning(self) -> AnswerTuning:
        return self.scorer.tuning

    @cached_property
    def scored(self) -> list[ScoredSentence]:
        """Every usable sentence of the hits scored against the question, best first."""
        return self.scorer.score_hits(self.standalone, self.result.hits, self.result.query_vector, self.result.catalogue)

    def with_result(self, result: SearchResult) -> ComposeRequest:
        """The same request over other hits (its sentences scored afresh when asked for)."""
        return dataclasses.replace(self, result=result)


Outcome = Composition | Refusal


class Composer(Protocol):
    """One kind of answer (article, list, version comparison, ...)."""

    name: str

    def compose(self, request: ComposeRequest) -> Outcome | None:
        """The answer or a refusal when this kind of answer applies to the question; None when it does not."""
        ...


class DirectComposer(Composer, Protocol):
    """A kind answered from the knowledge base in every mode, before the passage kinds (a true/false or quiz
    item, which version applies at a time, facts about a named document). It says which checks its answer
    needs, since some of them are answered from registered facts rather than from what was retrieved."""

    @property
    def checks_relevance(self) -> bool:
        """Whether the retrieval-relevance refusal applies to this kind's answers."""
        ...

    def cited_subjects(self, subjects: Sequence[Subject]) -> list[Subject]:
        """Of the subjects the question names, those this kind's citations must mention."""
        ...
