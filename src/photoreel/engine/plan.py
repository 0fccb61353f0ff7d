"""Planning a render: the draft and its media become one ffmpeg command.

The plan is made once, before ffmpeg starts:

1. every photo is decoded and fitted to the canvas with Pillow (photos.py) and
   written as one raw frame; animations as their frames; clips are probed;
2. each video track becomes runs of adjacent segments joined by transitions,
   over the background colour (tracks.py);
3. text blocks are drawn with Pillow and overlaid with alpha fades;
4. the audio graph (audio.py) mixes music and clip sound;
5. the output chain encodes for the format and quality (presets.py).

All timing is in whole frames, derived from the draft's milliseconds with one
rounding rule, so segment lengths always add up to the draft's length.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from photoreel.engine import audio, blame
from photoreel.engine.ffmpeg import Stop
from photoreel.engine.graph import Graph, InputOwner, Progress, RenderPlan, Timing, Window, to_yuv
from photoreel.engine.inputs import MediaInputs
from photoreel.engine.loudness import start_measuring
from photoreel.engine.presets import OutputFormat, Quality, audio_args, encoder_args, gif_size
from photoreel.engine.runs import Piece, in_window, track_runs
from photoreel.engine.text import draw_text
from photoreel.engine.tracks import video_tracks
from photoreel.protocol.draft import Draft, TextTrack, VideoTrack


def build_plan(
    draft: Draft,
    media: Mapping[str, Path],
    workdir: Path,
    *,
    fmt: OutputFormat,
    quality: Quality,
    on_progress: Progress | None = None,
    cancel: Stop | None = None,
    window: Window | None = None,
    codecs: list[str] | None = None,
) -> RenderPlan:
    """Prepare the media of `draft` in `workdir` and write the ffmpeg command.

    With a `window`, only those frames are planned, as a video-only chunk that
    `build_mux_plan` later joins and gives the sound. `codecs` replaces the
    output's codec and muxer arguments (the preview asks for raw frames).
    """
    timing = Timing(draft.meta.fps)
    width, height, fps = draft.meta.width, draft.meta.height, draft.meta.fps
    total = timing.frame(draft.duration_ms)
    first, end = window or (0, total)
    graph = Graph()
    prep = MediaInputs(draft, media, workdir, graph, timing, on_progress, cancel)

    tracks: list[list[list[Piece]]] = []
    for ti, track in enumerate(draft.tracks):
        if isinstance(track, VideoTrack) and track.segments:
            runs = [in_window(run, first, end) for run in track_runs(ti, track, timing)]
            tracks.append([run for run in runs if run])
    # Streams start where the earliest piece in view starts (maybe before the window).
    origin = min([first] + [run[0].start for runs in tracks for run in runs])
    stop = max([end] + [r[-1].start + r[-1].frames for runs in tracks for r in runs])

    wants_sound = fmt != "gif" and window is None
    loudness = start_measuring(draft, media, workdir, cancel) if wants_sound else None
    try:
        prep.prefetch([piece for runs in tracks for run in runs for piece in run])
        base = video_tracks(prep, tracks, origin, stop)
    except BaseException:
        if loudness is not None:
            loudness.stop()  # the render ends here: so does its loudness pass
        raise
    finally:
        prep.close()
    base = _texts(prep, base, origin, first, end)
    if (origin, stop) != (first, end):
        base = graph.chain([base], f"trim=start_frame={first - origin}:end_frame={end - origin},"
                                   "setpts=N")  # fmt: skip

    video_out = _output_video(graph, base, fmt, quality, width, height, fps)
    maps = ["-map", f"[{video_out}]"]
    if wants_sound:
        level = loudness.result() if loudness is not None else None
        audio_out = audio.mix(graph, draft, prep.music(), prep.clip_sounds(), total / fps, level)
        maps += ["-map", f"[{audio_out}]"]
    out_w, out_h = gif_size(width, height, quality) if fmt == "gif" else (width, height)
    args: list[str] = [arg for inp in graph.inputs for arg in inp]
    script = workdir / f"graph-{first}.txt"
    script.write_text(graph.script(), encoding="utf-8")
    if codecs is None:
        codecs = encoder_args(fmt, quality, fps, chunk=window is not None)
    args += ["-/filter_complex", str(script), *maps, *codecs]
    args += ["-frames:v", str(end - first)] if fmt != "gif" else []
    return RenderPlan(
        args=args,
        duration=(end - first) / fps,
        frames=end - first,
        width=out_w,
        height=out_h,
        owners=graph.owners,
        fps=fps,
        chains=graph.chains,
        spans=_spans(prep, tracks, first),
    )


def build_mux_plan(
    draft: Draft,
    media: Mapping[str, Path],
    workdir: Path,
    chunks: list[Path],
    *,
    fmt: OutputFormat,
    quality: Quality,
    loudness: audio.Loudness | None = None,
) -> RenderPlan:
    """Join video chunks without re-encoding them and add the draft's whole sound track."""
    timing = Timing(draft.meta.fps)
    total = timing.frame(draft.duration_ms)
    listing = workdir / "chunks.ffconcat"
    listing.write_text(
        "ffconcat version 1.0\n" + "".join(f"file '{c.as_posix()}'\n" for c in chunks),
        encoding="utf-8",
    )
    graph = Graph()
    graph.add_input(["-f", "concat", "-safe", "0", "-i", str(listing)])
    prep = MediaInputs(draft, media, workdir, graph, timing, None, None)
    duration = total / draft.meta.fps
    audio_out = audio.mix(graph, draft, prep.music(), prep.clip_sounds(), duration, loudness)
    script = workdir / "graph-mux.txt"
    script.write_text(graph.script(), encoding="utf-8")
    args = [arg for inp in graph.inputs for arg in inp]
    args += ["-/filter_complex", str(script), "-map", "0:v", "-map", f"[{audio_out}]"]
    args += ["-c:v", "copy", *audio_args(fmt, quality), "-t", f"{total / draft.meta.fps:.6f}"]
    return RenderPlan(
        args=args,
        duration=total / draft.meta.fps,
        frames=total,
        width=draft.meta.width,
        height=draft.meta.height,
        owners=graph.owners,
        fps=draft.meta.fps,
        chains=graph.chains,
    )


def _spans(prep: MediaInputs, tracks: list[list[list[Piece]]], first: int) -> list[blame.Span]:
    """The bottom track's segments by output frame (a window's output starts at `first`)."""
    spans: list[blame.Span] = []
    for run in tracks[0] if tracks else []:
        for piece in run:
            path = prep.media.get(piece.segment.meta.src, Path(piece.segment.meta.src))
            owner = InputOwner(segment=piece.key, path=str(path))
            start = piece.start - first
            spans.append(blame.Span(first=start, end=start + piece.frames, owner=owner))
    return spans


def _texts(prep: MediaInputs, base: str, origin: int, first: int, end: int) -> str:
    """Overlay the text segments showing in [first, end); stream time 0 is frame `origin`."""
    fps = prep.timing.fps
    for ti, track in enumerate(prep.draft.tracks):
        if not isinstance(track, TextTrack):
            continue
        for si, seg in enumerate(track.segments):
            key = f"t[{ti}].sg[{si}]"
            meta = seg.meta
            start, stop = prep.timing.frame(seg.start_ms), prep.timing.frame(seg.end_ms)
            if start >= end or stop <= first:
                continue
            image, place = draw_text(meta, prep.size)
            png = prep.workdir / f"{key}.png"
            image.save(png, compress_level=1)
            index = prep.graph.add_input(["-i", str(png)], InputOwner(segment=key, path=str(png)))
            frames = stop - start
            start -= origin  # in this stream's frames
            fades = []
            fade_in = min(meta.fade_in, seg.duration_ms // 2) / 1000
            fade_out = min(meta.fade_out, seg.duration_ms // 2) / 1000
            # Fades in the text's own time, then moved to its place; a text that began
            # before this window loses its earlier frames (trim drops pts < 0).
            if fade_in > 0:
                fades.append(f"fade=t=in:st=0:d={fade_in:.6f}:alpha=1")
            if fade_out > 0:
                fades.append(
                    f"fade=t=out:st={frames / fps - fade_out:.6f}:d={fade_out:.6f}:alpha=1"
                )
            steps = [
                to_yuv("yuva420p"),
                f"loop=loop={frames - 1}:size=1:start=0",
                f"settb=1/{fps}",
                "setpts=N",
                *fades,
                f"setpts=PTS+{start}",
            ]
            if start < 0:
                steps.append("trim=start=0")
            text = prep.graph.chain([f"{index}:v"], ",".join(steps))
            base = prep.graph.chain(
                [base, text],
                f"overlay=x={place.x}:y={place.y}:eof_action=pass:repeatlast=0",
            )
            prep.tick()
    return base


def _output_video(
    graph: Graph, base: str, fmt: OutputFormat, quality: Quality, w: int, h: int, fps: int
) -> str:
    if fmt != "gif":
        return graph.chain(
            [base],
            "setparams=colorspace=bt709:color_primaries=bt709:color_trc=bt709:range=tv,"
            "format=yuv420p",
            prefix="vout",
        )
    from photoreel.engine.presets import PRESETS

    preset = PRESETS[quality]
    gw, gh = gif_size(w, h, quality)
    split = graph.label("gif")
    graph.chains.append(
        f"[{base}]fps={preset.gif_fps},scale={gw}:{gh}:flags=lanczos,split[{split}a][{split}b]"
    )
    palette = graph.chain([f"{split}b"], "palettegen=stats_mode=diff")
    return graph.chain(
        [f"{split}a", palette], "paletteuse=dither=sierra2_4a:diff_mode=rectangle", prefix="vout"
    )
