"""What is known about one media file after probing it."""

from pydantic import BaseModel, Field

from photoreel.protocol.formats import MediaKind


class MediaInfo(BaseModel):
    """Probe result of a photo, clip or audio file. Durations in seconds."""

    kind: MediaKind
    format: str = Field(description="container/codec family, e.g. jpeg, png, mp4, mp3")
    width: int | None = None
    height: int | None = None
    duration: float | None = Field(None, description="seconds; None for a still photo")
    fps: float | None = None
    frames: int = Field(1, description="frame count of an animated image; 1 for a still")
    has_audio: bool = False
