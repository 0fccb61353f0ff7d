"""What the agent remembers of a conversation between turns, kept by the server.

The agent is pure: it cannot keep state between turns itself. The server
stores this model with the session (so it survives a restart) and hands it
back with the next instruction. It holds only what later turns refer to:

- `focus`: the photos the last turn was about, for "that one", "it", "放第一个"
  after "what's the 4th photo?";
- `added` / `removed`: what the last edit added or took out, for "the photo I
  just added" and "put it back";
- `asked`: the question the agent asked, so "'Happy Birthday'" or "the second
  one" answers it;
- `last_edit`: the last edit made to some photos, for "same for the others";
- `pinned`: lengths, canvas and transitions the person set on purpose, which a
  style ("energetic") keeps.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Removed(BaseModel):
    """A photo taken out by the last edit, and where it was."""

    model_config = ConfigDict(frozen=True)

    media_id: str
    position: int
    ms: int


class Asked(BaseModel):
    """The question the agent asked last turn, and what an answer fills in."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["title_text", "which_photo", "which_song"]
    action: str = ""  # what to do with the answer ("remove" for which_photo)


class LastEdit(BaseModel):
    """An edit of some photos, replayable on others ("same for the others")."""

    model_config = ConfigDict(frozen=True)

    intent: str  # the intent's class name
    fields: dict[str, Any] = Field(default_factory=dict)
    photos: list[int] = Field(default_factory=list)  # 0-based positions it was applied to


class Pinned(BaseModel):
    """What the person set on purpose this session: a style keeps these."""

    model_config = ConfigDict(frozen=True)

    length: bool = False
    canvas: bool = False
    fps: bool = False
    transitions: bool = False


class Memory(BaseModel):
    model_config = ConfigDict(frozen=True)

    focus: list[str] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)
    asked: Asked | None = None
    last_edit: LastEdit | None = None
    pinned: Pinned = Field(default_factory=Pinned)
