"""Building the three products from the knowledge base: the lesson outline, the theme-day plan, the study pack."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from assistant.answer.refusal import check_retrieval
from assistant.answer.subjects import named_subjects
from assistant.answer.scoring import SentenceScorer
from assistant.catalogue import Catalogue
from assistant.errors import DjqaError
from assistant.models import Document, Hit
from assistant.patterns import ARTICLE_LABEL
from assistant.prepare.gather import (
    by_document, cited_superseded_notice, gather, is_duplicate, require_content, role_part, set_aside_notice,
)
from assistant.prepare.model import KIND_LABELS, Point, Product, Reference, Section
from assistant.prepare.references import ReferenceBook
from assistant.prepare.select import choose_sentences
from assistant.prepare.spec import SectionSpec, product_specs
from assistant.service import Service
from assistant.textnorm import index_form


@dataclass
class _Context:
    topic: str
    catalogue: Catalogue
    scorer: SentenceScorer
    book: ReferenceBook
    seen: list[str]
    set_aside: dict[str, Document]
    used: set[str] = field(default_factory=set)  # passages an earlier section already quotes
    every_role: tuple[str, ...] = ()  # heading words of all the product's roles


def clean_topic(topic: str | None, max_chars: int) -> str:
    text = re.sub(r"\s+", " ", topic or "").strip().strip("“”\"'《》")
    if not text:
        raise DjqaError("请输入备课主题，例如“党建与生产经营深度融合”。")
    if len(text) > max_chars:
        raise DjqaError(f"备课主题不超过 {max_chars} 个字，请写成一个短语，例如“党建与生产经营深度融合”。")
    return text


def point_text(sentence: str, hit: Hit) -> str:
    """The sentence as quoted; a regulation's sentence starts with its article number ("第九条：…")."""
    text = sentence.strip()
    if hit.chunk.article is not None and not ARTICLE_LABEL.match(text):
        label = hit.chunk.locator.split(" › ")[-1]
        if label.startswith("第") and label.endswith("条"):
            return f"{label}：{text}"
    return text


class Workbench:
    """Builds products over the service's knowledge base (extractive; the LLM draft is in prepare.llm)."""

    def __init__(self, service: Service) -> None:
        self._service = service

    # -- public ----------------------------------------------------------------------------------------
    def build(self, kind: str, topic: str | None) -> Product:
        return self.build_with_sources(kind, topic)[0]

    def build_with_sources(self, kind: str, topic: str | None) -> tuple[Product, dict[int, Hit]]:
        """The product and, for each reference number, the retrieved passage it stands for."""
        specs = product_specs()
        if kind not in specs:
            raise DjqaError(f"未知的材料类型“{kind}”，可选：{'、'.join(f'{k}（{v}）' for k, v in KIND_LABELS.items())}。")
        topic = clean_topic(topic, self._service.settings.prepare_max_topic_chars)
        spec = specs[kind]
        ctx = self._context(topic, KIND_LABELS[kind])
        ctx.every_role = spec.all_headings
        sections = [s for section in spec.sections for s in self._section(section, ctx)]
        if not any(p.source == "kb" for s in sections for p in s.points):
            raise require_content(topic, KIND_LABELS[kind])
        product = Product(spec.kind, topic, spec.title.format(topic=topic), sections, ctx.book.references)  # type: ignore[arg-type]
        old = {r.n: (r.doc_id, r.locator, r.text) for r in product.references}
        product = product.renumbered()
        new = {(r.doc_id, r.locator, r.text): r.n for r in product.references}
        hits = {new[old[n]]: h for n, h in ctx.book.hits.items() if old[n] in new}
        product.notices = self._notices(ctx, product)
        return product, hits

    def regenerate(self, product: Product, index: int) -> Product:
        """The product with section ``index`` filled again from the knowledge base (points the trainer added
        stay); the other sections as they are. Template sections are restored to the template."""
        spec = product_specs()[product.kind]
        if not 0 <= index < len(product.sections):
            raise DjqaError("请选择要重新生成的部分。")
        current = product.sections[index]
        section_spec = next((s for s in spec.sections if s.heading == current.heading), None)
        if section_spec is None or section_spec.pack:
            raise DjqaError("这一部分不能单独重新生成，请重新生成整份材料。")
        ctx = self._context(product.topic, KIND_LABELS[product.kind], product.references)
        ctx.every_role = spec.all_headings
        ctx.seen = [p.text for i, s in enumerate(product.sections) if i != index for p in s.points]
        fresh = self._section(section_spec, ctx)[0]
        fresh.points += [p for p in current.points if p.source == "user"]
        sections = list(product.sections)
        sections[index] = fresh
        fresh_product = Product(product.kind, product.topic, product.title, sections, ctx.book.references)
        fresh_product.notices = list(dict.fromkeys(product.notices + self._notices(ctx, fresh_product)))
        return fresh_product

    # -- steps -----------------------------------------------------------------------------------------
    def _context(self, topic: str, label: str, references: list[Reference] | None = None) -> _Context:
        service = self._service
        catalogue = service.retriever.catalogue()
        settings = service.settings
        subjects = named_subjects(topic, settings.subject_max_term_chars, service.tokenizer)
        if service.answerer.mention_index(catalogue).absent(subjects, settings.subject_title_share):
            raise require_content(topic, label)  # a document or term the knowledge base never mentions
        if check_retrieval(service.search(topic), service.answerer.thresholds) is not None:
            raise require_content(topic, label)
        scorer = service.answerer.sentence_scorer(catalogue)
        return _Context(topic, catalogue, scorer, ReferenceBook(references), [], {})

    def _section(self, spec: SectionSpec, ctx: _Context) -> list[Section]:
        if spec.template:
            return [Section(spec.heading, [Point(t.format(topic=ctx.topic), [], "template") for t in spec.template])]
        if spec.pack:
            return self._pack(spec, ctx)
        return [Section(spec.heading, self._points(spec, ctx), spec.role)]

    def _points(self, spec: SectionSpec, ctx: _Context) -> list[Point]:
        """The chat selector's sentences for the role's query, taken from up to ``documents`` documents in turn."""
        settings = self._service.settings
        gathered = gather(self._service.retriever, ctx.topic, spec.cues[0], settings.prepare_hits,
                          spec.kinds, spec.statuses)
        ctx.set_aside.update({d.doc_id: d for d in gathered.set_aside})
        fresh = replace(gathered.result, hits=[h for h in gathered.result.hits if h.chunk.chunk_id not in ctx.used])
        parts = [role_part(r, spec.headings, ctx.every_role, settings.prepare_part_passages) for r in by_document(fresh)]
        parts = [replace(p, hits=[h for h in p.hits if h.chunk.chunk_id not in ctx.used]) for p in parts if p is not None]
        per_doc = [c for c in (choose_sentences(gathered.query, p, ctx.scorer) for p in parts if p.hits) if c][: spec.documents]
        share = math.ceil(spec.points / max(1, len(per_doc)))
        order = [x[i] for i in range(share) for x in per_doc if i < len(x)]  # in turn, a share from each document
        order += [c for x in per_doc for c in x[share:]]  # then the rest, should a document have fewer
        points: list[Point] = []
        for sentence, hit in order:
            if len(points) >= spec.points:
                break
            text = point_text(sentence, hit)
            if is_duplicate(text, ctx.seen, settings.prepare_duplicate_share) or any(w in index_form(text) for w in spec.avoid):
                continue
            ctx.seen.append(text)
            ctx.used.add(hit.chunk.chunk_id)
            points.append(Point(text, [ctx.book.cite(hit)], "kb"))
        return points

    def _pack(self, spec: SectionSpec, ctx: _Context) -> list[Section]:
        """Whole passages from the topic's retrievals, grouped by document, documents in force first."""
        k = self._service.settings.prepare_hits
        chosen: list[Hit] = []
        for cues in spec.cues:
            gathered = gather(self._service.retriever, ctx.topic, cues, k, spec.kinds)
            ctx.set_aside.update({d.doc_id: d for d in gathered.set_aside})
            for hit in gathered.result.hits:
                if len(chosen) >= spec.points or hit.chunk.chunk_id in {h.chunk.chunk_id for h in chosen}:
                    continue
                if not is_duplicate(hit.chunk.text, [h.chunk.text for h in chosen], self._service.settings.prepare_duplicate_share):
                    chosen.append(hit)
        docs = list(dict.fromkeys(h.chunk.doc_id for h in chosen))
        docs.sort(key=lambda d: ctx.catalogue.document(d).meta.status != "in_force")  # stable: relevance within
        sections = []
        for doc_id in docs:
            hits = sorted((h for h in chosen if h.chunk.doc_id == doc_id), key=lambda h: h.chunk.start)
            doc = ctx.catalogue.document(doc_id)
            points = [Point(h.chunk.text.strip(), [ctx.book.cite(h)], "kb") for h in hits]
            sections.append(Section(f"《{doc.title}》", points, "pack"))
        return sections

    def _notices(self, ctx: _Context, product: Product) -> list[str]:
        return (cited_superseded_notice([r.doc_id for r in product.references], ctx.catalogue)
                + set_aside_notice(list(ctx.set_aside.values()), ctx.catalogue))
