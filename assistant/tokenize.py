"""Chinese tokenisation for the lexical index: jieba with a party-building glossary."""

from __future__ import annotations

import re
from importlib import resources

import jieba
import jieba.posseg

from assistant.textnorm import alternative_readings, index_form

_WORD = re.compile(r"[\w\u3400-\u9fff]")
_STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 对 把 被 为 以 于 等 中 上 下 也 都 就 而 并 其 之 这 那 有 个 我 你 他 她 它 们 "
    "吗 呢 吧 啊 呀 什么 怎么 怎样 如何 哪些 哪个 为什么 是否 可以 应该 应当 要 会 能 请问 一下 一个 进行 "
    "规定 有关 关于 哪 谁 多少 几 什 么 一共 总共 分别".split()
)
# A separable verb (离合词) split by an aspect particle or a measure word: 兼个职, 表个态, 入了党, 开了个会. The characters after the infix are looked at, not consumed, so that the infix alone is dropped.
_SPLIT_VERB = re.compile(r"([\u4e00-\u9fff])(?:了个|个|了|过)(?=([\u4e00-\u9fff]{1,2}))")
# jieba tags of words no verb-object pair makes: function words (有个人 → 有人 r) and idioms (出了差错 → 出差错 i).
_NOT_VERB_OBJECT = frozenset("r m q t f p d c u i l".split())


class Tokenizer:
    """A jieba tokenizer with the party-building user dictionary; one instance per process is enough."""

    def __init__(self) -> None:
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self._pos: jieba.posseg.POSTokenizer | None = None
        glossary = resources.files("assistant.data").joinpath("party_terms.txt")
        with resources.as_file(glossary) as path:
            self._jieba.load_userdict(str(path))

    def tokens(self, text: str) -> list[str]:
        """Search-mode tokens of the simplified, width-normalised text, without stop words and punctuation."""
        words = self._jieba.lcut_for_search(self.rejoined(index_form(text)))
        return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in _STOPWORDS]

    def passage_tokens(self, text: str) -> list[str]:
        """The tokens a passage is indexed by: those of its text, then the new ones of its inline alternatives'
        readings ("退（离）休" also indexed as 退休 and 离休)."""
        tokens = self.tokens(text)
        readings = alternative_readings(text)
        if not readings:
            return tokens
        have = set(tokens)
        return tokens + [t for t in dict.fromkeys(self.tokens(readings)) if t not in have]

    def _pos_tokenizer(self) -> jieba.posseg.POSTokenizer:
        if self._pos is None:
            self._pos = jieba.posseg.POSTokenizer(self._jieba)
        return self._pos

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """Precise-mode words of the text as written, each with its jieba part-of-speech tag ('n', 'v', 'r' …)."""
        return [(p.word, p.flag) for p in self._pos_tokenizer().cut(text)]

    def dictionary_tag(self, word: str) -> str | None:
        """The part-of-speech tag jieba's dictionary lists for the word, or None when it is no dictionary word."""
        return self._pos_tokenizer().word_tag_tab.get(word)

    def rejoined(self, text: str) -> str:
        """The text with its split separable verbs joined again ("兼个职" → "兼职", "表个态" → "表态"), so that
        a question saying 兼个职 matches the rule on 兼职. A one-character dictionary verb followed by 个/了/过 is
        joined with the one character after when the two make a dictionary word and that character starts no
        word of its own ("出了差错" keeps 差错; "犯了错误" keeps 错误, which matches by itself)."""
        if "个" not in text and "了" not in text and "过" not in text:
            return text

        def join(m: re.Match[str]) -> str:
            verb, after = m.group(1), m.group(2)
            if (self.dictionary_tag(verb) == "v" and self._content_word(verb + after[0])
                    and not (len(after) == 2 and self.dictionary_tag(after) is not None)):
                return verb
            return m.group(0)

        return _SPLIT_VERB.sub(join, text)

    def _content_word(self, word: str) -> bool:
        tag = self.dictionary_tag(word)
        return tag is not None and tag not in _NOT_VERB_OBJECT

    def words(self, text: str) -> list[str]:
        """Precise-mode segmentation of the text as written: the words joined give ``text`` back."""
        return self._jieba.lcut(text)
