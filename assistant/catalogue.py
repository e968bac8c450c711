"""The knowledge view: which documents the knowledge base holds at one snapshot, their passages in reading
order, their articles by number and the versions of each title.

The BM25 snapshot is a search cache; what the answer composers, the web handlers and the workbench need is
a view of the documents. The retriever builds one catalogue per snapshot signature and every search result
carries the catalogue it was computed on, so an answer never mixes two states of the knowledge base.
"""

from __future__ import annotations

from functools import cached_property
from typing import Callable, Hashable, Iterable, Mapping, TypeVar

from assistant.models import Chunk, Document

T = TypeVar("T")


def newest_first(docs: Iterable[Document]) -> list[Document]:
    """The version in force first, then by effective (or publication) date, most recent first."""
    by_date = sorted(docs, key=lambda d: d.meta.effective or d.meta.published or "", reverse=True)
    return sorted(by_date, key=lambda d: d.meta.status != "in_force")


class Catalogue:
    """A read-only view of the documents and passages at one snapshot signature (indexes built lazily, once)."""

    def __init__(self, signature: str, documents: Mapping[str, Document], chunks: Iterable[Chunk]) -> None:
        self.signature = signature
        self._documents = dict(documents)
        self._chunks = list(chunks)
        self._derived: dict[Hashable, object] = {}

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value the answer engine computes from this view (the alignment of two versions' articles …): computed
        on first use and kept as long as the view, i.e. for every question asked of this snapshot."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]  # type: ignore[return-value]

    # -- documents -------------------------------------------------------------------------------
    @property
    def documents(self) -> list[Document]:
        """Every document, in the store's registry order."""
        return list(self._documents.values())

    def document(self, doc_id: str) -> Document:
        """The document with this id (KeyError when the knowledge base does not hold it)."""
        return self._documents[doc_id]

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._documents

    @cached_property
    def titles(self) -> frozenset[str]:
        """The titles of the documents (one per title, whatever the number of versions)."""
        return frozenset(d.title for d in self._documents.values())

    # -- passages --------------------------------------------------------------------------------
    @property
    def chunks(self) -> list[Chunk]:
        """Every passage (grouped by document, each document's in reading order)."""
        return self._chunks

    @cached_property
    def _by_id(self) -> dict[str, Chunk]:
        return {chunk.chunk_id: chunk for chunk in self._chunks}

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The passage with this id; None when the knowledge base does not show it (an unregistered document's)."""
        return self._by_id.get(chunk_id)

    @cached_property
    def _by_document(self) -> dict[str, list[Chunk]]:
        by_doc: dict[str, list[Chunk]] = {}
        for chunk in sorted(self._chunks, key=lambda c: c.seq):
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
        return by_doc

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The passages of one document in reading order."""
        return self._by_document.get(doc_id, [])

    @cached_property
    def _by_article(self) -> dict[tuple[str, int], list[Chunk]]:
        out: dict[tuple[str, int], list[Chunk]] = {}
        for doc_id, chunks in self._by_document.items():
            for chunk in chunks:
                if chunk.article is not None:
                    out.setdefault((doc_id, chunk.article), []).append(chunk)
        return out

    def article(self, doc_id: str, number: int) -> list[Chunk]:
        """The passages of article ``number`` (第N条) of a document, in reading order; empty when it has none."""
        return self._by_article.get((doc_id, number), [])

    def articles(self, doc_id: str) -> dict[int, list[Chunk]]:
        """A document's articles by number (in reading order), each with its passages."""
        out: dict[int, list[Chunk]] = {}
        for chunk in self.chunks_of(doc_id):
            if chunk.article is not None:
                out.setdefault(chunk.article, []).append(chunk)
        return out

    def neighbours(self, chunk: Chunk) -> tuple[Chunk | None, Chunk | None] | None:
        """The passages just before and after ``chunk`` in its document (seq ± 1; None at either end), or
        None when the knowledge base no longer holds the passage."""
        chunks = self.chunks_of(chunk.doc_id)
        at = next((i for i, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id), None)
        if at is None:
            return None
        before = chunks[at - 1] if at > 0 and chunks[at - 1].seq == chunk.seq - 1 else None
        after = chunks[at + 1] if at + 1 < len(chunks) and chunks[at + 1].seq == chunk.seq + 1 else None
        return before, after

    # -- versions --------------------------------------------------------------------------------
    @cached_property
    def _by_title(self) -> dict[str, list[Document]]:
        by_title: dict[str, list[Document]] = {}
        for doc in self._documents.values():
            by_title.setdefault(doc.title, []).append(doc)
        return {t: newest_first(ds) for t, ds in by_title.items()}

    def versions(self, title: str) -> list[Document]:
        """The versions of a title the knowledge base holds, newest first (the one in force first)."""
        return self._by_title.get(title, [])

    @cached_property
    def versioned(self) -> dict[str, list[Document]]:
        """Titles held in more than one version, each with its versions newest first."""
        return {t: ds for t, ds in self._by_title.items() if len(ds) > 1}

    def in_force_version(self, doc: Document) -> Document | None:
        """Another document of the same title that is in force, if the knowledge base holds one."""
        for other in self._documents.values():
            if other.doc_id != doc.doc_id and other.title == doc.title and other.meta.status == "in_force":
                return other
        return None
