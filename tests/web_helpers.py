"""Serving the real web app on a free loopback port, for the API and browser tests."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from typing import Iterator

from assistant.webui import create_app, launch_app
from assistant.service import Service
from assistant.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(service: Service, settings: Settings) -> Iterator[str]:
    """Launch the app without blocking and yield its URL; close it afterwards."""
    demo = create_app(service, settings)
    port = free_port()
    launch_app(demo, settings, server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()
