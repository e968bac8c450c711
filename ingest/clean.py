"""Cleaning parsed blocks: page debris, broken lines, width, references, personal data."""

from __future__ import annotations

import re

from assistant.patterns import CN_NUMERALS, CN_ONE_TO_TEN, SENTENCE_STOPS
from assistant.textnorm import normalize_width
from ingest.blocks import Block

_DEBRIS = [
    re.compile(r"^还剩\s*\d+\s*页未读[,，]?\s*继续阅读$"),
    re.compile(r"^文本内容\s*[:：]?$"),
    re.compile(r"^[(（]?整期优先[)）]?\s*网络出版时间\s*[:：].*$"),
    re.compile(r"^/\s*\d+$"),
    re.compile(r"^第\s*\d+\s*页\s*(?:[/，,]?\s*共\s*\d+\s*页)?$"),
    re.compile(r"^-\s*\d+\s*-$"),
    re.compile(r"^\d+\s*/\s*\d+$"),
    re.compile(r"^\[?DOI\]?\s*[:：]?\s*10\.\d{4,}/\S+$", re.IGNORECASE),
]
_INLINE_DEBRIS = [re.compile(r"还剩\s*\d+\s*页未读[,，]?\s*继续阅读")]
_REFERENCES = re.compile(r"^(参考文献|参考资料)\s*[:：]?$")
_AFTER_REFERENCES = re.compile(r"^(作者简介|作者单位|附录)")
_TERMINAL = tuple("。！？；：…”’」』）)!?;:")
_HEADING_START = re.compile(
    rf"^(第[{CN_NUMERALS}\d]+[编章节条]|[{CN_ONE_TO_TEN}]+[、.．]|[（(][{CN_ONE_TO_TEN}\d]+[)）]|\d{{1,2}}[.．、](?!\d))"
)
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
_EMAIL = re.compile(r"\.?[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")


def mask_personal_data(text: str) -> str:
    """Replace ID numbers, phone numbers and e-mail addresses with labelled placeholders."""
    text = _ID_NUMBER.sub("[身份证号已隐去]", text)
    text = _EMAIL.sub("[邮箱已隐去]", text)
    return _PHONE.sub("[电话已隐去]", text)


def _is_debris(text: str) -> bool:
    return any(p.match(text) for p in _DEBRIS)


def _drop_references(blocks: list[Block]) -> list[Block]:
    kept: list[Block] = []
    skipping = False
    for block in blocks:
        if _REFERENCES.match(block.text):
            skipping = True
            continue
        if skipping and _AFTER_REFERENCES.match(block.text):
            skipping = False
        if not skipping:
            kept.append(block)
    return kept


def _should_join(prev: Block, nxt: Block) -> bool:
    """A line broken by layout: no blank line between, no sentence end, next is not a heading."""
    if prev.heading_level or nxt.heading_level or nxt.after_blank:
        return False
    if prev.page is not None and nxt.page is not None and nxt.page - prev.page > 1:
        return False
    if len(prev.text) < 20 or prev.text.endswith(_TERMINAL):
        return False
    return not _HEADING_START.match(nxt.text)


def _join_broken_lines(blocks: list[Block]) -> list[Block]:
    joined: list[Block] = []
    for block in blocks:
        if joined and _should_join(joined[-1], block):
            prev = joined[-1]
            glue = " " if prev.text[-1:].isascii() and block.text[:1].isascii() else ""
            joined[-1] = prev.with_text(prev.text + glue + block.text)
        else:
            joined.append(block)
    return joined


_ENDS_SENTENCE = tuple(SENTENCE_STOPS)


def _drop_repeated_short(blocks: list[Block]) -> list[Block]:
    """Short lines seen before (running page headers and footers, a title printed again) are dropped; a sentence
    is not, however short: regulations repeat provisions word for word in different articles ("对不明真相被裹挟
    参加，……可以免予处分或者不予处分。", "（一）坚决维护……上级党组织决定；" in both 第六条 and 第七条)."""
    seen: set[str] = set()
    kept = []
    for block in blocks:
        if len(block.text) <= 60 and block.text in seen and not block.text.endswith(_ENDS_SENTENCE):
            continue
        seen.add(block.text)
        kept.append(block)
    return kept


def clean_blocks(blocks: list[Block], mask_personal: bool = True) -> list[Block]:
    """The whole cleaning pass, in order. Returns non-empty blocks only."""
    out: list[Block] = []
    for block in blocks:
        text = normalize_width(block.text).strip()
        for pattern in _INLINE_DEBRIS:
            text = pattern.sub("", text).strip()
        text = re.sub(r"[ \t]{2,}", " ", text)
        if not text or _is_debris(text):
            continue
        if mask_personal:
            text = mask_personal_data(text)
        out.append(block.with_text(text))
    out = _drop_references(out)
    out = _join_broken_lines(out)
    return _drop_repeated_short(out)
