"""Ken Burns: a camera that zooms or pans over a still, smoothly and sub-pixel.

A move is a view rectangle over the canvas-sized frame that goes from a start
to an end state (zoom factor and centre) along an easing curve. Three ways to
play it, all without the whole-pixel stair-steps of `zoompan`:

* **Zooms of a photo** use swscale, ffmpeg's fast (SIMD) resizer, which
  cannot start at a fraction of a pixel. The photo is prepared once, larger
  than the canvas, in `ZOOM_COPIES` copies at slightly different scales.
  Each frame is a whole-pixel crop of one copy, resized to a whole-pixel
  size, then cropped to the canvas: `fit_zoom` picks the copy and the four
  whole numbers per axis whose combined scale and offset land within
  `ZOOM_TOLERANCE` of the exact view, and `sendcmd` hands them to the
  filters frame by frame. About five times cheaper than `perspective`, and
  sharper: the view is always sampled from at least as many pixels as it shows.
* **Any move on a clip or an animation** uses ffmpeg's `perspective` filter,
  which samples the rectangle with bilinear interpolation at 1/256 pixel,
  re-evaluated every frame: exact, but a full resampling pass per frame.
* **Pans of a photo** cost nothing per frame: the photo is prepared once at
  the pan's zoom, in `PAN_PHASES` copies shifted by fractions of two pixels
  and stacked into one tall strip. Each frame is then a `crop` of
  that strip (a pointer move in ffmpeg, no pixel work): an even whole-pixel
  offset picks the position and the copy picks the fraction, so the view
  moves in quarter-pixel steps, the precision of H.264's own motion vectors.

Pan direction names where the camera travels: `pan_left` ends on the photo's
left part (the picture drifts right on screen).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from photoreel.protocol.draft import Easing, Motion

#: Sub-pixel positions of a pan: copies spanning two pixels, so 8 = quarter-pixel steps.
PAN_PHASES = 8
#: Zoom reached at intensity 1 (1.3 = the view ends 30 % closer).
MAX_EXTRA_ZOOM = 0.3
#: The moves `auto` cycles through, one per segment, so a slideshow varies.
AUTO_SEQUENCE = ("zoom_in", "pan_right", "zoom_out", "pan_left", "zoom_in", "pan_up", "pan_down")

_EASING_EXPR: dict[str, str] = {
    "linear": "P",
    "ease_in": "P*P",
    "ease_out": "P*(2-P)",
    "ease_in_out": "P*P*(3-2*P)",
}


class CameraMove(BaseModel):
    """Start and end of the view: zoom factor (>= 1) and centre as fractions of the frame."""

    model_config = ConfigDict(frozen=True)

    z0: float
    z1: float
    cx0: float = 0.5
    cx1: float = 0.5
    cy0: float = 0.5
    cy1: float = 0.5
    easing: Easing = "ease_in_out"
    #: The view's size (1/zoom) goes in a straight line instead of the zoom factor, so
    #: every edge of the view moves in a straight line: a region the first and last
    #: views hold is held all along (used when a move keeps a subject in view).
    linear_view: bool = False

    def at(self, p: float) -> tuple[float, float, float]:
        """Zoom and centre at progress `p` (0..1); the same curve the filter evaluates."""
        e = ease(self.easing, p)
        if self.linear_view:
            zoom = 1 / (1 / self.z0 + (1 / self.z1 - 1 / self.z0) * e)
        else:
            zoom = self.z0 + (self.z1 - self.z0) * e
        return (
            zoom,
            self.cx0 + (self.cx1 - self.cx0) * e,
            self.cy0 + (self.cy1 - self.cy0) * e,
        )


_EASING_FUNC: dict[str, Callable[[float], float]] = {
    "linear": lambda p: p,
    "ease_in": lambda p: p * p,
    "ease_out": lambda p: p * (2 - p),
    "ease_in_out": lambda p: p * p * (3 - 2 * p),
}


def ease(easing: Easing, p: float) -> float:
    """The easing curve in Python, identical to the expression ffmpeg evaluates."""
    return _EASING_FUNC[easing](min(max(p, 0.0), 1.0))


#: With a subject, `auto` moves towards it and away from it in turn.
AUTO_FOCUS_SEQUENCE = ("zoom_in", "zoom_out")


def resolve_type(motion: Motion, index: int, focused: bool = False) -> str:
    """The concrete move: `auto` picks one by the segment's position, deterministically."""
    if motion.type == "auto":
        sequence = AUTO_FOCUS_SEQUENCE if focused else AUTO_SEQUENCE
        return sequence[index % len(sequence)]
    return motion.type


def camera_move(motion: Motion, index: int = 0, focus: Rect | None = None) -> CameraMove | None:
    """The move a segment's `m.motion` asks for, or None when the picture stays still.

    With `focus` (a rectangle of the frame, fractions) the move keeps it in view in
    every frame and goes towards it (`zoom_in`) or away from it (`zoom_out`); pans
    travel only as far as keeps it in view, at its height (or across its width).
    """
    kind = resolve_type(motion, index, focus is not None)
    if kind == "none" or motion.intensity <= 0:
        return None
    if focus is not None:
        return focused_move(kind, 1 + MAX_EXTRA_ZOOM * motion.intensity, motion.easing, focus)
    zoom = 1 + MAX_EXTRA_ZOOM * motion.intensity
    if kind == "zoom_in":
        return CameraMove(z0=1.0, z1=zoom, easing=motion.easing)
    if kind == "zoom_out":
        return CameraMove(z0=zoom, z1=1.0, easing=motion.easing)
    margin = (1 - 1 / zoom) / 2  # how far the centre may travel from the middle
    start, end = 0.5 + margin, 0.5 - margin
    if kind == "pan_left":
        return CameraMove(z0=zoom, z1=zoom, cx0=start, cx1=end, easing=motion.easing)
    if kind == "pan_right":
        return CameraMove(z0=zoom, z1=zoom, cx0=end, cx1=start, easing=motion.easing)
    if kind == "pan_up":
        return CameraMove(z0=zoom, z1=zoom, cy0=start, cy1=end, easing=motion.easing)
    return CameraMove(z0=zoom, z1=zoom, cy0=end, cy1=start, easing=motion.easing)


Rect = tuple[float, float, float, float]  # left, top, right, bottom, fractions of the frame
#: Room kept between the focus and the view's edge, as a fraction of the frame.
FOCUS_MARGIN = 0.03
_CHECKS = 64  # points along a move where the view is checked to hold the focus


def _centre(focus_lo: float, focus_hi: float, zoom: float) -> float:
    """The view centre, at `zoom`, nearest the focus's centre with the view in the frame."""
    half = 1 / (2 * zoom)
    return min(max((focus_lo + focus_hi) / 2, half), 1 - half)


def holds(move: CameraMove, focus: Rect, margin: float = 0.0) -> bool:
    """Whether the view holds `focus` (less `margin` of the view) all along the move."""
    for k in range(_CHECKS + 1):
        zoom, cx, cy = move.at(k / _CHECKS)
        half = 1 / (2 * zoom)
        edge = margin / zoom
        if focus[0] < cx - half + edge - 1e-9 or focus[2] > cx + half - edge + 1e-9:
            return False
        if focus[1] < cy - half + edge - 1e-9 or focus[3] > cy + half - edge + 1e-9:
            return False
    return True


def focused_move(kind: str, zoom: float, easing: Easing, focus: Rect) -> CameraMove | None:
    """A move of `kind` that keeps `focus` in view: zooms end (or start) on it, at most
    as close as it still fits with a margin; pans cross only the span that keeps it."""
    # The view keeps a little room around the focus (clipped to the frame).
    left, top = max(focus[0] - FOCUS_MARGIN, 0.0), max(focus[1] - FOCUS_MARGIN, 0.0)
    right, bottom = min(focus[2] + FOCUS_MARGIN, 1.0), min(focus[3] + FOCUS_MARGIN, 1.0)
    focus = (left, top, right, bottom)
    zoom = max(min(zoom, 1 / max(right - left, bottom - top, 1e-6)), 1.0)
    if kind in ("zoom_in", "zoom_out"):
        if zoom <= 1.0005:
            return None  # the focus fills the frame: no closer view holds it
        # The close view is centred on the focus (as far as the frame allows); with the
        # view's edges moving in straight lines, both ends holding it means every frame does.
        cx, cy = _centre(left, right, zoom), _centre(top, bottom, zoom)
        if kind == "zoom_in":
            return CameraMove(
                z0=1.0, z1=zoom, cx0=0.5, cx1=cx, cy0=0.5, cy1=cy, easing=easing, linear_view=True
            )
        return CameraMove(
            z0=zoom, z1=1.0, cx0=cx, cx1=0.5, cy0=cy, cy1=0.5, easing=easing, linear_view=True
        )
    half = 1 / (2 * zoom)
    if zoom <= 1.0005:
        return None
    cx, cy = _centre(left, right, zoom), _centre(top, bottom, zoom)
    lo_hi = (left, right) if kind in ("pan_left", "pan_right") else (top, bottom)
    # Centres whose view holds the focus and stays in the frame.
    lowest = max(lo_hi[1] - half, half)
    highest = min(lo_hi[0] + half, 1 - half)
    if highest - lowest < 1e-4:
        return None  # the focus fills the view: no room to travel
    # pan_left ends on the left part (the centre travels towards 0), pan_up towards the top.
    start, end = (highest, lowest) if kind in ("pan_left", "pan_up") else (lowest, highest)
    if kind in ("pan_left", "pan_right"):
        return CameraMove(z0=zoom, z1=zoom, cx0=start, cx1=end, cy0=cy, cy1=cy, easing=easing)
    return CameraMove(z0=zoom, z1=zoom, cx0=cx, cx1=cx, cy0=start, cy1=end, easing=easing)


def motion_filter(move: CameraMove, frames: int) -> str:
    """The `perspective` filter that plays `move` over `frames` frames."""
    span = max(frames - 1, 1)
    # perspective counts frames from 1 (`in`); the first frame is the start of the move.
    e = _EASING_EXPR[move.easing].replace("P", f"clip((in-1)/{span},0,1)")

    def lerp(a: float, b: float) -> str:
        return f"{a:.6f}" if a == b else f"({a:.6f}+({b - a:.6f})*({e}))"

    z, cx, cy = lerp(move.z0, move.z1), lerp(move.cx0, move.cx1), lerp(move.cy0, move.cy1)
    if move.linear_view and move.z0 != move.z1:
        z = f"(1/{lerp(1 / move.z0, 1 / move.z1)})"
    left, right = f"W*{cx}-W/(2*{z})", f"W*{cx}+W/(2*{z})"
    top, bottom = f"H*{cy}-H/(2*{z})", f"H*{cy}+H/(2*{z})"
    corners = {
        "x0": left,
        "y0": top,
        "x1": right,
        "y1": top,
        "x2": left,
        "y2": bottom,
        "x3": right,
        "y3": bottom,
    }
    opts = ":".join(f"{k}='{v}'" for k, v in corners.items())
    return f"perspective={opts}:interpolation=linear:sense=source:eval=frame"


class PanStrip(BaseModel):
    """How a photo pan is prepared and played: strip geometry and the per-frame crop."""

    model_config = ConfigDict(frozen=True)

    width: int  # one copy of the photo, at the pan's zoom
    height: int
    axis: str  # which way the copies are shifted: "x" sideways, "y" up and down
    shifts: tuple[float, ...]  # how far each copy is shifted along the axis, in pixels
    crop: str  # the ffmpeg filter that plays the pan on the strip


def is_pan(move: CameraMove) -> bool:
    return move.z0 == move.z1 and (move.cx0 != move.cx1 or move.cy0 != move.cy1)


def _round_up(value: float, multiple: int) -> int:
    """`value` rounded up to a multiple of `multiple`."""
    return int(-(-value // multiple) * multiple)


def pan_strip(move: CameraMove, frames: int, canvas: tuple[int, int], first: int = 0) -> PanStrip:
    """The strip and crop for a pan of `frames` frames on a `canvas`-sized video; the crop
    plays from the move's frame `first` on."""
    w, h = canvas
    # Copy size: the canvas at the pan's zoom; the cross-axis margin is a multiple of 4 so the
    # centred crop offset stays even (yuv420p chroma has one sample per 2x2 pixels).
    width = w + _round_up(w * (move.z0 - 1), 4)
    height = h + _round_up(h * (move.z0 - 1), 4)
    axis = "x" if move.cx0 != move.cx1 else "y"
    view, size = (w, width) if axis == "x" else (h, height)
    start_c, end_c = (move.cx0, move.cx1) if axis == "x" else (move.cy0, move.cy1)
    # Left (or top) edge of the view in copy pixels; 2 px kept free for the shifted copies.
    room = size - view - 2
    start = min(max(start_c * size - view / 2, 0), room)
    end = min(max(end_c * size - view / 2, 0), room)
    span = max(frames - 1, 1)
    e = _EASING_EXPR[move.easing].replace("P", f"clip((n+{first})/{span},0,1)")
    position = f"({start:.6f}+({end - start:.6f})*({e}))"
    # whole = even pixels below the position; phase = which copy holds the fraction.
    steps = f"st(0,{position});st(1,2*floor(ld(0)/2));st(2,round((ld(0)-ld(1))*{PAN_PHASES}/2))"
    along = f"ld(1)+2*floor(ld(2)/{PAN_PHASES})"
    copy = f"mod(ld(2),{PAN_PHASES})*{height}"

    # Copies are stacked top to bottom whichever way the pan goes (the strip is written
    # a copy at a time): `copy` is the top row of the copy, `along` moves inside one.
    # Across the pan the view stays put: centred, or where the move's centre puts it
    # (at a subject's height), in even pixels.
    def across(centre: float, size: int, view: int) -> int:
        return min(max(2 * round((centre * size - view / 2) / 2), 0), size - view)

    if axis == "x":
        x, y = f"{steps};{along}", f"{steps};{copy}+{across(move.cy0, height, h)}"
    else:
        x, y = f"{across(move.cx0, width, w)}", f"{steps};{copy}+{along}"
    shifts = tuple(2 * k / PAN_PHASES for k in range(PAN_PHASES))
    return PanStrip(
        width=width,
        height=height,
        axis=axis,
        shifts=shifts,
        crop=f"crop=w={w}:h={h}:x='{x}':y='{y}'",
    )


#: Copies of a zooming photo, at scales `ZOOM_COPY_STEP` apart. Near scales that are
#: simple fractions (1, 8/7, ...) whole-pixel sizes cannot express the view exactly;
#: a second copy at a scale that is not a simple fraction away always can.
ZOOM_COPIES = 2
ZOOM_COPY_STEP = 1.031
#: How much wider (and taller) than the canvas the resized copy may be, in pixels.
#: More room means more whole-number choices, so a closer fit (measured: 96 keeps
#: every canvas preset and zoom within 0.07 px of the exact view).
ZOOM_ROOM = 192
#: Edge pixels repeated around each copy, so a crop may reach past the view.
ZOOM_MARGIN = ZOOM_ROOM // 2 + 8
#: A fit this close (pixels on screen) is taken without looking further.
ZOOM_TOLERANCE = 0.05


class ZoomCopy(BaseModel):
    """One copy of the photo in a zoom strip: the canvas drawn `width` x `height`."""

    model_config = ConfigDict(frozen=True)

    width: int  # the canvas region, without the margin
    height: int
    top: int  # first row of the copy (with its margin) in the strip


class ZoomStrip(BaseModel):
    """How a zooming photo is prepared: the canvas at `base` size, then its copies."""

    model_config = ConfigDict(frozen=True)

    base: tuple[int, int]  # the canvas drawn once at this size (exact canvas aspect)
    copies: tuple[ZoomCopy, ...]
    margin: int
    width: int  # the strip: copies with margins, stacked top to bottom
    height: int


class AxisFit(BaseModel):
    """Whole numbers that play one axis of a view: crop `size` px of the copy at `start`,
    resize them to `scaled` px, and keep the canvas from `offset` on. `error` is the
    largest distance (screen pixels) between where that puts a pixel and where it belongs."""

    model_config = ConfigDict(frozen=True)

    start: int
    size: int
    scaled: int
    offset: int
    error: float


def is_zoom(move: CameraMove) -> bool:
    return move.z0 != move.z1


def _even(value: float) -> int:
    return 2 * max(round(value / 2), 1)


def zoom_strip(move: CameraMove, canvas: tuple[int, int]) -> ZoomStrip:
    """The copies a zoom is played from: the largest at the move's deepest zoom, so the
    view is never enlarged (each screen pixel comes from at least one photo pixel)."""
    w, h = canvas
    deepest = max(move.z0, move.z1)
    # The base has the canvas's exact aspect (a whole multiple of its reduced ratio), so
    # every copy made from it shows exactly the canvas region.
    unit = math.gcd(w, h)
    steps = math.ceil(deepest * ZOOM_COPY_STEP ** (ZOOM_COPIES - 1) * unit)
    base = (w // unit * steps, h // unit * steps)
    margin = ZOOM_MARGIN
    copies, top = [], 0
    for j in range(ZOOM_COPIES):
        scale = deepest * ZOOM_COPY_STEP**j
        copy = ZoomCopy(width=_even(w * scale), height=_even(h * scale), top=top)
        copies.append(copy)
        top += copy.height + 2 * margin
    width = max(c.width for c in copies) + 2 * margin
    return ZoomStrip(base=base, copies=tuple(copies), margin=margin, width=width, height=top)


def fit_axis(slope: float, target: float, view: int, available: int) -> AxisFit:
    """Whole, even numbers (for yuv420p chroma) that best play one axis.

    Screen pixel x lands on copy pixel `start + (x + offset + 0.5) * size / scaled - 0.5`
    and belongs at `target - 0.5 + x * slope`. Trying each `scaled` in the room leaves
    one or two `size`s for the slope; the skew left over moves the far edge against
    the near one, so the best fit centres it, and `offset` and `start` take the rest.
    """
    candidates = []
    for scaled in range(view, view + ZOOM_ROOM + 1, 2):
        low = 2 * math.floor(slope * scaled / 2)
        for size in (low, low + 2):
            if 0 < size <= available:
                candidates.append((abs(view * (size / scaled - slope)), scaled, size))
    candidates.sort()
    best: AxisFit | None = None
    best_miss = math.inf  # in copy pixels
    for drift, scaled, size in candidates:
        if drift / 2 >= best_miss:
            break  # the skew alone is already worse than the best fit
        ratio = size / scaled
        skew = view * (ratio - slope)
        centre = target - skew / 2 - 0.5 * ratio
        limit = available - size
        for offset in range(0, scaled - view + 1, 2):
            want = centre - offset * ratio  # where `start` should be
            start = 2 * round(want / 2)
            miss = abs(start - want) + abs(skew) / 2
            if miss < best_miss and 0 <= start <= limit:
                best_miss = miss
                best = AxisFit(
                    start=start, size=size, scaled=scaled, offset=offset, error=miss / slope
                )
        if best_miss < ZOOM_TOLERANCE * slope:
            break
    if best is None:
        raise ValueError(f"no crop of {available} px shows a view of slope {slope:.4f}")
    return best


def fit_zoom(
    strip: ZoomStrip, canvas: tuple[int, int], zoom: float, cx: float, cy: float
) -> tuple[int, AxisFit, AxisFit]:
    """The copy, and the crop/resize/crop numbers for each axis, that best show one view."""
    w, h = canvas
    best: tuple[int, AxisFit, AxisFit] | None = None
    for j, copy in enumerate(strip.copies):
        fits = []
        for view, inner, centre in ((w, copy.width, cx), (h, copy.height, cy)):
            scale = inner / view
            target = strip.margin + scale * (centre * view + (0.5 - view / 2) / zoom)
            fits.append(fit_axis(scale / zoom, target, view, inner + 2 * strip.margin))
        if best is None or max(f.error for f in fits) < max(best[1].error, best[2].error):
            best = (j, fits[0], fits[1])
        if max(best[1].error, best[2].error) < ZOOM_TOLERANCE:
            break
    assert best is not None
    return best


def zoom_filter(
    strip: ZoomStrip,
    move: CameraMove,
    frames: int,
    canvas: tuple[int, int],
    fps: int,
    name: str,
    part: tuple[int, int] | None = None,
) -> str:
    """The filters that play a zoom on its strip: crop a copy, resize, crop the canvas.

    `sendcmd` sets each frame's numbers just before the frame passes (only those that
    change: a new size rebuilds the resizer). `name` keeps these filters apart from
    other segments' in the same graph. With `part` (first, end), only those frames of
    the `frames`-long move are played, from time 0.
    """
    span = max(frames - 1, 1)
    start, end = part or (0, frames)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    lines = []
    for n in range(end - start):
        j, fx, fy = fit_zoom(strip, canvas, *move.at((start + n) / span))
        values = {
            f"crop@{name}a w": fx.size,
            f"crop@{name}a h": fy.size,
            f"crop@{name}a x": fx.start,
            f"crop@{name}a y": strip.copies[j].top + fy.start,
            f"scale@{name}b w": fx.scaled,
            f"scale@{name}b h": fy.scaled,
            f"crop@{name}c x": fx.offset,
            f"crop@{name}c y": fy.offset,
        }
        changed = [f"[enter] {k} {v}" for k, v in values.items() if last.get(k) != v]
        if n == 0:
            first = values
        elif changed:
            lines.append(f"{(n - 0.5) / fps:.6f} {', '.join(changed)};")
        last = values

    def opts(target: str, *keys: str) -> str:
        return ":".join(f"{k}={first[f'{target} {k}']}" for k in keys)

    w, h = canvas
    commands = f"sendcmd=c='{chr(10).join(lines)}'," if lines else ""
    return (
        f"{commands}crop@{name}a={opts(f'crop@{name}a', 'w', 'h', 'x', 'y')},"
        f"scale@{name}b={opts(f'scale@{name}b', 'w', 'h')}:flags=bilinear,"
        f"crop@{name}c=w={w}:h={h}:{opts(f'crop@{name}c', 'x', 'y')}"
    )
