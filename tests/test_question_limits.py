"""Questions that must not cost an answer: too long (web page, API, command line), made of no words,
and a second question of one client while its first is still being answered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from assistant.webui.handlers import Handlers
from tests.web_helpers import serve

REPO = Path(__file__).resolve().parents[1]
# Made up for these tests.
DOC = """# 青松班组安全例会规程

青松班组每周一早上七点半召开安全例会，由班组长通报上周隐患整改情况。会议记录由安全员保管，保存期限为三年。
"""
QUESTION = "青松班组的安全例会在什么时候召开？"
PUNCTUATION = "？？？！！！。。。，，，"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Service, Handlers]:
    root = tmp_path_factory.mktemp("question-kb")
    (root / "in").mkdir()
    doc = root / "in" / "青松班组安全例会规程.md"
    doc.write_text(DOC, encoding="utf-8")
    settings = build_settings(root / "kb")
    service = build_service(settings)
    handlers = Handlers(service, settings)
    assert handlers.upload([doc])[0][1] == "新增"
    return settings, service, handlers


def _long(n: int) -> str:
    return (QUESTION * (n // len(QUESTION) + 1))[:n]


def test_the_longest_allowed_question_is_answered_and_one_more_character_is_refused(kb) -> None:
    settings, service, _ = kb
    limit = settings.max_question_chars
    assert not service.ask(_long(limit)).refused  # the limit itself is accepted
    with pytest.raises(Exception) as error:
        service.ask(_long(limit + 1))
    assert f"共 {limit + 1} 字，上限为 {limit} 字" in str(error.value)
    with pytest.raises(Exception):
        service.search(_long(200_000))


def test_web_chat_refuses_a_long_question_keeps_it_in_the_box_and_answers_the_next(kb) -> None:
    settings, _, h = kb
    long = _long(settings.max_question_chars + 1)
    *_, (box, messages, sources, turns) = h.chat(long, [])
    assert box == long  # left for the user to shorten
    assert "问题太长" in messages[-1]["content"] and "问题太长" in sources
    assert len(messages[0]["content"]) < 100  # the question is shown shortened
    *_, (_, messages, sources, turns) = h.chat(QUESTION, turns)
    assert "七点半" in messages[-1]["content"] and "青松班组安全例会规程" in sources


def test_punctuation_only_question_is_refused_without_sources(kb) -> None:
    _, service, h = kb
    answer = service.ask(PUNCTUATION)
    assert answer.refused and answer.citations == [] and answer.hits == []
    assert "没有文字" in answer.text
    *_, (_, messages, sources, _) = h.chat(PUNCTUATION, [])
    assert "没有找到能够回答" in messages[-1]["content"] and "[1]" not in messages[-1]["content"]
    assert "没有找到相关原文" in sources


def test_a_session_answering_already_is_told_to_wait_and_others_are_not(kb) -> None:
    _, _, h = kb
    with h.gate.enter("tab-1"):
        *_, (_, messages, _, turns) = h.chat(QUESTION, [], session="tab-1")
        assert "上一个问题还在回答中" in messages[-1]["content"] and turns[-1]["error"]
        *_, (_, messages, _, _) = h.chat(QUESTION, [], session="tab-2")
        assert "七点半" in messages[-1]["content"]
        with pytest.raises(Exception) as busy:
            h.ask(QUESTION, session="tab-1")
        assert "上一个问题还在回答中" in str(busy.value)
    assert h.gate.busy("tab-1") == 0 and h.ask(QUESTION, session="tab-1")["refused"] is False


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_cli_refuses_a_long_question_and_a_batch_goes_on(kb, tmp_path: Path) -> None:
    settings, _, _ = kb
    limit = settings.max_question_chars
    single = _cli("ask", _long(limit + 1), "--data-dir", str(settings.data_dir))
    assert single.returncode == 2 and "问题太长" in single.stderr and single.stdout == ""
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps({"id": i, "question": q}, ensure_ascii=False)
                               for i, q in enumerate([_long(limit + 50), QUESTION])), encoding="utf-8")
    out = _cli("ask", "--batch", str(batch), "--data-dir", str(settings.data_dir), "--json")
    assert out.returncode == 1
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["id"] == 0 and "问题太长" in first["error"]
    assert second["id"] == 1 and "七点半" in second["answer"]


@pytest.fixture(scope="module")
def url(kb) -> Iterator[str]:
    settings, service, _ = kb
    with serve(service, settings) as url:
        yield url


def _call(url: str, endpoint: str, data: list) -> tuple[str, dict | list | None]:
    """(event, data) of one call through Gradio's plain HTTP API."""
    start = httpx.post(f"{url}gradio_api/call/{endpoint}", json={"data": data}, timeout=30)
    start.raise_for_status()
    text = httpx.get(f"{url}gradio_api/call/{endpoint}/{start.json()['event_id']}", timeout=120).text
    lines = [line for line in text.splitlines() if line.strip()]
    event = next(line for line in reversed(lines) if line.startswith("event:")).split(":", 1)[1].strip()
    payload = json.loads(next(line for line in reversed(lines) if line.startswith("data:")).split(":", 1)[1])
    return event, payload


@pytest.mark.slow
def test_api_says_why_in_chinese(kb, url: str) -> None:
    settings, _, _ = kb
    event, payload = _call(url, "ask", [_long(settings.max_question_chars + 1), "extractive", 3, None, None])
    assert event == "error" and "问题太长" in payload["error"]
    event, payload = _call(url, "ask", [QUESTION, "extractive", 3, None, None])
    assert event == "complete" and "七点半" in payload[0]["answer"]
    secret = REPO / "pyproject.toml"  # a file on the server that was never uploaded
    for raw in ([str(secret)], [{"path": str(secret), "meta": {"_type": "gradio.FileData"}}]):
        event, payload = _call(url, "upload", [raw, False])
        assert event == "error" and "handle_file" in payload["error"], payload  # says how to upload instead
