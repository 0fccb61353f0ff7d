"""Where each segment sits in frames: a track's segments as runs of touching pieces."""

from __future__ import annotations

from pydantic import BaseModel

from photoreel.engine.graph import Timing
from photoreel.protocol.draft import VideoSegment, VideoTrack


class Piece(BaseModel):
    """One segment's stream inside a run: its own frames plus transition overlaps."""

    key: str
    index: int  # position on the track, for `auto` motion
    segment: VideoSegment
    start: int  # first frame on the timeline, including the lead-in overlap
    frames: int
    lead_out: int = 0  # frames of the transition after the cut (inside the next segment)
    transition_frames: int = 0  # of the transition out of this piece, 0 for a cut


def track_runs(ti: int, track: VideoTrack, timing: Timing) -> list[list[Piece]]:
    """Split a track into runs of touching segments and size each one's stream."""
    runs: list[list[Piece]] = []
    for si, seg in enumerate(track.segments):
        start, end = timing.frame(seg.start_ms), timing.frame(seg.end_ms)
        piece = Piece(key=f"t[{ti}].sg[{si}]", index=si, segment=seg, start=start, frames=0)
        piece.frames = end - start
        if runs and track.segments[si - 1].end_ms == seg.start_ms:
            prev = runs[-1][-1]
            tr = prev.segment.meta.transition
            tf = timing.frame(tr.duration_ms) if tr is not None and tr.type != "none" else 0
            tf = min(tf, prev.frames, piece.frames)
            if tf >= 2:
                before = tf // 2
                prev.transition_frames = tf
                prev.lead_out = tf - before
                prev.frames += tf - before
                piece.start -= before
                piece.frames += before
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs


def in_window(run: list[Piece], first: int, end: int) -> list[Piece]:
    """The pieces of a run that show in frames [first, end)."""
    return [p for p in run if p.start < end and p.start + p.frames > first]
