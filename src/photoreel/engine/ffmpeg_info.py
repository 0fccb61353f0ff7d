"""What `ffmpeg -i` says about a media file, parsed in one place: container, length, streams.

The imageio-ffmpeg wheel ships no ffprobe (and PyAV would be a second copy of
the same libraries), so this is photoreel's ffprobe: the engine's `probe` and
the tests' checks of a rendered file both read a file through `ffmpeg_info`.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from photoreel.engine.ffmpeg import ffmpeg_output

_INPUT = re.compile(r"Input #0, (.+?), from ")
_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO_LINE = re.compile(r"Stream #0:\d+.*?: Video: (\w+)(?: \(([^)]*)\))?(.*)")
_AUDIO_LINE = re.compile(r"Stream #0:\d+.*?: Audio: (\w+)(?: \(([^)]*)\))?(.*)")
_PIXELS_AND_SIZE = re.compile(r", (\w+)(?:\([^)]*\))?, (\d{2,5})x(\d{2,5})")
_SIZE = re.compile(r", (\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"([\d.]+) (?:fps|tbr)")
_RATE_AND_CHANNELS = re.compile(r", (\d+) Hz, ([\w.]+)")


class VideoStream(BaseModel):
    """The first video stream: `codec` (h264, vp9, png ...), its `profile` (High, Main ...)."""

    codec: str
    profile: str | None = None
    pix_fmt: str | None = None
    width: int
    height: int
    fps: float | None = None
    #: a cover picture inside an audio file, not a moving picture
    attached_picture: bool = False


class AudioStream(BaseModel):
    """The first audio stream: `codec` (aac, opus, mp3 ...), `channels` (mono, stereo ...)."""

    codec: str
    profile: str | None = None
    sample_rate: int | None = None
    channels: str | None = None


class FfmpegInfo(BaseModel):
    """`container` is ffmpeg's family name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`; `duration` is in
    seconds; `index_missing` is an MP4/MOV whose index (written last) never was."""

    container: str | None = None
    duration: float | None = None
    video: VideoStream | None = None
    audio: AudioStream | None = None
    index_missing: bool = False


def parse_ffmpeg_info(text: str) -> FfmpegInfo:
    """Read what `ffmpeg -i` printed on stderr."""
    container = _INPUT.search(text)
    duration = None
    if found := _DURATION.search(text):
        hours, minutes, seconds = found.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return FfmpegInfo(
        container=container.group(1).strip() if container else None,
        duration=duration,
        video=_video(text),
        audio=_audio(text),
        index_missing="moov atom not found" in text,
    )


def ffmpeg_info(path: str | Path, *, timeout: float = 60) -> FfmpegInfo:
    """Ask the bundled ffmpeg about `path` (it decodes nothing: about 50 ms).

    Runs through the engine's `ffmpeg_output`, so a server records the process
    like any other it starts; raises `FfmpegFailed` after `timeout` seconds.
    """
    _, text = ffmpeg_output(["-i", str(path)], timeout=timeout)
    return parse_ffmpeg_info(text)


def _video(text: str) -> VideoStream | None:
    line = _VIDEO_LINE.search(text)
    if line is None:
        return None
    rest = line.group(3)
    with_pixels = _PIXELS_AND_SIZE.search(rest)
    size = (
        with_pixels.groups()[1:]
        if with_pixels
        else (m.groups() if (m := _SIZE.search(rest)) else None)
    )
    if size is None:
        return None
    fps = _FPS.search(rest)
    return VideoStream(
        codec=line.group(1),
        profile=line.group(2),
        pix_fmt=with_pixels.group(1) if with_pixels else None,
        width=int(size[0]),
        height=int(size[1]),
        fps=float(fps.group(1)) if fps else None,
        attached_picture="attached pic" in rest,
    )


def _audio(text: str) -> AudioStream | None:
    line = _AUDIO_LINE.search(text)
    if line is None:
        return None
    details = _RATE_AND_CHANNELS.search(line.group(3))
    return AudioStream(
        codec=line.group(1),
        profile=line.group(2),
        sample_rate=int(details.group(1)) if details else None,
        channels=details.group(2) if details else None,
    )
