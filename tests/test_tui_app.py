"""The app against a real backend: a real server on a real Unix socket, driven by Pilot.

Each test starts photoreel's server (tests/server_helpers.py), hands the app a
backend factory pointing at it (as the command line does), and does what a
person does: select files, press keys, type, paste. Assertions read what is on
screen: the status bar, the conversation, the timeline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events

from conftest import SHARED_MEDIA
from photoreel.client import Backend
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.widgets.conversation import STILL_WORKING_TEXT, AgentReply, ErrorNotice
from photoreel.tui.widgets.files import FileTree
from photoreel.tui.widgets.timeline import TimelineView, track_views
from server_helpers import RunningServer, start_server
from tui_helpers import PHOTOS, app_for, screen_text, wait_for, wait_until_idle
from video_checks import inspect, photos_shown


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder as a person has it: three photos and a file photoreel cannot use."""
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in PHOTOS:
        shutil.copy(SHARED_MEDIA / name, photos / name)
    (photos / "notes.txt").write_text("shopping list")
    return photos


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    with start_server(tmp_path, uds=True) as running:
        yield running


async def test_start_select_upload_and_talk(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend to be ready")
        await wait_until_idle(pilot)
        text = screen_text(app)
        assert "ready" in text and "credits unlimited" in text
        tree = app.query_one(FileTree)
        shown = [n.data.path.name for n in tree.root.children if n.data is not None]
        assert shown == list(PHOTOS), "notes.txt is not a format photoreel takes: hidden"

        await pilot.press("space", "space", "space")
        assert {p.name for p in tree.selected} == set(PHOTOS)
        assert "3 files selected" in screen_text(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: "3 files uploaded" in screen_text(app), "the upload")
        text = screen_text(app)
        for name in PHOTOS:
            assert f"✓ {name} · " in text, f"{name} has its own finished progress line"
        assert not tree.selected, "uploaded files are unselected"

        await pilot.press("f3")
        await pilot.press(*"hello there")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: not app.turn_running and bool(app.query(AgentReply)), "a reply"
        )
        assert "hello there" in screen_text(app)
        assert app.query(AgentReply).last().text.strip(), "the agent's reply is on screen"


async def test_unsupported_files_say_what_is_supported(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    broken = folder / "broken.jpg"
    broken.write_bytes(b"this is not a JPEG")
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend to be ready")
        prompt = app.conversation.prompt
        prompt.focus()
        # a terminal sends a dropped file as a paste of its (quoted) path
        prompt.post_message(events.Paste(f"'{folder / 'notes.txt'}'"))
        await wait_for(pilot, lambda: bool(app.query(ErrorNotice)), "the refusal")
        error = str(app.query(ErrorNotice).last().render())
        assert "notes.txt cannot be used (its extension is not one photoreel reads)" in error
        assert error.count("Supported formats: mp4") == 1
        assert prompt.value == "", "a dropped file is uploaded, not typed"

        prompt.post_message(events.Paste(str(broken)))
        await wait_for(pilot, lambda: len(app.query(ErrorNotice)) == 2, "the backend's refusal")
        assert "broken.jpg" in str(app.query(ErrorNotice).last().render())


async def test_backend_gone_is_said_plainly(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend to be ready")
        server.kill()
        await pilot.press("f3", *"status", "enter")
        await wait_for(pilot, lambda: bool(app.query(ErrorNotice)), "an error")
        await wait_for(pilot, lambda: app.status.connection == "offline", "the status bar")
        text = screen_text(app)
        assert "not connected" in text
        assert "Traceback" not in text and "{" not in str(app.query(ErrorNotice).last().render())


async def test_backend_that_cannot_start(folder: Path, tmp_path: Path) -> None:
    async def no_backend() -> Backend:
        raise OSError("no space left on device")

    app = PhotoreelApp(folder, backend_factory=no_backend, config_dir=tmp_path / "config")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "offline", "the failure")
        error = str(app.query(ErrorNotice).last().render())
        assert "could not be started: no space left on device" in error
        assert "ctrl+n" in error


def videos_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.mp4"))


INSTRUCTION = "turn my photos into a 15-second video with smooth transitions"


async def test_photos_to_a_15_second_mp4(tmp_path: Path, folder: Path) -> None:
    """The whole walk-through: select, upload, ask, watch it stream, export, get the MP4."""
    # text chunks 0.15 s apart, so the reply is seen growing on screen
    with start_server(tmp_path, uds=True, stream_pace=0.15) as server:
        app = app_for(server, folder, tmp_path)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")  # select all shown, upload
            await wait_for(pilot, lambda: "3 files uploaded" in screen_text(app), "the upload")

            await pilot.press("f3", *INSTRUCTION, "enter")
            seen: list[str] = []

            def streamed() -> bool:
                if replies := app.query(AgentReply):
                    text = replies.last().text
                    if not seen or seen[-1] != text:
                        seen.append(text)
                return not app.turn_running and bool(seen)

            await wait_for(pilot, streamed, "the reply")
            assert len(seen) >= 3, f"the reply grew chunk by chunk on screen: {seen}"
            assert "15 s" in seen[-1]

            await wait_for(
                pilot,
                lambda: bool(app.timeline.draft and app.timeline.draft.tracks),
                "the timeline refresh",
            )
            views = track_views(app.timeline.draft, app.query_one(TimelineView).before)
            assert [v.kind for v in views] == [0], "one video track"
            names = [s.label for s in views[0].segments]
            assert names == list(PHOTOS)
            assert sum(s.duration for s in views[0].segments) == 15000
            assert all(s.changed for s in views[0].segments), "new segments are highlighted"
            assert [s.transition for s in views[0].segments][:2] == ["fade", "fade"]
            text = screen_text(app)
            assert (
                "Timeline (1 track): 1. Video: astronaut.png, chelsea.png, coffee.png (0-15s)"
                in text
            )
            assert "3 segments changed in the last turn" in text
            assert app.timeline.border_subtitle == "15s · 1 track"

            def length() -> int:
                return app.timeline.draft.duration_ms if app.timeline.draft else 0

            # a 720p canvas keeps the suite's one full-length export quick; 1080p is the
            # engine's full-size test
            await pilot.press(*"make it 720p", "enter")
            await wait_for(
                pilot,
                lambda: app.timeline.draft is not None and app.timeline.draft.meta.width == 1280,
                "720p",
            )
            await pilot.press(*"make it 10 seconds", "enter")
            await wait_for(pilot, lambda: length() == 10000, "the shorter timeline")
            await pilot.press("ctrl+z")  # undo: one version back, 15 s again
            await wait_for(pilot, lambda: length() == 15000, "the undo")
            assert "undo" in screen_text(app)

            await pilot.press("f2", "space")  # choose the first photo: the cursor moves on
            tree = app.query_one(FileTree)
            chosen = tree.selected
            assert chosen == {folder / PHOTOS[0]}
            await pilot.press("ctrl+e")
            phases: set[str] = set()
            progress: list[float] = []

            def exported() -> bool:
                view = app.status.export
                phases.add(view.phase)
                if view.phase == "rendering":
                    progress.append(view.progress)
                return view.phase in ("done", "failed")

            await wait_for(pilot, exported, f"the export ({phases}, {progress[-3:]})", within=240)
            view = app.status.export
            assert view.phase == "done", view.message
            assert "rendering" in phases and any(0 < p < 100 for p in progress), progress
            assert view.path is not None and view.path.parent == folder
            assert view.path.suffix == ".mp4" and view.size == view.path.stat().st_size
            assert f"✓ saved {view.path.name} (" in screen_text(app)

            def listed() -> list[str]:
                return [n.data.path.name for n in tree.root.children if n.data is not None]

            # the new video shows in the tree; the cursor and the selection stay put
            await wait_for(pilot, lambda: view.path.name in listed(), "the MP4 in the tree")
            assert listed() == sorted([*PHOTOS, view.path.name])
            assert tree.cursor_node is not None and tree.cursor_node.data is not None
            assert tree.cursor_node.data.path == folder / PHOTOS[1]
            assert tree.selected == chosen

        facts = inspect(view.path)
        assert facts.codec == "h264"
        assert facts.duration is not None and abs(facts.duration - 15.0) < 0.1
        assert (facts.width, facts.height) == (1280, 720)
        shown = photos_shown(view.path, [folder / name for name in PHOTOS], 15.0)
        assert shown == list(PHOTOS), "the video shows the three photos, in order"


async def test_out_of_credits_says_what_to_do(tmp_path: Path, folder: Path) -> None:
    with start_server(tmp_path, uds=True, credits=0) as server:
        app = app_for(server, folder, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_for(
                pilot, lambda: "0 credits (0 held of 0)" in screen_text(app), "the balance"
            )
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "3 files uploaded" in screen_text(app), "the upload")
            await pilot.press("f3", *INSTRUCTION, "enter")
            await wait_for(pilot, lambda: bool(app.query(ErrorNotice)), "the refusal")
            error = str(app.query(ErrorNotice).last().render())
            assert "credit" in error.lower()
            # photoreel's own server has no registration and no top-up: its owner gives credits
            assert "register" not in error.lower() and "top up" not in error.lower()
            assert "given by whoever runs it (`photoreel serve --credits N`)" in error
            assert ".)." not in error
            assert app.timeline.draft is None or not app.timeline.draft.tracks


async def test_still_working_after_silence(tmp_path: Path, folder: Path) -> None:
    """A turn that goes quiet gets "⏳ still working…" (after 2 minutes; here, 0.5 s)."""
    with start_server(tmp_path, uds=True, turn_delay=1.5, heartbeat=0.3) as server:
        app = app_for(server, folder, tmp_path, still_working_after=0.5)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await pilot.press("f3", *"make it 10 seconds", "enter")
            await wait_for(pilot, lambda: STILL_WORKING_TEXT in screen_text(app), "the nudge")
            assert app.turn_running, "the nudge comes while the turn still runs"
            assert "working" in screen_text(app), "the status bar says the agent works"
            await wait_for(pilot, lambda: not app.turn_running, "the end of the turn", within=30)


async def test_quitting_mid_render_loses_nothing(tmp_path: Path, folder: Path) -> None:
    """Quit while the render runs; the next start finds it and saves the file."""
    with start_server(tmp_path, uds=True) as server:
        first = app_for(server, folder, tmp_path)
        async with first.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: first.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "3 files uploaded" in screen_text(first), "the upload")
            await pilot.press("f3", *"make a 3-second 720p video", "enter")
            await wait_for(pilot, lambda: not first.turn_running, "the turn")
            await wait_for(pilot, lambda: bool(first.timeline.draft), "the timeline")
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: first.render_id is not None, "the render to start")
            await pilot.press("ctrl+q")
        assert first.status.export.phase != "done", "quit before the file was saved"
        assert not videos_in(folder)

        second = app_for(server, folder, tmp_path)
        async with second.run_test(size=(100, 30)) as pilot:
            await wait_for(
                pilot, lambda: second.status.export.phase == "done", "the remembered render", 120
            )
            # the status bar says "done" a moment before the notice is on screen
            await wait_for(
                pilot, lambda: "export from last time" in screen_text(second), "the notice"
            )
        saved = videos_in(folder)
        assert len(saved) == 1 and second.status.export.path == saved[0]
        facts = inspect(saved[0])
        assert facts.duration is not None and abs(facts.duration - 3.0) < 0.1
        assert (facts.width, facts.height) == (1280, 720)
