"""The products' sections, read from the data file ``assistant/data/prepare_products.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from assistant.errors import ConfigError


@dataclass(frozen=True)
class SectionSpec:
    """One section: filled from the knowledge base (``role``), from the format's template, or a study pack."""

    heading: str
    role: str = ""
    cues: tuple[str, ...] = ("",)
    kinds: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    headings: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    points: int = 3
    documents: int = 2
    template: tuple[str, ...] = ()
    pack: bool = False


@dataclass(frozen=True)
class ProductSpec:
    kind: str
    title: str
    sections: tuple[SectionSpec, ...]

    @property
    def all_headings(self) -> tuple[str, ...]:
        """Heading words of every role: an article whose parts carry any of them is structured by role."""
        return tuple(w for s in self.sections for w in s.headings)


def _section(raw: dict) -> SectionSpec:
    cues = raw.get("cues", "")
    return SectionSpec(
        heading=raw.get("heading", ""), role=raw.get("role", ""),
        cues=tuple(cues) if isinstance(cues, list) else (cues,),
        kinds=tuple(raw["kinds"]) if raw.get("kinds") else None,
        statuses=tuple(raw["statuses"]) if raw.get("statuses") else None, headings=tuple(raw.get("headings", "").split()),
        avoid=tuple(raw.get("avoid", "").split()),
        points=int(raw.get("points", 3)), documents=int(raw.get("documents", 2)),
        template=tuple(raw.get("template", ())), pack=bool(raw.get("pack", False)),
    )


def product_specs() -> dict[str, ProductSpec]:
    """Every product kind's specification (the file is part of the package)."""
    try:
        raw = json.loads(resources.files("assistant.data").joinpath("prepare_products.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError("备课模板文件 prepare_products.json 缺失或格式错误，请检查安装是否完整。") from exc
    return {kind: ProductSpec(kind, body["title"], tuple(_section(s) for s in body["sections"]))
            for kind, body in raw.items() if not kind.startswith("_")}
