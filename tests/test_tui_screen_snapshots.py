"""The project list, the preview player and the new-project question, at 80x24 and 120x40.

The screens run in the real app; what the backend would answer is handed in as
real protocol models (projects from the project book's entries, preview parts
made of the sample photos as JPEGs), so the pictures do not move between runs.
Update with `pytest --snapshot-update` after looking at the new SVGs.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from PIL import Image
from textual.pilot import Pilot

from conftest import SHARED_MEDIA
from photoreel.client.previews import PreviewPart
from photoreel.client.projects import ProjectEntry, ProjectSummary
from photoreel.protocol.preview import PreviewFrame, PreviewStart
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.screens.confirm import ConfirmScreen
from photoreel.tui.screens.player import PlayerScreen
from photoreel.tui.screens.projects import ProjectsScreen
from tui_helpers import photo_draft, state_of, wait_for, wait_until_idle

SIZES = [(80, 24), (120, 40)]
NAMES = ("astronaut.png", "chelsea.png", "hubble_deep_field.jpg", "coffee.png", "rocket.jpg")


def _at(day: int, hour: int) -> datetime:
    return datetime(2025, 3, day, hour, 5, tzinfo=UTC)


PROJECTS = [
    ProjectSummary(
        entry=ProjectEntry(session_id="7", backend="b", folder=str(SHARED_MEDIA),
                           created_at=_at(3, 9), opened_at=_at(3, 9)),
        title="Summer in Rome", duration_ms=15000, photos=5, media=5, version=4,
    ),
    ProjectSummary(
        entry=ProjectEntry(session_id="4", backend="b", folder="/home/me/Pictures/trip",
                           created_at=_at(2, 18), opened_at=_at(2, 18)),
        title=None, photo_names=["rocket.jpg", "coffee.png", "chelsea.png"], duration_ms=8000,
        photos=3, media=3, version=2,
    ),
    ProjectSummary(
        entry=ProjectEntry(session_id="2", backend="b", folder=str(SHARED_MEDIA),
                           created_at=_at(1, 10), opened_at=_at(1, 10)),
    ),
]  # fmt: skip


def _jpeg(name: str, size: tuple[int, int] = (854, 480)) -> bytes:
    with Image.open(SHARED_MEDIA / name) as img:
        frame = img.convert("RGB").resize(size)
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=80)
    return out.getvalue()


async def _frames() -> AsyncIterator[PreviewPart]:
    """A 5-photo draft (3 s each) at 1 fps, half rendered, as the preview stream sends it."""
    yield PreviewStart(width=854, height=480, fps=1, frames=15, version=3)
    for i in range(8):
        yield PreviewFrame(index=i, time_ms=i * 1000, jpeg=_jpeg(NAMES[i // 3]))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_project_list(snap_compare, size: tuple[int, int]) -> None:
    async def open_list(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        await wait_until_idle(pilot)

        async def thumbnail(summary: ProjectSummary) -> Image.Image | None:
            with Image.open(SHARED_MEDIA / "chelsea.png") as img:
                return img.convert("RGB")

        app.push_screen(
            ProjectsScreen(PROJECTS, current="7", folder=SHARED_MEDIA, thumbnail=thumbnail)
        )
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectsScreen), "the list")
        await pilot.pause(0.3)
        await wait_until_idle(pilot)

    assert snap_compare(PhotoreelApp(SHARED_MEDIA), terminal_size=size, run_before=open_list)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_preview_player(snap_compare, size: tuple[int, int]) -> None:
    draft = photo_draft(NAMES, seconds=15)

    async def play(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        await wait_until_idle(pilot)
        player = PlayerScreen(_frames, draft)
        app.push_screen(player)
        await wait_for(pilot, lambda: len(player.frames) == 8, "the frames")
        await pilot.press("space", "home")  # pause, back to the start
        await pilot.press("right")  # then the second photo: 3 s in
        await wait_for(pilot, lambda: player._shown == 3, "its first frame drawn")
        await wait_until_idle(pilot)
        await pilot.pause(0.2)

    assert snap_compare(PhotoreelApp(SHARED_MEDIA), terminal_size=size, run_before=play)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_new_project_question(snap_compare, size: tuple[int, int]) -> None:
    async def ask(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PhotoreelApp)
        await wait_until_idle(pilot)
        app.show_state(state_of(photo_draft(NAMES, seconds=15), version=3))
        app.push_screen(
            ConfirmScreen(
                "Start a new project?",
                "This timeline is kept: ctrl+z right after, or ctrl+o, brings it back.",
                yes="New project",
                no="Keep working",
            )
        )
        await pilot.pause(0.3)

    assert snap_compare(PhotoreelApp(SHARED_MEDIA), terminal_size=size, run_before=ask)
