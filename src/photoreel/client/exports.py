"""Exports: submitting a render, polling it, downloading the file, and remembered renders.

An export's submit is retried once with a new render id on any failure a new
id can fix (not credits, plan, session or token).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ConfigDict

from photoreel.client.backend import HOSTED_MAX_POLLS
from photoreel.client.connection import ATTRIBUTION, REQUEST_TIMEOUT
from photoreel.client.errors import (
    BackendError,
    BackendUnavailable,
    CannotWrite,
    DownloadFailed,
    ExportBlocked,
    NoCredits,
    NothingToExport,
    PhotoreelError,
    RateLimited,
    RenderFailed,
    RenderStillRunning,
    SessionNotFound,
    TokenExpired,
)
from photoreel.client.render_status import TERMINAL, output_url, read_render_status
from photoreel.client.renders import PendingRender, PendingRenders
from photoreel.client.sessions import SessionCalls
from photoreel.client.transfer import ByteProgress, download_file
from photoreel.protocol.api import RenderOutputSpec, RenderRequest, RenderStatus
from photoreel.protocol.errors import ErrorCode

# Called with each polled status while a render runs.
RenderProgress = Callable[[RenderStatus], None]
LOCAL_RENDER_WAIT = 30 * 60.0


class PendingOutcome(BaseModel):
    """What `resume_pending` found for one remembered render."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    render: PendingRender
    status: RenderStatus | None = None
    path: Path | None = None
    error: str | None = None


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


def _is_dir(path: Path) -> bool:
    return path.is_dir()


class ExportCalls(SessionCalls):
    """Render calls of `PhotoreelClient`; `renders` remembers what is not downloaded yet."""

    renders: PendingRenders

    def _new_render_id(self, previous: str | None = None) -> str:
        render_id = f"render_{int(time.time() * 1000)}"
        if render_id == previous:
            render_id = f"render_{int(time.time() * 1000) + 1}"
        return render_id

    async def export(
        self,
        session_id: str,
        *,
        fmt: str = "mp4",
        quality: str = "high",
        dest: Path | None = None,
    ) -> RenderStatus:
        """Submit the session's current draft for rendering and remember the render.

        The draft is read from the state (so it is what the timeline shows
        now). Any failure of the submit is retried once with a new id, except
        those a new id cannot fix (credits, plan, session, token). `dest` is
        remembered with the render, so a later `resume_pending` saves it there.
        """
        sid = self.session_id(session_id)
        state = await self.state(sid)
        draft, timeline = state.state.draft or {}, state.state.timeline
        if timeline is None or not timeline.has_segments:
            raise NothingToExport(
                "There is nothing to export yet: the timeline is empty. Add photos and say "
                "what video you want first."
            )
        output = RenderOutputSpec.model_validate({"format": fmt, "quality": quality})
        render_id: str | None = None
        for attempt in range(2):
            render_id = self._new_render_id(render_id)
            request = RenderRequest(id=render_id, sessionId=sid, draft=draft, output=output)
            body = request.model_dump(mode="json", by_alias=True)
            try:
                answer = await self._call(
                    "POST",
                    "/api/render/proxy/lambda",
                    build=lambda b=body: {"json": b},
                    session_id=sid,
                )
            except (NoCredits, ExportBlocked, SessionNotFound, TokenExpired, RateLimited):
                raise
            except PhotoreelError:
                if attempt:
                    raise
                continue
            except asyncio.CancelledError:
                # stopped mid-submit: the backend may have the render; remember it so it is
                # not lost (a later run forgets it if the backend never got it)
                self._remember(render_id, sid, dest, output.format)
                raise
            status = read_render_status(answer, render_id)
            if status.status == "failed" and not attempt:
                continue
            self._remember(status.render_id, sid, dest, output.format)
            return status
        raise RenderFailed(  # both attempts answered `failed`
            f"The render was refused twice: {status.error or 'no reason given'}.",
            render_id=status.render_id,
        )

    def _remember(self, render_id: str, sid: str, dest: Path | None, fmt: str) -> None:
        self.renders.remember(
            PendingRender(
                render_id=render_id,
                session_id=sid,
                backend=self.backend.key,
                dest=_absolute(dest) if dest else None,  # a later run may be elsewhere
                format=fmt,
            )
        )

    async def render_status(self, render_id: str) -> RenderStatus:
        """One poll of a render's status (any of the documented answer shapes)."""
        answer = await self._call("GET", f"/api/render/proxy/lambda/{render_id}")
        return read_render_status(answer, render_id)

    async def wait_render(
        self,
        render_id: str,
        on_progress: RenderProgress | None = None,
        *,
        interval: float | None = None,
        max_polls: int | None = None,
    ) -> RenderStatus:
        """Poll until the render completes; `RenderFailed` if it fails or is cancelled.

        The interval is the backend's: 30 s for the hosted service (at most 10
        polls, as it asks), about 1 s for photoreel's own (for up to 30 minutes).
        `interval` and `max_polls` override them. When watching stops before the
        end, `RenderStillRunning` is raised and the render stays remembered for
        `resume_pending`.
        """
        every = interval or self.poll_interval
        polls = max_polls or (HOSTED_MAX_POLLS if self.hosted_like else None)
        give_up = time.monotonic() + LOCAL_RENDER_WAIT
        count = 0
        while True:
            status = await self.render_status(render_id)
            count += 1
            if on_progress is not None:
                on_progress(status)
            if status.status in TERMINAL:
                break
            if (polls is not None and count >= polls) or time.monotonic() >= give_up:
                raise RenderStillRunning(
                    f"The render {render_id} is still running ({status.progress:.0f}%). It is "
                    "remembered: the next photoreel run downloads it when it is done.",
                    render_id=render_id,
                )
            await asyncio.sleep(every)
        if status.status != "completed":
            self.renders.forget(render_id)
            raise RenderFailed(
                f"The render {status.status}: {status.error or 'no reason given'}.",
                render_id=render_id,
            )
        return status

    async def download(
        self,
        status: RenderStatus,
        dest: Path,
        on_progress: ByteProgress | None = None,
    ) -> Path:
        """Save a completed render to `dest` (a file, or a directory to put it in).

        Written atomically, resumed with Range after an interruption (see
        `transfer`). photoreel's backends are fetched from the documented
        download endpoint with the token; the hosted service's `output.url`
        (a CDN) is fetched without it, so the token never leaves the backend.
        """
        pending = self.renders.get(status.render_id)
        fmt = pending.format if pending else "mp4"
        if _is_dir(dest):
            dest = dest / f"{status.render_id}.{fmt}"
        url = output_url(status)
        expected = status.output.size if status.output else None
        own = f"/api/render/proxy/{status.render_id}/download"
        if not self.hosted_like or not url:
            path = await self._download_own(own, dest, on_progress, expected)
        elif self._same_origin(url):
            path = await self._download_own(url, dest, on_progress, expected)
        else:
            async with httpx.AsyncClient(
                headers=ATTRIBUTION, timeout=REQUEST_TIMEOUT, follow_redirects=True
            ) as cdn:
                path = await self._translate_transport(
                    download_file(cdn, url, dest, on_progress, expected_size=expected)
                )
        self.renders.forget(status.render_id)
        return path

    def _same_origin(self, url: str) -> bool:
        if url.startswith("/"):
            return True
        mine, theirs = urlsplit(self.backend.base_url), urlsplit(url)
        return (mine.scheme, mine.netloc) == (theirs.scheme, theirs.netloc)

    async def _download_own(
        self, url: str, dest: Path, on_progress: ByteProgress | None, expected: int | None
    ) -> Path:
        tried: set[str] = set()
        while True:
            try:
                return await self._translate_transport(
                    download_file(
                        self._client(),
                        url,
                        dest,
                        on_progress,
                        headers=self._auth(),
                        expected_size=expected,
                    )
                )
            except (TokenExpired, RateLimited) as exc:
                if not await self._recover(exc, tried):
                    raise

    async def _translate_transport(self, work: Any) -> Path:
        try:
            return await work
        except DownloadFailed:
            raise
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"The download failed: {exc}.") from None

    async def cancel_render(self, render_id: str) -> RenderStatus:
        """Stop a render and forget it; answers the render's status after the cancel."""
        answer = await self._call("POST", f"/api/render/proxy/lambda/{render_id}/cancel")
        self.renders.forget(render_id)
        status = read_render_status(answer, render_id)
        if status.status not in TERMINAL:
            status = status.model_copy(update={"status": "cancelled"})
        return status

    # -- remembered renders --------------------------------------------------------

    def pending_renders(self) -> list[PendingRender]:
        """Renders submitted to this backend whose file was not downloaded yet."""
        return self.renders.all(self.backend.key)

    async def resume_pending(
        self,
        dest_dir: Path | None = None,
        on_progress: Callable[[PendingRender, int, int | None], None] | None = None,
    ) -> list[PendingOutcome]:
        """Ask about each remembered render: download finished ones, drop failed ones.

        A render goes to the `dest` it was submitted with, else into
        `dest_dir` (default: the current directory). Renders still running stay
        remembered. One render's problem does not stop the others.
        """
        outcomes = []
        for pending in self.pending_renders():
            outcome = PendingOutcome(render=pending)
            outcomes.append(outcome)
            try:
                status = await self.render_status(pending.render_id)
            except PhotoreelError as exc:
                # Unknown to the backend (404 from the hosted service, 4004 from ours): it
                # will never finish, so asking again on every run would fail forever.
                gone = (404, ErrorCode.NOT_FOUND, ErrorCode.SESSION_NOT_FOUND)
                if isinstance(exc, BackendError) and exc.code in gone:
                    self.renders.forget(pending.render_id)
                outcome.error = exc.message
                continue
            outcome.status = status
            if status.status in ("failed", "cancelled"):
                self.renders.forget(pending.render_id)
                outcome.error = f"The render {status.status}: {status.error or 'no reason given'}."
                continue
            if status.status != "completed":
                continue
            dest = Path(pending.dest) if pending.dest else (dest_dir or Path.cwd())

            def report(sent: int, total: int | None, p: PendingRender = pending) -> None:
                if on_progress is not None:
                    on_progress(p, sent, total)

            try:
                try:
                    outcome.path = await self.download(status, dest, report)
                except CannotWrite:
                    if not pending.dest:
                        raise
                    # the place it was meant for cannot be written: save it here instead,
                    # rather than failing on every later run
                    outcome.path = await self.download(status, dest_dir or Path.cwd(), report)
            except PhotoreelError as exc:
                outcome.error = exc.message
        return outcomes
