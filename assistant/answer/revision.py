"""What a revision of a regulation changed ("2023年版和2018年版有什么主要区别？" with no topic named): the
two versions' articles aligned in order (assistant/answer/alignment.py), the aligned articles whose clauses
changed most on substance, the articles the newer version added, and counts of all three, each cited."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.alignment import ClauseChange, align, clause_changes, clauses, describe
from assistant.answer.citations import CitationBook
from assistant.answer.articles import article_text
from assistant.answer.versions import version_label
from assistant.models import Chunk, Document, Hit
from assistant.patterns import FINAL_PROVISION


@dataclass(frozen=True)
class RevisionLimits:
    """How alike articles and clauses must be to count as the same, and how much of a revision is shown."""

    same_article: float  # Jaccard share of character pairs two articles need to be the same provision
    same_clause: float  # ... two clauses need to be one reworded clause rather than one removed, one added
    minor_chars: int  # a rewording of at most this many characters (a dropped "的") is no change of substance
    articles_shown: int  # most-changed articles shown
    changes_shown: int  # changes shown per article
    added_shown: int  # added articles shown
    change_chars: int  # each side of a change is cut to this many characters around it
    removed_shown: int = 0  # articles of the older version with no counterpart shown (the rest are counted)
    # share of the shorter article's character pairs found in the other for two articles the ordered alignment
    # left unpaired to be one provision extended (a paragraph added) rather than one removed, one added; 0: none
    extended: float = 0.0


@dataclass(frozen=True)
class ChangedArticle:
    new: list[Chunk]
    old: list[Chunk]
    changes: list[ClauseChange]

    @property
    def weight(self) -> int:
        return sum(c.weight for c in self.changes)


@dataclass(frozen=True)
class Revision:
    """The aligned articles of two versions, final provisions (commencement, interpretation) left out."""

    changed: list[ChangedArticle]  # most changed first
    added: list[list[Chunk]]  # in article order
    removed: list[list[Chunk]]
    unchanged: int
    new_total: int
    old_total: int


def _provisions(articles: dict[int, list[Chunk]]) -> list[tuple[int, list[Chunk], str]]:
    """Each article in number order with its text (assembled once), final provisions left out."""
    texts = ((n, chunks, article_text(chunks)) for n, chunks in sorted(articles.items()))
    return [(n, chunks, text) for n, chunks, text in texts if not FINAL_PROVISION.search(text)]


def revise(new: dict[int, list[Chunk]], old: dict[int, list[Chunk]], limits: RevisionLimits) -> Revision:
    """Align the articles (by number order) of the newer and older version and sort out what changed."""
    a, b = _provisions(new), _provisions(old)
    changed: list[ChangedArticle] = []
    added: list[list[Chunk]] = []
    removed: list[list[Chunk]] = []
    unchanged = 0
    for pair in align([t for _, _, t in a], [t for _, _, t in b], limits.same_article, limits.extended):
        if pair.new is None:
            removed.append(b[pair.old][1])  # type: ignore[index]
        elif pair.old is None:
            added.append(a[pair.new][1])
        else:
            found = clause_changes(b[pair.old][2], a[pair.new][2], limits.same_clause, limits.minor_chars)
            if found:
                changed.append(ChangedArticle(a[pair.new][1], b[pair.old][1], found))
            else:
                unchanged += 1
    changed.sort(key=lambda c: -c.weight)
    return Revision(changed, added, removed, unchanged, len(new), len(old))



def _marks(chunks: list[Chunk], doc: Document, text: str, book: CitationBook) -> str:
    return book.marks([Hit(c, doc, 0.0, via="version") for c in sorted(chunks, key=lambda c: c.start)], text)


def _opening(chunks: list[Chunk], doc: Document, book: CitationBook, max_chars: int) -> str:
    """An article named by its number, cited, with its first clause (cut to ``max_chars``)."""
    text = article_text(chunks)
    first = next(iter(clauses(text)), text)
    cut = first if len(first) <= max_chars else first[:max_chars] + "…"
    return f"{chunks[0].locator}{_marks(chunks, doc, text, book)}：{cut.rstrip('。；;')}"


def describe_revision(title: str, new_doc: Document, old_doc: Document, revision: Revision,
                      limits: RevisionLimits) -> tuple[str, CitationBook] | None:
    """The revision in words, every article cited; None when the aligned articles show no change at all."""
    if not revision.changed and not revision.added:
        return None
    newer, older = version_label(new_doc) or "现行版本", version_label(old_doc) or "旧版"
    book = CitationBook()
    counts = [f"对应的条文中 {len(revision.changed)} 条内容有改动"]
    if revision.added:
        counts.append(f"{newer}新增 {len(revision.added)} 条")
    if revision.removed:
        counts.append(f"{older}另有 {len(revision.removed)} 条在{newer}中没有对应条文")
    lines = [f"《{title}》{newer}与{older}逐条比对（不含施行日期、解释机关等附则条款）："
             f"{newer}共 {revision.new_total} 条，{older}共 {revision.old_total} 条；" + "，".join(counts) + "。"]
    shown = revision.changed[: limits.articles_shown]
    if shown:
        lines.append(f"改动最多的 {len(shown)} 条：")
    for i, art in enumerate(shown, 1):
        new_text, old_text = article_text(art.new), article_text(art.old)
        top = sorted(art.changes, key=lambda c: -c.weight)[: limits.changes_shown]
        what = "；".join(describe(c, limits.change_chars) for c in art.changes if c in top)
        more = f"等 {len(art.changes)} 处" if len(art.changes) > len(top) else ""
        lines.append(f"{i}. {newer}{art.new[0].locator}{_marks(art.new, new_doc, new_text, book)}"
                     f"（对应{older}{art.old[0].locator}{_marks(art.old, old_doc, old_text, book)}）：{what}{more}。")
    for label, articles, doc, shown_at_most in ((f"{newer}新增的条文", revision.added, new_doc, limits.added_shown),
                                                (f"{older}中在{newer}里没有对应的条文", revision.removed, old_doc,
                                                 limits.removed_shown)):
        examples = [_opening(chunks, doc, book, limits.change_chars) for chunks in articles[:shown_at_most]]
        if examples:
            listed = f"前 {len(examples)} 条" if len(examples) < len(articles) else f"共 {len(examples)} 条"
            lines.append(f"{label}（{listed}）：" + "；".join(examples) + "。")
    lines.append("\n注意：以上由逐条、逐句比对得出，不计个别虚词和条文序号的变化；条文全文请对照原文。")
    return "\n".join(lines), book
