"""A tiny loopback HTTP server that serves one file with Range, and can cut a download short.

Test code of the client's own (not a stand-in for photoreel's server): it lets
the download logic meet a connection that really breaks mid-file, on a real
socket, which the real backend has no reason to do on purpose.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class RangeServerState:
    payload: bytes
    cut_after: list[int] = field(default_factory=list)  # one entry per request to cut short
    honour_range: bool = True
    ranges_seen: list[str | None] = field(default_factory=list)
    authorization_seen: list[str | None] = field(default_factory=list)


def _handler(state: RangeServerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet in test output
            return

        def do_GET(self) -> None:
            wanted = self.headers.get("Range")
            state.ranges_seen.append(wanted)
            state.authorization_seen.append(self.headers.get("Authorization"))
            body, start = state.payload, 0
            found = re.match(r"bytes=(\d+)-$", wanted or "")
            if found and state.honour_range:
                start = int(found.group(1))
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            rest = body[start:]
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(rest)))
            self.end_headers()
            if state.cut_after:
                keep = state.cut_after.pop(0)
                self.wfile.write(rest[:keep])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(rest)

    return Handler


@contextmanager
def range_server(state: RangeServerState) -> Iterator[str]:
    """Serve `state.payload` at the returned URL on a free loopback port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/file.mp4"
    finally:
        server.shutdown()
        server.server_close()
