"""One writer at a time per knowledge base: ingestions in several processes take turns, file by file."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from assistant.settings import Settings

WAIT_MESSAGE = "另一个导入任务正在写入该知识库，等待它完成当前文件后继续……"


@contextmanager
def write_lock(settings: Settings, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the knowledge base's write lock (a file in the data directory; the operating system releases
    it when a holder dies). When another process holds it, say so through ``notify`` and wait."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / "ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if notify:
            notify(WAIT_MESSAGE)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
