"""Domain types owned by the project. LangChain and Chroma types stay in adapters."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

SECTION_SEPARATOR = " › "  # between the headings of a passage's section path (ingest/chunk.py writes it)

Kind = Literal["article", "regulation", "other"]
Status = Literal["in_force", "superseded"]

STATUS_LABELS: dict[str, str] = {"in_force": "现行有效", "superseded": "已被取代"}
KIND_LABELS: dict[str, str] = {"article": "文章", "regulation": "党内法规", "other": "其他"}


@dataclass(frozen=True)
class DocumentMeta:
    """What is known about a document besides its text."""

    title: str
    kind: Kind = "article"
    author: str | None = None
    org: str | None = None
    published: str | None = None
    effective: str | None = None
    status: Status = "in_force"
    note: str | None = None


@dataclass(frozen=True)
class Document:
    """A registered document: one per source file version in the knowledge base."""

    doc_id: str
    source: str
    meta: DocumentMeta
    chunk_count: int
    ingested_at: str
    char_count: int = 0

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass(frozen=True)
class Chunk:
    """A passage as shown to people, plus what the indexes need."""

    chunk_id: str
    doc_id: str
    seq: int
    text: str
    norm: str
    locator: str
    section: str
    start: int
    end: int
    page: int | None = None
    article: int | None = None
    tokens: str | None = None  # space-joined lexical tokens of ``text``, computed once at ingestion

    @property
    def levels(self) -> list[str]:
        """The headings of the section path, outermost first ("第二编 分则 › 第六章 …" → both); [] for none."""
        return [level.strip() for level in self.section.split(SECTION_SEPARATOR)] if self.section else []


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its scores and the document it belongs to."""

    chunk: Chunk
    document: Document
    score: float
    dense: float | None = None
    lexical: float | None = None
    via: str = "hybrid"

    def to_json(self) -> dict[str, object]:
        meta = self.document.meta
        return {
            "doc_id": self.chunk.doc_id,
            "chunk_id": self.chunk.chunk_id,
            "title": meta.title,
            "source": self.document.source,
            "kind": meta.kind,
            "locator": self.chunk.locator,
            "section": self.chunk.section,
            "page": self.chunk.page,
            "text": self.chunk.text,
            "score": round(self.score, 4),
            "dense": None if self.dense is None else round(self.dense, 4),
            "status": meta.status,
            "effective": meta.effective,
            "start": self.chunk.start,
            "end": self.chunk.end,
        }


@dataclass(frozen=True)
class Citation:
    """A number shown in an answer and the passage it points to."""

    n: int
    hit: Hit
    sentence: str = ""

    def to_json(self) -> dict[str, object]:
        data = self.hit.to_json()
        data["n"] = self.n
        data["supporting_sentence"] = self.sentence
        return data


@dataclass
class Answer:
    """What the answerer returns for one question."""

    question: str
    text: str
    refused: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    flagged_sentences: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    quiz_choice: str | None = None  # a quiz item's chosen letters ("A", "ABD") or a blank's fill text

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
            "notices": list(self.notices),
            "flagged_sentences": list(self.flagged_sentences),
            "quiz_choice": self.quiz_choice,
            "citations": [c.to_json() for c in self.citations],
            "hits": [h.to_json() for h in self.hits],
        }


def meta_to_dict(meta: DocumentMeta) -> dict[str, object]:
    return asdict(meta)
