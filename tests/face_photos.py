"""Photos with a real face at a place we choose, made from the sample portrait.

`astronaut.png` (512x512) is a head-and-shoulders portrait; its face, measured
by hand from eyebrows to chin and ear to ear, is `ASTRONAUT_FACE`. `face_photo`
pastes the portrait, scaled, onto a larger canvas so the face lands at a
known place, and returns that place as a fraction box (x0, y0, x1, y1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from conftest import SHARED_MEDIA

ASTRONAUT = SHARED_MEDIA / "astronaut.png"
ASTRONAUT_FACE = (178, 60, 276, 182)  # pixels in the 512x512 original
FaceBox = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the photo


def face_photo(
    path: Path,
    size: tuple[int, int],
    centre: tuple[float, float],
    face_width: float,
    background: tuple[int, int, int] = (96, 118, 140),
    exif: Image.Exif | None = None,
    marker: int = 0,
) -> FaceBox:
    """Write a `size` photo whose face is centred at `centre` (fractions), `face_width`
    of the photo's width wide; returns where the face is. With `marker`, a magenta
    frame that many pixels thick is drawn just outside the face, so a video frame
    shows whether the whole face is in it (`marker_box`)."""
    w, h = size
    x0, y0, x1, y1 = ASTRONAUT_FACE
    scale = face_width * w / (x1 - x0)
    portrait = Image.open(ASTRONAUT).convert("RGB")
    side = round(512 * scale)
    portrait = portrait.resize((side, side), Image.Resampling.LANCZOS)
    left = round(centre[0] * w - (x0 + x1) / 2 * scale)
    top = round(centre[1] * h - (y0 + y1) / 2 * scale)
    canvas = Image.new("RGB", size, background)
    canvas.paste(portrait, (left, top))
    if marker:
        box = (left + x0 * scale, top + y0 * scale, left + x1 * scale, top + y1 * scale)
        ImageDraw.Draw(canvas).rectangle(
            (box[0] - marker, box[1] - marker, box[2] + marker, box[3] + marker),
            outline=MAGENTA,
            width=marker,
        )
    kwargs = {"exif": exif} if exif is not None else {}
    if path.suffix.lower() in (".jpg", ".jpeg"):
        canvas.save(path, quality=90, **kwargs)
    else:
        canvas.save(path, **kwargs)
    return (
        (left + x0 * scale) / w,
        (top + y0 * scale) / h,
        (left + x1 * scale) / w,
        (top + y1 * scale) / h,
    )


MAGENTA = (255, 0, 255)


def marker_box(frame: Image.Image) -> tuple[int, int, int, int] | None:
    """Where the magenta face marker is in a video frame (left, top, right, bottom pixels),
    or None when none of it shows."""
    rgb = np.asarray(frame.convert("RGB")).astype(int)
    mask = (rgb[..., 0] > 190) & (rgb[..., 2] > 180) & (rgb[..., 1] < 70)
    ys, xs = np.nonzero(mask)
    if xs.size < 8:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def whole_marker_in(frame: Image.Image, aspect: float) -> bool:
    """Whether the whole face marker shows: it touches no edge of the frame, and its
    width/height is the face's `aspect` (a marker cut by an edge is narrower or shorter)."""
    found = marker_box(frame)
    if found is None:
        return False
    x0, y0, x1, y1 = found
    inside = x0 > 0 and y0 > 0 and x1 < frame.width - 1 and y1 < frame.height - 1
    return inside and abs((x1 - x0 + 1) / (y1 - y0 + 1) / aspect - 1) < 0.12


def iou(a: FaceBox, b: FaceBox) -> float:
    """Intersection over union of two boxes."""
    ix = max(min(a[2], b[2]) - max(a[0], b[0]), 0)
    iy = max(min(a[3], b[3]) - max(a[1], b[1]), 0)
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0
