"""Wording a question quotes: the passage that says a rare quoted phrase word for word is raised (what the
asker remembers reading), a phrase many passages say is left to the ordinary ranking."""

from __future__ import annotations

import numpy as np

from assistant.lexical import build_snapshot
from assistant.models import Chunk, Document, DocumentMeta
from assistant.retrieval.quoted import QuotedWording
from assistant.service import Service
from assistant.settings import build_settings
from assistant.tokenize import Tokenizer

TEXTS = ["党员被依法判处刑罚后，不按照规定给予党纪处分的，追究党组织的责任。",
         "支部应当按期开展“三会一课”，三会一课要有记录。",
         "严格落实三会一课制度，党员领导干部参加双重组织生活。",
         "三会一课是党的组织生活的基本制度。",
         "坚持三会一课，每季度至少上一次党课。"]


def _snapshot():
    doc = Document("d", "d.txt", DocumentMeta("示例规定"), len(TEXTS), "")
    chunks = [Chunk(f"c{i}", "d", i, t, t, f"第{i + 1}条", "", 0, len(t)) for i, t in enumerate(TEXTS)]
    return build_snapshot("s", {"d": doc}, chunks, Tokenizer())


def test_a_passage_saying_a_rare_quoted_phrase_is_raised(tmp_path) -> None:
    quoted = QuotedWording(build_settings(tmp_path / "kb"))
    snap = _snapshot()
    scores = np.ones(len(TEXTS))
    quoted.apply(scores, "旧条例写的是“被依法判处刑罚后”不给处分要追责，现在还这么写吗？", snap)
    assert scores[0] > 1.0 and (scores[1:] == 1.0).all()
    # a quoted term four passages say is a topic; a phrase no passage says raises nothing
    for question in ("“三会一课”有哪些要求？", "条例里有没有“判处刑罚以前”这个说法？"):
        scores = np.ones(len(TEXTS))
        quoted.apply(scores, question, snap)
        assert (scores == 1.0).all(), question


def test_the_article_holding_the_quoted_wording_is_found_in_the_version_quoted(corpus_service: Service) -> None:
    question = ("我们支部有个党员去年醉驾被判了拘役，党组织也没给他处分。我记得2018年版条例写的是党员“被依法判处刑罚后”"
                "不按规定给处分的要追究党组织的责任。现在的条例还是这么写的吗？")
    top = corpus_service.search(question).hits[0]
    assert top.chunk.locator == "第一百二十三条" and "2018" in top.document.source, top.chunk.locator
