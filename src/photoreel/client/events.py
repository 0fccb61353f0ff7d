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

Two things a service streams are not for the person: ADK's `transfer_to_agent`
call (the agent handing the turn to a sub-agent, not an edit), and the
apology the hosted agent appends after a rate limit (429) inside the turn
("I encountered a temporary issue ..."): the 429 itself is reported instead.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from photoreel.protocol.events import AgentEvent


class _ChatEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    type: str  # each event's own literal name, e.g. "text_delta"


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


class Recovering(_ChatEvent):
    """The stream broke mid-turn; the turn is not sent again. The client reads the state
    every few seconds until the turn's change shows, for at most `limit` seconds;
    `waited` is how long it has waited so far."""

    type: Literal["recovering"] = "recovering"
    waited: float
    limit: float

    @property
    def text(self) -> str:
        """What a person is told, the same in the app and on the command line."""
        return (
            "The connection dropped mid-turn; waiting for the service to finish it "
            f"({_clock(self.waited)} of {_clock(self.limit)}). It is not sent again."
        )


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


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
    | Recovering
    | SessionReplaced
    | TurnComplete
    | ChatError,
    Field(discriminator="type"),
]


# ADK's own tool for handing a turn to another agent: plumbing, not an edit.
INTERNAL_TOOLS = frozenset({"transfer_to_agent"})
# How the hosted agent's apology after a rate limit begins (ignored after a 429).
RATE_LIMIT_APOLOGY = "i encountered a temporary issue"
RATE_LIMIT_CODES = frozenset({"429", "resource_exhausted", "rate_limited", "too_many_requests"})


def _says_rate_limit(*values: object) -> bool:
    """True when an error code or message names a rate limit (429)."""
    for value in values:
        text = str(value or "").strip().lower()
        if text in RATE_LIMIT_CODES or "429" in text or "resource_exhausted" in text:
            return True
    return False


class FrameReader:
    """Reads the `data:` frames of one turn, in order, into typed events."""

    def __init__(self) -> None:
        self.current = ""  # the message being streamed, from partial chunks
        self.messages: list[str] = []  # whole messages, from non-partial events
        self.turn_complete = False
        self.failed = False
        self.rate_limited = False  # a 429 was reported inside the turn
        self.draft_version: int | None = None

    @property
    def reply(self) -> str:
        """Everything the agent said this turn (an unfinished message counts as said)."""
        parts = [*self.messages, self.current] if self.current else self.messages
        return "\n\n".join(p.strip() for p in parts if p.strip() and not self._apology(p))

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
            if _says_rate_limit(code, raw["error"]):
                return [self._rate_limit_error()]
            return [ChatError(message=str(raw["error"]), code=str(code or "agent_error"))]
        if raw.get("errorCode") is not None:
            raw["errorCode"] = str(raw["errorCode"])
        try:
            event = AgentEvent.model_validate(raw)
        except ValidationError:
            return []
        if event.author == "user":
            return []  # an echo of the person's own message
        limited = _says_rate_limit(event.error_code, event.error_message)
        if limited:
            self.rate_limited = True
        out: list[_ChatEvent] = []
        out.extend(self._content(event))
        if limited:
            self.failed = True
            out.append(self._rate_limit_error())
        elif event.error_code or event.error_message:
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

    def _rate_limit_error(self) -> ChatError:
        self.rate_limited = True
        return ChatError(
            message="The service is limiting requests (429) and stopped this turn. Wait "
            "30 s, then send the instruction again.",
            code="429",
        )

    def _apology(self, text: str) -> bool:
        """The text the hosted agent appends after a rate limit (or, while it streams, the
        start of it): not shown."""
        said = text.strip().lower()
        return self.rate_limited and (
            said.startswith(RATE_LIMIT_APOLOGY) or RATE_LIMIT_APOLOGY.startswith(said)
        )

    def _content(self, event: AgentEvent) -> list[_ChatEvent]:
        if event.content is None:
            return []
        out: list[_ChatEvent] = []
        whole: list[str] = []
        for part in event.content.parts:
            response = part.function_response
            if response is not None and _says_rate_limit(
                *(response.response.get(k) for k in ("code", "status", "error"))
            ):
                self.rate_limited = True
            if part.text and not (part.model_extra or {}).get("thought"):
                if self._apology(self.current + part.text if event.partial else part.text):
                    # held back while it streams, dropped once whole
                    self.current = self.current + part.text if event.partial else ""
                    continue
                if event.partial:
                    self.current += part.text
                    out.append(TextDelta(chunk=part.text, text=self.current))
                else:
                    whole.append(part.text)
            if part.function_call is not None and part.function_call.name not in INTERNAL_TOOLS:
                call = part.function_call
                out.append(ToolCall(id=call.id, name=call.name, args=call.args))
            if response is not None and response.name not in INTERNAL_TOOLS:
                out.append(
                    ToolResult(id=response.id, name=response.name, response=response.response)
                )
        if whole:
            text = "".join(whole)
            self.messages.append(text)
            self.current = ""
            out.insert(0, TextFinal(text=text))
        return out
