"""Previews: a draft's frames, small and few, handed over one by one as ffmpeg makes them.

A preview is the export's own plan (same engine, same timing: every segment
starts and ends at the same millisecond) on a small canvas (480 px high by
default) at a low frame rate, without sound. Instead of a file, ffmpeg writes
raw RGB frames to a pipe, and each one is given to `on_frame` the moment it is
whole, so a player can show the first second while the rest is still being
made: the first frame of a 15 s video arrives in well under a second.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from PIL import Image
from pydantic import BaseModel

from photoreel.engine.errors import RenderCancelled, RenderError
from photoreel.engine.ffmpeg import FfmpegFailed, _failure, _started, _stop, ffmpeg_exe
from photoreel.engine.plan import build_plan
from photoreel.protocol.draft import Draft

PREVIEW_HEIGHT = 480
PREVIEW_FPS = 12


class PreviewSize(BaseModel):
    """What a preview will be: frame size, rate and count (known before the first frame)."""

    width: int
    height: int
    fps: int
    frames: int


def preview_draft(draft: Draft, height: int = PREVIEW_HEIGHT, fps: int = PREVIEW_FPS) -> Draft:
    """The draft on a canvas `height` pixels high (never larger) at `fps` frames a second.

    The frame rate is set past the draft's own validation (which allows only the
    export rates 24-60): timing is in milliseconds, so a lower rate samples the
    same video more sparsely and changes no segment's start or end.
    """
    height = min(draft.meta.height, max(16, height // 2 * 2))
    width = max(16, round(draft.meta.width * height / draft.meta.height / 2) * 2)
    meta = draft.meta.model_copy(
        update={"width": width, "height": height, "fps": min(fps, draft.meta.fps)}
    )
    return draft.model_copy(update={"meta": meta})


def render_preview(
    draft: Draft,
    media: Mapping[str, Path],
    on_frame: Callable[[int, Image.Image], None],
    cancel: threading.Event | None = None,
    *,
    height: int = PREVIEW_HEIGHT,
    fps: int = PREVIEW_FPS,
    on_start: Callable[[PreviewSize], None] | None = None,
) -> PreviewSize:
    """Render `draft` small and call `on_frame(index, image)` for each frame, in order.

    `on_start` hears the size and frame count once ffmpeg is about to start.
    Raises `RenderCancelled` when `cancel` is set (ffmpeg is stopped at once)
    and `RenderError` naming the segment and file when the draft cannot render.
    """
    small = preview_draft(draft, height, fps)
    with tempfile.TemporaryDirectory(prefix="photoreel-preview-") as work:
        plan = build_plan(
            small,
            media,
            Path(work),
            fmt="mp4",
            quality="draft",
            cancel=cancel,
            window=(0, round(small.duration_ms * small.meta.fps / 1000)),
            # `-r`: one frame every 1/fps s of the timeline. Without it ffmpeg picks the
            # rate itself where the graph loses it (a crossfade), 25 fps, and repeats
            # frames: the preview then ran slow, a 3 s photo showing for 6 s.
            codecs=["-r", str(small.meta.fps), "-f", "rawvideo", "-pix_fmt", "rgb24"],
        )
        size = PreviewSize(
            width=plan.width, height=plan.height, fps=small.meta.fps, frames=plan.frames
        )
        if on_start is not None:
            on_start(size)
        try:
            _pipe_frames(plan.args, size, on_frame, cancel)
        except FfmpegFailed as exc:
            raise plan.explain(exc) from None
    return size


def _pipe_frames(
    args: list[str],
    size: PreviewSize,
    on_frame: Callable[[int, Image.Image], None],
    cancel: threading.Event | None,
) -> None:
    """Run ffmpeg writing raw frames to stdout; cut the stream into frames as it comes."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args, "pipe:1"]
    frame_bytes = size.width * size.height * 3
    with tempfile.TemporaryFile(mode="w+b") as log:
        # _started: the server's record of ffmpeg processes sees this one too, and
        # it is stopped (terminate, then kill) however the loop ends
        with _started(cmd, stdout=subprocess.PIPE, stderr=log) as proc:
            assert proc.stdout is not None
            index = 0
            try:
                while True:
                    if cancel is not None and cancel.is_set():
                        raise RenderCancelled()
                    data = proc.stdout.read(frame_bytes)
                    if len(data) < frame_bytes:
                        break
                    on_frame(index, Image.frombytes("RGB", (size.width, size.height), data))
                    index += 1
                proc.wait()
            finally:
                if proc.poll() is None:
                    _stop(proc)
                proc.stdout.close()
        if proc.returncode not in (0, None) and index < size.frames:
            log.seek(0)
            raise _failure(log.read().decode("utf-8", "replace"), proc.returncode)
        if index == 0:
            raise RenderError("the preview made no frame")
