"""The app against the hosted service's documented answers, driven by Pilot.

photoreel's server answers with the hosted service's documented variants
(`--hosted-like`, `--submit-shape success`; docs/SERVER.md): minimal token and
session answers, epoch-millisecond times, the `success` submit, bare state
rows. A proxy in front (tests/stream_cut.py) answers each endpoint's first
request with a 503 page, or (second test) cuts the chat stream. A person
selects photos, asks for a video and exports it; the screen and the file say
whether that worked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SHARED_MEDIA
from photoreel.client import Backend
from photoreel.protocol.answers import MediaRow, StateAnswer, StateContents
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.widgets.conversation import ErrorNotice
from photoreel.tui.widgets.timeline import track_views
from server_helpers import start_server
from stream_cut import CuttingProxy, cut_streams
from tui_helpers import PHOTOS, app_for, screen_text, wait_for, wait_until_idle
from video_facts import video_facts

DOCUMENTED = {"hosted_like": True, "submit_shape": "success", "poll_interval": 0.5}


def _has_tracks(app: PhotoreelApp) -> bool:
    return bool(app.timeline.draft and app.timeline.draft.tracks)


def _length(app: PhotoreelApp) -> int:
    return app.timeline.draft.duration_ms if app.timeline.draft else 0


def app_through(proxy: CuttingProxy, folder: Path, tmp_path: Path) -> PhotoreelApp:
    """The app on `folder`, reaching the server through the proxy as `--api URL` would."""

    async def backend() -> Backend:
        return Backend(kind="remote", base_url=proxy.url)

    return PhotoreelApp(folder, backend_factory=backend, config_dir=tmp_path / "config")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in PHOTOS[:2]:
        shutil.copy(SHARED_MEDIA / name, photos / name)
    return photos


async def test_photos_to_a_video_through_the_documented_answers(
    tmp_path: Path, folder: Path
) -> None:
    with (
        start_server(tmp_path, **DOCUMENTED) as server,
        cut_streams(server, fail_once=503) as proxy,
    ):
        app = app_through(proxy, folder, tmp_path)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "2 files uploaded" in screen_text(app), "the upload")
            await pilot.press("f3", *"make a 2-second video in 720p", "enter")
            await wait_for(pilot, lambda: _has_tracks(app), "the timeline")
            await wait_for(pilot, lambda: not app.turn_running, "the end of the turn")
            text = screen_text(app)
            names = ", ".join(PHOTOS[:2])
            assert f"Timeline (1 track): 1. Video: {names} (0-2s)" in text
            await pilot.press("ctrl+e")
            await wait_for(
                pilot, lambda: app.status.export.phase in ("done", "failed"), "the export", 240
            )
            view = app.status.export
            assert view.phase == "done", view.message
            assert not app.query(ErrorNotice), [str(n.render()) for n in app.query(ErrorNotice)]
            assert "503" not in screen_text(app)
    assert view.path is not None and view.path.parent == folder
    assert video_facts(view.path).duration == pytest.approx(2.0, abs=0.15)


async def test_a_stream_cut_mid_turn_shows_the_wait_then_the_change(
    tmp_path: Path, folder: Path
) -> None:
    settings = {"hosted_like": True, "turn_delay": 2.0}
    with (
        start_server(tmp_path, **settings) as server,
        cut_streams(server, at_once=True) as proxy,
    ):
        app = app_through(proxy, folder, tmp_path)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "2 files uploaded" in screen_text(app), "the upload")
            await pilot.press("f3", *"make a 4-second video", "enter")
            await wait_for(
                pilot,
                lambda: (
                    "The connection dropped mid-turn; waiting for the service" in screen_text(app)
                ),
                "the wait to be shown",
            )
            await wait_for(pilot, lambda: _length(app) == 4000, "the change", 60)
            await wait_for(pilot, lambda: not app.turn_running, "the end of the turn")
            assert not app.query(ErrorNotice)
            assert "Done. " in screen_text(app)  # the client's reply for a silent turn


async def test_a_draft_in_other_keys_is_drawn_as_it_means(tmp_path: Path, folder: Path) -> None:
    settings = {"hosted_like": True, "foreign_drafts": True}
    with start_server(tmp_path, **settings) as server:
        app = app_for(server, folder, tmp_path)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "2 files uploaded" in screen_text(app), "the upload")
            await pilot.press("f3", *"make a 6-second video", "enter")
            await wait_for(pilot, lambda: _has_tracks(app), "the timeline")
            await wait_for(pilot, lambda: not app.turn_running, "the end of the turn")
            (video,) = track_views(app.timeline.draft, None)
            # end to end, by their sandbox paths' names: not stacked at 0 under raw paths
            assert [(s.start, s.duration, s.label) for s in video.segments] == [
                (0, 3000, PHOTOS[0]),
                (3000, 3000, PHOTOS[1]),
            ]
            shown = " ".join(screen_text(app).split())
            assert f"1. Main: {PHOTOS[0]}, {PHOTOS[1]} (0-6s)" in shown


async def test_a_draft_that_cannot_be_read_is_said_so_not_drawn() -> None:
    """A draft whose segment says nothing of its length: nothing drawn wrong, a reason."""
    app = PhotoreelApp(SHARED_MEDIA)  # no backend: the state is handed to it
    media = [MediaRow(media_id="m_1", filename=PHOTOS[0])]
    unreadable = {"t": [{"tt": 0, "sg": [{"m": {"path": f"/sandbox/{PHOTOS[0]}"}}]}]}
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_idle(pilot)
        state = StateContents(draft=unreadable, video_infos=media)
        app.show_state(StateAnswer(session_id="1", state=state))
        await pilot.pause()
        assert app.timeline.draft is None
        assert app.timeline.border_subtitle == "unreadable"
        assert (
            "Timeline: photoreel cannot read this draft (t[0].sg[0]: how long it lasts is not "
            "said)." in " ".join(screen_text(app).split())
        )
