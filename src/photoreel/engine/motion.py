"""Ken Burns: a camera that zooms or pans over a still, smoothly and sub-pixel.

A move is a view rectangle over the canvas-sized frame that goes from a start
to an end state (zoom factor and centre) along an easing curve. ffmpeg's
`perspective` filter samples that rectangle with bilinear interpolation at
1/256-pixel precision, re-evaluated every frame, so the picture glides: no
integer stair-steps as with `zoompan`, whose crop snaps to whole pixels.

Pan direction names where the camera travels: `pan_left` ends on the photo's
left part (the picture drifts right on screen).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from photoreel.protocol.draft import Easing, Motion

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

    def at(self, p: float) -> tuple[float, float, float]:
        """Zoom and centre at progress `p` (0..1); the same curve the filter evaluates."""
        e = ease(self.easing, p)
        return (
            self.z0 + (self.z1 - self.z0) * e,
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


def resolve_type(motion: Motion, index: int) -> str:
    """The concrete move: `auto` picks one by the segment's position, deterministically."""
    if motion.type == "auto":
        return AUTO_SEQUENCE[index % len(AUTO_SEQUENCE)]
    return motion.type


def camera_move(motion: Motion, index: int = 0) -> CameraMove | None:
    """The move a segment's `m.motion` asks for, or None when the picture stays still."""
    kind = resolve_type(motion, index)
    if kind == "none" or motion.intensity <= 0:
        return None
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


def motion_filter(move: CameraMove, frames: int) -> str:
    """The `perspective` filter that plays `move` over `frames` frames."""
    span = max(frames - 1, 1)
    # perspective counts frames from 1 (`in`); the first frame is the start of the move.
    e = _EASING_EXPR[move.easing].replace("P", f"clip((in-1)/{span},0,1)")

    def lerp(a: float, b: float) -> str:
        return f"{a:.6f}" if a == b else f"({a:.6f}+({b - a:.6f})*({e}))"

    z, cx, cy = lerp(move.z0, move.z1), lerp(move.cx0, move.cx1), lerp(move.cy0, move.cy1)
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
