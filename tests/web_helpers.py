"""Serving the real web app on a free loopback port, for the API and browser tests."""

from __future__ import annotations

import asyncio
import socket
import threading
from contextlib import contextmanager
from typing import Iterator

from assistant.webui import create_app, launch_app
from assistant.service import Service
from assistant.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _set_stop_event_on_its_loop(event: asyncio.Event, timeout_s: float = 5.0) -> None:
    """Set gradio's stop event from the event loop that owns it.

    gradio's ``close()`` calls ``stop_event.set()`` from the calling thread while
    uvicorn's loop may be adding or removing heartbeat waiters on the same event;
    the set then fails with "deque mutated during iteration" (seen once in CI).
    Setting it on its own loop first makes close()'s set a no-op.
    """
    loop = getattr(event, "_loop", None)  # bound when the first heartbeat waited on it
    if loop is None or not loop.is_running():
        return
    done = threading.Event()

    def set_here() -> None:
        event.set()
        done.set()

    loop.call_soon_threadsafe(set_here)
    done.wait(timeout_s)


@contextmanager
def serve(service: Service, settings: Settings) -> Iterator[str]:
    """Launch the app without blocking and yield its URL; close it afterwards."""
    demo = create_app(service, settings)
    port = free_port()
    launch_app(demo, settings, server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        _set_stop_event_on_its_loop(demo.app.stop_event)
        demo.close()
