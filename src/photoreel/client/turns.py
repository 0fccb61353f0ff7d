"""Turns: one instruction sent to the agent, its streamed events read, and what changed.

A turn is never sent twice: it is sent again only when the service surely did
not take it (the connection never opened, or a 503). A stream that breaks
mid-turn, or a 502/504 once the request was sent, is answered by reading the
state until the turn's change shows, for `recover_for` seconds (`Recovering`
events meanwhile).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
from httpx_sse import EventSource, aconnect_sse

from photoreel.client.changes import change_reply, describe_changes
from photoreel.client.connection import _body
from photoreel.client.errors import (
    PhotoreelError,
    SessionNotFound,
    envelope_code,
)
from photoreel.client.events import (
    ChatError,
    FrameReader,
    Recovering,
    SessionReplaced,
    StillWorking,
    TurnComplete,
    _ChatEvent,
)
from photoreel.client.retries import (
    Transient,
    not_taken,
    retrying,
    transient_answer,
    transient_transport,
)
from photoreel.client.sessions import SessionCalls
from photoreel.protocol.answers import StateAnswer
from photoreel.protocol.draft import summarize
from photoreel.protocol.events import Content, Part, RunAgentRequest

STILL_WORKING_AFTER = 120.0  # seconds of silence before each "still working" (PROTOCOL.md)
TURN_LIMIT = 15 * 60.0  # a turn may last up to 15 minutes (PROTOCOL.md)
STREAM_TIMEOUT = httpx.Timeout(None, connect=10.0, write=30.0)
# After a stream broke mid-turn: how long to keep reading the state, and how often.
RECOVER_FOR = 5 * 60.0
RECOVER_EVERY = 5.0


class TurnCalls(SessionCalls):
    """Chat calls of `PhotoreelClient`; `still_working_after`, `turn_limit`, `recover_for`
    and `recover_every` are seconds."""

    still_working_after: float
    turn_limit: float
    recover_for: float
    recover_every: float

    async def _open_stream(
        self, stack: AsyncExitStack, sid: str, text: str
    ) -> EventSource | Transient:
        """The turn's event stream, or the `Transient` that may have cut it after the
        service took the turn (a 502/504, a connection lost once the request was sent):
        the turn is then not sent again, its outcome is read from the state.

        It is sent again only when the service surely did not take it (`not_taken`)."""
        body = RunAgentRequest(
            session_id=sid, new_message=Content(role="user", parts=[Part(text=text)])
        ).model_dump(mode="json", by_alias=False, exclude_none=True)
        tried: set[str] = set()
        tries = 0

        async def attempt() -> tuple[EventSource, AsyncExitStack] | httpx.Response:
            nonlocal tries
            tries += 1
            opened = AsyncExitStack()
            try:
                source = await opened.enter_async_context(
                    aconnect_sse(
                        self._client(),
                        "POST",
                        "/run_sse",
                        json=body,
                        headers=self._auth(),
                        timeout=STREAM_TIMEOUT,
                    )
                )
            except httpx.TransportError as exc:
                await opened.aclose()
                raise transient_transport(exc) from None
            response = source.response
            self._notice_server(response)
            content_type = response.headers.get("content-type", "")
            if response.status_code == 200 and "text/event-stream" in content_type:
                return source, opened
            await response.aread()
            await opened.aclose()
            if (failure := transient_answer(response)) is not None:
                raise failure
            return response

        while True:
            try:
                opened = await retrying(self.retry, attempt, again=not_taken)
            except Transient as failure:
                if not_taken(failure):
                    raise self._unavailable(failure, tries) from None
                return failure
            if not isinstance(opened, httpx.Response):
                source, exits = opened
                stack.push_async_exit(exits)
                return source
            answer = _body(opened)
            if opened.status_code == 404 and envelope_code(answer) is None:
                raise SessionNotFound(sid)  # a real ADK server's answer for an unknown session
            error = self._error(opened, answer, None, sid)
            if await self._recover(error, tried):
                continue
            raise error

    async def _pump(self, source: EventSource, queue: asyncio.Queue[Any]) -> None:
        try:
            async for sse in source.aiter_sse():
                await queue.put(sse.data)
        except Exception as exc:  # whatever broke the stream, the turn must not wait for it
            await queue.put(exc)
        else:
            await queue.put(None)

    async def chat(self, session_id: str, text: str) -> AsyncIterator[_ChatEvent]:
        """Send one instruction and yield the turn's events, ending with `TurnComplete`
        or `ChatError`.

        Errors before the stream starts (no credits, backend down, ...) are
        raised as `PhotoreelError`; errors inside the turn are yielded as
        `ChatError`. The draft is read before and after the turn, so
        `TurnComplete` always says what changed, and carries a reply even when
        the agent streamed none. A stream that breaks is not resent: the state is
        read until the turn's change shows (`Recovering` events meanwhile). Apply
        `translate_gui_phrases` to text shown.
        """
        asked = self.session_id(session_id)
        sid, before = await self._in_live_session(session_id, self.state)
        if sid != asked:
            yield SessionReplaced(old_session_id=asked, new_session_id=sid)
        reader = FrameReader()
        dropped: Exception | None = None
        loop = asyncio.get_running_loop()
        async with AsyncExitStack() as stack:
            source = await self._open_stream(stack, sid, text)
            if isinstance(source, Transient):
                dropped = source
            else:
                queue: asyncio.Queue[Any] = asyncio.Queue()
                pump = asyncio.create_task(self._pump(source, queue))
                stack.callback(pump.cancel)
                start = last_event = loop.time()
                deadline = start + self.turn_limit
                nudge = last_event + self.still_working_after
                while True:
                    now = loop.time()
                    if now >= deadline:
                        yield ChatError(
                            message=f"The agent did not finish within "
                            f"{self.turn_limit / 60:.0f} minutes; the turn was stopped. Check "
                            "the timeline (status) and try a smaller instruction.",
                            code="turn_timeout",
                        )
                        return
                    try:
                        item = await asyncio.wait_for(
                            queue.get(), timeout=min(deadline, nudge) - now
                        )
                    except TimeoutError:
                        if loop.time() >= nudge:
                            yield StillWorking(silent_for=round(loop.time() - last_event, 1))
                            # from now, not from when it was due: a late timer on a busy
                            # machine must not say "still working" twice in a row
                            nudge = loop.time() + self.still_working_after
                        continue
                    if item is None:
                        break
                    if isinstance(item, Exception):
                        dropped = item
                        break
                    for event in reader.read(item):
                        if event.type != "heartbeat":
                            last_event = loop.time()
                            nudge = last_event + self.still_working_after
                        yield event
                    if reader.failed:
                        return
        async for event in self._finish_turn(sid, before, reader, dropped):
            yield event

    def _settled(self, before: StateAnswer, now: StateAnswer, previous: StateAnswer | None) -> bool:
        """After a broken stream: has the turn's change arrived, and is it whole? photoreel
        saves a turn's change at once (docs/SERVER.md); elsewhere the draft must read the
        same twice in a row, so a change still being made is not taken for the result."""
        if now.state.draft == before.state.draft:
            return False
        if self.server_kind == "photoreel":
            return True
        return previous is not None and previous.state.draft == now.state.draft

    async def _finish_turn(
        self, sid: str, before: StateAnswer, reader: FrameReader, dropped: Exception | None
    ) -> AsyncIterator[_ChatEvent]:
        after: StateAnswer | None = None
        if dropped is None or reader.turn_complete:
            try:
                after = await self.state(sid)
            except PhotoreelError as exc:
                yield ChatError(
                    message=f"The timeline could not be read after the turn: {exc.message}",
                    code=str(exc.code),
                )
                return
        else:
            loop = asyncio.get_running_loop()
            started = loop.time()
            previous: StateAnswer | None = None
            while True:
                try:
                    now = await self.state(sid)
                except PhotoreelError:
                    now = None  # the service may be restarting: keep asking until the limit
                if now is not None and self._settled(before, now, previous):
                    after = now
                    break
                previous = now or previous
                waited = loop.time() - started
                if waited >= self.recover_for:
                    break
                # floored, not rounded: 1.96 s of a 2 s wait must not read "2.0 of 2.0"
                yield Recovering(waited=math.floor(waited * 10) / 10, limit=self.recover_for)
                await asyncio.sleep(min(self.recover_every, self.recover_for - waited))
            if after is None:
                minutes = self.recover_for / 60
                span = f"{minutes:.0f} minutes" if minutes >= 1 else f"{self.recover_for:.0f} s"
                yield ChatError(
                    message=f"The connection to the backend dropped mid-turn and the timeline "
                    f"did not change in the {span} photoreel waited. The instruction was not "
                    'sent again: check with "status" in a while, or send it again.',
                    code="connection_lost",
                )
                return
        # drafts from elsewhere are read by what they mean (foreign_draft), never guessed at
        old, new = before.state.timeline, after.state.timeline
        reply = reader.reply
        if (unreadable := after.state.unreadable or before.state.unreadable) is None:
            changes = describe_changes(old, new)
            summary, written = summarize(new), change_reply(old, new)
        else:
            changed = before.state.draft != after.state.draft
            changes = ["The timeline changed."] if changed else []
            summary = unreadable
            written = f"Done. {summary}" if changed else f"The timeline did not change. {summary}"
        yield TurnComplete(
            reply=reply or written,
            summary=summary,
            changes=changes,
            changed=bool(changes),
            version=after.version,
            reply_from_client=not reply,
            recovered=dropped is not None and not reader.turn_complete,
        )
