"""Text patterns of Chinese regulations and questions, each written and compiled once.

Article numbers (第…条) come in several shapes, kept apart where the difference changes a result:
a reference anywhere, number captured (ARTICLE_REF: "第 12 条", "第五十三条"); a label to find or strip
(ARTICLE_MENTION, ARTICLE_LABEL, INDENTED_ARTICLE_LABEL); any numbered provision (PROVISION_MENTION,
also 款项章节); and an article starting a line of a regulation (ARTICLE_LINE, ARTICLE_LINE_WITH_TEXT).
The string constants (CN_NUMERALS, ARTICLE_NUMBER, SENTENCE_STOPS …) are fragments to build patterns from.
"""

from __future__ import annotations

import re

# --- numerals ---------------------------------------------------------------------------------------------

CN_ONE_TO_TEN = "一二三四五六七八九十"
"""Chinese numerals of list labels and ordinals: 一是, （三）, 第二，."""

CN_NUMERALS = CN_ONE_TO_TEN + "百零〇两"
"""Chinese numerals of article and chapter numbers: 第一百零二条, 第十章."""

QUANTITY_NUMBER = rf"(?:\d+|[{CN_ONE_TO_TEN}两半百千]+)"
"""A number before a unit in a sentence or question: "3", "十八", "半" (年)."""

# --- article numbers --------------------------------------------------------------------------------------

ARTICLE_NUMBER = rf"[{CN_NUMERALS}]+|\d{{1,3}}"
"""The number of an article as people write it: "五十三" or "53"."""

ARTICLE_REF = re.compile(rf"第\s*({ARTICLE_NUMBER})\s*条")
"""An article named anywhere, spaces allowed, its number in group 1: "党章第九条" → "九", "第 12 条" → "12"."""

_ARTICLE_LABEL = rf"第[{CN_NUMERALS}\d]+条"

ARTICLE_MENTION = re.compile(_ARTICLE_LABEL)
"""An article label anywhere in a passage, no spaces inside: "…依照第七条…" → "第七条"."""

ARTICLE_LABEL = re.compile(rf"^{_ARTICLE_LABEL}\s*")
"""The label opening a provision, with the space after it, to strip: "第九条　党员…" → "党员…"."""

INDENTED_ARTICLE_LABEL = re.compile(rf"^\s*{_ARTICLE_LABEL}\s*")
"""The same label after leading white space: "  第九条 党员…" → "党员…"."""

PROVISION_MENTION = re.compile(rf"第[{CN_NUMERALS}\d]+(?:条|款|项|章|节)")
"""Any numbered provision or part of a regulation: "第六十三条", "第二款", "第三章"."""

ARTICLE_LINE = re.compile(rf"^第([{CN_NUMERALS}]+)条(?:[\s　]|$)")
"""A regulation's line that starts an article, number in group 1: "第十二条　…" or "第十二条" alone → "十二"."""

ARTICLE_LINE_WITH_TEXT = re.compile(rf"^第[{CN_NUMERALS}]+条[\s　]")
"""A line starting an article with a space after its label ("第十二条　…"; a bare "第十二条" is not one)."""

# --- titles and names -------------------------------------------------------------------------------------

BOOK_TITLE = re.compile(r"《([^》]{2,60})》")
"""A document named in book-title marks, name in group 1: "学习《中国共产党章程》" → "中国共产党章程"."""

SHORT_BOOK_TITLE = re.compile(r"《([^》]{2,40})》")
"""The same, at most 40 characters inside: the titles the question parser (assistant.query) looks up."""

TRIAL_SUFFIX = re.compile(r"[（(]试行[）)]$")
"""The "(trial)" suffix of a title: "中国共产党巡视工作条例（试行）"."""

# --- sentences, labels and citations ----------------------------------------------------------------------

SENTENCE_STOPS = "。！？!?；;"
"""The punctuation that ends a sentence, the semicolon included (it ends each item of a regulation's list)."""

SENTENCE_END = re.compile(rf"[{SENTENCE_STOPS}](?:[”’」』）)])?")
"""A sentence end with the closing quote or bracket after it: "。", "。”", "；", "！）"."""

LIST_ITEM_LABEL = re.compile(rf"^(?:[（(][{CN_ONE_TO_TEN}\d]+[）)]|\d{{1,2}}[.．、]|[{CN_ONE_TO_TEN}]+[、是])")
"""The label opening a listed item: "（一）", "(2)", "1.", "3、", "一、", "二是"."""

CITATION_MARK = re.compile(r"\[(\d+)\]")
"""A citation mark of an answer, number in group 1: "…按期交纳党费[2]。" → "2"."""

YEAR = re.compile(r"((?:19|20)\d{2})")
"""A year 1900–2099, in group 1: "2018年修订" → "2018"."""

NON_WORD = re.compile(r"[\W_]+")
"""A run of punctuation, white space or underscores (what comparisons of wording leave out): "，“" or " _ "."""

# A question about which version of a document the knowledge base holds, or when it was issued or took
# effect ("收录的是哪一版？", "是二十大修改后的版本吗？", "是第几次修订以后的版本？最早是哪一年出台的？",
# "是哪天发布的？是发布当天就生效吗？", "从哪天起实行？", "从什么时候起施行？", "是二十大修改以后的吗？"): the
# document's own header and commencement clause answer it, whichever version is held.
ASKS_VERSION_HELD = re.compile(
    r"哪一版|哪个版本|什么版本|版本吗|(?:哪一?年|什么时候|何时)的?版|是不是.{0,12}版|哪一?年(?:修订|修改|通过|发布|印发|出台|制定)|(?:哪|第几)一?次.{0,10}(?:修订|修改|通过)"
    r"|(?:哪一?天|什么时候|何时).{0,10}(?:发布|印发|施行|实行|实施|生效)|(?:发布|印发|施行|实行|实施|生效).{0,6}(?:哪一?天|什么时候|何时)"
    r"|当天就?(?:生效|施行|实行|实施)|生效吗|起(?:施行|实行|实施)吗|(?:修改|修订)(?:以后|之后|后)的吗"
)

# A version of a regulation named without its year: the older one ("旧版", "修订前的条例") or the newer one.
OLDER_VERSION_WORDS = r"旧版|老版|原版|旧条例|老条例|原条例|原来的条例|修订前|修改前|修订以前|修改以前|上一版"
NEWER_VERSION_WORDS = r"新版|新条例|修订后|修改后"
# what is said of a year that names a version rather than a time something happened ("2018年版", "2023年修订时",
# "2004年发布的…试行版")
VERSION_YEAR_WORDS = r"版|修订|修改|出台|发布|印发|颁布|制定|通过|施行"
# a version named without its year, older, newer or in force ("旧条例第七十二条", "现行条例"): it names the regulation
# held in several versions as a title would
VERSION_WITHOUT_YEAR = re.compile(rf"{OLDER_VERSION_WORDS}|{NEWER_VERSION_WORDS}|现行")

# Words a chat message points back with, at the conversation's earlier turns: "前面说的", "刚才", "上面第一点".
POINTING_BACK = r"前面|上面|上文|上述|前述|刚才|刚刚|之前|先前"

_OPEN_QUOTE, _CLOSE_QUOTE = "“\"「『", "”\"」』"
# Words in quotation marks of any length: a term, or wording quoted whole ("这句话……“…，…”在哪一条？").
QUOTATION = re.compile(rf"[{_OPEN_QUOTE}]([^{_CLOSE_QUOTE}]{{2,}})[{_CLOSE_QUOTE}]")
# A term in quotation marks ("“三会一课”"): a quoted term is asked about as written.
QUOTED_TERM = re.compile(rf"[{_OPEN_QUOTE}]([^{_CLOSE_QUOTE}]{{2,16}})[{_CLOSE_QUOTE}]")

# words asking for a share (比例, 权重): a clause holding one asks, and a percentage answers it
SHARE_WORDS = r"比例|权重|比重|占比"

# 几 asking a count ("几次", "几名"): not "哪几" (which ones) nor "第几" (which one)
COUNT_WORD = r"(?<![哪第])几"

# the words with which a question asks (几, 多少, 哪, 什么 …): an everyday phrase holding one ("几种", "入党多少年")
# asks as well as names, so reading it in the documents' words keeps it
QUESTION_WORD = re.compile(r"几|多少|哪|啥|什么|怎|谁|咋")

# one item of a list asked for by its ordinal ("第五项", "第二点"; 第N条 names an article)
ITEM_ASKED = re.compile(rf"第([{CN_ONE_TO_TEN}]{{1,2}}|\d{{1,2}})(?:项|点)")

ITEM_TOPIC = re.compile(r"(?:在|就|关于)(?P<aspect>[^，,。？?、]{1,12}?)(?:这|那)?一?方面"
                        r"|讲(?P<told>[^，,。？?]{2,24}?)的(?:那|这)?一?(?:项|条|点)")
"""An item of a list named by what it is about: "在人才这方面" → 人才, "讲民主集中制和干部队伍建设的那一项" → 民主集中制和干部队伍建设."""

# A document speaking of itself ("本条例", "本规定"), and its final provisions: when it took effect and who
# interprets it ("本条例自2024年1月1日起施行", "本规定由……负责解释")
OWN_DOCUMENT = r"本(?:条例|规定|准则|办法|细则|规则|章程|意见)"
FINAL_PROVISION = re.compile(rf"{OWN_DOCUMENT}(?:自[^。\n]{{2,24}}起施行|由[^。\n]{{2,24}}负责解释)")
