"""Planning a render: the draft and its media become one ffmpeg command.

The plan is made once, before ffmpeg starts:

1. every photo is decoded and fitted to the canvas with Pillow (photos.py) and
   written as one raw frame; animations as their frames; clips are probed;
2. each video track becomes runs of adjacent segments. A run is one stream:
   each segment's stream is its frame looped (plus the camera move), extended
   by half a transition on each side that has one, and neighbours are joined
   with `xfade` centred on the cut. The bottom track's runs and the gaps
   between them (the background colour) are concatenated into the base video;
   runs of upper tracks are overlaid on it;
3. text blocks are drawn with Pillow and overlaid with alpha fades;
4. the audio graph (audio.py) mixes music and clip sound;
5. the output chain encodes for the format and quality (presets.py).

All timing is in whole frames, derived from the draft's milliseconds with one
rounding rule, so segment lengths always add up to the draft's length.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from photoreel.engine import audio, photos
from photoreel.engine.errors import MediaError, RenderCancelled, RenderError
from photoreel.engine.ffmpeg import FfmpegFailed, ffmpeg_log
from photoreel.engine.motion import (
    CameraMove,
    PanStrip,
    ZoomStrip,
    camera_move,
    is_pan,
    is_zoom,
    motion_filter,
    pan_strip,
    zoom_filter,
    zoom_strip,
)
from photoreel.engine.presets import OutputFormat, Quality, audio_args, encoder_args, gif_size
from photoreel.engine.probe import probe
from photoreel.engine.text import draw_text
from photoreel.engine.transitions import fade_mix, xfade_filter
from photoreel.protocol.draft import (
    Draft,
    TransitionType,
    VideoSegment,
    VideoTrack,
    min_segment_ms,
)
from photoreel.protocol.media import MediaInfo


class InputOwner(BaseModel):
    """Which segment an ffmpeg input belongs to, to name it when ffmpeg complains."""

    segment: str
    path: str


class RenderPlan(BaseModel):
    """One ffmpeg invocation (without the output path) and what it will produce."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    args: list[str]
    duration: float
    frames: int
    width: int
    height: int
    owners: dict[int, InputOwner]

    def explain(self, exc: FfmpegFailed) -> RenderError:
        """ffmpeg's failure, reworded to name the segment and file it blamed."""
        owner = self.owners.get(exc.input_index) if exc.input_index is not None else None
        if owner is None:
            return RenderError(exc.message)
        name = Path(owner.path).name
        return RenderError(
            f"{owner.segment} ({name}): could not be read: {exc.message}",
            segment=owner.segment,
            path=owner.path,
        )


class Graph:
    """Accumulates ffmpeg inputs and filter chains; hands out unique stream labels."""

    def __init__(self) -> None:
        self.inputs: list[list[str]] = []
        self.chains: list[str] = []
        self.owners: dict[int, InputOwner] = {}
        self._labels = 0

    def add_input(self, args: list[str], owner: InputOwner | None = None) -> int:
        self.inputs.append(args)
        index = len(self.inputs) - 1
        if owner is not None:
            self.owners[index] = owner
        return index

    def label(self, prefix: str = "s") -> str:
        self._labels += 1
        return f"{prefix}{self._labels}"

    def chain(self, sources: list[str], filters: str, prefix: str = "s") -> str:
        """Add `[a][b]filters[out]` and return `out`."""
        out = self.label(prefix)
        self.chains.append("".join(f"[{s}]" for s in sources) + filters + f"[{out}]")
        return out

    def script(self) -> str:
        return ";\n".join(self.chains)


class Timing:
    """Milliseconds to frames with one rounding rule, so adjacent spans tile exactly."""

    def __init__(self, fps: int) -> None:
        self.fps = fps

    def frame(self, ms: int) -> int:
        return (ms * self.fps + 500) // 1000


class _Piece(BaseModel):
    """One segment's stream inside a run: its own frames plus transition overlaps."""

    key: str
    index: int  # position on the track, for `auto` motion
    segment: VideoSegment
    start: int  # first frame on the timeline, including the lead-in overlap
    frames: int
    lead_out: int = 0  # frames of the transition after the cut (inside the next segment)
    transition_frames: int = 0  # of the transition out of this piece, 0 for a cut


Progress = Callable[[float], None]


Window = tuple[int, int]  # [first frame, end frame) of the timeline


def build_plan(
    draft: Draft,
    media: Mapping[str, Path],
    workdir: Path,
    *,
    fmt: OutputFormat,
    quality: Quality,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
    window: Window | None = None,
) -> RenderPlan:
    """Prepare the media of `draft` in `workdir` and write the ffmpeg command.

    With a `window`, only those frames are planned, as a video-only chunk that
    `build_mux_plan` later joins and gives the sound.
    """
    timing = Timing(draft.m.fps)
    width, height, fps = draft.m.width, draft.m.height, draft.m.fps
    total = timing.frame(draft.d)
    first, end = window or (0, total)
    graph = Graph()
    prep = _Preparer(draft, media, workdir, graph, timing, on_progress, cancel)

    tracks: list[list[list[_Piece]]] = []
    for ti, track in enumerate(draft.t):
        if isinstance(track, VideoTrack) and track.sg:
            runs = [_within(run, first, end) for run in _runs(ti, track, timing)]
            tracks.append([run for run in runs if run])
    # Streams start where the earliest piece in view starts (maybe before the window).
    origin = min([first] + [run[0].start for runs in tracks for run in runs])
    stop = max([end] + [r[-1].start + r[-1].frames for runs in tracks for r in runs])

    wants_sound = fmt != "gif" and window is None
    loudness = start_measuring(draft, media, workdir) if wants_sound else None
    try:
        prep.prefetch([piece for runs in tracks for run in runs for piece in run])
        base = _video(prep, tracks, origin, stop)
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
    )


def _video(prep: _Preparer, tracks: list[list[list[_Piece]]], origin: int, stop: int) -> str:
    """The video tracks from frame `origin` to `stop`: the bottom one, the others over it."""
    graph, m = prep.graph, prep.draft.m
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
    timing = Timing(draft.m.fps)
    total = timing.frame(draft.d)
    listing = workdir / "chunks.ffconcat"
    listing.write_text(
        "ffconcat version 1.0\n" + "".join(f"file '{c.as_posix()}'\n" for c in chunks),
        encoding="utf-8",
    )
    graph = Graph()
    graph.add_input(["-f", "concat", "-safe", "0", "-i", str(listing)])
    prep = _Preparer(draft, media, workdir, graph, timing, None, None)
    duration = total / draft.m.fps
    audio_out = audio.mix(graph, draft, prep.music(), prep.clip_sounds(), duration, loudness)
    script = workdir / "graph-mux.txt"
    script.write_text(graph.script(), encoding="utf-8")
    args = [arg for inp in graph.inputs for arg in inp]
    args += ["-/filter_complex", str(script), "-map", "0:v", "-map", f"[{audio_out}]"]
    args += ["-c:v", "copy", *audio_args(fmt, quality), "-t", f"{total / draft.m.fps:.6f}"]
    return RenderPlan(
        args=args,
        duration=total / draft.m.fps,
        frames=total,
        width=draft.m.width,
        height=draft.m.height,
        owners=graph.owners,
    )


#: The most prepared pixels one window's ffmpeg graph holds: five 1080p photos. ffmpeg
#: keeps every input's frame (and its converted copy and filter buffers) for the whole
#: graph, about 50 MB a 1080p photo next to x264's ~370 MB, so this keeps a render well
#: under 1 GiB however many photos a second the draft shows.
WINDOW_PIXELS = 5 * 1920 * 1080


def start_measuring(
    draft: Draft, media: Mapping[str, Path], workdir: Path
) -> Future[audio.Loudness | None] | None:
    """Measure the mix's loudness in the background (None when nothing needs it).

    The measuring pass is the render's own audio graph, audio only, ending in
    `ebur128`: about a quarter of a second per minute of sound, done while the
    photos are being prepared.
    """
    if not draft.m.loudnorm:
        return None
    graph = Graph()
    prep = _Preparer(draft, media, workdir, graph, Timing(draft.m.fps), None, None)
    try:
        music, clips = prep.music(), prep.clip_sounds()
    except RenderError:
        return None  # the render itself will name the bad file
    if not music and not clips:
        return None
    duration = Timing(draft.m.fps).frame(draft.d) / draft.m.fps
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


def chunk_windows(draft: Draft, chunk_frames: int, budget: int = WINDOW_PIXELS) -> list[Window]:
    """Split the timeline into windows of about `chunk_frames`, never inside a transition.

    Rendering window by window keeps memory flat however long the video is:
    ffmpeg holds every input's prepared frame from the start of a run. A window
    also ends early when the photos in it would weigh more than `budget`
    pixels (a pan's strip counts twice), so a short draft of many photos is
    split too.
    """
    timing = Timing(draft.m.fps)
    total = timing.frame(draft.d)
    size = (draft.m.width, draft.m.height)
    canvas = size[0] * size[1]
    pieces: list[tuple[int, int, int]] = []  # first frame, end frame, weight in pixels
    busy: list[tuple[int, int]] = []  # transitions: a cut there would split an xfade
    for ti, track in enumerate(draft.t):
        if isinstance(track, VideoTrack):
            for run in _runs(ti, track, timing):
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


def _weight(piece: _Piece, canvas: tuple[int, int]) -> float:
    """How many canvas-sized frames a piece's input holds: 2 for a pan's strip, a zoom's
    strip by its pixels, else 1."""
    meta = piece.segment.m
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
    if width >= draft.m.width:
        return draft
    height = max(round(draft.m.height * width / draft.m.width / 2) * 2, 16)
    meta = draft.m.model_copy(update={"width": width, "height": height})
    return draft.model_copy(update={"m": meta})


def _within(run: list[_Piece], first: int, end: int) -> list[_Piece]:
    """The pieces of a run that show in frames [first, end)."""
    return [p for p in run if p.start < end and p.start + p.frames > first]


# ---------------------------------------------------------------------------
# Video tracks
# ---------------------------------------------------------------------------


def _background(graph: Graph, colour: str, w: int, h: int, frames: int, fps: int) -> str:
    """`frames` frames of the draft's background colour (what gaps show)."""
    return graph.chain(
        [],
        f"color=c=0x{colour.lstrip('#')[:6]}:s={w}x{h}:r={fps},format=yuv420p,"
        f"settb=1/{fps},setpts=N,trim=end_frame={frames}",
        prefix="bg",
    )


def _runs(ti: int, track: VideoTrack, timing: Timing) -> list[list[_Piece]]:
    """Split a track into runs of touching segments and size each one's stream."""
    runs: list[list[_Piece]] = []
    for si, seg in enumerate(track.sg):
        start, end = timing.frame(seg.s), timing.frame(seg.end)
        piece = _Piece(key=f"t[{ti}].sg[{si}]", index=si, segment=seg, start=start, frames=0)
        piece.frames = end - start
        if runs and track.sg[si - 1].end == seg.s:
            prev = runs[-1][-1]
            tr = prev.segment.m.transition
            tf = timing.frame(tr.d) if tr is not None and tr.type != "none" else 0
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


class _Run(BaseModel):
    """A run's stream: its label and the frames it spans on the timeline."""

    label: str
    start: int
    end: int


def _run_stream(prep: _Preparer, run: list[_Piece]) -> _Run:
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
            tr = run[i - 1].segment.m.transition
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


def _transitions_overlap(run: list[_Piece]) -> bool:
    """True when a segment is too short for both its transitions (they would overlap)."""
    for i, piece in enumerate(run):
        head = run[i - 1].transition_frames if i > 0 else 0
        tail = piece.transition_frames if i < len(run) - 1 else 0
        if head + tail > piece.frames:
            return True
    return False


def _chained_run(graph: Graph, run: list[_Piece], streams: list[str], fps: int) -> _Run:
    """A run joined by `xfade`s on whole streams: slower, but transitions may overlap."""
    label = streams[0]
    origin = run[0].start
    for prev, piece, stream in zip(run, run[1:], streams[1:], strict=False):
        if prev.transition_frames:
            tr = prev.segment.m.transition
            assert tr is not None
            offset = piece.start - origin
            label = graph.chain(
                [label, stream], xfade_filter(tr.type, prev.transition_frames, offset, fps)
            )
        else:
            label = graph.chain([label, stream], "concat=n=2:v=1:a=0")
    return _Run(label=label, start=origin, end=run[-1].start + run[-1].frames)


def _concat_base(graph: Graph, draft: Draft, runs: list[_Run], origin: int, stop: int) -> str:
    """The bottom video track from `origin` to `stop`: its runs, the background in the gaps."""
    m = draft.m
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


# ---------------------------------------------------------------------------
# Preparing media
# ---------------------------------------------------------------------------


class _Preparer:
    """Turns segments into ffmpeg inputs, decoding photos once with Pillow."""

    def __init__(
        self,
        draft: Draft,
        media: Mapping[str, Path],
        workdir: Path,
        graph: Graph,
        timing: Timing,
        on_progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        self.draft = draft
        self.media = media
        self.workdir = workdir
        self.graph = graph
        self.timing = timing
        self.size = (draft.m.width, draft.m.height)
        self.on_progress = on_progress
        self.cancel = cancel
        self._done = 0
        self._probed: dict[Path, MediaInfo] = {}
        self._ready: dict[str, Future[Path]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._count = max(sum(len(t.sg) for t in draft.t), 1)

    # -- bookkeeping --------------------------------------------------------

    def _tick(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise RenderCancelled()
        self._done += 1
        if self.on_progress is not None:
            self.on_progress(self._done / self._count)

    def path_of(self, key: str, src: str) -> Path:
        path = self.media.get(src)
        if path is None:
            raise RenderError(
                f"{key}: no file was given for media '{src}'; add it to the session "
                "or fix the segment's src",
                segment=key,
            )
        path = Path(path)
        if not path.is_file():
            raise RenderError(
                f"{key} ({path.name}): file not found ({path})", segment=key, path=str(path)
            )
        return path

    def probe(self, key: str, path: Path) -> MediaInfo:
        if path not in self._probed:
            try:
                self._probed[path] = probe(path)
            except MediaError as exc:
                raise RenderError(f"{key}: {exc.message}", segment=key, path=str(path)) from None
        return self._probed[path]

    # -- video segments -------------------------------------------------------

    def segment_stream(self, piece: _Piece) -> str:
        meta = piece.segment.m
        path = self.path_of(piece.key, meta.src)
        info = self.probe(piece.key, path)
        owner = InputOwner(segment=piece.key, path=str(path))
        try:
            if info.kind == "image" and info.frames > 1:
                label = self._animation(piece, path, owner)
            elif info.kind == "image":
                label = self._photo(piece, path, owner, [(0, piece.frames)])[0]
            elif info.kind == "video":
                label = self._clip(piece, path, info, owner)
            else:
                raise RenderError(
                    f"{piece.key} ({path.name}): an audio file cannot be shown on a video "
                    "track; put it on an audio track (tt 1)",
                    segment=piece.key,
                    path=str(path),
                )
        except MediaError as exc:
            raise RenderError(
                f"{piece.key}: {exc.message}", segment=piece.key, path=str(path)
            ) from None
        move = camera_move(meta.motion, piece.index)
        if move is not None and not (info.kind == "image" and info.frames == 1):
            label = self.graph.chain([label], motion_filter(move, piece.frames))
        self._tick()
        return label

    def is_still(self, piece: _Piece) -> bool:
        """A photo (one frame), as opposed to a clip or an animation."""
        info = self.probe(piece.key, self.path_of(piece.key, piece.segment.m.src))
        return info.kind == "image" and info.frames == 1

    def still_parts(self, piece: _Piece, cuts: tuple[int, ...]) -> list[str]:
        """A photo's stream cut at frame numbers `cuts` (the last is its length), each part
        from time 0 with its share of the camera move; an empty part is ""."""
        path = self.path_of(piece.key, piece.segment.m.src)
        owner = InputOwner(segment=piece.key, path=str(path))
        bounds = list(itertools.pairwise([0, *cuts]))
        labels = iter(self._photo(piece, path, owner, [b for b in bounds if b[1] > b[0]]))
        self._tick()
        return [next(labels) if b > a else "" for a, b in bounds]

    def _move(self, piece: _Piece) -> CameraMove | None:
        return camera_move(piece.segment.m.motion, piece.index)

    def _pan(self, piece: _Piece) -> PanStrip | None:
        move = self._move(piece)
        return pan_strip(move, piece.frames, self.size) if move and is_pan(move) else None

    def _zoom(self, piece: _Piece) -> ZoomStrip | None:
        move = self._move(piece)
        return zoom_strip(move, self.size) if move and is_zoom(move) else None

    def _prepare_photo(self, piece: _Piece, path: Path) -> Path:
        """Decode and fit a photo once (for a pan, phase-shifted copies; for a zoom,
        larger copies); write it as a raw frame."""
        meta = piece.segment.m
        strip, zoom = self._pan(piece), self._zoom(piece)
        size = (strip.width, strip.height) if strip else zoom.base if zoom else self.size
        frame = photos.fit_to_canvas(
            photos.load_photo(path, need=size, bg=meta.bg), size, meta.fit, meta.bg
        )
        prepared = self.workdir / f"{piece.key}.{piece.start}.ppm"
        if strip is not None:
            photos.save_phase_strip(frame, strip.axis, strip.shifts, prepared)
        elif zoom is not None:
            photos.save_zoom_strip(frame, zoom, prepared)
        else:
            frame.save(prepared)
        return prepared

    def prefetch(self, pieces: list[_Piece]) -> None:
        """Start preparing every still photo, on all cores (Pillow releases the GIL)."""
        self._pool = ThreadPoolExecutor(max_workers=max(min(os.cpu_count() or 1, 4), 1))
        for piece in pieces:
            path = self.path_of(piece.key, piece.segment.m.src)
            info = self.probe(piece.key, path)
            if info.kind == "image" and info.frames == 1:
                self._ready[piece.key] = self._pool.submit(self._prepare_photo, piece, path)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _photo(
        self, piece: _Piece, path: Path, owner: InputOwner, parts: list[tuple[int, int]]
    ) -> list[str]:
        """A still: one prepared frame, looped; a pan is a moving crop of a phase strip,
        a zoom a resized crop of a zoom strip. One stream for each (first, end) frame
        range in `parts`, each from time 0."""
        move = self._move(piece)
        fps = self.timing.fps
        zoom = self._zoom(piece)
        playbacks = []
        for first, end in parts:  # worked out while the photo is prepared
            if move is not None and is_pan(move):
                playbacks.append(f",{pan_strip(move, piece.frames, self.size, first).crop}")
            elif move is not None and zoom is not None:
                name = self.graph.label("zoom")
                played = zoom_filter(zoom, move, piece.frames, self.size, fps, name, (first, end))
                playbacks.append(f",{played}")
            else:
                playbacks.append("")
        ready = self._ready.get(piece.key)
        prepared = ready.result() if ready else self._prepare_photo(piece, path)
        index = self.graph.add_input(["-i", str(prepared)], owner)
        loop = (
            f"{_to_yuv('yuv420p')},loop=loop={piece.frames - 1}:size=1:start=0,"
            f"settb=1/{fps},setpts=N"
        )
        if parts == [(0, piece.frames)]:
            return [self.graph.chain([f"{index}:v"], loop + playbacks[0])]
        looped = self.graph.chain([f"{index}:v"], loop)
        copies = [self.graph.label() for _ in parts]
        self.graph.chains.append(
            f"[{looped}]split={len(parts)}" + "".join(f"[{c}]" for c in copies)
        )
        return [
            self.graph.chain(
                [copy], f"trim=start_frame={first}:end_frame={end},setpts=PTS-STARTPTS{playback}"
            )
            for copy, (first, end), playback in zip(copies, parts, playbacks, strict=True)
        ]

    def _animation(self, piece: _Piece, path: Path, owner: InputOwner) -> str:
        meta = piece.segment.m
        fps = self.timing.fps
        entries: list[tuple[Path, int]] = []
        for i, (frame, duration) in enumerate(photos.animation_frames(path, meta.bg)):
            fitted = photos.fit_to_canvas(frame, self.size, meta.fit, meta.bg)
            out = self.workdir / f"{piece.key}.{i:04d}.ppm"
            fitted.save(out)
            entries.append((out, duration))
        cycle = sum(d for _, d in entries)
        needed_ms = (piece.frames + 1) * 1000 / fps
        lines = ["ffconcat version 1.0"]
        elapsed = 0
        while elapsed < needed_ms + cycle:
            for out, duration in entries:
                lines += [f"file '{out.as_posix()}'", f"duration {duration / 1000:.3f}"]
                elapsed += duration
        lines.append(f"file '{entries[-1][0].as_posix()}'")
        listing = self.workdir / f"{piece.key}.ffconcat"
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
        index = self.graph.add_input(["-f", "concat", "-safe", "0", "-i", str(listing)], owner)
        return self.graph.chain(
            [f"{index}:v"],
            f"fps={fps},{_to_yuv('yuv420p')},trim=end_frame={piece.frames},settb=1/{fps},setpts=N",
        )

    def _clip(
        self,
        piece: _Piece,
        path: Path,
        info: MediaInfo,
        owner: InputOwner,
    ) -> str:
        meta = piece.segment.m
        fps = self.timing.fps
        w, h = self.size
        seek = meta.trim_in / 1000
        if info.duration is not None and seek >= info.duration:
            raise RenderError(
                f"{piece.key} ({path.name}): trim_in {seek:g}s is past the clip's end "
                f"({info.duration:g}s)",
                segment=piece.key,
                path=str(path),
            )
        self._check_clip_span(piece, path, info)
        shown = piece.frames * 1000 // fps  # with transition overlaps
        reading = _clip_read_seconds(meta.trim_in, meta.trim_out, shown)
        args = ["-ss", f"{seek:.3f}", "-t", f"{reading:.3f}"]
        index = self.graph.add_input([*args, "-i", str(path)], owner)
        fitted = _fit_clip(self.graph, f"{index}:v", meta.fit, meta.bg, w, h, fps)
        label = self.graph.chain(
            [fitted],
            f"tpad=stop_mode=clone:stop=-1,trim=end_frame={piece.frames},settb=1/{fps},setpts=N",
        )
        return label

    def _check_clip_span(self, piece: _Piece, path: Path, info: MediaInfo) -> None:
        """Refuse a clip whose trimmed part holds no whole frame (the draft cannot see it).

        ffmpeg would decode nothing and the segment would silently vanish, making the
        video shorter than the draft's `d`.
        """
        meta = piece.segment.m
        end_ms = meta.trim_out if meta.trim_out is not None else None
        if info.duration is not None:
            clip_ms = int(info.duration * 1000)
            end_ms = clip_ms if end_ms is None else min(end_ms, clip_ms)
        if end_ms is None:
            return
        frame_ms = min_segment_ms(self.timing.fps)
        if end_ms - meta.trim_in < frame_ms:
            raise RenderError(
                f"{piece.key} ({path.name}): only {max(end_ms - meta.trim_in, 0)} ms of the "
                f"clip is left after trim_in {meta.trim_in} ms, less than one frame at "
                f"{self.timing.fps} fps; start trim_in at least {frame_ms} ms before "
                f"{'trim_out' if end_ms == meta.trim_out else 'the clip ends'}",
                segment=piece.key,
                path=str(path),
            )

    # -- audio --------------------------------------------------------------

    def clip_sounds(self) -> list[audio.ClipSound]:
        """The sound of every clip that keeps or ducks it, each from its own audio-only input."""
        sounds: list[audio.ClipSound] = []
        for ti, track in enumerate(self.draft.t):
            if not isinstance(track, VideoTrack):
                continue
            for si, seg in enumerate(track.sg):
                meta = seg.m
                if meta.kind != "video" or meta.audio == "mute" or meta.volume <= 0:
                    continue
                key = f"t[{ti}].sg[{si}]"
                path = self.path_of(key, meta.src)
                info = self.probe(key, path)
                if info.kind != "video" or not info.has_audio:
                    continue
                args = ["-ss", f"{meta.trim_in / 1000:.3f}", "-vn"]
                args += ["-t", f"{_clip_read_seconds(meta.trim_in, meta.trim_out, seg.d):.3f}"]
                owner = InputOwner(segment=key, path=str(path))
                index = self.graph.add_input([*args, "-i", str(path)], owner)
                sounds.append(
                    audio.ClipSound(
                        stream=f"{index}:a",
                        start=seg.s / 1000,
                        duration=seg.d / 1000,
                        volume=meta.volume,
                        duck=meta.audio == "duck",
                    )
                )
        return sounds

    def music(self) -> list[audio.MusicInput]:
        tracks: list[audio.MusicInput] = []
        for ti, track in enumerate(self.draft.t):
            if getattr(track, "tt", None) != 1:
                continue
            for si, seg in enumerate(track.sg):
                key = f"t[{ti}].sg[{si}]"
                meta: Any = seg.m
                path = self.path_of(key, meta.src)
                info = self.probe(key, path)
                if not info.has_audio or not info.duration:
                    raise RenderError(
                        f"{key} ({path.name}): the file has no sound to play",
                        segment=key,
                        path=str(path),
                    )
                owner = InputOwner(segment=key, path=str(path))
                loop = ["-stream_loop", "-1"] if meta.loop else []
                # Read no more than the segment plays: a looping input never ends by
                # itself, and a long song would be read to its end only to be trimmed.
                needed = (meta.offset + seg.d) / 1000 + _READ_MARGIN_S
                index = self.graph.add_input([*loop, "-t", f"{needed:.3f}", "-i", str(path)], owner)
                tracks.append(
                    audio.MusicInput(
                        stream=f"{index}:a",
                        start=seg.s / 1000,
                        duration=seg.d / 1000,
                        offset=meta.offset / 1000,
                        volume=meta.volume,
                        fade_in=meta.fade_in / 1000,
                        fade_out=meta.fade_out / 1000,
                    )
                )
                self._tick()
        return tracks


#: Read a little past what a segment plays, so rounding never starves a filter.
_READ_MARGIN_S = 1.0


def _clip_read_seconds(trim_in: int, trim_out: int | None, shown_ms: int) -> float:
    """How much of a clip to read from `trim_in`: to `trim_out`, but never much more
    than the segment shows (a 60 s clip shown for 5 s is not decoded to its end)."""
    wanted = shown_ms / 1000 + _READ_MARGIN_S
    if trim_out is not None:
        wanted = min(wanted, (trim_out - trim_in) / 1000)
    return wanted


def _to_yuv(pix_fmt: str) -> str:
    """RGB to BT.709 limited-range YUV, the colours every player expects of HD video."""
    return f"scale=out_color_matrix=bt709:out_range=tv,format={pix_fmt}"


def _fit_clip(graph: Graph, source: str, fit: str, bg: str, w: int, h: int, fps: int) -> str:
    """A clip's frames fitted to the canvas (clips are scaled per frame; photos never are)."""
    head = f"setpts=PTS-STARTPTS,fps={fps},setsar=1"
    scale = "scale={w}:{h}:force_original_aspect_ratio={how}:force_divisible_by=2"
    colour = ":out_color_matrix=bt709:out_range=tv"
    if fit == "cover":
        return graph.chain(
            [source],
            f"{head},{scale.format(w=w, h=h, how='increase')}{colour},crop={w}:{h},"
            "format=yuv420p,setsar=1",
        )
    contained = f"{scale.format(w=w, h=h, how='decrease')}{colour},format=yuv420p"
    if fit == "contain":
        return graph.chain(
            [source],
            f"{head},{contained},pad={w}:{h}:-1:-1:color=0x{bg.lstrip('#')[:6]},setsar=1",
        )
    split = graph.label("split")
    graph.chains.append(f"[{source}]{head},split=2[{split}a][{split}b]")
    small_w, small_h = max(w // 8 // 2 * 2, 2), max(h // 8 // 2 * 2, 2)
    backdrop = graph.chain(
        [f"{split}a"],
        f"{scale.format(w=small_w, h=small_h, how='increase')}{colour},"
        f"crop={small_w}:{small_h},format=yuv420p,gblur=sigma={max(small_w, small_h) / 40:.2f},"
        f"eq=brightness=-0.18,scale={w}:{h}",
    )
    front = graph.chain([f"{split}b"], contained)
    return graph.chain([backdrop, front], "overlay=(W-w)/2:(H-h)/2,format=yuv420p,setsar=1")


# ---------------------------------------------------------------------------
# Text and output
# ---------------------------------------------------------------------------


def _texts(prep: _Preparer, base: str, origin: int, first: int, end: int) -> str:
    """Overlay the text segments showing in [first, end); stream time 0 is frame `origin`."""
    fps = prep.timing.fps
    for ti, track in enumerate(prep.draft.t):
        if getattr(track, "tt", None) != 7:
            continue
        for si, seg in enumerate(track.sg):
            key = f"t[{ti}].sg[{si}]"
            meta: Any = seg.m
            start, stop = prep.timing.frame(seg.s), prep.timing.frame(seg.end)
            if start >= end or stop <= first:
                continue
            image, place = draw_text(meta, prep.size)
            png = prep.workdir / f"{key}.png"
            image.save(png, compress_level=1)
            index = prep.graph.add_input(["-i", str(png)], InputOwner(segment=key, path=str(png)))
            frames = stop - start
            start -= origin  # in this stream's frames
            fades = []
            fade_in = min(meta.fade_in, seg.d // 2) / 1000
            fade_out = min(meta.fade_out, seg.d // 2) / 1000
            # Fades in the text's own time, then moved to its place; a text that began
            # before this window loses its earlier frames (trim drops pts < 0).
            if fade_in > 0:
                fades.append(f"fade=t=in:st=0:d={fade_in:.6f}:alpha=1")
            if fade_out > 0:
                fades.append(
                    f"fade=t=out:st={frames / fps - fade_out:.6f}:d={fade_out:.6f}:alpha=1"
                )
            steps = [
                _to_yuv("yuva420p"),
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
            prep._tick()
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
