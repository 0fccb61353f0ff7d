"""Agent events on `/run_sse`: the shape of Google's Agent Development Kit (ADK) `Event`.

Keys are camelCase on the wire; Python code uses snake_case. Parsing is lenient
(unknown keys are kept, not refused) because new ADK versions add fields.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

AGENT_NAME = "nemo_agent"


class _Wire(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="allow", serialize_by_alias=True
    )


class FunctionCall(_Wire):
    id: str | None = None
    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class FunctionResponse(_Wire):
    id: str | None = None
    name: str
    response: dict[str, Any] = Field(default_factory=dict)


class Part(_Wire):
    text: str | None = None
    function_call: FunctionCall | None = None
    function_response: FunctionResponse | None = None


class Content(_Wire):
    role: str = "model"
    parts: list[Part] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts if p.text)


class EventActions(_Wire):
    state_delta: dict[str, Any] = Field(default_factory=dict)
    artifact_delta: dict[str, Any] = Field(default_factory=dict)


class AgentEvent(_Wire):
    """One `data:` frame of the chat stream."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    invocation_id: str = ""
    author: str = AGENT_NAME
    timestamp: float = Field(default_factory=time.time)
    content: Content | None = None
    partial: bool | None = None
    turn_complete: bool | None = None
    error_code: str | None = None
    error_message: str | None = None
    actions: EventActions = Field(default_factory=EventActions)
    # ADK's free-form metadata; photoreel puts `route` (a word the client should act
    # on, e.g. "export") and `understood: false` here.
    custom_metadata: dict[str, Any] | None = None

    def wire(self) -> str:
        """The JSON for a `data:` line (camelCase, no nulls)."""
        return self.model_dump_json(by_alias=True, exclude_none=True)


class RunAgentRequest(_Wire):
    """Body of `POST /run_sse` (snake_case or camelCase accepted)."""

    app_name: str = AGENT_NAME
    user_id: str = "me"
    session_id: str
    new_message: Content
    streaming: bool = True
