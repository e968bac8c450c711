"""A per-session limit on questions in progress, so one client cannot hold every answer slot of the queue."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from assistant.errors import BusyError


class SessionGate:
    """Counts the requests each session (browser tab or API client) has in progress; at most ``limit``."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._lock = threading.Lock()
        self._busy: dict[str, int] = {}

    @contextmanager
    def enter(self, session: str | None) -> Iterator[None]:
        """Hold a slot of ``session`` for the duration; BusyError when it holds all of its slots already.
        Requests without a session (direct calls, tests) are not counted."""
        if not session:
            yield
            return
        with self._lock:
            if self._busy.get(session, 0) >= self._limit:
                raise BusyError("上一个问题还在回答中，请等它完成后再提问。")
            self._busy[session] = self._busy.get(session, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._busy.pop(session) - 1
                if left:
                    self._busy[session] = left

    def busy(self, session: str) -> int:
        with self._lock:
            return self._busy.get(session, 0)
