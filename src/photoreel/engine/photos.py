"""Photos are decoded and normalised once, with Pillow, before ffmpeg sees them.

Every photo becomes one canvas-sized RGB frame: upright (EXIF orientation),
in RGB whatever it was stored as (CMYK, 16-bit, palette, alpha), and already
fitted to the canvas (`cover`, `contain`, `contain_blur`). ffmpeg then only
loops that one frame and moves the camera over it, so no per-frame scaling
of a 12 MP image ever happens. JPEGs are decoded at a reduced size when the
canvas is much smaller than the photo (Pillow's draft mode), which makes a
50 MP photo cost about what a 3 MP one does.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageColor, ImageEnhance, ImageFilter, ImageOps, UnidentifiedImageError

from photoreel.engine.errors import MediaError
from photoreel.engine.motion import ZoomStrip
from photoreel.protocol.draft import FocusBox
from photoreel.protocol.formats import formats_hint
from photoreel.protocol.framing import cover_crop

Size = tuple[int, int]
SUPPORTED_IMAGE_FORMATS = frozenset({"JPEG", "MPO", "PNG", "GIF", "WEBP"})
_BLUR_DARKEN = 0.55  # how dark the blurred backdrop of `contain_blur` is (1 = unchanged)


def open_image(path: Path) -> Image.Image:
    """Open a photo for decoding; `MediaError` when it is missing, not an image or not a
    supported format."""
    if not path.is_file():
        raise MediaError(f"{path.name}: file not found ({path})", path=str(path))
    try:
        im = Image.open(path)
    except UnidentifiedImageError:
        raise MediaError(
            f"{path.name}: not an image Pillow can read. {formats_hint()}", path=str(path)
        ) from None
    except Image.DecompressionBombError as exc:
        raise MediaError(
            f"{path.name}: image is too large to decode safely ({exc})", path=str(path)
        ) from None
    if im.format not in SUPPORTED_IMAGE_FORMATS:
        im.close()
        raise MediaError(
            f"{path.name}: {im.format} images are not supported. {formats_hint()}",
            path=str(path),
        )
    return im


def to_rgb(im: Image.Image, bg: str = "#000000") -> Image.Image:
    """Any mode Pillow reads (CMYK, I;16, P, LA, RGBA ...) as 8-bit RGB; alpha over `bg`."""
    if im.mode == "RGB":
        return im
    if im.mode.startswith("I") or im.mode == "F":
        # 16-bit greyscale: scale to 8 bits (65535 -> 255) instead of clipping at 255.
        wide = im.convert("I") if im.mode != "F" else im
        high = wide.getextrema()[1]
        sixteen_bit = im.mode.startswith("I;16") or (isinstance(high, int | float) and high > 255)
        factor = 1 / 257 if sixteen_bit else 1
        return wide.point(lambda v: v * factor).convert("L").convert("RGB")
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        base = Image.new("RGBA", rgba.size, ImageColor.getrgb(bg))
        return Image.alpha_composite(base, rgba).convert("RGB")
    return im.convert("RGB")


_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def _load(im: Image.Image, path: Path, need: Size | None) -> Image.Image:
    try:
        orientation = im.getexif().get(0x0112) or 1
        if need is not None and im.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers `need` (as a cover fit).
            nw, nh = (need[1], need[0]) if orientation in _SIDEWAYS else need
            scale = max(nw / im.width, nh / im.height)
            im.draft("RGB", (math.ceil(im.width * scale), math.ceil(im.height * scale)))
        im.load()
        if orientation == 1:
            return im
        upright = ImageOps.exif_transpose(im)
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(f"{path.name}: {damaged('photo', exc)}", path=str(path)) from None
    return upright if upright is not None else im


def damaged(what: str, exc: BaseException) -> str:
    """Why a photo or animation could not be decoded, in words a person can act on."""
    if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
        return (
            f"the {what} is cut short: only part of it is there. Copy or export it again "
            "from where it came from"
        )
    return f"the {what} is damaged and cannot be decoded ({exc}). Export it again"


def load_photo(path: str | Path, need: Size | None = None, bg: str = "#000000") -> Image.Image:
    """The first frame of a photo, upright and RGB (alpha over `bg`).

    `need` lets a JPEG decode at a reduced size that still covers it, and any
    other photo be box-reduced right after decoding to at most about four times
    `need` (what `fit_to_canvas` would keep anyway), so the full-size pixels are
    let go before this returns. Photos that decode to more than `BIG_PIXELS`
    are decoded one at a time: a 50 MP PNG is 150 MB as RGB, and the render's
    parallel preparation would otherwise hold several at once.
    """
    path = Path(path)
    with open_image(path) as im:
        big = _decoded_pixels(im, need) > BIG_PIXELS
        with _big_decode if big else contextlib.nullcontext():
            return _reduced(to_rgb(_load(im, path, need), bg), need)


#: Decoded size (pixels) above which photos are decoded one at a time (see `load_photo`).
BIG_PIXELS = 24_000_000
_big_decode = threading.Lock()


def _decoded_pixels(im: Image.Image, need: Size | None) -> int:
    """Pixels a decode will hold: a JPEG's at the draft scale it will be decoded at."""
    if need is None or im.format != "JPEG":
        return im.width * im.height
    scale = max(need[0] / im.width, need[1] / im.height, need[1] / im.width, need[0] / im.height)
    reduction = next((f for f in (8, 4, 2) if scale * f <= 1), 1)
    return im.width * im.height // (reduction * reduction)


def _reduced(im: Image.Image, need: Size | None) -> Image.Image:
    """`im` box-reduced by the largest whole factor that keeps twice `need` (as a cover fit)."""
    if need is None:
        return im
    factor = int(min(im.width / need[0], im.height / need[1]) / 2)
    return im.reduce(factor) if factor >= 2 else im


def is_animated(path: str | Path) -> bool:
    with open_image(Path(path)) as im:
        return bool(getattr(im, "is_animated", False)) and getattr(im, "n_frames", 1) > 1


def _cover(im: Image.Image, size: Size, focus: Sequence[FocusBox] | None = None) -> Image.Image:
    """Crop to the canvas's aspect (centred, or around `focus`) and scale, in one
    resampling pass."""
    x0, y0, x1, y1 = cover_crop(im.size, size, focus)
    box = (x0 * im.width, y0 * im.height, x1 * im.width, y1 * im.height)
    box = (max(box[0], 0), max(box[1], 0), min(box[2], im.width), min(box[3], im.height))
    return im.resize(size, Image.Resampling.BICUBIC, box=box, reducing_gap=2.0)


def upright_size(path: str | Path) -> Size:
    """A photo's size as shown (EXIF orientation applied), without decoding it."""
    path = Path(path)
    with open_image(path) as im:
        try:
            # a PNG's EXIF may sit after its pixels: reading it decodes them
            orientation = im.getexif().get(0x0112) or 1
        except (OSError, SyntaxError, ValueError) as exc:
            raise MediaError(f"{path.name}: {damaged('photo', exc)}", path=str(path)) from None
        return (im.height, im.width) if orientation in _SIDEWAYS else im.size


def _contain(im: Image.Image, size: Size) -> Image.Image:
    scale = min(size[0] / im.width, size[1] / im.height)
    inner = (max(round(im.width * scale), 1), max(round(im.height * scale), 1))
    return im.resize(inner, Image.Resampling.BICUBIC, reducing_gap=2.0)


def fit_to_canvas(
    im: Image.Image,
    size: Size,
    fit: str,
    bg: str = "#000000",
    focus: Sequence[FocusBox] | None = None,
) -> Image.Image:
    """The photo as one canvas-sized frame: cropped (`cover`, around `focus` when given)
    or whole over a backdrop."""
    if fit == "cover":
        return _cover(im, size, focus)
    inner = _contain(im, size)
    if fit == "contain_blur":
        # A small cover copy, blurred and darkened, then enlarged: cheap and smooth.
        small = (max(size[0] // 8, 2), max(size[1] // 8, 2))
        backdrop = _cover(im, small).filter(ImageFilter.GaussianBlur(radius=max(small) / 40))
        backdrop = ImageEnhance.Brightness(backdrop).enhance(_BLUR_DARKEN)
        canvas = backdrop.resize(size, Image.Resampling.BICUBIC)
    else:
        canvas = Image.new("RGB", size, ImageColor.getrgb(bg))
    canvas.paste(inner, ((size[0] - inner.width) // 2, (size[1] - inner.height) // 2))
    return canvas


def save_phase_strip(frame: Image.Image, axis: str, shifts: tuple[float, ...], path: Path) -> None:
    """Copies of `frame` shifted by fractions of a pixel along `axis`, stacked top to bottom.

    Copy k shows the frame moved by `shifts[k]` pixels towards the origin, so a
    whole-pixel crop of copy k is a crop at that fractional offset. The strip is
    written to `path` as a binary PPM one copy at a time, so only one shifted
    copy is ever in memory (a 1080p pan's whole strip would be about 66 MB).
    """
    w, h = frame.size
    with path.open("wb") as out:
        out.write(f"P6\n{w} {h * len(shifts)}\n255\n".encode("ascii"))
        for shift in shifts:
            # A resize with a fractional source box moves the picture by a fraction of a
            # pixel (Image.transform would round a pure translation to whole pixels). The
            # last two pixels along the axis stay black: pans never reach them.
            copy = Image.new("RGB", (w, h))
            if axis == "x":
                box = (shift, 0.0, shift + w - 2, float(h))
                copy.paste(frame.resize((w - 2, h), Image.Resampling.BILINEAR, box=box))
            else:
                box = (0.0, shift, float(w), shift + h - 2)
                copy.paste(frame.resize((w, h - 2), Image.Resampling.BILINEAR, box=box))
            out.write(copy.tobytes())


def save_zoom_strip(base: Image.Image, strip: ZoomStrip, path: Path) -> None:
    """The copies a zoom plays from, stacked top to bottom in a binary PPM at `path`.

    Each copy is `base` (the canvas, drawn larger) resized to the copy's size, with
    its edge pixels repeated `strip.margin` deep all round: crops may reach past the
    view, and the resizer's edge taps then see what a clamped edge would give. Copies
    are written one at a time, so only one is in memory.
    """
    m = strip.margin
    with path.open("wb") as out:
        out.write(f"P6\n{strip.width} {strip.height}\n255\n".encode("ascii"))
        for copy in strip.copies:
            inner = base.resize((copy.width, copy.height), Image.Resampling.BICUBIC)
            framed = Image.new("RGB", (strip.width, copy.height + 2 * m))
            framed.paste(inner, (m, m))
            w, h = copy.width, copy.height
            framed.paste(inner.crop((0, 0, w, 1)).resize((w, m)), (m, 0))
            framed.paste(inner.crop((0, h - 1, w, h)).resize((w, m)), (m, m + h))
            framed.paste(framed.crop((m, 0, m + 1, h + 2 * m)).resize((m, h + 2 * m)), (0, 0))
            right = framed.crop((m + w - 1, 0, m + w, h + 2 * m))
            framed.paste(right.resize((strip.width - m - w, h + 2 * m)), (m + w, 0))
            out.write(framed.tobytes())
