"""The Chroma adapter: chunks with their vectors, and a registry of documents.

A chunk is visible to queries only when its document is registered; registering is the last
step of ingesting a file (one write), so a process killed halfway leaves nothing half-visible.
When two registered documents share a source (a replacement interrupted before the old one was
deleted), only the newest counts.

Chunks carry the source key of the file they came from, so that the passages of an ingestion cut
short can be reused by the next attempt on the same file instead of being embedded again.

An embedded (``PersistentClient``) store keeps its HNSW vector index in memory and only applies the
writes made through it: vectors another process adds are on disk but missing from this process's
dense search until the client is reopened (Chroma 1.x; metadata reads go to SQLite and are fresh).
``refresh()`` notices another process's registrations and deletions and reopens the client.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import asdict
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urlparse

import chromadb
import numpy as np

from assistant.errors import EmbedderMismatchError, StoreUnavailableError
from assistant.models import Chunk, Document, DocumentMeta
from assistant.settings import Settings

log = logging.getLogger(__name__)

_BATCH = 1000
_META_FIELDS = ("title", "kind", "author", "org", "published", "effective", "status", "note")


def _client(settings: Settings) -> chromadb.ClientAPI:
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1", port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
            )
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir))
    except Exception as exc:
        where = settings.chroma_url or str(settings.chroma_dir)
        raise StoreUnavailableError(f"无法连接知识库（{where}）：{exc}") from exc


def _clean_meta(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _chunk_meta(chunk: Chunk, doc: Document, source_key: str | None) -> dict[str, Any]:
    data = asdict(chunk)
    data.pop("text")
    data.pop("chunk_id")
    data["kind"] = doc.meta.kind
    data["status"] = doc.meta.status
    data["source_key"] = source_key
    return _clean_meta(data)


def _chunk_from(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id, doc_id=meta["doc_id"], seq=int(meta["seq"]), text=text, norm=meta.get("norm", text),
        locator=meta.get("locator", ""), section=meta.get("section", ""), start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)), page=meta.get("page"), article=meta.get("article"), tokens=meta.get("tokens"),
    )


def _document_from(doc_id: str, meta: dict[str, Any]) -> Document:
    dm = DocumentMeta(**{f: meta.get(f) for f in _META_FIELDS if meta.get(f) is not None})
    return Document(
        doc_id=doc_id, source=meta.get("source", ""), meta=dm, chunk_count=int(meta.get("chunk_count", 0)),
        ingested_at=meta.get("ingested_at", ""), char_count=int(meta.get("char_count", 0)),
    )


class KnowledgeStore:
    """Chunks and the document registry in Chroma (embedded or server)."""

    def __init__(self, settings: Settings, embedder_name: str, dim: int) -> None:
        self._settings = settings
        self.embedder_name = embedder_name
        self._dim = dim
        self._lock = threading.RLock()  # no read or write runs while the client is reopened
        self._open()
        self._known = self._registered_ids()

    def _open(self) -> None:
        settings, embedder_name, dim = self._settings, self.embedder_name, self._dim
        self._client = _client(settings)
        try:
            self._chunks = self._client.get_or_create_collection(
                f"{settings.collection}_chunks", embedding_function=None,
                configuration={"hnsw": {"space": "cosine", "ef_construction": settings.hnsw_ef_construction,
                                        "ef_search": settings.hnsw_ef_search}},
                metadata={"embedder": embedder_name, "dim": dim},
            )
            self._tune_search()
            self._docs = self._client.get_or_create_collection(
                f"{settings.collection}_docs", embedding_function=None, metadata={"role": "registry"}
            )
        except Exception as exc:
            raise StoreUnavailableError(f"无法打开知识库集合：{exc}") from exc
        built_with = (self._chunks.metadata or {}).get("embedder")
        if built_with and built_with != embedder_name:
            raise EmbedderMismatchError(
                f"知识库由嵌入模型「{built_with}」构建，当前配置的是「{embedder_name}」。"
                "请改回原来的模型，或换一个数据目录重新导入文档。"
            )

    def _tune_search(self) -> None:
        """A wide HNSW search beam, also on collections created before it was set: with Chroma's default
        (100) the tail of the candidate list varied from one process to the next, and so did rankings."""
        hnsw = (self._chunks.configuration or {}).get("hnsw") or {}
        wanted = self._settings.hnsw_ef_search
        if hnsw.get("ef_search", 0) < wanted:
            try:
                self._chunks.modify(configuration={"hnsw": {"ef_search": wanted}})
            except Exception as exc:  # a read-only server: keep its setting
                log.warning("could not widen the HNSW search beam: %r", exc)

    # -- other processes -------------------------------------------------------------------
    def _registered_ids(self) -> set[str]:
        with self._lock:
            return set(self._docs.get(include=[])["ids"])

    def refresh(self) -> bool:
        """Reopen an embedded store whose registry another process has changed, so that dense search
        sees the vectors it wrote. True when it reopened. A server is one truth for every client."""
        if self._settings.chroma_url:
            return False
        with self._lock:
            if self._registered_ids() == self._known:
                return False
            log.info("knowledge base changed by another process; reopening %s", self._settings.chroma_dir)
            # Closing the last client of a path stops Chroma's cached system (and frees its index), so
            # the next client loads the index afresh from disk. One store per path and process, as the
            # entry points build it; reads hold the lock, so none runs on a stopped system.
            self._client.close()
            self._open()
            self._known = self._registered_ids()
            return True

    # -- writing ---------------------------------------------------------------------------
    def add_chunks(self, doc: Document, chunks: Sequence[Chunk], vectors: np.ndarray, source_key: str | None = None) -> None:
        with self._lock:
            for i in range(0, len(chunks), _BATCH):
                part = chunks[i : i + _BATCH]
                self._chunks.upsert(
                    ids=[c.chunk_id for c in part],
                    embeddings=vectors[i : i + _BATCH].tolist(),
                    documents=[c.text for c in part],
                    metadatas=[_chunk_meta(c, doc, source_key) for c in part],
                )

    def register(self, doc: Document, source_key: str) -> None:
        meta = _clean_meta({**{f: getattr(doc.meta, f) for f in _META_FIELDS}, "source": doc.source,
                            "source_key": source_key, "chunk_count": doc.chunk_count,
                            "ingested_at": doc.ingested_at, "char_count": doc.char_count})
        with self._lock:
            self._docs.upsert(ids=[doc.doc_id], embeddings=[[1.0]], documents=[doc.title], metadatas=[meta])
            self._known.add(doc.doc_id)

    def delete_document(self, doc_id: str) -> None:
        """Unregister first (the document disappears at once), then remove its chunks."""
        with self._lock:
            self._docs.delete(ids=[doc_id])
            self._known.discard(doc_id)
            self._chunks.delete(where={"doc_id": doc_id})

    def delete_unregistered(self, doc_id: str) -> None:
        """Remove the stored passages of a document that was never registered."""
        with self._lock:
            self._chunks.delete(where={"doc_id": doc_id})

    def unfinished_attempts(self, source_key: str, doc_id: str) -> set[str]:
        """Unregistered documents, other than ``doc_id``, with stored passages from the same source."""
        with self._lock:
            got = self._chunks.get(where={"$and": [{"source_key": source_key}, {"doc_id": {"$ne": doc_id}}]},
                                   include=["metadatas"])
        return {m["doc_id"] for m in got["metadatas"]} - self._registered_ids()

    def stored_chunk_ids(self, doc_id: str) -> set[str]:
        """Ids of the passages of a document already in the store (registered or not)."""
        with self._lock:
            return set(self._chunks.get(where={"doc_id": doc_id}, include=[])["ids"])

    def unregistered(self) -> dict[str, str | None]:
        """Documents with stored passages but no registration, with the source key the passages carry
        (None for passages written before chunks carried one)."""
        registered = self._registered_ids()
        return {m["doc_id"]: m.get("source_key") for m in self._iter_chunk_metas() if m["doc_id"] not in registered}

    def purge_orphans(self, keep: Callable[[str | None], bool] | None = None) -> int:
        """Remove what an interrupted ingestion left: documents shadowed by a newer registration of
        the same source (a replacement killed before the old version was deleted), then chunks whose
        document is not registered, except those whose source key ``keep`` accepts (an ingestion
        that can still be resumed, or one another process is doing now)."""
        visible = set(self.documents())
        for doc, _ in self.registry():
            if doc.doc_id not in visible:
                self.delete_document(doc.doc_id)
        orphans = [d for d, key in self.unregistered().items() if not (keep and keep(key))]
        for doc_id in orphans:
            self.delete_unregistered(doc_id)
        return len(orphans)

    # -- reading ---------------------------------------------------------------------------
    def registry(self) -> list[tuple[Document, str]]:
        """Every registered document with its source key, oldest first."""
        with self._lock:
            got = self._docs.get(include=["metadatas"])
        rows = [(_document_from(i, m or {}), (m or {}).get("source_key", "")) for i, m in zip(got["ids"], got["metadatas"])]
        return sorted(rows, key=lambda r: r[0].ingested_at)

    def documents(self) -> dict[str, Document]:
        """The visible documents: per source key, the newest registration."""
        newest: dict[str, Document] = {}
        for doc, key in self.registry():
            newest[key or doc.doc_id] = doc
        return {d.doc_id: d for d in newest.values()}

    def signature(self) -> str:
        """Changes whenever the set of visible documents changes (cheap: reads the registry only)."""
        ids = sorted(self.documents())
        return hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]

    def _iter_chunk_metas(self) -> Iterable[dict[str, Any]]:
        offset = 0
        while True:
            with self._lock:
                got = self._chunks.get(include=["metadatas"], limit=_BATCH, offset=offset)
            if not got["ids"]:
                return
            yield from got["metadatas"]
            offset += len(got["ids"])

    def chunks(self, doc_ids: Iterable[str]) -> list[Chunk]:
        """All chunks of the given documents, in document order."""
        ids = list(doc_ids)
        out: list[Chunk] = []
        for i in range(0, len(ids), 100):
            where = {"doc_id": {"$in": ids[i : i + 100]}}
            offset = 0
            while True:
                with self._lock:
                    got = self._chunks.get(where=where, include=["documents", "metadatas"], limit=_BATCH, offset=offset)
                if not got["ids"]:
                    break
                out.extend(_chunk_from(c, t, m) for c, t, m in zip(got["ids"], got["documents"], got["metadatas"]))
                offset += len(got["ids"])
        return sorted(out, key=lambda c: (c.doc_id, c.seq))

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks."""
        with self._lock:
            count = self._chunks.count()
            if count == 0:
                return []
            got = self._chunks.query(
                query_embeddings=[vector.tolist()], n_results=min(n, count), where=where or None, include=["distances"]
            )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(got["ids"][0], got["distances"][0])]

    def chunk_count(self) -> int:
        with self._lock:
            return self._chunks.count()
