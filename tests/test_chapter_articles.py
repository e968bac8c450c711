"""An article counted within a chapter the question names ("廉洁纪律那一章的第一条") is that chapter's article,
not the document's article of that number."""

from __future__ import annotations

import pytest

from assistant.query import parse_query
from assistant.service import Service


def test_a_number_after_a_named_chapter_counts_its_articles() -> None:
    intent = parse_query("现行条例“对违法犯罪党员的纪律处分”那一章，开头第一条讲什么？", [])
    assert intent.article is None and intent.chapter_article == ("对违法犯罪党员的纪律处分", 1)
    assert parse_query("第八章的第二条是什么？", []).chapter_article == ("第八章", 2)
    # an article number with no chapter before it is the document's
    intent = parse_query("党章第九条是怎么规定的？", [])
    assert intent.article == 9 and intent.chapter_article is None


def test_the_first_article_of_a_named_chapter_is_found_in_each_version(corpus_service: Service) -> None:
    hits = corpus_service.search("我记得现行纪律处分条例廉洁纪律那一章的第一条，讲党员干部要正确行使权力。2018年版对应的条文是怎么写的？").hits
    found = {(h.document.source.rsplit("/", 1)[-1], h.chunk.locator) for h in hits[:2]}
    assert found == {("discipline_regulation_2023.txt", "第九十四条"), ("discipline_regulation_2018.txt", "第八十五条")}
    answer = corpus_service.ask("纪律处分条例“对违法犯罪党员的纪律处分”那一章，开头第一条提出的总要求是什么？")
    assert answer.citations and answer.citations[0].hit.chunk.locator == "第二十八条", answer.text


@pytest.mark.parametrize(("question", "where", "article"), [
    ("纪律处分条例里，违规收送礼金的规定在哪一章？", "第二编 分则 第八章 对违反廉洁纪律行为的处分", "第九十八条"),
    ("党章里关于党的纪律检查机关的规定在第几章？", "第八章 党的纪律检查机关", "第四十五条"),
])
def test_which_chapter_a_provision_stands_in_names_the_part_and_chapter_of_its_article(
        corpus_service: Service, question: str, where: str, article: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused and f"相关规定在{where}" in answer.text, answer.text
    assert answer.citations[0].hit.chunk.locator == article


@pytest.mark.parametrize(("question", "verdict"), [
    ("培训课件说'纪律处分条例共有一百四十二条'，这个说法对吗？", "142条是2018年版（已被取代）的条数，2023年版共 158 条"),
    ("纪律处分条例一共158条，没错吧？", "“158条”与现行的2023年版一致"),
    ("廉洁自律准则共有十条，是这样吗？", "“10条”与收录的版本不符"),
])
def test_a_stated_number_of_articles_is_checked_against_each_version(corpus_service: Service, question: str,
                                                                    verdict: str) -> None:
    answer = corpus_service.ask(question)
    assert not answer.refused and verdict in answer.text, answer.text
    assert answer.citations  # the last article of each version counted
