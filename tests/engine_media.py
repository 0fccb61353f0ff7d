"""Test media for the engine's tests, made on the spot with Pillow and ffmpeg's lavfi.

Drafts are built with `slideshow()` so each test states only what matters to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from photoreel.protocol.draft import Draft, parse_draft

RED = (220, 30, 30)
BLUE = (30, 60, 220)
GREEN = (30, 200, 60)


def solid(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (640, 360)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def ramp(path: Path, size: tuple[int, int] = (640, 360), vertical: bool = False) -> Path:
    """A grey ramp, dark to light left to right (or top to bottom): position shows as level."""
    gradient = Image.linear_gradient("L")  # 256x256, black at the top, white at the bottom
    if not vertical:
        gradient = gradient.transpose(Image.Transpose.ROTATE_90)  # black on the left
    gradient.resize(size, Image.Resampling.BILINEAR).convert("RGB").save(path)
    return path


def bands(path: Path, centres: tuple[float, ...], size: tuple[int, int] = (640, 360)) -> Path:
    """White vertical bands (6 % of the width) on black, centred at these fractions of the width.

    Where a band is on screen can be measured to a fraction of a pixel (its centroid), so
    a camera move is measured frame by frame.
    """
    w, h = size
    im = Image.new("L", size, 0)
    half = w * 0.03
    for c in centres:
        ImageDraw.Draw(im).rectangle((round(c * w - half), 0, round(c * w + half) - 1, h), fill=255)
    im.convert("RGB").save(path)
    return path


def centroid_x(image: Image.Image, left: int = 0, right: int | None = None) -> float:
    """Brightness-weighted mean column of `image` between `left` and `right`, sub-pixel."""
    right = image.width if right is None else right
    columns = image.convert("L").crop((left, 0, right, image.height))
    means = list(columns.resize((columns.width, 1), Image.Resampling.BOX).tobytes())
    weights = [max(v - 16, 0) for v in means]  # ignore the coder's noise in the black
    return left + sum(i * v for i, v in enumerate(weights)) / sum(weights)


def target(path: Path, size: tuple[int, int] = (640, 360)) -> Path:
    """Concentric squares: zooming in shows fewer of them, so a zoom is measurable."""
    im = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(im)
    cx, cy = size[0] // 2, size[1] // 2
    for i, r in enumerate(range(max(size), 0, -12)):
        draw.rectangle((cx - r, cy - r, cx + r, cy + r), fill="black" if i % 2 else "white")
    im.save(path)
    return path


def photo_segment(src: str, s: int, d: int, **meta: Any) -> dict[str, Any]:
    return {"s": s, "d": d, "m": {"src": src, "name": src, **meta}}


def slideshow(
    *tracks: dict[str, Any],
    d: int,
    width: int = 320,
    height: int = 180,
    fps: int = 30,
    **meta: Any,
) -> Draft:
    return parse_draft(
        {"d": d, "m": {"width": width, "height": height, "fps": fps, **meta}, "t": list(tracks)}
    )


def video_track(*segments: dict[str, Any]) -> dict[str, Any]:
    return {"tt": 0, "sg": list(segments)}


def media_of(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in folder.iterdir() if p.is_file()}
