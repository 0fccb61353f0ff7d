"""The contract between the server and the agent: one turn in, one turn out.

The server builds a `TurnInput` from the session (instruction, current draft,
media, and the drafts one step back and forward in history) and streams the
`TurnOutput`: each `EditOp` as an ADK functionCall then functionResponse, the
reply as text. `photoreel.agent.turn` re-exports these names.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from photoreel.agent.memory import Memory
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


HISTORY_DEPTH = 5  # how many steps back "undo the last three" / "go back two steps" may reach


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
    undo_drafts: list[Draft | None] = Field(
        default_factory=list,
        description=f"up to {HISTORY_DEPTH} versions back, nearest first (None: the empty "
        "timeline of version 0); filled from undo_draft/undo_empty when not given",
    )
    redo_drafts: list[Draft] = Field(
        default_factory=list, description="versions forward, nearest first"
    )
    memory: Memory = Field(default_factory=Memory, description="what earlier turns left")

    @model_validator(mode="after")
    def _history_lists(self) -> TurnInput:
        if not self.undo_drafts and (self.undo_draft is not None or self.undo_empty):
            self.undo_drafts = [self.undo_draft]
        if not self.redo_drafts and self.redo_draft is not None:
            self.redo_drafts = [self.redo_draft]
        return self


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
    steps: int = Field(1, description="how many versions a history step moves")
    memory: Memory | None = Field(
        None, description="what to remember for the next turn; None: keep the old memory"
    )

    @property
    def cleared(self) -> bool:
        """Undo went back past the first draft: the session has no draft again."""
        return self.draft is None and self.history == "undo"

    @property
    def changed(self) -> bool:
        return self.draft is not None or self.cleared
