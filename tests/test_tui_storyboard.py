"""The storyboard strip under the timeline: fetched after a turn, drawn, hidden when small.

The real app against a real server on a real socket; the strip is the PNG the
server rendered of the draft, drawn with half-blocks (the test terminal has no
image protocol).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SHARED_MEDIA
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.widgets.preview import HalfBlockImage
from photoreel.tui.widgets.storyboard import StoryboardStrip
from server_helpers import start_server
from tui_helpers import PHOTOS, app_for, screen_text, wait_for, wait_until_idle


async def test_after_a_turn_the_strip_shows_the_draft_and_hides_when_small(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in PHOTOS[:2]:
        shutil.copy(SHARED_MEDIA / name, folder / name)
    with start_server(tmp_path, uds=True) as server:
        await strip_after_a_turn(app_for(server, folder, tmp_path), server.data_dir)


async def strip_after_a_turn(app: PhotoreelApp, data_dir: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend to be ready")
        await wait_until_idle(pilot)
        strip = app.query_one(StoryboardStrip)
        assert not strip.display, "no draft yet: no strip"

        await pilot.press("space", "space", "u")
        await wait_for(pilot, lambda: "2 files uploaded" in screen_text(app), "the upload")
        assert strip.image is None, "an upload changes no draft: no strip is asked for"
        await pilot.press("f3", *"turn my photos into a 4-second video", "enter")
        await wait_for(pilot, lambda: strip.image is not None, "the storyboard strip", 60)

        version = app.last_state.version if app.last_state else None
        assert strip.version == version and strip.display
        frames = app.timeline.strip_frames()
        assert strip.image is not None and strip.image.width == frames * 256 + (frames + 1) * 4
        await pilot.pause()
        picture = strip.query_one(HalfBlockImage)
        rows = [picture.render_line(y) for y in range(picture.size.height)]
        drawn = [seg for row in rows for seg in row if seg.text == "▀"]
        assert picture.size.height >= 2 and len(drawn) > 100, "the frames are drawn"
        colours = {seg.style.color.triplet for seg in drawn if seg.style and seg.style.color}
        assert len(colours) > 50, "a picture, not a blank band"
        assert strip.region.x == app.timeline.query_one("#timeline-view").region.x + 8, (
            "the strip starts under the bars, not under the track names"
        )

        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        assert not strip.display, "at 80x24 the rows go to the conversation"
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        assert strip.display

        # a turn seen in a small terminal is drawn when the terminal grows, not before
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        shown = strip.version
        await pilot.press(*"make it 2 seconds", "enter")
        await wait_for(pilot, lambda: app.last_state.version != shown, "the shorter draft")
        await wait_for(pilot, lambda: not app.turn_running, "the turn's end")
        await pilot.pause(0.5)
        assert strip.version == shown and not strip.display
        made = data_dir / "storyboards" / str(app.session_id)
        version = app.last_state.version
        assert not list(made.glob(f"v{version}-*.png")), "no strip is rendered while small"
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: strip.version == app.last_state.version, "the new strip")
        assert strip.display and list(made.glob(f"v{version}-*.png"))

        await pilot.press("ctrl+n", "y")  # a new project (asked first: this one holds work)
        await wait_for(pilot, lambda: not strip.display, "the new session's empty timeline")
        assert strip.image is None
