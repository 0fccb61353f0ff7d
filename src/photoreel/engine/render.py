"""`render`: a draft and its media files become a finished video file.

The server calls this from a worker thread (with a cancel event and a progress
callback); `photoreel render` calls it from the command line. The output is
written to a hidden temporary name beside the destination and renamed into
place only when ffmpeg has finished, so a failed or cancelled render never
leaves a half file where a finished one is expected.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from pydantic import BaseModel

from photoreel.engine.chunks import join_chunks, plan_chunks, render_chunk, run_plan
from photoreel.engine.errors import RenderCancelled, RenderError
from photoreel.engine.ffmpeg import Stop
from photoreel.engine.graph import RenderPlan, Window
from photoreel.engine.loudness import Measuring, start_measuring
from photoreel.engine.plan import build_plan
from photoreel.engine.presets import OutputFormat, Quality, gif_size
from photoreel.engine.windows import scaled_draft
from photoreel.protocol.draft import Draft

#: Share of the progress bar given to decoding photos before ffmpeg starts.
PREPARE_SHARE = 0.05
#: Long videos are rendered in windows of about this length, so memory stays flat.
CHUNK_SECONDS = 20
#: Of the encoding progress, the share the chunks take (the rest is joining them).
MUX_SHARE_OF_ENCODE = 0.97


class RenderResult(BaseModel):
    """What was made: where, how long (seconds), how big (bytes), frame size and format."""

    path: Path
    duration: float
    size: int
    width: int
    height: int
    format: OutputFormat


def render(
    draft: Draft,
    media: Mapping[str, Path],
    output: Path,
    on_progress: Callable[[float], None] | None = None,
    cancel: Stop | None = None,
    *,
    fmt: OutputFormat = "mp4",
    quality: Quality = "high",
    temp_dir: Path | None = None,
) -> RenderResult:
    """Render `draft` to `output`. `media` maps each segment's `src` to a local file.

    Progress is reported as a fraction 0..1. Raises `RenderCancelled` when
    `cancel` is set (at any stage: preparing photos, measuring loudness, ffmpeg;
    within a fraction of a second) and `RenderError`, naming the segment and
    file, when the draft or a file cannot be rendered. Temporary files go to a
    folder made inside `temp_dir` (default: the system's temporary folder) and
    removed at the end, however the render ends.
    """
    output = Path(output)
    if not output.parent.is_dir():
        raise RenderError(f"cannot write {output}: the folder {output.parent} does not exist")
    if cancel is not None and cancel.is_set():
        raise RenderCancelled()

    def prepared(fraction: float) -> None:
        if on_progress is not None:
            on_progress(PREPARE_SHARE * fraction)

    def encoded(fraction: float) -> None:
        if on_progress is not None:
            on_progress(PREPARE_SHARE + (1 - PREPARE_SHARE) * fraction)

    if fmt == "gif":
        # A GIF is small: plan it at its own size, so nothing full-size is ever made.
        gif_w, _ = gif_size(draft.meta.width, draft.meta.height, quality)
        draft = scaled_draft(draft, gif_w)
    part = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.part")
    with tempfile.TemporaryDirectory(prefix="photoreel-render-", dir=temp_dir) as work:
        workdir = Path(work)
        windows = plan_chunks(draft, fmt, CHUNK_SECONDS)
        try:
            if len(windows) > 1:
                plan = _render_chunks(draft, media, workdir, part, windows, fmt, quality,
                                      prepared, encoded, cancel)  # fmt: skip
            else:
                plan = build_plan(draft, media, workdir, fmt=fmt, quality=quality,
                                  on_progress=prepared, cancel=cancel)  # fmt: skip
                run_plan(plan, part, encoded, cancel)
            os.replace(part, output)
        except OSError as exc:  # a full disk, a folder that went away
            where = exc.filename or output
            raise RenderError(
                f"could not write the video: {exc.strerror or exc} ({where})", engine_fault=True
            ) from None
        finally:
            part.unlink(missing_ok=True)
    return RenderResult(
        path=output,
        duration=plan.duration,
        size=output.stat().st_size,
        width=plan.width,
        height=plan.height,
        format=fmt,
    )


def _render_chunks(
    draft: Draft,
    media: Mapping[str, Path],
    workdir: Path,
    part: Path,
    windows: list[Window],
    fmt: OutputFormat,
    quality: Quality,
    prepared: Callable[[float], None],
    encoded: Callable[[float], None],
    cancel: Stop | None,
) -> RenderPlan:
    """A long video in windows (flat memory), then joined with its sound in one pass."""
    loudness = start_measuring(draft, media, workdir, cancel) if fmt != "gif" else None
    try:
        return _chunks_and_mux(draft, media, workdir, part, windows, fmt, quality, prepared,
                               encoded, cancel, loudness)  # fmt: skip
    finally:
        if loudness is not None:
            loudness.stop()


def _chunks_and_mux(
    draft: Draft,
    media: Mapping[str, Path],
    workdir: Path,
    part: Path,
    windows: list[Window],
    fmt: OutputFormat,
    quality: Quality,
    prepared: Callable[[float], None],
    encoded: Callable[[float], None],
    cancel: Stop | None,
    loudness: Measuring | None,
) -> RenderPlan:
    total = windows[-1][1]
    chunks: list[Path] = []
    for i, window in enumerate(windows):
        first, end = window
        share = (end - first) / total

        def progress(fraction: float, first: int = first, share: float = share) -> None:
            encoded(MUX_SHARE_OF_ENCODE * (first / total + share * fraction))

        chunk = workdir / f"chunk{i:03d}.mkv"
        render_chunk(draft, media, window, chunk, fmt=fmt, quality=quality, workdir=workdir,
                     on_prepared=prepared if i == 0 else None, on_progress=progress,
                     cancel=cancel)  # fmt: skip
        chunks.append(chunk)
        # The next window prepares its own photos: these raw frames are done with, and
        # keeping them would make a long render's temporary space grow with its length.
        for frame in workdir.glob("*.ppm"):
            frame.unlink(missing_ok=True)
    level = loudness.result() if loudness is not None else None

    def joined(fraction: float) -> None:
        encoded(MUX_SHARE_OF_ENCODE + (1 - MUX_SHARE_OF_ENCODE) * fraction)

    return join_chunks(draft, media, chunks, part, fmt=fmt, quality=quality, workdir=workdir,
                       loudness=level, on_progress=joined, cancel=cancel)  # fmt: skip
