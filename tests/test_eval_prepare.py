"""The workbench's evaluation: the topic set and the measures, on products written for the test."""

from __future__ import annotations

from pathlib import Path

from assistant.catalogue import Catalogue
from assistant.models import Document, DocumentMeta
from assistant.prepare.model import Point, Product, Reference, Section
from eval.prepare import DEFAULT_TOPICS, failed_gates, measure, read_topics, summarise

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Made up for the test (not corpus text).
PASSAGE = "第五条　党支部应当每季度召开一次组织生活会，开展批评和自我批评。"


def _docs() -> Catalogue:
    old = Document("old", "regulations/rule_2019.txt", DocumentMeta("某公司组织生活办法", "regulation", status="superseded", note="2019年版"), 3, "")
    new = Document("new", "regulations/rule_2024.txt", DocumentMeta("某公司组织生活办法", "regulation", note="2024年版"), 3, "")
    return Catalogue("sig", {d.doc_id: d for d in (old, new)}, [])


def _product(points: list[Point], refs: list[Reference]) -> Product:
    return Product("lesson", "组织生活会", "提纲", [Section("一、制度规定", points, "requirements")], refs)


def test_topic_set_has_twenty_topics_with_existing_expected_files() -> None:
    topics = read_topics(DEFAULT_TOPICS)
    assert len(topics) >= 20 and len({t.topic for t in topics}) == len(topics)
    for t in topics:
        assert t.expected_files and all((CORPUS / f).is_file() for f in t.expected_files), t


def test_measures_count_support_sources_superseded_and_duplicates() -> None:
    refs = [Reference(1, "new", "某公司组织生活办法", "../corpus/regulations/rule_2024.txt", "第五条", "2024年版", "in_force", PASSAGE),
            Reference(2, "old", "某公司组织生活办法", "../corpus/regulations/rule_2019.txt", "第五条", "2019年版", "superseded", PASSAGE)]
    points = [Point("第五条　党支部应当每季度召开一次组织生活会。", [1]),
              Point("党支部应当每季度召开一次组织生活会。", [2]),  # a near-duplicate, citing the superseded version
              Point("党员每年应当参加不少于三十二学时的集中培训。", [1]),  # not in the cited passage
              Point("本支部的安排。", [], "user")]
    counts = measure(_product(points, refs), ["regulations/rule_2024.txt", "articles/other.txt"], _docs())
    assert counts == {"points": 3, "supported": 2, "expected": 2, "used": 1, "superseded_cited": 1, "duplicate_points": 1}
    summary = summarise([{**counts, "error": None, "latency_ms": 10.0}])
    assert summary["supported_share"] == 2 / 3 and summary["expected_sources_used"] == 0.5
    assert len(failed_gates(summary)) == 4
