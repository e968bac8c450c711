"""Reading a question: article numbers, named documents, years, and whether it asks about an old version."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from assistant.patterns import ARTICLE_REF, NEWER_VERSION_WORDS, OLDER_VERSION_WORDS, SHORT_BOOK_TITLE, YEAR
from assistant.textnorm import cn_to_int, index_form

_BARE_ARTICLE = re.compile(r"^\s*(\d{1,3})\s*条")
# the older version named without its year ("旧版", "修订前的条例")
_OLDER = re.compile(OLDER_VERSION_WORDS)
# words naming a version: the older one (旧条例, 修订前, 原来…), the newer one (新条例, 新修订, 现行, 现在…) or a year
_VERSION_CUE = re.compile(rf"(?P<older>{OLDER_VERSION_WORDS}|原来|原先|以前|之前|过去)"
                          rf"|(?P<newer>{NEWER_VERSION_WORDS}|新修订|现行|现在)|(?P<year>(?:19|20)\d{{2}})\s*年")
# the version in force named ("现行条例", "新条例", "修订后", "现在", "目前")
_NOW = re.compile(rf"{NEWER_VERSION_WORDS}|现行|现在|目前|如今|眼下")
_OLD = re.compile(r"旧版|老版|原来的|以前的|修订前|修改前|废止|被取代|过去的|上一版|之前的版本|哪一年|哪个版本|区别|变化|不同(?!意)|新旧|现在还有效|还有效吗|是否有效|仍然有效|有效吗")


# a chapter named right before an article number ("廉洁纪律那一章的第一条", "“对违法犯罪党员的纪律处分”那一章，开头第一条",
# "第八章的第一条"): the number counts the chapter's articles
_CHAPTER_BEFORE = re.compile(
    r"(?:[“\"](?P<quoted>[^”\"]{2,24})[”\"](?:那|这)?一?章|(?P<words>[\u4e00-\u9fff]{2,12}?)(?:那|这)一?章"
    r"|(?P<ordinal>第[一二三四五六七八九十]+章))"
    r"(?:的|里的?|中的?|里面的?)?[，,]?\s*(?:开头的?|开篇的?|最前面的?)?那?\s*$"
)


@dataclass(frozen=True)
class QueryIntent:
    """What the question names explicitly."""

    text: str
    article: int | None
    titles: tuple[str, ...]
    years: tuple[int, ...]
    about_versions: bool
    older: bool = False  # names the older version without a year
    # the version the article number is named in: "older" (旧条例第七十二条), "newer" (现行条例第…条), a year
    # (2018年版第…条), or None (no version word before it)
    article_version: str | int | None = None
    # an article counted within a chapter the question names ("廉洁纪律那一章的第一条"): (words naming the
    # chapter, the article's place in it); ``article`` is then None
    chapter_article: tuple[str, int] | None = None


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Short names of regulations → full titles (assistant/data/aliases.json)."""
    data = resources.files("assistant.data").joinpath("aliases.json").read_text(encoding="utf-8")
    return json.loads(data)


def title_mentions(text: str, title: str) -> list[re.Match[str]]:
    """Where ``text`` (in index form) names ``title``: the title itself, in 《》 or not, without its "中国共产党"
    prefix, or one of its short names (assistant/data/aliases.json)."""
    names = [title, title.removeprefix("中国共产党")] + [a for a, full in aliases().items() if full == title]
    pattern = "|".join(re.escape(index_form(n)) for n in sorted(set(names), key=len, reverse=True) if n)
    return list(re.finditer(rf"《?(?:{pattern})》?", text)) if pattern else []


def _named_titles(text: str, known_titles: Iterable[str]) -> tuple[str, ...]:
    norm = index_form(text)
    titles = {index_form(t): t for t in known_titles}
    found: list[str] = []
    for quoted in SHORT_BOOK_TITLE.findall(norm):
        quoted = quoted.removeprefix("中国共产党")
        found.extend(t for key, t in titles.items() if quoted in key or key.endswith(quoted))
    for key, title in titles.items():
        if key in norm:
            found.append(title)
    for alias, full in sorted(aliases().items(), key=lambda kv: -len(kv[0])):
        if alias in norm and index_form(full) in titles:
            found.append(titles[index_form(full)])
    return tuple(dict.fromkeys(found))


def parse_query(text: str, known_titles: Iterable[str]) -> QueryIntent:
    """Extract the explicit parts of a question; titles are matched against the knowledge base's titles."""
    match = ARTICLE_REF.search(text) or _BARE_ARTICLE.match(text)
    article = cn_to_int(match.group(1)) if match else None
    chapter = _CHAPTER_BEFORE.search(text[: match.start()]) if match else None
    chapter_article = (index_form(chapter.group("quoted") or chapter.group("words") or chapter.group("ordinal")), article) \
        if chapter and article else None
    years = tuple(int(y) for y in YEAR.findall(text))
    older = bool(_OLDER.search(text))
    return QueryIntent(
        text=text,
        article=None if chapter_article else article,
        chapter_article=chapter_article,
        titles=_named_titles(text, known_titles),
        years=years,
        # naming the older version ("旧条例里……", "原条例对……") asks about it as much as a year does, unless the
        # question also names the version in force, which it then asks about ("旧条例里有规定，现行条例怎么规定的？")
        about_versions=bool(years) or bool(_OLD.search(text)) or (older and not _NOW.search(text)),
        older=older,
        article_version=_article_version(text, match),
    )


def _article_version(text: str, article: re.Match[str] | None) -> str | int | None:
    """The version named right before the article number (旧条例第七十二条 → "older", not 新条例第九十七条在旧版…)."""
    return version_cue(text[: article.start()]) if article is not None else None


def version_cue(text: str) -> str | int | None:
    """The version the last version word of ``text`` names: "older", "newer", a year (2018年版 → 2018), or None."""
    cues = list(_VERSION_CUE.finditer(text))
    if not cues:
        return None
    last = cues[-1]
    return int(last.group("year")) if last.group("year") else "older" if last.group("older") else "newer"
