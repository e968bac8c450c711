"""What a question names (documents, quoted terms, organisations), and whether the knowledge base or the cited
text mentions it.

A named thing counts as missing only by evidence: no passage of the knowledge base mentions it (it is
absent), or the passages an answer cites do not mention it (the answer would be about something else).
Its shape (《…》, "…规定", "…细则", "…油田") only makes it a candidate, never missing by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from assistant.answer.asktype import asked_part
from assistant.answer.citations import label_share
from assistant.answer.names import named_regulations, typed_document_names
from assistant.answer.organisations import OrganisationFinder
from assistant.answer.persons import PersonFinder
from assistant.catalogue import Catalogue
from assistant.lexicon import load_lexicon
from assistant.models import Citation, Hit
from assistant.patterns import BOOK_TITLE, PROVISION_MENTION, QUOTED_TERM, SENTENCE_STOPS, TRIAL_SUFFIX, VERSION_WITHOUT_YEAR
from assistant.query import aliases
from assistant.question import has_words
from assistant.textnorm import cn_to_int, index_form
from assistant.tokenize import Tokenizer

# a numbered abbreviation (数字缩略语): a count and the head its items share (“四化”, “三个圈”, “四个意识”)
_NUMBERED_ABBREVIATION = re.compile(r"^([二两三四五六七八九十])个?([\u4e00-\u9fff]{1,2})$")
# what parts the clauses of a slogan (“谁授权、谁监督”, “有令不行，有禁不止”)
_SLOGAN_BREAK = re.compile(r"[、，,]")
# particles of a clause, never inside a term a document names: a quotation holding one is the asker's wording
_CLAUSE_PARTICLE = re.compile(r"[了但却吗呢]")
# a quotation of what someone said ("他还在外面说“各家顾各家”"): words spoken, no term a document names
_SPOKEN = re.compile(r"(?:说|讲|称|喊|嚷|表示|回答|答复)(?:什么|过|着|了)?[：:，,]?\s*$")
# words addressed to someone ("常把“你们都是我带出来的人”挂在嘴边"): a term a document names never says 你, 您, 咱 or 俺
_ADDRESSED = re.compile(r"[你您咱俺]")
# a sentence reporting what someone grumbled or doubted, after the verb and a colon ("现在有人嘀咕：这届县委……是不是成了
# “超期服役”？"): a word quoted in it is theirs, not a term the knowledge base must mention (a question relayed, "有人问：
# “意识”有几个？", still asks of its term)
_REPORTED = re.compile(r"(?:嘀咕|议论|抱怨|埋怨|质疑|发牢骚|嚷嚷)[：:]")
# "所谓的“联盟”": the asker's own label, held at a distance, for something a document would not name so; and a
# nickname people give someone in the story ("大家背后都叫他“太平官”", "外号“老好人”")
_SO_CALLED = re.compile(r"(?:所谓的?|(?:叫|称|喊|称呼)(?:他|她|他们|她们|我|我们|人家)(?:为|是|作|做)?|外号(?:叫|是)?|绰号(?:叫|是)?|人称)\s*$")
# an asking clause about the conduct or claim told before it ("这样行吗？", "这种做法怎么定性？", "这违反…吗？",
# "这个说法站得住吗？"): a word quoted in that story is the asker's everyday label for the conduct ("一笔“返点”",
# "帮他“代炒股”"), not the subject, and a person in it is someone the story tells of
_ASKS_ABOUT_CONDUCT = re.compile(r"这样|这么|这个说法|这种说法|这话|这种(?:做法|行为|事|情况)|这类(?:做法|行为|事)|这事|这也|这算|这违|这合|这在|这属")
# a sentence of the story, told before the question ("塞了一本“私教体验券”，说以后常来。"): it ends in no ？
_SENTENCE_END = re.compile(f"[{SENTENCE_STOPS}]")
# an asking part about a document's rule ("现行条例这一条改了没有？", "党纪上怎么处理？") or about which version or
# article a rule stands in ("这是照哪一版写的？现在应该引第几条？"): a word quoted in the story before it is the
# asker's wording of the case or of what they read, not what is asked about
_ASKS_OF_A_RULE = re.compile(r"条例|准则|规定|党章|章程|党纪|纪律|处分|哪一?版|第几条|哪一?条")
# an asking part that points back at what the story told ("我们单位党建和生产经营老是“两张皮”。……那家厂在这方面是
# 怎么安排的？", "对此有什么办法？"): a word quoted in the story may be the asker's label for their problem, which the
# passages answering it need not use, or the thing itself ("我们在学“两学一做”。这方面要学哪些内容？"); either way
# the knowledge base must know the word
_REFERS_TO_STORY = re.compile(r"这(?:方面|一方面|一块|一点|个问题|些问题|种现象|个现象|种问题)|对此|就此")
_PARTY = "中国共产党"


@dataclass(frozen=True)
class Subject:
    """A thing the question names: a document (《…》, a regulation-shaped name, a short name), a quoted term,
    an organisation or a person.

    ``in_passages`` says whether the passages an answer uses must mention it too, or only the knowledge base:
    a name with an everyday ending (…决定, …方案) may be an ordinary phrase the passages word differently
    (党中央重要决定), and an organisation or a person is named by an article's byline and title, not in each of
    its passages (南宁供电局's article says 我局). They are missing only when no passage of the knowledge base
    mentions them.
    """

    name: str
    kind: Literal["document", "term", "organisation", "person"]
    keys: tuple[str, ...]  # index forms any of which, found in a text, means the text mentions it
    in_passages: bool = True
    spelled_out: re.Pattern[str] | None = None  # a text listing what a numbered abbreviation stands for mentions it

    def said_in(self, text: str) -> bool:
        """Whether ``text`` (an index form) mentions it: one of its keys, or the items it abbreviates."""
        return any(k in text for k in self.keys) or bool(self.spelled_out and self.spelled_out.search(text))

    @property
    def display(self) -> str:
        return f"《{self.name}》" if self.kind == "document" else f"“{self.name}”"


def spelled_out(term: str) -> re.Pattern[str] | None:
    """For a numbered abbreviation (“四化”, “三个圈”, “四讲”), the pattern of a list of that many coordinated items
    ending in its head (革命化、年轻化、知识化、专业化; 社交圈、生活圈、朋友圈) or opening with it (讲修养、讲道德、
    讲诚信、讲廉耻): the documents spell such abbreviations out rather than write them. For a slogan of parallel
    clauses (“谁授权、谁监督”), its clauses' words in one sentence, in order ("授权者要负责监督"): the documents
    state the principle a slogan sums up. None for any other term."""
    clauses = [c.lstrip("谁") for c in _SLOGAN_BREAK.split(term)]
    if len(clauses) >= 2 and all(len(c) >= 2 for c in clauses):
        return re.compile(f"[^{SENTENCE_STOPS}\n]*?".join(re.escape(c) for c in clauses))
    m = _NUMBERED_ABBREVIATION.match(term)
    count = cn_to_int(m.group(1)) if m else None
    if not m or not count or count < 2:
        return None
    head = re.escape(m.group(2))
    # the shared character ends each item (革命化) or opens it (“四讲”: 讲修养、讲道德、讲诚信、讲廉耻)
    items = [rf"[\u4e00-\u9fff]{{1,8}}?{head}", rf"{head}[\u4e00-\u9fff]{{1,8}}?"]
    return re.compile("|".join(rf"(?:{item}[、，,和与及]){{{count - 1}}}{item}" for item in items))


def _document_keys(name: str) -> tuple[str, ...]:
    norm = index_form(name)
    bare = TRIAL_SUFFIX.sub("", norm)
    keys = {norm, bare, bare.removeprefix(_PARTY)}
    full = aliases().get(name)
    if full:
        keys |= {index_form(full), index_form(full).removeprefix(_PARTY)}
    return tuple(k for k in keys if len(k) >= 2)


def named_subjects(question: str, max_term_chars: int, tokenizer: Tokenizer | None = None) -> list[Subject]:
    """Documents, quoted terms and (with a ``tokenizer``) organisations and persons the question names,
    documents first.
    A quoted everyday word (assistant/data/colloquial_terms.tsv) is also mentioned by its formal words. A
    quotation longer than ``max_term_chars`` quotes wording ("“在扶贫领域……从重处分”这一规定"), and one holding
    a clause's particles (了, 但, 却, 吗, 呢) quotes the asker's own description ("“批了但超期不归”的情况"), and
    one citing a provision quotes a citation ("写着“依据《纪律处分条例》第九十八条”"): none names a term. Nor do
    words someone is reported to have said (说“各家顾各家”), nor the asker's so-called label (所谓的“联盟”), nor a
    word quoted in a story the question then asks about as conduct (谈下来一笔“返点”……这种做法怎么定性？) or of a
    rule (塞了一本“私教体验券”。……现行条例这一条改了没有？): the question is about what was done. For the same
    reason a person named only in such a story is none (jieba tags 夏令营 as a personal name: "陪孩子参加夏令营。……
    这个说法站得住吗？")."""
    norm = index_form(question)
    found: dict[str, Subject] = {}
    for name in BOOK_TITLE.findall(norm):
        found.setdefault(name, Subject(name, "document", _document_keys(name)))
    rest = BOOK_TITLE.sub("", norm)
    for name in named_regulations(rest):
        if len(name) >= 4 and not any(name in s.name for s in found.values()):
            found.setdefault(name, Subject(name, "document", _document_keys(name)))
    known = [index_form(a) for a in aliases()]
    for name in typed_document_names(rest):  # one with a known short name (…廉洁从业若干规定) is found below
        if not any(k in name for k in known) and not any(name in s.name or s.name in name for s in found.values()):
            found.setdefault(name, Subject(name, "document", _document_keys(name), in_passages=False))
    for alias in sorted(aliases(), key=len, reverse=True):
        key = index_form(alias)
        if key in rest and not any(key in s.name or key in k for s in found.values() for k in s.keys):
            found.setdefault(alias, Subject(alias, "document", _document_keys(alias)))
    asked = asked_part(rest)
    about_conduct = bool(_ASKS_ABOUT_CONDUCT.search(asked))
    of_a_rule = bool(_ASKS_OF_A_RULE.search(asked))
    refers_to_story = bool(_REFERS_TO_STORY.search(asked))
    for m in QUOTED_TERM.finditer(rest):
        term = m.group(1)
        if not has_words(term):  # a quiz blank in quotation marks (坚决反对“（    ）”) names nothing
            continue
        in_story = _in_story(rest, m.end())
        before = rest[: m.start()]
        told_of = (about_conduct or (in_story and of_a_rule)) and term not in asked
        if told_of or _someone_elses(term, before):
            continue
        if _names_a_version(term, found):
            continue  # “现行党章”: a version of a document already named, no term
        if len(term) <= max_term_chars and not _CLAUSE_PARTICLE.search(term) and not PROVISION_MENTION.search(term):
            formal = load_lexicon().equivalents.get(index_form(term), ())  # “考验期” is mentioned as 预备期
            found.setdefault(term, Subject(term, "term", (index_form(term), *formal), spelled_out=spelled_out(index_form(term)),
                                           in_passages=not (in_story and refers_to_story and term not in asked)))
    for org in OrganisationFinder(tokenizer).names(rest) if tokenizer else []:
        if not any(org.name in s.name or s.name in org.name for s in found.values()):
            found.setdefault(org.name, Subject(org.name, "organisation", org.keys, in_passages=False))
    for person in PersonFinder(tokenizer).names(rest) if tokenizer else []:
        if (about_conduct or of_a_rule) and person not in asked and _in_story(rest, rest.find(person) + len(person)):
            continue  # someone in the story told ("陪孩子参加夏令营。……这个说法站得住吗？"), not whom it asks about
        if not any(person in s.name for s in found.values()):
            found.setdefault(person, Subject(person, "person", (person,), in_passages=False))
    return list(found.values())


def _names_a_version(term: str, found: dict[str, Subject]) -> bool:
    """Whether a quoted term is a version word and the name of a document the question names ("现行党章", "旧条例"
    with 条例 named): it names a version of that document."""
    bare = VERSION_WITHOUT_YEAR.sub("", term)
    return bare != term and any(bare in s.keys for s in found.values() if s.kind == "document")


def _someone_elses(term: str, before: str) -> bool:
    """Whether a quoted ``term`` is someone's words rather than a name a document uses, read from the quotation and
    the text ``before`` it: what someone said ("他还在外面说“各家顾各家”"), a label held at a distance or a nickname
    ("所谓的“联盟”", "叫他“太平官”"), words addressed to someone ("“你们都是我带出来的人”") or words in a reported
    grumble ("有人嘀咕：……“超期服役”")."""
    return bool(_SPOKEN.search(before) or _SO_CALLED.search(before) or _ADDRESSED.search(term)
                or _REPORTED.search(_SENTENCE_END.split(before)[-1]))


def _in_story(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` lies in a sentence of the story, one ending in no ？."""
    end = _SENTENCE_END.search(text, at)
    return end is not None and end.group() not in "？?"


# a document made under another that the question names ("国资委依据《若干规定》给中央企业制定的实施办法"): the
# other's title (in 《》 or not) in group 1, the kind of the made document in group 2; only kinds such a document
# is called by (实施办法, 补充规定, 细则 …), not the bare 规定 or 意见 a held document's title may end in
_DERIVED = re.compile(r"(?:依据|根据|按照|依照)(《[^》]{2,40}》|[\u4e00-\u9fff（）()]{2,40}?(?:条例|规定|准则|章程|党章))"
                      r"[^，,。？?；;]{0,20}?制定的((?:实施|补充|具体|配套)(?:办法|规定|细则|意见)|实施方案|细则|办法)")


def derived_documents(question: str) -> list[tuple[str, str]]:
    """The documents made under another that the question asks about: (the other's name, the made one's kind)."""
    return [(m.group(1), m.group(2)) for m in _DERIVED.finditer(index_form(question))]


class MentionIndex:
    """The knowledge base's text (passages and titles) of one catalogue, for 'is it mentioned anywhere?'."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.signature = catalogue.signature
        self._titles = [index_form(d.title) for d in catalogue.documents]
        bylines = [index_form(f"{d.meta.org or ''} {d.meta.author or ''}") for d in catalogue.documents]
        self._text = "\n".join([*self._titles, *bylines, *(c.norm for c in catalogue.chunks)])

    def says(self, word: str) -> bool:
        """Whether the word occurs anywhere in the knowledge base's text (simplified form)."""
        return index_form(word) in self._text

    def mentions(self, subject: Subject, title_share: float) -> bool:
        if subject.said_in(self._text):
            return True
        return subject.kind == "document" and any(label_share(subject.name, t) >= title_share for t in self._titles)

    def is_document(self, subject: Subject, title_share: float) -> bool:
        """Whether a named document is one the knowledge base holds (by title), not only one it mentions."""
        return subject.kind == "document" and any(
            any(k in t for k in subject.keys) or label_share(subject.name, t) >= title_share for t in self._titles)

    def holds_kind(self, kind: str) -> bool:
        """Whether a document the knowledge base holds is of this kind by its title (…实施办法, …补充规定)."""
        return any(index_form(kind) in t for t in self._titles)

    def absent(self, subjects: Iterable[Subject], title_share: float) -> list[Subject]:
        return [s for s in subjects if not self.mentions(s, title_share)]


def without_names(question: str, subjects: Iterable[Subject]) -> str:
    """The question with the names of ``subjects`` (quoted or not) taken out."""
    text = index_form(question)
    for s in subjects:
        text = text.replace(f"《{s.name}》", " ").replace(s.name, " ")
    return text


def passages_text(hits: Iterable[Hit]) -> str:
    """What the passages say, with their documents' titles (a passage of 党章 is about 党章)."""
    parts: list[str] = []
    for h in hits:
        parts.extend([index_form(h.document.title), h.chunk.norm])
    return "\n".join(parts)


def not_in_cited(subjects: Iterable[Subject], citations: list[Citation], title_share: float) -> list[Subject]:
    """Named subjects none of the cited passages (nor their documents' titles) mentions."""
    return not_in_passages(subjects, [c.hit for c in citations], title_share)


def not_in_passages(subjects: Iterable[Subject], hits: list[Hit], title_share: float) -> list[Subject]:
    """Named subjects none of the passages (nor their documents' titles) mentions."""
    text = passages_text(hits)
    titles = {index_form(h.document.title) for h in hits}
    missing = []
    for s in subjects:
        if not s.in_passages or s.said_in(text):
            continue
        if s.kind == "document" and any(label_share(s.name, t) >= title_share for t in titles):
            continue
        missing.append(s)
    return missing


def about_subjects(hits: list[Hit], subjects: Iterable[Subject], title_share: float) -> list[Hit]:
    """The hits that mention every named subject some hit mentions: a question naming a term or document
    ("“四微”载体指哪些？") is answered from the passages about it, not from a higher-ranked passage that
    never names it. All hits when no hit mentions a named subject or none is named."""
    named = [s for s in subjects if not not_in_passages([s], hits, title_share)]
    if not named:
        return hits
    about = [h for h in hits if not not_in_passages(named, [h], title_share)]
    return about or hits


def missing_note(subjects: list[Subject], anywhere: bool) -> str:
    """The sentence naming what is missing: absent from the knowledge base ("知识库中没有找到《…》。", for an
    organisation or a person "知识库中没有关于“…”的内容。"), or from the passages found."""
    if not anywhere:
        return f"找到的段落中没有提到{_names(subjects)}。"
    things = [s for s in subjects if s.kind not in ("organisation", "person")]
    organisations = [s for s in subjects if s.kind in ("organisation", "person")]
    parts = [f"知识库中没有找到{_names(things)}"] if things else []
    if organisations:
        parts.append(f"{'也' if things else '知识库中'}没有关于{_names(organisations)}的内容")
    return "，".join(parts) + "。"


def _names(subjects: list[Subject]) -> str:
    return "、".join(s.display for s in subjects)
