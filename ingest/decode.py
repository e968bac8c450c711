"""Decoding text files whose encoding is unknown: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from assistant.errors import IngestError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _plausible(text: str) -> bool:
    """Mostly letters, CJK, digits, punctuation and white space; few controls or private-use characters."""
    if not text.strip():
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) in {"Cc", "Co", "Cs", "Cn"} and ch not in "\n\r\t\f")
    return bad / len(text) < 0.01


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: zero bytes (the high byte of ASCII characters such as line breaks and digits)
    fall mostly on odd positions (little-endian) or mostly on even ones (big-endian); the other side only
    gets the zero low byte of a character such as 一 (U+4E00). Chinese text has few ASCII characters, so
    the share of zeros can be small; their one-sidedness is what counts. The caller still checks that the
    decoded text is plausible."""
    sample = data[:8000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    zeros = even + odd
    if zeros == 0:
        return None
    if odd >= 2 * even:
        return "utf-16-le"
    if even >= 2 * odd:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise IngestError when no encoding gives readable text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _plausible(text):
                return text, utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError(f"「{name}」不是文本文件（含二进制内容），无法读取。", "binary")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, encoding
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise IngestError(f"「{name}」的文字编码无法识别，请另存为 UTF-8 编码后重试。", "undecodable")
