"""A loopback proxy in front of a real server that fails as a network or a proxy does.

    with start_server(tmp_path) as server, cut_streams(server, after=2) as proxy:
        ...  # talk to `proxy` exactly as to `server`

Every request is passed to the server unchanged; a `/run_sse` answer is passed
on event by event, and after `after` events the proxy closes the connection
without ending the HTTP body, so the client sees a broken chunked body
(`at_once=True`: before anything of the answer's body, while the turn is still
running). The server is not told anything: its turn runs and is saved as always.
With `fail_once=503` the first request to each endpoint (ids folded) is
answered with that status and an HTML page, as a proxy in front of a service
does (PROTOCOL.md), and never reaches the server. This is test code
(photoreel's server has no reason to fail on purpose).
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import uvicorn

from server_helpers import ATTRIBUTION, RunningServer

_EVENT_END = re.compile(rb"\r?\n\r?\n")  # an SSE event ends with a blank line
_HOP_HEADERS = {b"content-length", b"transfer-encoding", b"connection", b"keep-alive"}
PROXY_PAGE = (
    b"<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
    b"<center><h1>503 Service Temporarily Unavailable</h1></center></body></html>"
)


def endpoint(method: str, path: str) -> str:
    """One name for every request to the same endpoint (numbers and render ids folded)."""
    return method + " " + re.sub(r"render_\d+|\d+", "N", path)


class StreamCut(Exception):
    """Raised inside the proxy to drop the connection mid-body."""


class CuttingProxy:
    """The proxy's ASGI app and the address to reach it (`url`, `client()` like a server's)."""

    uds = None

    def __init__(
        self,
        upstream: RunningServer,
        after: int | None,
        *,
        at_once: bool = False,
        fail_once: int | None = None,
    ) -> None:
        self.upstream = upstream
        self.after = after
        self.at_once = at_once
        self.fail_once = fail_once
        self.url = ""
        self.failed: list[str] = []  # endpoints answered with `fail_once`
        self.passed: list[str] = []  # requests passed to the server

    def transport(self) -> None:
        return None

    def async_transport(self) -> None:
        return None

    def client(self, **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("timeout", 30.0)
        kwargs.setdefault("headers", dict(ATTRIBUTION))
        return httpx.Client(base_url=self.url, **kwargs)

    def stderr(self) -> str:
        return self.upstream.stderr()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        name = endpoint(scope["method"], scope["path"])
        if self.fail_once is not None and name not in self.failed:
            self.failed.append(name)
            length = b"%d" % len(PROXY_PAGE)
            headers = [(b"content-type", b"text/html"), (b"content-length", length)]
            await send(
                {"type": "http.response.start", "status": self.fail_once, "headers": headers}
            )
            await send({"type": "http.response.body", "body": PROXY_PAGE})
            return
        self.passed.append(name)
        path = scope["path"] + (
            f"?{scope['query_string'].decode()}" if scope["query_string"] else ""
        )
        # the Host header is kept, as reverse proxies do: the server's URLs then name the proxy
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _HOP_HEADERS]
        async with httpx.AsyncClient(
            base_url=self.upstream.url,
            transport=self.upstream.async_transport(),
            timeout=httpx.Timeout(None, connect=10.0),
        ) as http:
            request = http.build_request(scope["method"], path, headers=headers, content=body)
            answer = await http.send(request, stream=True)
            try:
                await send(
                    {
                        "type": "http.response.start",
                        "status": answer.status_code,
                        "headers": [
                            (k, v) for k, v in answer.headers.raw if k.lower() not in _HOP_HEADERS
                        ],
                    }
                )
                if scope["path"] == "/run_sse" and self.at_once and answer.status_code == 200:
                    raise StreamCut("cut before the first event")
                if scope["path"] == "/run_sse" and self.after is not None:
                    await self._relay_events(answer, send)
                else:
                    async for chunk in answer.aiter_raw():
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
            finally:
                await answer.aclose()

    async def _relay_events(self, answer: httpx.Response, send: Any) -> None:
        sent, pending = 0, b""
        async for chunk in answer.aiter_raw():
            pending += chunk
            while found := _EVENT_END.search(pending):
                event, pending = pending[: found.end()], pending[found.end() :]
                if event.startswith(b"data:"):
                    if self.after is not None and sent >= self.after:
                        raise StreamCut(f"cut after {sent} events")
                    sent += 1
                await send({"type": "http.response.body", "body": event, "more_body": True})


@contextlib.contextmanager
def cut_streams(
    upstream: RunningServer,
    *,
    after: int | None = None,
    at_once: bool = False,
    fail_once: int | None = None,
) -> Iterator[CuttingProxy]:
    """A `CuttingProxy` to `upstream` listening on a free loopback port for the block."""
    proxy = CuttingProxy(upstream, after, at_once=at_once, fail_once=fail_once)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    proxy.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(proxy, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the cutting proxy did not start"
        time.sleep(0.01)
    try:
        yield proxy
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
