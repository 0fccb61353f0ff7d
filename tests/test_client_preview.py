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
from photoreel.client import BackendError, NotOffered, PhotoreelClient, SessionNotFound
from photoreel.client.previews import PreviewFrame, PreviewStart
from server_helpers import RunningServer

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
    assert len(set(picture.convert("RGB").getdata())) > 50, "a photo, not a blank frame"
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
