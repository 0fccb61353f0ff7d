"""The server's side of the farm that needs no cluster: its flags and the workers' media route."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from server_helpers import RunningServer


def test_a_cluster_server_must_be_reachable_over_http(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "photoreel", "serve", "--data", str(tmp_path / "data"),
         "--uds", str(tmp_path / "s.sock"), "--cluster", "tcp://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "photoreel serve: --cluster needs the workers to reach this server over HTTP: listen "
        "on TCP (--host, --port) or give --advertise-url\n"
    )


def test_the_workers_media_route_opens_nothing_without_a_live_job_key(
    shared_server: RunningServer,
) -> None:
    digest = "0" * 64
    with shared_server.client() as http:
        for headers in ({}, {"Authorization": "Bearer prj_made-up"}):
            answer = http.get(f"/api/farm/media/{digest}", headers=headers)
            assert answer.status_code == 401
            assert answer.json()["code"] == 1001
            assert answer.json()["message"].startswith(
                "The job key is not valid on this server (its render has ended, or the "
                "server restarted)."
            )
        # A user's token is not a job key either.
        token = http.post(
            "/api/auth/anonymous-token", headers={"X-Client-Id": "farm-route-user"}
        ).json()["data"]["token"]
        answer = http.get(f"/api/farm/media/{digest}", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401


def test_job_keys_open_only_their_files_while_they_live(tmp_path: Path) -> None:
    from photoreel.farm.credentials import JobCredentials

    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    keys = JobCredentials()
    key = keys.issue({"aa": a})
    other = keys.issue({"bb": b})
    assert keys.file(key, "aa") == a and keys.file(key, "bb") is None
    assert keys.file(other, "bb") == b
    keys.revoke(key)
    assert not keys.known(key) and keys.file(key, "aa") is None
    assert keys.known(other)
