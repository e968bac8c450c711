"""Generators of real test files of every supported (and unsupported) kind, written at test time.

Nothing binary is committed: each function writes one file into a directory and returns its
path. The Chinese texts are written for the tests (not copied from the shared corpus).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

# --- texts ------------------------------------------------------------------------------------

PDF_PAGES = [
    [
        "基层党支部工作手册",
        "一、党支部的基本任务",
        "党支部是党在社会基层组织中的战斗堡垒，是党全部工作和战斗力的基础。",
        "党支部要认真落实三会一课制度，按期召开支部党员大会和支部委员会。",
    ],
    [
        "二、组织生活会",
        "组织生活会一般每年召开一次，党员要开展批评和自我批评，查找差距。",
        "会后要形成整改清单，明确责任人和完成时限，抓好整改落实。",
    ],
]

DOCX_H1 = "党建与业务融合工作方案"
DOCX_H2 = "一、总体要求"
DOCX_H2B = "二、主要措施"
DOCX_BODY = [
    "坚持以党建引领生产经营，把党的领导融入公司治理各环节，推动党建工作与业务工作同谋划、同部署。",
    "开展党员先锋岗创建活动，在急难险重任务中设立党员责任区，发挥党员先锋模范作用。",
]
DOCX_TABLE = [["项目", "责任部门", "完成时限"], ["主题党日", "党群工作部", "每月一次"]]

HTML_NOISE = ["导航首页栏目", "varTracker", "colorRedStyle"]
HTML_BODY = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title>
<style>.x {{ color: red; }} colorRedStyle</style>
<script>var varTracker = 1;</script></head>
<body>
<nav>导航首页栏目</nav>
<h1>{title}</h1>
<h2>一、学习要求</h2>
<p>各党支部要把理论学习作为首要政治任务，结合主题党日开展集中学习研讨。</p>
<h2>二、工作安排</h2>
<p>党员领导干部要带头讲党课，每年至少为所在党支部讲一次党课。</p>
<table><tr><th>时间</th><th>内容</th></tr><tr><td>三月</td><td>专题党课</td></tr></table>
</body></html>
"""

MARKDOWN = """# 主题党日活动指引

## 一、活动目的

主题党日是党支部组织党员开展集中学习和志愿服务的重要载体，应当每月固定一天开展。

## 二、活动流程

活动一般包括重温入党誓词、集中学习、交纳党费、开展志愿服务等环节。
"""

TXT_PARAGRAPHS = [
    "关于加强基层党组织建设的若干做法",
    "一、强化政治引领",
    "坚持把政治建设摆在首位，教育引导党员干部增强四个意识、坚定四个自信、做到两个维护。",
    "二、严格组织生活",
    "认真落实三会一课、谈心谈话和民主评议党员等制度，提高组织生活质量。",
]
TXT_TEXT = "\n\n".join(TXT_PARAGRAPHS) + "\n"


def regulation_text(title: str = "某公司党员教育管理办法", effective: str = "本办法自2024年1月1日起施行。") -> str:
    """A short regulation: chapters and articles, the last one naming the effective date."""
    return "\n".join(
        [
            title,
            "第一章　总则",
            "第一条　为加强和规范党员教育管理工作，提高党员队伍整体素质，制定本办法。",
            "第二条　党员教育管理工作坚持以习近平新时代中国特色社会主义思想为指导。",
            "第二章　教育培训",
            "第三条　党支部应当每月组织党员集中学习，每次学习时间不少于半天。",
            "第四条　党员每年参加集中培训的时间一般不少于三十二学时。",
            "第三章　附则",
            f"第五条　{effective}",
        ]
    ) + "\n"


# --- PDF --------------------------------------------------------------------------------------

def _cjk_canvas(target: Path | io.BytesIO):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return canvas.Canvas(str(target) if isinstance(target, Path) else target)


def _pdf_bytes(pages: list[list[str]], title: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = _cjk_canvas(buf)
    if title:
        c.setTitle(title)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        y = 780
        for line in lines:
            c.drawString(60, y, line)
            y -= 24
        c.showPage()
    c.save()
    return buf.getvalue()


def text_pdf(folder: Path, name: str = "手册.pdf", pages: list[list[str]] | None = None) -> Path:
    path = folder / name
    path.write_bytes(_pdf_bytes(pages or PDF_PAGES, title="基层党支部工作手册"))
    return path


def _encrypted(folder: Path, name: str, user_password: str, algorithm: str = "RC4-128") -> Path:
    """RC4 works with pypdf alone; AES (what Word and WPS write) needs the `cryptography` package."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf_bytes(PDF_PAGES))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    path = folder / name
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def encrypted_pdf(folder: Path, name: str = "加密文件.pdf") -> Path:
    """A PDF that needs a user password to open."""
    return _encrypted(folder, name, "secret")


def empty_password_pdf(folder: Path, name: str = "空密码.pdf") -> Path:
    """Encrypted with an empty user password (owner restrictions only): opens without a password."""
    return _encrypted(folder, name, "")


def aes_empty_password_pdf(folder: Path, name: str = "AES空密码.pdf") -> Path:
    return _encrypted(folder, name, "", algorithm="AES-256")


def scanned_pdf(folder: Path, name: str = "扫描件.pdf") -> Path:
    """Two pages of drawings and no text layer, like a scan."""
    path = folder / name
    c = _cjk_canvas(path)
    for _ in range(2):
        c.rect(80, 400, 300, 200, fill=1)
        c.circle(300, 700, 50)
        c.line(50, 50, 500, 300)
        c.showPage()
    c.save()
    return path


def corrupt_pdf(folder: Path, name: str = "损坏.pdf") -> Path:
    """A real PDF cut off after its first 300 bytes."""
    path = folder / name
    path.write_bytes(_pdf_bytes(PDF_PAGES)[:300])
    return path


def binary_as_pdf(folder: Path, name: str = "图片改名.pdf") -> Path:
    """Binary bytes (a PNG-like header and noise) behind a .pdf name."""
    path = folder / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return path


# --- DOCX -------------------------------------------------------------------------------------

def heading_docx(folder: Path, name: str = "工作方案.docx") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(DOCX_H1, level=1)
    document.add_heading(DOCX_H2, level=2)
    document.add_paragraph(DOCX_BODY[0])
    document.add_heading(DOCX_H2B, level=2)
    document.add_paragraph(DOCX_BODY[1])
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = folder / name
    document.save(str(path))
    return path


def corrupt_docx(folder: Path, name: str = "损坏.docx") -> Path:
    """A zip that is not a Word package, cut short."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document>" + "党建" * 200)
    path = folder / name
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    return path


# --- HTML / Markdown / TXT --------------------------------------------------------------------

def noisy_html(folder: Path, name: str = "学习通知.html") -> Path:
    path = folder / name
    path.write_text(HTML_BODY.format(charset="utf-8", title="关于开展专题学习的通知"), encoding="utf-8")
    return path


def gbk_html(folder: Path, name: str = "通知GBK.htm") -> Path:
    path = folder / name
    path.write_bytes(HTML_BODY.format(charset="gbk", title="关于开展专题学习的通知").encode("gbk"))
    return path


def markdown_file(folder: Path, name: str = "主题党日.md") -> Path:
    path = folder / name
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def txt_utf8_bom(folder: Path, name: str = "做法-bom.txt") -> Path:
    path = folder / name
    path.write_bytes(TXT_TEXT.encode("utf-8-sig"))
    return path


def txt_gb18030(folder: Path, name: str = "做法-gbk.txt") -> Path:
    path = folder / name
    path.write_bytes(TXT_TEXT.encode("gb18030"))
    return path


def txt_utf16(folder: Path, name: str = "做法-utf16.txt") -> Path:
    path = folder / name
    path.write_bytes(TXT_TEXT.encode("utf-16"))  # little-endian with BOM on every supported platform
    return path


def undecodable_txt(folder: Path, name: str = "乱码.txt") -> Path:
    """Bytes no text encoding turns into readable text (no NULs, so it is not caught as binary)."""
    path = folder / name
    path.write_bytes(bytes(b for b in range(0x80, 0x100)) * 3 + b"\x81\x30\x81\xff\xfe\x80")
    return path


def empty_file(folder: Path, name: str = "空文件.txt") -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def unsupported_file(folder: Path, name: str = "台账.xlsx") -> Path:
    path = folder / name
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    return path


def text_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ODD_NAMES = [
    "带 空格 的 文件.txt",
    "中文文件名.txt",
    "表情🎉党建.txt",
    "-leading-dash.txt",
    "很长的文件名" * 12 + ".txt",
]


def odd_named_files(folder: Path) -> list[Path]:
    """The same kind of small text under names that break naive tools, each with distinct content."""
    return [
        text_file(folder, name, f"第{i + 1}份材料\n\n党支部开展第{i + 1}次主题党日活动，组织党员学习党章党规。\n")
        for i, name in enumerate(ODD_NAMES)
    ]


def write_manifest(folder: Path, entries: list[dict]) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def write_sidecar(path: Path, meta: dict) -> Path:
    sidecar = path.with_suffix(".meta.json")
    sidecar.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return sidecar
