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
from photoreel.tui.widgets.conversation import AgentReply, ErrorNotice
from photoreel.tui.widgets.files import FileTree
from server_helpers import RunningServer, launch
from tui_helpers import PHOTOS, screen_text, wait_for, wait_until_idle


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
    running = launch(tmp_path, uds=True)
    try:
        yield running
    finally:
        running.stop()
        if running.uds is not None:
            shutil.rmtree(running.uds.parent, ignore_errors=True)


def app_for(server: RunningServer, folder: Path, tmp_path: Path, **kw: object) -> PhotoreelApp:
    async def backend() -> Backend:
        return Backend(kind="remote", base_url=server.url, uds=server.uds)

    return PhotoreelApp(folder, backend_factory=backend, config_dir=tmp_path / "config", **kw)  # type: ignore[arg-type]


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

        await pilot.press("down", "space", "space", "space")
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
        assert "notes.txt cannot be used" in error and "Supported formats: mp4" in error
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
