"""Which documents a question names: by title, or by its author or organisation."""

from __future__ import annotations

import re

from assistant.lexical import Snapshot
from assistant.models import Document
from assistant.query import QueryIntent
from assistant.textnorm import index_form

# the generic parts of a Chinese organisation's name, which name no particular one
_ORG_NOISE = re.compile(r"有限责任公司|股份有限公司|有限公司|公司|集团|[省市区县]")


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def names_document(question: str, doc: Document, min_chars: int) -> bool:
    """Whether a question names a document by its author or organisation (e.g. 南宁供电局, 什邡卷烟厂): an
    author's name word for word, or ``min_chars`` consecutive characters of a word of the organisation."""
    text = index_form(question)
    if doc.meta.author and any(len(name) >= 2 and index_form(name) in text for name in doc.meta.author.split()):
        return True
    if doc.meta.org:
        org = _ORG_NOISE.sub(" ", index_form(doc.meta.org))
        return any(len(part) >= min_chars and _longest_common(part, text) >= min_chars for part in org.split())
    return False


def named_documents(question: str, intent: QueryIntent, snap: Snapshot, org_min_chars: int) -> set[str]:
    """Ids of the documents the question names by title, author or organisation."""
    return {d.doc_id for d in snap.documents.values()
            if d.title in intent.titles or names_document(question, d, org_min_chars)}
