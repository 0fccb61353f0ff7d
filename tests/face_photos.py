"""Photos with a real face at a place we choose, made from the sample portrait.

`astronaut.png` (512x512) is a head-and-shoulders portrait; its face, measured
by hand from eyebrows to chin and ear to ear, is `ASTRONAUT_FACE`. `face_photo`
pastes the portrait, scaled, onto a larger canvas so the face lands at a
known place, and returns that place as a fraction box (x0, y0, x1, y1).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

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
) -> FaceBox:
    """Write a `size` photo whose face is centred at `centre` (fractions), `face_width`
    of the photo's width wide; returns where the face is."""
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


def iou(a: FaceBox, b: FaceBox) -> float:
    """Intersection over union of two boxes."""
    ix = max(min(a[2], b[2]) - max(a[0], b[0]), 0)
    iy = max(min(a[3], b[3]) - max(a[1], b[1]), 0)
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0
