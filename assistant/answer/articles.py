"""A regulation's articles: the text of one from its passages, and which article of one version is which of
another (the versions aligned in order, assistant.answer.alignment)."""

from __future__ import annotations

from assistant.answer.alignment import align
from assistant.catalogue import Catalogue
from assistant.models import Document
from assistant.patterns import ARTICLE_MENTION


def article_text(chunks: list) -> str:
    """The article's text from its passages (in order, overlaps removed), starting at '第…条'."""
    chunks = sorted(chunks, key=lambda c: c.start)
    text, end = chunks[0].text, chunks[0].end
    for c in chunks[1:]:
        if c.start < end:
            overlap = end - c.start
            text += c.text[overlap:] if overlap < len(c.text) else ""
        else:
            text += "\n" + c.text
        end = max(end, c.end)
    m = ARTICLE_MENTION.search(text)
    return text[m.start():].strip() if m else text.strip()


def aligned_articles(catalogue: Catalogue, new: Document, old: Document, same: float,
                     extended: float = 0.0) -> list[tuple[int | None, int | None]]:
    """Pairs of article numbers (newer, older) in order; None where a version has no counterpart (see
    alignment.align for ``same`` and ``extended``). Computed once per snapshot: every version question asked of
    it aligns the same two versions."""
    def align_now() -> list[tuple[int | None, int | None]]:
        a, b = sorted(catalogue.articles(new.doc_id).items()), sorted(catalogue.articles(old.doc_id).items())
        pairs = align([article_text(c) for _, c in a], [article_text(c) for _, c in b], same, extended)
        return [(None if p.new is None else a[p.new][0], None if p.old is None else b[p.old][0]) for p in pairs]

    return catalogue.derived(("aligned articles", new.doc_id, old.doc_id, same, extended), align_now)


def counterpart(catalogue: Catalogue, doc: Document, number: int, other: Document, same: float,
                extended: float = 0.0) -> int | None:
    """The number of the article of ``other`` (another version of ``doc``'s title) aligned with article ``number``
    of ``doc``; None when it has none."""
    order = [d.doc_id for d in catalogue.versions(doc.title)]
    doc_is_newer = order.index(doc.doc_id) < order.index(other.doc_id)
    newer, older = (doc, other) if doc_is_newer else (other, doc)
    mine, theirs = (0, 1) if doc_is_newer else (1, 0)
    return next((p[theirs] for p in aligned_articles(catalogue, newer, older, same, extended) if p[mine] == number), None)
