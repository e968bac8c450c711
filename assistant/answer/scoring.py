"""Scoring the sentences of retrieved passages against a question (IDF-weighted token overlap + passage rank)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from assistant.answer.asktype import AskType, ask_type, holds
from assistant.answer.leadins import item_lead_in, leading_line
from assistant.answer.sentences import Sentence, split_sentences
from assistant.catalogue import Catalogue
from assistant.models import Hit
from assistant.patterns import ARTICLE_MENTION, LIST_ITEM_LABEL
from assistant.sentvec import SentenceVectors
from assistant.textnorm import alternative_readings, index_form
from assistant.tokenize import Tokenizer
from assistant.tuning import AnswerTuning

_QUESTION_WORD = re.compile(
    r"^(?:\w|多长|长时间|多长时间|时间|多久|多少|几\w?|哪\w*|什么\w*|怎么\w*|现在|规定|内容|包括|包含|条规定|具体|年版|是从|以后|之内|才能|不能|能不能|算不算|不算|有何|相比|文章|一文|认为|指出|提出|提到|谈到|介绍|现行|最新)$"
)
# first characters of the pronouns an asker points with (这种, 那个, 我们, 咱们, 他们): words no provision says
_POINTING_FIRST = frozenset("这那我你您他她它咱俺")
# Journal debris: postcodes, abstract/keyword labels, classification numbers, and author biographies
# ("王世杰(1971-)男，本科，……联系电话：…")
_METADATA = re.compile(r"\d{6}|\[摘要\]|关键词|關鍵詞|中图分类号|文献标识码|DOI|网络出版|作者简介"
                       r"|[（(](?:19|20)\d{2}\s*[-—–～~]\s*[）)]|联系电话|E-?mail|电子邮箱")
_CLAUSE_PUNCT = re.compile(r"[，。；、：,;:！？]")
_LABEL = re.compile(r"^[一二三四五六七八九十]+是[^，,]{0,14}[。；]?$")  # "三是开展“主题活动”。"
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+是[^，,]{0,14}[。；]?$|第[一二三四五六七八九十百零]+[编章节]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十]+[）)])\S{0,24}$")
# The adoption line under a regulation's title: "（2003年12月23日中共中央政治局会议审议批准 … 2023年12月19日中共中央发布）"
_ADOPTION = re.compile(r"[（(][^（）()]*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[^（）()]*(?:通过|发布|批准|修订|修改|印发)[^（）()]*[）)]")

# "X是/指/包括…", and "X（甲、乙、丙）": a term followed by the enumeration of what it stands for
_DEFINES = "[”’\"」』]?(?:是|指|包括|分为|即|主要有|[（(][^（）()]{1,30}、)"


def defines(weights: dict[str, float], text: str) -> bool:
    """Whether the sentence defines one of the question's words ("“三会”指…", "X是…", "X包括…")."""
    norm = index_form(text)
    return any(len(t) >= 2 and re.search(re.escape(t) + _DEFINES, norm) for t in weights)


def _provision(hit: Hit) -> tuple[str, str]:
    """The provision a passage belongs to: an article split into several passages is one provision, scored as its
    best passage; a section of guidelines or an essay is no single provision, its passages count on their own."""
    locator = hit.chunk.locator
    return hit.document.doc_id, locator if ARTICLE_MENTION.fullmatch(locator) else hit.chunk.chunk_id


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence of the hit at ``rank`` with its coverage of the question and overall score."""

    sentence: Sentence
    rank: int
    coverage: float
    score: float
    semantic: float = 0.0  # the semantic signal (closeness in meaning to the question, 0..1 among the candidates)

    @property
    def text(self) -> str:
        return self.sentence.text


_ITEM_END = tuple("。；;")  # how a regulation's list item ends: "（三）对党的工作提出建议和倡议。", "（四）留党察看；"


def usable(text: str, tuning: AnswerTuning, provisions: bool = False) -> bool:
    """False for headings, titles, author lines and other debris that cannot answer anything. In a regulation
    (``provisions``) a short labelled item ending its sentence ("（三）对党的工作提出建议和倡议。") is a provision:
    regulations never end a heading with 。 or ；, while an article may ("3.服务党员，有平台。")."""
    if len(text) < tuning.sentence_min_chars or _METADATA.search(text):
        return False
    if _HEADING.match(text) and not (provisions and _is_item(text)):
        return False
    adoption = _ADOPTION.search(text)
    if adoption and 2 * (adoption.end() - adoption.start()) > len(text):  # a version header, not a provision
        return False
    return bool(_CLAUSE_PUNCT.search(text)) or len(text) >= tuning.sentence_clause_free_chars


def _is_item(text: str) -> bool:
    """A labelled list item ending its sentence, not a measure's name ("三是开展“主题活动”。", read with what follows)."""
    return text.endswith(_ITEM_END) and bool(LIST_ITEM_LABEL.match(text)) and not _LABEL.match(text)


def measures(text: str, tuning: AnswerTuning) -> list[Sentence]:
    """Sentences of a passage; a short enumeration label ("三是开展“主题活动”。") is joined to the
    sentence that follows it, so the measure keeps its name and the name is never an answer alone."""
    sentences = split_sentences(text, tuning)
    out: list[Sentence] = []
    i = 0
    while i < len(sentences):
        s = sentences[i]
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        if nxt is not None and _LABEL.match(s.text) and usable(nxt.text, tuning) and not _LABEL.match(nxt.text):
            out.append(Sentence(text[s.start : nxt.end], s.start, nxt.end))
            i += 2
            continue
        out.append(s)
        i += 1
    return out


@dataclass(frozen=True)
class Signals:
    """The general signals a sentence is scored by (none depends on particular questions)."""

    sentence: Sentence
    rank: int
    coverage: float  # IDF-weighted share of the question's words in the sentence
    semantic: float  # cosine similarity of sentence and question, min-max scaled over the question's candidates
    retrieval: float  # the best score of the passage's provision (an article: any of its passages) / the top one
    rank_share: float  # 1 / (rank + 1), rank of the provision's first passage
    type_match: float  # 1 when the sentence holds the kind of answer asked for
    definition: float  # 1 when the sentence defines a word of the question

    def vector(self) -> list[float]:
        return [self.coverage, self.semantic, self.retrieval, self.rank_share, self.type_match, self.definition]


class IdfTable:
    """Inverse document frequencies of tokens over the passages of one catalogue."""

    def __init__(self, catalogue: Catalogue, tokenizer: Tokenizer) -> None:
        self.signature = catalogue.signature
        self._n = len(catalogue.chunks)
        self._df: dict[str, int] = {}
        for chunk in catalogue.chunks:
            # the text alone (tokens stored at ingestion): the title prefix of norm would flatten IDF
            for token in set(chunk.tokens.split() if chunk.tokens is not None else tokenizer.tokens(chunk.text)):
                self._df[token] = self._df.get(token, 0) + 1

    def idf(self, token: str) -> float:
        return math.log((self._n + 1) / (self._df.get(token, 0) + 0.5))


class SentenceScorer:
    """Scores sentences by the IDF-weighted share of the question's tokens they contain."""

    def __init__(self, tokenizer: Tokenizer, idf: IdfTable, tuning: AnswerTuning | None = None,
                 vectors: SentenceVectors | None = None, mentioned: Callable[[str], bool] | None = None) -> None:
        self._tokenizer = tokenizer
        self._idf = idf
        self._tuning = tuning or AnswerTuning()
        self._vectors = vectors
        self._mentioned = mentioned  # whether the knowledge base's text says a word anywhere

    @property
    def tuning(self) -> AnswerTuning:
        """The tuned numbers this scorer (and the composers sharing it) work with."""
        return self._tuning

    def parts(self, question: str) -> dict[str, list[str]]:
        """The question's whole content words, each with the shorter tokens found inside it. Search-mode
        tokenisation also yields the parts of a long word ("卷烟厂" → "卷烟", "烟厂"); only the whole word
        is weighted, so that no word counts thrice, and its parts earn half its weight."""
        tokens = list(dict.fromkeys(t for t in self._tokenizer.tokens(question) if not _QUESTION_WORD.search(t)))
        return {t: [p for p in tokens if p != t and p in t] for t in tokens if not any(t != o and t in o for o in tokens)}

    def coverage(self, weights: dict[str, float], text: str, context: str = "",
                 parts: dict[str, list[str]] | None = None) -> float:
        """Weighted share of question words in ``text``. A word found in ``context`` (the document's title,
        organisation), or only a part of it in the text ("创新" for "创新型"), counts half, so that among
        sentences those that say the words themselves win."""
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        own, around = index_form(f"{text} {alternative_readings(text)}"), index_form(context)
        score = 0.0
        for t, w in weights.items():
            if t in own:
                score += w
            elif t in around or any(p in own for p in (parts or {}).get(t, ())):
                score += w * self._tuning.context_share
        return score / total

    def weights(self, question: str) -> dict[str, float]:
        """The question's whole content words with their IDF weights."""
        return {t: self._idf.idf(t) for t in self.parts(question)}

    def says(self, word: str) -> bool:
        """Whether the knowledge base's text says the word anywhere (True when the scorer was given no such text)."""
        return self._mentioned is None or self._mentioned(word)

    def coverable_share(self, question: str) -> float:
        """The weighted share of the question's words that the knowledge base says somewhere, i.e. the most of
        the question any sentence can cover (1.0 when it has no words, none the knowledge base says, or the
        scorer was given no knowledge-base text). Everyday words and run-together particles ("那段", "好能",
        "往后") lower it, and so do pronouns and conjunctions ("我们", "这种", "要是"), which say what the asker
        points at, not what a provision says: a threshold on coverage is scaled by it."""
        if self._mentioned is None:
            return 1.0
        weights = self.weights(question)
        total = sum(weights.values())
        coverable = sum(w for t, w in weights.items()
                        if self._mentioned(t) and not self._points(t))
        return coverable / total if total > 0 and coverable > 0 else 1.0

    def _points(self, word: str) -> bool:
        """Whether the word is a pronoun or conjunction the asker points with ("我们", "这种", "要是"); a pronoun
        counting periods ("每月", "每年") says what a provision says."""
        tag = self._tokenizer.dictionary_tag(word)
        return tag == "c" or (tag == "r" and word[0] in _POINTING_FIRST)

    def signals(self, question: str, hits: list[Hit], query_vector: np.ndarray | None = None,
                catalogue: Catalogue | None = None) -> list[Signals]:
        """Every usable sentence of the hits with the signals its score is made of. A list item is read with its
        lead-in ("党的各级领导干部……必须具备以下的基本条件：" for "（六）坚持和维护党的民主集中制……"), found in
        the whole article through ``catalogue`` when the list began in an earlier passage: the lead-in's words
        count as the item's context, and what it holds (a prohibition, a sanction) the item holds."""
        parts = self.parts(question)
        weights = {t: self._idf.idf(t) for t in parts}
        kind = ask_type(question)
        top = max((h.score for h in hits), default=0.0)
        unit: dict[tuple[str, str], tuple[float, int]] = {}  # a provision's best retrieval score and first rank
        for rank, hit in enumerate(hits):
            key = _provision(hit)
            best = unit.get(key)
            unit[key] = (max(best[0], hit.score), best[1]) if best else (hit.score, rank)
        found: list[tuple[Sentence, int, float, float, float, float, float]] = []
        for rank, hit in enumerate(hits):
            meta = hit.document.meta
            score, first = unit[_provision(hit)]
            context = " ".join(x for x in (meta.title, meta.org, meta.author) if x)
            for sentence in measures(hit.chunk.text, self._tuning):
                if not usable(sentence.text, self._tuning, meta.kind == "regulation"):
                    continue
                # a list item holds what its lead-in says of it ("不得有下列行为：" before "（二）将国有资产…"), and so
                # does a sentence of the lead-in's line ("……依据有关规定进行职务消费。" before "不得有下列行为："); the
                # lead-in is looked for only when the sentence itself holds nothing
                lead = item_lead_in(hit.chunk, sentence.start, catalogue, self._tuning.item_lead_in_chars)
                typed = holds(kind, sentence.text) or self._lead_in_holds(kind, hit.chunk.text, sentence.start, lead)
                found.append((sentence, rank, self.coverage(weights, sentence.text, f"{context} {lead or ''}", parts),
                              score / top if top > 0 else 0.0, 1.0 / (first + 1),
                              1.0 if typed else 0.0,
                              1.0 if defines(weights, sentence.text) else 0.0))
        semantic = [0.0] * len(found)
        if query_vector is not None and self._vectors is not None and found:
            cosines = self._vectors.similarities(query_vector, [f[0].text for f in found])
            low, high = min(cosines), max(cosines)  # e5 cosines are compressed: the spread among candidates counts
            semantic = [(c - low) / (high - low) if high > low else 1.0 for c in cosines]
        return [Signals(f[0], f[1], f[2], sem, f[3], f[4], f[5], f[6]) for f, sem in zip(found, semantic)]

    def _lead_in_holds(self, kind: AskType, text: str, start: int, opening: str | None) -> bool:
        if opening is None:
            opening = leading_line(text, start, self._tuning.item_lead_in_chars)
        return opening is not None and holds(kind, opening)

    def score_hits(self, question: str, hits: list[Hit], query_vector: np.ndarray | None = None,
                   catalogue: Catalogue | None = None) -> list[ScoredSentence]:
        """Every usable sentence of the hits, best first, scored by the weighted signals (see ``signals``)."""
        w = self._tuning
        weights = (w.w_coverage, w.w_semantic, w.w_retrieval, w.w_rank, w.w_type, w.w_definition)
        scored = [ScoredSentence(s.sentence, s.rank, s.coverage,
                                 1.0 / (1.0 + math.exp(-(w.w_bias + sum(a * b for a, b in zip(weights, s.vector()))))),
                                 s.semantic)
                  for s in self.signals(question, hits, query_vector, catalogue)]
        scored.sort(key=lambda s: -s.score)
        return scored
