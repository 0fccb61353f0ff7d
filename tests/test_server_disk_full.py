"""A full disk is a state: the server starts on it, answers reads, refuses writes with
5007 until space returns, and loses nothing it stored.

The disk is a real small filesystem (a tmpfs) where the test may mount one (root, as
on CI); the data folder's size limit (`--max-data-mb`) is tested everywhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from photoreel.client.errors import BackendError, error_from_answer
from server_helpers import bearer, get_token, new_session, start_server
from test_server_render import small_draft, submit, wait_for

FULL = (
    "The server's disk is full: nothing new can be stored until space is freed. What is "
    "stored is safe and can still be read; try again later, or ask the server's owner to "
    "free space."
)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 40 MB filesystem of its own, or a skip where no test may mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here ({mounted.stderr.strip()})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Write zeros until the filesystem refuses."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for block in (1024 * 1024, 4096):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * block)
    finally:
        os.close(fd)
    return filler


def _upload(http: httpx.Client, token: str, sid: str, *files: Path) -> httpx.Response:
    return http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in files],
        headers=bearer(token),
    )


def _refused_as_full(answer: httpx.Response) -> None:
    assert answer.status_code == 507, answer.text
    assert answer.json()["code"] == 5007
    assert answer.json()["message"].startswith("The server's disk is full")


def _reads_work(http: httpx.Client, token: str, sid: str, video: bytes) -> dict:
    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
    assert state["code"] == 0
    assert http.get("/api/credits/balance/simple", headers=bearer(token)).json()["code"] == 0
    done = http.get("/api/render/proxy/lambda/render_before", headers=bearer(token)).json()
    assert http.get(done["output"]["url"], headers=bearer(token)).content == video
    for row in state["data"]["state"]["video_infos"]:  # every stored file is still whole
        assert http.get(row["cdn_url"], headers=bearer(token)).status_code == 200
    return state


def _stored(state: dict) -> tuple[list, list]:
    """What a session holds, without the URLs (the port changes with each start)."""
    body = state["data"]["state"]
    media = [(row["media_id"], row["size"]) for row in body["video_infos"]]
    renders = [(row["render_id"], row["status"], row["size"]) for row in body["generated_media"]]
    return media, renders


def test_a_full_disk_refuses_writes_serves_reads_and_recovers(
    small_disk: Path, tmp_path: Path, sample_photos: list[Path]
) -> None:
    data = small_disk / "data"
    settings = {"data_dir": data, "min_free_mb": 1}
    with start_server(tmp_path, **settings) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        media = [row["media_id"] for row in
                 _upload(http, token, sid, *sample_photos[:2]).json()["data"]["files"]]  # fmt: skip
        submit(http, token, sid, small_draft(media), render_id="render_before")
        done = wait_for(http, token, "render_before", {"completed", "failed"})
        video = http.get(done["output"]["url"], headers=bearer(token)).content
        filler = fill(small_disk)

        _refused_as_full(_upload(http, token, sid, sample_photos[2]))
        _refused_as_full(submit(http, token, sid, small_draft(media)))
        before = _reads_work(http, token, sid, video)
        assert not list((data / "incoming").iterdir())  # no partial upload left
    assert "Traceback" not in server.stderr()

    # It starts again on the full disk, and still serves what it has.
    with start_server(tmp_path, **settings) as server, server.client() as http:
        _refused_as_full(_upload(http, token, sid, sample_photos[2]))
        assert _stored(_reads_work(http, token, sid, video)) == _stored(before)
        filler.unlink()  # space returns: so do writes, without a restart
        assert _upload(http, token, sid, sample_photos[2]).json()["code"] == 0
        submit(http, token, sid, small_draft(media), render_id="render_after")
        assert wait_for(http, token, "render_after", {"completed", "failed"})["status"] == (
            "completed"
        )
    assert "Traceback" not in server.stderr()


def test_the_data_folder_size_limit_makes_the_server_full(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """`--max-data-mb`: the same state on any machine, with no filesystem of its own."""
    big = tmp_path / "noise.png"
    Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3)).save(big)
    assert big.stat().st_size > 4 * 1024 * 1024
    with start_server(tmp_path, max_data_mb=4) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        assert _upload(http, token, sid, sample_photos[0]).json()["code"] == 0
        answer = _upload(http, token, sid, big)
        assert answer.status_code == 507
        body = answer.json()
        assert body["code"] == 5007
        assert body["message"].startswith("The server's disk is full (this needs about ")
        said = error_from_answer(answer.status_code, body)  # what the client shows
        assert isinstance(said, BackendError) and (said.code, said.message) == (
            5007,
            body["message"],
        )
        state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
        assert [row["filename"] for row in state["data"]["state"]["video_infos"]] == [
            sample_photos[0].name
        ]


def test_fill_really_fills(small_disk: Path) -> None:
    """The helper leaves no room: a further write fails with ENOSPC."""
    filler = fill(small_disk)
    with pytest.raises(OSError) as failed, (small_disk / "more").open("wb") as out:
        out.write(b"x" * 65536)
        out.flush()
    assert failed.value.errno == errno.ENOSPC
    filler.unlink()
