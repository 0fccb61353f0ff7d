"""Decode a file the way a render will, before it is accepted.

A header says what a file claims to be; only decoding it shows that it is
all there. Upload calls `verify` after `probe`, so that whatever is accepted
renders: a photo is decoded in full with the engine's own loader (a JPEG at
1/8 scale, which still reads every byte of it, so memory stays low); an
animation frame by frame, refused above `max_animation_frames` before any
is decoded; a clip has a frame decoded at its start and at its end (a clip
cut short loses its end), and its sound too; a sound file is decoded at its
start and end. Every step is bounded: photos above `max_photo_pixels` are
refused from their header, decoding stops at `seconds`, and ffmpeg runs with
that timeout and is killed after it.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from pathlib import Path

from PIL import Image
from pydantic import BaseModel

from photoreel.engine.errors import MediaError
from photoreel.engine.ffmpeg import ffmpeg_exe
from photoreel.engine.photos import damaged, load_photo, open_image
from photoreel.protocol.media import MediaInfo

#: Pillow's own decompression-bomb limit: about 179 million pixels (e.g. 16,000 x 11,000).
DEFAULT_MAX_PHOTO_PIXELS = 2 * Image.MAX_IMAGE_PIXELS if Image.MAX_IMAGE_PIXELS else 178_956_970
#: Frames of one animated GIF/WebP: 2,000 is 40 s at 50 frames a second.
DEFAULT_MAX_ANIMATION_FRAMES = 2000
#: Seconds one file's decoding may take before it is refused.
DEFAULT_DECODE_SECONDS = 30.0
#: The size photos are checked at: a JPEG then decodes at 1/8 scale, reading all of it.
_CHECK_SIZE = (16, 16)


class DecodeLimits(BaseModel):
    """How much work checking one file may take."""

    max_photo_pixels: int = DEFAULT_MAX_PHOTO_PIXELS
    max_animation_frames: int = DEFAULT_MAX_ANIMATION_FRAMES
    seconds: float = DEFAULT_DECODE_SECONDS


def verify(path: Path, info: MediaInfo, limits: DecodeLimits | None = None) -> None:
    """Raise `MediaError` naming `path` and what is wrong, unless it decodes in full."""
    limits = limits or DecodeLimits()
    if info.kind == "image":
        _verify_picture(path, info, limits)
    elif info.kind == "video":
        _verify_clip(path, info, limits)
    else:
        _verify_sound(path, limits)


# -- pictures --------------------------------------------------------------------


def _verify_picture(path: Path, info: MediaInfo, limits: DecodeLimits) -> None:
    pixels = (info.width or 0) * (info.height or 0)
    if pixels > limits.max_photo_pixels:
        raise MediaError(
            f"{path.name}: the picture is too large: {info.width}x{info.height} is "
            f"{pixels / 1e6:.0f} million pixels, and the most photoreel takes is "
            f"{limits.max_photo_pixels / 1e6:.0f} million. Make it smaller and upload it again",
            path=str(path),
            code=4002,
        )
    if info.frames > limits.max_animation_frames:
        raise MediaError(
            f"{path.name}: the animation has {info.frames} frames, more than the "
            f"{limits.max_animation_frames} photoreel takes. Shorten it, or lower its "
            "frame rate, and upload it again",
            path=str(path),
            code=4002,
        )
    if info.frames > 1:
        _decode_frames(path, limits.seconds)
    else:
        _within(limits.seconds, path, "photo", lambda: load_photo(path, need=_CHECK_SIZE))


def _decode_frames(path: Path, seconds: float) -> None:
    """Every frame of an animation, in order (each is drawn over the ones before)."""
    deadline = time.monotonic() + seconds
    try:
        with open_image(path) as im:
            for index in range(getattr(im, "n_frames", 1)):
                if time.monotonic() > deadline:
                    raise _too_slow(path, "animation", seconds)
                im.seek(index)
                im.load()
    except (OSError, SyntaxError, EOFError, ValueError) as exc:
        if isinstance(exc, MediaError):
            raise
        raise MediaError(f"{path.name}: {damaged('animation', exc)}", path=str(path)) from None


def _within(seconds: float, path: Path, what: str, work: object) -> None:
    """Run `work` in a thread and wait at most `seconds` for it.

    A Pillow decode cannot be interrupted; one past its time is left to finish in
    the background (its size is bounded by the pixel limit) while the upload is
    refused, so a slow file never holds up the person waiting.
    """
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as exc:  # handed to the waiting thread
            failure.append(exc)

    thread = threading.Thread(target=run, name=f"verify {path.name}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise _too_slow(path, what, seconds)
    if failure:
        exc = failure[0]
        if isinstance(exc, MediaError):
            raise exc
        raise MediaError(f"{path.name}: {damaged(what, exc)}", path=str(path)) from None


def _too_slow(path: Path, what: str, seconds: float) -> MediaError:
    return MediaError(
        f"{path.name}: the {what} took more than {seconds:g} s to decode, so it was not "
        "accepted. Save it again at a smaller size",
        path=str(path),
    )


# -- clips and sound ---------------------------------------------------------------


def _verify_clip(path: Path, info: MediaInfo, limits: DecodeLimits) -> None:
    frames, _ = _decode(path, limits.seconds, start=True, audio=info.has_audio)
    if frames is None or frames < 1:
        raise MediaError(
            f"{path.name}: the clip is damaged or cut short: its start cannot be decoded. "
            "Check that it plays, or copy or export it again",
            path=str(path),
        )
    frames, _ = _decode(path, limits.seconds, start=False, audio=info.has_audio)
    if frames is None or frames < 1:
        raise MediaError(
            f"{path.name}: the clip is cut short: its end is missing. Copy or export it again",
            path=str(path),
        )


def _verify_sound(path: Path, limits: DecodeLimits) -> None:
    _, played = _decode(path, limits.seconds, start=True, audio=True)
    if not played:
        raise MediaError(
            f"{path.name}: the sound is damaged or cut short: its start cannot be decoded. "
            "Check that it plays, or copy or export it again",
            path=str(path),
        )
    _, played = _decode(path, limits.seconds, start=False, audio=True)
    if not played:
        raise MediaError(
            f"{path.name}: the sound is cut short: its end is missing. Copy or export it again",
            path=str(path),
        )


def _decode(path: Path, seconds: float, *, start: bool, audio: bool) -> tuple[int | None, float]:
    """Decode the file's first (or last) second: (video frames, seconds of output), or
    (None, 0) when ffmpeg met a decoding error (`-xerror` stops at the first).

    Output goes nowhere (`-f null`), so only decoding costs anything; ffmpeg is
    killed after `seconds`.
    """
    where = ["-t", "1"] if start else ["-sseof", "-1"]
    maps = ["-map", "0:v:0?"] + (["-map", "0:a:0"] if audio else [])
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-xerror",
           "-nostats", "-progress", "pipe:1", *where, "-i", str(path), *maps,
           "-f", "null", "-"]  # fmt: skip
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=seconds, check=False, text=True)
    except subprocess.TimeoutExpired:
        raise _too_slow(path, "clip", seconds) from None
    if done.returncode != 0:
        return None, 0.0
    frames = re.findall(r"^frame=(\d+)", done.stdout, re.M)
    times = re.findall(r"^out_time_us=(\d+)", done.stdout, re.M)
    return (int(frames[-1]) if frames else 0), (int(times[-1]) / 1e6 if times else 0.0)
