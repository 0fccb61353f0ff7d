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


def xfade_filter(kind: TransitionType, frames: int, offset_frames: int, fps: int) -> str:
    """`xfade` joining two streams: the effect lasts `frames`, starting at `offset_frames`."""
    return (
        f"xfade=transition={XFADE_NAMES[kind]}:duration={frames / fps:.6f}"
        f":offset={offset_frames / fps:.6f}"
    )
