"""What analysis found in a photo or a song, as data every layer may read.

`photoreel.analysis` computes these once per file, the server stores them with
the media and lists them in state `video_analyses`, and the agent reads them
to fill the draft (focus boxes, beat-aligned cuts, order, captions). They live
in `protocol` because the agent may import nothing else.

Boxes are fractions of the photo as it is shown (EXIF orientation applied),
so they hold at any resolution; times are integer milliseconds, like the draft.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Unit = Annotated[float, Field(ge=0.0, le=1.0)]


class Box(BaseModel):
    """A rectangle as fractions of the photo: left, top, width, height."""

    model_config = ConfigDict(frozen=True)

    x: Unit
    y: Unit
    w: Unit
    h: Unit

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def area(self) -> float:
        return self.w * self.h


class GeoPoint(BaseModel):
    """Where a photo was taken, from its EXIF GPS tags (degrees, north and east positive)."""

    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)


class PhotoAnalysis(BaseModel):
    """One photo: its subject, how sharp it is, a fingerprint, and when and where."""

    kind: Literal["photo"] = "photo"
    width: int = Field(description="upright width in pixels")
    height: int = Field(description="upright height in pixels")
    faces: list[Box] = Field(default_factory=list, description="largest first")
    salient: Box | None = Field(None, description="the most salient region (used when no face)")
    sharpness: float = Field(
        description="variance of the Laplacian of the photo at about 1000 px: low is blurred"
    )
    phash: str = Field(description="64-bit perceptual hash (DCT), 16 hex digits")
    taken_at: str | None = Field(
        None, description="EXIF DateTimeOriginal, ISO 8601 (local time of the camera)"
    )
    gps: GeoPoint | None = None
    place: str | None = Field(None, description="nearest town and country, offline")

    @property
    def subject(self) -> list[Box]:
        """What framing keeps in view: the faces, or else the salient region."""
        if self.faces:
            return list(self.faces)
        return [self.salient] if self.salient is not None else []


class SongAnalysis(BaseModel):
    """One piece of music: its tempo and where the beats and bars fall."""

    kind: Literal["song"] = "song"
    duration: int = Field(description="ms")
    tempo: float = Field(description="beats per minute")
    beats: list[int] = Field(default_factory=list, description="beat times, ms")
    downbeats: list[int] = Field(default_factory=list, description="first beats of bars, ms")


Analysis = Annotated[PhotoAnalysis | SongAnalysis, Field(discriminator="kind")]


class MediaAnalysis(BaseModel):
    """One row of state `video_analyses`: a media id and what its file holds."""

    media_id: str
    filename: str = ""
    analysis: Analysis
