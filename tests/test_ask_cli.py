"""python -m assistant ask, as a user runs it (subprocess), on the session's corpus knowledge base."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer import REFUSAL_SENTENCE
from assistant.settings import Settings

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", "ask", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_ask_json_prints_one_answer_object(corpus_settings: Settings) -> None:
    proc = _run("党章第九条是怎么规定的？", "--data-dir", str(corpus_settings.data_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["question"] == "党章第九条是怎么规定的？"
    assert data["refused"] is False and data["mode"] == "extractive"
    assert "党员有退党的自由" in data["answer"]
    assert data["citations"][0]["n"] == 1 and data["citations"][0]["locator"] == "第九条"
    assert data["hits"] and data["latency_ms"] > 0


def test_ask_batch_keeps_order_ids_and_history(corpus_settings: Settings, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "question": "明天北京天气怎么样？"},
        {"id": "b", "question": "党章第九条是怎么规定的？"},
        {"id": "c", "question": "第十条呢？", "history": [{"role": "user", "content": "党章第九条是怎么规定的？"}]},
    ]
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    proc = _run("--batch", str(batch), "--data-dir", str(corpus_settings.data_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["refused"] is True and out[0]["answer"] == REFUSAL_SENTENCE and out[0]["citations"] == []
    assert out[2]["citations"][0]["locator"] == "第十条"


def test_ask_readable_output_lists_numbered_sources(corpus_settings: Settings) -> None:
    proc = _run("党章第九条是怎么规定的？", "--data-dir", str(corpus_settings.data_dir))
    assert proc.returncode == 0, proc.stderr
    assert "来源：" in proc.stdout
    assert "[1] 《中国共产党章程》第九条（已被取代）" in proc.stdout
