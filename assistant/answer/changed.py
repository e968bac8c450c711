"""A version comparison that names no topic ("2023年版和2018年版有什么主要区别？"): the articles of the two
versions aligned by wording, and those whose wording changed most, excluding the final provisions
(commencement and interpretation articles)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.current import bigrams
from assistant.answer.extractive import article_text
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document

_FINAL_PROVISION = re.compile(r"本(?:条例|规定|准则|办法|细则|规则|章程|意见)(?:自[^。\n]{2,24}起施行|由[^。\n]{2,24}负责解释)")


@dataclass(frozen=True)
class Aligned:
    """An article of the newer version, its counterpart in the older one, and their bigram share."""

    new: list[Chunk]
    old: list[Chunk]
    similarity: float
    changed: int  # character pairs found in only one of the two versions


def _text(chunks: list[Chunk]) -> str:
    return article_text(chunks)  # the article's text with overlaps removed


def most_changed(catalogue: Catalogue, new_doc: Document, old_doc: Document, same_provision: float,
                 limit: int) -> list[Aligned]:
    """Up to ``limit`` aligned article pairs, most changed first (pairs below ``same_provision`` are
    different provisions, not changes; final provisions and unchanged articles are left out)."""
    old_articles = [(chunks, bigrams(_text(chunks))) for chunks in catalogue.articles(old_doc.doc_id).values()]
    pairs: list[Aligned] = []
    for chunks in catalogue.articles(new_doc.doc_id).values():
        text = _text(chunks)
        if _FINAL_PROVISION.search(text):
            continue
        mine = bigrams(text)
        best: tuple[float, int, list[Chunk]] | None = None
        for other, grams in old_articles:
            if mine and grams:
                sim = len(mine & grams) / len(mine | grams)
                if best is None or sim > best[0]:
                    best = (sim, len(mine ^ grams), other)
        if best is None or best[0] < same_provision or best[1] == 0 or _FINAL_PROVISION.search(_text(best[2])):
            continue
        pairs.append(Aligned(chunks, best[2], best[0], best[1]))
    pairs.sort(key=lambda p: -p.changed)
    return pairs[:limit]
