"""The trainer workbench: a cited party-lesson outline, a theme-party-day plan and a study pack built from
the knowledge base, editable, exported to Word and Markdown."""

from assistant.prepare.model import KIND_LABELS, Point, Product, Reference, Section
from assistant.prepare.products import Workbench

__all__ = ["KIND_LABELS", "Point", "Product", "Reference", "Section", "Workbench"]
