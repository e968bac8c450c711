"""The trainer's edits before export: drop a point, reword it, add their own text, move a section.
Each returns a new product; a reworded or added point is the trainer's own ("user")."""

from __future__ import annotations

from dataclasses import replace

from assistant.errors import DjqaError
from assistant.prepare.model import Point, Product, Section


def _copy(product: Product) -> Product:
    sections = [Section(s.heading, [replace(p, citations=list(p.citations)) for p in s.points], s.role) for s in product.sections]
    return Product(product.kind, product.topic, product.title, sections, list(product.references), list(product.notices))


def _section(product: Product, index: int) -> Section:
    if not 0 <= index < len(product.sections):
        raise DjqaError("请先选择一个部分。")
    return product.sections[index]


def _point(product: Product, section: int, point: int) -> None:
    if not 0 <= point < len(_section(product, section).points):
        raise DjqaError("请先选择一条要点。")


def drop_point(product: Product, section: int, point: int) -> Product:
    _point(product, section, point)
    out = _copy(product)
    del out.sections[section].points[point]
    return out


def reword_point(product: Product, section: int, point: int, text: str) -> Product:
    """The point's text replaced by the trainer's; it keeps its citations (the passage it came from) and
    is marked as the trainer's own."""
    _point(product, section, point)
    text = (text or "").strip()
    if not text:
        raise DjqaError("请输入修改后的内容。")
    out = _copy(product)
    old = out.sections[section].points[point]
    out.sections[section].points[point] = Point(text, old.citations if old.source == "kb" else [], "user")
    return out


def add_point(product: Product, section: int, text: str) -> Product:
    _section(product, section)
    text = (text or "").strip()
    if not text:
        raise DjqaError("请输入要添加的内容。")
    out = _copy(product)
    out.sections[section].points.append(Point(text, [], "user"))
    return out


def move_section(product: Product, section: int, step: int) -> Product:
    """The section moved ``step`` places (−1 up, +1 down); at either end it stays."""
    _section(product, section)
    out = _copy(product)
    target = min(max(section + step, 0), len(out.sections) - 1)
    out.sections.insert(target, out.sections.pop(section))
    return out
