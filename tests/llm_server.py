"""A scripted OpenAI-compatible chat endpoint on 127.0.0.1 (the LLM is the one allowed stand-in).

``mode`` is switched by the test: "ok" streams the next scripted reply, "fail" answers HTTP 500,
"hang" accepts the request and never answers. Every request is counted."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class ScriptedEndpoint:
    def __init__(self, replies: list[str] | None = None) -> None:
        self.mode = "ok"
        self.replies = list(replies or [])
        self.requests: list[dict] = []
        self.base_url = ""
        self._stop = threading.Event()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                endpoint.requests.append(body)
                if endpoint.mode == "hang":
                    endpoint._stop.wait(120)
                    return
                if endpoint.mode == "fail":
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "scripted failure"}}')
                    return
                reply = endpoint.replies.pop(0) if endpoint.replies else "好的。"
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for piece in (reply[i : i + 8] for i in range(0, len(reply), 8)):
                    chunk = {"id": "x", "object": "chat.completion.chunk", "created": int(time.time()), "model": "m",
                             "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                done = {"id": "x", "object": "chat.completion.chunk", "created": int(time.time()), "model": "m",
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())

        return Handler


@contextmanager
def scripted_endpoint(replies: list[str] | None = None) -> Iterator[ScriptedEndpoint]:
    endpoint = ScriptedEndpoint(replies)
    server = ThreadingHTTPServer(("127.0.0.1", 0), endpoint.handler())
    server.daemon_threads = True
    endpoint.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield endpoint
    finally:
        endpoint._stop.set()
        server.shutdown()
        server.server_close()
