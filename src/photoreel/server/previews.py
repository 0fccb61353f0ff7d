"""Previews of a session's current draft, streamed as frames while they are rendered.

The app plays a preview in the terminal; a person over SSH checks a cut without
downloading an MP4. The engine renders the draft small (480 px high, 12 fps,
no sound) and hands over each frame as ffmpeg makes it; this module encodes
each as a JPEG and passes it to the HTTP response at once, so the first frames
are on screen within a second or two while the rest is still being made.

A preview is never stored and costs no credits. One runs per user at a time:
asking for another (the person pressed the key again after an edit) stops the
one before, as does the client going away, or the server stopping. Each one is
an ffmpeg at work, and tokens are free to make, so the server as a whole runs
at most `--max-previews` (default 2) at once: one more is refused with 429 before
anything is rendered (`PreviewsBusy`).
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import AsyncIterator
from typing import Any

from PIL import Image
from pydantic import BaseModel

from photoreel.protocol.draft import Draft, parse_draft
from photoreel.protocol.preview import PreviewFrame, PreviewStart
from photoreel.server.processes import record_engine_processes
from photoreel.server.renders import resolve_sources
from photoreel.server.store import SessionRow, Store

JPEG_QUALITY = 75
MIN_HEIGHT, MAX_HEIGHT = 90, 720
MIN_FPS, MAX_FPS = 1, 30
#: Frames rendered ahead of a slow reader before the engine waits (bounded memory).
QUEUE_FRAMES = 48


class NothingToPreview(Exception):
    """The session's current draft has no segment yet."""


class PreviewsBusy(Exception):
    """As many previews as the server runs at once are rendering for other users."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"{limit} previews are rendering")
        self.limit = limit


class PreviewFailed(BaseModel):
    """The render stopped: `message` says why, for a person."""

    message: str


PreviewEvent = PreviewStart | PreviewFrame | PreviewFailed


def _has_segments(draft: dict[str, Any] | None) -> bool:
    return bool(draft) and any(track.get("sg") for track in (draft or {}).get("t") or [])


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


class Previews:
    """Starts preview renders for one store and stops the ones nobody needs any more."""

    def __init__(self, store: Store, limit: int = 2) -> None:
        self.store = store
        self.limit = limit
        self._running: dict[str, threading.Event] = {}

    @property
    def running(self) -> int:
        """Previews rendering now (one a user at most)."""
        return len(self._running)

    def prepare(self, session: SessionRow) -> tuple[Draft, dict[str, Any], int]:
        """The draft to preview, its media and version. Raises `NothingToPreview`,
        `UnknownSource` and `DraftInvalid` before anything is streamed."""
        version = session.current_version
        stored = self.store.draft(session.id, version)
        if not _has_segments(stored):
            raise NothingToPreview
        draft = parse_draft(stored)
        return draft, resolve_sources(self.store, session.id, draft), version

    async def stream(
        self,
        user_id: str,
        draft: Draft,
        media: dict[str, Any],
        version: int,
        height: int,
        fps: int,
    ) -> AsyncIterator[PreviewEvent]:
        """Start, then each frame, as the engine makes them; ends with the last frame, or
        a `PreviewFailed`. Leaving the iteration early stops the render.

        Raises `PreviewsBusy` on the first step, before anything is rendered, when
        `limit` other users' previews are rendering (the caller steps once before it
        answers, so that is an error answer, not a broken stream)."""
        from photoreel.engine import RenderCancelled, RenderError
        from photoreel.engine.preview import PreviewSize, render_preview

        record_engine_processes()

        # checked and taken in one step of the event loop: two requests cannot both
        # take the last place
        if user_id not in self._running and len(self._running) >= self.limit:
            raise PreviewsBusy(self.limit)
        cancel = threading.Event()
        if (before := self._running.get(user_id)) is not None:
            before.set()  # one preview a user: the newer one is the one wanted
        self._running[user_id] = cancel
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[PreviewEvent | None] = asyncio.Queue()
        room = threading.Semaphore(QUEUE_FRAMES)

        rate = [fps]  # the rate the engine settled on (never above the draft's own)

        def put(event: PreviewEvent | None) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, event)

        def started(size: PreviewSize) -> None:
            rate[0] = size.fps
            put(PreviewStart(**size.model_dump(), version=version))

        def frame(index: int, image: Image.Image) -> None:
            while not room.acquire(timeout=0.2):  # the reader is behind: wait for it
                if cancel.is_set():
                    return
            put(PreviewFrame(index=index, time_ms=round(index * 1000 / rate[0]), jpeg=_jpeg(image)))

        def run() -> None:
            try:
                render_preview(
                    draft, media, frame, cancel, height=height, fps=fps, on_start=started
                )
            except RenderCancelled:
                pass
            except RenderError as exc:
                put(PreviewFailed(message=exc.message))
            finally:
                put(None)

        worker = asyncio.create_task(asyncio.to_thread(run))
        try:
            while (event := await queue.get()) is not None:
                if isinstance(event, PreviewFrame):
                    room.release()
                yield event
        finally:
            cancel.set()
            if self._running.get(user_id) is cancel:
                del self._running[user_id]
            await asyncio.shield(worker)

    def stop_all(self) -> None:
        for cancel in self._running.values():
            cancel.set()
