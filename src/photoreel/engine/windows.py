"""Splitting the timeline into windows rendered one at a time, so memory stays flat."""

from __future__ import annotations

import itertools

from photoreel.engine.graph import Timing, Window
from photoreel.engine.motion import camera_move, is_pan, is_zoom, zoom_strip
from photoreel.engine.runs import Piece, track_runs
from photoreel.protocol.draft import Draft, VideoTrack

#: The most prepared pixels one window's ffmpeg graph holds: five 1080p photos. ffmpeg
#: keeps every input's frame (and its converted copy and filter buffers) for the whole
#: graph, about 50 MB a 1080p photo next to x264's ~370 MB, so this keeps a render well
#: under 1 GiB however many photos a second the draft shows.
WINDOW_PIXELS = 5 * 1920 * 1080


def chunk_windows(draft: Draft, chunk_frames: int, budget: int = WINDOW_PIXELS) -> list[Window]:
    """Split the timeline into windows of about `chunk_frames`, never inside a transition.

    Rendering window by window keeps memory flat however long the video is:
    ffmpeg holds every input's prepared frame from the start of a run. A window
    also ends early when the photos in it would weigh more than `budget`
    pixels (a pan's strip counts twice), so a short draft of many photos is
    split too.
    """
    timing = Timing(draft.meta.fps)
    total = timing.frame(draft.duration_ms)
    size = (draft.meta.width, draft.meta.height)
    canvas = size[0] * size[1]
    pieces: list[tuple[int, int, int]] = []  # first frame, end frame, weight in pixels
    busy: list[tuple[int, int]] = []  # transitions: a cut there would split an xfade
    for ti, track in enumerate(draft.tracks):
        if isinstance(track, VideoTrack):
            for run in track_runs(ti, track, timing):
                pieces += [(p.start, p.start + p.frames, round(canvas * _weight(p, size)))
                           for p in run]  # fmt: skip
                for piece, following in itertools.pairwise(run):
                    if piece.transition_frames:
                        busy.append((following.start, following.start + piece.transition_frames))
    pieces.sort()

    def is_busy(frame: int) -> bool:
        return any(a <= frame <= b for a, b in busy)

    def heavy(first: int, end: int) -> bool:
        return sum(w for a, b, w in pieces if a < end and b > first) > budget

    windows: list[Window] = []
    start = 0
    while total - start > chunk_frames * 3 // 2 or heavy(start, total):
        cut = min(start + chunk_frames, _budget_end(pieces, start, budget))
        if is_busy(cut):  # before the transition if the window has room, else after it
            earlier = (f for f in range(cut - 1, start, -1) if not is_busy(f))
            cut = next(earlier, None) or next(f for f in itertools.count(cut) if not is_busy(f))
        # A short tail joins the last window, unless that would make it too heavy.
        if cut >= total - (0 if heavy(start, total) else chunk_frames // 2):
            break
        windows.append((start, cut))
        start = cut
    windows.append((start, total))
    return windows


def _weight(piece: Piece, canvas: tuple[int, int]) -> float:
    """How many canvas-sized frames a piece's input holds: 2 for a pan's strip, a zoom's
    strip by its pixels, else 1."""
    meta = piece.segment.meta
    move = camera_move(meta.motion, piece.index)
    if meta.kind != "image" or move is None:
        return 1
    if is_zoom(move):
        # ffmpeg keeps the strip as yuv420p (its RGB frame is let go once converted).
        strip = zoom_strip(move, canvas)
        return 1 + (strip.width * strip.height / (canvas[0] * canvas[1]) - 1) * _YUV_SHARE
    return 2 if is_pan(move) else 1


#: A canvas of yuv420p pixels (1.5 bytes each) as a share of a whole photo input (~50 MB
#: at 1080p). Measured: the reference's two zoom strips (3.5 canvases each) added 9 MB.
_YUV_SHARE = 1.5 * 1920 * 1080 / (50 * 2**20)


def _budget_end(pieces: list[tuple[int, int, int]], start: int, budget: int) -> int:
    """The first frame after `start` where the pieces shown from `start` outweigh `budget`."""
    weight = 0
    for first, end, w in pieces:
        if end <= start:
            continue
        weight += w
        if weight > budget and first > start:
            return first
    return 2**62


def scaled_draft(draft: Draft, width: int) -> Draft:
    """The same draft on a canvas `width` pixels wide (even height, same aspect)."""
    if width >= draft.meta.width:
        return draft
    height = max(round(draft.meta.height * width / draft.meta.width / 2) * 2, 16)
    meta = draft.meta.model_copy(update={"width": width, "height": height})
    return draft.model_copy(update={"meta": meta})
