"""The knowledge view the search result carries: documents, passages in reading order, articles by number,
versions of a title newest first (in force first)."""

from __future__ import annotations

from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, DocumentMeta


def _doc(doc_id: str, title: str, status: str = "in_force", effective: str | None = None) -> Document:
    return Document(doc_id, f"{doc_id}.txt", DocumentMeta(title, "regulation", effective=effective, status=status), 0, "")  # type: ignore[arg-type]


def _chunk(doc_id: str, seq: int, article: int | None = None) -> Chunk:
    text = f"{doc_id} 第{seq}段"
    return Chunk(f"{doc_id}-{seq}", doc_id, seq, text, text, f"第{article}条" if article else "", "", seq * 10, seq * 10 + 8,
                 article=article)


def _catalogue() -> Catalogue:
    docs = {d.doc_id: d for d in (
        _doc("r2018", "纪律处分条例", "superseded", "2018-10-01"),
        _doc("r2015", "纪律处分条例", "superseded", "2016-01-01"),
        _doc("r2023", "纪律处分条例", "in_force", "2024-02-01"),
        _doc("charter", "党章"),
    )}
    chunks = [_chunk("r2023", 2, 1), _chunk("r2023", 0), _chunk("r2023", 1, 1), _chunk("r2018", 0, 1), _chunk("charter", 0)]
    return Catalogue("sig", docs, chunks)


def test_passages_of_a_document_and_of_an_article_come_in_reading_order() -> None:
    catalogue = _catalogue()
    assert [c.seq for c in catalogue.chunks_of("r2023")] == [0, 1, 2]
    assert [c.seq for c in catalogue.article("r2023", 1)] == [1, 2]
    assert catalogue.article("r2023", 9) == [] and catalogue.chunks_of("absent") == []


def test_versions_put_the_one_in_force_first_then_the_most_recent() -> None:
    catalogue = _catalogue()
    assert [d.doc_id for d in catalogue.versions("纪律处分条例")] == ["r2023", "r2018", "r2015"]
    assert set(catalogue.versioned) == {"纪律处分条例"}  # 党章 has one version only
    assert catalogue.in_force_version(catalogue.document("r2018")).doc_id == "r2023"
    assert catalogue.in_force_version(catalogue.document("charter")) is None


def test_neighbours_are_the_adjacent_passages_of_the_same_document() -> None:
    catalogue = _catalogue()
    middle = catalogue.chunks_of("r2023")[1]
    before, after = catalogue.neighbours(middle)  # type: ignore[misc]
    assert (before.seq, after.seq) == (0, 2)  # type: ignore[union-attr]
    assert catalogue.neighbours(_chunk("gone", 0)) is None  # a deleted passage has no context


def test_a_passage_by_id_and_none_for_one_the_knowledge_base_does_not_show() -> None:
    catalogue = _catalogue()
    assert catalogue.chunk("r2023-1").article == 1  # type: ignore[union-attr]
    assert catalogue.chunk("unregistered-0") is None
