"""Transitions between adjacent segments, each one an ffmpeg `xfade` transition.

Timing is fixed by docs/DRAFT.md: a transition is centred on the cut and the
video keeps its length. The plan (plan.py) extends each segment's stream by
half a transition on each side that has one; this module only names the
effect and writes the filter.
"""

from __future__ import annotations

from photoreel.protocol.draft import TransitionType

#: Draft transition type -> xfade's name for it. Every draft type but `none` is here.
XFADE_NAMES: dict[str, str] = {
    "fade": "fade",
    "fadeblack": "fadeblack",
    "fadewhite": "fadewhite",
    "dissolve": "dissolve",
    "wipeleft": "wipeleft",
    "wiperight": "wiperight",
    "wipeup": "wipeup",
    "wipedown": "wipedown",
    "slideleft": "slideleft",
    "slideright": "slideright",
    "slideup": "slideup",
    "slidedown": "slidedown",
    "circleopen": "circleopen",
    "circleclose": "circleclose",
    "zoomin": "zoomin",
    "pixelize": "pixelize",
    "radial": "radial",
    "smoothleft": "smoothleft",
    "smoothright": "smoothright",
}


def crossfade_chains(
    kind: TransitionType, frames: int, fps: int, outgoing: str, incoming: str, out: str
) -> list[str]:
    """Filter chains that join `outgoing` and `incoming` (each exactly `frames` long, from
    time 0) into `out` with the effect.

    A plain `fade` is the incoming frames over the outgoing ones with an alpha ramp
    (`fade` on alpha, then `overlay`, which blends with SIMD): the same mix as
    xfade's fade, `a * (1 - n/frames) + b * n/frames` at frame n, for a third of
    the CPU (xfade blends in floating point, pixel by pixel, ~29 ms a 1080p frame).
    """
    if kind == "fade":
        ramp = f"{out}ramp"
        return [
            f"[{incoming}]format=yuva420p,fade=t=in:st=0:d={frames / fps:.6f}:alpha=1[{ramp}]",
            f"[{outgoing}][{ramp}]overlay=format=yuv420[{out}]",
        ]
    return [f"[{outgoing}][{incoming}]{xfade_filter(kind, frames, 0, fps)}[{out}]"]


def xfade_filter(kind: TransitionType, frames: int, offset_frames: int, fps: int) -> str:
    """`xfade` joining two streams: the effect lasts `frames`, starting at `offset_frames`."""
    return (
        f"xfade=transition={XFADE_NAMES[kind]}:duration={frames / fps:.6f}"
        f":offset={offset_frames / fps:.6f}"
    )
