"""The preview stream (`GET /api/preview`) through the client, against a real server.

What a player needs: the size and frame count first, then every frame in order
as a JPEG of that size, with its time on the draft's own clock.
"""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

import pytest
from PIL import Image

from client_helpers import client_for
from photoreel.client import (
    BackendError,
    NotOffered,
    PhotoreelClient,
    RateLimited,
    SessionNotFound,
)
from photoreel.client.previews import PreviewFrame, PreviewStart
from server_helpers import RunningServer, start_server

INSTRUCTION = "make a 3-second vertical video"


async def _project(client: PhotoreelClient, photos: list[Path]) -> str:
    session = await client.new_session()
    await client.upload(session.session_id, photos)
    async for _ in client.chat(session.session_id, INSTRUCTION):
        pass
    return session.session_id


async def test_a_preview_streams_every_frame_small_and_in_order(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _project(client, sample_photos[:2])
        state = await client.state(sid)
        started = time.perf_counter()
        parts = [part async for part in client.preview(sid, height=240, fps=10)]
        took = time.perf_counter() - started
    start, frames = parts[0], parts[1:]
    assert isinstance(start, PreviewStart)
    assert (start.width, start.height, start.fps) == (136, 240, 10), start  # 9:16, 240 high
    assert start.version == state.version
    assert start.frames == 30 == len(frames), "3 s at 10 fps"
    assert all(isinstance(f, PreviewFrame) for f in frames)
    assert [f.index for f in frames] == list(range(30))  # type: ignore[union-attr]
    assert [f.time_ms for f in frames][:4] == [0, 100, 200, 300]  # type: ignore[union-attr]
    picture = Image.open(io.BytesIO(frames[12].jpeg))  # type: ignore[union-attr]
    assert picture.format == "JPEG" and picture.size == (136, 240)
    assert len(picture.convert("RGB").getcolors(1 << 24) or []) > 50, "a photo, not blank"
    assert took < 30


async def test_leaving_early_and_asking_again_each_work(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _project(client, sample_photos[:2])
        async for part in client.preview(sid, height=120, fps=5):
            if isinstance(part, PreviewFrame):
                break  # the player was closed after the first frame
        again = [p async for p in client.preview(sid, height=120, fps=5)]
        assert len(again) == 1 + 15


async def test_nothing_to_preview_and_unknown_sessions_are_said(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        empty = await client.new_session()
        with pytest.raises(BackendError) as nothing:
            _ = [p async for p in client.preview(empty.session_id)]
        assert nothing.value.code == 4000 and "Nothing to preview yet" in nothing.value.message
        with pytest.raises(SessionNotFound):
            _ = [p async for p in client.preview("999999")]


async def test_the_hosted_service_offers_no_preview(
    hosted_server: RunningServer, tmp_path: Path
) -> None:
    async with client_for(hosted_server, tmp_path / "config") as client:
        with pytest.raises(NotOffered):
            _ = [p async for p in client.preview("1")]
    await asyncio.sleep(0)


async def test_the_server_runs_at_most_max_previews_at_once(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """Anyone can make a token, so "one preview a user" alone bounds nothing: with
    `--max-previews 1`, a second user's preview is refused with 429 while the first
    renders, and is played once the first is closed. The first is held mid-render by
    not reading it (720 px frames fill the socket's buffers long before its 90 frames
    are made), so this does not depend on timing."""
    with start_server(tmp_path / "server", uds=True, max_previews=1) as server:
        async with (
            client_for(server, tmp_path / "a") as first,
            client_for(server, tmp_path / "b", max_retry_wait=0) as second,
        ):
            mine = await _project(first, sample_photos[:1])
            theirs = await _project(second, sample_photos[:1])
            holding = first.preview(mine, height=720, fps=30)
            assert isinstance(await anext(holding), PreviewStart)
            with pytest.raises(RateLimited) as refused:
                _ = [p async for p in second.preview(theirs, height=90, fps=5)]
            assert "rendering 1 preview for others" in refused.value.message
            assert refused.value.retry_after == 5
            await holding.aclose()  # the player closed: its render stops, its place is free
            played = await _played_when_free(second, theirs)
            assert len(played) == 1 + 15


async def _played_when_free(client: PhotoreelClient, sid: str) -> list[object]:
    """The preview's parts, asked again until the server has let go of the closed one
    (it notices the closed connection within moments)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return [p async for p in client.preview(sid, height=90, fps=5)]
        except RateLimited:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
