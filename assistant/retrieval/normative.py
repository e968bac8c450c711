"""Questions asking how the rules treat a conduct: whether it is allowed, a violation, how it is disciplined,
what the rules say of it ("这样算违规吗？", "党纪上怎么定性？", "党章里真有这种要求吗？").

Regulations answer them. An experience article (a branch's or company's account of its own practice, the
knowledge base's documents of kind ``article``) never lays down a rule, yet its story-like wording is close to
a member's story in everyday words, so it wins such questions by resemblance alone. Unless the question points
at an article (by title, author or organisation, or by its genre: "那篇文章", "党课讲稿"), the priors scale
article passages down for these questions (Settings.normative_article_factor).
"""

from __future__ import annotations

import re

_CLAUSE = r"[^，,。？?！!；;]"

# asks whether a conduct is allowed or a violation, how it is disciplined, or what the rules say of it
_ASKS_OF_RULES = re.compile(
    r"违规|违纪|违法|违反|允许|准许|合规|合不合规|符不符合"
    rf"|符合{_CLAUSE}{{0,8}}(?:规定|要求|党章|纪律|规矩)"
    r"|党纪|处分|定性|算什么问题|算不算|有没有问题|会有问题|有问题吗|出问题|受什么处理|怎么处理"
    rf"|(?:有|有没有){_CLAUSE}{{0,10}}(?:说法|规定|要求)|管不管|管得着|过分")

# points at an experience article by its genre
_POINTS_AT_ARTICLE = re.compile(r"那篇|这篇|文章|讲稿|党课稿|稿子|经验材料|案例")


def asks_of_rules(question: str) -> bool:
    """Whether a question asks how the rules treat a conduct and does not point at an article by its genre."""
    return bool(_ASKS_OF_RULES.search(question)) and not _POINTS_AT_ARTICLE.search(question)
