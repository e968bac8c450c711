"""The intermediate form every loader produces: an ordered list of text blocks."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Block:
    """One paragraph, heading, list item or table row of a source file.

    ``heading_level`` is set when the format itself marks a heading (DOCX styles, HTML h1–h6,
    Markdown #); ``page`` is the 1-based PDF page; ``after_blank`` tells that a blank line
    preceded the block in a text file (a paragraph boundary no line-joining may cross).
    """

    text: str
    heading_level: int | None = None
    page: int | None = None
    after_blank: bool = False

    def with_text(self, text: str) -> "Block":
        return replace(self, text=text)


@dataclass(frozen=True)
class LoadedFile:
    """A parsed file: its blocks, its format and a title hint from the file's own metadata."""

    blocks: list[Block]
    fmt: str
    title_hint: str | None = None
