"""Prompt files (Chinese) from the top-level ``prompts/`` folder, rendered so a missing variable fails loudly."""

from __future__ import annotations

import string
from pathlib import Path

from assistant.errors import ConfigError

PROMPT_DIR = Path(__file__).resolve().parents[2] / "prompts"


def load_prompt(name: str, directory: Path = PROMPT_DIR) -> str:
    path = directory / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"找不到提示词文件 {path}，请检查安装是否完整。") from exc


def render_prompt(name: str, directory: Path = PROMPT_DIR, **values: str) -> str:
    """Fill the named fields of a prompt; a field without a value, or a value without a field, is an error."""
    template = load_prompt(name, directory)
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    if fields != set(values):
        raise ConfigError(
            f"提示词 {name} 的变量不匹配：文件需要 {sorted(fields)}，程序提供 {sorted(values)}。"
        )
    return template.format(**values)
