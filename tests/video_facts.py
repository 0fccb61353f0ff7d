"""What a person would check about a video file, read with the bundled ffmpeg."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from photoreel.engine.ffmpeg_info import ffmpeg_info


@dataclass
class VideoFacts:
    codec: str
    width: int
    height: int
    duration: float
    size: int


def video_facts(path: Path) -> VideoFacts:
    """Codec, frame size and duration as ffmpeg reads them from the file itself."""
    info = ffmpeg_info(path)
    assert info.video is not None and info.duration is not None, f"{path} is not a video: {info}"
    return VideoFacts(
        codec=info.video.codec,
        width=info.video.width,
        height=info.video.height,
        duration=info.duration,
        size=path.stat().st_size,
    )
