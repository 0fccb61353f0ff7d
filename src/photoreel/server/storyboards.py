"""Storyboard strips of a session's current draft: a row of frames for the app's timeline.

Making one means rendering a small preview of the whole draft (a second or
more of ffmpeg), and the app asks after every turn that changed the draft. So a
strip is made once per (session, draft version, frames) and kept on disk: a
version number always means the same draft, so a kept strip is never stale.
Strips are made in a thread, one at a time (a burst of requests must not start
a crowd of ffmpegs on a laptop), and a request that waited for the one before
finds its strip already made. Only the newest few strips of a session are kept.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from photoreel.protocol.draft import Draft, parse_draft, read_draft
from photoreel.server.limits import check_draft
from photoreel.server.processes import record_engine_processes
from photoreel.server.renders import resolve_sources
from photoreel.server.settings import ServerSettings
from photoreel.server.storage import Storage
from photoreel.server.store import SessionRow, Store

MAX_FRAMES = 12
DEFAULT_FRAMES = 6
TILE_WIDTH = 256  # pixels per frame: plenty for a terminal strip, and quick to render
KEEP_PER_SESSION = 4


class NothingToShow(Exception):
    """The session's current draft has no segment yet."""


class StoryboardFailed(Exception):
    """The engine could not render the draft; `message` says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _has_segments(draft: dict[str, Any] | None) -> bool:
    timeline = read_draft(draft)
    return timeline is not None and timeline.has_segments


class Storyboards:
    """Makes and keeps the strips of one data directory (`<data>/storyboards/<session>/`)."""

    def __init__(self, store: Store, settings: ServerSettings, storage: Storage) -> None:
        self.store = store
        self.settings = settings
        self.storage = storage
        self.root = store.data_dir / "storyboards"
        self._one_at_a_time = asyncio.Lock()

    def path(self, session_id: int, version: int, frames: int) -> Path:
        return self.root / str(session_id) / f"v{version}-{frames}f.png"

    async def strip(self, session: SessionRow, frames: int) -> tuple[Path, int]:
        """(PNG of the session's current draft, its version). Raises `NothingToShow`,
        `UnknownSource`, `DraftInvalid`, `StoryboardFailed`, 4013 (a draft over a limit) and
        5007 (no kept strip and the disk is full)."""
        version = session.current_version
        stored = self.store.draft(session.id, version)
        if not _has_segments(stored):
            raise NothingToShow
        target = self.path(session.id, version, frames)
        if target.is_file():
            return target, version
        async with self._one_at_a_time:
            if not target.is_file():
                self.storage.require()  # a kept strip is still served when the disk is full
                draft = parse_draft(stored)
                check_draft(draft, self.settings)  # a storyboard renders the whole draft
                media = resolve_sources(self.store, session.id, draft)
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                await asyncio.to_thread(_make, draft, media, target, frames, self.store.temp_dir)
                self._prune(target.parent)
        return target, version

    def _prune(self, folder: Path) -> None:
        strips = sorted(folder.glob("v*.png"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in strips[KEEP_PER_SESSION:]:
            old.unlink(missing_ok=True)


def _make(
    draft: Draft, media: Mapping[str, Path], target: Path, frames: int, temp_dir: Path
) -> None:
    """Render the strip under a temporary name and rename it: a kept file is whole."""
    from photoreel import engine  # loaded after start-up: see warmup.py

    record_engine_processes()

    partial = target.with_name(f".{target.stem}.part.png")
    try:
        engine.storyboard(
            draft,
            partial,
            frames=frames,
            media=media,
            columns=frames,
            tile_width=TILE_WIDTH,
            temp_dir=temp_dir,
        )
        os.replace(partial, target)
    except engine.RenderError as exc:
        raise StoryboardFailed(exc.message) from None
    finally:
        partial.unlink(missing_ok=True)
