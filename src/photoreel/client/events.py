"""What a chat turn yields: typed events, read from the ADK frames of `/run_sse`.

The stream's `data:` frames are ADK `Event`s (PROTOCOL.md, "Chat, streamed").
`FrameReader` turns each frame into zero or more of the events below, keeping
what a turn needs across frames (the text so far, the finished messages,
whether the turn said it was complete). Parsing is lenient: a frame that is not
JSON or not an event is skipped, unknown keys are ignored, because new ADK
versions add fields.

Text arrives twice when streaming: as `partial` chunks, then once whole in a
non-partial event. A reader shows `TextDelta.text` while chunks arrive and
replaces it with `TextFinal.text`; it never appends the final to the chunks.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from photoreel.protocol.events import AgentEvent


class _ChatEvent(BaseModel):
    model_config = ConfigDict(frozen=True)


class TextDelta(_ChatEvent):
    """A streamed chunk. `chunk` is the new piece; `text` is the current message so far."""

    type: Literal["text_delta"] = "text_delta"
    chunk: str
    text: str


class TextFinal(_ChatEvent):
    """One whole message of the agent: replaces the `TextDelta`s shown before it."""

    type: Literal["text_final"] = "text_final"
    text: str


class ToolCall(_ChatEvent):
    """The agent applies an edit (ADK functionCall). Show it as a compact progress line."""

    type: Literal["tool_call"] = "tool_call"
    id: str | None = None
    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class ToolResult(_ChatEvent):
    """The result of a `ToolCall` with the same `id` (ADK functionResponse)."""

    type: Literal["tool_result"] = "tool_result"
    id: str | None = None
    name: str
    response: dict[str, Any] = Field(default_factory=dict)


class Heartbeat(_ChatEvent):
    """The backend is alive (an empty `data:` frame). Comment pings (`: ping`) keep the
    connection open but are not reported: httpx-sse drops comments by design."""

    type: Literal["heartbeat"] = "heartbeat"


class StillWorking(_ChatEvent):
    """No agent event for `silent_for` seconds (every 2 minutes by default); keep waiting."""

    type: Literal["still_working"] = "still_working"
    silent_for: float


class SessionReplaced(_ChatEvent):
    """The session was gone (1002); the turn was sent again on a new, empty session."""

    type: Literal["session_replaced"] = "session_replaced"
    old_session_id: str
    new_session_id: str


class TurnComplete(_ChatEvent):
    """The last event of a successful turn.

    `reply` is the agent's text (its messages joined by a blank line); when the
    agent streamed no text, the client writes it from the draft change and sets
    `reply_from_client`. `changes` lists what changed in the draft, one line
    each; `summary` is the timeline's one-line summary after the turn.
    """

    type: Literal["turn_complete"] = "turn_complete"
    reply: str
    summary: str
    changes: list[str] = Field(default_factory=list)
    changed: bool = False
    version: int | None = None
    reply_from_client: bool = False
    recovered: bool = Field(
        False, description="the stream dropped; this was learned by reading the state"
    )


class ChatError(_ChatEvent):
    """The turn failed inside the stream (agent error, time limit, dropped connection).

    `code` is the ADK `errorCode` when the agent sent one, otherwise one of
    `agent_error`, `turn_timeout`, `connection_lost`.
    """

    type: Literal["chat_error"] = "chat_error"
    message: str
    code: str


ChatEvent = Annotated[
    TextDelta
    | TextFinal
    | ToolCall
    | ToolResult
    | Heartbeat
    | StillWorking
    | SessionReplaced
    | TurnComplete
    | ChatError,
    Field(discriminator="type"),
]


class FrameReader:
    """Reads the `data:` frames of one turn, in order, into typed events."""

    def __init__(self) -> None:
        self.current = ""  # the message being streamed, from partial chunks
        self.messages: list[str] = []  # whole messages, from non-partial events
        self.turn_complete = False
        self.failed = False
        self.draft_version: int | None = None

    @property
    def reply(self) -> str:
        """Everything the agent said this turn (an unfinished message counts as said)."""
        parts = [*self.messages, self.current] if self.current else self.messages
        return "\n\n".join(p.strip() for p in parts if p.strip())

    def read(self, data: str) -> list[_ChatEvent]:
        if not data.strip():
            return [Heartbeat()]
        try:
            raw = json.loads(data)
        except ValueError:
            return []
        if not isinstance(raw, dict):
            return []
        if "error" in raw and "content" not in raw:
            # A real ADK server reports a failure after the stream started this way.
            self.failed = True
            details = raw.get("error_details")
            code = details.get("code") if isinstance(details, dict) else None
            return [ChatError(message=str(raw["error"]), code=str(code or "agent_error"))]
        if raw.get("errorCode") is not None:
            raw["errorCode"] = str(raw["errorCode"])
        try:
            event = AgentEvent.model_validate(raw)
        except ValidationError:
            return []
        if event.author == "user":
            return []  # an echo of the person's own message
        out: list[_ChatEvent] = []
        out.extend(self._content(event))
        if event.error_code or event.error_message:
            self.failed = True
            out.append(
                ChatError(
                    message=event.error_message or f"The agent failed ({event.error_code}).",
                    code=event.error_code or "agent_error",
                )
            )
        version = event.actions.state_delta.get("draft_version")
        if isinstance(version, int):
            self.draft_version = version
        if event.turn_complete:
            self.turn_complete = True
        return out

    def _content(self, event: AgentEvent) -> list[_ChatEvent]:
        if event.content is None:
            return []
        out: list[_ChatEvent] = []
        whole: list[str] = []
        for part in event.content.parts:
            if part.text and not (part.model_extra or {}).get("thought"):
                if event.partial:
                    self.current += part.text
                    out.append(TextDelta(chunk=part.text, text=self.current))
                else:
                    whole.append(part.text)
            if part.function_call is not None:
                call = part.function_call
                out.append(ToolCall(id=call.id, name=call.name, args=call.args))
            if part.function_response is not None:
                resp = part.function_response
                out.append(ToolResult(id=resp.id, name=resp.name, response=resp.response))
        if whole:
            text = "".join(whole)
            self.messages.append(text)
            self.current = ""
            out.insert(0, TextFinal(text=text))
        return out
