"""Model-judged metrics (faithfulness, answer relevance): only when a chat model is configured.

The judge is the same LangChain chat model the answer engine uses, asked with a short prompt to
score one answer from 0 to 1. Without a configured model the metrics are reported as not run,
never as 0 and never as passed.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from assistant.settings import Settings
from eval import metrics as m

NOT_CONFIGURED = "未运行（未配置大模型）"
JUDGED_KEYS: tuple[str, ...] = ("faithfulness", "answer_relevance")

FAITHFULNESS_PROMPT = """你是严格的评审。下面是若干参考资料和一个回答。
请判断回答中的每一句话是否都能在参考资料中找到依据。
只输出一个 0 到 1 之间的小数：1 表示完全有依据，0 表示完全没有依据。

参考资料：
{passages}

回答：
{answer}
"""

RELEVANCE_PROMPT = """你是严格的评审。请判断下面的回答是否切题、直接回应了问题。
只输出一个 0 到 1 之间的小数：1 表示完全切题，0 表示答非所问。

问题：{question}

回答：
{answer}
"""

_NUMBER = re.compile(r"(?<![\d.])(0(?:\.\d+)?|1(?:\.0+)?)(?![\d.])")


def parse_score(text: str) -> float | None:
    """The first number between 0 and 1 in a judge's reply, or None."""
    found = _NUMBER.search(text)
    return float(found.group(1)) if found else None


def _chat_model(settings: Settings) -> Any:
    """The answer engine's chat model factory (assistant.answer.llm.build_chat_model)."""
    from assistant.answer.llm import build_chat_model  # the engine's factory; absent until the engine exists

    return build_chat_model(settings)


def _ask(model: Any, prompt: str) -> float | None:
    reply = model.invoke(prompt)
    return parse_score(str(getattr(reply, "content", reply)))


def judge_records(model: Any, items: Sequence[tuple[dict[str, Any], list[str]]]) -> dict[str, Any]:
    """Score every answered, not refused question (record, texts of its cited passages) with ``model``."""
    scores: dict[str, list[float | None]] = {k: [] for k in JUDGED_KEYS}
    for r, cited in items:
        answer = r.get("answer")
        if not answer or answer["refused"]:
            continue
        passages = "\n".join(f"[{c['n']}] {text}" for c, text in zip(answer["citations"], cited)) or "（无）"
        faith = _ask(model, FAITHFULNESS_PROMPT.format(passages=passages, answer=answer["text"]))
        relevance = _ask(model, RELEVANCE_PROMPT.format(question=r["question"], answer=answer["text"]))
        answer["judged"] = {"faithfulness": faith, "answer_relevance": relevance}
        scores["faithfulness"].append(faith)
        scores["answer_relevance"].append(relevance)
    return {"status": "ok", "overall": {k: m.mean(v) for k, v in scores.items()},
            "n": len(scores["faithfulness"])}


def judge_answers(settings: Settings, items: Sequence[tuple[dict[str, Any], list[str]]]) -> dict[str, Any]:
    """Judged metrics of the full system's answers, or the reason they were not run."""
    if not settings.llm_configured:
        return {"status": "not_run", "reason": NOT_CONFIGURED}
    try:
        model = _chat_model(settings)
    except ImportError:
        return {"status": "not_run", "reason": "未运行（问答引擎未提供大模型工厂）"}
    try:
        return judge_records(model, items)
    except Exception as exc:  # an unreachable endpoint must not lose the rest of the report
        return {"status": "not_run", "reason": f"未运行（大模型调用失败：{type(exc).__name__}）"}
