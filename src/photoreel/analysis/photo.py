"""One pass over a photo: subject, sharpness, fingerprint, time and place.

The photo is decoded once, in greyscale, at about `SHARPNESS_SIDE` pixels (a
JPEG decodes straight to 1/2, 1/4 or 1/8 of its size, so a 12 MP photo costs
about 20 ms to read), turned upright by its EXIF orientation, and every
measure works on that copy or a smaller one. Measures are relative to the
picture, not its pixel count, so a photo and its resized copy agree.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from photoreel.analysis import exif
from photoreel.analysis.errors import AnalysisError
from photoreel.analysis.faces import find_faces
from photoreel.analysis.places import place_name
from photoreel.analysis.saliency import salient_region
from photoreel.protocol.analysis import PhotoAnalysis

#: Long side of the copy sharpness is measured on: about what a 1080p video shows.
SHARPNESS_SIDE = 1000
#: Long side of the copy faces and the salient region are searched on.
SUBJECT_SIDE = 512
_HASH_SIDE = 32  # the DCT of a 32x32 copy; its 8x8 lowest frequencies make the hash


def analyse_photo(path: str | Path, *, with_place: bool = True) -> PhotoAnalysis:
    """What the photo at `path` holds; `AnalysisError` when it cannot be read."""
    path = Path(path)
    try:
        with Image.open(path) as im:
            tags = im.getexif()
            orientation = tags.get(0x0112) or 1
            width, height = im.size
            if im.format == "JPEG":
                scale = SHARPNESS_SIDE / max(width, height)
                im.draft("L", (math.ceil(width * scale), math.ceil(height * scale)))
            im.load()
            grey = _upright(_grey(im), orientation)
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise AnalysisError(f"{path.name}: not a photo that can be read") from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    pixels = np.asarray(grey, dtype=np.uint8)
    sharp = _resized(pixels, SHARPNESS_SIDE)
    small = _resized(sharp, SUBJECT_SIDE)
    point = exif.gps(tags)
    return PhotoAnalysis(
        width=width,
        height=height,
        faces=find_faces(small),
        salient=salient_region(small),
        sharpness=round(sharpness(sharp), 2),
        phash=perceptual_hash(small),
        taken_at=exif.taken_at(tags),
        gps=point,
        place=place_name(point) if point is not None and with_place else None,
    )


def _grey(im: Image.Image) -> Image.Image:
    """8-bit greyscale of any mode; 16-bit and float pictures scaled, not clipped."""
    if im.mode == "L":
        return im
    if im.mode.startswith("I") or im.mode == "F":
        values = np.asarray(im, dtype=np.float64)
        top = float(values.max()) if values.size else 0.0
        scale = 255 / top if top > 255 else 1.0
        return Image.fromarray(np.clip(values * scale, 0, 255).astype(np.uint8))
    return im.convert("L")


def _upright(im: Image.Image, orientation: int) -> Image.Image:
    if orientation == 1:
        return im
    im.getexif()[0x0112] = orientation  # a converted copy lost its tags
    return ImageOps.exif_transpose(im) or im


def _resized(pixels: np.ndarray, side: int) -> np.ndarray:
    h, w = pixels.shape
    if max(w, h) <= side:
        return pixels
    scale = side / max(w, h)
    size = (max(round(w * scale), 1), max(round(h * scale), 1))
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)


def sharpness(grey: np.ndarray) -> float:
    """Variance of the Laplacian: edges make it large, blur makes it small."""
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def perceptual_hash(grey: np.ndarray) -> str:
    """pHash: the signs of the 8x8 lowest DCT frequencies against their median.

    Resizing, recompressing, small crops and colour changes leave most of the
    64 bits alone; a different picture flips about half of them.
    """
    small = cv2.resize(grey, (_HASH_SIDE, _HASH_SIDE), interpolation=cv2.INTER_AREA)
    low = cv2.dct(small.astype(np.float32))[:8, :8].flatten()
    bits = low > np.median(low[1:])
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def hash_distance(a: str, b: str) -> int:
    """How many of the 64 bits differ between two perceptual hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
