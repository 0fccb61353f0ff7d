"""Output formats and quality presets: what each `fmt` x `quality` asks of the encoders.

| quality  | H.264 (mp4)              | VP9 (webm)            | GIF            |
|----------|--------------------------|-----------------------|----------------|
| draft    | crf 28, preset superfast | crf 40, cpu-used 8    | 10 fps, 320 px |
| standard | crf 23, preset veryfast  | crf 34, cpu-used 6    | 15 fps, 480 px |
| high     | crf 18, preset faster    | crf 30, cpu-used 4    | 20 fps, 640 px |

`high` is what an export uses: crf 18 is visually lossless for photos, and
`faster` is the slowest preset that keeps x264 itself at about real time for
1080p30 on two cores (13-17 s for the 15 s reference, so the render takes a
few seconds more); x264's slower presets buy a few per cent of size, not
visible quality, at twice the time. MP4 is H.264 High profile, yuv420p,
BT.709, AAC-LC 48 kHz stereo, with `+faststart` (the index before the data)
so it plays while downloading and is
what Instagram, TikTok and YouTube accept. WebM is VP9 + Opus. GIF has no
sound and is scaled down (width above, height to keep the aspect).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

OutputFormat = Literal["mp4", "webm", "gif"]
Quality = Literal["draft", "standard", "high"]


class Preset(BaseModel):
    crf: int
    x264_preset: str
    vp9_crf: int
    vp9_cpu_used: int
    audio_bitrate: str
    gif_fps: int
    gif_width: int


PRESETS: dict[str, Preset] = {
    "draft": Preset(
        crf=28,
        x264_preset="superfast",
        vp9_crf=40,
        vp9_cpu_used=8,
        audio_bitrate="96k",
        gif_fps=10,
        gif_width=320,
    ),
    "standard": Preset(
        crf=23,
        x264_preset="veryfast",
        vp9_crf=34,
        vp9_cpu_used=6,
        audio_bitrate="128k",
        gif_fps=15,
        gif_width=480,
    ),
    "high": Preset(
        crf=18,
        x264_preset="faster",
        vp9_crf=30,
        vp9_cpu_used=4,
        audio_bitrate="192k",
        gif_fps=20,
        gif_width=640,
    ),
}

_COLOUR_TAGS = [
    "-colorspace", "bt709", "-color_primaries", "bt709",
    "-color_trc", "bt709", "-color_range", "tv",
]  # fmt: skip


def gif_size(width: int, height: int, quality: Quality) -> tuple[int, int]:
    """GIF output size: the preset's width (never upscaled), even height keeping the aspect."""
    target = min(PRESETS[quality].gif_width, width)
    return target, max(round(height * target / width / 2) * 2, 2)


def audio_args(fmt: OutputFormat, quality: Quality) -> list[str]:
    """Audio codec and muxer arguments: AAC-LC in MP4 (faststart), Opus in WebM."""
    p = PRESETS[quality]
    if fmt == "webm":
        return ["-c:a", "libopus", "-b:a", p.audio_bitrate, "-ar", "48000", "-ac", "2",
                "-f", "webm"]  # fmt: skip
    return ["-c:a", "aac", "-b:a", p.audio_bitrate, "-ar", "48000", "-ac", "2",
            "-movflags", "+faststart", "-f", "mp4"]  # fmt: skip


def video_args(fmt: OutputFormat, quality: Quality, fps: int) -> list[str]:
    """Video codec arguments: H.264 High yuv420p for MP4, VP9 for WebM; BT.709 tags."""
    p = PRESETS[quality]
    if fmt == "webm":
        return [
            "-c:v", "libvpx-vp9", "-crf", str(p.vp9_crf), "-b:v", "0",
            "-deadline", "good", "-cpu-used", str(p.vp9_cpu_used), "-row-mt", "1",
            "-pix_fmt", "yuv420p", "-r", str(fps), *_COLOUR_TAGS,
        ]  # fmt: skip
    return [
        "-c:v", "libx264", "-preset", p.x264_preset, "-crf", str(p.crf),
        "-profile:v", "high", "-pix_fmt", "yuv420p", "-r", str(fps), *_COLOUR_TAGS,
    ]  # fmt: skip


def encoder_args(
    fmt: OutputFormat, quality: Quality, fps: int, *, chunk: bool = False
) -> list[str]:
    """Codec and muxer arguments (after the `-map`s, before the output path).

    A `chunk` is a video-only piece of a long render, in Matroska, joined later.
    """
    if fmt == "gif":
        return ["-loop", "0", "-f", "gif"]
    if chunk:
        return [*video_args(fmt, quality, fps), "-an", "-f", "matroska"]
    return [*video_args(fmt, quality, fps), *audio_args(fmt, quality)]
