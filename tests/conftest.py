"""Shared fixtures: real Chroma in temporary directories, the real bundled embedder, the shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DJQA_CORPUS_DIR", REPO.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory unless it builds settings explicitly."""
    monkeypatch.setenv("DJQA_DATA_DIR", str(tmp_path / "data"))
    for name in list(os.environ):
        if name.startswith("DJQA_LLM_") or name == "DJQA_CHROMA_URL":
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "manifest.json").is_file():
        pytest.fail(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Settings:
    """A knowledge base built once per test session from the whole shared corpus (real embedder, real Chroma).
    With DJQA_TEST_CORPUS_KB naming a data directory already built from that corpus, a copy of it is used."""
    from ingest.pipeline import Ingestor, collect_files
    from assistant.runtime import open_runtime

    prebuilt = os.environ.get("DJQA_TEST_CORPUS_KB")
    if prebuilt:
        import shutil

        target = tmp_path_factory.mktemp("corpus-kb") / "kb"
        shutil.copytree(prebuilt, target)
        return build_settings(target)
    settings = build_settings(tmp_path_factory.mktemp("corpus-kb"))
    runtime = open_runtime(settings)
    report = Ingestor(settings, runtime.store, runtime.embedder).ingest(collect_files([corpus_dir]), corpus_dir)
    assert not report.failed, [r.message for r in report.of("failed")]
    return settings


@pytest.fixture(scope="session")
def corpus_service(corpus_settings: Settings) -> Service:
    """A service over the session's corpus knowledge base. Read-only: do not ingest into it."""
    return build_service(corpus_settings)


@pytest.fixture(scope="session")
def samples_service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    """A service over the project's own sample documents (what `make run` starts with). Read-only."""
    from ingest.pipeline import Ingestor, collect_files
    from assistant.runtime import open_runtime

    settings = build_settings(tmp_path_factory.mktemp("samples-kb"))
    runtime = open_runtime(settings)
    samples = REPO / "samples"
    report = Ingestor(settings, runtime.store, runtime.embedder).ingest(collect_files([samples]), samples)
    assert not report.failed and report.of("added"), [r.message for r in report.of("failed")]
    return build_service(settings)
