"""Writing an evaluation report as JSON, Markdown and one self-contained HTML page (inline CSS and SVG)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any, Sequence

from eval.aggregate import ANSWER_KEYS
from eval.charts import grouped_bars, histogram
from eval.dataset import QUESTION_TYPES
from eval.labels import METRIC_HELP, METRIC_LABELS, SPLIT_LABELS, TYPE_LABELS, fmt
from eval.metrics import RETRIEVAL_KEYS
from eval.split_report import overview_table, splits_of, target_table, test_failure_counts, turn_kind_table, type_count_table
from eval.thresholds import check_gates, full_value, shortfall, target_statuses

CHART_METRICS: tuple[str, ...] = ("hit@5", "mrr@10", "ndcg@10")


# ---------------------------------------------------------------- shared helpers


def clip(text: str, chars: int) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= chars else flat[:chars] + "…"


def _types(report: dict[str, Any]) -> list[str]:
    present = {q["type"] for q in report["questions"]}
    return [t for t in QUESTION_TYPES if t in present]


def _answerable_types(report: dict[str, Any]) -> list[str]:
    present = {q["type"] for q in report["questions"] if q["answerable"]}
    return [t for t in QUESTION_TYPES if t in present]


def failures(report: dict[str, Any], split: str | None = None) -> list[dict[str, Any]]:
    """Questions the full system got wrong (of one split, or all): retrieval miss at 5, wrong refusal,
    missing citation, quiz item not answered with the keyed option."""
    out: list[dict[str, Any]] = []
    for q in report["questions"]:
        if split is not None and q.get("split", "dev") != split:
            continue
        full = q["systems"].get("full")
        answer = q["answer"]
        kinds: list[str] = []
        if full is not None and q["answerable"] and not full.get("hit@5"):
            kinds.append("检索未命中（前 5）")
        if answer is not None:
            if q["answerable"] and answer["refused"]:
                kinds.append("误拒答")
            elif not q["answerable"] and not answer["refused"]:
                kinds.append("应拒未拒")
            if q["answerable"] and not answer["refused"] and not answer["citation_relevant"]:
                kinds.append("缺少有效引用")
            if q["type"] == "quiz" and not answer.get("quiz_correct"):
                kinds.append("测验题未选中标准答案")
        if kinds:
            out.append({"question": q, "kinds": kinds, "top": (full or {}).get("top", [])})
    return out


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A short Chinese summary for the terminal."""
    s = report["settings"]
    lines = [f"评测完成：{s['questions']} 题，嵌入模型 {s['embedder']}，回答模式 {s['answer_mode']}。"]
    for name, system in report["systems"].items():
        o = system["retrieval"]["overall"]
        lines.append(f"  {system['label']}（{name}）：hit@5 {fmt(o.get('hit@5'))}，MRR@10 {fmt(o.get('mrr@10'))}，"
                     f"nDCG@10 {fmt(o.get('ndcg@10'))}")
    full = report["systems"].get("full")
    if full is not None:
        answers = full["answers"]
        if answers["status"] == "ok":
            a = answers["overall"]
            lines.append(f"  回答：拒答准确率 {fmt(a['refusal_accuracy'])}，引用准确率 {fmt(a['citation_precision'])}，"
                         f"有据回答率 {fmt(a['grounded_answers'])}，"
                         f"要点覆盖率 {fmt(a['answer_coverage'])}，有据句子占比 {fmt(a['supported_share'])}")
        else:
            lines.append(f"  回答指标：{answers['reason']}")
    if "test" in splits_of(report):
        lines.append(_test_summary(report))
    judged = report["judged"]
    if judged["status"] != "ok":
        lines.append(f"  模型评审指标：{judged['reason']}")
    per_split = "，".join(f"{SPLIT_LABELS[s]} {len(failures(report, s))} 道" for s in splits_of(report))
    lines.append(f"  失败题目：{per_split}（开发集详见报告）。")
    return lines


def _test_summary(report: dict[str, Any]) -> str:
    def value(group: str, key: str) -> str:
        return fmt(full_value(report, group, key, "test"))

    statuses = target_statuses(report)
    return (f"  测试集（冻结，{sum(1 for q in report['questions'] if q.get('split') == 'test')} 题）：hit@5 {value('retrieval', 'hit@5')}，"
            f"有据回答率 {value('answers', 'grounded_answers')}，引用准确率 {value('answers', 'citation_precision')}，"
            f"拒答准确率 {value('answers', 'refusal_accuracy')}，测验题答对率 {value('answers', 'quiz_accuracy')}；"
            f"有据回答率 开发集 − 测试集 {fmt(shortfall(report, 'answers', 'grounded_answers'))}；"
            f"目标达到 {sum(s.met for s in statuses)}/{len(statuses)}")


def _answers_ok(report: dict[str, Any]) -> bool:
    full = report["systems"].get("full")
    return full is not None and full["answers"]["status"] == "ok"


def _latency_rows(report: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, system in report["systems"].items():
        for kind, label in (("search", "检索"), ("ask", "问答")):
            lat = system["latency"].get(kind)
            if lat:
                rows.append([f"{system['label']}（{name}）", label, fmt(lat["p50"], 1), fmt(lat["p95"], 1), str(lat["n"])])
    return rows


def _judged_rows(report: dict[str, Any]) -> list[list[str]]:
    judged = report["judged"]
    if judged["status"] == "ok":
        return [[METRIC_LABELS[k], fmt(v), METRIC_HELP[k]] for k, v in judged["overall"].items()]
    return [[METRIC_LABELS[k], judged["reason"], METRIC_HELP[k]] for k in ("faithfulness", "answer_relevance")]


def _gate_rows(report: dict[str, Any]) -> list[list[str]]:
    return [[g.name, "通过" if g.passed else "未通过", g.detail] for g in check_gates(report)]


def _expected_text(q: dict[str, Any]) -> str:
    if not q["expected"]:
        return "应拒答（知识库中没有答案）"
    return "；".join(f"{e['file']} {e['locator'] or ''}「{e['evidence']}」" for e in q["expected"])


# ---------------------------------------------------------------- Markdown


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _retrieval_rows(report: dict[str, Any]) -> list[list[str]]:
    return [
        [f"{s['label']}（{name}）", *(fmt(s["retrieval"]["overall"].get(k)) for k in RETRIEVAL_KEYS), str(s["retrieval"]["overall"]["n"])]
        for name, s in report["systems"].items()
    ]


def _type_rows(report: dict[str, Any], key: str = "hit@5") -> tuple[list[str], list[list[str]]]:
    types = _answerable_types(report)
    header = ["系统", *(f"{TYPE_LABELS.get(t, t)}（{t}）" for t in types)]
    rows = [
        [name, *(fmt(s["retrieval"]["by_type"].get(t, {}).get(key)) for t in types)]
        for name, s in report["systems"].items()
    ]
    return header, rows


def _answer_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    answers = report["systems"]["full"]["answers"]
    types = [t for t in _types(report) if t in answers["by_type"]]
    header = ["指标", "全部", *(TYPE_LABELS.get(t, t) for t in types), "说明"]
    rows = [
        [METRIC_LABELS[k], fmt(answers["overall"].get(k)), *(fmt(answers["by_type"][t].get(k)) for t in types), METRIC_HELP[k]]
        for k in ANSWER_KEYS
    ]
    return header, rows


def to_markdown(report: dict[str, Any]) -> str:
    s = report["settings"]
    chars = int(s.get("excerpt_chars", 60))
    parts = [
        "# 党建智答评测报告",
        f"- 时间：{report['created']}　题目数：{s['questions']}　提交：{s.get('git_commit') or '未知'}",
        f"- 嵌入模型：{s['embedder']}　回答模式：{s['answer_mode']}　top_k：{s['top_k']}　数据集：{_datasets(s)}",
        "",
        *_md_split_sections(report),
        "## 检索指标（开发集，可回答题目）",
        _md_table(["系统", *(METRIC_LABELS[k] for k in RETRIEVAL_KEYS), "题数"], _retrieval_rows(report)),
        "",
        *[f"- **{METRIC_LABELS[k]}**：{METRIC_HELP[k]}" for k in RETRIEVAL_KEYS],
        "",
        "## 各题型 hit@5",
        _md_table(*_type_rows(report)),
        "",
        "## 回答、引用与拒答（本系统）",
    ]
    if _answers_ok(report):
        parts.append(_md_table(*_answer_rows(report)))
    else:
        full = report["systems"].get("full")
        parts.append(f"{full['answers']['reason'] if full else '本次未评测本系统'}；基线系统没有回答步骤：不适用。")
    parts += ["", "基线系统只检索、不回答，回答类指标：不适用。", "", "## 模型评审指标",
              _md_table(["指标", "结果", "说明"], _judged_rows(report)), "", "## 延迟（毫秒）",
              _md_table(["系统", "环节", "p50", "p95", "次数"], _latency_rows(report)), "", "## 质量门槛",
              _md_table(["门槛", "结果", "实测"], _gate_rows(report)), "", "## 失败题目（开发集）"]
    for f in _listed_failures(report):
        q = f["question"]
        parts.append(f"### {q['id']}（{q['type']}）{'、'.join(f['kinds'])}")
        parts.append(f"- 问题：{q['question']}")
        parts.append(f"- 预期：{_expected_text(q)}")
        for i, hit in enumerate(f["top"], 1):
            parts.append(f"  {i}. 《{hit['title']}》{hit['locator']}：{clip(hit['excerpt'], chars)}")
        if q["answer"] is not None:
            parts.append(f"- 回答：{clip(q['answer']['text'], chars) or '（空）'}")
        parts.append("")
    if not _listed_failures(report):
        parts.append("无。")
    if "test" in splits_of(report) and not report["settings"].get("show_test_failures"):
        parts += ["", test_failure_counts(failures(report, "test"))]
    return "\n".join(parts) + "\n"


def _datasets(settings: dict[str, Any]) -> str:
    names = [Path(settings["dataset"]).name] + ([Path(settings["test_dataset"]).name] if settings.get("test_dataset") else [])
    return " + ".join(names)


def _listed_failures(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The failures the report lists one by one: dev's, and test's only when the run asked for them."""
    if report["settings"].get("show_test_failures"):
        return failures(report)
    return failures(report, "dev")


SPLIT_INTRO = ("开发集（dev）用于调参；测试集（test）冻结、从不用于调参，只看汇总。差距为测试集减开发集。"
               "以下其余各节为开发集的明细。")


def _md_split_sections(report: dict[str, Any]) -> list[str]:
    if "test" not in splits_of(report):
        return []
    return ["## 开发集与测试集（本系统）", SPLIT_INTRO, "", _md_table(*overview_table(report)), "",
            "### 题型分布", _md_table(*type_count_table(report)), "",
            "### 多轮题：追问与上文无关的新问题", _md_table(*turn_kind_table(report)), "",
            "### 测试集：目标、CI 底线与实测", _md_table(*target_table(report)), ""]


# ---------------------------------------------------------------- HTML

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{color:#a93226}h2{border-bottom:2px solid #c0392b;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f6e3e1}td.num{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#1e8449}.fail{color:#c0392b;font-weight:bold}
.chart{width:100%;max-width:760px;font-size:12px;display:block;margin:1em 0}.chart .t{font-size:15px;font-weight:bold}.chart .grid{stroke:#ddd}
.meta{color:#555}.fail-item{border-left:4px solid #c0392b;padding:.3em .8em;margin:1em 0;background:#fbf3f2}
.tag{display:inline-block;background:#c0392b;color:#fff;border-radius:3px;padding:0 .4em;margin-right:.3em;font-size:.85em}
.help{color:#555;font-size:.9em}ol{margin:.3em 0}
"""


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if numeric_from <= i and _is_number(cell) else ""
            if cell in {"通过", "未通过", "达到", "未达到"}:
                cls = ' class="pass"' if cell in {"通过", "达到"} else ' class="fail"'
            cells.append(f"<td{cls}>{escape(str(cell))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _charts(report: dict[str, Any]) -> list[str]:
    systems = report["systems"]
    charts = [grouped_bars(
        "各系统检索指标", [METRIC_LABELS[k] for k in CHART_METRICS],
        [(f"{s['label']}", [s["retrieval"]["overall"].get(k) for k in CHART_METRICS]) for s in systems.values()],
    )]
    types = _answerable_types(report)
    charts.append(grouped_bars(
        "各题型 hit@5", [TYPE_LABELS.get(t, t) for t in types],
        [(s["label"], [s["retrieval"]["by_type"].get(t, {}).get("hit@5") for t in types]) for s in systems.values()],
    ))
    if "full" in systems:
        asked = [q["answer"]["latency_ms"] for q in report["questions"] if q["answer"]]
        if asked:
            charts.append(histogram("本系统问答延迟分布", asked))
        else:
            charts.append(histogram("本系统检索延迟分布", [q["systems"]["full"]["latency_ms"] for q in report["questions"]
                                                    if "full" in q["systems"]]))
    return charts


def _failure_html(f: dict[str, Any], chars: int) -> str:
    q = f["question"]
    tags = "".join(f'<span class="tag">{escape(k)}</span>' for k in f["kinds"])
    top = "".join(
        f"<li>《{escape(h['title'])}》{escape(h['locator'])}{' ✔' if h['relevant'] else ''}：{escape(clip(h['excerpt'], chars))}</li>"
        for h in f["top"]
    ) or "<li>（无）</li>"
    history = ""
    if q["history"]:
        history = "<div class='help'>上文：" + escape(" / ".join(clip(t["content"], chars) for t in q["history"])) + "</div>"
    answer = ""
    if q["answer"] is not None:
        cited = "、".join(f"[{c['n']}]《{c['title']}》{c['locator']}" for c in q["answer"]["citations"]) or "无"
        answer = (f"<div>回答{'（拒答）' if q['answer']['refused'] else ''}：{escape(clip(q['answer']['text'], chars)) or '（空）'}</div>"
                  f"<div class='help'>引用：{escape(cited)}</div>")
    return (f"<div class='fail-item'><div>{tags}<b>{escape(q['id'])}</b>（{escape(q['type'])}）{escape(q['question'])}</div>"
            f"{history}<div>预期：{escape(_expected_text(q))}</div><div>检索前 5：</div><ol>{top}</ol>{answer}</div>")


def to_html(report: dict[str, Any]) -> str:
    s = report["settings"]
    chars = int(s.get("excerpt_chars", 60))
    charts = _charts(report)
    help_list = "".join(f"<li><b>{escape(METRIC_LABELS[k])}</b>：{escape(METRIC_HELP[k])}</li>" for k in RETRIEVAL_KEYS)
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>党建智答评测报告</title>",
        f"<style>{CSS}</style></head><body><h1>党建智答评测报告</h1>",
        f"<p class='meta'>时间 {escape(report['created'])} · 题目 {s['questions']} · 嵌入模型 {escape(s['embedder'])} · "
        f"回答模式 {escape(s['answer_mode'])} · top_k {s['top_k']} · 提交 {escape(s.get('git_commit') or '未知')} · "
        f"数据集 {escape(_datasets(s))}</p>",
        *_html_split_sections(report),
        "<h2>检索指标（开发集，可回答题目）</h2>", *charts[:1],
        _html_table(["系统", *(METRIC_LABELS[k] for k in RETRIEVAL_KEYS), "题数"], _retrieval_rows(report)),
        f"<ul class='help'>{help_list}</ul>",
        "<h2>各题型 hit@5</h2>", *charts[1:2], _html_table(*_type_rows(report)),
        "<h2>回答、引用与拒答（本系统）</h2>",
    ]
    if _answers_ok(report):
        parts.append(_html_table(*_answer_rows(report)))
    else:
        full = report["systems"].get("full")
        parts.append(f"<p>{escape(full['answers']['reason'] if full else '本次未评测本系统')}</p>")
    parts += [
        "<p class='help'>基线系统只检索、不回答，回答类指标：不适用。</p>",
        "<h2>模型评审指标</h2>", _html_table(["指标", "结果", "说明"], _judged_rows(report)),
        "<h2>延迟（毫秒）</h2>", *charts[2:], _html_table(["系统", "环节", "p50", "p95", "次数"], _latency_rows(report)),
        "<h2>质量门槛</h2>", _html_table(["门槛", "结果", "实测"], _gate_rows(report)),
        f"<h2>失败题目（{'全部' if s.get('show_test_failures') else '开发集'}，{len(_listed_failures(report))}）</h2>",
        *(_failure_html(f, chars) for f in _listed_failures(report)),
        *([f"<p>{escape(test_failure_counts(failures(report, 'test')))}</p>"]
          if "test" in splits_of(report) and not s.get("show_test_failures") else []),
        "</body></html>",
    ]
    return "\n".join(parts)


def _html_split_sections(report: dict[str, Any]) -> list[str]:
    if "test" not in splits_of(report):
        return []
    return ["<h2>开发集与测试集（本系统）</h2>", f"<p class='help'>{escape(SPLIT_INTRO)}</p>",
            _html_table(*overview_table(report)), "<h3>题型分布</h3>", _html_table(*type_count_table(report)),
            "<h3>多轮题：追问与上文无关的新问题</h3>", _html_table(*turn_kind_table(report), numeric_from=2),
            "<h3>测试集：目标、CI 底线与实测</h3>", _html_table(*target_table(report))]


def write_reports(report: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into ``out_dir``; their paths by format."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "html": out_dir / "report.html"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["md"].write_text(to_markdown(report), encoding="utf-8")
    paths["html"].write_text(to_html(report), encoding="utf-8")
    return paths
