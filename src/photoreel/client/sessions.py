"""Sessions: making one, reading its state, and the one retry that replaces a lost session.

A 1002 (session gone) is retried where it is safe (uploads and chat: the old
session is gone, so nothing can be applied twice): a new session is made and
the request sent once more; the old id then names the new session in every
later call, and `SessionReplaced` / `on_session_replaced` say so. State reads
and exports raise `SessionNotFound` (a new, empty session would misreport).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx

from photoreel.client.connection import Connection
from photoreel.client.errors import NotOffered, SessionNotFound
from photoreel.client.retries import idempotent
from photoreel.protocol.answers import CreditsAnswer, SessionAnswer, StateAnswer
from photoreel.protocol.api import SessionCreate
from photoreel.protocol.events import AGENT_NAME

# the first ask for a long draft's strip renders it; later ones answer a kept file
STORYBOARD_TIMEOUT = httpx.Timeout(120.0, connect=10.0)
_SESSION = f"/api/tasks/me/with-session/{AGENT_NAME}"

T = TypeVar("T")


class SessionCalls(Connection):
    """Session calls of `PhotoreelClient`: new session, state, storyboard, credits."""

    language: str
    on_session_replaced: Callable[[str, str], None] | None
    _aliases: dict[str, str]

    def session_id(self, session_id: str) -> str:
        """The session an id stands for now (a 1002 may have replaced it)."""
        while session_id in self._aliases:
            session_id = self._aliases[session_id]
        return session_id

    async def new_session(self, *, task_name: str = "project") -> SessionAnswer:
        """A new project (session) holding one empty draft. Sent again after a passing
        failure: at worst that leaves an empty session behind, which harms nothing."""
        body = SessionCreate(task_name=task_name, language=self.language)
        data = await self._data(
            "POST", _SESSION, build=lambda: {"json": body.model_dump(mode="json")}, again=idempotent
        )
        return self._read(SessionAnswer, data, "the new-session request")

    async def _replace_session(self, old: str) -> str:
        created = await self.new_session()
        self._aliases[old] = created.session_id
        if self.on_session_replaced is not None:
            self.on_session_replaced(old, created.session_id)
        return created.session_id

    async def _in_live_session(
        self, session_id: str, work: Callable[[str], Awaitable[T]]
    ) -> tuple[str, T]:
        """`work(sid)` in the session `session_id` stands for now. If that session is
        gone (1002), a new one replaces it (once per id) and `work` runs there.
        Returns the session it ran in, with `work`'s result."""
        sid = self.session_id(session_id)
        try:
            return sid, await work(sid)
        except SessionNotFound:
            if session_id in self._aliases:
                raise
            sid = await self._replace_session(sid)
            return sid, await work(sid)

    async def state(self, session_id: str) -> StateAnswer:
        """The session's draft, media, canvas and renders. Raises `SessionNotFound`."""
        sid = self.session_id(session_id)
        data = await self._data("GET", f"/api/state/{AGENT_NAME}/me/{sid}/latest", session_id=sid)
        state = self._read(StateAnswer, data, "the state request")
        if not state.session_id:
            state.session_id = sid
        return state

    async def storyboard(self, session_id: str, frames: int = 6) -> bytes:
        """A PNG of `frames` frames of the session's current draft in one row (photoreel's
        `GET /api/storyboard`). Raises `BackendError` 4000 while the draft has no segment,
        `SessionNotFound`, and `NotOffered` from the hosted service, which has no such call.
        """
        if self.hosted_like:
            raise NotOffered("The hosted service does not draw storyboards.")
        sid = self.session_id(session_id)
        response, _ = await self._answer(
            "GET",
            "/api/storyboard",
            build=lambda: {"params": {"session_id": sid, "frames": frames}},
            session_id=sid,
            limits=STORYBOARD_TIMEOUT,
        )
        if not response.headers.get("content-type", "").startswith("image/png"):
            raise NotOffered(f"{self.backend.label} answered the storyboard without a picture.")
        return response.content

    async def credits(self) -> CreditsAnswer:
        """The balance: `available` (None when unlimited), `frozen` by running work, `total`."""
        data = await self._data("GET", "/api/credits/balance/simple")
        return self._read(CreditsAnswer, data, "the credits request")
