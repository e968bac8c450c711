"""Memory of a failing chat endpoint, and one time budget shared by the model calls of one question."""

from __future__ import annotations

import threading
import time
from typing import Callable


class EndpointHealth:
    """After an endpoint fails or times out it is not asked again for ``cooldown`` seconds, so every
    question during an outage falls back at once instead of waiting for the timeout again."""

    def __init__(self, cooldown: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._failed_at: dict[str, float] = {}

    def available(self, endpoint: str) -> bool:
        with self._lock:
            failed = self._failed_at.get(endpoint)
            return failed is None or self._clock() - failed >= self._cooldown

    def failed(self, endpoint: str) -> None:
        with self._lock:
            self._failed_at[endpoint] = self._clock()

    def succeeded(self, endpoint: str) -> None:
        with self._lock:
            self._failed_at.pop(endpoint, None)

    def retry_in(self, endpoint: str) -> float:
        """Seconds until the endpoint is asked again (0 when it may be asked now)."""
        with self._lock:
            failed = self._failed_at.get(endpoint)
            return 0.0 if failed is None else max(0.0, self._cooldown - (self._clock() - failed))


class Budget:
    """The seconds of model time one question may use: a follow-up's rewrite and its answer share them.
    The clock starts at the first model call, so searching beforehand does not use up the budget."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._deadline: float | None = None

    def remaining(self) -> float:
        if self._deadline is None:
            self._deadline = self._clock() + self._seconds
        return max(0.0, self._deadline - self._clock())
