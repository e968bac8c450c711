"""Every supported format loads into the right blocks; every bad input is a clear Chinese IngestError."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from assistant.errors import IngestError
from ingest.loaders import load_file
from tests import fixtures as F

LIMIT = 50 * 1048576


def _texts(path: Path) -> list[str]:
    return [b.text for b in load_file(path, LIMIT).blocks]


# --- bad inputs ---------------------------------------------------------------------------

BAD = [
    (F.encrypted_pdf, "encrypted", ["加密", "密码"]),
    (F.scanned_pdf, "scanned", ["扫描件", "文字识别"]),
    (F.corrupt_pdf, "corrupt", ["损坏"]),
    (F.binary_as_pdf, "corrupt", ["损坏"]),
    (F.corrupt_docx, "corrupt", ["损坏", "DOCX"]),
    (F.undecodable_txt, "undecodable", ["编码", "UTF-8"]),
    (F.empty_file, "empty", ["空文件"]),
    (F.unsupported_file, "unsupported", ["不受支持", ".xlsx"]),
    (lambda d: F.unsupported_file(d, "旧格式.doc"), "unsupported", ["不受支持", "另存为 .docx"]),
]


@pytest.mark.parametrize(("make", "reason", "words"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_input_is_a_named_chinese_error(
    tmp_path: Path, make: Callable[[Path], Path], reason: str, words: list[str]
) -> None:
    path = make(tmp_path)
    with pytest.raises(IngestError) as info:
        load_file(path, LIMIT)
    assert info.value.reason == reason
    message = str(info.value)
    assert f"「{path.name}」" in message
    for word in words:
        assert word in message


def test_file_over_the_configured_limit_is_refused(tmp_path: Path) -> None:
    path = F.txt_utf8_bom(tmp_path)
    with pytest.raises(IngestError) as info:
        load_file(path, max_bytes=path.stat().st_size - 1)
    assert info.value.reason == "too_large"
    assert "超过上限" in str(info.value) and path.name in str(info.value)


def test_binary_bytes_in_a_txt_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "数据.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 50 + "党建".encode())
    with pytest.raises(IngestError) as info:
        load_file(path, LIMIT)
    assert info.value.reason in {"binary", "undecodable"}
    assert "数据.txt" in str(info.value)


# --- PDF ----------------------------------------------------------------------------------

def test_text_pdf_keeps_chinese_text_and_page_numbers(tmp_path: Path) -> None:
    loaded = load_file(F.text_pdf(tmp_path), LIMIT)
    pages = {b.page for b in loaded.blocks}
    assert pages == {1, 2}
    by_text = {b.text: b.page for b in loaded.blocks}
    assert by_text[F.PDF_PAGES[0][2]] == 1
    assert by_text[F.PDF_PAGES[1][1]] == 2
    assert loaded.title_hint == "基层党支部工作手册"


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path) -> None:
    texts = _texts(F.empty_password_pdf(tmp_path))
    assert F.PDF_PAGES[0][3] in texts and F.PDF_PAGES[1][2] in texts


def test_aes_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    pytest.importorskip("cryptography", reason="declared dependency, needed for AES-encrypted PDFs")
    texts = _texts(F.aes_empty_password_pdf(tmp_path))
    assert F.PDF_PAGES[1][2] in texts


# --- DOCX / HTML / Markdown ---------------------------------------------------------------

def test_docx_headings_paragraphs_and_table(tmp_path: Path) -> None:
    blocks = load_file(F.heading_docx(tmp_path), LIMIT).blocks
    levels = {b.text: b.heading_level for b in blocks}
    assert levels[F.DOCX_H1] == 1
    assert levels[F.DOCX_H2] == 2 and levels[F.DOCX_H2B] == 2
    assert levels[F.DOCX_BODY[0]] is None
    texts = [b.text for b in blocks]
    assert texts.index(F.DOCX_H2) < texts.index(F.DOCX_BODY[0]) < texts.index(F.DOCX_H2B)
    assert "主题党日 | 党群工作部 | 每月一次" in texts


@pytest.mark.parametrize("make", [F.noisy_html, F.gbk_html], ids=["utf8", "gbk"])
def test_html_drops_script_style_nav_and_keeps_structure(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    loaded = load_file(make(tmp_path), LIMIT)
    joined = "\n".join(b.text for b in loaded.blocks)
    for noise in F.HTML_NOISE:
        assert noise not in joined
    levels = {b.text: b.heading_level for b in loaded.blocks}
    assert levels["关于开展专题学习的通知"] == 1
    assert levels["一、学习要求"] == 2
    assert "各党支部要把理论学习作为首要政治任务，结合主题党日开展集中学习研讨。" in levels
    assert "三月 | 专题党课" in levels
    assert loaded.title_hint == "关于开展专题学习的通知"


def test_markdown_headings(tmp_path: Path) -> None:
    loaded = load_file(F.markdown_file(tmp_path), LIMIT)
    levels = {b.text: b.heading_level for b in loaded.blocks}
    assert levels["主题党日活动指引"] == 1
    assert levels["二、活动流程"] == 2
    assert levels["活动一般包括重温入党誓词、集中学习、交纳党费、开展志愿服务等环节。"] is None
    assert "#" not in "".join(levels)


# --- text encodings -----------------------------------------------------------------------

@pytest.mark.parametrize("make", [F.txt_utf8_bom, F.txt_gb18030, F.txt_utf16], ids=["utf8-bom", "gb18030", "utf16le-bom"])
def test_text_encodings_decode_to_the_same_text(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    texts = _texts(make(tmp_path))
    assert texts == F.TXT_PARAGRAPHS
    assert not texts[0].startswith("\ufeff")


def test_txt_blank_lines_mark_paragraphs(tmp_path: Path) -> None:
    path = F.text_file(tmp_path, "a.txt", "第一行\n接着一行\n\n新段落")
    blocks = load_file(path, LIMIT).blocks
    assert [(b.text, b.after_blank) for b in blocks] == [("第一行", False), ("接着一行", False), ("新段落", True)]


def test_odd_file_names_load(tmp_path: Path) -> None:
    for i, path in enumerate(F.odd_named_files(tmp_path)):
        assert _texts(path)[0] == f"第{i + 1}份材料"
