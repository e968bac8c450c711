"""Sentence choice by general signals (issue 8, item 3), with a fast deterministic fake embedder that records
its calls: sentence vectors are computed once and persisted; the semantic signal orders sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.extractive import compose_sentences
from assistant.answer.scoring import ScoredSentence, SentenceScorer, usable
from assistant.answer.sentences import Sentence
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, DocumentMeta, Hit
from assistant.query import QueryIntent
from assistant.retrieve import SearchResult
from assistant.settings import Settings
from assistant.sentvec import SentenceVectors
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning
from tests.fakes import FakeEmbedder


class _Idf:
    signature = "x"

    def idf(self, token: str) -> float:
        return 1.0


def _hit(text: str, score: float) -> Hit:
    doc = Document("d", "d.txt", DocumentMeta("测试文档"), 1, "")
    return Hit(Chunk(f"c{hash(text)}", "d", 0, text, text, "第1段", "", 0, len(text)), doc, score)


def test_sentence_vectors_are_computed_once_and_kept_on_disk(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    vectors = SentenceVectors(fake, tmp_path)
    vectors.ensure(["党员应当按期交纳党费。", "支部每月召开一次支部委员会会议。"])
    vectors.ensure(["党员应当按期交纳党费。"])
    assert len(fake.calls) == 2
    again = FakeEmbedder()
    sims = SentenceVectors(again, tmp_path).similarities(again.embed_query("党费"), ["党员应当按期交纳党费。"])
    assert again.calls == [] and sims[0] > 0


def test_semantic_signal_orders_sentences_when_it_is_the_only_weight(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    only_semantic = AnswerTuning(w_bias=0, w_coverage=0, w_semantic=1, w_retrieval=0, w_rank=0, w_type=0, w_definition=0)
    scorer = SentenceScorer(Tokenizer(), _Idf(), only_semantic, SentenceVectors(fake, tmp_path))  # type: ignore[arg-type]
    text = "组织生活会一般每年召开一次，由支部委员会组织。党员交纳党费应当按月进行，不得无故拖欠。"
    question = "党费怎么交纳？"
    scored = scorer.score_hits(question, [_hit(text, 1.0)], fake.embed_query(question))
    assert scored[0].text.startswith("党员交纳党费")


def test_retrieval_and_type_signals_are_general_and_bounded() -> None:
    scorer = SentenceScorer(Tokenizer(), _Idf())  # type: ignore[arg-type]
    hits = [_hit("党员年满十八岁可以申请入党，需要两名正式党员作介绍人。", 2.0), _hit("支部委员会每月召开一次会议。", 1.0)]
    signals = scorer.signals("申请入党要年满多少岁？", hits)
    assert {s.rank: s.retrieval for s in signals} == {0: 1.0, 1: 0.5}
    assert all(0.0 <= v <= 1.0 for s in signals for v in s.vector())
    assert next(s for s in signals if s.rank == 0).type_match == 1.0  # "十八岁" holds an age


def test_a_question_whether_conduct_is_allowed_prefers_the_rule_that_forbids_it_even_as_a_list_item() -> None:
    scorer = SentenceScorer(Tokenizer(), _Idf())  # type: ignore[arg-type]
    article = ("第六条 国有企业领导人员应当正确行使经营管理权。不得有下列行为：\n"
               "（一）违反决策原则和程序决定企业生产经营的重大事项，给国家和企业造成损失；\n"
               "（二）将国有资产委托、租赁、承包给配偶、子女及其他特定关系人经营；")
    hits = [_hit("第二十三条 国有企业领导人员受到降职处理的，应当减发当年的绩效薪金。", 2.0), _hit(article, 1.9)]
    signals = scorer.signals("集团副总让他老婆的公司承包了食堂，国企领导能不能这样安排？", hits)
    typed = {s.sentence.text.strip()[:5]: s.type_match for s in signals}
    # the item says nothing of being forbidden; its lead-in ("不得有下列行为：") does
    assert typed["（二）将国"] == 1.0
    # the article's opening sentence stands on the line that leads the list in: the line states one rule
    assert typed["第六条 国"] == 1.0
    assert typed["第二十三条"] == 0.0  # a consequence of other handling neither forbids nor permits the conduct


def test_the_passages_of_one_article_count_as_the_article_and_those_of_an_essay_section_on_their_own() -> None:
    scorer = SentenceScorer(Tokenizer(), _Idf())  # type: ignore[arg-type]
    doc = Document("d", "d.txt", DocumentMeta("测试规定"), 1, "")

    def part(chunk_id: str, text: str, locator: str, score: float) -> Hit:
        return Hit(Chunk(chunk_id, "d", 0, text, text, locator, "", 0, len(text)), doc, score)

    hits = [part("a", "第六条 地方党委应当加强对本地区全面从严治党各项工作的领导。主要包括：", "第六条", 2.0),
            part("b", "第七条 党的基层组织应当落实全面从严治党主体责任。", "第七条", 1.9),
            part("c", "（七）加强党的纪律建设，重点强化政治纪律和组织纪律，带动廉洁纪律、群众纪律严起来。", "第六条", 1.6),
            part("d", "八、坚持正确选人用人导向，坚决纠正唯票、唯分取人偏向。", "八、", 1.8),
            part("e", "选人用人必须强化党组织的领导和把关作用。", "八、", 1.0)]
    signals = {s.sentence.text[:4]: s for s in scorer.signals("地方党委重点强化哪几项纪律？", hits)}
    # the continuation of 第六条 ranks as 第六条 itself, above 第七条
    assert signals["（七）加"].retrieval == 1.0 and signals["（七）加"].rank_share == 1.0
    assert signals["第七条 "].retrieval < 1.0
    # two passages of a long section of guidelines keep their own scores
    assert signals["选人用人"].retrieval == 0.5


def test_a_list_item_is_read_with_a_lead_in_standing_in_an_earlier_passage_of_its_article() -> None:
    scorer = SentenceScorer(Tokenizer(), _Idf())  # type: ignore[arg-type]
    doc = Document("d", "d.txt", DocumentMeta("测试章程"), 1, "")
    opening = "第九条 支部书记必须具备以下基本条件：\n（一）政治坚定，作风正派。"
    later = "（二）熟悉党务工作，密切联系群众，善于做群众工作，在群众中有较高威信。"
    first = Chunk("a", "d", 0, opening, opening, "第九条", "", 0, len(opening), article=9)
    second = Chunk("b", "d", 1, later, later, "第九条", "", len(opening) + 1, len(opening) + 1 + len(later), article=9)
    catalogue = Catalogue("x", {"d": doc}, [first, second])
    hits = [Hit(second, doc, 2.0)]  # only the passage holding the item was retrieved
    question = "支部书记在群众工作方面要具备什么基本条件？"

    def item_coverage(given: Catalogue | None) -> float:
        return next(s.coverage for s in scorer.signals(question, hits, catalogue=given) if s.sentence.text.startswith("（二）"))

    # the lead-in's words (支部书记, 基本条件) count as the item's context, found through the catalogue
    assert item_coverage(catalogue) > item_coverage(None)


def _scored(hits: list[Hit], rank: int, coverage: float, score: float, semantic: float) -> ScoredSentence:
    text = hits[rank].chunk.text
    return ScoredSentence(Sentence(text, 0, len(text)), rank, coverage, score, semantic)


def test_with_the_everyday_rule_a_question_in_everyday_words_is_answered_from_the_passage_closest_in_meaning() -> None:
    hits = [_hit("预备党员的预备期为一年，从支部大会通过之日算起。", 1.0),
            _hit("对不按期交纳党费的党员，党组织应当及时提醒和批评教育。", 0.8)]
    catalogue = Catalogue("sig", {h.document.doc_id: h.document for h in hits}, [h.chunk for h in hits])
    result = SearchResult("老是拖着不交钱会怎样？", hits, QueryIntent("", None, (), (), False), catalogue, 0.0)
    # none of the question's words is in either passage: the ranking rests on nothing the documents say
    everyday = [_scored(hits, 0, 0.1, 0.9, 0.2), _scored(hits, 1, 0.1, 0.7, 1.0)]
    enabled = AnswerTuning(everyday_wording_coverage=0.25)
    answer = compose_sentences(result.question, result, everyday, enabled)
    assert [c.hit.chunk.text for c in answer.citations] == [hits[1].chunk.text]
    # off by default (its cross-validation on dev chose 0): the best-scored sentence answers
    answer = compose_sentences(result.question, result, everyday, AnswerTuning())
    assert [c.hit.chunk.text for c in answer.citations] == [hits[0].chunk.text]
    # a question in the documents' own words keeps the best-scored sentence
    worded = [_scored(hits, 0, 0.8, 0.9, 0.2), _scored(hits, 1, 0.3, 0.7, 1.0)]
    answer = compose_sentences(result.question, result, worded, enabled)
    assert [c.hit.chunk.text for c in answer.citations] == [hits[0].chunk.text]


# -- ingestion computes the vectors answering uses, each once --------------------------------------------------


def _provision(i: int) -> str:
    numerals = "一二三四五六七八九十"
    return (f"第{numerals[i % 10]}项要求是，党支部应当按照规定认真组织第{i}次专题学习讨论，做好记录并及时报告上级党组织。"
            "全体党员应当按时参加，不得无故缺席。")  # the second sentence recurs in every paragraph


def _ingest_fake(tmp_path: Path, text: str, fake: FakeEmbedder, **overrides: object) -> tuple[Settings, list[Chunk]]:
    from assistant.settings import build_settings
    from assistant.store import KnowledgeStore
    from ingest.pipeline import Ingestor

    settings = build_settings(tmp_path / "kb", index_refresh_seconds=0.0, **overrides)
    store = KnowledgeStore(settings, fake.name, fake.dim)
    path = tmp_path / "docs" / "学习制度.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report = Ingestor(settings, store, fake).ingest([path], path.parent)
    assert not report.failed, [r.message for r in report.results]
    return settings, store.chunks(store.documents())


def _sentence_forms(fake: FakeEmbedder, chunks: list[Chunk]) -> list[str]:
    """What the fake embedded besides the passages themselves."""
    passages = {c.norm for c in chunks}
    return [t for t in fake.calls if t not in passages]


def test_ingestion_embeds_each_scored_sentence_once_and_answering_embeds_nothing(tmp_path: Path) -> None:
    from assistant.answer.scoring import measures, usable

    # one long section: the chunker splits it into overlapping passages, and one sentence recurs throughout
    text = "学习制度\n\n" + "".join(_provision(i) for i in range(12))
    fake = FakeEmbedder()
    settings, chunks = _ingest_fake(tmp_path, text, fake)
    assert len(chunks) >= 2 and any(a.end > b.start for a, b in zip(chunks, chunks[1:]))  # passages overlap

    vectors = SentenceVectors.for_settings(fake, settings)
    scored = [s.text for c in chunks for s in measures(c.text, settings.answer_tuning) if usable(s.text, settings.answer_tuning)]
    embedded = _sentence_forms(fake, chunks)
    assert len(embedded) == len(set(embedded))  # no sentence embedded twice
    assert set(embedded) == {vectors.form(t) for t in scored}  # exactly the sentences the scorer scores
    assert len(embedded) < len(scored)  # the recurring sentence and the overlap were embedded once

    # answering in another process: the cached vectors are used, none is computed again
    answering = FakeEmbedder()
    doc = Document(chunks[0].doc_id, "学习制度.txt", DocumentMeta("学习制度"), len(chunks), "")
    hits = [Hit(c, doc, 1.0 / (i + 1)) for i, c in enumerate(chunks)]
    scorer = SentenceScorer(Tokenizer(), _Idf(), settings.answer_tuning,  # type: ignore[arg-type]
                            SentenceVectors.for_settings(answering, settings))
    question = "党支部专题学习有什么要求？"
    assert scorer.score_hits(question, hits, answering.embed_query(question))
    assert answering.calls == []


def test_reingesting_a_changed_file_embeds_only_its_new_sentences(tmp_path: Path) -> None:
    text = "学习制度\n\n" + "".join(_provision(i) for i in range(6))
    first = FakeEmbedder()
    settings, chunks = _ingest_fake(tmp_path, text, first)
    before = set(_sentence_forms(first, chunks))

    added = "党小组每月至少开展一次集中学习，由党小组组长负责召集。"
    second = FakeEmbedder()
    _, changed = _ingest_fake(tmp_path, text + added, second)
    again = _sentence_forms(second, changed)
    assert again == [SentenceVectors.for_settings(second, settings).form(added)]
    assert not before & set(again)


def test_a_superseded_version_s_sentences_are_embedded_at_their_first_use_not_at_ingestion(tmp_path: Path) -> None:
    from assistant.answer.scoring import measures, usable

    text = "学习制度（已废止）\n\n" + "".join(_provision(i) for i in range(4))
    fake = FakeEmbedder()
    settings, chunks = _ingest_fake(tmp_path, text, fake)
    assert _sentence_forms(fake, chunks) == []  # ingestion embedded the passages only

    # the first answer that scores its sentences computes them, once; a later process reads them from disk
    scored = [s.text for c in chunks for s in measures(c.text, settings.answer_tuning) if usable(s.text, settings.answer_tuning)]
    first = FakeEmbedder()
    SentenceVectors.for_settings(first, settings).similarities(first.embed_query("专题学习"), scored)
    assert sorted(first.calls) == sorted({SentenceVectors.for_settings(first, settings).form(t) for t in scored})
    later = FakeEmbedder()
    SentenceVectors.for_settings(later, settings).similarities(later.embed_query("专题学习"), scored)
    assert later.calls == []


def test_a_superseded_version_s_sentences_are_embedded_at_ingestion_when_the_settings_say_so(tmp_path: Path) -> None:
    text = "学习制度（已废止）\n\n" + "".join(_provision(i) for i in range(4))
    fake = FakeEmbedder()
    _, chunks = _ingest_fake(tmp_path, text, fake, superseded_sentence_vectors="ingestion")
    assert _sentence_forms(fake, chunks)


def test_a_long_sentence_is_embedded_by_its_opening_at_ingestion_and_answering_alike(tmp_path: Path) -> None:
    cap = 48  # a capped setting (the default, 0, embeds whole sentences)
    long_sentence = "党员领导干部应当带头参加所在党支部的组织生活会，" * 4 + "认真开展批评和自我批评。"
    assert cap > 0 and len(long_sentence) > cap
    fake = FakeEmbedder()
    vectors = SentenceVectors(fake, tmp_path, max_chars=cap)
    vectors.ensure([long_sentence])
    assert fake.calls == [long_sentence[:cap]]
    query = fake.embed_query("组织生活会")
    uncached = SentenceVectors(FakeEmbedder(), None, max_chars=cap).similarities(query, [long_sentence])
    assert SentenceVectors(FakeEmbedder(), tmp_path, max_chars=cap).similarities(query, [long_sentence]) == uncached


@pytest.mark.parametrize(("text", "in_regulation", "answers"), [
    ("（三）对党的工作提出建议和倡议。", True, True),  # a regulation's short item ending its sentence is a provision
    ("（四）留党察看；", True, True),
    ("（一）提高政治站位", True, False),  # a labelled line without a sentence's end is a heading
    ("第三章 党的组织制度", True, False),
    ("3.服务党员，有平台。", False, False),  # an article ends its headings with 。 too
    ("三是开展“主题活动”。", True, False),  # a measure's name alone, joined to what follows it
])
def test_a_short_labelled_line_answers_when_it_ends_a_sentence_of_a_regulation(
        text: str, in_regulation: bool, answers: bool) -> None:
    assert usable(text, AnswerTuning(), in_regulation) is answers
