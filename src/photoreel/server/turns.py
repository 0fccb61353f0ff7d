"""Chat turns: run the agent, save what it changed, and produce the ADK events to stream.

A turn runs in its own task, not in the request: the agent's result is saved as
a new draft version before the first event is streamed, and the events go into
a queue the SSE response reads. A client that disconnects mid-turn therefore
loses nothing: the turn finishes and is saved, and reading the state shows it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from photoreel.protocol.draft import Draft, DraftInvalid, parse_draft
from photoreel.protocol.errors import ErrorCode
from photoreel.protocol.events import (
    AgentEvent,
    Content,
    EventActions,
    FunctionCall,
    FunctionResponse,
    Part,
)
from photoreel.server.analyses import analysis_of
from photoreel.server.credits import CreditPolicy
from photoreel.server.errors import disk_full, is_disk_full
from photoreel.server.settings import ServerSettings
from photoreel.server.store import SessionRow, Store, VersionConflict

if TYPE_CHECKING:
    from photoreel.agent import TurnInput, TurnOutput
    from photoreel.agent.memory import Memory

log = logging.getLogger("photoreel.server")

SAVE_ATTEMPTS = 3  # another turn on the same session may save in between: run again on it
WORDS_PER_CHUNK = 3
SHUTDOWN_WAIT_SECONDS = 10.0


@dataclass
class TurnError:
    """A turn that could not complete: streamed as an error event."""

    code: int
    message: str


@dataclass
class TurnResult:
    output: TurnOutput | None = None
    version: int = 0
    changed: bool = False
    silent: bool = False
    error: TurnError | None = None


class Stream:
    """The frames of one turn on their way to one SSE response (None ends it)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()

    async def frames(self) -> Any:
        while True:
            frame = await self.queue.get()
            if frame is None:
                return
            yield frame


class TurnRunner:
    """Starts turns as tasks and keeps them alive until they are saved."""

    def __init__(self, store: Store, credits: CreditPolicy, settings: ServerSettings) -> None:
        self.store = store
        self.credits = credits
        self.settings = settings
        self._tasks: set[asyncio.Task[None]] = set()
        self._edit_turns = 0  # counts draft-changing turns, for --silent-edit-turns

    def start(self, session: SessionRow, user_id: str, instruction: str) -> Stream:
        stream = Stream()
        task = asyncio.create_task(self._run(session, user_id, instruction, stream))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return stream

    async def wait(self) -> None:
        """Let running turns save (called when the server stops)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=SHUTDOWN_WAIT_SECONDS)

    # -- one turn ------------------------------------------------------------------

    async def _run(
        self, session: SessionRow, user_id: str, instruction: str, stream: Stream
    ) -> None:
        invocation = "e-" + uuid.uuid4().hex
        try:
            if self.settings.turn_delay:
                await asyncio.sleep(self.settings.turn_delay)
            result = await self._apply(session, user_id, instruction)
            for frame, pause in self._frames(result, invocation):
                if pause:
                    await asyncio.sleep(pause)
                stream.queue.put_nowait(frame)
        except Exception as exc:
            if is_disk_full(exc):  # the change could not be saved: nothing changed
                full = disk_full()
                error = TurnError(ErrorCode.DISK_FULL, full.message)
            else:
                log.exception("chat turn failed on session %s", session.id)
                error = TurnError(
                    ErrorCode.INTERNAL,
                    "The agent failed on this instruction; nothing was changed. Try rephrasing it.",
                )
            for frame, _ in self._frames(TurnResult(error=error), invocation):
                stream.queue.put_nowait(frame)
        finally:
            stream.queue.put_nowait(None)

    async def _apply(self, session: SessionRow, user_id: str, instruction: str) -> TurnResult:
        """Run the agent on the current draft and save its change (with its credit)."""
        from photoreel.agent import run_turn  # loaded after start-up: see warmup.py

        for _ in range(SAVE_ATTEMPTS):
            current = self.store.session(session.id, user_id)
            assert current is not None
            version = current.current_version
            try:
                turn = self._turn_input(current, instruction)
            except DraftInvalid as exc:
                return TurnResult(
                    error=TurnError(
                        ErrorCode.BAD_REQUEST,
                        f"The saved draft of this session does not validate ({exc}); "
                        "start a new session.",
                    )
                )
            output = await asyncio.to_thread(run_turn, turn)
            move_to, new_draft = self._change(current, version, turn, output)
            if move_to is None and new_draft is None:
                self._remember(current, output)
                return TurnResult(output=output, version=version)
            try:
                saved = self.store.save_draft(
                    current.id,
                    version,
                    new_draft,
                    output.history or "agent",
                    move_to=move_to,
                    charge=self.credits.turn_charge(user_id),
                )
            except VersionConflict:
                continue
            if saved is None:
                return TurnResult(
                    error=TurnError(
                        ErrorCode.NO_CREDITS,
                        "No credits left for this edit (each change costs 1); nothing was changed.",
                    )
                )
            self._remember(current, output)
            return TurnResult(output=output, version=saved, changed=True, silent=self._silent())
        return TurnResult(
            error=TurnError(
                ErrorCode.CONFLICT,
                "The session kept changing while this turn ran (other turns at the same "
                "time); nothing was changed. Send the instruction again.",
            )
        )

    def _remember(self, session: SessionRow, output: TurnOutput) -> None:
        """Keep what the agent wants remembered of this turn (after the turn took effect)."""
        if output.memory is not None:
            self.store.set_agent_memory(session.id, output.memory.model_dump_json())

    def _turn_input(self, session: SessionRow, instruction: str) -> TurnInput:
        from photoreel.agent import MediaItem, TurnInput
        from photoreel.agent.contract import HISTORY_DEPTH

        store = self.store
        back, forward = store.history(session.id, session.current_version, HISTORY_DEPTH)
        undo_drafts: list[Draft | None] = [_draft(store.draft(session.id, v)) for v in back]
        if session.current_version > 0 and len(back) < HISTORY_DEPTH:
            undo_drafts.append(None)  # version 0: the empty timeline the session began with
        prev = back[0] if back else None
        nxt = forward[0] if forward else None
        return TurnInput(
            instruction=instruction,
            draft=_draft(store.draft(session.id, session.current_version)),
            media=[
                MediaItem(
                    media_id=m.id,
                    filename=m.filename,
                    kind=m.kind,
                    width=m.width,
                    height=m.height,
                    duration=m.duration,
                    fps=m.fps,
                    analysis=analysis_of(m),
                )
                for m in store.session_media(session.id)
            ],
            language=session.language,
            undo_draft=_draft(store.draft(session.id, prev)) if prev else None,
            redo_draft=_draft(store.draft(session.id, nxt)) if nxt else None,
            undo_empty=prev is None and session.current_version > 0,
            undo_drafts=undo_drafts,
            redo_drafts=[d for v in forward if (d := _draft(store.draft(session.id, v)))],
            memory=_memory(session.agent_memory),
        )

    def _change(
        self, session: SessionRow, version: int, turn: TurnInput, output: TurnOutput
    ) -> tuple[int | None, dict[str, Any] | None]:
        """(version to move to, or new draft to save); both None when nothing changed.

        Version 0 is the empty timeline every session starts at: undo of the first
        draft moves there, and redo from there moves to the draft again.
        """
        from photoreel.agent.contract import HISTORY_DEPTH

        back, forward = self.store.history(session.id, version, HISTORY_DEPTH)
        if output.history == "undo":
            # n steps back; past the oldest version lies version 0, the empty timeline
            steps = output.steps
            target = back[steps - 1] if steps <= len(back) else 0
            if output.cleared and target != 0:
                return None, None
            return target, None
        if output.cleared:
            return None, None
        if output.draft is None:
            return None, None
        if output.history == "redo" and forward:
            return forward[min(output.steps, len(forward)) - 1], None
        new = output.draft.to_json()
        if turn.draft is not None and new == turn.draft.to_json():
            return None, None
        return None, new

    def _silent(self) -> bool:
        """Whether this draft-changing turn streams no text (deterministic fraction)."""
        fraction = self.settings.silent_edit_turns
        self._edit_turns += 1
        n = self._edit_turns
        return math.floor(n * fraction) > math.floor((n - 1) * fraction)

    # -- events ----------------------------------------------------------------------

    def _frames(self, result: TurnResult, invocation: str) -> list[tuple[str, float]]:
        """Each `data:` payload of the turn with the pause before it."""
        if result.error is not None:
            if self.settings.adk_errors:
                body = {"error": result.error.message, "error_details": {"code": result.error.code}}
                return [(json.dumps(body), 0.0)]
            event = AgentEvent(
                invocation_id=invocation,
                error_code=str(result.error.code),
                error_message=result.error.message,
                turn_complete=True,
            )
            return [(event.wire(), 0.0)]
        output = result.output
        assert output is not None
        frames: list[tuple[str, float]] = []
        for i, op in enumerate(output.ops):
            call_id = f"call_{invocation[-8:]}_{i}"
            call = AgentEvent(
                invocation_id=invocation,
                content=Content(
                    role="model",
                    parts=[
                        Part(function_call=FunctionCall(id=call_id, name=op.name, args=op.args))
                    ],
                ),
            )
            answer = AgentEvent(
                invocation_id=invocation,
                content=Content(
                    role="user",
                    parts=[
                        Part(
                            function_response=FunctionResponse(
                                id=call_id, name=op.name, response=op.result
                            )
                        )
                    ],
                ),
            )
            frames += [(call.wire(), 0.0), (answer.wire(), 0.0)]
        text = "" if result.silent else output.reply
        pace = self.settings.stream_pace
        for chunk in _chunks(text):
            partial = AgentEvent(
                invocation_id=invocation,
                partial=True,
                content=Content(role="model", parts=[Part(text=chunk)]),
            )
            frames.append((partial.wire(), pace))
        metadata: dict[str, Any] = {}
        if output.route:
            metadata["route"] = output.route
        if not output.understood:
            metadata["understood"] = False
        final = AgentEvent(
            invocation_id=invocation,
            content=Content(role="model", parts=[Part(text=text)]) if text else None,
            partial=False,
            turn_complete=True,
            actions=EventActions(state_delta={"draft_version": result.version})
            if result.changed
            else EventActions(),
            custom_metadata=metadata or None,
        )
        frames.append((final.wire(), pace if text else 0.0))
        return frames


def _memory(text: str | None) -> Memory:
    """The stored memory, or a fresh one if there is none (or it no longer reads)."""
    from photoreel.agent.memory import Memory

    if not text:
        return Memory()
    try:
        return Memory.model_validate_json(text)
    except ValidationError:
        log.warning("agent memory of a session does not read; starting afresh")
        return Memory()


def _draft(raw: dict[str, Any] | None) -> Draft | None:
    return parse_draft(raw) if raw is not None else None


def _chunks(text: str) -> list[str]:
    """The reply in small pieces, as a model streams it (whitespace kept)."""
    words = re.findall(r"\s*\S+\s*", text)
    return ["".join(words[i : i + WORDS_PER_CHUNK]) for i in range(0, len(words), WORDS_PER_CHUNK)]
