"""Chinese labels and explanations of the metrics, question types and splits, shared by the reports."""

from __future__ import annotations

from typing import Any

METRIC_LABELS: dict[str, str] = {
    "hit@1": "hit@1", "hit@5": "hit@5", "recall@5": "recall@5", "recall@10": "recall@10",
    "mrr@10": "MRR@10", "ndcg@10": "nDCG@10",
    "citation_precision": "引用准确率", "citation_recall": "引用召回率", "grounded_answers": "有据回答率", "answer_coverage": "要点覆盖率",
    "supported_share": "有据句子占比", "refusal_precision": "拒答精确率", "refusal_recall": "拒答召回率",
    "refusal_accuracy": "拒答准确率", "quiz_accuracy": "测验题答对率", "faithfulness": "忠实度（模型评审）",
    "answer_relevance": "切题度（模型评审）",
}
METRIC_HELP: dict[str, str] = {
    "hit@1": "第 1 条检索结果就是相关段落的题目占比。",
    "hit@5": "前 5 条检索结果中至少有 1 条相关段落的题目占比。",
    "recall@5": "前 5 条结果覆盖的预期出处占全部预期出处的比例。",
    "recall@10": "前 10 条结果覆盖的预期出处占全部预期出处的比例。",
    "mrr@10": "第一条相关段落排名的倒数的平均值（前 10 名以外记 0），越接近 1 越靠前。",
    "ndcg@10": "按排名折损的命中得分与理想排序之比，同时反映覆盖和排序。",
    "citation_precision": "回答所引用的段落中，确实来自预期出处且包含证据的比例。",
    "citation_recall": "预期出处中被回答引用到的比例（误拒答记 0）。",
    "grounded_answers": "可回答的题目中，回答了且至少一处引用来自预期出处并含证据的比例（误拒答记为未达到）。",
    "answer_coverage": "标注的关键短语出现在回答或其引用段落中的比例。",
    "supported_share": "回答中能在所引段落里找到至少 60% 字符二元组的句子占比。",
    "refusal_precision": "系统拒答的题目中，确实应当拒答的比例。",
    "refusal_recall": "应当拒答的题目中，系统确实拒答的比例。",
    "refusal_accuracy": "该答的答了、该拒的拒了的题目占比。",
    "quiz_accuracy": "测验题（选择题、填空题）中，回答给出的选项或填空（Answer.quiz_choice）与标准答案一致的比例；没有给出选项记为答错。",
    "faithfulness": "大模型评审：回答内容有参考资料依据的程度。",
    "answer_relevance": "大模型评审：回答切题的程度。",
}
TYPE_LABELS: dict[str, str] = {
    "fact": "事实", "howto": "操作", "paraphrase": "改写", "traditional": "繁体", "article": "条文",
    "version": "版本", "multiturn": "多轮", "quiz": "测验", "unanswerable": "无法回答", "offtopic": "无关",
}
SPLIT_LABELS: dict[str, str] = {"dev": "开发集", "test": "测试集"}
TURN_LABELS: dict[str, str] = {"followup": "追问（省略式，需结合上文）", "standalone": "上文无关的新问题"}


def fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)):
        return f"{value:.{digits}f}"
    return str(value)
