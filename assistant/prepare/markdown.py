"""A product as Markdown: headings, numbered citation marks, template and own text marked, a reference list."""

from __future__ import annotations

from assistant.models import STATUS_LABELS
from assistant.prepare.model import KIND_LABELS, Point, Product, Reference

SOURCE_MARKS: dict[str, str] = {"template": "（模板）", "user": "（自拟）", "kb": ""}
INTRO = "由党建智答依据知识库原文整理。方括号中的数字对应文末参考文献；标“模板”的内容来自格式模板、不是原文，标“自拟”的内容由备课人添加。"


def marks(point: Point) -> str:
    return "".join(f"[{n}]" for n in point.citations)


def point_line(point: Point) -> str:
    """The point's text with its citation marks (before the final punctuation) and its source mark."""
    text = point.text.rstrip()
    end = ""
    if point.citations and text and text[-1] in "。！？；":
        text, end = text[:-1], text[-1]
    return f"{text}{marks(point)}{end}{SOURCE_MARKS.get(point.source, '')}"


def reference_line(ref: Reference) -> str:
    """"《中国共产党纪律处分条例》第三条（2023年版，现行有效）"."""
    details = "，".join(x for x in (ref.version, STATUS_LABELS.get(ref.status, ref.status)) if x)
    return f"《{ref.title}》{ref.locator}" + (f"（{details}）" if details else "")


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip().splitlines())


def product_markdown(product: Product) -> str:
    out = [f"# {product.title}", "", f"{KIND_LABELS.get(product.kind, product.kind)} · 主题：{product.topic}", "", INTRO, ""]
    pack = product.kind == "study-pack"
    for section in product.sections:
        if section.heading:
            out += [f"## {section.heading}", ""]
        for i, point in enumerate(section.points, 1):
            if pack and point.source == "kb":
                refs = {r.n: r for r in product.references}
                head = "；".join(reference_line(refs[n]) for n in point.citations if n in refs)
                out += [f"**{head}** {marks(point)}", "", _quote(point.text), ""]
            else:
                out.append(f"{i}. {point_line(point)}")
        out.append("")
    if product.notices:
        out += ["## 说明", ""] + [f"- {n}" for n in product.notices] + [""]
    out += ["## 参考文献", ""] + [f"[{r.n}] {reference_line(r)}" for r in product.references]
    return "\n".join(out).rstrip() + "\n"
