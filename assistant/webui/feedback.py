"""👍/👎 on answers, appended to a JSONL file: one JSON object a line, one write a line, under a lock."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Vote = Literal["up", "down"]


class FeedbackLog:
    """Appends feedback records to ``path``. One instance per app; safe across threads.

    Each record is written with a single ``os.write`` on a file opened with ``O_APPEND``, so lines
    from several processes sharing the data directory do not interleave either.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, turn: dict[str, Any], vote: Vote) -> dict[str, Any]:
        """Store one vote on the answer of ``turn`` (a chat turn as kept in the session state)."""
        entry = {
            "time": datetime.now().astimezone().isoformat(timespec="seconds"),
            "question": turn.get("question", ""),
            "answer": turn.get("answer", ""),
            "citations": [
                {"n": c.get("n"), "title": c.get("title"), "locator": c.get("locator"), "doc_id": c.get("doc_id")}
                for c in turn.get("citations", [])
            ],
            "vote": vote,
            "mode": turn.get("mode", ""),
        }
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        return entry

    def read(self) -> list[dict[str, Any]]:
        """Every record so far (for reports and tests)."""
        if not self.path.is_file():
            return []
        with self.path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
