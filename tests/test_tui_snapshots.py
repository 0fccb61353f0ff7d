"""What each pane looks like in the states a person meets (pytest-textual-snapshot).

The app runs for real (`run_test`), on the sample photos in ../shared/media;
the backend's answers are real protocol models handed in the way the app's
workers hand them. Update the SVGs with `pytest --snapshot-update` after a
deliberate change to the looks, and look at them before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from conftest import SHARED_MEDIA
from photoreel.protocol.answers import CreditsAnswer
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.widgets.status_bar import ExportView
from tui_helpers import FULL_CREDITS, photo_draft, state_of, wait_until_idle


def make_app() -> PhotoreelApp:
    return PhotoreelApp(SHARED_MEDIA)


async def settle(pilot: Pilot[None]) -> None:
    """Let the tree load and the preview decode (both run in workers)."""
    await wait_until_idle(pilot)


def test_first_screen_80x24(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=settle)


def test_first_screen_200x50(snap_compare) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        app.status.connection = "ready"
        app.show_credits(FULL_CREDITS)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(200, 50), run_before=ready)


def test_three_photos_selected_with_preview(snap_compare) -> None:
    async def select(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("space", "space", "space")
        await pilot.press("up")  # back onto coffee.png: its preview shows
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=select)


def test_conversation_streaming_with_tool_calls_and_error(snap_compare) -> None:
    async def talk(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        pane = app.conversation
        await pane.add_user("turn my photos into a 15-second video with smooth transitions")
        await pane.add_tool_call("c1", "set_duration", {"seconds": 15})
        pane.finish_tool_call("c1", "set_duration", ok=True)
        await pane.add_tool_call("c2", "set_transition", {"type": "fade", "duration_ms": 1000})
        await pane.add_chunk("Done: **3 photos**, 5 s each, with a ")
        await pane.add_chunk("1-second fade between them.")
        await pane.add_error("No credits left.", "Top up credits, then export again.")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=talk)


def test_timeline_three_segments_changed_by_the_last_turn(snap_compare) -> None:
    async def draw(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        app.timeline.mark_turn_start()
        app.show_state(state_of(photo_draft(), version=2))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=draw)


def test_timeline_with_music_and_title(snap_compare) -> None:
    async def draw(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        app.show_state(state_of(photo_draft(title="Summer", music_volume=0.35), version=3))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 34), run_before=draw)


@pytest.mark.parametrize(
    "view",
    [
        ExportView(phase="rendering", progress=42),
        ExportView(
            phase="done", progress=100, path=Path("/tmp/videos/My video.mp4"), size=4_812_345
        ),
        ExportView(phase="failed", message="the render stopped: disk full"),
    ],
    ids=["rendering", "done", "failed"],
)
def test_status_bar_export_states(snap_compare, view: ExportView) -> None:
    async def show(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        app.status.connection = "ready"
        app.show_credits(CreditsAnswer(available=95, frozen=5, total=100))
        app.show_export(view)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 24), run_before=show)


def test_unlimited_credits(snap_compare) -> None:
    async def show(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        app.status.connection = "ready"
        app.show_credits(CreditsAnswer(available=None, unlimited=True))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=show)


def test_help_screen(snap_compare) -> None:
    async def help_(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=help_)


def test_light_theme(snap_compare) -> None:
    async def light(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        app.show_state(state_of(photo_draft(), version=2))
        await pilot.press("ctrl+t")
        app.clear_notifications()
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=light)


def test_no_color_mode(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR (or --no-color): everything drawn in monochrome, the preview in greys."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def draw(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        assert app.no_color
        app.show_state(state_of(photo_draft(title="Summer"), version=2))
        app.show_export(ExportView(phase="rendering", progress=60))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=draw)
