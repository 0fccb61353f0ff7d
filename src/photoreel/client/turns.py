"""Turns: one instruction sent to the agent, its streamed events read, and what changed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
from httpx_sse import EventSource, aconnect_sse

from photoreel.client.changes import change_reply, describe_changes
from photoreel.client.connection import _body
from photoreel.client.errors import (
    BackendUnavailable,
    PhotoreelError,
    SessionNotFound,
    envelope_code,
)
from photoreel.client.events import (
    ChatError,
    FrameReader,
    SessionReplaced,
    StillWorking,
    TurnComplete,
    _ChatEvent,
)
from photoreel.client.sessions import SessionCalls
from photoreel.protocol.api import SessionState
from photoreel.protocol.draft import summarize
from photoreel.protocol.events import Content, Part, RunAgentRequest

STILL_WORKING_AFTER = 120.0  # seconds of silence before each "still working" (PROTOCOL.md)
TURN_LIMIT = 15 * 60.0  # a turn may last up to 15 minutes (PROTOCOL.md)
STREAM_TIMEOUT = httpx.Timeout(None, connect=10.0, write=30.0)


class TurnCalls(SessionCalls):
    """Chat calls of `PhotoreelClient`; `still_working_after` and `turn_limit` are seconds."""

    still_working_after: float
    turn_limit: float

    async def _open_stream(self, stack: AsyncExitStack, sid: str, text: str) -> EventSource:
        body = RunAgentRequest(
            session_id=sid, new_message=Content(role="user", parts=[Part(text=text)])
        ).model_dump(mode="json", by_alias=False, exclude_none=True)
        tried: set[str] = set()
        while True:
            attempt = AsyncExitStack()
            try:
                source = await attempt.enter_async_context(
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
                await attempt.aclose()
                raise BackendUnavailable(
                    f"Cannot reach {self.backend.label} to send the instruction: {exc}."
                ) from None
            response = source.response
            content_type = response.headers.get("content-type", "")
            if response.status_code == 200 and "text/event-stream" in content_type:
                stack.push_async_exit(attempt)
                return source
            await response.aread()
            await attempt.aclose()
            answer = _body(response)
            if response.status_code == 404 and envelope_code(answer) is None:
                raise SessionNotFound(sid)  # a real ADK server's answer for an unknown session
            error = self._error(response, answer, None, sid)
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
        the agent streamed none. A dropped connection is not resent: the state
        tells what happened. Apply `translate_gui_phrases` to text shown.
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
                        message=f"The agent did not finish within {self.turn_limit / 60:.0f} "
                        "minutes; the turn was stopped. Check the timeline (status) and try a "
                        "smaller instruction.",
                        code="turn_timeout",
                    )
                    return
                try:
                    item = await asyncio.wait_for(queue.get(), timeout=min(deadline, nudge) - now)
                except TimeoutError:
                    if loop.time() >= nudge:
                        yield StillWorking(silent_for=round(loop.time() - last_event, 1))
                        nudge += self.still_working_after
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

    async def _finish_turn(
        self, sid: str, before: SessionState, reader: FrameReader, dropped: Exception | None
    ) -> AsyncIterator[_ChatEvent]:
        try:
            after = await self.state(sid)
        except PhotoreelError as exc:
            what = "The connection dropped mid-turn and " if dropped else ""
            yield ChatError(
                message=f"{what}the timeline could not be read afterwards: {exc.message}",
                code="connection_lost" if dropped else str(exc.code),
            )
            return
        old, new = before.state.timeline, after.state.timeline
        changes = describe_changes(old, new)
        if dropped is not None and not changes and not reader.reply:
            yield ChatError(
                message="The connection to the backend dropped before the agent answered, and "
                "the timeline has not changed. The agent may still be working: check with "
                '"status" in a moment, or send the instruction again.',
                code="connection_lost",
            )
            return
        reply = reader.reply
        yield TurnComplete(
            reply=reply or change_reply(old, new),
            summary=summarize(new),
            changes=changes,
            changed=bool(changes),
            version=after.version,
            reply_from_client=not reply,
            recovered=dropped is not None,
        )
