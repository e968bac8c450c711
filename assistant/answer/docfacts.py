"""Questions about a named document itself (who wrote it, when and where it was published, which version the
knowledge base holds), answered by quoting the document's own header line, with its registered status as a note."""

from __future__ import annotations

import re

from assistant.answer.asktype import asked_part, asking_sentences
from assistant.answer.citations import CitationBook, best_supporting_sentence
from assistant.answer.protocol import Composition
from assistant.answer.refusal import Refusal, doc_years, requested_years
from assistant.answer.sentences import split_sentences
from assistant.answer.versions import version_label
from assistant.catalogue import Catalogue
from assistant.models import Chunk, Document, Hit
from assistant.patterns import ASKS_VERSION_HELD, OWN_DOCUMENT, QUOTATION
from assistant.retrieve import SearchResult
from assistant.support import support_ratio
from assistant.textnorm import index_form
from assistant.tuning import AnswerTuning

_AUTHOR = re.compile(r"作者|谁写|撰写|署名|哪个单位|哪家单位|什么单位|来自哪|哪位领导|谁讲的|主讲人|哪家企业|哪个企业|哪家公司")
# when or where an article was published ("什么时候发表的？登在哪个刊物上？")
_PUBLISHED = re.compile(r"什么时候(?:发表|刊登|登出|出版)|何时发表|哪一?年(?:发表|刊登)|发表(?:于|在)(?:哪|什么)|(?:发表|出版)(?:时间|日期)"
                        r"|(?:登|刊登|发表)在(?:哪|什么)|(?:哪个|哪家|哪本|什么)(?:刊物|期刊|杂志)|哪一期")
# a header line giving the date or issue of publication ("网络出版时间:2019-12-27", "2019年第12期")
_PUBLICATION_LINE = re.compile(r"出版时间|发表时间|(?:19|20)\d{2}\s*年\s*第\s*\d+\s*期|(?:19|20)\d{2}[-.年]\d{1,2}[-.月]\d{1,2}")
# whether the version held is still in force ("还有效吗", "现在还是最新的吗"; not "最新的要求"), also in everyday
# words ("现在还能用吗", "还管用吗", "作废了没有", "现在还能照这个讲吗", "能算“现行党章”吗"; not "还算数吗", asked of
# a decision or an election's result)
_VALIDITY = re.compile(r"还有效|是否有效|有效吗|有没有失效|废止了吗|失效了吗|过时了吗|(?:是|还是)(?:不是)?最新的?(?:吗|版本?吗?)|最新的吗"
                       r"|还(?:能|可以)(?:用|执行|照着?(?:这个|这版)?(?:办|讲|用|执行))吗|还(?:管用|适用|在用)(?:吗|不|没有)|作废了?(?:吗|没有)"
                       r"|(?:是|算)(?:不是)?[“\"]?现行[^，。？?]{0,8}吗")
# an article's front matter, asked for ("那篇文章的摘要说了什么？", "关键词是什么？"), and the header line giving it
# ("摘要:…", "[关键词]…", "【摘要】…")
_FRONT_MATTER: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (name, re.compile(asked), re.compile(rf"^\s*[\[【(（]?\s*(?:{label})\s*[\]】)）]?\s*[:：]?\s*(\S.*)$"))
    for name, asked, label in (("摘要", r"摘要|内容提要", r"摘\s*要|内容提要"), ("关键词", r"关键词|关键字", r"关\s*键\s*[词字]")))
# a sentence asking which article says something ("党章里是哪一条规定的？", "出自第几条？")
_ASKS_ARTICLE = re.compile(r"哪一?条|第几条|哪个条款")
_VERSION_LINE = re.compile(r"(?:19|20)\d{2}年.{0,30}(?:通过|修改|修订|印发|发布|施行)|(?:通过|修改|修订|印发|发布)[^。]{0,30}(?:19|20)\d{2}年")
_EFFECTIVE = re.compile(rf"{OWN_DOCUMENT}自[^。\n]{{2,20}}起施行[^\n]{{0,80}}")


def named_document(result: SearchResult) -> Document | None:
    """The document the searched question names by title, short name, author or organisation (the best
    ranked one; the retriever found the names). A document named alone is it even when none of its passages
    was found: "南宁供电局那篇文章讲了哪几个方面？" has no word of its own that its passages say."""
    for hit in result.hits:
        if hit.document.doc_id in result.named_documents:
            return hit.document
    for doc in result.catalogue.documents:
        if doc.title in result.intent.titles:
            return doc
    named = [doc for doc in result.catalogue.documents if doc.doc_id in result.named_documents]
    return named[0] if len(named) == 1 else None


def _header(catalogue: Catalogue, doc: Document, tuning: AnswerTuning) -> list[Chunk]:
    return catalogue.chunks_of(doc.doc_id)[: tuning.facts_header_chunks]


def _quote(text: str, start: int, end: int, window: int) -> str:
    """The line of ``text`` around [start, end), cut to a short window when the line is long. A bracketed note
    broken over lines ("（2020年2月26日……审议批准" then "2020年3月9日……发布）") is quoted whole, on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > 2 * window + (end - start):
        line_start, line_end = max(line_start, start - window), min(line_end, end + window)
    line_start, line_end = _whole_brackets(text, line_start, line_end, 2 * window)
    return " ".join(part.strip() for part in text[line_start:line_end].split("\n") if part.strip())


def _whole_brackets(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """[start, end) widened to the bracket opening a note it closes, or closing one it opens, when that bracket
    lies within ``reach`` characters."""
    segment = text[start:end]
    opened = segment.count("（") + segment.count("(") - segment.count("）") - segment.count(")")
    if opened < 0:
        found = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
        start = found if found >= 0 and start - found <= reach else start
    elif opened > 0:
        found = min((i for i in (text.find("）", end), text.find(")", end)) if i >= 0), default=-1)
        end = found + 1 if found >= 0 and found - end <= reach else end
    return start, end


def _find(chunks: list[Chunk], needle: str, window: int) -> tuple[Chunk, str] | None:
    """The first line quoting ``needle`` (compared in index form when normalising keeps offsets)."""
    for chunk in chunks:
        norm = index_form(chunk.text)
        text, pin = (norm, index_form(needle)) if len(norm) == len(chunk.text) else (chunk.text, needle)
        pos = text.find(pin)
        if pos >= 0:
            return chunk, _quote(chunk.text, pos, pos + len(pin), window)
    return None


def _wording_place(chunks: list[Chunk], wording: str, tuning: AnswerTuning) -> tuple[Chunk, str] | None:
    """The passage and sentence where quoted wording stands: the sentence saying it verbatim, else the one holding
    most of its character pairs (the support rule's share) when that is at least ``facts_wording_match`` (quotation
    marks nested differently, "推进‘两学一做’……" for "推进“两学一做”……"); None when no sentence does."""
    best: tuple[float, Chunk, str] | None = None
    for chunk in chunks:
        for sentence in split_sentences(chunk.text, tuning):
            if wording in index_form(sentence.text):
                return chunk, sentence.text
            share = support_ratio(wording, sentence.text)
            if share >= tuning.facts_wording_match and (best is None or share > best[0]):
                best = (share, chunk, sentence.text)
    return (best[1], best[2]) if best else None


def _header_line(chunks: list[Chunk], pattern: re.Pattern[str], window: int) -> tuple[Chunk, str] | None:
    """The first line of the header passages where ``pattern`` matches (the version line, the publication line)."""
    for chunk in chunks:
        m = pattern.search(chunk.text)
        if m:
            return chunk, _quote(chunk.text, m.start(), m.end(), window)
    return None


def effective_clause(catalogue: Catalogue, doc: Document) -> tuple[Chunk, str] | None:
    """The final provision saying when the text took effect (and what it repealed)."""
    for chunk in reversed(catalogue.chunks_of(doc.doc_id)):
        m = _EFFECTIVE.search(chunk.text)
        if m:
            return chunk, m.group(0).strip()
    return None


def _front_line(header: list[Chunk], pattern: re.Pattern[str]) -> tuple[Chunk, str] | None:
    """The first header line ``pattern`` labels, with what follows its label."""
    for chunk in header:
        for line in chunk.text.splitlines():
            m = pattern.match(line)
            if m:
                return chunk, m.group(1).strip()
    return None


def compose_document_facts(question: str, result: SearchResult, tuning: AnswerTuning) -> Composition | Refusal | None:
    """"《…》一文的作者是谁？", "…那篇文章是什么时候发表的？", "党章现在还有效吗？收录的是哪一版？", "摘要说了什么？"; a refusal saying
    so when the knowledge base registers no author or organisation, or no publication date and prints none, for the
    document asked about; None for any other question."""
    if result.intent.article is not None:
        return None
    asks_author = bool(_AUTHOR.search(question))
    asks_published = bool(_PUBLISHED.search(asked_part(question)))  # not "负责编内部刊物" in a story
    asks_version = bool(ASKS_VERSION_HELD.search(question) or _VALIDITY.search(question))
    front = [(name, line) for name, asked, line in _FRONT_MATTER if asked.search(question)]
    if not (asks_author or asks_published or asks_version or front):
        return None
    doc = named_document(result)
    catalogue = result.catalogue
    if doc is None:
        return None
    header = _header(catalogue, doc, tuning)
    window = tuning.facts_quote_window
    book = CitationBook()
    quotes: list[tuple[Chunk, str]] = []
    if asks_author:
        names = [n for n in (doc.meta.author or "").split() + [doc.meta.org or ""] if n]
        if not names:  # nothing registered: say so rather than quote some passage of the text
            return Refusal("no_author", f"知识库登记的《{doc.title}》没有作者和单位信息。")
        for name in names:
            found = _find(header, name, window)
            if found is not None and not any(found[1] in q or q in found[1] for _, q in quotes):
                quotes.append(found)
        if not quotes:
            return None
    lines: list[str] = []
    if quotes:
        signed = "；".join(f"{line}[{book.cite(Hit(c, doc, 0.0, via='document'), line)}]" for c, line in quotes)
        lines.append(f"《{doc.title}》的署名：{signed}。")
    if asks_published:
        found = _header_line(header, _PUBLICATION_LINE, window)
        if found is None and not doc.meta.published:  # nothing registered or printed: say so
            return Refusal("no_publication", f"知识库登记的《{doc.title}》没有发表时间和刊物信息。")
        if doc.meta.published:
            lines.append(f"知识库登记的《{doc.title}》发表时间：{doc.meta.published}。")
        if found is not None:
            chunk, line = found
            lines.append(f"原文题头：{line}[{book.cite(Hit(chunk, doc, 0.0, via='document'), line)}]。")
    for name, pattern in front:
        found = _front_line(header, pattern)
        if found is None:
            return Refusal("no_front_matter", f"知识库收录的《{doc.title}》没有{name}。")
        chunk, text = found
        lines.append(f"《{doc.title}》的{name}：{text}[{book.cite(Hit(chunk, doc, 0.0, via='document'), text)}]")
    notes: list[str] = []
    if asks_version:
        asked, held = requested_years(question, result.intent.years), doc_years(doc)
        other = sorted(asked - held)
        if other and not asked & held:
            # "是二十大修改后的版本吗？" of a 2017 text: say so before quoting what it is
            lines.append(f"知识库收录的《{doc.title}》不是{other[0]}年的版本。")
        found = _header_line(header, _VERSION_LINE, window)
        if found is not None:
            chunk, line = found
            lines.append(f"知识库收录的《{doc.title}》：{line}[{book.cite(Hit(chunk, doc, 0.0, via='document'), line)}]。")
        effective = effective_clause(catalogue, doc)
        if effective is not None:
            chunk, clause = effective
            where = f"{chunk.locator}：" if chunk.article else ""
            lines.append(f"{where}{clause.rstrip('。')}[{book.cite(Hit(chunk, doc, 0.0, via='document'), clause)}]。")
        if found is None and effective is None and header:
            # a text that dates itself nowhere: cite what it is called, and say where the version comes from
            first = next((x.strip() for x in header[0].text.splitlines() if x.strip()), "")[: 2 * window]
            if first:
                cited = book.cite(Hit(header[0], doc, 0.0, via="document"), first)
                lines.append(f"知识库收录的文本：{first}[{cited}]（原文未载明通过、印发或施行日期，版本按知识库登记信息）。")
        label = version_label(doc)
        since = f"，{doc.meta.effective}起施行" if doc.meta.effective else ""
        if doc.meta.status == "in_force":
            notes.append(f"注意：知识库登记的《{doc.title}》（{label or '收录版本'}{since}）为现行有效版本。")
        elif found is None and effective is None:  # otherwise the version note of the citation says it
            current = catalogue.in_force_version(doc)
            now = (f"现行有效的是{version_label(current) or '另一版本'}" + (f"（{current.meta.effective}起施行）" if current.meta.effective else "")
                   if current is not None else "现行版本未收录在知识库中")
            notes.append(f"注意：知识库登记的《{doc.title}》（{label or '收录版本'}{since}）已被取代，{now}，请以现行版本为准。")
    # "这句话在党章哪一条？知识库里的党章是哪一年修改的？": wording the question quotes, up to a sentence or two
    # (facts_wording_chars), is shown where the document says it
    placed = False
    for term in QUOTATION.findall(index_form(question)) if lines or notes else []:
        if len(term) > tuning.facts_wording_chars:
            continue
        found = _wording_place(catalogue.chunks_of(doc.doc_id), term, tuning)
        if found is not None:
            chunk, line = found
            where = f"见{chunk.locator}" if chunk.article is not None else "的原文"
            lines.append(f"“{term}”{where}：{line.rstrip('。')}[{book.cite(Hit(chunk, doc, 0.0, via='document'), line)}]。")
            placed = True
    # "纪委……全面派驻纪检组，党章里是哪一条规定的？……还是现行有效的吗？": what the question describes is placed in the
    # article of the document that the search found first
    if (lines or notes) and not placed and _ASKS_ARTICLE.search(asking_sentences(question)):
        hit = next((h for h in result.hits if h.chunk.doc_id == doc.doc_id and h.chunk.article is not None), None)
        if hit is not None:
            line = best_supporting_sentence(question, hit, tuning)
            lines.append(f"所问的规定见{hit.chunk.locator}：{line.rstrip('。')}[{book.cite(hit, line)}]。")
    if not lines and not notes:
        return None
    return Composition("\n\n".join(x for x in ["\n".join(lines), *notes] if x), book.citations, "document")
