"""The shape every intent shares, and what a parser may know about the session."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from photoreel.agent.memory import Memory
from photoreel.agent.parse.references import MediaName
from photoreel.agent.timeline import Work


class Intent(BaseModel):
    """One thing the person asked for, applied to the work draft by `apply`.

    `phase` orders the intents of one turn: the video is made before it is
    shaped, photos are arranged before their durations are set, and text and
    music come last so "a title for the whole video" sees the final length.
    Within a phase, intents keep the order they were said in.
    """

    model_config = ConfigDict(frozen=True)

    phase: ClassVar[int] = 50
    edits: ClassVar[bool] = True
    understood: ClassVar[bool] = True  # False for requests photoreel cannot do

    def apply(self, work: Work) -> None:
        raise NotImplementedError


class ParseContext(BaseModel):
    """What parsers know about the session: its file names and whether a video exists."""

    model_config = ConfigDict(frozen=True)

    names: tuple[MediaName, ...] = ()
    audio_names: tuple[MediaName, ...] = ()
    has_video: bool = False
    has_music: bool = False
    language: str = "en"
    memory: Memory = Field(default_factory=Memory)
