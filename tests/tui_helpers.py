"""Helpers for the terminal app's tests: real protocol models, shaped like what a session shows.

Drafts are built with the `Draft` model (so they validate exactly as the
server's do) and handed to the app the way its state worker hands them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

from photoreel.client import Backend
from photoreel.protocol.answers import CreditsAnswer, StateAnswer, StateContents
from photoreel.protocol.draft import (
    AudioMeta,
    AudioSegment,
    AudioTrack,
    Draft,
    DraftMeta,
    TextMeta,
    TextSegment,
    TextTrack,
    Transition,
    VideoMeta,
    VideoSegment,
    VideoTrack,
)
from photoreel.tui.app import PhotoreelApp

if TYPE_CHECKING:
    from server_helpers import RunningServer

PHOTOS = ("astronaut.png", "chelsea.png", "coffee.png")


def photo_draft(
    names: tuple[str, ...] = PHOTOS,
    seconds: int = 15,
    transition: str = "fade",
    title: str | None = None,
    music_volume: float | None = None,
) -> Draft:
    """Photos shown one after another, equal length, joined by `transition` (1 s)."""
    total = seconds * 1000
    each = total // len(names)
    segments = [
        VideoSegment(
            s=i * each,
            d=each,
            m=VideoMeta(
                src=f"media_{i}",
                name=name,
                transition=Transition(type=transition, d=1000) if i < len(names) - 1 else None,
            ),
        )
        for i, name in enumerate(names)
    ]
    tracks: list[VideoTrack | AudioTrack | TextTrack] = [VideoTrack(sg=segments)]
    if music_volume is not None:
        tracks.append(
            AudioTrack(
                sg=[
                    AudioSegment(
                        s=0, d=total, m=AudioMeta(src="song", name="lofi.mp3", volume=music_volume)
                    )
                ]
            )
        )
    if title is not None:
        tracks.append(TextTrack(sg=[TextSegment(s=0, d=3000, m=TextMeta(text=title))]))
    return Draft(d=total, m=DraftMeta(title="My video"), t=tracks)


def state_of(draft: Draft | None, version: int = 1) -> StateAnswer:
    """The state endpoint's answer for a session holding `draft`."""
    body = StateContents(draft=draft.to_json() if draft else None)
    return StateAnswer(session_id="1", task_id="task_1", state=body, version=version)


FULL_CREDITS = CreditsAnswer(available=100, frozen=0, total=100)


async def wait_until_idle(pilot: Pilot[None], within: float = 10.0) -> None:
    """Wait until the file tree has loaded and no short-lived worker is running.

    The directory tree keeps one loader worker alive for its whole life, so
    "all workers finished" never comes; this waits for the others instead.
    """
    from photoreel.tui.widgets.files import FileTree

    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        await pilot.pause(0.02)
        tree = pilot.app.query(FileTree)
        loaded = not tree or bool(tree.first().root.children)
        busy = [
            w
            for w in pilot.app.workers
            if w.state in (WorkerState.PENDING, WorkerState.RUNNING) and w.name != "_loader"
        ]
        if loaded and not busy:
            await pilot.pause(0.05)
            return
    raise AssertionError("the app did not settle: " + ", ".join(w.name for w in pilot.app.workers))


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, within: float = 120.0
) -> None:
    """Let the app run until `condition()` holds (a worker finished, text appeared)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        await pilot.pause(0.05)


def screen_text(app: App[None]) -> str:
    """Everything the person can read on screen right now, as plain text."""
    from textual.widgets import Markdown, Static

    parts: list[str] = []
    for widget in app.screen.query("*"):
        if not all(node.display for node in widget.ancestors_with_self):
            continue  # hidden (another project's conversation): not on screen
        if isinstance(widget, Markdown):
            parts.append(getattr(widget, "source", "") or "")
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif widget.has_class("tool-call"):
            parts.append(str(getattr(widget, "title", "")))
    return "\n".join(parts)


def app_for(server: RunningServer, folder: Path, tmp_path: Path, **kw: Any) -> PhotoreelApp:
    """The app on `folder`, talking to a running test server the way the command line
    hands it a backend, its identity kept under `tmp_path`."""

    async def backend() -> Backend:
        return Backend(kind="remote", base_url=server.url, uds=server.uds)

    return PhotoreelApp(folder, backend_factory=backend, config_dir=tmp_path / "config", **kw)
