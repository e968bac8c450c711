"""Hostile archives and oversized text: rejected quickly, in bounded memory, with a Chinese message
naming the limit, through the CLI and the web upload, and nothing already stored is lost."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from assistant.errors import IngestError
from ingest.limits import ParseLimits
from ingest.loaders import load_file
from tests import fixtures as F
from tests.hostile import zip_bomb_docx

REPO = Path(__file__).resolve().parents[1]
KEPT = "学习通知\n\n青松班组每周一早上七点半召开安全例会，由班组长通报上周隐患整改情况。\n"
RSS_LIMIT_MB = 300  # the whole `python -m ingest` process, embedder and store included
UPLOAD_GROWTH_MB = 50  # the web app holds the model already (about 320 MB at rest); the bomb may add little
SECONDS_LIMIT = 5.0

# Runs in a fresh interpreter so that its peak memory is the upload's own; prints one JSON line.
_UPLOAD_SCRIPT = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from assistant.service import build_service
    from assistant.settings import build_settings
    from assistant.webui.handlers import Handlers

    settings = build_settings(sys.argv[1])
    handlers = Handlers(build_service(settings), settings)
    kept = handlers.upload([sys.argv[2]])
    handlers.search("班组安全例会什么时候召开")  # the serving process at rest: model, store and indexes loaded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    rows = handlers.upload([sys.argv[3]])
    seconds = time.perf_counter() - started
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    hits = handlers.search("班组安全例会什么时候召开")["hits"]
    print(json.dumps({"kept": kept, "rows": rows, "seconds": seconds, "docs": handlers.document_list(),
                      "top": hits[0]["text"] if hits else "", "growth_mb": growth}, ensure_ascii=False))
""")


def _child_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def test_zip_bomb_docx_is_rejected_fast_by_the_cli_and_stored_documents_stay(tmp_path: Path) -> None:
    bomb = zip_bomb_docx(tmp_path)
    inside = sum(i.file_size for i in zipfile.ZipFile(bomb).infolist())
    assert bomb.stat().st_size < 3 * 1048576 and inside > 250 * 1048576  # small on disk, hundreds of MB inside
    kept = F.text_file(tmp_path, "通知.txt", KEPT)
    data = tmp_path / "kb"
    run = [sys.executable, "-m", "ingest"]
    first = subprocess.run([*run, str(kept), "--data-dir", str(data)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr

    # measured in a child of a child, so RUSAGE_CHILDREN of that one child is the CLI's own peak
    probe = textwrap.dedent(f"""
        import json, resource, subprocess, sys
        p = subprocess.run({[*run, str(bomb), "--data-dir", str(data), "--json"]!r}, capture_output=True, text=True, timeout=300)
        print(json.dumps({{"rc": p.returncode, "out": p.stdout, "err": p.stderr,
                          "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
    """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=360)
    outcome = json.loads(done.stdout)

    assert outcome["rc"] == 1, outcome["err"]
    report = json.loads(outcome["out"])
    (result,) = report["results"]
    assert result["outcome"] == "failed" and result["reason"] == "archive_too_large"
    assert "解压后" in result["message"] and "DJQA_ARCHIVE_MAX_UNPACKED_MB" in result["message"]
    assert report["seconds"] < SECONDS_LIMIT
    assert outcome["rss_mb"] < RSS_LIMIT_MB, outcome["rss_mb"]
    listed = subprocess.run([*run, "list", "--data-dir", str(data), "--json"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert [d["title"] for d in json.loads(listed.stdout)] == ["学习通知"]


def test_zip_bomb_docx_is_rejected_fast_by_the_web_upload(tmp_path: Path) -> None:
    bomb = zip_bomb_docx(tmp_path)
    kept = F.text_file(tmp_path, "通知.txt", KEPT)
    done = subprocess.run([sys.executable, "-c", _UPLOAD_SCRIPT, str(tmp_path / "kb"), str(kept), str(bomb)],
                          cwd=REPO, capture_output=True, text=True, timeout=360)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])

    assert outcome["kept"][0][1] == "新增"
    ((name, label, message),) = outcome["rows"]
    assert name == "炸弹.docx" and label == "失败" and "疑似压缩炸弹" in message
    assert outcome["seconds"] < SECONDS_LIMIT
    assert outcome["growth_mb"] < UPLOAD_GROWTH_MB, outcome["growth_mb"]  # the bomb adds (almost) nothing to the peak
    assert [d["title"] for d in outcome["docs"]] == ["学习通知"]
    assert "七点半" in outcome["top"]
    assert not (tmp_path / "kb" / "uploads" / "炸弹.docx").exists()


def _limits(**changes: int | float) -> ParseLimits:
    from dataclasses import replace

    return replace(ParseLimits.defaults(), **changes)


def test_compression_ratio_and_entry_count_have_their_own_limits(tmp_path: Path) -> None:
    small_bomb = zip_bomb_docx(tmp_path, "小炸弹.docx", inner_mb=20, padding_mb=0)
    with pytest.raises(IngestError) as ratio:
        load_file(small_bomb, limits=_limits())
    assert ratio.value.reason == "archive_ratio" and "压缩比" in str(ratio.value) and "DJQA_ARCHIVE_MAX_RATIO" in str(ratio.value)

    normal = F.heading_docx(tmp_path)
    assert load_file(normal, limits=_limits()).blocks  # an ordinary DOCX passes every limit
    entries = len(zipfile.ZipFile(normal).infolist())
    with pytest.raises(IngestError) as many:
        load_file(normal, limits=_limits(archive_max_entries=entries - 1))
    assert many.value.reason == "archive_entries" and f"{entries} 个压缩条目" in str(many.value)


@pytest.mark.parametrize("make", [F.heading_docx, F.text_pdf, F.noisy_html, F.markdown_file])
def test_extracted_text_stops_at_the_text_limit(tmp_path: Path, make) -> None:
    path = make(tmp_path)
    total = sum(len(b.text) for b in load_file(path, limits=_limits()).blocks)
    with pytest.raises(IngestError) as error:
        load_file(path, limits=_limits(max_text_chars=total // 2))
    assert error.value.reason == "too_much_text"
    assert f"超过 {total // 2} 字的上限" in str(error.value) and "DJQA_MAX_TEXT_CHARS" in str(error.value)
