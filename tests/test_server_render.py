"""Export against a real server: jobs, status shapes, cancel, download, crashes."""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from photoreel.engine.ffmpeg import ffmpeg_exe
from photoreel.engine.ffmpeg_info import ffmpeg_info
from photoreel.server.store import DB_NAME
from server_helpers import (
    RunningServer,
    bearer,
    get_token,
    new_session,
    start_server,
    upload_photos,
)
from video_checks import photos_shown


def small_draft(sources: list[str], total_ms: int = 2000) -> dict[str, Any]:
    """A tiny slideshow: 320x180, one crossfade, draft-sized."""
    each = total_ms // len(sources)
    segments = []
    for i, src in enumerate(sources):
        meta: dict[str, Any] = {"src": src, "name": f"photo {i}"}
        if i < len(sources) - 1:
            meta["transition"] = {"type": "fade", "d": min(400, each)}
        segments.append({"s": i * each, "d": each, "m": meta})
    return {"d": each * len(sources), "m": {"width": 320, "height": 180, "fps": 25},
            "t": [{"tt": 0, "sg": segments}]}  # fmt: skip


def submit(
    http: httpx.Client,
    token: str,
    sid: str,
    draft: dict[str, Any],
    render_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return http.post(
        "/api/render/proxy/lambda",
        json={
            "id": render_id or f"render_{time.time_ns() // 1_000_000}_{id(draft)}",
            "sessionId": sid,
            "draft": draft,
            "output": {"format": "mp4", "quality": "draft"},
        },
        headers={**bearer(token), **(headers if headers is not None else {})},
    )


def wait_for(
    http: httpx.Client, token: str, render_id: str, until: set[str], timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = http.get(
            f"/api/render/proxy/lambda/{render_id}", headers=bearer(token)
        ).json()
        status = body.get("status") or (body.get("data") or {}).get("status")
        if status in until:
            return body
        assert time.monotonic() < deadline, f"render stuck: {body}"
        time.sleep(0.05)


def ffmpeg_facts(path: Path) -> tuple[str, int, int, float]:
    """Decode the whole file (it must play) and read codec, size and duration."""
    decoded = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    assert decoded.returncode == 0 and decoded.stderr == "", decoded.stderr
    info = ffmpeg_info(path)
    assert info.video is not None and info.duration is not None, info
    return info.video.codec, info.video.width, info.video.height, info.duration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(
        tmp_path_factory.mktemp("render"), credits=1000, credits_per_user=20
    ) as running:
        yield running


@pytest.fixture
def project(http: httpx.Client, sample_photos: list[Path]) -> tuple[str, str, list[str]]:
    token = get_token(http)
    sid = new_session(http, token)
    return token, sid, upload_photos(http, token, sid, sample_photos[:2])


def test_export_end_to_end_makes_a_playable_mp4(
    http: httpx.Client,
    project: tuple[str, str, list[str]],
    tmp_path: Path,
    sample_photos: list[Path],
) -> None:
    token, sid, media = project
    answer = submit(http, token, sid, small_draft(media), render_id="render_e2e")
    assert answer.status_code == 200
    queued = answer.json()
    assert queued["code"] == 0
    assert queued["data"]["render_id"] == "render_e2e"
    assert queued["data"]["status"] in ("pending", "processing")
    credits = http.get("/api/credits/balance/simple", headers=bearer(token)).json()["data"]
    assert credits["available"] == 19  # 1 frozen at submit (or consumed if already done)

    done = wait_for(http, token, "render_e2e", {"completed", "failed"})
    assert done["status"] == "completed", done
    assert done["progress"] == 100
    # One body, three documented shapes: top level, inside data, and outputUrl.
    url = done["output"]["url"]
    assert url == done["outputUrl"] == done["data"]["output"]["url"] == done["data"]["outputUrl"]
    assert url.endswith("/api/render/proxy/render_e2e/download")
    assert done["output"]["duration"] == pytest.approx(2.0, abs=0.05)
    assert done["data"]["completedAt"] and done["data"]["createdAt"]

    video = http.get(url, headers=bearer(token))
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    assert len(video.content) == done["output"]["size"]
    out = tmp_path / "export.mp4"
    out.write_bytes(video.content)
    codec, width, height, seconds = ffmpeg_facts(out)
    assert (codec, width, height) == ("h264", 320, 180)
    assert seconds == pytest.approx(2.0, abs=0.05)
    assert photos_shown(out, sample_photos[:2], 2.0) == [p.name for p in sample_photos[:2]]

    tail = http.get(url, headers={**bearer(token), "Range": "bytes=100-"})
    assert tail.status_code == 206 and tail.content == video.content[100:]

    after = http.get("/api/credits/balance/simple", headers=bearer(token)).json()["data"]
    assert after == {"available": 19, "frozen": 0, "total": 19, "unlimited": False}
    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
    generated = state["data"]["state"]["generated_media"]
    assert [(g["render_id"], g["status"], g["url"]) for g in generated] == [
        ("render_e2e", "completed", url)
    ]
    assert generated[0]["size"] == len(video.content)


def test_export_needs_the_attribution_headers(
    server: RunningServer, project: tuple[str, str, list[str]]
) -> None:
    token, sid, media = project
    with server.client(headers={"X-Skill-Source": "photoreel"}) as bare:
        answer = submit(bare, token, sid, small_draft(media))
    assert answer.status_code == 402
    assert answer.json() == {
        "code": 402,
        "message": "Export blocked: the attribution headers are missing (X-Skill-Version, "
        "X-Skill-Platform). Send X-Skill-Source, X-Skill-Version and X-Skill-Platform with "
        "every call.",
        "data": None,
    }


@pytest.mark.parametrize(
    ("change", "message", "key"),
    [
        (
            lambda d: d["t"][0]["sg"][0]["m"].update(transition={"type": "wipe", "d": 300}),
            "Invalid draft: t[0].sg[0].m.transition.type: 'wipe' is not allowed; use one of: ",
            "t[0].sg[0].m.transition.type",
        ),
        (
            lambda d: d["t"][0]["sg"][1]["m"].update(src="nope.jpg"),
            "Invalid draft: t[0].sg[1].m.src: 'nope.jpg' is not a file of this session; upload "
            "it first (state.video_infos lists the media ids).",
            "t[0].sg[1].m.src",
        ),
        (
            lambda d: d["t"][0].update(sg=[]),
            "Nothing to export: the draft has no segments. Add photos to the timeline first.",
            "t",
        ),
        (
            lambda d: d.pop("d"),
            "Invalid draft: d: required key is missing",
            "d",
        ),
        (
            lambda d: d.update(d=1),
            "Invalid draft: d: a 1 ms video is too short; d must be at least 100 ms (0.1s)",
            "d",
        ),
        (
            lambda d: d["t"][0]["sg"][1].update(d=5),
            "Invalid draft: t[0].sg[1].d: a 5 ms segment is shorter than one frame at 25 fps; "
            "use at least 40 ms",
            "t[0].sg[1].d",
        ),
    ],
)
def test_invalid_drafts_are_refused_naming_the_key(
    http: httpx.Client,
    project: tuple[str, str, list[str]],
    change: Any,
    message: str,
    key: str,
) -> None:
    token, sid, media = project
    draft = small_draft(media)
    change(draft)
    answer = submit(http, token, sid, draft)
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == 4000
    assert body["message"].startswith(message)
    assert body["data"] == {"key": key}


def test_render_ids_unknown_foreign_and_reused(
    http: httpx.Client, project: tuple[str, str, list[str]]
) -> None:
    token, sid, media = project
    draft = small_draft(media)
    first = submit(http, token, sid, draft, render_id="render_reused").json()
    again = submit(http, token, sid, draft, render_id="render_reused").json()
    assert again["data"]["render_id"] == "render_reused" and again["code"] == 0
    assert again["data"]["createdAt"] == first["data"]["createdAt"]  # the same job, not a new one
    other = small_draft(media, total_ms=1000)
    clash = submit(http, token, sid, other, render_id="render_reused")
    assert clash.status_code == 409
    assert clash.json()["message"] == (
        "Render id render_reused is already used; submit again with a new id "
        "(render_<ms timestamp>)."
    )
    stranger = get_token(http)
    unknown = http.get("/api/render/proxy/lambda/render_reused", headers=bearer(stranger))
    assert unknown.status_code == 404
    assert unknown.json() == {
        "code": 4004,
        "message": "No render render_reused for this token.",
        "data": None,
    }
    foreign = submit(http, stranger, sid, draft)
    assert foreign.status_code == 404 and foreign.json()["code"] == 1002
    wait_for(http, token, "render_reused", {"completed"})


def test_cancel_pending_and_running_renders(
    server: RunningServer, http: httpx.Client, sample_photos: list[Path]
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    media = upload_photos(http, token, sid, sample_photos[:2])
    long = small_draft(media, total_ms=60_000)  # 6 credits, a second or two of work
    submit(http, token, sid, long, render_id="render_long")
    submit(http, token, sid, small_draft(media), render_id="render_queued")
    wait_for(http, token, "render_long", {"processing"})

    queued = http.post("/api/render/proxy/lambda/render_queued/cancel", headers=bearer(token))
    assert queued.json()["status"] == "cancelled"
    assert queued.json()["error"] == "Cancelled before it started."

    running = http.delete("/api/render/proxy/lambda/render_long", headers=bearer(token))
    assert running.json()["status"] == "cancelled", running.json()
    assert not list((server.data_dir / "renders").rglob(".*.part"))  # no half file left
    assert not list((server.data_dir / "tmp").iterdir())  # nor its temporary files
    credits = http.get("/api/credits/balance/simple", headers=bearer(token)).json()["data"]
    assert credits == {"available": 20, "frozen": 0, "total": 20, "unlimited": False}

    again = http.post("/api/render/proxy/lambda/render_long/cancel", headers=bearer(token))
    assert again.json()["status"] == "cancelled"
    download = http.get("/api/render/proxy/render_long/download", headers=bearer(token))
    assert download.status_code == 409
    assert download.json()["message"] == (
        "Render render_long is cancelled; download it once its status is completed."
    )

    submit(http, token, sid, small_draft(media), render_id="render_done")
    wait_for(http, token, "render_done", {"completed"})
    late = http.post("/api/render/proxy/lambda/render_done/cancel", headers=bearer(token))
    assert late.status_code == 409
    assert late.json()["message"] == (
        "Render render_done already completed; there is nothing to cancel."
    )


def test_a_render_that_costs_more_than_the_balance_answers_2001(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    media = upload_photos(http, token, sid, sample_photos[:2])
    answer = submit(http, token, sid, small_draft(media, total_ms=300_000))
    assert answer.status_code == 402
    assert answer.json() == {
        "code": 2001,
        "message": "Not enough credits: this needs 30 and 20 are available.",
        "data": {"needed": 30, "available": 20},
    }
    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token))
    assert state.json()["data"]["state"]["generated_media"] == []


@pytest.mark.parametrize(
    ("shape", "keys", "data_keys"),
    [
        ("top", {"render_id", "status", "progress", "output", "error"}, None),
        (
            "data",
            {"code", "message", "data"},
            {"render_id", "status", "progress", "output", "error"},
        ),
        (
            "output_url",
            {"code", "message", "data"},
            {"render_id", "status", "progress", "outputUrl", "createdAt", "completedAt", "error"},
        ),
    ],
)
def test_each_documented_status_shape_on_its_own(
    tmp_path: Path,
    sample_photos: list[Path],
    shape: str,
    keys: set[str],
    data_keys: set[str] | None,
) -> None:
    with start_server(tmp_path, status_shape=shape) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        media = upload_photos(http, token, sid, sample_photos[:2])
        submitted = submit(http, token, sid, small_draft(media), render_id="render_shape").json()
        assert submitted["data"]["render_id"] == "render_shape"  # submit is always `data`
        body = wait_for(http, token, "render_shape", {"completed"})
        assert set(body) == keys
        if data_keys is not None:
            assert set(body["data"]) == data_keys
        url = (body.get("data") or body).get("outputUrl") or (body.get("data") or body)["output"][
            "url"
        ]
        assert http.get(url, headers=bearer(token)).status_code == 200


def _ffmpeg_child(server: RunningServer, timeout: float = 60) -> psutil.Process:
    """The ffmpeg the server runs for a render (waits for it to start)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in psutil.Process(server.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ffmpeg" in child.name() and "-progress" in child.cmdline():
                    return child
        time.sleep(0.05)
    raise AssertionError("the server started no ffmpeg")


def _wait_recorded(data: Path, pid: int, timeout: float = 10) -> None:
    """Until the server has written process `pid` down (in its store, for the next start)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.closing(sqlite3.connect(data / DB_NAME)) as db:
            if db.execute("SELECT 1 FROM processes WHERE pid = ?", (pid,)).fetchone():
                return
        time.sleep(0.05)
    raise AssertionError(f"the server did not record ffmpeg {pid}")


def test_killed_during_a_render_the_next_start_ends_its_ffmpeg_and_finishes_it(
    tmp_path: Path, sample_photos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    system_tmp = tmp_path / "system-tmp"  # the server's own files never go to the system's
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        token = get_token(http, "11111111-2222-3333-4444-555555555555")
        sid = new_session(http, token)
        media = upload_photos(http, token, sid, sample_photos[:2])
        submit(http, token, sid, small_draft(media, 60_000), render_id="render_crash")
        orphan = _ffmpeg_child(server)
        orphan.suspend()  # so that it is still there however fast it would have finished
        _wait_recorded(data, orphan.pid)  # written just after the spawn: not a race to test
        assert [p.name[:7] for p in (data / "tmp").iterdir()] == ["render-"]
        server.kill()
    assert orphan.is_running()  # a server killed with SIGKILL cannot stop its ffmpeg
    assert not list((data / "renders").rglob("*.mp4"))
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        assert not orphan.is_running()  # ended by pid and start time at the start
        done = wait_for(http, token, "render_crash", {"completed", "failed"})
        assert done["status"] == "completed", done
        video = http.get(done["output"]["url"], headers=bearer(token))
        out = tmp_path / "after-crash.mp4"
        out.write_bytes(video.content)
        assert ffmpeg_facts(out)[3] == pytest.approx(60.0, abs=0.1)
        assert not list((data / "renders").rglob(".*.part"))
        assert not list((data / "tmp").iterdir())
    assert not list(system_tmp.iterdir())
    # A finished file is never lost: a later start still serves it.
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        again = http.get("/api/render/proxy/lambda/render_crash", headers=bearer(token)).json()
        assert again["status"] == "completed"
        assert http.get(again["output"]["url"], headers=bearer(token)).content == video.content


def test_a_render_that_keeps_crashing_the_server_fails_with_a_reason(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    data = tmp_path / "data"
    token = ""
    for _ in range(2):
        with (
            start_server(tmp_path, data_dir=data, max_render_attempts=2, credits=10) as server,
            server.client() as http,
        ):
            if not token:
                token = get_token(http, "99999999-2222-3333-4444-555555555555")
                sid = new_session(http, token)
                media = upload_photos(http, token, sid, sample_photos[:2])
                submit(http, token, sid, small_draft(media, 60_000), render_id="render_doomed")
            body = wait_for(http, token, "render_doomed", {"processing"})
            assert body["status"] == "processing"
            server.kill()
    with (
        start_server(tmp_path, data_dir=data, max_render_attempts=2, credits=10) as server,
        server.client() as http,
    ):
        body = http.get("/api/render/proxy/lambda/render_doomed", headers=bearer(token)).json()
        assert body["status"] == "failed"
        assert body["error"] == (
            "The server stopped 2 times while making this video; it was not tried again. "
            "Submit the export again."
        )
        credits = http.get("/api/credits/balance/simple", headers=bearer(token)).json()
        # The 6 credits frozen at submit are released: nothing was made.
        assert credits["data"] == {"available": 10, "frozen": 0, "total": 10, "unlimited": False}


def test_a_graceful_stop_mid_render_resumes_on_the_next_start(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    data = tmp_path / "data"
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        media = upload_photos(http, token, sid, sample_photos[:2])
        submit(http, token, sid, small_draft(media, 60_000), render_id="render_stopped")
        wait_for(http, token, "render_stopped", {"processing"})
        # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit says why.
        assert server.stop() in (0, -signal.SIGTERM)
        assert "Traceback" not in server.stderr()
    with start_server(tmp_path, data_dir=data) as server, server.client() as http:
        body = http.get("/api/render/proxy/lambda/render_stopped", headers=bearer(token)).json()
        assert body["status"] in ("pending", "processing")
        assert wait_for(http, token, "render_stopped", {"completed", "failed"})["status"] == (
            "completed"
        )


def test_openapi_lists_the_render_endpoints(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    assert "post" in paths["/api/render/proxy/lambda"]
    assert {"get", "delete"} <= set(paths["/api/render/proxy/lambda/{render_id}"])
    assert "post" in paths["/api/render/proxy/lambda/{render_id}/cancel"]
    assert "get" in paths["/api/render/proxy/{render_id}/download"]
    assert "post" in paths["/run_sse"]
    assert "post" in paths["/api/upload-video/{app}/{user}/{session_id}"]
    assert "get" in paths["/api/media/{media_id}/{filename}"]
