"""Exports: submitting a render, polling it, downloading the file, and remembered renders.

An export's submit is sent again with the same id after a passing failure (a
service that got it refuses the duplicate instead of rendering twice), and
retried once with a new render id on any failure a new id can fix (not
credits, plan, session or token) once the service was asked whether it has
the render after all.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ConfigDict

from photoreel.client.backend import HOSTED_MAX_POLLS, HOSTED_POLL_SECONDS
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
from photoreel.client.renders import PendingRender, PendingRenders
from photoreel.client.retries import idempotent
from photoreel.client.sessions import SessionCalls
from photoreel.client.transfer import ByteProgress, download_file
from photoreel.protocol.answers import AnswerIncomplete, RenderAnswer, read_render_answer
from photoreel.protocol.api import RenderOutputSpec, RenderRequest
from photoreel.protocol.errors import ErrorCode

# Called with each polled status while a render runs.
RenderProgress = Callable[[RenderAnswer], None]
LOCAL_RENDER_WAIT = 30 * 60.0


class PendingOutcome(BaseModel):
    """What `resume_pending` found for one remembered render."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    render: PendingRender
    status: RenderAnswer | None = None
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
    ) -> RenderAnswer:
        """Submit the session's current draft for rendering and remember the render.

        The draft is read from the state (so it is what the timeline shows
        now). A passing failure (502/503/504, a lost answer) sends the same id
        again: a service that got it refuses the duplicate instead of rendering
        twice. Any other failure is retried once with a new id (PROTOCOL.md),
        except those a new id cannot fix (credits, plan, session, token); before
        that, the service is asked whether it has the render after all. `dest` is
        remembered with the render, so a later `resume_pending` saves it there.
        """
        sid = self.session_id(session_id)
        state = await self.state(sid)
        draft = state.state.draft or {}
        if not state.state.exportable:
            raise NothingToExport(
                "There is nothing to export yet: the timeline is empty. Add photos and say "
                "what video you want first."
            )
        output = RenderOutputSpec.model_validate({"format": fmt, "quality": quality})
        render_id: str | None = None
        for attempt in range(2):
            render_id = self._new_render_id(render_id)
            request = RenderRequest(id=render_id, session_id=sid, draft=draft, output=output)
            body = request.model_dump(mode="json", by_alias=True)
            try:
                answer = await self._call(
                    "POST",
                    "/api/render/proxy/lambda",
                    build=lambda b=body: {"json": b},
                    session_id=sid,
                    again=idempotent,
                )
            except (NoCredits, ExportBlocked, SessionNotFound, TokenExpired, RateLimited):
                raise
            except PhotoreelError:
                if (known := await self._known_render(render_id)) is not None:
                    self._remember(known.render_id, sid, dest, output.format)
                    return known
                if attempt:
                    raise
                continue
            except asyncio.CancelledError:
                # stopped mid-submit: the backend may have the render; remember it so it is
                # not lost (a later run forgets it if the backend never got it)
                self._remember(render_id, sid, dest, output.format)
                raise
            status = self._render_answer(answer, render_id, status_needed=False)
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

    async def _known_render(self, render_id: str) -> RenderAnswer | None:
        """The render's status if the service has it (a submit whose answer was lost)."""
        try:
            status = await self.render_status(render_id)
        except PhotoreelError:
            return None
        return status if status.status != "failed" else None

    def _render_answer(self, body: Any, render_id: str, *, status_needed: bool) -> RenderAnswer:
        try:
            return read_render_answer(body, render_id, status_needed=status_needed)
        except AnswerIncomplete as exc:
            raise self._unreadable(exc) from None

    async def render_status(self, render_id: str) -> RenderAnswer:
        """One poll of a render's status (any of the documented answer shapes)."""
        answer = await self._call("GET", f"/api/render/proxy/lambda/{render_id}")
        return self._render_answer(answer, render_id, status_needed=True)

    async def wait_render(
        self,
        render_id: str,
        on_progress: RenderProgress | None = None,
        *,
        interval: float | None = None,
        max_polls: int | None = None,
    ) -> RenderAnswer:
        """Poll until the render completes; `RenderFailed` if it fails or is cancelled.

        The interval is the backend's: 30 s for the hosted service (at most 10
        polls, as it asks: 5 minutes; a server answering like it that asks for a
        shorter interval is watched as long), about 1 s for photoreel's own (for up
        to 30 minutes).
        `interval` and `max_polls` override them. When watching stops before the
        end, `RenderStillRunning` is raised and the render stays remembered for
        `resume_pending`.
        """
        give_up = time.monotonic() + LOCAL_RENDER_WAIT
        count = 0
        while True:
            status = await self.render_status(render_id)
            count += 1
            if on_progress is not None:
                on_progress(status)
            if status.finished:
                break
            # Asked after each answer: the first one may have said which server this is.
            every = interval or self.poll_interval
            if (count >= (max_polls or self._most_polls(every))) or time.monotonic() >= give_up:
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

    def _most_polls(self, every: float) -> float:
        """The hosted service's 10 polls 30 s apart are 5 minutes of watching; a server
        answering like it that asked to be polled more often is watched as long. photoreel's
        own server is watched until `LOCAL_RENDER_WAIT`."""
        if not self.hosted_like:
            return math.inf
        return math.ceil(HOSTED_MAX_POLLS * HOSTED_POLL_SECONDS / every)

    async def download(
        self,
        status: RenderAnswer,
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
        url = status.url
        expected = status.output.size
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

    async def _translate_transport(self, work: Awaitable[Path]) -> Path:
        try:
            return await work
        except DownloadFailed:
            raise
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"The download failed: {exc}.") from None

    async def cancel_render(self, render_id: str) -> RenderAnswer:
        """Stop a render and forget it; answers the render's status after the cancel.
        Sent again after a passing failure: cancelling twice is cancelling once."""
        answer = await self._call(
            "POST", f"/api/render/proxy/lambda/{render_id}/cancel", again=idempotent
        )
        self.renders.forget(render_id)
        status = self._render_answer(answer, render_id, status_needed=False)
        if not status.finished:
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
