"""`python -m ingest` as a user runs it: Chinese summary, exit codes, --json, list, remove."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests import fixtures as F

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def _counts(stdout: str) -> dict[str, int]:
    line = stdout.strip().splitlines()[-1]
    assert line.startswith("共 "), stdout
    return {label: int(n) for label, n in re.findall(r"(新增|未变|更新|失败) (\d+)", line)}


def test_ingest_summary_exit_codes_list_and_remove(tmp_path: Path) -> None:
    folder = tmp_path / "资料 文件夹"
    folder.mkdir()
    F.markdown_file(folder)
    notice = F.text_file(folder, "通知.txt", "学习通知\n\n本月主题党日组织党员赴革命纪念馆开展现场教学。\n")
    broken = F.encrypted_pdf(folder)
    data = tmp_path / "kb"

    first = _run(str(folder), "--data-dir", str(data))

    assert first.returncode == 1, first.stderr  # a file failed: exit 1, after the others were done
    assert _counts(first.stdout) == {"新增": 2, "未变": 0, "更新": 0, "失败": 1}
    assert re.search(r"\[失败\] .*加密文件\.pdf：.*加密", first.stdout)
    assert "[新增]" in first.stdout and "主题党日.md" in first.stdout

    broken.unlink()
    notice.write_text("学习通知\n\n本月主题党日改在会议室集中学习党章。\n", encoding="utf-8")
    second = _run(str(folder), "--data-dir", str(data), "--json")

    assert second.returncode == 0, second.stderr
    results = {Path(r["path"]).name: r for r in json.loads(second.stdout)["results"]}
    assert {n: r["outcome"] for n, r in results.items()} == {"主题党日.md": "unchanged", "通知.txt": "replaced"}
    assert results["通知.txt"]["chunks"] >= 1 and results["通知.txt"]["title"] == "学习通知"

    listed = _run("list", "--data-dir", str(data), "--json")
    assert listed.returncode == 0, listed.stderr
    docs = {d["title"]: d for d in json.loads(listed.stdout)}
    assert set(docs) == {"主题党日活动指引", "学习通知"}
    assert all(d["chunks"] >= 1 for d in docs.values())

    removed = _run("remove", docs["学习通知"]["doc_id"][:10], "--data-dir", str(data))
    assert removed.returncode == 0, removed.stderr
    assert "已删除「学习通知」" in removed.stdout

    listed = _run("list", "--data-dir", str(data))
    assert listed.returncode == 0
    assert "主题党日活动指引" in listed.stdout and "学习通知" not in listed.stdout
    assert "共 1 个文档" in listed.stdout

    missing = _run("remove", "ffffffffffff", "--data-dir", str(data))
    assert missing.returncode == 1
    assert "找不到" in missing.stderr


def test_odd_file_names_and_a_missing_path(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    odd = F.odd_named_files(folder)
    dash = next(p for p in odd if p.name.startswith("-"))
    data = tmp_path / "kb"

    # run from the folder so the dash name is a bare relative argument, after "--"
    single = subprocess.run(
        [sys.executable, "-m", "ingest", "--data-dir", str(data), "--json", "--", dash.name],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )
    assert single.returncode == 0, single.stderr
    assert json.loads(single.stdout)["results"][0]["outcome"] == "added"

    whole = _run(str(folder), str(tmp_path / "不存在.txt"), "--data-dir", str(data), "--json")

    assert whole.returncode == 1
    results = {Path(r["path"]).name: r for r in json.loads(whole.stdout)["results"]}
    assert results[dash.name]["outcome"] == "unchanged"
    assert {results[p.name]["outcome"] for p in odd if p != dash} == {"added"}
    assert results["不存在.txt"]["outcome"] == "failed" and "不存在" in results["不存在.txt"]["message"]
