"""Video tracks as streams: segments grouped into runs joined by transitions, gaps as background.

Each video track becomes runs of adjacent segments. A run is one stream: each
segment's stream is its frame looped (plus the camera move), extended by half a
transition on each side that has one, and neighbours are joined with `xfade`
centred on the cut. The bottom track's runs and the gaps between them (the
background colour) are concatenated into the base video; runs of upper tracks
are overlaid on it.
"""

from __future__ import annotations

from pydantic import BaseModel

from photoreel.engine.graph import Graph
from photoreel.engine.inputs import MediaInputs
from photoreel.engine.runs import Piece
from photoreel.engine.transitions import fade_mix, xfade_filter
from photoreel.protocol.draft import Draft, TransitionType


def video_tracks(prep: MediaInputs, tracks: list[list[list[Piece]]], origin: int, stop: int) -> str:
    """The video tracks from frame `origin` to `stop`: the bottom one, the others over it."""
    graph, m = prep.graph, prep.draft.meta
    base = ""
    for i, runs in enumerate(tracks):
        streams = [_run_stream(prep, run) for run in runs]
        if i == 0:
            base = _concat_base(graph, prep.draft, streams, origin, stop)
            continue
        for run in streams:
            moved = graph.chain([run.label], f"setpts=PTS+{run.start - origin}")
            base = graph.chain([base, moved], "overlay=eof_action=pass:repeatlast=0")
    return base or _background(graph, m.bg, m.width, m.height, stop - origin, m.fps)


def _background(graph: Graph, colour: str, w: int, h: int, frames: int, fps: int) -> str:
    """`frames` frames of the draft's background colour (what gaps show)."""
    return graph.chain(
        [],
        f"color=c=0x{colour.lstrip('#')[:6]}:s={w}x{h}:r={fps},format=yuv420p,"
        f"settb=1/{fps},setpts=N,trim=end_frame={frames}",
        prefix="bg",
    )


class _Run(BaseModel):
    """A run's stream: its label and the frames it spans on the timeline."""

    label: str
    start: int
    end: int


def _run_stream(prep: MediaInputs, run: list[Piece]) -> _Run:
    """One stream for a run of segments joined by transitions.

    Each photo's stream is cut into the frames it shares with the one before
    (its head), its own frames (the body) and the frames it shares with the one
    after (its tail); `xfade` then sees only each tail and the next head, and
    the pieces are concatenated. `xfade` costs about 10 ms of CPU for every
    looped frame that merely passes through it, so it gets only the overlaps
    (and a plain fade is cheaper still, see `fade_mix`). The cut is made on
    the looped photo, before the camera move, where frames are references to
    one picture: a branch waiting its turn holds no pixels. (`overlay` with an
    alpha ramp, or `blend`, also mix fast, but their frame syncing held ~500 MB
    of zoomed 1080p frames here.)
    """
    graph, fps = prep.graph, prep.timing.fps
    if _transitions_overlap(run) or not all(prep.is_still(piece) for piece in run):
        # Clips and animations: a split would queue their decoded frames (3 MB each at
        # 1080p) for the branch played later, so they keep whole-stream xfades.
        streams = [prep.segment_stream(piece) for piece in run]
        return _chained_run(graph, run, streams, fps)
    parts: list[str] = []
    tail = ""
    for i, piece in enumerate(run):
        head_frames = run[i - 1].transition_frames if i > 0 else 0
        tail_frames = piece.transition_frames if i < len(run) - 1 else 0
        cuts = (head_frames, piece.frames - tail_frames, piece.frames)
        head, body, tail_next = prep.still_parts(piece, cuts)
        if head:
            tr = run[i - 1].segment.meta.transition
            assert tr is not None
            parts.append(_crossfade(graph, tr.type, head_frames, fps, tail, head))
        if body:
            parts.append(body)
        tail = tail_next
    label = parts[0]
    if len(parts) > 1:  # concat counts time in microseconds: back to one tick a frame
        label = graph.chain(parts, f"concat=n={len(parts)}:v=1:a=0,settb=1/{fps},setpts=N")
    return _Run(label=label, start=run[0].start, end=run[-1].start + run[-1].frames)


def _crossfade(
    graph: Graph, kind: TransitionType, frames: int, fps: int, outgoing: str, incoming: str
) -> str:
    """Two overlaps of `frames` frames (from time 0) joined by the transition `kind`."""
    if kind != "fade":
        return graph.chain([outgoing, incoming], xfade_filter(kind, frames, 0, fps))
    retime_out, retime_in, mix = fade_mix(frames, fps, graph.label("fade"))
    a = graph.chain([outgoing], retime_out)
    b = graph.chain([incoming], retime_in)
    return graph.chain([a, b], mix)


def _transitions_overlap(run: list[Piece]) -> bool:
    """True when a segment is too short for both its transitions (they would overlap)."""
    for i, piece in enumerate(run):
        head = run[i - 1].transition_frames if i > 0 else 0
        tail = piece.transition_frames if i < len(run) - 1 else 0
        if head + tail > piece.frames:
            return True
    return False


def _chained_run(graph: Graph, run: list[Piece], streams: list[str], fps: int) -> _Run:
    """A run joined by `xfade`s on whole streams: slower, but transitions may overlap."""
    label = streams[0]
    origin = run[0].start
    for prev, piece, stream in zip(run, run[1:], streams[1:], strict=False):
        if prev.transition_frames:
            tr = prev.segment.meta.transition
            assert tr is not None
            offset = piece.start - origin
            label = graph.chain(
                [label, stream], xfade_filter(tr.type, prev.transition_frames, offset, fps)
            )
        else:
            # concat times a segment by its end of stream, which a one-frame loop leaves
            # at 0; the frames arrive in order, so they are numbered again.
            label = graph.chain([label, stream], f"concat=n=2:v=1:a=0,settb=1/{fps},setpts=N")
    return _Run(label=label, start=origin, end=run[-1].start + run[-1].frames)


def _concat_base(graph: Graph, draft: Draft, runs: list[_Run], origin: int, stop: int) -> str:
    """The bottom video track from `origin` to `stop`: its runs, the background in the gaps."""
    m = draft.meta
    parts: list[str] = []
    cursor = origin
    for run in runs:
        if run.start > cursor:
            parts.append(_background(graph, m.bg, m.width, m.height, run.start - cursor, m.fps))
        parts.append(run.label)
        cursor = run.end
    if cursor < stop:
        parts.append(_background(graph, m.bg, m.width, m.height, stop - cursor, m.fps))
    if len(parts) == 1:
        return parts[0]
    return graph.chain(parts, f"concat=n={len(parts)}:v=1:a=0,settb=1/{m.fps},setpts=N")
