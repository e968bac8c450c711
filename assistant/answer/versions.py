"""Version notes: an answer that cites a superseded text says so and names the text in force."""

from __future__ import annotations

from assistant.catalogue import Catalogue
from assistant.models import Citation, Document
from assistant.patterns import VERSION_WITHOUT_YEAR, YEAR
from assistant.retrieve import SearchResult


def version_label(doc: Document) -> str:
    """'2018年版' from the note or the effective date; '' when no year is known."""
    for text in (doc.meta.note or "", doc.meta.effective or "", doc.meta.published or ""):
        m = YEAR.search(text)
        if m:
            return f"{m.group(1)}年版"
    return ""


def version_notes(citations: list[Citation], catalogue: Catalogue) -> list[str]:
    """One note per superseded document cited, naming the citation numbers and the text in force."""
    by_doc: dict[str, list[Citation]] = {}
    for c in citations:
        if c.hit.document.meta.status == "superseded":
            by_doc.setdefault(c.hit.document.doc_id, []).append(c)
    notes = []
    for cites in by_doc.values():
        doc = cites[0].hit.document
        refs = "".join(f"[{c.n}]" for c in cites)
        label = version_label(doc)
        head = f"注意：{refs} 出自《{doc.title}》（{label + '，' if label else ''}已被取代）"
        current = catalogue.in_force_version(doc)
        if current is not None:
            eff = f"，{current.meta.effective}起施行" if current.meta.effective else ""
            tail = f"，现行有效的是《{current.title}》（{version_label(current) or '现行版本'}{eff}），请以现行版本为准。"
        else:
            tail = "，现行版本未收录在知识库中，请以现行版本为准。"
        notes.append(head + tail)
    return notes


def versioned_title(result: SearchResult) -> str | None:
    """The title held in several versions that the question names, else that of the best hit; None when neither is."""
    versioned = result.catalogue.versioned
    named = [t for t in result.intent.titles if t in versioned]
    return (named or [h.document.title for h in result.hits if h.document.title in versioned] or [None])[0]


def title_named_by_version_word(result: SearchResult) -> str | None:
    """The regulation a version word names as a title would ("新条例第九十七条…", "旧条例第三百条"): the title held in
    several versions (the one named, else the best hit's); None when the question has no version word (新条例, 旧版,
    现行…) or no such title applies."""
    return versioned_title(result) if VERSION_WITHOUT_YEAR.search(result.intent.text) else None
