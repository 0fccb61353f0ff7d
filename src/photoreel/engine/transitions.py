"""Transitions between adjacent segments, each one an ffmpeg `xfade` transition.

Timing is fixed by docs/DRAFT.md: a transition is centred on the cut and the
video keeps its length. The plan (runs.py) extends each segment's stream by
half a transition on each side that has one; this module only names the
effect and writes the filter.
"""

from __future__ import annotations

from photoreel.protocol.draft import TransitionType


def xfade_filter(kind: TransitionType, frames: int, offset_frames: int, fps: int) -> str:
    """`xfade` joining two streams: the effect lasts `frames`, starting at `offset_frames`.

    A draft's transition types are xfade's own names (`none` never gets here: a cut)."""
    return f"xfade=transition={kind}:duration={frames / fps:.6f}:offset={offset_frames / fps:.6f}"


def fade_mix(frames: int, fps: int, name: str) -> tuple[str, str, str]:
    """A plain `fade` the cheap way: (outgoing retime, incoming retime, mix) filters.

    The two overlaps are interleaved (outgoing frame k at tick 2k, incoming at
    2k+1) and `tblend` mixes each incoming frame with the outgoing one before it,
    `sendcmd` raising its opacity by 1/frames a frame; every other frame (the
    mixes) is kept. The same mix as xfade's fade, `a * (1 - k/frames) + b * k/frames`
    at frame k, for a third of the CPU: xfade blends in floating point, pixel by
    pixel (~29 ms a 1080p frame), `tblend` with SIMD. `name` keeps this `tblend`
    apart from others in the graph.
    """
    commands = ";".join(
        f"{(2 * k + 0.5) / fps:.6f} [enter] tblend@{name} all_opacity {k / frames:.6f}"
        for k in range(1, frames)
    )
    mix = (
        f"interleave=nb_inputs=2,sendcmd=c='{commands}',"
        f"tblend@{name}=all_mode=normal:all_opacity=0,"
        f"select='not(mod(n,2))',settb=1/{fps},setpts=N"
    )
    return "setpts=2*N", "setpts=2*N+1", mix
