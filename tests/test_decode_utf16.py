"""UTF-16 text without a byte-order mark is recognised by where its zero bytes fall."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IngestError
from ingest.decode import decode_text
from ingest.loaders import load_file
from tests import fixtures as F

LIMIT = 50 * 1048576


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"做法-{encoding}.txt"
    path.write_bytes(F.TXT_TEXT.encode(encoding))  # no BOM; zeros only in the few ASCII characters
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))

    blocks = [b.text for b in load_file(path, LIMIT).blocks]

    assert blocks == [p.strip() for p in F.TXT_TEXT.split("\n") if p.strip()]


def test_mostly_ideographs_with_one_line_break_is_enough() -> None:
    text = "坚持党的全面领导，推动基层党组织全面进步全面过硬。\n"
    assert decode_text(text.encode("utf-16-le"), "短.txt") == (text, "utf-16-le")


def test_binary_with_zeros_on_both_sides_is_still_refused() -> None:
    data = bytes(range(256)) * 40  # zeros at even positions only every 256 bytes, and odd ones too
    data = data + b"\x00\x01\x02\x00" * 50
    with pytest.raises(IngestError) as error:
        decode_text(data, "图片.txt")
    assert error.value.reason == "binary"
