"""Tokens, sessions, state and credits against a real server on a real socket."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from photoreel.server import db
from photoreel.server.tokens import token_hash
from server_helpers import RunningServer, bearer, get_token, new_session, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    # the hosted service's rule, one live token per client id per 7 days, made explicit
    with start_server(tmp_path_factory.mktemp("auth"), token_rate_window=7 * 86400) as running:
        yield running


def test_anonymous_token_needs_a_client_id(http: httpx.Client) -> None:
    answer = http.post("/api/auth/anonymous-token")
    assert answer.status_code == 400
    assert answer.json() == {
        "code": 400,
        "message": "Missing X-Client-Id header: generate a UUID once, keep it, and send it "
        "as X-Client-Id.",
        "data": None,
    }


def test_anonymous_token_answers_the_documented_fields(http: httpx.Client) -> None:
    answer = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
    assert answer.status_code == 200
    body = answer.json()
    assert body["code"] == 0 and body["message"] == "success"
    data = body["data"]
    assert data["token"].startswith("pr_") and len(data["token"]) > 40
    assert data["user_id"].startswith("anon_")
    expires = time.mktime(time.strptime(data["expires_at"], "%Y-%m-%dT%H:%M:%SZ"))
    assert 6.9 * 86400 < expires - time.mktime(time.gmtime()) <= 7 * 86400 + 5
    assert data["credits"] is None and data["unlimited"] is True


def test_second_live_token_for_one_client_id_is_rate_limited(http: httpx.Client) -> None:
    client_id = str(uuid.uuid4())
    get_token(http, client_id)
    answer = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "30"
    body = answer.json()
    assert body["code"] == 429
    assert body["message"].startswith("This client id already has a token that is valid until ")
    assert (
        "(one token per client id per 7 days). Keep using it, or retry after 30 s."
        in (body["message"])
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            {},
            "Missing bearer token: send 'Authorization: Bearer <token>'. Get a new anonymous "
            "token (POST /api/auth/anonymous-token) and retry.",
        ),
        (
            {"Authorization": "Bearer pr_not-a-real-token"},
            "The token is not valid on this server. Get a new anonymous token "
            "(POST /api/auth/anonymous-token) and retry.",
        ),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/tasks/me/with-session/nemo_agent"),
        ("GET", "/api/credits/balance/simple"),
        ("GET", "/api/state/nemo_agent/me/1/latest"),
    ],
)
def test_endpoints_refuse_a_missing_or_unknown_token(
    http: httpx.Client, method: str, path: str, headers: dict[str, str], message: str
) -> None:
    answer = http.request(method, path, headers=headers, json={})
    assert answer.status_code == 401
    assert answer.json() == {"code": 1001, "message": message, "data": None}


def test_session_ids_are_numeric_and_owned_by_one_token(http: httpx.Client) -> None:
    alice, bob = get_token(http), get_token(http)
    created = http.post(
        "/api/tasks/me/with-session/nemo_agent",
        json={"task_name": "holiday", "language": "ja"},
        headers=bearer(alice),
    ).json()["data"]
    assert created["session_id"].isdigit()
    assert created["task_id"].startswith("task_")
    assert created["user_id"].startswith("anon_")
    sid = created["session_id"]

    mine = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(alice)).json()
    assert mine["code"] == 0
    assert mine["data"]["session_id"] == sid
    assert mine["data"]["task_name"] == "holiday"
    assert mine["data"]["version"] == 0
    state = mine["data"]["state"]
    assert state["draft"] is None
    assert state["video_infos"] == [] and state["generated_media"] == []
    assert state["canvas_config"] == {"width": 1920, "height": 1080, "aspect_ratio": "16:9"}

    theirs = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(bob))
    assert theirs.status_code == 404
    assert theirs.json() == {
        "code": 1002,
        "message": f"Session {sid} not found for this token. Create a new session "
        "(POST /api/tasks/me/with-session/nemo_agent).",
        "data": None,
    }


@pytest.mark.parametrize("sid", ["999999", "abc", "-1"])
def test_unknown_sessions_answer_1002(http: httpx.Client, sid: str) -> None:
    token = get_token(http)
    answer = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token))
    assert answer.status_code == 404
    assert answer.json()["code"] == 1002
    assert answer.json()["message"].startswith(f"Session {sid} not found for this token.")


def test_session_body_defaults_when_empty(http: httpx.Client) -> None:
    token = get_token(http)
    answer = http.post("/api/tasks/me/with-session/nemo_agent", headers=bearer(token))
    assert answer.json()["code"] == 0
    sid = answer.json()["data"]["session_id"]
    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
    assert state["data"]["task_name"] == "project"


def test_a_bad_session_body_names_the_field(http: httpx.Client) -> None:
    token = get_token(http)
    answer = http.post(
        "/api/tasks/me/with-session/nemo_agent", json={"task_name": 5}, headers=bearer(token)
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "code": 4000,
        "message": "Invalid request: task_name: Input should be a valid string",
        "data": None,
    }


def test_unlimited_credits_are_shown_as_such(http: httpx.Client) -> None:
    token = get_token(http)
    answer = http.get("/api/credits/balance/simple", headers=bearer(token)).json()
    assert answer == {
        "code": 0,
        "message": "success",
        "data": {"available": None, "frozen": 0, "total": None, "unlimited": True},
    }


def test_server_info_tells_the_client_what_it_talks_to(http: httpx.Client) -> None:
    info = http.get("/api/server/info").json()["data"]
    assert info["kind"] == "photoreel"
    assert info["poll_interval_seconds"] == 1.0
    assert info["credits_unlimited"] is True
    assert info["max_upload_bytes"] == 200 * 1024 * 1024
    assert info["status_shape"] == "combined"
    assert "jpg" in info["formats"] and "m4a" in info["formats"]


def test_unknown_endpoint_is_an_envelope(http: httpx.Client) -> None:
    answer = http.get("/api/nothing/here")
    assert answer.status_code == 404
    assert answer.json() == {
        "code": 4004,
        "message": "No such endpoint: GET /api/nothing/here",
        "data": None,
    }


def test_openapi_describes_every_endpoint(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for path, method in [
        ("/api/auth/anonymous-token", "post"),
        ("/api/tasks/{user}/with-session/{app}", "post"),
        ("/api/state/{app}/{user}/{session_id}/latest", "get"),
        ("/api/credits/balance/simple", "get"),
        ("/api/server/info", "get"),
    ]:
        assert method in paths[path], path


def test_token_expiry_and_rate_limit_window_are_configurable(tmp_path: Path) -> None:
    settings = {"token_ttl": 2, "token_rate_window": 1, "retry_after": 1, "credits": 5}
    with start_server(tmp_path, **settings) as server, server.client() as http:
        client_id = str(uuid.uuid4())
        first = get_token(http, client_id)
        sid = new_session(http, first)
        refused = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
        assert "(one token per client id per 1 s)" in refused.json()["message"]
        time.sleep(1.1)  # the window passed; the first token still lives
        second = get_token(http, client_id)
        time.sleep(1.0)  # now the first token is 2.1 s old: expired
        answer = http.get("/api/credits/balance/simple", headers=bearer(first))
        assert answer.status_code == 401
        body = answer.json()
        assert body["code"] == 1001
        assert body["message"].startswith("The token expired at ")
        assert body["message"].endswith(
            ". Get a new anonymous token (POST /api/auth/anonymous-token) and retry."
        )
        # The same client id is the same user: same session, same credits.
        state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(second))
        assert state.json()["code"] == 0
        credits = http.get("/api/credits/balance/simple", headers=bearer(second)).json()
        assert credits["data"] == {"available": 5, "frozen": 0, "total": 5, "unlimited": False}


def test_hosted_like_errors_come_with_http_200(hosted_like_server: RunningServer) -> None:
    with hosted_like_server.client() as http:
        answer = http.get("/api/credits/balance/simple")
        assert answer.status_code == 200 and answer.json()["code"] == 1001
        # The documented plain-HTTP errors keep their status.
        assert http.post("/api/auth/anonymous-token").status_code == 400
        info = http.get("/api/server/info").json()["data"]
        assert info["kind"] == "hosted-like" and info["poll_interval_seconds"] == 30.0
        assert info["status_shape"] == "output_url"


def test_tokens_are_stored_hashed(server: RunningServer, http: httpx.Client) -> None:
    token = get_token(http)
    database = (server.data_dir / "photoreel.db").read_bytes()
    wal = server.data_dir / "photoreel.db-wal"
    stored = database + (wal.read_bytes() if wal.exists() else b"")
    assert token.encode() not in stored
    assert token_hash(token).encode() in stored


def test_the_server_serves_over_a_unix_socket_with_owner_only_mode(tmp_path: Path) -> None:
    with start_server(tmp_path, uds=True) as server, server.client() as http:
        assert server.uds is not None
        assert server.uds.stat().st_mode & 0o777 == 0o600
        assert http.get("/api/server/info").json()["code"] == 0
    assert not server.uds.exists()


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    conn = db.connect(data / "photoreel.db")
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RuntimeError) as caught:
        start_server(tmp_path, data_dir=data).__enter__()
    assert f"the database is at schema version {db.SCHEMA_VERSION + 1}" in str(caught.value)
    assert "use another --data directory" in str(caught.value)


def test_a_second_server_on_the_same_data_dir_is_refused(
    server: RunningServer, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError) as caught:
        start_server(tmp_path, data_dir=server.data_dir).__enter__()
    pid = server.process.pid
    assert (
        f"another photoreel server (pid {pid}) is using the data directory {server.data_dir}; "
        "use that one, stop it, or pick another --data directory"
    ) in str(caught.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--credits", "lots"], "photoreel serve: --credits: 'lots' is not a number of credits; "
         "use N or 'unlimited'\n"),
        (["--workers", "0"], "photoreel serve: --workers: Input should be greater than or equal "
         "to 1\n"),
    ],
)  # fmt: skip
def test_bad_serve_flags_are_named(args: list[str], message: str) -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "photoreel", "serve", *args], capture_output=True, text=True
    )
    assert answer.returncode == 2
    assert answer.stderr == message
