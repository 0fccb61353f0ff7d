"""The contract between the server and the agent: one turn in, one turn out.

The server builds a `TurnInput` from the session (instruction, current draft,
media, and the drafts one step back and forward in history) and streams the
`TurnOutput`: each `EditOp` as an ADK functionCall then functionResponse, the
reply as text. `photoreel.agent.turn` re-exports these names.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from photoreel.protocol.analysis import Analysis
from photoreel.protocol.draft import Draft
from photoreel.protocol.formats import MediaKind

Route = Literal["export", "credits", "status", "upload"]


class MediaItem(BaseModel):
    """A media file of the session, as the agent sees it (`media_id` is the draft's `src`)."""

    media_id: str
    filename: str
    kind: MediaKind
    width: int | None = None
    height: int | None = None
    duration: float | None = Field(None, description="seconds")
    fps: float | None = None
    analysis: Analysis | None = Field(
        None, description="what analysis found in the file (photos and songs), if anything"
    )


class TurnInput(BaseModel):
    instruction: str
    draft: Draft | None = None
    media: list[MediaItem] = Field(default_factory=list)
    language: str = "en"
    # The versions one step back and forward in the session's history, so that
    # "undo" and "redo" stay pure: the agent returns one of them as the new draft.
    undo_draft: Draft | None = None
    redo_draft: Draft | None = None
    undo_empty: bool = Field(
        False,
        description="the step back is the empty timeline before the first draft (version 0): "
        "undo clears the timeline and redo brings the draft back",
    )


class EditOp(BaseModel):
    """One edit, streamed as an ADK functionCall (name, args) then functionResponse (result)."""

    name: str
    args: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] = Field(default_factory=dict)


class TurnOutput(BaseModel):
    reply: str
    ops: list[EditOp] = Field(default_factory=list)
    draft: Draft | None = Field(
        None, description="the new draft; None when nothing changed or when `cleared`"
    )
    history: Literal["undo", "redo"] | None = Field(
        None, description="set when the new draft is a step in history, not a new version"
    )
    route: Route | None = Field(None, description="a routed word the client should act on")
    understood: bool = True

    @property
    def cleared(self) -> bool:
        """Undo went back past the first draft: the session has no draft again."""
        return self.draft is None and self.history == "undo"

    @property
    def changed(self) -> bool:
        return self.draft is not None or self.cleared
