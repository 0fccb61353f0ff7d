"""The loudness pass: the mix measured in the background while the photos are prepared."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from photoreel.engine import audio
from photoreel.engine.errors import RenderError
from photoreel.engine.ffmpeg import AnyOf, FfmpegFailed, Stop, ffmpeg_log
from photoreel.engine.graph import Graph, Timing
from photoreel.engine.inputs import MediaInputs
from photoreel.protocol.draft import Draft

#: How long a stopped loudness pass may take to end its ffmpeg.
STOP_WAIT_SECONDS = 5.0


class Measuring:
    """The loudness pass running beside a render: its result, or stopped with it."""

    def __init__(self, args: list[str], cancel: Stop | None) -> None:
        self._done = threading.Event()
        pool = ThreadPoolExecutor(max_workers=1)
        self._future = pool.submit(_measure, args, AnyOf(cancel, self._done))
        pool.shutdown(wait=False)

    def result(self) -> audio.Loudness | None:
        """The mix's loudness (None if it could not be measured); `RenderCancelled` when
        the render was cancelled meanwhile."""
        return self._future.result()

    def stop(self) -> None:
        """The render ended (failed or cancelled): end the pass's ffmpeg, and wait for it
        to be gone (its files are in the folder about to be removed)."""
        self._done.set()
        with contextlib.suppress(BaseException):
            self._future.exception(timeout=STOP_WAIT_SECONDS)


def start_measuring(
    draft: Draft, media: Mapping[str, Path], workdir: Path, cancel: Stop | None = None
) -> Measuring | None:
    """Measure the mix's loudness in the background (None when nothing needs it).

    The measuring pass is the render's own audio graph, audio only, ending in
    `ebur128`: about a quarter of a second per minute of sound, done while the
    photos are being prepared. Cancelling the render (or `Measuring.stop`) ends it.
    """
    if not draft.meta.loudnorm:
        return None
    graph = Graph()
    prep = MediaInputs(draft, media, workdir, graph, Timing(draft.meta.fps), None, None)
    try:
        music, clips = prep.music(), prep.clip_sounds()
    except RenderError:
        return None  # the render itself will name the bad file
    if not music and not clips:
        return None
    duration = Timing(draft.meta.fps).frame(draft.duration_ms) / draft.meta.fps
    out = audio.mix(graph, draft, music, clips, duration, measuring=True)
    script = workdir / "graph-loudness.txt"
    script.write_text(graph.script(), encoding="utf-8")
    args = [arg for inp in graph.inputs for arg in inp]
    args += ["-/filter_complex", str(script), "-map", f"[{out}]", "-f", "null", "-"]
    return Measuring(args, cancel)


def _measure(args: list[str], stop: Stop) -> audio.Loudness | None:
    try:
        log = ffmpeg_log(args, cancel=stop)
    except (OSError, FfmpegFailed):
        return None  # the render itself will say what is wrong with the sound
    return audio.parse_loudness(log)
