"""Separable verbs (离合词) split in speech: a question saying 兼个职, 表个态 or 入了党 finds and is answered
from the provision that says 兼职, 表态, 入党, while a verb followed by a word of its own (出了差错, 犯了错误)
is left as it is. Texts written for these tests; the fake embedder over real Chroma."""

from __future__ import annotations

import pytest

from assistant.service import Service
from assistant.tokenize import Tokenizer
from tests.fakes import small_kb_service

RULES = ("示例党员管理规定\n"
         "第一条 党员未经批准不得在经济组织中兼职，经批准兼职的不得领取报酬。\n"
         "第二条 党员领导干部对应当由集体研究决定的事项，不得个人擅自表态。\n"
         "第三条 党员外出期间应当主动与党组织保持联系，按时交纳党费。\n"
         "第四条 党员参加社会组织的活动，由所在党组织审核。\n")


@pytest.mark.parametrize(("spoken", "joined"), [
    ("业余时间去外面公司兼个职", "兼职"), ("个人能先表个态吗", "表态"), ("刚入了党", "入党"),
    ("已经被免了职", "免职"), ("支部开了个会", "开会"),
])
def test_a_split_separable_verb_is_searched_as_the_word(spoken: str, joined: str) -> None:
    tokenizer = Tokenizer()
    assert joined not in spoken
    assert joined in tokenizer.tokens(spoken)


@pytest.mark.parametrize(("spoken", "kept", "not_made"), [
    ("决策出了差错", "差错", "出差"),  # 差错 is a word that goes on: no 出差
    ("犯了错误以后", "错误", "犯错"),  # 错误 matches by itself
    ("团里有个人意见很大", "意见", "有人"),  # 有人 is a pronoun, no verb with its object
])
def test_a_verb_followed_by_a_word_of_its_own_is_not_joined(spoken: str, kept: str, not_made: str) -> None:
    tokens = Tokenizer().tokens(spoken)
    assert kept in tokens and not_made not in tokens


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return small_kb_service(tmp_path_factory.mktemp("separable-kb"), {
        "rules.txt": ({"title": "示例党员管理规定", "kind": "regulation", "status": "in_force"}, RULES)})


@pytest.mark.parametrize(("question", "article", "says"), [
    ("党员能不能兼个职？", "第一条", "兼职"),
])
def test_a_question_saying_the_split_verb_is_answered_from_the_provision(
        service: Service, question: str, article: str, says: str) -> None:
    lexical = {h.chunk.locator[-3:]: h.lexical or 0.0 for h in service.search(question).hits}
    # every article says 党员; the asked one also says the joined verb
    assert lexical[article] > max(v for k, v in lexical.items() if k != article), lexical
    answer = service.ask(question)
    assert not answer.refused, answer.text
    assert answer.citations[0].hit.chunk.locator.endswith(article) and says in answer.text, answer.text
