"""photoreel's preview stream (`GET /api/preview`): what its parts say.

The body is `multipart/x-mixed-replace; boundary=photoreel-frame`. Its first
part is a JSON `PreviewStart`; each frame is an `image/jpeg` part with the
headers `X-Frame-Index` and `X-Frame-Time-Ms`; a render that fails ends with a
JSON part `{"code", "message"}` marked `X-Part: error`. docs/SERVER.md has the rest.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

PREVIEW_BOUNDARY = "photoreel-frame"
PREVIEW_MEDIA_TYPE = f"multipart/x-mixed-replace; boundary={PREVIEW_BOUNDARY}"
FRAME_INDEX_HEADER = "X-Frame-Index"
FRAME_TIME_HEADER = "X-Frame-Time-Ms"
PART_HEADER = "X-Part"


class PreviewStart(BaseModel):
    """The stream's first part: the frames to come."""

    width: int
    height: int
    fps: int
    frames: int = Field(description="how many frames the whole preview has")
    version: int = Field(description="the draft version shown")


class PreviewFrame(BaseModel):
    """One frame of the preview, as the client hands it to a player."""

    index: int
    time_ms: int
    jpeg: bytes
