"""Animated GIF and WebP: only the frames a segment shows are decoded and written.

An animation is played by an ffconcat list of its frames, each listed for
the output frames it covers. Frames are decoded in order (a GIF frame is
drawn over the ones before it) and decoding stops at the last frame the
segment reaches, so a 5,000-frame GIF shown for one second costs one
second of its frames. A frame is written to disk only when an output frame
shows it (a frame shorter than one output frame is decoded, never written),
once however often the animation loops, and no larger than the canvas needs
(ffmpeg fits it per frame, as it does a clip). The files written are thus at
most the segment's frame count, each at most about a canvas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PIL import Image, ImageOps
from pydantic import BaseModel

from photoreel.engine.errors import MediaError
from photoreel.engine.photos import Size, damaged, open_image, to_rgb
from photoreel.protocol.draft import FocusBox
from photoreel.protocol.framing import cover_crop

#: GIF and WebP frames with no or a tiny delay play this long (ms), as browsers do.
DEFAULT_FRAME_MS = 100
#: The shortest frame delay honoured (ms); shorter ones play at this length.
MIN_FRAME_MS = 20


class Shown(BaseModel):
    """One written frame and the output frames [first, end) that show it."""

    path: Path
    first: int
    end: int


def frame_ms(info: Mapping[str | tuple[int, int], object]) -> int:
    """The delay of the frame Pillow just loaded, in ms, as the animation plays it."""
    raw = info.get("duration")
    delay = int(raw) if isinstance(raw, int | float) and raw > 0 else DEFAULT_FRAME_MS
    return max(delay, MIN_FRAME_MS)


def shown_frames(
    path: Path,
    frames: int,
    fps: int,
    workdir: Path,
    prefix: str,
    need: Size,
    bg: str,
    *,
    fit: str = "cover",
    focus: Sequence[FocusBox] | None = None,
) -> list[Shown]:
    """Decode `path` just far enough to fill `frames` output frames at `fps`, looping.

    Output frame n shows the animation frame playing at n/fps seconds. Frames are
    written as PPMs named `prefix.<index>.ppm` in `workdir`, reduced to no more than
    twice `need` (the canvas) on each side; for a `cover` fit with a `focus`, already
    cropped to the canvas's shape around it (ffmpeg's centred cover then only scales).
    """
    shown: list[Shown] = []
    written: dict[int, Path] = {}
    delays: dict[int, int] = {}

    def end_of(clock_ms: int) -> int:  # the first output frame at or after clock_ms
        return min(frames, -(-clock_ms * fps // 1000))

    out = 0
    clock = 0  # ms of animation time before the current frame
    try:
        with open_image(path) as im:
            count: int | None = None  # known once the end is reached (not read ahead)
            index = 0
            while out < frames:
                delay = delays.get(index)
                if delay is None or (end_of(clock + delay) > out and index not in written):
                    # Its first time round, or a frame too short to show then that shows now.
                    try:
                        im.seek(index)
                    except EOFError:
                        if index == 0:
                            raise
                        count, index = index, 0  # the end: play it again from the start
                        continue
                    im.load()
                    delay = delays[index] = frame_ms(im.info)
                    if end_of(clock + delay) > out and index not in written:
                        target = workdir / f"{prefix}.{index:05d}.ppm"
                        written[index] = _write(im, target, need, bg, fit, focus)
                end = end_of(clock + delay)
                if end > out:
                    shown.append(Shown(path=written[index], first=out, end=end))
                    out = end
                clock += delay
                index = index + 1 if count is None else (index + 1) % count
    except (OSError, SyntaxError, EOFError, ValueError) as exc:
        raise MediaError(f"{path.name}: {damaged('animation', exc)}", path=str(path)) from None
    return shown


def _write(
    im: Image.Image,
    target: Path,
    need: Size,
    bg: str,
    fit: str,
    focus: Sequence[FocusBox] | None,
) -> Path:
    frame = to_rgb(im.convert("RGBA"), bg)
    frame = ImageOps.exif_transpose(frame) or frame
    if fit == "cover" and focus:
        x0, y0, x1, y1 = cover_crop(frame.size, need, focus)
        w, h = frame.size
        frame = frame.crop((round(x0 * w), round(y0 * h), round(x1 * w), round(y1 * h)))
    factor = int(min(frame.width / need[0], frame.height / need[1]) / 2)
    if factor >= 2:
        frame = frame.reduce(factor)
    if not target.exists():  # a later window of the same render may have written it
        frame.save(target)
    return target


def ffconcat(shown: list[Shown], fps: int) -> str:
    """The ffconcat list that plays `shown` at `fps`: each file for exactly its frames.

    Durations are whole microseconds of frame boundaries, so timestamps never drift
    by more than a microsecond from n/fps, far from the half frame `fps` rounds at.
    """

    def at(frame: int) -> int:
        return frame * 1_000_000 // fps

    lines = ["ffconcat version 1.0"]
    for piece in shown:
        lines += [
            f"file '{piece.path.as_posix()}'",
            f"duration {at(piece.end) - at(piece.first)}us",
        ]
    lines.append(f"file '{shown[-1].path.as_posix()}'")  # the demuxer ignores the last duration
    return "\n".join(lines) + "\n"
