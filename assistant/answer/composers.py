"""The answer kinds as composers of one protocol (assistant.answer.protocol). Each adapts one module's
compose function: the work stays there, the decision "does this kind apply?" is the composer's None."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence, TypeVar

from assistant.answer.applicable import compose_applicable_version
from assistant.answer.compare import compose_revision, compose_version_comparison
from assistant.answer.current import CurrentVersions, swap_notes
from assistant.answer.docfacts import compose_document_facts
from assistant.answer.extractive import compose_article, compose_section_list, compose_sentences
from assistant.answer.listing import compose_list
from assistant.answer.ordinals import enumerated_items
from assistant.answer.outline import compose_outline
from assistant.answer.structure import (
    compose_chapter, compose_count_change, compose_count_claim, compose_placement, compose_structure,
)
from assistant.answer.persons import PersonFinder, asks_personal_name
from assistant.answer.protocol import ComposeRequest, Composer, Composition, Outcome
from assistant.answer.judgement import judge, parse_judgement
from assistant.answer.quiz import answer_quiz, parse_quiz
from assistant.answer.renumbering import compose_renumbered_article
from assistant.answer.refusal import (
    Refusal, answers_period, asked_count, asked_period, asked_units, counts_members, has_quantity, is_quantity_question,
    names_set_unlisted, without_period,
)
from assistant.answer.scoring import ScoredSentence
from assistant.answer.subjects import Subject
from assistant.answer.versions import title_named_by_version_word
from assistant.textnorm import index_form


AnyComposer = TypeVar("AnyComposer", bound=Composer)


def first_applicable(request: ComposeRequest, composers: Sequence[AnyComposer]) -> tuple[AnyComposer, Outcome] | None:
    """The first composer that applies to the request, with its answer or refusal; None when none applies."""
    for composer in composers:
        outcome = composer.compose(request)
        if outcome is not None:
            return composer, outcome
    return None


class _CheckedLikePassages:
    """A direct kind whose answer is checked like a passage answer: by the retrieval's relevance, and its
    citations must mention every subject the question names."""

    checks_relevance: bool = True

    def cited_subjects(self, subjects: Sequence[Subject]) -> list[Subject]:
        return list(subjects)


@dataclass(frozen=True)
class QuizComposer(_CheckedLikePassages):
    """A pasted quiz item: the option (or fill text) the cited passage supports; a refusal when none is."""

    min_stem_coverage: float
    min_anchor_chars: int
    max_fill_chars: int
    name: str = "quiz"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        quiz = parse_quiz(request.standalone)
        if quiz is None:
            return None
        chosen = answer_quiz(quiz, request.result, request.scorer, self.min_stem_coverage, self.min_anchor_chars,
                             self.max_fill_chars)
        if chosen is None:
            what = "任何一个选项" if quiz.options else "空格处应填的内容"
            return Refusal("quiz_unsupported", f"找到的段落都不支持{what}，不作猜测。")
        return dataclasses.replace(chosen.composition, choice=chosen.choice)


@dataclass(frozen=True)
class JudgementComposer(_CheckedLikePassages):
    """A pasted true/false item (判断题): 正确 or 错误 from the provision's sentence, quoted; a refusal when
    no sentence decides. Tried before quiz items, whose fill-in form ("…。（  ）") it shares."""

    min_coverage: float
    max_change_chars: int
    min_aligned: float
    reference_run_chars: int
    chance_chars: int
    name: str = "judgement"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        statement = parse_judgement(request.standalone)
        if statement is None:
            return None
        found = judge(statement, request.result, request.scorer, self.min_coverage, self.max_change_chars,
                      self.min_aligned, self.reference_run_chars, self.chance_chars)
        if found is None:
            return Refusal("judgement_unsupported", "找到的段落不足以判断这句话的对错，不作猜测。")
        return dataclasses.replace(found.composition, choice=found.choice)


@dataclass(frozen=True)
class ApplicableVersionComposer(_CheckedLikePassages):
    """Which version of a regulation applies at a time the question names, from the versions' commencement provisions."""

    name: str = "applicable_version"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_applicable_version(request.standalone, request.result, request.tuning, request.asked_on)

    def cited_subjects(self, subjects: Sequence[Subject]) -> list[Subject]:
        """Only the documents: the terms describing the case (“三定”) are not what the commencement
        provisions cite."""
        return [s for s in subjects if s.kind == "document"]


@dataclass(frozen=True)
class DocumentStructureComposer(_CheckedLikePassages):
    """How a named regulation is divided (its 编, 章, 条) and what a numbered chapter holds, from the catalogue."""

    name: str = "document_structure"
    # a count of a named document's parts is a fact of the catalogue, answered however far the question's
    # wording is from any passage
    checks_relevance = False

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_structure(request.standalone, request.result) or \
            compose_chapter(request.standalone, request.result, request.tuning.outline_label_chars) or \
            compose_count_change(request.standalone, request.result) or \
            compose_count_claim(request.standalone, request.result)


@dataclass(frozen=True)
class RevisionComposer(_CheckedLikePassages):
    """What the revision of a named regulation changed, asked with no topic ("新条例删除了哪些条款？")."""

    name: str = "revision"
    # the aligned articles of two versions are a fact of the catalogue, answered however far the question's
    # wording is from any passage
    checks_relevance = False

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_revision(request.standalone, request.result, request.tokenizer, request.tuning)


@dataclass(frozen=True)
class DocumentFactsComposer(_CheckedLikePassages):
    """Questions about a named document itself (author, version), answered from its header and registry."""

    name: str = "document_facts"
    # facts about a named document are registered facts, answered however far the question's wording is
    # from any passage
    checks_relevance = False

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_document_facts(request.standalone, request.result, request.tuning)


@dataclass(frozen=True)
class ArticleComposer:
    """The article (第N条) the question names, verbatim; a refusal when the named document lacks it."""

    name: str = "article"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        article = compose_article(request.standalone, request.result, request.tuning)
        if article is not None:
            return article
        intent = request.result.intent
        if intent.article is None:
            return None
        # "旧条例第三百条": a version word names the regulation held in several versions
        title = intent.titles[0] if intent.titles else title_named_by_version_word(request.result)
        return None if title is None else Refusal("article_not_found", f"知识库中的《{title}》没有第{intent.article}条。")


@dataclass(frozen=True)
class RenumberedArticleComposer:
    """"旧条例第九十四条在新条例里是第几条？": the named article's counterpart in the other version."""

    name: str = "renumbered_article"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_renumbered_article(request.standalone, request.result, request.tuning)


@dataclass(frozen=True)
class PlacementComposer:
    """"……的规定在哪一章？": the part and chapter of the best passage's article."""

    name: str = "placement"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_placement(request.standalone, request.result, request.tuning.outline_label_chars)


@dataclass(frozen=True)
class SectionListComposer:
    """"…有哪几条？": every article of the lead passage's section."""

    name: str = "section_list"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_section_list(request.standalone, request.result, request.tuning)


@dataclass(frozen=True)
class OutlineComposer:
    """The parts of an article or of its named section."""

    name: str = "outline"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_outline(request.standalone, request.result, request.tuning)


@dataclass(frozen=True)
class VersionComparer:
    """Both versions of the provision a comparison question is about, and what changed."""

    name: str = "version_comparison"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_version_comparison(request.standalone, request.result, request.scored, request.tokenizer,
                                          request.tuning)


@dataclass(frozen=True)
class ListComposer:
    """Every item of the enumeration or procedure that answers a list or how question."""

    name: str = "list"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        return compose_list(request.standalone, request.result, request.scored, request.scorer, request.tuning)


@dataclass(frozen=True)
class SentenceComposer:
    """The best sentences of the hits (numbered measures for how-questions). Always applies: it refuses when
    no sentence is usable, when a question asking a person's name gets an answer naming nobody, when a
    quantity question's answer states no quantity of the asked unit, or when the
    members of a counted set are asked for ("具体是哪13类？") and the answer only names the set ("13类…细则")."""

    min_quantity_coverage: float
    name: str = "sentences"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        composition = compose_sentences(request.standalone, request.result, request.scored, request.tuning)
        if not composition.text:
            return Refusal("no_sentence")
        question = request.standalone
        if asks_personal_name(question) and not PersonFinder(request.tokenizer).names(composition.text):
            return Refusal("no_person_name", "找到的段落没有写明此人的姓名。")
        count, numeral = asked_count(question)
        if count and names_set_unlisted(composition.text, count, numeral):
            return Refusal("no_enumeration", f"找到的段落提到了这{numeral}项的总称，但没有逐项列出。")
        # how many members a set has is also told by listing them ("党的纪律包括几个方面？": "政治纪律……生活纪律")
        lists_members = counts_members(question) and len(enumerated_items(composition.text)) >= 2
        if is_quantity_question(question) and not lists_members:  # the answer itself must state the quantity asked for
            units = asked_units(question)
            needed = self.min_quantity_coverage * request.scorer.coverable_share(question)
            # what is counted must be something the documents say, not only the period it is counted in: "俺们食堂
            # 每月加餐几次？" is not answered by "党支部每月召开一次支部委员会会议"; a word the documents never say
            # whole is said by its parts ("入党介绍人" by "介绍人")
            says = request.scorer.says
            counted = [word for whole, inner in request.scorer.parts(without_period(question)).items()
                       for word in ([whole] if says(whole) else [p for p in inner if says(p)])]
            if not self._states(composition.text, request.scored, units, question, request.tuning.quantity_window,
                                needed, counted):
                return self._from_quantities(request, units, needed, counted)
        return composition

    @staticmethod
    def _states(text: str, scored: Sequence[ScoredSentence], units: str, question: str, window: int, needed: float,
                counted: list[str]) -> bool:
        """Whether an answer states the quantity asked for (per the period the question names: "每月…几次"
        is not answered by "每年至少举行一次"), and one of the ``window`` best sentences states it while
        covering ``needed`` of the question (the minimum share of the words a sentence can cover at all) and
        one of the ``counted`` words (what the question counts, in words the documents say)."""
        period = asked_period(question)
        states = lambda t: has_quantity(t, units) and answers_period(t, period)  # noqa: E731
        about = lambda t: any(w in index_form(t) for w in counted)  # noqa: E731
        return states(text) and any(s.coverage >= needed and states(s.text) and about(s.text) for s in scored[:window])

    def _from_quantities(self, request: ComposeRequest, units: str, needed: float, counted: list[str]) -> Outcome:
        """A quantity question whose best sentences state no quantity of the asked unit ("支部班子多长时间换一次届？"
        answered best by "按期进行…换届", not by the article with "每届任期三年至五年"): composed again from the
        sentences that state one; refused unless a sentence of that answer covers enough of the question."""
        question = request.standalone
        stating = [s for s in request.scored if has_quantity(s.text, units)]
        if not stating:
            return Refusal("no_quantity")
        composition = compose_sentences(question, request.result, stating, request.tuning)
        if not composition.text or not self._states(composition.text, composition.sentences, units, question,
                                                    len(composition.sentences), needed, counted):
            return Refusal("no_quantity")
        return composition


@dataclass(frozen=True)
class InForceComposer:
    """Composers that quote passages, run over the hits with superseded passages replaced by their
    counterparts in the version in force; the answer then notes which superseded provision was replaced."""

    current: CurrentVersions
    inner: tuple[Composer, ...]
    name: str = "in_force"

    def compose(self, request: ComposeRequest) -> Outcome | None:
        result, swaps = self.current.prefer(request.result, request.tuning.current_counterpart)
        applied = first_applicable(request.with_result(result) if swaps else request, self.inner)
        if applied is None:
            return None
        outcome = applied[1]
        if isinstance(outcome, Composition) and swaps:
            outcome.text = "\n\n".join([outcome.text, *swap_notes(swaps, outcome.citations)])
        return outcome
