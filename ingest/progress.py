"""Progress of embedding one file's passages: a tqdm bar for the CLI, an estimate of time left for the web."""

from __future__ import annotations

import sys
import time
from typing import Callable

from tqdm import tqdm

PassageProgress = Callable[[str, int, int], None]
"""Called as (file name shown, passages stored so far, passages of the file)."""

# No '|' before the counts: a file bar and a passage bar stay distinguishable in a log.
_FORMAT = "{desc}：{percentage:3.0f}% {n_fmt}/{total_fmt} 段 [已用 {elapsed}，约剩 {remaining}，{rate_fmt}]"


def remaining_text(seconds: float) -> str:
    """A short Chinese estimate such as 约剩 2 分 05 秒."""
    seconds = max(0, int(round(seconds)))
    if seconds >= 3600:
        return f"约剩 {seconds // 3600} 小时 {seconds % 3600 // 60:02d} 分"
    if seconds >= 60:
        return f"约剩 {seconds // 60} 分 {seconds % 60:02d} 秒"
    return f"约剩 {seconds} 秒"


class Estimate:
    """Time left for one file, from the rate of the passages embedded in this run (not those resumed)."""

    def __init__(self) -> None:
        self._key: tuple[str, int] | None = None
        self._start = 0.0
        self._first = 0

    def text(self, name: str, done: int, total: int) -> str:
        now = time.monotonic()
        if self._key != (name, total):
            self._key, self._start, self._first = (name, total), now, done
        embedded, elapsed = done - self._first, now - self._start
        if embedded <= 0 or elapsed <= 0:
            return "正在估算剩余时间"
        return remaining_text((total - done) * elapsed / embedded)


class PassageBars:
    """One tqdm bar per file being embedded (also for a single file), on stderr."""

    def __init__(self, disable: bool = False, position: int = 0) -> None:
        self._disable = disable
        self._position = position
        self._bar: tqdm | None = None
        self._key: tuple[str, int] | None = None

    def __call__(self, name: str, done: int, total: int) -> None:
        if self._key != (name, total):
            self.close()
            self._key = (name, total)
            self._bar = tqdm(total=total, initial=done, desc=f"嵌入 {name}", unit="段", bar_format=_FORMAT,
                             disable=self._disable, position=self._position, leave=False, file=sys.stderr, delay=0.5)
            return
        if self._bar is not None:
            self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._bar, self._key = None, None
