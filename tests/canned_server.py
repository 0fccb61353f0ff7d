"""A tiny loopback HTTP server with canned answers, recording every request it gets.

Test code of the client's own (not a stand-in for photoreel's server): it
plays what no photoreel server does on purpose, such as a proxy that answers
503 to everything, or a service whose answer lacks what the client needs, so
that the command line can be run against it as a person would.

    with canned_server({"POST /api/auth/anonymous-token": [(200, {"code": 0, ...})]}) as srv:
        run_cli(..., "--api", srv.url)
    srv.requests  # [("POST", "/api/auth/anonymous-token", {headers}), ...]

Each key is `METHOD /path`; its list is answered in order, the last one again once the
list runs out. A path with no entry answers `fallback` (default: 404 `{"detail": ...}`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# An answer: (HTTP status, a JSON body or bytes sent as an HTML page)
Answer = tuple[int, Any]
PROXY_503: Answer = (503, b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")


@dataclass
class CannedServer:
    url: str
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [f"{method} {path}" for method, path, _ in self.requests]


def _handler(
    answers: dict[str, list[Answer]], fallback: Answer, seen: CannedServer
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            path = self.path.split("?", 1)[0]
            seen.requests.append((self.command, path, dict(self.headers.items())))
            queue = answers.get(f"{self.command} {path}")
            status, body = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else fallback
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header(
                "Content-Type", "text/html" if isinstance(body, bytes) else "application/json"
            )
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        do_GET = do_POST = do_DELETE = _answer

    return Handler


@contextmanager
def canned_server(
    answers: dict[str, list[Answer]] | None = None,
    fallback: Answer = (404, {"detail": "Not Found"}),
) -> Iterator[CannedServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    seen = CannedServer(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(dict(answers or {}), fallback, seen)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()
