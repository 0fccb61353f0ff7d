"""Export against a real server: submit, poll, download (resumed by Range), remembered renders.

Renders here are tiny (2 s, draft quality); the one full-size render is the
`photoreel make` test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from client_helpers import client_for
from photoreel.client import (
    CannotWrite,
    ExportBlocked,
    NothingToExport,
    PhotoreelClient,
    RenderAnswer,
    RenderFailed,
    RenderStillRunning,
)
from photoreel.client.errors import error_from_answer
from photoreel.client.transfer import part_path
from photoreel.protocol.answers import RenderOutputAnswer
from range_server import RangeServerState, range_server
from server_helpers import RunningServer
from video_checks import photos_shown
from video_facts import video_facts

TINY = "make a 2-second video in 720p"


async def _tiny_timeline(client: PhotoreelClient, photos: list[Path]) -> str:
    sid = (await client.new_session()).session_id
    await client.upload(sid, photos)
    async for _ in client.chat(sid, TINY):
        pass
    return sid


async def test_export_waits_downloads_and_forgets_the_render(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    dest = tmp_path / "videos" / "tiny.mp4"
    seen: list[RenderAnswer] = []
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _tiny_timeline(client, sample_photos[:3])
        submitted = await client.export(sid, quality="draft", dest=dest)
        assert submitted.render_id.startswith("render_")
        assert [r.render_id for r in client.pending_renders()] == [submitted.render_id]
        done = await client.wait_render(submitted.render_id, seen.append)
        path = await client.download(done, dest)
        assert client.pending_renders() == []
    assert path == dest
    assert done.status == "completed" and seen[-1].progress == 100
    assert [s.progress for s in seen] == sorted(s.progress for s in seen)
    facts = video_facts(path)
    assert facts.codec == "h264"
    assert facts.duration == pytest.approx(2.0, abs=0.15)
    assert photos_shown(path, sample_photos[:3], 2.0) == [p.name for p in sample_photos[:3]]
    assert done.output is not None and done.output.size == facts.size


async def test_an_interrupted_download_resumes_with_range(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _tiny_timeline(client, sample_photos[:2])
        done = await client.wait_render((await client.export(sid, quality="draft")).render_id)
        whole = await client.download(done, tmp_path / "whole.mp4")
        # A download that stopped halfway left its .part behind; the next one continues it.
        dest = tmp_path / "resumed.mp4"
        half = whole.stat().st_size // 2
        part_path(dest).write_bytes(whole.read_bytes()[:half])
        progress: list[tuple[int, int | None]] = []
        resumed = await client.download(done, dest, lambda s, t: progress.append((s, t)))
    assert resumed.read_bytes() == whole.read_bytes()
    assert progress[0] == (half, whole.stat().st_size)  # started at the half, not at zero
    assert not part_path(dest).exists()


async def test_a_render_nobody_watched_is_saved_by_the_next_run(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    config = tmp_path / "config"
    dest = tmp_path / "later.mp4"
    async with client_for(shared_server, config) as first_run:
        sid = await _tiny_timeline(first_run, sample_photos[:3])
        render_id = (await first_run.export(sid, quality="draft", dest=dest)).render_id
    # The first run quit without waiting. A later run (a new client, same config dir)
    # knows the render, and saves it where the first run wanted it once it is done.
    async with client_for(shared_server, config) as later_run:
        assert [r.render_id for r in later_run.pending_renders()] == [render_id]
        await later_run.wait_render(render_id)
        outcomes = await later_run.resume_pending(tmp_path / "elsewhere")
        assert later_run.pending_renders() == []
    (outcome,) = outcomes
    assert outcome.path == dest and outcome.error is None
    assert video_facts(dest).duration == pytest.approx(2.0, abs=0.15)


async def test_cancelling_a_render_forgets_it(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _tiny_timeline(client, sample_photos[:3])
        submitted = await client.export(sid, quality="high")
        cancelled = await client.cancel_render(submitted.render_id)
        assert client.pending_renders() == []
        with pytest.raises(RenderFailed) as caught:
            await client.wait_render(submitted.render_id)
    assert cancelled.status == "cancelled"
    assert caught.value.render_id == submitted.render_id
    assert "cancelled" in caught.value.message


async def test_an_empty_timeline_has_nothing_to_export(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = (await client.new_session()).session_id
        with pytest.raises(NothingToExport) as caught:
            await client.export(sid)
    assert "timeline is empty" in caught.value.message


async def test_the_hosted_status_shape_is_read_and_downloaded(
    hosted_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(hosted_server, tmp_path / "config") as client:
        assert client.server_kind == "hosted-like", hosted_server.stderr()
        assert client.hosted_like
        assert client.poll_interval == 0.5
        sid = await _tiny_timeline(client, sample_photos[:2])
        submitted = await client.export(sid, quality="draft")
        # The hosted service is polled a limited number of times; past that the render
        # is left running, remembered for a later run.
        with pytest.raises(RenderStillRunning):
            await client.wait_render(submitted.render_id, max_polls=1)
        assert [r.render_id for r in client.pending_renders()] == [submitted.render_id]
        done = await client.wait_render(submitted.render_id, max_polls=600)
        path = await client.download(done, tmp_path)
    assert done.url and done.url == done.output.url
    assert path == tmp_path / f"{submitted.render_id}.mp4"
    assert video_facts(path).duration == pytest.approx(2.0, abs=0.15)


async def test_attribution_headers_are_what_lets_an_export_through(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    """Without X-Skill-* headers the server answers 402, which reads as ExportBlocked;
    the client's own export of the same draft goes through because it sends them."""
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _tiny_timeline(client, sample_photos[:1])
        draft = (await client.state(sid)).state.draft
        token = client._token.token.get_secret_value() if client._token else ""
        body = {"id": "render_1", "sessionId": sid, "draft": draft, "output": {"quality": "draft"}}
        async with shared_server.async_client(headers={"Authorization": f"Bearer {token}"}) as bare:
            answer = await bare.post("/api/render/proxy/lambda", json=body)
        blocked = error_from_answer(answer.status_code, answer.json())
        submitted = await client.export(sid, quality="draft")
        await client.cancel_render(submitted.render_id)
    assert answer.status_code == 402
    assert isinstance(blocked, ExportBlocked) and blocked.code == 402
    assert "Register or upgrade" in blocked.message
    assert submitted.status != "failed" and submitted.render_id.startswith("render_")


async def test_a_file_on_the_hosted_services_cdn_is_fetched_without_the_token(
    hosted_server: RunningServer, tmp_path: Path
) -> None:
    payload = os.urandom(50_000)
    cdn = RangeServerState(payload=payload)
    with range_server(cdn) as url:
        async with client_for(hosted_server, tmp_path / "config") as client:
            done = RenderAnswer(
                render_id="render_1",
                status="completed",
                output=RenderOutputAnswer(url=url, size=len(payload)),
            )
            path = await client.download(done, tmp_path / "from-cdn.mp4")
    assert path.read_bytes() == payload
    assert cdn.authorization_seen == [None]  # the bearer token stays with the backend


async def test_a_destination_that_cannot_be_written_is_a_clear_error_and_saved_later(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where the folder should be")
    dest = blocker / "tiny.mp4"
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _tiny_timeline(client, sample_photos[:2])
        done = await client.wait_render(
            (await client.export(sid, quality="draft", dest=dest)).render_id
        )
        with pytest.raises(CannotWrite) as caught:
            await client.download(done, dest)
        assert caught.value.message.startswith(f"Cannot write {dest} (")
        assert caught.value.message.endswith(
            "The video is kept on the backend: run `photoreel export` in a folder you can "
            "write to and it is saved there."
        )
        # The next run does not fail on it forever: it saves it where it runs instead.
        here = tmp_path / "here"
        here.mkdir()
        (outcome,) = await client.resume_pending(here)
    assert outcome.error is None
    assert outcome.path == here / f"{done.render_id}.mp4"
    assert video_facts(outcome.path).duration == pytest.approx(2.0, abs=0.15)
