"""Undo right after the first edit, in the real app on a real server: the timeline goes
back to empty, as it was before, and "redo" brings the video back."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SHARED_MEDIA
from photoreel.client import Backend
from photoreel.tui.app import PhotoreelApp
from server_helpers import start_server
from tui_helpers import PHOTOS, screen_text, wait_for, wait_until_idle


async def test_undo_of_the_first_video_empties_the_timeline_and_redo_restores_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in PHOTOS:
        shutil.copy(SHARED_MEDIA / name, folder / name)
    with start_server(tmp_path, uds=True) as server:

        async def backend() -> Backend:
            return Backend(kind="remote", base_url=server.url, uds=server.uds)

        app = PhotoreelApp(folder, backend_factory=backend, config_dir=tmp_path / "config")
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "3 files uploaded" in screen_text(app), "the upload")

            def length() -> int:
                return app.timeline.draft.duration_ms if app.timeline.draft else 0

            await pilot.press("f3", *"turn my photos into a 15-second video", "enter")
            await wait_for(pilot, lambda: length() == 15000, "the first video")
            first = app.timeline.draft

            await pilot.press("ctrl+z")
            await wait_for(pilot, lambda: app.timeline.draft is None, "the empty timeline")
            await wait_for(pilot, lambda: not app.turn_running, "the end of the turn")
            assert app.timeline.version == 0
            assert app.timeline.border_subtitle == ""
            assert "the timeline is empty again" in screen_text(app)

            await pilot.press(*"redo", "enter")
            await wait_for(pilot, lambda: length() == 15000, "the video again")
            assert app.timeline.draft == first
            assert app.timeline.version == 1
