"""What the trainer workbench builds: a product of sections of points, and the numbered references they cite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PointSource = Literal["kb", "template", "user"]
ProductKind = Literal["lesson", "theme-day", "study-pack"]

KIND_LABELS: dict[str, str] = {"lesson": "党课提纲", "theme-day": "主题党日方案", "study-pack": "学习材料汇编"}


@dataclass
class Point:
    """One or two sentences. ``kb`` points quote a passage and cite it; ``template`` and ``user`` points cite nothing."""

    text: str
    citations: list[int] = field(default_factory=list)
    source: PointSource = "kb"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.citations), "source": self.source}


@dataclass
class Section:
    """A heading and its points; ``role`` names the retrieval that filled it (empty for template sections)."""

    heading: str
    points: list[Point] = field(default_factory=list)
    role: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"heading": self.heading, "points": [p.to_json() for p in self.points]}


@dataclass(frozen=True)
class Reference:
    """A cited passage: document, locator (article or section), version and status, and the passage text."""

    n: int
    doc_id: str
    title: str
    source: str
    locator: str
    version: str
    status: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "doc_id": self.doc_id, "title": self.title, "source": self.source,
                "locator": self.locator, "version": self.version, "status": self.status, "text": self.text}


@dataclass
class Product:
    """A lesson outline, a theme-day plan or a study pack. ``notices`` tell the trainer what to check
    (superseded versions left out, LLM fallback); they are not part of the document."""

    kind: ProductKind
    topic: str
    title: str
    sections: list[Section]
    references: list[Reference]
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "topic": self.topic, "title": self.title,
                "sections": [s.to_json() for s in self.sections],
                "references": [r.to_json() for r in self.references], "notices": list(self.notices)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Product":
        """The inverse of :meth:`to_json` (the web tab keeps the edited product as JSON)."""
        sections = [Section(s["heading"], [Point(p["text"], [int(n) for n in p.get("citations", [])], p.get("source", "kb"))
                                           for p in s.get("points", [])], s.get("role", ""))
                    for s in data.get("sections", [])]
        refs = [Reference(int(r["n"]), r["doc_id"], r["title"], r["source"], r["locator"], r["version"], r["status"], r["text"])
                for r in data.get("references", [])]
        return cls(data["kind"], data["topic"], data["title"], sections, refs, list(data.get("notices", [])))

    def used_references(self) -> list[Reference]:
        """References some point still cites, renumbered 1..n in order of first use (after edits)."""
        by_n = {r.n: r for r in self.references}
        order = list(dict.fromkeys(n for s in self.sections for p in s.points for n in p.citations if n in by_n))
        return [Reference(i, *_fields(by_n[n])) for i, n in enumerate(order, 1)]

    def renumbered(self) -> "Product":
        """A copy whose citation numbers run 1..n in order of first use, unused references dropped."""
        by_n = {r.n: r for r in self.references}
        order = list(dict.fromkeys(n for s in self.sections for p in s.points for n in p.citations if n in by_n))
        new = {old: i for i, old in enumerate(order, 1)}
        sections = [Section(s.heading, [Point(p.text, [new[n] for n in p.citations if n in new], p.source) for p in s.points], s.role)
                    for s in self.sections]
        return Product(self.kind, self.topic, self.title, sections, self.used_references(), list(self.notices))


def _fields(ref: Reference) -> tuple[str, str, str, str, str, str, str]:
    return ref.doc_id, ref.title, ref.source, ref.locator, ref.version, ref.status, ref.text
