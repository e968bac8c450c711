"""Server mode: a real `chroma run` on 127.0.0.1 shared by two service instances (two "app processes")."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from ingest.pipeline import Ingestor
from tests import fixtures as F

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not start: {(tmp_path / 'chroma.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _settings(tmp_path: Path, name: str, url: str) -> Settings:
    return build_settings(tmp_path / name, chroma_url=url, index_refresh_seconds=1.0)


def _ingest(service: Service, *paths: Path) -> None:
    runtime = service.runtime
    report = Ingestor(runtime.settings, runtime.store, runtime.embedder).ingest(list(paths))
    assert not report.failed, [r.message for r in report.of("failed")]


def test_two_app_instances_share_one_chroma_server(tmp_path: Path, chroma_url: str) -> None:
    writer = build_service(_settings(tmp_path, "app1", chroma_url))
    reader = build_service(_settings(tmp_path, "app2", chroma_url))  # its own cache dir: nothing shared on disk
    assert not (tmp_path / "app1" / "chroma").exists()  # server mode keeps no embedded store

    _ingest(writer, F.heading_docx(tmp_path), F.markdown_file(tmp_path))

    time.sleep(1.1)  # the reader's lexical index checks the store at most once a second
    hit = reader.search("党员先锋岗 急难险重任务 党员责任区").hits[0]
    assert hit.document.source.endswith("工作方案.docx") and "党员先锋岗" in hit.chunk.text
    hit = reader.search("重温入党誓词 交纳党费").hits[0]
    assert hit.document.source.endswith("主题党日.md")

    # An ingestion through one instance becomes visible to the other's lexical index after its refresh.
    phrase = "井冈山精神现场教学"
    new = F.text_file(tmp_path, "培训.txt", f"培训安排\n\n组织党员骨干开展{phrase}，重走挑粮小道。\n")
    reader.search("任意问题")  # the reader's snapshot is now current
    _ingest(writer, new)
    time.sleep(1.1)
    assert any(phrase in c.text for c in reader.retriever.catalogue().chunks)
    hits = reader.search(f"{phrase} 挑粮小道").hits
    assert hits[0].document.source.endswith("培训.txt")
    assert hits[0].lexical and hits[0].lexical > 0

    # and a removal through the reader disappears for the writer
    doc = hits[0].document
    reader.runtime.store.delete_document(doc.doc_id)
    time.sleep(1.1)
    assert all(h.chunk.doc_id != doc.doc_id for h in writer.search(f"{phrase} 挑粮小道").hits)
