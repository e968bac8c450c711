"""Answer from the version in force: a passage of a superseded text is replaced by its counterpart in the
version of the same title that is in force (when the knowledge base holds one and the question does not
ask about old versions); the superseded provision is then only mentioned in a note."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from assistant.answer.versions import version_label
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Citation, Document, Hit
from assistant.retrieve import SearchResult
from assistant.textnorm import index_form


def bigrams(text: str) -> frozenset[str]:
    """Character pairs of the text's word characters (simplified form)."""
    t = re.sub(r"\W", "", index_form(text))
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


@dataclass(frozen=True)
class Swap:
    """A superseded passage and the passage of the version in force that replaced it."""

    old: Hit
    new: Hit


class CurrentVersions:
    """Finds the counterpart of a superseded passage in the version in force (bigram sets cached per catalogue signature)."""

    def __init__(self) -> None:
        self._signature: str | None = None
        self._pairs: dict[str, list[tuple[Chunk, frozenset[str]]]] = {}

    def _chunks(self, catalogue: Catalogue, doc_id: str) -> list[tuple[Chunk, frozenset[str]]]:
        if self._signature != catalogue.signature:
            self._signature, self._pairs = catalogue.signature, {}
        if doc_id not in self._pairs:
            self._pairs[doc_id] = [(c, bigrams(c.text)) for c in catalogue.chunks_of(doc_id)]
        return self._pairs[doc_id]

    def counterpart(self, chunk: Chunk, doc: Document, catalogue: Catalogue) -> tuple[Chunk, float] | None:
        """The passage of ``doc`` most like ``chunk`` (share of the smaller bigram set found in the other)."""
        mine = bigrams(chunk.text)
        best: tuple[Chunk, float] | None = None
        for other, grams in self._chunks(catalogue, doc.doc_id):
            if not mine or not grams:
                continue
            sim = len(mine & grams) / min(len(mine), len(grams))
            if best is None or sim > best[1]:
                best = (other, sim)
        return best

    def prefer(self, result: SearchResult, min_similarity: float) -> tuple[SearchResult, list[Swap]]:
        """``result`` with superseded passages replaced by their counterparts in force (duplicates dropped)."""
        if result.intent.about_versions or result.intent.years:
            return result, []
        catalogue = result.catalogue
        hits: list[Hit] = []
        swaps: list[Swap] = []
        for hit in result.hits:
            current = catalogue.in_force_version(hit.document) if hit.document.meta.status == "superseded" else None
            found = self.counterpart(hit.chunk, current, catalogue) if current is not None else None
            if current is None or found is None or found[1] < min_similarity:
                hits.append(hit)
                continue
            new = next((h for h in hits + result.hits if h.chunk.chunk_id == found[0].chunk_id), None)
            new = new or Hit(found[0], current, hit.score, hit.dense, hit.lexical, via="current")
            if all(h.chunk.chunk_id != new.chunk.chunk_id for h in hits):
                hits.append(new)
            swaps.append(Swap(hit, new))
        if not swaps:
            return result, []
        return dataclasses.replace(result, hits=hits), swaps


def swap_notes(swaps: list[Swap], citations: list[Citation]) -> list[str]:
    """One note per cited passage that replaced a superseded one."""
    cited = {c.hit.chunk.chunk_id: c.n for c in citations}
    notes = []
    for swap in swaps:
        n = cited.get(swap.new.chunk.chunk_id)
        if n is None:
            continue
        old, new = swap.old.document, swap.new.document
        old_label, new_label = version_label(old) or "旧版", version_label(new) or "现行版本"
        notes.append(f"注意：[{n}] 出自现行《{new.title}》（{new_label}）；已被取代的{old_label}中与之相应的是"
                     f"{swap.old.chunk.locator}，请以现行版本为准。")
    return list(dict.fromkeys(notes))
