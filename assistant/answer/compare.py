"""Questions comparing the versions of a regulation ("这一规定现在还是这样写的吗？", "和2018年版有什么
区别？"): the provision that best matches the question, its counterpart in the other version the knowledge
base holds, both verbatim and cited, and the wording that changed between them."""

from __future__ import annotations

import difflib
import re

from assistant.answer.alignment import resemblance
from assistant.answer.articles import counterpart
from assistant.answer.citations import CitationBook, similarity
from assistant.answer.protocol import Composition
from assistant.answer.revision import Revision, RevisionLimits, describe_revision, revise
from assistant.answer.scoring import ScoredSentence, measures, usable
from assistant.answer.versions import title_named_by_version_word, version_label
from assistant.catalogue import Catalogue, newest_first
from assistant.models import Chunk, Document, Hit
from assistant.patterns import ARTICLE_LABEL, FINAL_PROVISION, LIST_ITEM_LABEL
from assistant.retrieve import SearchResult
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning

# words of change: a comparison of versions wherever they stand ("是新加的吗？" asks whether the older one had it)
_CHANGE_WORDS = r"变化|改动|改了|修改了什么|有没有(?:修?改|变)|改没改|变没变|还是这样|现在怎么(?:写|规定)|新旧|新(?:加|增|写入)的"
# words of a difference or an addition: between versions when the question mentions versions, else between
# the things it names ("从重处分和加重处分有什么区别？" asks what each is, not how a regulation changed;
# "党员增加了什么义务" asks no comparison)
_DIFFERENCE_WORDS = (r"区别|不同(?!意)|差别|差异|异同|一样吗|一样不一样|是否一样|相同吗|一致吗|新增|增加了|加了(?:什么|哪些)|多了(?:什么|哪些)|删去|删掉|删除了|去掉了|新提法|新表述"
                     r"|有(?:没有)?(?:这个|这条|这项|此)(?:规定|条款|条文|内容)")
_CHANGE = re.compile(_CHANGE_WORDS)
# a question about what a revision added ("新增了哪些条款？", "增加了哪些新条文？", "多了哪些规定？")
_ADDITION = re.compile(r"新增|增加了?|增设|新加|加了(?:什么|哪些)|多了(?:什么|哪些)|新写入")
# ... or what it removed ("删除了哪些条款？", "去掉了哪些规定？")
_REMOVAL = re.compile(r"删除|删去|删掉|去掉了?|取消了?哪|废除了?哪|没有了")
_DIFFERENCE = re.compile(_DIFFERENCE_WORDS)
_COMPARE = re.compile(f"{_CHANGE_WORDS}|{_DIFFERENCE_WORDS}")
# a comparative of one version against another ("新条例是不是比2018年版管得更严了？", "处分加重了吗？"):
# a comparison only when the question names a version
_COMPARATIVE = re.compile(r"比.{0,16}?(?:更|还)(?:严|宽|重|轻|多|少|细)|加重|减轻|放宽|收紧|从严了|变严|变宽")
_VERSION_NAMED = re.compile(r"(?:19|20)\d{2}\s*年|新条例|新版|旧版|旧条例|修订")
# versions mentioned at all, named or not ("现行…以前的条例"): what a word of difference needs to compare them
_VERSIONS_MENTIONED = re.compile(rf"{_VERSION_NAMED.pattern}|版|现行|以前|原来|过去|之前|修改|修正|新旧|两部|两个条例")
_PUNCT = re.compile(r"^[\W_]*$")
_COMMENCEMENT_ASKED = re.compile(r"施行|生效|实施|解释|废止|哪天|什么时候|何时")


def _lines(text: str) -> list[str]:
    """A passage's paragraphs, a lead-in ending in "：" kept together with the enumerated items it introduces
    ("对党员的纪律处分种类：" + "（一）警告；" …), so a comparison never quotes the lead-in alone."""
    out: list[str] = []
    lead: int | None = None  # the lead-in collecting items
    for line in (ARTICLE_LABEL.sub("", x.strip()) for x in text.split("\n")):
        if lead is not None and LIST_ITEM_LABEL.match(line):
            out[lead] += line
            continue
        out.append(line)
        lead = len(out) - 1 if line.endswith(("：", ":")) else None
    return out


def _units(text: str, tuning: AnswerTuning) -> list[str]:
    """The comparable units of a passage: its paragraphs (款), or the sentences of a long paragraph."""
    out: list[str] = []
    for line in _lines(text):
        if len(line) <= tuning.compare_unit_chars:
            out.append(line)
        else:
            out.extend(s.text for s in measures(line, tuning))
    return [u for u in out if usable(u, tuning)]


def _unit_of(sentence: str, text: str, tuning: AnswerTuning) -> str:
    """The unit of ``text`` that holds ``sentence`` (the sentence itself when none does)."""
    bare = ARTICLE_LABEL.sub("", sentence)
    return next((u for u in _units(text, tuning) if bare in u), bare)


def _counterpart(unit: str, article: int | None, catalogue: Catalogue, doc: Document,
                 tuning: AnswerTuning) -> tuple[Chunk, str] | None:
    """The unit of ``doc`` most like ``unit`` as a whole (Jaccard share of character pairs, so a short
    fragment found inside it does not win; ties: the nearest article number), provided that most of the
    shorter one is found in the other."""
    best: tuple[float, int, Chunk, str] | None = None
    for chunk in catalogue.chunks_of(doc.doc_id):
        distance = abs((chunk.article or 0) - (article or 0))
        for candidate in _units(chunk.text, tuning):
            if similarity(unit, candidate) < tuning.compare_counterpart:
                continue
            alike = resemblance(unit, candidate)
            if best is None or (alike, -distance) > (best[0], -best[1]):
                best = (alike, distance, chunk, candidate)
    return None if best is None else (best[2], best[3])


def changes(old: str, new: str, tokenizer: Tokenizer) -> list[str]:
    """The wording changes from ``old`` to ``new``, word by word: "“扶贫”改为“乡村振兴”", "增加“书面”"."""
    a, b = tokenizer.words(old), tokenizer.words(new)
    out: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        was, now = "".join(a[a1:a2]).strip(), "".join(b[b1:b2]).strip()
        if op == "equal" or (_PUNCT.match(was) and _PUNCT.match(now)):
            continue
        if op == "replace":
            out.append(f"“{was}”改为“{now}”")
        elif op == "insert":
            out.append(f"增加“{now}”")
        else:
            out.append(f"删去“{was}”")
    return out


def _line(doc: Document, chunk: Chunk, text: str, book: CitationBook, current: bool) -> str:
    hit = Hit(chunk, doc, 0.0, via="version")
    label = version_label(doc) or "收录版本"
    head = f"现行《{doc.title}》（{label}）" if current else label
    where = chunk.locator if chunk.article else f"{chunk.locator}处"
    return f"{head}{where}：{text.rstrip('。；;')}[{book.cite(hit, text)}]。"


def _change_note(found: list[tuple[Document, Chunk, str]], tokenizer: Tokenizer, most: int) -> str:
    (new_doc, _, new), (old_doc, _, old) = found[0], found[1]
    older, newer = version_label(old_doc) or "旧版", version_label(new_doc) or "新版"
    what = "上述两段"
    diff = changes(old, new, tokenizer)
    if not diff:
        verdict = f"{what}措辞相同"
    elif len(diff) <= most:
        verdict = f"{what}中，{newer}较{older}" + "；".join(diff)
    else:
        verdict = f"{what}有多处不同，请逐句对照"
    return f"注意：逐字比对，{verdict}；条文其余部分请对照原文。"


_GENERIC = re.compile(r"^(?:\d+|\W+|年版|版本?|新版|旧版|主要|具体|哪些|什么|方面|内容|有何|两版|两个|之间|相比|对比|比较)$")
# phrases of a comparison question that name no topic: the revision itself, and the parts or kinds of provisions
# any regulation has ("修订时新增了哪些条款？", "加了哪些违纪行为？")
_NO_TOPIC = re.compile(r"(?:新的?)?(?:条款|条文|条目|规定)|(?:违纪|违规|违法)?行为|情形|修订|修改|修正")


def asks_comparison(question: str) -> bool:
    """Whether the question compares versions: a word of change ("变化", "还是这样吗"), a word of difference or
    addition ("区别", "加了什么新提法") with versions mentioned, or a comparative ("比…更严", "加重了") of a
    version it names."""
    return bool(_CHANGE.search(question) or (_DIFFERENCE.search(question) and _VERSIONS_MENTIONED.search(question))
                or (_COMPARATIVE.search(question) and _VERSION_NAMED.search(question)))


def _topic_words(question: str, titles: list[str], tokenizer: Tokenizer) -> list[str]:
    """The question's words besides the document's name, years, and comparison vocabulary."""
    named = "".join(index_form(t) for t in titles)
    plain = _NO_TOPIC.sub(" ", _COMPARATIVE.sub(" ", _COMPARE.sub(" ", index_form(question))))
    words = [t for t in tokenizer.tokens(plain) if len(t) >= 2]
    return [t for t in words if t not in named and not _GENERIC.match(t)]


def _revision(new_doc: Document, old_doc: Document, catalogue: Catalogue, limits: RevisionLimits) -> Revision:
    """The aligned articles of two versions, computed once per catalogue (the alignment uses only the limits'
    shares, never how much is shown)."""
    return catalogue.derived(("revision", new_doc.doc_id, old_doc.doc_id),
                             lambda: revise(catalogue.articles(new_doc.doc_id), catalogue.articles(old_doc.doc_id), limits))


def _without_counterpart(doc: Document, article: int | None, other: Document, catalogue: Catalogue,
                         tuning: AnswerTuning) -> bool:
    """Whether the alignment of the two versions' articles leaves ``doc``'s article without counterpart in
    ``other``: an article the newer version added (or the older one had alone) has none, however much of its
    sanction wording ("对直接责任者和领导责任者，给予警告……") another article shares."""
    return article is not None and counterpart(catalogue, doc, article, other, tuning.compare_same_provision,
                                               tuning.compare_extended_provision) is None


def _compare_whole(title: str, docs: list[Document], catalogue: Catalogue, tuning: AnswerTuning,
                   question: str) -> Composition | None:
    """What the newest version changed against the one before it: counts, the articles changed most on
    substance with their clauses, and the articles it added; when the question asks what was added ("新增了
    哪些条款？") or removed ("删除了哪些条款？"), those articles alone, up to ``compare_added_asked``."""
    new_doc, old_doc = docs[0], docs[1]
    additions, removals = bool(_ADDITION.search(question)), bool(_REMOVAL.search(question))
    listed = tuning.compare_added_asked
    limits = RevisionLimits(tuning.compare_same_provision, tuning.compare_same_clause, tuning.compare_minor_chars,
                            0 if additions or removals else tuning.compare_articles, tuning.compare_changes_shown,
                            listed if additions else 0 if removals else tuning.compare_added_shown,
                            tuning.compare_change_chars, listed if removals else 0, tuning.compare_extended_provision)
    described = describe_revision(title, new_doc, old_doc, _revision(new_doc, old_doc, catalogue, limits), limits)
    if described is None:
        return None
    text, book = described
    return Composition(text, book.citations, "versions")


def compose_revision(question: str, result: SearchResult, tokenizer: Tokenizer,
                     tuning: AnswerTuning) -> Composition | None:
    """What the revision of a regulation the question names (by its title or a version word: "新条例") changed,
    asked with no topic ("新条例删除了哪些条款？", "2023年版和2018年版有什么主要区别？"): a fact of the catalogue,
    answered however far the question's wording is from any passage. None for any other question."""
    if not asks_comparison(question) or result.intent.article is not None:
        return None
    versions = result.catalogue.versioned
    named = [t for t in result.intent.titles if t in versions]
    title = named[0] if named else title_named_by_version_word(result)
    if title is None or title not in versions or _topic_words(question, [title], tokenizer):
        return None
    return _compare_whole(title, versions[title], result.catalogue, tuning, question)


def compose_version_comparison(question: str, result: SearchResult,
                               scored: list[ScoredSentence], tokenizer: Tokenizer,
                               tuning: AnswerTuning) -> Composition | None:
    """Both versions of the provision the question is about (``scored``: the hits' sentences scored against
    the question); None unless the question compares versions and the knowledge base holds more than one
    version of the document it is about."""
    if not asks_comparison(question) or result.intent.article is not None:
        return None
    catalogue = result.catalogue
    versions = catalogue.versioned
    versioned = [s for s in scored if result.hits[s.rank].document.title in versions]
    if not _COMMENCEMENT_ASKED.search(question):
        # the commencement and interpretation articles differ between any two versions and share the version
        # words of every comparison question ("新修订的条例"); they answer one only when it asks about them
        versioned = [s for s in versioned if not FINAL_PROVISION.search(result.hits[s.rank].chunk.text)]
    if not versioned:
        return None
    title = result.hits[versioned[0].rank].document.title
    if not _topic_words(question, [title], tokenizer):
        whole = _compare_whole(title, versions[title], catalogue, tuning, question)
        if whole is not None:
            return whole
    # by coverage alone: the retrieval rank of a comparison question is swayed by its version words
    lead = max(versioned, key=lambda s: (s.coverage, s.score))
    hit = result.hits[lead.rank]
    found: list[tuple[Document, Chunk, str]] = [(hit.document, hit.chunk, _unit_of(lead.text, hit.chunk.text, tuning))]
    missing: list[Document] = []
    for doc in versions[hit.document.title]:
        if doc.doc_id == hit.document.doc_id:
            continue
        match = None if _without_counterpart(hit.document, hit.chunk.article, doc, catalogue, tuning) else \
            _counterpart(found[0][2], hit.chunk.article, catalogue, doc, tuning)
        if match is None:
            missing.append(doc)
        else:
            found.append((doc, *match))
    order = {d.doc_id: i for i, d in enumerate(newest_first([f[0] for f in found]))}
    found.sort(key=lambda f: order[f[0].doc_id])
    book = CitationBook()
    lines = [_line(doc, chunk, text, book, current=doc.meta.status == "in_force") for doc, chunk, text in found]
    notes = [_change_note(found, tokenizer, tuning.compare_changes)] if len(found) >= 2 else []
    notes += [f"注意：在《{d.title}》（{version_label(d) or '另一版本'}）中未找到与此相近的规定。" for d in missing]
    return Composition("\n".join(lines) + "".join("\n\n" + n for n in notes), book.citations, "versions")
