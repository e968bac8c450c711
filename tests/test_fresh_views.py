"""One truth across processes: a running service sees, by meaning and by keyword, what another process
ingested into the knowledge base it serves (embedded folder, or one `chroma run` server)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from assistant.service import Service, build_service
from assistant.settings import build_settings
from ingest.pipeline import Ingestor
from tests import fixtures as F
from tests.test_store_server import chroma_url  # noqa: F401  (the real `chroma run` fixture)

REPO = Path(__file__).resolve().parents[1]

# Only the new document answers this, and it shares no content word with the question: only the dense
# (meaning) side can find it.
NEW_DOC = "职工疗休养安排\n\n公司工会组织本年度评选出的劳动模范赴海滨城市疗养休整七天，费用由工会经费列支。\n"
PARAPHRASE = "先进工作者去海边休假怎么安排"


def _cli_ingest(path: Path, data_dir: Path, env: dict[str, str] | None = None) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ingest", str(path), "--data-dir", str(data_dir)],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _wait_for_dense(service: Service, source_name: str, seconds: float = 15.0) -> float:
    """Seconds until the paraphrase's best hit is the new document with a dense score."""
    started = time.monotonic()
    while True:
        hits = service.search(PARAPHRASE).hits
        if hits and hits[0].document.source.endswith(source_name) and hits[0].dense is not None:
            return time.monotonic() - started
        assert time.monotonic() - started < seconds, [(h.document.source, h.dense, h.lexical) for h in hits]
        time.sleep(0.2)


def _seed(service: Service, folder: Path) -> None:
    runtime = service.runtime
    report = Ingestor(runtime.settings, runtime.store, runtime.embedder).ingest(
        [F.heading_docx(folder), F.markdown_file(folder)]
    )
    assert not report.failed


def test_running_service_sees_a_cli_ingest_by_meaning(tmp_path: Path) -> None:
    data_dir = tmp_path / "kb"
    app = build_service(build_settings(data_dir, index_refresh_seconds=0.5))
    _seed(app, tmp_path)
    assert not any(h.document.source.endswith("疗休养.txt") for h in app.search(PARAPHRASE).hits)

    _cli_ingest(F.text_file(tmp_path / "new", "疗休养.txt", NEW_DOC), data_dir)

    assert _wait_for_dense(app, "疗休养.txt") < 5.0
    # and a removal by another process disappears from dense search as well
    run = subprocess.run([sys.executable, "-m", "ingest", "remove", str(tmp_path / "new" / "疗休养.txt"),
                          "--data-dir", str(data_dir)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    time.sleep(0.6)
    hits = app.search(PARAPHRASE).hits
    assert hits and not any(h.document.source.endswith("疗休养.txt") for h in hits)
    assert any(h.dense is not None for h in hits)  # the reopened store still answers by meaning


def test_two_processes_on_one_chroma_server_share_dense_and_lexical(tmp_path: Path, chroma_url: str) -> None:  # noqa: F811
    app = build_service(build_settings(tmp_path / "app1", chroma_url=chroma_url, index_refresh_seconds=0.5))
    _seed(app, tmp_path)
    app.search(PARAPHRASE)

    # another "app process" (its own data dir) writes through the same server
    _cli_ingest(F.text_file(tmp_path / "new", "疗休养.txt", NEW_DOC), tmp_path / "app2",
                {"DJQA_CHROMA_URL": chroma_url})

    assert _wait_for_dense(app, "疗休养.txt") < 5.0
    hit = app.search("劳动模范 疗养休整").hits[0]
    assert hit.document.source.endswith("疗休养.txt") and hit.lexical and hit.dense is not None
