"""The embedded backend: private socket, shared by apps on one data dir, stops when unused."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from photoreel.server.embedded import EmbeddedBackend, EmbeddedBackendError
from server_helpers import ATTRIBUTION, bearer, get_token, new_session
from test_server_render import small_draft


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A short runtime dir (Unix socket paths are limited to ~100 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="pr-rt-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _client(backend: EmbeddedBackend) -> httpx.Client:
    return httpx.Client(
        base_url=backend.base_url, transport=backend.transport(), headers=ATTRIBUTION, timeout=30
    )


def _wait_gone(pid: int, seconds: float) -> bool:
    """Whether the process exits within `seconds` (a child of ours is reaped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
        time.sleep(0.05)
    return False


def test_start_answers_on_a_private_socket_and_stop_ends_it(tmp_path: Path, runtime: Path) -> None:
    """Through the async API, as the app's worker uses it."""

    async def scenario() -> EmbeddedBackend:
        async with EmbeddedBackend(tmp_path / "data", runtime, credits=3) as backend:
            assert backend.owned and backend.running
            assert backend.socket_path.parent == runtime
            modes = await asyncio.to_thread(
                lambda: (runtime.stat().st_mode, backend.socket_path.stat().st_mode)
            )
            assert (modes[0] & 0o777, modes[1] & 0o777) == (0o700, 0o600)
            async with httpx.AsyncClient(
                base_url=backend.base_url, transport=backend.async_transport()
            ) as http:
                info = (await http.get("/api/server/info")).json()["data"]
                assert info["kind"] == "photoreel" and info["credits_unlimited"] is False
                # Only this user can reach it: one client id may renew its token freely.
                for _ in range(2):
                    answer = await http.post(
                        "/api/auth/anonymous-token", headers={"X-Client-Id": "c0ffee"}
                    )
                    assert answer.json()["code"] == 0
            return backend

    backend = asyncio.run(scenario())
    assert not backend.running
    assert not backend.socket_path.exists()


def test_a_second_app_reuses_the_backend_and_the_last_one_out_stops_it(
    tmp_path: Path, runtime: Path
) -> None:
    first = EmbeddedBackend(tmp_path / "data", runtime).start_blocking()
    second = EmbeddedBackend(tmp_path / "data", runtime).start_blocking()
    assert second.owned is False and second.pid == first.pid
    with _client(second) as http:
        token = get_token(http)
        sid = new_session(http, token)
    assert first.stop_blocking() == "shared"
    with _client(second) as http:  # still serving the second app, same store
        state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token))
        assert state.json()["code"] == 0
    assert second.stop_blocking() == "stopped"
    assert first.pid is not None and _wait_gone(first.pid, 5)


def test_quitting_mid_render_lets_the_render_finish_then_the_backend_exits(
    tmp_path: Path, runtime: Path, sample_photos: list[Path]
) -> None:
    data = tmp_path / "data"
    backend = EmbeddedBackend(data, runtime).start_blocking()
    with _client(backend) as http:
        token = get_token(http, "abcdef00-0000-0000-0000-000000000000")
        sid = new_session(http, token)
        rows = http.post(
            f"/api/upload-video/nemo_agent/me/{sid}",
            files=[("files", (p.name, p.read_bytes())) for p in sample_photos[:2]],
            headers=bearer(token),
        ).json()["data"]["files"]
        draft = small_draft([r["media_id"] for r in rows], 60_000)
        submitted = http.post(
            "/api/render/proxy/lambda",
            json={"id": "render_bg", "sessionId": sid, "draft": draft,
                  "output": {"format": "mp4", "quality": "draft"}},
            headers=bearer(token),
        )  # fmt: skip
        assert submitted.json()["code"] == 0
    assert backend.stop_blocking(wait=0.2) == "finishing"
    assert backend.pid is not None and _wait_gone(backend.pid, 60)
    # The next app start finds the render completed.
    again = EmbeddedBackend(data, runtime).start_blocking()
    try:
        with _client(again) as http:
            body = http.get("/api/render/proxy/lambda/render_bg", headers=bearer(token)).json()
            assert body["status"] == "completed", body
            assert http.get(body["output"]["url"], headers=bearer(token)).status_code == 200
    finally:
        again.stop_blocking()


def test_a_crashed_app_does_not_leave_its_backend_running(tmp_path: Path, runtime: Path) -> None:
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from photoreel.server.embedded import EmbeddedBackend
        backend = EmbeddedBackend(Path({str(tmp_path / "data")!r}), Path({str(runtime)!r}))
        backend.start_blocking()
        print(backend.pid, flush=True)
        time.sleep(60)
        """
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    backend_pid = int(app.stdout.readline())
    app.kill()  # the app dies without stopping anything
    app.wait()
    assert _wait_gone(backend_pid, 10), "the backend outlived its crashed app"


def test_a_stale_socket_from_a_killed_backend_is_replaced(tmp_path: Path, runtime: Path) -> None:
    backend = EmbeddedBackend(tmp_path / "data", runtime).start_blocking()
    assert backend.pid is not None
    os.kill(backend.pid, 9)
    assert _wait_gone(backend.pid, 5)
    assert backend.socket_path.exists()  # SIGKILL leaves the socket file behind
    fresh = EmbeddedBackend(tmp_path / "data", runtime).start_blocking()
    try:
        assert fresh.owned and fresh.pid != backend.pid
        with _client(fresh) as http:
            assert http.get("/api/server/info").json()["code"] == 0
    finally:
        backend.stop_blocking(wait=0)
        fresh.stop_blocking()


def test_a_start_that_fails_says_why(tmp_path: Path, runtime: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "photoreel.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(EmbeddedBackendError) as caught:
        EmbeddedBackend(data, runtime, start_timeout=20).start_blocking()
    message = str(caught.value)
    assert message.startswith("the photoreel backend exited while starting (log: ")
    assert "cannot open the data directory" in message
