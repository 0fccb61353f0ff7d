"""The loudness pass: the mix measured in the background while the photos are prepared."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from photoreel.engine import audio
from photoreel.engine.errors import RenderError
from photoreel.engine.ffmpeg import FfmpegFailed, ffmpeg_log
from photoreel.engine.graph import Graph, Timing
from photoreel.engine.inputs import MediaInputs
from photoreel.protocol.draft import Draft


def start_measuring(
    draft: Draft, media: Mapping[str, Path], workdir: Path
) -> Future[audio.Loudness | None] | None:
    """Measure the mix's loudness in the background (None when nothing needs it).

    The measuring pass is the render's own audio graph, audio only, ending in
    `ebur128`: about a quarter of a second per minute of sound, done while the
    photos are being prepared.
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
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(_measure, args)
    pool.shutdown(wait=False)
    return future


def _measure(args: list[str]) -> audio.Loudness | None:
    try:
        log = ffmpeg_log(args)
    except (OSError, FfmpegFailed):
        return None  # the render itself will say what is wrong with the sound
    return audio.parse_loudness(log)
