"""Uploads against a real server: several files with byte progress, URLs, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from client_helpers import client_for
from photoreel.client import FileTooLarge, UnreadableFile, UnsupportedFile, upload_error
from range_server import RangeServerState, range_server
from server_helpers import RunningServer, start_server


async def test_several_files_upload_with_progress_and_show_in_the_state(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    photos = sample_photos[:3]
    seen: dict[Path, list[tuple[int, int]]] = {}
    async with client_for(shared_server, tmp_path / "config") as client:
        session = await client.new_session()
        result = await client.upload(
            session.session_id, photos, lambda p, s, t: seen.setdefault(p, []).append((s, t))
        )
        state = await client.state(session.session_id)
    assert [row.filename for row in result.files] == [p.name for p in photos]
    assert all(row.code == 0 and row.file_type == "image" and row.media_id for row in result.files)
    for photo in photos:
        size = photo.stat().st_size
        assert seen[photo][-1] == (size, size)  # every byte reported as sent
        assert [s for s, _ in seen[photo]] == sorted(s for s, _ in seen[photo])
    assert sorted(info.filename for info in state.state.video_infos) == sorted(
        p.name for p in photos
    )


async def test_a_file_over_the_servers_limit_is_file_too_large(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    small, big = sorted(sample_photos, key=lambda p: p.stat().st_size)[:2]
    limit = small.stat().st_size + 1
    assert big.stat().st_size > limit
    with start_server(tmp_path, max_upload_bytes=limit) as server:
        async with client_for(server, tmp_path / "config") as client:
            session = await client.new_session()
            with pytest.raises(FileTooLarge) as caught:
                await client.upload(session.session_id, [big])
            # With a file that fits beside it, the good one is stored and the row says why
            # the other was refused.
            mixed = await client.upload(session.session_id, [small, big])
    assert caught.value.code == 4002
    assert big.name in caught.value.message and "Compress" in caught.value.message
    codes = [(row.filename, row.code) for row in mixed.files]
    assert codes == [(small.name, 0), (big.name, 4002)]
    assert isinstance(upload_error(mixed.files[1]), FileTooLarge)


async def test_a_file_that_is_not_media_is_unsupported(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    fake = tmp_path / "notes.jpg"
    fake.write_text("these are my notes, not a photo")
    text = tmp_path / "notes.txt"
    text.write_text("plain text")
    async with client_for(shared_server, tmp_path / "config") as client:
        session = await client.new_session()
        with pytest.raises(UnsupportedFile) as by_content:
            await client.upload(session.session_id, [fake])
        with pytest.raises(UnsupportedFile) as by_name:
            await client.upload(session.session_id, [text])  # refused before sending
        with pytest.raises(UnreadableFile):
            await client.upload(session.session_id, [tmp_path / "missing.png"])
    assert by_content.value.code == 4001 and "not a photo photoreel can read" in (
        by_content.value.message
    )
    assert "Supported formats" not in by_content.value.message  # it would name jpg
    assert by_name.value.code == 4001 and "notes.txt" in by_name.value.message


async def test_url_uploads_are_fetched_by_the_backend(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    photo = next(p for p in sample_photos if p.suffix == ".png")
    served = tmp_path / "served.png"
    shutil.copy(photo, served)
    with range_server(RangeServerState(payload=served.read_bytes())) as url:
        async with client_for(shared_server, tmp_path / "config") as client:
            session = await client.new_session()
            result = await client.upload_urls(session.session_id, [url])
    (row,) = result.files
    assert row.code == 0 and row.file_type == "image"
    assert row.width and row.height


async def test_an_upload_to_a_lost_session_goes_to_a_new_one(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    replaced: list[tuple[str, str]] = []
    async with client_for(
        shared_server, tmp_path / "config", on_session_replaced=lambda o, n: replaced.append((o, n))
    ) as client:
        result = await client.upload("424242", sample_photos[:1])
        assert len(replaced) == 1 and replaced[0][0] == "424242"
        new = replaced[0][1]
        assert client.session_id("424242") == new
        # The old id keeps working: it names the new session from now on.
        state = await client.state("424242")
    assert result.files[0].code == 0
    assert state.session_id == new
    assert [i.filename for i in state.state.video_infos] == [sample_photos[0].name]
