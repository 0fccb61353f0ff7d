"""A render as chunks: windows of the timeline made one by one, then joined by stream copy.

A chunk is one window of the timeline (`windows.chunk_windows`: cut inside a
photo's hold or at a hard cut, never inside a transition), planned like a
whole render (the pieces in view, each camera move carried on from where it
was at the window's first frame, then a frame-exact `trim`) and encoded
video-only, with the same encoder settings as every other chunk, to a Matroska
file. `join_chunks` puts the chunks end to end without re-encoding them and
mixes the whole sound track once over the whole timeline, so a sound never
restarts at a seam.

The local render (render.py) makes its chunks one after the other in this
process; the render farm (photoreel.farm) makes each chunk on whichever
machine of a cluster is free. Both call these functions, so a chunk is the
same video wherever it was made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from photoreel.engine.audio import Loudness
from photoreel.engine.errors import RenderCancelled
from photoreel.engine.ffmpeg import FfmpegFailed, Stop, run_ffmpeg
from photoreel.engine.graph import Progress, RenderPlan, Timing, Window
from photoreel.engine.plan import build_mux_plan, build_plan
from photoreel.engine.presets import OutputFormat, Quality
from photoreel.engine.runs import in_window, track_runs
from photoreel.engine.windows import chunk_windows
from photoreel.protocol.draft import Draft, VideoTrack


def plan_chunks(draft: Draft, fmt: OutputFormat, chunk_seconds: float) -> list[Window]:
    """The windows a render of `draft` is made in, each about `chunk_seconds` long.

    A GIF is never cut (its palette is worked out over the whole video, and GIFs
    cannot be joined without re-encoding): it is one window.
    """
    total = Timing(draft.meta.fps).frame(draft.duration_ms)
    if fmt == "gif":
        return [(0, total)]
    return chunk_windows(draft, max(1, round(chunk_seconds * draft.meta.fps)))


def chunk_media(draft: Draft, window: Window) -> set[str]:
    """The `src` of every segment a window shows: the only files a chunk needs."""
    timing = Timing(draft.meta.fps)
    first, end = window
    shown: set[str] = set()
    for ti, track in enumerate(draft.tracks):
        if isinstance(track, VideoTrack):
            for run in track_runs(ti, track, timing):
                shown |= {piece.segment.meta.src for piece in in_window(run, first, end)}
    return shown


def run_plan(
    plan: RenderPlan,
    output: Path,
    on_progress: Callable[[float], None] | None,
    cancel: Stop | None,
) -> None:
    """Run one planned ffmpeg command to `output`; its failure names the segment it blamed."""
    try:
        run_ffmpeg(
            [*plan.args, "-y", str(output)],
            duration=plan.duration,
            on_progress=on_progress,
            cancel=cancel,
        )
    except FfmpegFailed as exc:
        raise plan.explain(exc) from None


def render_chunk(
    draft: Draft,
    media: Mapping[str, Path],
    window: Window,
    output: Path,
    *,
    fmt: OutputFormat,
    quality: Quality,
    workdir: Path,
    on_prepared: Progress | None = None,
    on_progress: Callable[[float], None] | None = None,
    cancel: Stop | None = None,
) -> RenderPlan:
    """Make the video of frames [first, end) of `draft` as a video-only chunk at `output`.

    `media` needs only the files the window shows (`chunk_media`). `on_prepared`
    follows the photos being prepared, `on_progress` the encoding (0..1).
    """
    if cancel is not None and cancel.is_set():
        raise RenderCancelled()
    plan = build_plan(draft, media, workdir, fmt=fmt, quality=quality, on_progress=on_prepared,
                      cancel=cancel, window=window)  # fmt: skip
    run_plan(plan, output, on_progress, cancel)
    return plan


def join_chunks(
    draft: Draft,
    media: Mapping[str, Path],
    chunks: list[Path],
    output: Path,
    *,
    fmt: OutputFormat,
    quality: Quality,
    workdir: Path,
    loudness: Loudness | None = None,
    on_progress: Callable[[float], None] | None = None,
    cancel: Stop | None = None,
) -> RenderPlan:
    """Join `chunks` (in timeline order) by stream copy into `output`, with the draft's
    whole sound track mixed once (at the measured `loudness`, when there is one)."""
    mux = build_mux_plan(draft, media, workdir, chunks, fmt=fmt, quality=quality,
                         loudness=loudness)  # fmt: skip
    run_plan(mux, output, on_progress, cancel)
    return mux
