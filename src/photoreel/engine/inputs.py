"""Segments' media as ffmpeg inputs: photos decoded once with Pillow, animations, clips, sound."""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from photoreel.engine import animation, audio, photos
from photoreel.engine.errors import MediaError, RenderCancelled, RenderError
from photoreel.engine.ffmpeg import Stop
from photoreel.engine.graph import Graph, InputOwner, Progress, Timing, to_yuv
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
from photoreel.engine.probe import probe
from photoreel.engine.runs import Piece
from photoreel.protocol.draft import AudioTrack, Draft, VideoTrack, min_segment_ms
from photoreel.protocol.framing import Rect, frame_focus
from photoreel.protocol.media import MediaInfo


class MediaInputs:
    """Turns segments into ffmpeg inputs, decoding photos once with Pillow."""

    def __init__(
        self,
        draft: Draft,
        media: Mapping[str, Path],
        workdir: Path,
        graph: Graph,
        timing: Timing,
        on_progress: Progress | None,
        cancel: Stop | None,
    ) -> None:
        self.draft = draft
        self.media = media
        self.workdir = workdir
        self.graph = graph
        self.timing = timing
        self.size = (draft.meta.width, draft.meta.height)
        self.on_progress = on_progress
        self.cancel = cancel
        self._done = 0
        self._probed: dict[Path, MediaInfo] = {}
        self._upright: dict[Path, tuple[int, int]] = {}
        self._ready: dict[str, Future[Path]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._count = max(sum(len(t.segments) for t in draft.tracks), 1)

    # -- bookkeeping --------------------------------------------------------

    def tick(self) -> None:
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
                self._probed[path] = probe(path, timing=False)
            except MediaError as exc:
                raise _blamed(key, path, exc) from None
        return self._probed[path]

    # -- video segments -------------------------------------------------------

    def segment_stream(self, piece: Piece) -> str:
        meta = piece.segment.meta
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
            raise _blamed(piece.key, path, exc) from None
        move = self._move(piece)
        if move is not None and not (info.kind == "image" and info.frames == 1):
            label = self.graph.chain([label], motion_filter(move, piece.frames))
        self.tick()
        return label

    def is_still(self, piece: Piece) -> bool:
        """A photo (one frame), as opposed to a clip or an animation."""
        info = self.probe(piece.key, self.path_of(piece.key, piece.segment.meta.src))
        return info.kind == "image" and info.frames == 1

    def still_parts(self, piece: Piece, cuts: tuple[int, ...]) -> list[str]:
        """A photo's stream cut at frame numbers `cuts` (the last is its length), each part
        from time 0 with its share of the camera move; an empty part is ""."""
        path = self.path_of(piece.key, piece.segment.meta.src)
        owner = InputOwner(segment=piece.key, path=str(path))
        bounds = list(itertools.pairwise([0, *cuts]))
        try:
            labels = iter(self._photo(piece, path, owner, [b for b in bounds if b[1] > b[0]]))
        except MediaError as exc:
            raise _blamed(piece.key, path, exc) from None
        self.tick()
        return [next(labels) if b > a else "" for a, b in bounds]

    def _move(self, piece: Piece) -> CameraMove | None:
        return camera_move(piece.segment.meta.motion, piece.index, self._focus(piece))

    def _focus(self, piece: Piece) -> Rect | None:
        """Where the segment's `m.focus` lands in the canvas-sized frame (photos only)."""
        meta = piece.segment.meta
        if not meta.focus or meta.kind != "image":
            return None
        path = self.path_of(piece.key, meta.src)
        if path not in self._upright:
            try:
                self._upright[path] = photos.upright_size(path)
            except MediaError as exc:
                raise _blamed(piece.key, path, exc) from None
        return frame_focus(self._upright[path], self.size, meta.fit, meta.focus)

    def _pan(self, piece: Piece) -> PanStrip | None:
        move = self._move(piece)
        return pan_strip(move, piece.frames, self.size) if move and is_pan(move) else None

    def _zoom(self, piece: Piece) -> ZoomStrip | None:
        move = self._move(piece)
        return zoom_strip(move, self.size) if move and is_zoom(move) else None

    def _prepare_photo(self, piece: Piece, path: Path) -> Path:
        """Decode and fit a photo once (for a pan, phase-shifted copies; for a zoom,
        larger copies); write it as a raw frame."""
        if self.cancel is not None and self.cancel.is_set():
            raise RenderCancelled()  # a photo not yet started is not worth preparing
        meta = piece.segment.meta
        strip, zoom = self._pan(piece), self._zoom(piece)
        size = (strip.width, strip.height) if strip else zoom.base if zoom else self.size
        frame = photos.fit_to_canvas(
            photos.load_photo(path, need=size, bg=meta.bg), size, meta.fit, meta.bg, meta.focus
        )
        prepared = self.workdir / f"{piece.key}.{piece.start}.ppm"
        if strip is not None:
            photos.save_phase_strip(frame, strip.axis, strip.shifts, prepared)
        elif zoom is not None:
            photos.save_zoom_strip(frame, zoom, prepared)
        else:
            frame.save(prepared)
        return prepared

    def prefetch(self, pieces: list[Piece]) -> None:
        """Start preparing every still photo, on all cores (Pillow releases the GIL)."""
        self._pool = ThreadPoolExecutor(max_workers=max(min(os.cpu_count() or 1, 4), 1))
        for piece in pieces:
            path = self.path_of(piece.key, piece.segment.meta.src)
            info = self.probe(piece.key, path)
            if info.kind == "image" and info.frames == 1:
                self._ready[piece.key] = self._pool.submit(self._prepare_photo, piece, path)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _photo(
        self, piece: Piece, path: Path, owner: InputOwner, parts: list[tuple[int, int]]
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
        # At the draft's rate from the start (an image input is 25 fps otherwise): xfade
        # refuses inputs whose rates differ, and concat times a frame by its duration.
        index = self.graph.add_input(["-framerate", str(fps), "-i", str(prepared)], owner)
        loop = (
            f"{to_yuv('yuv420p')},loop=loop={piece.frames - 1}:size=1:start=0,"
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

    def _animation(self, piece: Piece, path: Path, owner: InputOwner) -> str:
        """An animated GIF/WebP: the frames the segment shows, fitted like a clip's."""
        meta = piece.segment.meta
        fps = self.timing.fps
        shown = animation.shown_frames(
            path, piece.frames, fps, self.workdir, f"{piece.key}.anim", self.size, meta.bg,
            fit=meta.fit, focus=meta.focus,
        )  # fmt: skip
        listing = self.workdir / f"{piece.key}.{piece.start}.ffconcat"
        listing.write_text(animation.ffconcat(shown, fps), encoding="utf-8")
        index = self.graph.add_input(["-f", "concat", "-safe", "0", "-i", str(listing)], owner)
        w, h = self.size
        fitted = _fit_clip(self.graph, f"{index}:v", meta.fit, meta.bg, w, h, fps)
        return self.graph.chain(
            [fitted],
            f"tpad=stop_mode=clone:stop=-1,trim=end_frame={piece.frames},settb=1/{fps},setpts=N",
        )

    def _clip(
        self,
        piece: Piece,
        path: Path,
        info: MediaInfo,
        owner: InputOwner,
    ) -> str:
        meta = piece.segment.meta
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

    def _check_clip_span(self, piece: Piece, path: Path, info: MediaInfo) -> None:
        """Refuse a clip whose trimmed part holds no whole frame (the draft cannot see it).

        ffmpeg would decode nothing and the segment would silently vanish, making the
        video shorter than the draft's `d`.
        """
        meta = piece.segment.meta
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
        for ti, track in enumerate(self.draft.tracks):
            if not isinstance(track, VideoTrack):
                continue
            for si, seg in enumerate(track.segments):
                meta = seg.meta
                if meta.kind != "video" or meta.audio == "mute" or meta.volume <= 0:
                    continue
                key = f"t[{ti}].sg[{si}]"
                path = self.path_of(key, meta.src)
                info = self.probe(key, path)
                if info.kind != "video" or not info.has_audio:
                    continue
                args = ["-ss", f"{meta.trim_in / 1000:.3f}", "-vn"]
                args += [
                    "-t",
                    f"{_clip_read_seconds(meta.trim_in, meta.trim_out, seg.duration_ms):.3f}",
                ]
                owner = InputOwner(segment=key, path=str(path))
                index = self.graph.add_input([*args, "-i", str(path)], owner)
                sounds.append(
                    audio.ClipSound(
                        stream=f"{index}:a",
                        start=seg.start_ms / 1000,
                        duration=seg.duration_ms / 1000,
                        volume=meta.volume,
                        duck=meta.audio == "duck",
                    )
                )
        return sounds

    def music(self) -> list[audio.MusicInput]:
        tracks: list[audio.MusicInput] = []
        for ti, track in enumerate(self.draft.tracks):
            if not isinstance(track, AudioTrack):
                continue
            for si, seg in enumerate(track.segments):
                key = f"t[{ti}].sg[{si}]"
                meta = seg.meta
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
                needed = (meta.offset + seg.duration_ms) / 1000 + _READ_MARGIN_S
                index = self.graph.add_input([*loop, "-t", f"{needed:.3f}", "-i", str(path)], owner)
                tracks.append(
                    audio.MusicInput(
                        stream=f"{index}:a",
                        start=seg.start_ms / 1000,
                        duration=seg.duration_ms / 1000,
                        offset=meta.offset / 1000,
                        volume=meta.volume,
                        fade_in=meta.fade_in / 1000,
                        fade_out=meta.fade_out / 1000,
                    )
                )
                self.tick()
        return tracks


#: Read a little past what a segment plays, so rounding never starves a filter.
_READ_MARGIN_S = 1.0


def _blamed(key: str, path: Path, exc: MediaError) -> RenderError:
    """A file's problem as the render's: `t[0].sg[1] (IMG_0001.jpg): the photo is cut short…`."""
    return RenderError(f"{key} ({path.name}): {exc.reason}", segment=key, path=str(path))


def _clip_read_seconds(trim_in: int, trim_out: int | None, shown_ms: int) -> float:
    """How much of a clip to read from `trim_in`: to `trim_out`, but never much more
    than the segment shows (a 60 s clip shown for 5 s is not decoded to its end)."""
    wanted = shown_ms / 1000 + _READ_MARGIN_S
    if trim_out is not None:
        wanted = min(wanted, (trim_out - trim_in) / 1000)
    return wanted


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
