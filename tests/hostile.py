"""Hostile files generated on the fly for the limit tests (nothing large is kept in the repository)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from tests import fixtures as F

_PARAGRAPH = "<w:p><w:r><w:t>基层党组织按期换届，党员按规定参加组织生活。</w:t></w:r></w:p>".encode()


def zip_bomb_docx(folder: Path, name: str = "炸弹.docx", inner_mb: int = 300, padding_mb: float = 0.9) -> Path:
    """A DOCX whose word/document.xml is valid and holds ``inner_mb`` MB of paragraphs, deflated to about
    a thousandth of that; a stored random image pads the file to roughly 2 MB on disk."""
    base = F.heading_docx(folder, "炸弹模板.docx")
    path = folder / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                xml = src.read(item).decode("utf-8")
                head, _, tail = xml.partition("<w:body>")
                block = _PARAGRAPH * (1048576 // len(_PARAGRAPH))
                info = zipfile.ZipInfo(item.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with out.open(info, "w", force_zip64=True) as part:
                    part.write((head + "<w:body>").encode("utf-8"))
                    for _ in range(inner_mb):
                        part.write(block)
                    part.write(tail.encode("utf-8"))
            else:
                out.writestr(item, src.read(item))
        out.writestr(zipfile.ZipInfo("word/media/image1.png"), os.urandom(int(padding_mb * 1048576)),
                     compress_type=zipfile.ZIP_STORED)
    base.unlink()
    return path
