"""A real photoreel server on a real socket, for any layer's tests.

    from server_helpers import start_server

    def test_something(tmp_path):
        with start_server(tmp_path, credits=5, token_ttl=2) as server:
            with server.client() as http:
                token = get_token(http)
                ...

`start_server` runs `sys.executable -m photoreel serve` as a subprocess with a
temporary data directory, on a free TCP port (or, with `uds=True`, a Unix
socket), waits for its "listening on" line, and stops it afterwards. Keyword
settings are the `ServerSettings` fields (see docs/SERVER.md), e.g.
`credits=0`, `token_ttl=1`, `token_rate_window=5, retry_after=1`,
`max_upload_bytes=1000`, `allow_private_urls=True`, `hosted_like=True`,
`turn_delay=3, heartbeat=0.5`, `poll_interval=2`. A stream cut short is
`stream_cut.cut_streams(server, after=2)`, a proxy in front of the server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from photoreel.server.serve import READY_PREFIX
from photoreel.server.settings import serve_args

START_TIMEOUT = 30.0
# The Host a client uses over a Unix socket (any name works; this one reads well).
UDS_BASE_URL = "http://photoreel"
ATTRIBUTION = {
    "X-Skill-Source": "photoreel",
    "X-Skill-Version": "test",
    "X-Skill-Platform": "unknown",
}


@dataclass
class RunningServer:
    """One server subprocess; `url` is the base URL to give an HTTP client."""

    url: str
    data_dir: Path
    process: subprocess.Popen[str]
    uds: Path | None = None
    stderr_path: Path | None = None
    stdout_lines: list[str] = field(default_factory=list)

    def transport(self) -> httpx.HTTPTransport | None:
        return httpx.HTTPTransport(uds=str(self.uds)) if self.uds else None

    def async_transport(self) -> httpx.AsyncHTTPTransport | None:
        return httpx.AsyncHTTPTransport(uds=str(self.uds)) if self.uds else None

    def client(self, **kwargs: Any) -> httpx.Client:
        """A sync httpx client pointed at the server (over its Unix socket if it has one)."""
        kwargs.setdefault("timeout", 30.0)
        kwargs.setdefault("headers", dict(ATTRIBUTION))
        return httpx.Client(base_url=self.url, transport=self.transport(), **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        kwargs.setdefault("timeout", 30.0)
        kwargs.setdefault("headers", dict(ATTRIBUTION))
        return httpx.AsyncClient(base_url=self.url, transport=self.async_transport(), **kwargs)

    def stderr(self) -> str:
        """What the server logged (for assertion messages)."""
        if self.stderr_path and self.stderr_path.exists():
            return self.stderr_path.read_text(errors="replace")
        return ""

    def stop(self, timeout: float = 15.0) -> int:
        """Graceful stop (SIGTERM, as Ctrl-C or a service manager would)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL: the server dies mid-work with no chance to clean up."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _test_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "CACHE", "RUNTIME"):
        path = root / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"PHOTOREEL_{name}_DIR"] = str(path)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def launch(
    tmp_path: Path,
    *,
    uds: bool = False,
    data_dir: Path | None = None,
    name: str = "server",
    **settings: Any,
) -> RunningServer:
    """Start a server and wait until it listens; the caller stops it (or use start_server)."""
    root = tmp_path / name
    root.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir or root / "data"
    args = [sys.executable, "-m", "photoreel", "serve", "--data", str(data_dir)]
    sock_path: Path | None = None
    if uds:
        # AF_UNIX paths are short (108 bytes); pytest's tmp paths can be longer.
        sock_path = Path(tempfile.mkdtemp(prefix="pr-", dir="/tmp")) / "backend.sock"
        args += ["--uds", str(sock_path)]
    else:
        args += ["--port", "0"]
    args += serve_args(**settings)
    stderr_path = root / f"stderr-{uuid.uuid4().hex[:6]}.log"
    with stderr_path.open("w") as stderr_file:
        process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            text=True,
            env=_test_env(root),
            cwd=root,
        )
    assert process.stdout is not None
    lines: list[str] = []
    ready = threading.Event()
    found: list[str] = []

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith(READY_PREFIX) and not found:
                found.append(line[len(READY_PREFIX) :].strip())
                ready.set()
        ready.set()

    threading.Thread(target=read_stdout, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.wait(0.05):
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"server did not start in {START_TIMEOUT}s: {args}")
    if not found:
        process.wait(5)
        log = stderr_path.read_text(errors="replace")
        raise RuntimeError(f"server exited ({process.returncode}) before listening:\n{log}")
    url = UDS_BASE_URL if uds else found[0]
    return RunningServer(
        url=url,
        data_dir=data_dir,
        process=process,
        uds=sock_path,
        stderr_path=stderr_path,
        stdout_lines=lines,
    )


@contextlib.contextmanager
def start_server(
    tmp_path: Path, *, uds: bool = False, data_dir: Path | None = None, **settings: Any
) -> Iterator[RunningServer]:
    """A running server for the `with` block; stopped (SIGTERM) afterwards."""
    server = launch(tmp_path, uds=uds, data_dir=data_dir, **settings)
    try:
        yield server
    finally:
        server.stop()
        if server.uds is not None:
            shutil.rmtree(server.uds.parent, ignore_errors=True)


# -- small protocol steps many tests need ------------------------------------------------


def get_token(http: httpx.Client, client_id: str | None = None) -> str:
    """A fresh anonymous token (a new client id each call unless one is given)."""
    answer = http.post(
        "/api/auth/anonymous-token", headers={"X-Client-Id": client_id or str(uuid.uuid4())}
    )
    body = answer.json()
    assert body["code"] == 0, body
    return str(body["data"]["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_session(http: httpx.Client, token: str) -> str:
    answer = http.post(
        "/api/tasks/me/with-session/nemo_agent",
        json={"task_name": "project", "language": "en"},
        headers=bearer(token),
    )
    body = answer.json()
    assert body["code"] == 0, body
    return str(body["data"]["session_id"])


def upload_photos(http: httpx.Client, token: str, sid: str, photos: list[Path]) -> list[str]:
    """Upload `photos` to session `sid` in one request; their media ids, in order."""
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in photos],
        headers=bearer(token),
    ).json()
    assert answer["code"] == 0, answer
    return [row["media_id"] for row in answer["data"]["files"]]
