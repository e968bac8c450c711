"""Numbering the passages a product cites, once each, in order of first use."""

from __future__ import annotations

from assistant.answer.versions import version_label
from assistant.models import Hit
from assistant.prepare.model import Reference


def version_of(hit: Hit) -> str:
    """'2023年版' when a year is known, else the effective or publication date, else ''."""
    meta = hit.document.meta
    return version_label(hit.document) or meta.effective or meta.published or ""


class ReferenceBook:
    """Assigns numbers to passages; a passage already listed keeps its number."""

    def __init__(self, existing: list[Reference] | None = None) -> None:
        self.references: list[Reference] = list(existing or [])
        self.hits: dict[int, Hit] = {}
        self._numbers = {(r.doc_id, r.locator, r.text): r.n for r in self.references}

    def cite(self, hit: Hit) -> int:
        key = (hit.chunk.doc_id, hit.chunk.locator, hit.chunk.text)
        if key not in self._numbers:
            n = max((r.n for r in self.references), default=0) + 1
            self._numbers[key] = n
            self.references.append(Reference(n, hit.chunk.doc_id, hit.document.title, hit.document.source,
                                             hit.chunk.locator, version_of(hit), hit.document.meta.status, hit.chunk.text))
        n = self._numbers[key]
        self.hits[n] = hit
        return n
