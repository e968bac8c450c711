"""Gathering by topic: one retrieval per section role (the topic plus the role's cue words), passages of
superseded versions set aside when the version in force is in the knowledge base, near-duplicates merged."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.answer.citations import similarity
from assistant.answer.versions import version_label
from assistant.catalogue import Catalogue
from assistant.errors import NoContentError
from assistant.models import Document, Hit
from assistant.retrieve import Filters, Retriever, SearchResult



@dataclass
class Gathered:
    """The hits of one retrieval, and the superseded documents left out because their current version is present."""

    query: str
    result: SearchResult
    set_aside: list[Document] = field(default_factory=list)


def role_query(topic: str, cues: str) -> str:
    return f"{topic} {cues}".strip()


def current_only(hits: list[Hit], catalogue: Catalogue) -> tuple[list[Hit], list[Document]]:
    """Hits without superseded versions whose text in force is in the knowledge base, and those versions."""
    kept: list[Hit] = []
    aside: dict[str, Document] = {}
    for hit in hits:
        doc = hit.document
        if doc.meta.status == "superseded" and catalogue.in_force_version(doc) is not None:
            aside[doc.doc_id] = doc
            continue
        kept.append(hit)
    return kept, list(aside.values())


def is_duplicate(text: str, others: list[str], threshold: float) -> bool:
    """Whether ``text`` shares at least ``threshold`` of its character pairs with one of ``others``."""
    return any(similarity(text, o) >= threshold for o in others)


def gather(retriever: Retriever, topic: str, cues: str, k: int,
           kinds: tuple[str, ...] | None = None, statuses: tuple[str, ...] | None = None) -> Gathered:
    """One role's retrieval for the topic, in force only where a current version exists (the retriever
    already leaves out near-duplicate passages)."""
    query = role_query(topic, cues)
    result = retriever.search(query, k, Filters(kinds, statuses) if kinds or statuses else None)
    hits, aside = current_only(result.hits, result.catalogue)
    return Gathered(query, replace(result, hits=hits), aside)


def by_document(result: SearchResult) -> list[SearchResult]:
    """The result split per document (documents in the order of their best passage)."""
    groups: dict[str, list[Hit]] = {}
    for hit in result.hits:
        groups.setdefault(hit.chunk.doc_id, []).append(hit)
    return [replace(result, hits=hits) for hits in groups.values()]


def top_label(section: str) -> str:
    return section.split(" › ", 1)[0]


def role_part(result: SearchResult, headings: tuple[str, ...], every_role: tuple[str, ...],
              limit: int) -> SearchResult | None:
    """One document's hits narrowed to its part for the role: in an article whose top-level parts are headed by
    role words ("二、……的重要意义"), the passages of the part headed by this role's words (retrieved ones first,
    then the rest in reading order); None when the article has parts by role but none for this one. Other
    documents keep their retrieved hits."""
    doc = result.hits[0].document
    if not headings or doc.meta.kind != "article":
        return result
    chunks = result.catalogue.chunks_of(doc.doc_id)
    labels = {c.chunk_id: top_label(c.section) for c in chunks}
    mine = {cid for cid, label in labels.items() if any(w in label for w in headings)}
    if not mine:
        return None if any(any(w in label for w in every_role) for label in labels.values()) else result
    retrieved = [h for h in result.hits if h.chunk.chunk_id in mine]
    seen = {h.chunk.chunk_id for h in retrieved}
    rest = [Hit(c, doc, 0.0, via="section") for c in sorted(chunks, key=lambda c: c.start) if c.chunk_id in mine and c.chunk_id not in seen]
    return replace(result, hits=(retrieved + rest)[:limit])


def set_aside_notice(documents: list[Document], catalogue: Catalogue) -> list[str]:
    """"《…》2018年版已被取代，只作为说明，引用的是现行的2023年版。" for each superseded version left out."""
    notes = []
    for doc in documents:
        current = catalogue.in_force_version(doc)
        old = version_label(doc) or "旧版本"
        now = version_label(current) if current is not None else ""
        notes.append(f"《{doc.title}》{old}已被取代，未作为依据引用；本材料引用的是现行{now or '版本'}。")
    return notes


def cited_superseded_notice(doc_ids: list[str], catalogue: Catalogue) -> list[str]:
    """A note for each cited superseded document whose version in force the knowledge base lacks."""
    notes = []
    for doc_id in dict.fromkeys(doc_ids):
        doc = catalogue.document(doc_id) if catalogue.has_document(doc_id) else None
        if doc is None or doc.meta.status != "superseded" or catalogue.in_force_version(doc) is not None:
            continue
        label = version_label(doc)
        notes.append(f"注意：所引《{doc.title}》{label or ''}已被取代，现行版本未收录在知识库中，请以现行版本为准。")
    return notes


def require_content(topic: str, label: str) -> NoContentError:
    return NoContentError(f"知识库中没有找到与“{topic}”相关的内容，无法生成{label}。"
                          "请换一个主题，或先在“知识库”页导入相关文件。")
