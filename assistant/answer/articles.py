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


def aligned_articles(catalogue: Catalogue, new: Document, old: Document, same: float) -> list[tuple[int | None, int | None]]:
    """Pairs of article numbers (newer, older) in order; None where a version has no counterpart."""
    a, b = sorted(catalogue.articles(new.doc_id).items()), sorted(catalogue.articles(old.doc_id).items())
    pairs = align([article_text(c) for _, c in a], [article_text(c) for _, c in b], same)
    return [(None if p.new is None else a[p.new][0], None if p.old is None else b[p.old][0]) for p in pairs]
