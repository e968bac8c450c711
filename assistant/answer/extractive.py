"""The default answerer: an answer composed only of sentences from the retrieved passages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from assistant.answer.asktype import ask_type, final_clause
from assistant.answer.citations import CitationBook, label_share, passage_hits, similarity
from assistant.answer.enumerations import Item, enumerations
from assistant.answer.leadins import continued, graded_rest, is_list_item, item_lead_in, leading_line
from assistant.answer.protocol import Composition
from assistant.answer.scoring import ScoredSentence
from assistant.answer.sentences import split_sentences
from assistant.catalogue import Catalogue
from assistant.models import Hit
from assistant.answer.articles import article_text, counterpart
from assistant.patterns import ARTICLE_LABEL, ARTICLE_REF, ITEM_ASKED, ITEM_TOPIC, LIST_ITEM_LABEL, QUOTED_TERM
from assistant.retrieve import SearchResult
from assistant.textnorm import cn_to_int, index_form
from assistant.tuning import AnswerTuning

_HOW = re.compile(r"如何|怎样|怎么办|怎么做|怎么开|怎么抓|怎么搞|怎么推进|怎么落实|措施|做法|办法|途径|举措|哪些方面|应该怎么|应当怎么")
_VALIDITY = re.compile(r"有效|现行|现在|废止|失效|还适用")
_END_PUNCT = "。！？!?"
_WHICH_ARTICLES = re.compile(r"哪几条|哪些条|(?<!第)几条|哪几项|哪些规范|哪几个方面的规范")
_WHICH = re.compile(r"哪些|哪几")  # a question asking for the members of a list
# a sentence defining a term: "从重处分，是指…", "第四十条 本条例所称主动交代，是指…"
_DEFINITION = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条\s*)?(?:本(?:条例|规定|准则|办法)所称|所称)?([\u4e00-\u9fff“”]{2,12})，?(?:是指|指的是)")
# the chapter (编/章/节) a regulation's article stands in: a topic many articles share, no section a question
# names by naming the topic ("基层组织" is the whole 第五章 党的基层组织, not one of its articles)
_STRUCTURE_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[编章节]")


@dataclass
class _Item:
    best: ScoredSentence
    hits: list[Hit]


def is_how_question(question: str) -> bool:
    return bool(_HOW.search(question))


def _finish(sentence: str, marks: str) -> str:
    text = sentence.rstrip("；;，,、：: ")
    end = ""
    if text and text[-1] in _END_PUNCT:
        text, end = text[:-1], text[-1]
    return f"{text}{marks}{end or '。'}"


def _group(scored: list[ScoredSentence], hits: list[Hit], limit: int, duplicate: float) -> list[_Item]:
    """Best sentences, near-identical ones (from other documents) merged into one item with several sources."""
    items: list[_Item] = []
    for s in scored:
        hit = hits[s.rank]
        twin = next((it for it in items if similarity(it.best.text, s.text) >= duplicate), None)
        if twin is not None:
            if all(h.chunk.doc_id != hit.chunk.doc_id for h in twin.hits):
                twin.hits.append(hit)
            continue
        if len(items) < limit:
            items.append(_Item(s, [hit]))
    return items


def _with_list(scored: ScoredSentence, hits: list[Hit], tuning: AnswerTuning) -> str:
    """A sentence that introduces a list ("…种类："), or opens the line that does ("……进行职务消费。" before "不得有下列
    行为："), keeps the rest of that line and the items that follow it in its passage; a clause
    followed by the clauses grading it ("情节较重的，…") keeps them; a topic sentence opening a paragraph keeps
    the sentences of the paragraph that explain it."""
    text = scored.text
    passage = hits[scored.rank].chunk.text
    tail = passage[scored.sentence.end :]
    if not text.rstrip().endswith(("：", ":")) and leading_line(passage, scored.sentence.start, tuning.item_lead_in_chars):
        # the rule the sentence begins goes on to the colon ending its line
        line_end = passage.find("\n", scored.sentence.end)
        text, tail = text + passage[scored.sentence.end : line_end].strip(), passage[line_end:]
    if not text.rstrip().endswith(("：", ":")):
        graded = graded_rest(passage, scored.sentence.end, tuning.item_lead_in_chars)
        return text + (graded or _elaboration(text, passage, scored.sentence.start, tail, tuning))
    items = [line.strip() for line in tail.split("\n") if line.strip()]
    kept: list[str] = []
    for item in items:
        if len("".join(kept)) + len(item) > tuning.lead_in_list_chars or not LIST_ITEM_LABEL.match(item):
            break
        kept.append(item)
    return text + "".join(kept) if kept else text


def _core(text: str) -> str:
    """An introduction or sentence without its closing mark or the "……" standing for the list it leads in."""
    return text.removesuffix("……").strip().rstrip("：:；;。")


def _states(intro: str, sentence: str) -> bool:
    """Whether an introduction ("第一百零三条 ……处分：……", a lead-in or a paragraph referred to) is the chosen
    sentence itself, which then needs no introduction before it."""
    own = _core(sentence)
    return bool(own) and _core(intro).endswith(own)


def _already_said(intro: str, said: list[str]) -> bool:
    """Whether the answer already holds the paragraph an introduction quotes ("……的，依照第一款规定处理" after the
    first paragraph itself was chosen). A list's lead-in ("不得有下列行为：") is always shown before its item."""
    if intro.rstrip().endswith(("：", ":")):
        return False
    core = _core(intro)
    return bool(core) and core in "".join(said)


def _unsaid(text: str, said: list[str], tuning: AnswerTuning) -> str:
    """``text`` without the sentences the answer already holds (``said`` grows with the ones kept)."""
    kept = []
    for sentence in split_sentences(text, tuning):
        if any(similarity(sentence.text, other) >= tuning.duplicate_similarity for other in said):
            continue
        said.append(sentence.text)
        kept.append(sentence.text)
    return "".join(kept)


def _elaboration(text: str, passage: str, start: int, tail: str, tuning: AnswerTuning) -> str:
    """The rest of the paragraph after a short topic sentence (whole sentences, up to a length)."""
    opens_paragraph = start == 0 or passage[:start].rstrip(" 　").endswith("\n")
    if len(text) > tuning.topic_sentence_chars or not text.endswith("。") or not opens_paragraph:
        return ""
    paragraph = tail.split("\n", 1)[0]
    kept = ""
    for sentence in split_sentences(paragraph, tuning):
        if len(text) + len(kept) + len(sentence.text) > tuning.elaboration_chars:
            break
        kept += sentence.text
    return kept


def _quote_holder(question: str, hits: list[Hit], answered: set[int]) -> int | None:
    """The rank of the one passage among ``hits`` holding wording the question quotes ("讲“突出强化担当保落实”，
    具体是怎么……" names the part that says it), before any heading the question's other words resemble; None
    when it quotes nothing, or the wording stands in no passage or in several (a term such as “三会一课”)."""
    quoted = [index_form(q) for q in QUOTED_TERM.findall(question)]
    holders = [r for r, h in enumerate(hits) if quoted and any(q in index_form(h.chunk.text) for q in quoted)]
    return holders[0] if len(holders) == 1 and holders[0] in answered else None


def _run_in_named(question: str, hits: list[Hit], answered: set[int],
                  tuning: AnswerTuning) -> tuple[int, tuple[int, int]] | None:
    """The one passage among ``hits`` with a paragraph whose run-in heading the question names, and where that
    paragraph stands in it: a paper without headings opens its paragraphs with a short sentence naming their
    point ("思想上融合不到位。部分基层单位……"). None when no passage or several have such a paragraph, and for
    the articles of a regulation."""
    asked = index_form(question)
    found: list[tuple[int, tuple[int, int]]] = []
    for rank, hit in enumerate(hits):
        if hit.chunk.article is not None:
            continue  # an article's paragraphs are provisions, each opening with what it provides
        text, at = hit.chunk.text, 0
        for line in text.split("\n"):
            opening = line.strip().split("。", 1)
            heading = index_form(opening[0]).strip()
            if (len(opening) == 2 and opening[1].strip() and tuning.run_in_heading_min_chars <= len(heading) <= tuning.heading_line_chars
                    and heading in asked and rank in answered):
                found.append((rank, (at, at + len(line))))
                break
            at += len(line) + 1
    return found[0] if len(found) == 1 else None


def _heading_named(question: str, hit: Hit, tuning: AnswerTuning) -> bool:
    """Whether the question names the heading of the hit's section ("组织与人员融合" → "（二）坚持组织与人员融合"),
    or a numbered heading inside the passage (small sections are merged into one passage: "3.服务机制缺乏
    健全性。" in the middle of the passage that opens with "2.服务体系缺乏系统性。")."""
    lines = [line.strip() for line in hit.chunk.text.strip().split("\n")]
    section = hit.chunk.section.split(" › ")[-1] if hit.chunk.section else ""
    labels = [section] if section and not _STRUCTURE_HEADING.match(section) else []
    if len(lines[0]) <= tuning.heading_line_chars and not _STRUCTURE_HEADING.match(lines[0]):
        labels.append(lines[0])  # a chapter's heading printed before its first article is no section either
    # a short labelled line names a part, except a regulation's catch-all item ("（三）其他违反会议活动管理规定行为"),
    # which restates what the whole article is about
    labels.extend(line for line in lines[1:] if len(line) <= tuning.heading_line_chars and LIST_ITEM_LABEL.match(line)
                  and not LIST_ITEM_LABEL.sub("", line).lstrip().startswith("其他"))
    share = tuning.named_heading_share
    return any(label_share(label, question, min_pairs=tuning.heading_min_pairs) >= share
               and label_share(label, hit.document.title) < share  # the title is no section
               for label in labels)


def _best_within(hits: list[Hit], named: int, scored: list[ScoredSentence]) -> int:
    """The passage holding the best sentence within the section whose heading the question names: the passage of
    a subsection ("一.2." under "一.当前服务型党组织建设现状", "一.2.～二." when small sections were merged) is part
    of the section too, and may answer what is asked of the section more closely ("在盘点建设现状时，说服务体系
    这一块存在什么不足？")."""
    section = hits[named].chunk
    if section.article is not None or not section.section:
        return named
    within = {named} | {r for r, h in enumerate(hits) if h.chunk.doc_id == section.doc_id and h.chunk.article is None
                        and len(h.chunk.locator) > len(section.locator) and h.chunk.locator.startswith(section.locator)}
    return next((s.rank for s in scored if s.rank in within), named)


def _defined_term(sentence: str) -> str | None:
    """The term a sentence defines ("从重处分，是指…", "本条例所称主动交代，是指…"); None when it defines none."""
    m = _DEFINITION.match(index_form(sentence))
    return m.group(1) if m else None


def _names_term(question: str, term: str) -> bool:
    """Whether the question names the term, also with the head noun it shares with another term left out
    ("从重处分跟加重…" names 加重处分)."""
    return term in question or (len(term) >= 4 and term[:-2] in question and term[-2:] in question)


def _defining(question: str, scored: list[ScoredSentence], hits: list[Hit]) -> list[ScoredSentence]:
    """For a question whose last clause asks what named terms are ("…从重处分呢？跟加重是一回事吗？"), the best
    sentence defining each of them (best first). A definition asked in an earlier clause is context (a follow-up
    joined to "…是什么意思，" asks something else)."""
    if ask_type(final_clause(question)) != "definition":
        return []
    plain = index_form(question)
    found: dict[str, ScoredSentence] = {}
    for s in scored:
        term = _defined_term(s.text)
        if not term or not _names_term(plain, term):
            continue
        # a superseded version's definition only when no version in force defines the term
        if term not in found or (_superseded(hits[found[term].rank]) and not _superseded(hits[s.rank])):
            found[term] = s
    return sorted(found.values(), key=lambda s: -s.score)


def _superseded(hit: Hit) -> bool:
    return hit.document.meta.status == "superseded"


def _lead(scored: list[ScoredSentence], everyday_coverage: float) -> int:
    """The passage the answer is composed from: that of the best sentence, or, when the question is worded
    in everyday language (no sentence covers its words: "请假不去开会行不行"), that of the sentence closest
    to it in meaning, since the ranking then rests on words the documents do not use."""
    if max(s.coverage for s in scored) < everyday_coverage:
        return max(scored, key=lambda s: s.semantic).rank
    return scored[0].rank


def compose_sentences(question: str, result: SearchResult, scored: list[ScoredSentence],
                      tuning: AnswerTuning) -> Composition:
    """Numbered measures for how-questions, the best defining sentences otherwise, from the sentences of
    the hits scored against the question (best first)."""
    how = is_how_question(question)
    hits = result.hits
    if not scored:
        return Composition("", [], "empty")
    answered = {s.rank for s in scored}
    named = _quote_holder(question, hits[: tuning.named_heading_hits], answered)
    if named is None:
        named = next((r for r, h in enumerate(hits[: tuning.named_heading_hits])
                      if r in answered and _heading_named(question, h, tuning)), None)
        if named is not None:
            named = _best_within(hits, named, scored)
    if named is None and (run_in := _run_in_named(question, hits[: tuning.named_heading_hits], answered, tuning)):
        # the question names the run-in heading of a paragraph ("思想上融合不到位。部分基层单位……"): its sentences
        # answer, not the rest of the passage
        named, (start, end) = run_in
        scored = [s for s in scored if s.rank != named or start <= s.sentence.start < end]
    lead = _lead(scored, tuning.everyday_wording_coverage) if named is None else named
    if how:
        if named is not None:  # the question names a passage's section: only its measures
            close = {named}
        elif lead != 0:  # a lower passage answers best: its measures alone
            close = {lead}
        else:
            close = {r for r, h in enumerate(hits[: tuning.how_passages]) if h.score >= hits[0].score * tuning.how_close}
        in_close = [s for s in scored if s.rank in close]  # best first, never empty: the lead is in it
        best = in_close[0].score
        lead_doc, lead_coverage = hits[lead].chunk.doc_id, max(s.coverage for s in scored if s.rank == lead)
        candidates = [s for s in in_close if s.score >= best * tuning.how_floor
                      and (hits[s.rank].chunk.doc_id == lead_doc or s.coverage >= lead_coverage * tuning.other_document)]
    elif defining := _defining(question, scored, hits):
        candidates = defining  # "从重处分跟加重是一回事吗？": each named term's definition, wherever it stands
    else:
        best = max(s.score for s in scored if s.rank == lead)
        candidates = [s for s in scored if s.score >= best * tuning.what_floor and s.rank == lead]
    items = _group(candidates, hits, tuning.how_items if how else tuning.what_items, tuning.duplicate_similarity)
    chosen: list[_Item] = []
    used = 0
    for item in items:
        if chosen and used + len(item.best.text) > tuning.answer_max_chars:
            continue
        chosen.append(item)
        used += len(item.best.text)
    chosen.sort(key=lambda it: (it.best.rank, it.best.sentence.start))  # quoted in the passage's order
    book = CitationBook()
    lines: list[str] = []
    said: list[str] = []
    for intro, members in _by_list(chosen, hits, result.catalogue, tuning):
        texts = [_with_list(it.best, hits, tuning) for it in members]
        if intro is not None and not any(_states(intro, it.best.text) for it in members) \
                and not _already_said(intro, said):
            texts[0] = intro + texts[0]  # an item shows what it is an item of, unless the answer just said it
        if not how:  # one list, one sentence; a how-answer numbers every measure
            cited = list(dict.fromkeys(h for it in members for h in it.hits))
            texts, members = ["".join(texts)], [_Item(members[0].best, cited)]
        for text, it in zip(texts, members):
            fresh = _unsaid(text, said, tuning)
            if fresh:
                lines.append(_finish(fresh, book.marks(it.hits, it.best.text)))
    if how and len(lines) > 1:
        text = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    else:
        text = "".join(lines)
    return Composition(text, book.citations, "how" if how else "what", [it.best for it in chosen])


def _introduction(scored: ScoredSentence, hits: list[Hit], catalogue: Catalogue, tuning: AnswerTuning) -> str | None:
    """What a chosen sentence depends on: the lead-in of a list item ("…有下列行为之一的，…：" before "（三）…"),
    looked for in its passage and, when the list began in an earlier passage of the same article, in the whole
    article; or the clauses a graded consequence continues ("…处分；" before "情节较重的，…"); else None."""
    hit = hits[scored.rank]
    if not is_list_item(scored.text):
        return continued(hit.chunk.text, scored.sentence.start, tuning.item_lead_in_chars)
    return item_lead_in(hit.chunk, scored.sentence.start, catalogue, tuning.item_lead_in_chars)


def _by_list(chosen: list[_Item], hits: list[Hit], catalogue: Catalogue,
             tuning: AnswerTuning) -> list[tuple[str | None, list[_Item]]]:
    """The chosen sentences with the lead-in of the list each one is an item of: items of one list (and the
    lead-in itself, when it was chosen too) stay together in the document's order, at the place of the first."""
    groups: list[tuple[tuple[str, str], str | None, list[_Item]]] = []
    for it in chosen:
        doc = hits[it.best.rank].chunk.doc_id
        intro = _introduction(it.best, hits, catalogue, tuning)
        key = (doc, intro) if intro is not None else (doc, it.best.text.strip())
        group = next((g for g in groups if g[0] == key), None)
        if group is None:
            groups.append((key, intro, [it]))
        else:
            group[2].append(it)
            group[2].sort(key=lambda member: member.best.sentence.start)
    return [(intro, members) for _, intro, members in groups]


def _first_sentence(text: str, tuning: AnswerTuning) -> str:
    sentences = split_sentences(text, tuning)
    return sentences[0].text if sentences else text[:80]


def _article_block(hit: Hit, catalogue: Catalogue, hits: list[Hit], book: CitationBook, tuning: AnswerTuning,
                   label: str = "") -> str:
    doc = hit.document
    chunks = (catalogue.article(doc.doc_id, hit.chunk.article) if hit.chunk.article is not None else []) or [hit.chunk]
    parts = passage_hits(sorted(chunks, key=lambda c: c.start), doc, hits, "article")
    body = article_text([p.chunk for p in parts])
    marks = "".join(f"[{book.cite(p, _first_sentence(article_text([p.chunk]), tuning))}]" for p in parts)
    section = f"（{hit.chunk.section}）" if hit.chunk.section else ""
    return f"{label}《{doc.title}》{hit.chunk.locator}{section}：\n{body}{marks}"


def _article_item(question: str, hit: Hit, catalogue: Catalogue, hits: list[Hit], book: CitationBook,
                  tuning: AnswerTuning) -> str | None:
    """One item of the named article's list, asked by its ordinal after the article ("党章第三十六条第五项是怎么写的？")
    or by what it is about ("党章第三十二条，在人才这方面……", "主体责任规定第七条，讲民主集中制的那一项……"): the list's
    lead-in and that item, cited from the passage holding it; None when the question asks no item, the article lists
    fewer, or no one item is clearly about the topic."""
    ref = ARTICLE_REF.search(question)
    asked = ITEM_ASKED.search(question, ref.end()) if ref else None
    number = cn_to_int(asked.group(1)) if asked else None
    topic = ITEM_TOPIC.search(question, ref.end()) if ref and number is None else None
    if (number is None and topic is None) or hit.chunk.article is None:
        return None
    doc = hit.document
    chunks = sorted(catalogue.article(doc.doc_id, hit.chunk.article) or [hit.chunk], key=lambda c: c.start)
    found = None
    for enumeration in enumerations(article_text(chunks), tuning):
        if topic is not None:
            number = _item_about(enumeration.items, topic.group("aspect") or topic.group("told"),
                                 tuning.item_topic_min_share)
        if number is not None and 0 < number <= len(enumeration.items):
            found = enumeration
            break
    if found is None or number is None:
        return None
    text = found.items[number - 1].text.strip()
    opening = re.split(r"[，,；;。]", text, maxsplit=1)[0]  # the item's label and first clause, in the passage holding it
    holder = next((c for c in chunks if opening in c.text), chunks[0])
    mark = book.cite(passage_hits([holder], doc, hits, "article")[0], text)
    intro = ARTICLE_LABEL.sub("", found.intro).rstrip("：: ")  # the lead-in, without the article's own label
    own = LIST_ITEM_LABEL.match(text)
    label = f"第{asked.group(1)}项" if asked else (own.group().strip() if own else f"第{number}项")  # （五）
    head = f"《{doc.title}》{hit.chunk.locator}{label}" + (f"（“{intro}”）" if intro else "")
    return f"{head}：\n{text}[{mark}]"


def _item_about(items: Sequence[Item], topic: str, min_share: float) -> int | None:
    """The 1-based place of the one item holding at least ``min_share`` of the topic's character pairs, more
    than any other item; None when none does or two tie."""
    norm = index_form(topic)
    pairs = {norm[i:i + 2] for i in range(len(norm) - 1)} or {norm}
    shares = [sum(p in index_form(it.text) for p in pairs) / len(pairs) for it in items]
    best = max(shares, default=0.0)
    if best < min_share or shares.count(best) > 1:
        return None
    return shares.index(best) + 1


def article_hits(result: SearchResult) -> list[Hit]:
    intent = result.intent
    if intent.article is None:
        return []
    return [h for h in result.hits if h.chunk.article == intent.article and (not intent.titles or h.document.title in intent.titles)]


def compose_article(question: str, result: SearchResult, tuning: AnswerTuning) -> Composition | None:
    """The article named by the question (and any other it names in the same document), verbatim with its
    locator; None when no hit is that article."""
    matches = article_hits(result)
    if not matches:
        return None
    book = CitationBook()
    first = matches[0]
    catalogue = result.catalogue
    item = _article_item(question, first, catalogue, result.hits, book, tuning)
    if item is not None:
        return Composition(item, book.citations, "article")
    blocks = [_article_block(first, catalogue, result.hits, book, tuning)]
    # "第三十条和第三十一条分别讲什么？": the other articles the question names, of the same document, in its order
    for number in dict.fromkeys(cn_to_int(m.group(1)) for m in ARTICLE_REF.finditer(question)):
        chunks = catalogue.article(first.document.doc_id, number) if number not in (None, first.chunk.article) else []
        if chunks:
            blocks.append(_article_block(Hit(chunks[0], first.document, 0.0, via="article"), catalogue, result.hits,
                                         book, tuning))
    if first.document.meta.status == "superseded" and _VALIDITY.search(question):
        current = _in_force_article(catalogue, first, tuning)
        if current is not None:
            blocks.append(_article_block(current, catalogue, result.hits, book, tuning, label="现行版本"))
    return Composition("\n\n".join(blocks), book.citations, "article")


def _in_force_article(catalogue: Catalogue, hit: Hit, tuning: AnswerTuning) -> Hit | None:
    """The hit's article in the version in force of its title (its first passage): the article aligned with it,
    which a revision may have renumbered ("旧条例第七十二条" is 第七十九条 now); None when the knowledge base holds
    no version in force or no article there is aligned with it."""
    number = hit.chunk.article
    for doc in catalogue.versions(hit.document.title):
        if doc.meta.status != "in_force" or number is None:
            continue
        mapped = counterpart(catalogue, hit.document, number, doc, tuning.compare_same_provision,
                             tuning.compare_extended_provision)
        chunks = catalogue.article(doc.doc_id, mapped) if mapped is not None else []
        if chunks:
            return Hit(chunks[0], doc, 0.0, via="article")
    return None


def compose_section_list(question: str, result: SearchResult, tuning: AnswerTuning) -> Composition | None:
    """"…规范有哪几条？": every article of the lead passage's labelled section, each verbatim and cited;
    also "…对党员领导干部提了哪些要求？" when the question clearly names a section of the lead passage's
    regulation ("党员领导干部廉洁自律规范"). Only for short articles (codes of conduct such as 廉洁自律准则);
    None when that does not apply."""
    norm = index_form(question)
    which_articles = bool(_WHICH_ARTICLES.search(norm))
    if not result.hits or not (which_articles or _WHICH.search(norm)):
        return None
    lead = result.hits[0]
    if lead.document.meta.kind != "regulation":
        return None
    doc_chunks = [c for c in result.catalogue.chunks_of(lead.chunk.doc_id) if c.article is not None]
    sections = {c.section for c in doc_chunks if c.section}
    named = _named_section(question, sections, tuning.section_named_share)
    if not which_articles and named is None:
        return None  # "哪些…" lists a section only when the question clearly names it
    in_lead = lead.chunk.section if which_articles and lead.chunk.article is not None else None
    section = named or in_lead
    if not section:
        return None
    members = sorted((c for c in doc_chunks if c.section == section), key=lambda c: (c.article, c.start))
    said = index_form("".join(c.text for c in members))
    if any(index_form(term) not in said for term in QUOTED_TERM.findall(question)):
        return None  # the question quotes a word ("提出了哪些“必须”") the section never says
    articles = list(dict.fromkeys(c.article for c in members))
    if not 2 <= len(articles) <= tuning.section_max_articles:
        return None
    book = CitationBook()
    lines: list[str] = []
    for number in articles:
        chunks = [c for c in members if c.article == number]
        body = article_text(chunks)
        hits = passage_hits(chunks, lead.document, result.hits, "section")
        lines.append(body + "".join(f"[{book.cite(h, _first_sentence(article_text([h.chunk]), tuning))}]" for h in hits))
    text = "\n".join(lines)
    if len(text) > tuning.answer_max_chars:
        return None
    head = f"《{lead.document.title}》“{section.split(' › ')[-1]}”共 {len(articles)} 条：\n"
    return Composition(head + text, book.citations, "section")


def _named_section(question: str, sections: set[str], min_share: float) -> str | None:
    """The section whose label the question names most precisely, when it is clearly named (more than
    ``min_share`` of the label's character pairs found in the question)."""
    best, best_share = None, min_share
    for section in sorted(sections, key=len, reverse=True):
        share = label_share(section.split(" › ")[-1], question)
        if share > best_share:
            best, best_share = section, share
    return best


def sentence_in_context(scored: ScoredSentence, hits: list[Hit], tuning: AnswerTuning) -> str:
    """A chosen sentence as an answer quotes it: a lead-in with the list items that follow it, a short topic
    sentence with the rest of its paragraph (used by the trainer workbench)."""
    return _with_list(scored, hits, tuning)
