"""Ingesting files: load → clean → metadata → chunk → embed → store, idempotently.

Passages are embedded and stored batch by batch before their document is registered; registration
stays the commit point, so nothing is visible until a file is complete. A run killed halfway leaves
stored passages that carry their source key; the next run on the same file finds them by their
(content-derived) ids and embeds only the rest. Writers take turns through the write lock.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Literal

from assistant.embedder import Embedder
from assistant.errors import IngestError
from assistant.models import Chunk, Document, DocumentMeta
from assistant.settings import Settings
from assistant.store import KnowledgeStore
from assistant.textnorm import index_form
from assistant.tokenize import Tokenizer
from ingest.chunk import ChunkParams, CleanText, Passage, chunk_text
from ingest.clean import clean_blocks
from ingest.limits import ParseLimits
from ingest.loaders import load_file
from ingest.lock import write_lock
from ingest.metadata import resolve_meta
from ingest.progress import PassageProgress

log = logging.getLogger(__name__)

PIPELINE_VERSION = "3"
_SKIPPED_NAMES = {"manifest.json", "README.md", "readme.md", "Thumbs.db"}
Outcome = Literal["added", "unchanged", "replaced", "failed"]


@dataclass
class FileResult:
    path: str
    outcome: Outcome
    message: str = ""
    doc_id: str | None = None
    title: str | None = None
    chunks: int = 0
    reason: str | None = None
    resumed: int = 0


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def of(self, outcome: Outcome) -> list[FileResult]:
        return [r for r in self.results if r.outcome == outcome]

    @property
    def failed(self) -> bool:
        return bool(self.of("failed"))

    def to_json(self) -> dict[str, object]:
        return {"seconds": round(self.seconds, 2), "results": [asdict(r) for r in self.results]}


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly; below a named folder, the files its manifest.json lists, or else every
    file (recursively; hidden files, README.md and metadata sidecars excepted). Files of unsupported
    types are kept so that the summary reports them."""
    files: list[Path] = []
    for path in paths:
        manifest = path / "manifest.json"
        if path.is_dir() and manifest.is_file():
            entries = json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])
            files.extend(path / str(e["file"]) for e in entries if e.get("file"))
        elif path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith(".") and p.name not in _SKIPPED_NAMES
                and not p.name.endswith(".meta.json")
            )
        else:
            files.append(path)
    return files


def passage_index_text(meta: DocumentMeta, passage: Passage) -> str:
    """What the indexes see: title and locator as context, then the simplified passage text."""
    head = " ".join(x for x in (meta.title, passage.section, passage.locator) if x)
    return index_form(f"{head}\n{passage.text}")


def _doc_id(data: bytes, meta: DocumentMeta, params: ChunkParams, mask: bool) -> str:
    digest = hashlib.sha256(data)
    digest.update(json.dumps([PIPELINE_VERSION, asdict(meta), asdict(params), mask], ensure_ascii=False).encode())
    return digest.hexdigest()[:32]


class Ingestor:
    """Turns files into registered documents in the knowledge store."""

    def __init__(
        self, settings: Settings, store: KnowledgeStore, embedder: Embedder, tokenizer: Tokenizer | None = None
    ) -> None:
        self._settings = settings
        self._tokenizer = tokenizer or Tokenizer()
        self._store = store
        self._embedder = embedder
        self._params = ChunkParams(settings.chunk_min_chars, settings.chunk_max_chars, settings.chunk_overlap_chars)

    def ingest(
        self, paths: Iterable[Path], root: Path | None = None, progress: Callable[[int], None] | None = None,
        display: Callable[[Path], str] = str, passages: PassageProgress | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Ingest every file; failures are recorded and the batch goes on. ``passages`` follows the
        embedding of each file; ``notify`` hears when this run waits for another writer."""
        started = datetime.now(timezone.utc)
        with write_lock(self._settings, notify):
            # passages of an unfinished file that still exists are kept: the next run on it resumes them
            self._store.purge_orphans(keep=lambda key: bool(key) and Path(str(key)).is_file())
        report = IngestReport()
        for path in paths:
            try:
                report.results.append(self.ingest_file(path, root, display(path), passages, notify))
            except IngestError as exc:
                log.info("ingest failed for %s: %s", path, exc.reason)
                report.results.append(FileResult(display(path), "failed", str(exc), reason=exc.reason))
            except OSError as exc:
                report.results.append(FileResult(display(path), "failed", f"「{path.name}」无法读取：{exc.strerror}", reason="io"))
            if progress:
                progress(1)
        report.seconds = (datetime.now(timezone.utc) - started).total_seconds()
        return report

    def ingest_file(
        self, path: Path, root: Path | None, shown: str, passages: PassageProgress | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> FileResult:
        if not path.exists():
            raise IngestError(f"「{shown}」不存在。", "missing")
        loaded = load_file(path, limits=ParseLimits.from_settings(self._settings))
        blocks = clean_blocks(loaded.blocks, self._settings.mask_personal_data)
        if not blocks:
            raise IngestError(f"「{path.name}」清理后没有可用的文字。", "empty")
        meta = resolve_meta(path, blocks, loaded.title_hint, root)
        doc_id = _doc_id(path.read_bytes(), meta, self._params, self._settings.mask_personal_data)
        source_key = str(path.resolve())
        with write_lock(self._settings, notify):  # another writer may have done this file meanwhile
            registered = self._store.registry()
            same = [d for d, _ in registered if d.doc_id == doc_id]
            if same:
                note = "" if same[0].source == shown else f"（与已导入的「{same[0].source}」内容相同）"
                return FileResult(shown, "unchanged", f"未变化，跳过{note}", doc_id, meta.title, same[0].chunk_count)
            previous = [d for d, key in registered if key == source_key]
            for stale in self._store.unfinished_attempts(source_key, doc_id):
                self._store.delete_unregistered(stale)  # an earlier content of this file, never finished
            doc, chunks = self._build(doc_id, shown, meta, CleanText.from_blocks(blocks))
            resumed = self._embed_and_store(doc, chunks, source_key, passages)
            self._store.register(doc, source_key)
            self._embed_sentences(doc, chunks)
            for old in previous:
                self._store.delete_document(old.doc_id)
        outcome: Outcome = "replaced" if previous else "added"
        message = f"已更新，共 {len(chunks)} 段" if previous else f"已导入，共 {len(chunks)} 段"
        if resumed:
            message += f"（其中 {resumed} 段沿用上次中断前已存的结果）"
        return FileResult(shown, outcome, message, doc_id, meta.title, len(chunks), resumed=resumed)

    def _build(self, doc_id: str, source: str, meta: DocumentMeta, clean: CleanText) -> tuple[Document, list[Chunk]]:
        passages = chunk_text(clean, meta.kind, self._params)
        chunks = [
            Chunk(
                chunk_id=f"{doc_id[:20]}-{seq:05d}", doc_id=doc_id, seq=seq, text=p.text,
                norm=norm, locator=p.locator, section=p.section,
                start=p.start, end=p.end, page=p.page, article=p.article,
                tokens=" ".join(self._tokenizer.passage_tokens(p.text)),
            )
            for seq, (p, norm) in enumerate((p, passage_index_text(meta, p)) for p in passages)
        ]
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        return Document(doc_id, source, meta, len(chunks), now, len(clean.text)), chunks

    def _embed_and_store(
        self, doc: Document, chunks: list[Chunk], source_key: str, passages: PassageProgress | None,
    ) -> int:
        """Embed and store the passages not stored yet, one batch at a time; returns how many were
        already stored (by an earlier, interrupted run on the same content)."""
        stored = self._store.stored_chunk_ids(doc.doc_id)
        todo = [c for c in chunks if c.chunk_id not in stored]
        done = len(chunks) - len(todo)
        resumed = done
        if passages:
            passages(doc.source, done, len(chunks))
        size = self._settings.embed_batch_size
        for i in range(0, len(todo), size):
            part = todo[i : i + size]
            self._store.add_chunks(doc, part, self._embedder.embed_documents([c.norm for c in part]), source_key)
            done += len(part)
            if passages:
                passages(doc.source, done, len(chunks))
        return resumed

    def _embed_sentences(self, doc: Document, chunks: list[Chunk]) -> None:
        """Vectors of the passages' sentences for the semantic signal of sentence choice (only when it is weighted):
        exactly the sentences the scorer will score (``usable`` ones), each distinct embedded form once, whether
        it recurs in the overlap of consecutive passages, in another version of a document or in an earlier run.
        A superseded version's are left to their first use unless the settings say otherwise."""
        if not self._settings.answer_tuning.w_semantic:
            return
        if doc.meta.status == "superseded" and self._settings.superseded_sentence_vectors == "first_use":
            return
        from assistant.answer.scoring import measures, usable
        from assistant.sentvec import SentenceVectors

        tuning = self._settings.answer_tuning
        provisions = doc.meta.kind == "regulation"
        texts = [s.text for c in chunks for s in measures(c.text, tuning) if usable(s.text, tuning, provisions)]
        SentenceVectors.for_settings(self._embedder, self._settings).ensure(texts)
