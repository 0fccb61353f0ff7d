"""The server's edges against a real process: ids from anywhere, errors that leave the
connection usable, a valid OpenAPI document, private files, hashed client ids."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from photoreel.server.db import MIGRATIONS
from server_helpers import (
    RunningServer,
    bearer,
    get_token,
    new_session,
    start_server,
    upload_photos,
)
from test_cli_client import cli_env
from test_server_render import small_draft, submit


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("edges")) as running:
        yield running


@pytest.fixture(scope="module")
def caller(server: RunningServer) -> tuple[str, str]:
    with server.client() as http:
        token = get_token(http)
        return token, new_session(http, token)


def _session_calls(sid: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Every endpoint that takes a session id, as (method, path, request keywords)."""
    return [
        ("GET", f"/api/state/nemo_agent/me/{sid}/latest", {}),
        ("POST", f"/api/upload-video/nemo_agent/me/{sid}", {"files": [("files", ("a.png", b"x"))]}),
        ("GET", "/api/storyboard", {"params": {"session_id": sid}}),
        (
            "POST",
            "/run_sse",
            {"json": {"session_id": sid, "new_message": {"parts": [{"text": "hi"}]}}},
        ),
        (
            "POST",
            "/api/render/proxy/lambda",
            {"json": {"id": "render_1", "sessionId": sid, "draft": {"d": 1000}}},
        ),
    ]


@pytest.mark.parametrize("sid", ["²", "1" * 20, "٣", "-1", "1e3", "0x1", " 7 7 ", "9" * 400])
def test_a_session_id_that_cannot_be_one_answers_1002(
    http: httpx.Client, caller: tuple[str, str], sid: str
) -> None:
    token, _ = caller
    for method, path, kwargs in _session_calls(sid):
        answer = http.request(method, path, headers=bearer(token), **kwargs)
        assert answer.status_code == 404, (path, answer.text)
        body = answer.json()
        assert body["code"] == 1002, (path, body)
        assert body["message"].startswith("Session "), body


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sid=st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30))
def test_no_session_id_makes_the_server_fail(
    http: httpx.Client, caller: tuple[str, str], sid: str
) -> None:
    token, _ = caller
    for method, path, kwargs in _session_calls(sid)[::2]:  # state, storyboard, render
        if any(c in sid for c in "/?#%"):
            continue  # another URL altogether
        answer = http.request(method, path, headers=bearer(token), **kwargs)
        assert answer.status_code < 500, (path, sid, answer.text)
        # 4004: an empty id makes another path, which no endpoint has.
        assert answer.json()["code"] in (0, 1002, 4000, 4004), (path, sid, answer.text)


def test_render_ids_outside_the_safe_alphabet_are_refused(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    media = upload_photos(http, token, sid, sample_photos[:1])
    for render_id in ["render/1", "../render", "a b", " ", "x" * 129, "é", ".hidden", "r\n1"]:
        answer = submit(http, token, sid, small_draft(media), render_id=render_id)
        assert answer.status_code == 400, render_id
        body = answer.json()
        assert body["code"] == 4000 and body["data"] == {"key": "id"}
        assert body["message"].startswith("Invalid request: id: use a unique id like render_")
    accepted = submit(http, token, sid, small_draft(media), render_id="render_1.5-A_b")
    assert accepted.json()["data"]["render_id"] == "render_1.5-A_b"
    polled = http.get("/api/render/proxy/lambda/render_1.5-A_b", headers=bearer(token))
    assert polled.json()["render_id"] == "render_1.5-A_b"


def test_the_openapi_document_is_valid(http: httpx.Client) -> None:
    doc = http.get("/openapi.json").json()
    validate(doc)  # raises, naming the broken part
    body = doc["paths"]["/run_sse"]["post"]["requestBody"]["content"]["application/json"]
    assert "session_id" in body["schema"]["properties"]


def _raw_get(conn: socket.socket, path: str, token: str) -> tuple[int, dict[str, str], bytes]:
    """One keep-alive HTTP/1.1 request on an open socket, its answer read in full."""
    conn.sendall(
        f"GET {path} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
    )
    reader = conn.makefile("rb")
    status = int(reader.readline().split()[1])
    headers: dict[str, str] = {}
    while (line := reader.readline().strip()) != b"":
        name, value = line.decode().split(":", 1)
        headers[name.lower()] = value.strip()
    return status, headers, reader.read(int(headers["content-length"]))


def test_after_a_server_error_the_connection_stays_usable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with start_server(tmp_path, data_dir=data) as server:
        with server.client() as http:
            token = get_token(http)
            sid = new_session(http, token)
        # A draft version the store cannot read (a disk error, a hand edit): a real failure.
        with sqlite3.connect(data / "photoreel.db", timeout=10) as db:
            db.execute("INSERT INTO draft_versions VALUES (?, 1, '{not json', 'agent', 0)", (sid,))
            db.execute("UPDATE sessions SET current_version = 1, last_version = 1")
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            status, headers, body = _raw_get(conn, f"/api/state/nemo_agent/me/{sid}/latest", token)
            assert status == 500
            assert json.loads(body) == {
                "code": 5000,
                "message": "The server failed (JSONDecodeError). The request was not completed; "
                "retry, and if it fails again see the server's log.",
                "data": None,
            }
            assert headers.get("connection") != "close"
            # The same connection answers the next request.
            status, _, body = _raw_get(conn, "/api/credits/balance/simple", token)
            assert status == 200 and json.loads(body)["code"] == 0
        assert "Traceback" in server.stderr()  # the log has it; the answer does not


def test_the_data_folder_is_private_even_if_it_was_not(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        upload_photos(http, token, sid, sample_photos[:1])
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        files = [p for p in data.rglob("*") if p.is_file() and not p.name.startswith("stderr")]
        assert {p.name for p in files} >= {"photoreel.db", "photoreel.db-wal"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        for path in [p for p in data.rglob("*") if p.is_dir()]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def _client_hash(client_id: str) -> str:
    return hashlib.sha256(f"photoreel-client:{client_id}".encode()).hexdigest()


def test_client_ids_are_stored_hashed_and_old_stores_are_converted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    old_id = str(uuid.uuid4())
    # A store written by the first schema, with a client id in plain text.
    with sqlite3.connect(data / "photoreel.db") as db:
        db.executescript(MIGRATIONS[0])
        db.execute("INSERT INTO users VALUES ('anon_old', ?, 0)", (old_id,))
        db.execute("PRAGMA user_version = 1")
    new_id = str(uuid.uuid4())
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        old = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": old_id}).json()
        assert old["data"]["user_id"] == "anon_old"  # the same user after the upgrade
        get_token(http, new_id)
    with sqlite3.connect(data / "photoreel.db") as db:
        rows = db.execute("SELECT id, client_hash FROM users ORDER BY created_at").fetchall()
        dump = "\n".join(db.iterdump())
    assert rows[0] == ("anon_old", _client_hash(old_id))
    assert rows[1][1] == _client_hash(new_id)
    assert old_id not in dump and new_id not in dump


@pytest.mark.parametrize("taken_by", ["symlink", "another user"])
def test_make_refuses_a_socket_folder_another_user_made(
    tmp_path: Path, sample_photos: list[Path], taken_by: str
) -> None:
    """Without XDG_RUNTIME_DIR the private socket's folder is /tmp/photoreel-<uid>, which
    any local user can make first."""
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    folder = shared_tmp / f"photoreel-{os.getuid()}"
    if taken_by == "symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        folder.symlink_to(elsewhere)
    else:
        if os.getuid() != 0:
            pytest.skip("only root can make a folder that belongs to another user")
        folder.mkdir()
        os.chown(folder, 65534, 65534)
    env = cli_env(tmp_path)
    for name in ("PHOTOREEL_RUNTIME_DIR", "XDG_RUNTIME_DIR"):
        env.pop(name, None)
    env["TMPDIR"] = str(shared_tmp)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "photoreel",
            "make",
            str(sample_photos[0]),
            "-p",
            "a video",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "backend_unavailable"
    assert str(folder) in error["message"]
    why = "is a symbolic link" if taken_by == "symlink" else "belongs to another user"
    assert why in error["message"]
    assert "PHOTOREEL_RUNTIME_DIR" in error["message"]
    assert "Traceback" not in done.stderr
    if taken_by == "symlink":
        assert not list((tmp_path / "elsewhere").iterdir())  # nothing was put there


@contextlib.contextmanager
def _slow_file_server() -> Iterator[tuple[str, threading.Event, threading.Event]]:
    """A loopback HTTP server sending a large file slowly; the events are set when a
    download starts and when its client (the photoreel server) hangs up."""
    started, hung_up = threading.Event(), threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            started.set()
            try:
                for _ in range(1200):
                    self.wfile.write(b"\0" * 8192)
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                hung_up.set()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slow.mp4", started, hung_up
    finally:
        server.shutdown()
        server.server_close()


def test_a_url_download_stops_when_its_client_goes_away(shared_server: RunningServer) -> None:
    assert shared_server.uds is not None
    with _slow_file_server() as (url, started, hung_up), shared_server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        body = json.dumps({"urls": [url], "source_type": "url"}).encode()
        with socket.socket(socket.AF_UNIX) as conn:  # a client that leaves mid-upload
            conn.connect(str(shared_server.uds))
            conn.sendall(
                f"POST /api/upload-video/nemo_agent/me/{sid} HTTP/1.1\r\nHost: photoreel\r\n"
                f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            assert started.wait(30), "the download did not start"
            assert not hung_up.is_set()
        assert hung_up.wait(10), "the download went on after its client left"
        incoming = shared_server.data_dir / "incoming"
        deadline = time.monotonic() + 5
        while list(incoming.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not list(incoming.glob("*.part"))  # the partial file is removed
        assert http.get("/api/credits/balance/simple", headers=bearer(token)).json()["code"] == 0
