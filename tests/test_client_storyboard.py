"""`PhotoreelClient.storyboard` against a real server: the PNG, and the typed errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from client_helpers import client_for
from photoreel.client import BackendError, NotOffered, SessionNotFound
from server_helpers import RunningServer


async def test_the_strip_of_a_draft_and_the_errors_a_person_can_meet(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(shared_server, tmp_path / "me") as client:
        sid = (await client.new_session()).session_id
        with pytest.raises(BackendError) as empty:
            await client.storyboard(sid, 3)
        assert empty.value.code == 4000
        assert empty.value.message == (
            f"The backend refused the request: Nothing to show yet: session {sid} has no "
            "timeline. Upload photos and say what video you want, then ask again."
        )

        await client.upload(sid, sample_photos[:2])
        _ = [event async for event in client.chat(sid, "turn my photos into a 2-second video")]
        png = await client.storyboard(sid, 3)
        strip = Image.open(io.BytesIO(png))
        assert strip.format == "PNG" and strip.width == 3 * 256 + 4 * 4

    async with client_for(shared_server, tmp_path / "stranger") as stranger:
        with pytest.raises(SessionNotFound):
            await stranger.storyboard(sid, 3)


async def test_the_hosted_service_is_not_asked(
    hosted_like_server: RunningServer, tmp_path: Path
) -> None:
    async with client_for(hosted_like_server, tmp_path) as client:
        await client.connect()
        assert client.hosted_like
        with pytest.raises(NotOffered):
            await client.storyboard("1", 3)
