"""`GET /api/storyboard` on a real server: a PNG strip of the current draft, kept per version."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageStat

from chat_helpers import chat
from server_helpers import (
    RunningServer,
    bearer,
    get_token,
    new_session,
    start_server,
    upload_photos,
)

TILE_WIDTH = 256  # what the endpoint promises per frame
GUTTER = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("storyboard")) as running:
        yield running


def two_photo_session(http: httpx.Client, photos: list[Path]) -> tuple[str, str]:
    """A session whose draft shows two photos for 2 s, made the way a person makes it."""
    token = get_token(http)
    sid = new_session(http, token)
    upload_photos(http, token, sid, photos)
    turn = chat(http, token, sid, "turn my photos into a 2-second video")
    assert turn.status == 200
    return token, sid


def get_strip(http: httpx.Client, token: str, sid: str, frames: int) -> httpx.Response:
    return http.get(
        "/api/storyboard", params={"session_id": sid, "frames": frames}, headers=bearer(token)
    )


def draft_of(http: httpx.Client, token: str, sid: str) -> dict:
    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
    return state["data"]


def test_a_two_photo_draft_gives_a_strip_of_its_frames(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token, sid = two_photo_session(http, sample_photos[:2])
    state = draft_of(http, token, sid)
    draft = state["state"]["draft"]
    assert len(draft["t"][0]["sg"]) == 2 and draft["d"] == 2000

    answer = get_strip(http, token, sid, 4)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    assert answer.headers["x-photoreel-draft-version"] == str(state["version"])
    strip = Image.open(io.BytesIO(answer.content))
    tile_height = round(draft["m"]["height"] * TILE_WIDTH / draft["m"]["width"] / 2) * 2
    assert strip.size == (4 * TILE_WIDTH + 5 * GUTTER, tile_height + 2 * GUTTER)
    # four real pictures, not blank tiles: the first frame is the first photo, the last the second
    left = [GUTTER + i * (TILE_WIDTH + GUTTER) for i in range(4)]
    # below the time label each tile carries
    tiles = [strip.crop((x, GUTTER + 30, x + TILE_WIDTH, GUTTER + tile_height)) for x in left]
    assert all(max(ImageStat.Stat(t.convert("L")).stddev) > 10 for t in tiles)
    first, last = (ImageStat.Stat(t).mean for t in (tiles[0], tiles[-1]))
    assert sum(abs(a - b) for a, b in zip(first, last, strict=True)) > 20

    again = get_strip(http, token, sid, 4)
    assert again.content == answer.content, "a second ask answers the kept strip"


def test_strangers_unknown_and_empty_sessions_are_refused_plainly(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    owner, sid = two_photo_session(http, sample_photos[:2])
    stranger = get_token(http)
    answer = get_strip(http, stranger, sid, 3)
    assert answer.status_code == 404
    assert answer.json()["code"] == 1002
    assert answer.json()["message"].startswith(f"Session {sid} not found for this token.")
    assert get_strip(http, owner, "999999", 3).json()["code"] == 1002

    empty = new_session(http, owner)
    body = get_strip(http, owner, empty, 3).json()
    assert body["code"] == 4000
    assert body["message"] == (
        f"Nothing to show yet: session {empty} has no timeline. Upload photos and say what "
        "video you want, then ask again."
    )
    body = get_strip(http, owner, sid, 0).json()
    assert body["code"] == 4000 and body["message"].startswith("Invalid request: frames:")
    missing = http.get("/api/storyboard", headers=bearer(owner)).json()
    assert missing == {
        "code": 4000,
        "message": "Invalid request: session_id: required field is missing",
        "data": None,
    }
    assert http.get("/api/storyboard", params={"session_id": sid}).json()["code"] == 1001


def test_other_requests_are_answered_while_a_strip_renders(
    http: httpx.Client, server: RunningServer, sample_photos: list[Path]
) -> None:
    token, sid = two_photo_session(http, sample_photos[1:3])
    done = threading.Event()
    results: list[httpx.Response] = []
    started: list[float] = []

    def fetch() -> None:
        with server.client() as other:
            started.append(time.monotonic())
            results.append(get_strip(other, token, sid, 12))
        done.set()

    worker = threading.Thread(target=fetch)
    worker.start()
    answered_at: list[float] = []
    while not done.is_set():
        assert http.get("/api/credits/balance/simple", headers=bearer(token)).json()["code"] == 0
        answered_at.append(time.monotonic())
    finished = time.monotonic()
    worker.join(60)
    assert results and results[0].status_code == 200
    assert Image.open(io.BytesIO(results[0].content)).width == 12 * TILE_WIDTH + 13 * GUTTER
    meanwhile = [t for t in answered_at if started[0] < t < finished]
    assert len(meanwhile) >= 2, "other calls were answered while the strip was being made"


def test_openapi_lists_the_storyboard(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    operation = spec["paths"]["/api/storyboard"]["get"]
    assert "image/png" in operation["responses"]["200"]["content"]
    assert {p["name"] for p in operation["parameters"]} == {"session_id", "frames"}
