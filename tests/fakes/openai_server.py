"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol.

It replays canned replies from a queue, can delay a reply (to trigger client timeouts) and
records every request, so a test can assert what the client sent.

    >>> with FakeOpenAIServer() as server:                     # doctest: +SKIP
    ...     server.enqueue("Et CTI-forløb varer ni måneder [1].")
    ...     settings = Settings(llm_provider="openai", llm_base_url=server.base_url, llm_model="fake")
    ...     LLMComposer(settings).compose(...)
    ...     server.requests[0].body["messages"][0]["role"]
    'system'

Endpoints: ``POST /v1/chat/completions`` (``stream`` false or absent: one JSON body;
``stream: true``: server-sent events), ``GET /v1/models``. With an empty queue a chat request
gets HTTP 500, so a test that forgot to enqueue fails loudly.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class CannedReply:
    content: str
    delay_s: float = 0.0
    status: int = 200


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # keys lower-cased
    body: dict[str, Any] | None = field(default=None)


class FakeOpenAIServer:
    """Start with ``start()`` or a ``with`` block; ``base_url`` ends in ``/v1``."""

    def __init__(self, model: str = "fake-model") -> None:
        self.model = model
        self.requests: list[RecordedRequest] = []
        self._replies: deque[CannedReply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- control -------------------------------------------------------------------------
    def enqueue(self, content: str, delay_s: float = 0.0, status: int = 200) -> None:
        with self._lock:
            self._replies.append(CannedReply(content, delay_s, status))

    def start(self) -> FakeOpenAIServer:
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # --- used by the handler -------------------------------------------------------------
    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def _next_reply(self) -> CannedReply | None:
        with self._lock:
            return self._replies.popleft() if self._replies else None


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _make_handler(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            return

        def _send_json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout) before we answered

        def do_GET(self) -> None:
            server._record(RecordedRequest("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
            if self.path.rstrip("/") == "/v1/models":
                self._send_json(
                    200,
                    {"object": "list", "data": [{"id": server.model, "object": "model", "owned_by": "fake"}]},
                )
            else:
                self._send_json(404, {"error": {"message": f"unknown path {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = None
            server._record(
                RecordedRequest("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_json(404, {"error": {"message": f"unknown path {self.path}"}})
                return
            if body is None:
                self._send_json(400, {"error": {"message": "body is not JSON"}})
                return
            reply = server._next_reply()
            if reply is None:
                self._send_json(500, {"error": {"message": "no canned reply queued", "type": "server_error"}})
                return
            if reply.delay_s and server._stopping.wait(reply.delay_s):
                return
            if reply.status != 200:
                self._send_json(reply.status, {"error": {"message": reply.content, "type": "server_error"}})
                return
            if body.get("stream") is True:
                self._send_stream(reply.content)
            else:
                self._send_json(200, _completion(server.model, reply.content))

        def _send_stream(self, content: str) -> None:
            chunk = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": server.model,
                "choices": [
                    {"index": 0, "delta": {"role": "assistant", "content": content}, "finish_reason": None}
                ],
            }
            done = dict(chunk, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}])
            events = [f"data: {json.dumps(chunk)}\n\n", f"data: {json.dumps(done)}\n\n", "data: [DONE]\n\n"]
            data = "".join(events).encode("utf-8")
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def closed_port() -> int:
    """A localhost port with nothing listening (bound, then released)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
