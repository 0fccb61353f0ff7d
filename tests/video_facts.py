"""What a person would check about a video file, read with the bundled ffmpeg."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg


@dataclass
class VideoFacts:
    codec: str
    width: int
    height: int
    duration: float
    size: int


def video_facts(path: Path) -> VideoFacts:
    """Codec, frame size and duration as ffmpeg reads them from the file itself."""
    text = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    ).stderr
    video = re.search(r"Stream #\S+.*?Video: (\w+).*?, (\d{2,5})x(\d{2,5})", text)
    duration = re.search(r"Duration: (\d+):(\d+):([\d.]+)", text)
    assert video and duration, f"{path} is not a video:\n{text}"
    hours, minutes, seconds = duration.groups()
    return VideoFacts(
        codec=video.group(1),
        width=int(video.group(2)),
        height=int(video.group(3)),
        duration=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        size=path.stat().st_size,
    )
