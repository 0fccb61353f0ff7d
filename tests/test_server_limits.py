"""Limits on the work one request may ask for, against a real server: every limit is
refused at once with 4013 and a sentence naming it and its flag."""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from server_helpers import RunningServer, bearer, get_token, new_session, start_server
from test_server_render import small_draft, submit, wait_for

SMALL_LIMITS: dict[str, Any] = {
    "max_video_seconds": 40,
    "max_canvas_side": 640,
    "max_fps": 30,
    "max_tracks": 3,
    "max_segments": 6,
    "max_text_chars": 20,
    "max_render_temp_mb": 8,
    "max_queued_renders": 2,
    "max_chat_chars": 50,
    "max_body_bytes": 64 * 1024,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(
        tmp_path_factory.mktemp("limits"), credits=10_000, credits_per_user=100, **SMALL_LIMITS
    ) as running:
        yield running


def animated_gif(path: Path, frames: int, size: tuple[int, int] = (64, 48)) -> Path:
    images = [Image.new("RGB", size, (i * 20 % 256, 80, 160)) for i in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:], duration=40, loop=0)
    return path


@pytest.fixture(scope="module")
def gifs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("limits-media")
    return [animated_gif(folder / "ten.gif", 10)]


@pytest.fixture
def project(
    http: httpx.Client, sample_photos: list[Path], gifs: list[Path]
) -> tuple[str, str, dict[str, str]]:
    """A new user's token, a session, and the media ids of two photos and an animation
    (limits like the render queue are per user)."""
    token = get_token(http)
    sid = new_session(http, token)
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in [*sample_photos[:2], *gifs]],
        headers=bearer(token),
    ).json()
    assert answer["code"] == 0, answer
    return token, sid, {row["filename"]: row["media_id"] for row in answer["data"]["files"]}


def _accepted(http: httpx.Client, token: str, sid: str, draft: dict[str, Any]) -> None:
    """The draft is queued; then cancelled, to spare the machine the work."""
    answer = submit(http, token, sid, draft).json()
    assert answer["code"] == 0, answer
    http.post(f"/api/render/proxy/lambda/{answer['data']['render_id']}/cancel",
              headers=bearer(token))  # fmt: skip


def _refused(answer: httpx.Response, limit: str, key: str | None, message: str) -> None:
    assert answer.status_code == 413, answer.text
    body = answer.json()
    assert body["code"] == 4013, body
    assert body["message"].startswith("Over a limit: " + message), body["message"]
    assert body["data"]["limit"] == limit
    if key is not None:
        assert body["data"]["key"] == key


def _photos(project: tuple[str, str, dict[str, str]]) -> list[str]:
    ids = project[2]
    return [ids[name] for name in sorted(ids) if name.endswith((".png", ".jpg"))]


def test_a_draft_of_2_63_ms_is_refused_at_once(
    shared_server: RunningServer, sample_photos: list[Path]
) -> None:
    """The server's own defaults: 600 s, 1920 px a side."""
    with shared_server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        ids = [
            row["media_id"]
            for row in http.post(
                f"/api/upload-video/nemo_agent/me/{sid}",
                files=[("files", (sample_photos[0].name, sample_photos[0].read_bytes()))],
                headers=bearer(token),
            ).json()["data"]["files"]
        ]
        huge = small_draft(ids)
        huge["d"] = 2**63
        started = time.monotonic()
        _refused(
            submit(http, token, sid, huge),
            "max_video_seconds",
            "d",
            f"d: the video is {2**63 / 1000:g} s long and this server makes videos of at most "
            "600 s (--max-video-seconds); make it shorter.",
        )
        day = small_draft(ids)
        day.update(d=24 * 3600 * 1000, m={"width": 1920, "height": 1080, "fps": 60})
        _refused(submit(http, token, sid, day), "max_video_seconds", "d", "d: the video is 86400 s")
        assert time.monotonic() - started < 10  # no planning, no rendering
        state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
        assert state["data"]["state"]["generated_media"] == []


def _with_text(draft: dict[str, Any], text: str) -> None:
    draft["t"].append({"tt": 7, "sg": [{"s": 0, "d": 500, "m": {"text": text}}]})


def _more_segments(draft: dict[str, Any]) -> None:
    src = draft["t"][0]["sg"][0]["m"]["src"]
    draft["t"].append(
        {"tt": 0, "sg": [{"s": i * 100, "d": 100, "m": {"src": src}} for i in range(6)]}
    )


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str | None, str]] = [
    (
        "length",
        lambda d: d.update(d=41_000),
        "max_video_seconds",
        "d",
        "d: the video is 41 s long and this server makes videos of at most 40 s "
        "(--max-video-seconds); make it shorter.",
    ),
    (
        "canvas",
        lambda d: d["m"].update(width=1280, height=720),
        "max_canvas_side",
        "m.width",
        "m.width: a 1280x720 canvas is larger than this server's limit of 640 px a side "
        "(--max-canvas-side); use 1080p or 720p.",
    ),
    (
        "fps",
        lambda d: d["m"].update(fps=60),
        "max_fps",
        "m.fps",
        "m.fps: 60 fps is more than this server's limit of 30 fps (--max-fps).",
    ),
    (
        "tracks",
        lambda d: d["t"].extend([{"tt": 7, "sg": []}] * 3),
        "max_tracks",
        "t",
        "t: the draft has 4 tracks and this server takes at most 3 (--max-tracks).",
    ),
    (
        "segments",
        _more_segments,
        "max_segments",
        "t",
        "t: the draft has 8 segments and this server takes at most 6 (--max-segments).",
    ),
    (
        "text",
        lambda d: _with_text(d, "x" * 21),
        "max_text_chars",
        "t[1].sg[0].m.text",
        "t[1].sg[0].m.text: the text has 21 characters and this server draws at most 20 a "
        "text (--max-text-chars).",
    ),
]


@pytest.mark.parametrize(("change", "limit", "key", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_each_draft_limit_names_itself(
    http: httpx.Client,
    project: tuple[str, str, dict[str, str]],
    change: Callable[[dict[str, Any]], None],
    limit: str,
    key: str | None,
    message: str,
) -> None:
    token, sid, _ = project
    draft = small_draft(_photos(project))
    fits = copy.deepcopy(draft)
    change(draft)
    _refused(submit(http, token, sid, draft), limit, key, message)
    _accepted(http, token, sid, fits)  # the same draft within the limits


def test_a_render_needing_more_temporary_space_than_allowed_is_refused(
    http: httpx.Client, project: tuple[str, str, dict[str, str]]
) -> None:
    token, sid, ids = project
    draft = small_draft([*_photos(project), *_photos(project), ids["ten.gif"]], total_ms=30_000)
    draft["m"].update(width=640, height=360, fps=30)
    answer = submit(http, token, sid, draft)
    _refused(answer, "max_render_temp_mb", None, "rendering this draft would need about ")
    assert "this server allows 8 MB a render (--max-render-temp-mb)" in answer.json()["message"]


def test_renders_waiting_per_user_are_limited(
    http: httpx.Client, project: tuple[str, str, dict[str, str]]
) -> None:
    token, sid, _ = project
    long = small_draft(_photos(project)[:1], total_ms=20_000)
    for render_id in ("render_q1", "render_q2"):
        assert submit(http, token, sid, long, render_id=render_id).json()["code"] == 0
    _refused(
        submit(http, token, sid, long, render_id="render_q3"),
        "max_queued_renders",
        None,
        "you have 2 renders waiting or running and this server takes at most 2 a user "
        "(--max-queued-renders); wait for one to finish or cancel one.",
    )
    again = submit(http, token, sid, long, render_id="render_q1")  # a retry is no new job
    assert again.json()["code"] == 0
    for render_id in ("render_q1", "render_q2"):
        http.post(f"/api/render/proxy/lambda/{render_id}/cancel", headers=bearer(token))
    _accepted(http, token, sid, long)


def _chat(http: httpx.Client, token: str, sid: str, text: str) -> httpx.Response:
    body = {"session_id": sid, "new_message": {"role": "user", "parts": [{"text": text}]}}
    return http.post("/run_sse", json=body, headers=bearer(token))


def test_chat_messages_and_bodies_are_limited(
    http: httpx.Client, project: tuple[str, str, dict[str, str]]
) -> None:
    token, sid, _ = project
    _refused(
        _chat(http, token, sid, "a" * 51),
        "max_chat_chars",
        "new_message",
        "new_message: the message has 51 characters and this server takes at most 50 "
        "(--max-chat-chars); send a shorter instruction.",
    )
    big = _chat(http, token, sid, "b" * 100_000)  # refused by its length, before parsing
    _refused(
        big,
        "max_body_bytes",
        None,
        f"the request body is {len(big.request.content)} bytes and this server takes at most "
        "65536 bytes in one "
        "request (--max-body-bytes); files go as multipart uploads.",
    )

    def chunked() -> Iterator[bytes]:  # no Content-Length: refused once it passes the limit
        yield b'{"session_id": "' + sid.encode() + b'", "new_message": {"parts": [{"text": "'
        for _ in range(100):
            yield b"c" * 1024
        yield b'"}]}}'

    streamed = http.post(
        "/run_sse", content=chunked(), headers={**bearer(token), "Content-Type": "application/json"}
    )
    _refused(streamed, "max_body_bytes", None, "the request body is larger than that")
    # The connection that carried the refused bodies still answers.
    assert http.get("/api/credits/balance/simple", headers=bearer(token)).json()["code"] == 0
    within = _chat(http, token, sid, "make it 5 seconds")
    assert within.status_code == 200 and "turnComplete" in within.text


def test_a_render_that_outgrows_its_temporary_space_is_stopped(
    http: httpx.Client, server: RunningServer, tmp_path: Path
) -> None:
    """The estimate at submit is a first answer; the limit holds while the render runs."""
    noise = tmp_path / "noise.png"
    Image.frombytes("RGB", (640, 360), os.urandom(640 * 360 * 3)).save(noise)
    token = get_token(http)
    sid = new_session(http, token)
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", ("noise.png", noise.read_bytes()))],
        headers=bearer(token),
    ).json()
    media = answer["data"]["files"][0]["media_id"]
    # Noise compresses badly: its encoded windows outgrow what a photo video usually takes.
    draft = small_draft([media], total_ms=31_000)
    draft["m"].update(width=640, height=360)
    draft["t"][0]["sg"][0]["m"]["motion"] = {"type": "zoom_in", "intensity": 1}
    body = {"id": "render_noise", "sessionId": sid, "draft": draft,
            "output": {"format": "mp4", "quality": "high"}}  # fmt: skip
    queued = http.post("/api/render/proxy/lambda", json=body, headers=bearer(token)).json()
    assert queued["code"] == 0, queued
    done = wait_for(http, token, "render_noise", {"completed", "failed"}, timeout=120)
    assert done["status"] == "failed", done
    assert done["error"] == (
        "The render was stopped: it used more than 8 MB of temporary space, this server's "
        "limit for one render (--max-render-temp-mb). Make the video shorter or smaller."
    )
    assert not list((server.data_dir / "tmp").glob("render-*"))  # its folder is removed
    credits = http.get("/api/credits/balance/simple", headers=bearer(token)).json()["data"]
    assert credits["frozen"] == 0 and credits["available"] == 100
