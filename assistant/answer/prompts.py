"""Prompt files (Chinese) from the ``prompts`` package, as LangChain prompt templates.

The files are package data read through ``importlib.resources``, so an installed wheel carries them.
Rendering fails loudly when a variable the file needs is not given, or a given one is not used.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

from assistant.errors import ConfigError

PROMPT_PACKAGE = "prompts"


def prompt_files() -> Traversable:
    """The directory holding the prompt files."""
    try:
        return resources.files(PROMPT_PACKAGE)
    except ModuleNotFoundError as exc:
        raise ConfigError("找不到提示词目录（prompts），请检查安装是否完整。") from exc


def load_prompt(name: str, directory: Traversable | None = None) -> str:
    path = (directory or prompt_files()) / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"找不到提示词文件 {name}.md，请检查安装是否完整。") from exc


def prompt_template(name: str, directory: Traversable | None = None) -> PromptTemplate:
    """One prompt file as a ``PromptTemplate`` (f-string fields such as ``{question}``)."""
    return PromptTemplate.from_template(load_prompt(name, directory))


def _check(name: str, needed: set[str], given: set[str]) -> None:
    if needed != given:
        raise ConfigError(f"提示词 {name} 的变量不匹配：文件需要 {sorted(needed)}，程序提供 {sorted(given)}。")


def render_prompt(name: str, directory: Traversable | None = None, **values: str) -> str:
    """Fill the named fields of a prompt; a field without a value, or a value without a field, is an error."""
    template = prompt_template(name, directory)
    _check(name, set(template.input_variables), set(values))
    return template.format(**values)


def answer_prompt(refusal: str, directory: Traversable | None = None) -> ChatPromptTemplate:
    """The answer prompt: system rules (with the refusal sentence filled in) and the user message,
    whose variables are ``sources`` (numbered passages) and ``question``."""
    system = prompt_template("answer_system", directory)
    _check("answer_system", set(system.input_variables), {"refusal"})
    user = prompt_template("answer_user", directory)
    _check("answer_user", set(user.input_variables), {"sources", "question"})
    return ChatPromptTemplate.from_messages(
        [("system", system.template), ("human", user.template)]
    ).partial(refusal=refusal)
