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
import threading
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from pydantic import BaseModel

from photoreel.engine.errors import RenderCancelled, RenderError
from photoreel.engine.ffmpeg import FfmpegFailed, run_ffmpeg
from photoreel.engine.plan import build_plan
from photoreel.engine.presets import OutputFormat, Quality
from photoreel.protocol.draft import Draft

#: Share of the progress bar given to decoding photos before ffmpeg starts.
PREPARE_SHARE = 0.05


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
    cancel: threading.Event | None = None,
    *,
    fmt: OutputFormat = "mp4",
    quality: Quality = "high",
) -> RenderResult:
    """Render `draft` to `output`. `media` maps each segment's `src` to a local file.

    Progress is reported as a fraction 0..1. Raises `RenderCancelled` when
    `cancel` is set (ffmpeg stops within a second) and `RenderError`, naming
    the segment and file, when the draft or a file cannot be rendered.
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

    part = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.part")
    with tempfile.TemporaryDirectory(prefix="photoreel-render-") as work:
        plan = build_plan(
            draft, media, Path(work), fmt=fmt, quality=quality, on_progress=prepared, cancel=cancel
        )
        try:
            run_ffmpeg(
                [*plan.args, "-y", str(part)],
                duration=plan.duration,
                on_progress=encoded,
                cancel=cancel,
            )
            os.replace(part, output)
        except FfmpegFailed as exc:
            raise plan.explain(exc) from None
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
