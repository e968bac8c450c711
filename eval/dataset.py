"""The labelled evaluation question set: schema, loading and validation against the corpus.

A dataset is a JSON Lines file, one :class:`Question` per line (UTF-8, blank lines ignored).
:func:`load_dataset` parses it strictly and raises :class:`DatasetError` listing every bad line;
:func:`check_dataset` additionally checks every expected source against the shared corpus
(file present, evidence phrase inside one line of the file, ``must_contain`` phrases present).
Text comparisons ignore whitespace and convert traditional to simplified Chinese (OpenCC ``t2s``).

Two splits ship with the project: ``datasets/dev.jsonl`` (tuned on) and ``datasets/test.jsonl``
(frozen, never tuned on). Quiz items carry their key (``quiz_key``); multi-turn items may say
that the question is a new standalone one rather than a follow-up (``followup: false``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, get_args

import opencc
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

QuestionType = Literal[
    "fact",
    "howto",
    "paraphrase",
    "traditional",
    "article",
    "version",
    "multiturn",
    "quiz",
    "unanswerable",
    "offtopic",
]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
UNANSWERABLE_TYPES: frozenset[str] = frozenset({"unanswerable", "offtopic"})

Evidence = Annotated[str, StringConstraints(min_length=6, max_length=30, pattern=r"^[^\r\n]*$")]
KeyPhrase = Annotated[str, StringConstraints(min_length=2, max_length=20, pattern=r"^[^\r\n]*$")]
QuizKey = Annotated[str, StringConstraints(min_length=1, max_length=30, pattern=r"^[^\r\n]*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]

_CHOICE_KEY = re.compile(r"[A-H]+")  # a quiz key naming options, in order
_QUIZ_BLANK = re.compile(r"（\s*）|\(\s*\)|_{2,}")  # the blank of a quiz item: "（    ）" or "____"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Turn(_Strict):
    """One earlier turn of a multi-turn conversation."""

    role: Literal["user", "assistant"]
    content: NonEmpty


class ExpectedSource(_Strict):
    """A corpus passage that answers the question, identified by a phrase it must contain."""

    file: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\\]+$")]
    locator: str | None
    evidence: Evidence


class Question(_Strict):
    """One labelled evaluation question."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z]\d{3,}$")]
    question: NonEmpty
    history: list[Turn]
    answerable: bool
    expected_sources: list[ExpectedSource]
    must_contain: Annotated[list[KeyPhrase], Field(max_length=3)]
    type: QuestionType
    notes: str
    quiz_key: QuizKey | None = None  # quiz items: the keyed option letters ("A", "ABD"), the blank's text, or 对/错
    followup: bool | None = None  # multiturn items: False for a new standalone question after an unrelated turn


JUDGEMENT_KEYS: tuple[str, ...] = ("对", "错")  # the key of a true/false item (判断题)


def is_judgement_key(key: str) -> bool:
    """Whether a quiz key is the verdict of a true/false item rather than options or a blank's text."""
    return key in JUDGEMENT_KEYS


def is_choice_key(key: str) -> bool:
    """Whether a quiz key names options ("A", "ABD") rather than the text of a blank."""
    return bool(_CHOICE_KEY.fullmatch(key))


def is_followup(q: Question) -> bool:
    """Whether a multi-turn item is a real follow-up (the default) rather than a new standalone question."""
    return q.type == "multiturn" and q.followup is not False


@dataclass(frozen=True)
class Problem:
    """One finding about a dataset: 1-based line number (0: the file as a whole), question id, message."""

    line: int
    qid: str | None
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行 [{self.qid or '-'}] {self.message}"


class DatasetError(Exception):
    """Raised by :func:`load_dataset` when lines of the dataset are malformed."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        listing = "\n".join(str(p) for p in problems)
        super().__init__(f"数据集 {path} 有 {len(problems)} 处格式错误：\n{listing}")


# ---------------------------------------------------------------- normalisation


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_WHITESPACE = re.compile(r"\s+")


def _strip(text: str) -> str:
    return _WHITESPACE.sub("", text)


def normalize(text: str) -> str:
    """Comparison form: all whitespace removed, traditional converted to simplified."""
    converted: str = _t2s().convert(_strip(text))
    return converted


@dataclass(frozen=True)
class _Line:
    """One corpus line in both comparison forms."""

    stripped: str  # whitespace removed, characters as in the file
    normalized: str  # whitespace removed, converted to simplified

    @classmethod
    def of(cls, text: str) -> _Line:
        return cls(_strip(text), normalize(text))


def _phrase_in_lines(phrase: str, lines: list[_Line]) -> bool:
    """Whether ``phrase`` occurs inside a single line, ignoring whitespace and script.

    The unconverted form is tried too, because OpenCC converts by phrases and a fragment
    may convert differently from the line that contains it.
    """
    stripped, normalized = _strip(phrase), normalize(phrase)
    return any(stripped in line.stripped or normalized in line.normalized for line in lines)


# ---------------------------------------------------------------- parsing


def _loc(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts) or "(整行)"


def _describe_error(error: ErrorDetails) -> str:
    """A Chinese message for one pydantic error."""
    kind = error["type"]
    where = _loc(tuple(error["loc"]))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"缺少字段 {where}"
    if kind == "extra_forbidden":
        return f"多余字段 {where}"
    if kind == "literal_error" and tuple(error["loc"]) == ("type",):
        return f"未知题型 {error.get('input')!r}，应为 {'/'.join(QUESTION_TYPES)} 之一"
    if kind == "literal_error":
        return f"字段 {where} 取值 {error.get('input')!r} 不合法，应为 {ctx.get('expected', '')}"
    if kind == "model_type":
        return f"字段 {where} 应为 JSON 对象"
    if kind in {"string_type", "bool_type", "list_type", "int_type"}:
        wanted = {"string_type": "字符串", "bool_type": "布尔值 true/false", "list_type": "列表", "int_type": "整数"}[kind]
        return f"字段 {where} 类型错误，应为{wanted}"
    if kind == "string_too_short":
        return f"字段 {where} 太短（至少 {ctx.get('min_length')} 个字符）"
    if kind == "string_too_long":
        return f"字段 {where} 太长（至多 {ctx.get('max_length')} 个字符）"
    if kind == "too_long":
        return f"字段 {where} 元素过多（至多 {ctx.get('max_length')} 个）"
    if kind == "string_pattern_mismatch":
        return f"字段 {where} 格式不合法（值 {error.get('input')!r}）"
    return f"字段 {where} 不合法：{error.get('msg', kind)}"


def _parse_line(number: int, text: str) -> tuple[Question | None, list[Problem]]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(number, None, f"JSON 解析失败：{exc.msg}（第{exc.colno}列）")]
    if not isinstance(obj, dict):
        return None, [Problem(number, None, "该行不是 JSON 对象")]
    qid = obj["id"] if isinstance(obj.get("id"), str) else None
    try:
        return Question.model_validate(obj), []
    except ValidationError as exc:
        return None, [Problem(number, qid, _describe_error(err)) for err in exc.errors()]


def read_dataset(path: Path) -> tuple[list[tuple[int, Question]], list[Problem]]:
    """Parse leniently: the well-formed questions with their line numbers, and the malformed lines."""
    path = Path(path)
    if not path.is_file():
        return [], [Problem(0, None, f"数据集文件不存在：{path}")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(0, None, f"数据集不是合法的 UTF-8：{exc}")]
    questions: list[tuple[int, Question]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        question, line_problems = _parse_line(number, line)
        problems.extend(line_problems)
        if question is not None:
            questions.append((number, question))
    return questions, problems


def _duplicate_ids(questions: list[tuple[int, Question]]) -> list[Problem]:
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    for number, q in questions:
        if q.id in first_line:
            problems.append(Problem(number, q.id, f"id 重复（首次出现在第{first_line[q.id]}行）"))
        else:
            first_line[q.id] = number
    return problems


def load_dataset(path: Path) -> list[Question]:
    """Load a dataset, raising :class:`DatasetError` listing every malformed line and duplicate id."""
    questions, problems = read_dataset(path)
    problems.extend(_duplicate_ids(questions))
    if problems:
        raise DatasetError(Path(path), sorted(problems, key=lambda p: p.line))
    return [q for _, q in questions]


def type_counts(questions: list[Question]) -> Counter[str]:
    """Number of questions of every type (all nine types present, possibly zero)."""
    counts: Counter[str] = Counter({t: 0 for t in QUESTION_TYPES})
    counts.update(q.type for q in questions)
    return counts


# ---------------------------------------------------------------- semantic checks


def _consistency_problems(number: int, q: Question) -> list[Problem]:
    """Checks that need no corpus: answerability, history and type agree."""
    found: list[str] = []
    if q.answerable and not q.expected_sources:
        found.append("可回答的问题缺少 expected_sources")
    if q.answerable and not q.must_contain:
        found.append("可回答的问题缺少 must_contain")
    if not q.answerable and q.expected_sources:
        found.append("不可回答的问题不应有 expected_sources")
    if not q.answerable and q.must_contain:
        found.append("不可回答的问题不应有 must_contain")
    if q.type in UNANSWERABLE_TYPES and q.answerable:
        found.append(f"题型 {q.type} 的 answerable 应为 false")
    if q.type == "multiturn" and not q.history:
        found.append("多轮问题（multiturn）的 history 不能为空")
    if q.type != "multiturn" and q.history:
        found.append(f"只有 multiturn 题型可以带 history（当前为 {q.type}）")
    if q.type != "multiturn" and q.followup is not None:
        found.append(f"只有 multiturn 题型可以带 followup（当前为 {q.type}）")
    found.extend(_quiz_problems(q))
    return [Problem(number, q.id, message) for message in found]


def _quiz_problems(q: Question) -> list[str]:
    """A quiz item has a blank, is answerable and has a key; a choice key names options the item offers."""
    if q.type != "quiz":
        return [f"只有 quiz 题型可以带 quiz_key（当前为 {q.type}）"] if q.quiz_key is not None else []
    found: list[str] = []
    if q.quiz_key is None:
        found.append("测验题（quiz）缺少 quiz_key（选项字母如 \"A\"、\"ABD\"，填空的答案，或判断题的“对”“错”）")
    if not q.answerable:
        found.append("测验题（quiz）的 answerable 应为 true")
    if not _QUIZ_BLANK.search(q.question) and not (q.quiz_key and is_judgement_key(q.quiz_key)):
        found.append("测验题（quiz）的题干缺少空位（“（    ）”或“____”）")
    if q.quiz_key is not None and is_choice_key(q.quiz_key):
        if "".join(sorted(set(q.quiz_key))) != q.quiz_key:
            found.append(f"quiz_key 的选项字母应按顺序且不重复：{q.quiz_key!r}")
        missing = [c for c in q.quiz_key if not re.search(rf"{c}\s*[.．、:：]|[（(]\s*{c}\s*[）)]", q.question)]
        if missing:
            found.append(f"quiz_key 中的选项在题干中不存在：{'、'.join(missing)}")
    return found


class _Corpus:
    """Lines of corpus files, read and normalised once per check."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._files: dict[str, list[_Line] | None] = {}

    def lines(self, relative: str) -> list[_Line] | None:
        """The file's lines, or None when it is not a file inside the corpus."""
        if relative not in self._files:
            path = (self.root / relative).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                self._files[relative] = [_Line.of(t) for t in path.read_text(encoding="utf-8").splitlines()]
            else:
                self._files[relative] = None
        return self._files[relative]


def _source_problems(number: int, q: Question, corpus: _Corpus) -> list[Problem]:
    """Expected source files exist; evidence occurs within one line; must_contain occurs in a source."""
    problems: list[Problem] = []
    found_files: list[list[_Line]] = []
    for i, source in enumerate(q.expected_sources):
        lines = corpus.lines(source.file)
        if lines is None:
            problems.append(Problem(number, q.id, f"expected_sources[{i}] 的文件不在语料库中：{source.file}"))
            continue
        found_files.append(lines)
        if not _phrase_in_lines(source.evidence, lines):
            problems.append(
                Problem(
                    number, q.id, f"expected_sources[{i}] 的 evidence 未在 {source.file} 的任何一行中出现：{source.evidence!r}"
                )
            )
    if found_files and q.quiz_key is not None and not is_choice_key(q.quiz_key) and not is_judgement_key(q.quiz_key):
        if not any(_phrase_in_lines(q.quiz_key, lines) for lines in found_files):
            problems.append(Problem(number, q.id, f"填空题的答案 quiz_key 未在任何 expected_sources 文件中出现：{q.quiz_key!r}"))
    if found_files:
        for phrase in q.must_contain:
            if not any(_phrase_in_lines(phrase, lines) for lines in found_files):
                problems.append(Problem(number, q.id, f"must_contain 短语未在任何 expected_sources 文件中出现：{phrase!r}"))
    return problems


def check_dataset(path: Path, corpus_dir: Path) -> list[Problem]:
    """Every problem of the dataset at ``path`` checked against the corpus at ``corpus_dir``, by line."""
    questions, problems = read_dataset(path)
    problems.extend(_duplicate_ids(questions))
    for number, q in questions:
        problems.extend(_consistency_problems(number, q))
    if not Path(corpus_dir).is_dir():
        problems.append(Problem(0, None, f"语料目录不存在：{corpus_dir}"))
    else:
        corpus = _Corpus(Path(corpus_dir))
        for number, q in questions:
            problems.extend(_source_problems(number, q, corpus))
    return sorted(problems, key=lambda p: p.line)
