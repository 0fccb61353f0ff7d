"""Chunks as tasks: windows made apart, in any order, from only their own files, then joined.

This is what the render farm does on many machines (photoreel.farm), here in one
process: the result must be the single-pass video, frame for frame.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engine_media import bands, media_of, photo_segment, slideshow, target, video_track
from photoreel.engine import render
from photoreel.engine.chunks import chunk_media, join_chunks, plan_chunks, render_chunk
from photoreel.engine.graph import Timing
from photoreel.engine.loudness import start_measuring
from photoreel.engine.render import CHUNK_SECONDS
from photoreel.engine.runs import track_runs
from photoreel.protocol.draft import Draft, VideoTrack, parse_draft
from photoreel.server.settings import ServerSettings
from video_checks import diff, frames, inspect, make_tone, mean_volume_db

#: Mean absolute difference (0-255) allowed between a frame of the joined chunks and the
#: same frame of a single pass. The pictures are the same (with a lossless encoder every
#: frame was bit-identical); x264 at crf 18 codes them a little differently when a chunk
#: starts a new group of pictures: up to 2.5 on the detailed zoom here, ~0.5 elsewhere.
#: Every photo here moves, so a frame off by one (a move restarted or skipped at a seam)
#: differs by far more: the test checks that too.
FRAME_TOLERANCE = 3.0


def seam_draft(folder: Path) -> Draft:
    """Moving photos, a crossfade, a wipe and a hard cut, a title and music across seams."""
    bands(folder / "stripes.png", tuple(i / 12 for i in range(1, 12)), (384, 216))
    bands(folder / "bands.png", (0.2, 0.5, 0.8), (384, 216))
    target(folder / "target.png", (384, 216))
    make_tone(folder / "song.wav", 4, amplitude=0.4)
    segments = [
        photo_segment("stripes.png", 0, 1000, motion={"type": "zoom_in"},
                      transition={"type": "fade", "d": 300}),
        photo_segment("bands.png", 1000, 1000, motion={"type": "pan_left"},
                      transition={"type": "wipeleft", "d": 300}),
        photo_segment("target.png", 2000, 1000, motion={"type": "zoom_out"}),
        photo_segment("target.png", 3000, 1000, motion={"type": "pan_right"}),
    ]  # fmt: skip
    return slideshow(
        video_track(*segments),
        {"tt": 1, "sg": [{"s": 0, "d": 4000, "m": {"src": "song.wav", "volume": 0.6}}]},
        {"tt": 7, "sg": [{"s": 500, "d": 2500, "m": {"text": "over the seams"}}]},
        d=4000,
        width=192,
        height=108,
        fps=24,
    )


def test_chunks_made_apart_and_joined_are_the_single_pass_video(tmp_path: Path) -> None:
    draft = seam_draft(tmp_path)
    media = media_of(tmp_path)
    whole = render(draft, media, tmp_path / "whole.mp4", quality="high")

    windows = plan_chunks(draft, "mp4", chunk_seconds=0.5)
    assert len(windows) >= 4, windows
    chunks: dict[int, Path] = {}
    for i in reversed(range(len(windows))):  # any order: each chunk stands alone
        window = windows[i]
        own = {src: media[src] for src in chunk_media(draft, window)}  # only its files
        workdir = tmp_path / f"task{i}"
        workdir.mkdir()
        chunks[i] = workdir / "chunk.mkv"
        render_chunk(draft, own, window, chunks[i], fmt="mp4", quality="high", workdir=workdir)
    join_dir = tmp_path / "join"
    join_dir.mkdir()
    measuring = start_measuring(draft, media, join_dir)  # the whole mix's loudness, once
    assert measuring is not None
    joined = tmp_path / "joined.mp4"
    join_chunks(draft, media, [chunks[i] for i in range(len(windows))], joined, fmt="mp4",
                quality="high", workdir=join_dir, loudness=measuring.result())  # fmt: skip

    a, b = inspect(whole.path), inspect(joined)
    assert b.frames == a.frames == 96
    assert b.duration == a.duration
    assert (b.codec, b.profile, b.pix_fmt, b.audio_codec) == (a.codec, a.profile, a.pix_fmt,
                                                              a.audio_codec)  # fmt: skip
    every = list(range(96))
    single, chunked = frames(whole.path, every), frames(joined, every)
    for n, x, y in zip(every, single, chunked, strict=True):
        assert diff(x, y) < FRAME_TOLERANCE, f"frame {n} differs (seams at {windows})"
    for first, _ in windows[1:]:  # at a seam, a frame too early or too late would show
        assert diff(single[first], chunked[first - 1]) > 2 * FRAME_TOLERANCE, first
        assert diff(single[first - 1], chunked[first]) > 2 * FRAME_TOLERANCE, first
    # One sound track over the whole timeline, at the whole mix's loudness: no restart,
    # gap or change of level at a seam.
    for second in range(4):
        assert mean_volume_db(joined, second, 1) == mean_volume_db(whole.path, second, 1)


def test_a_gif_is_one_window() -> None:
    draft = parse_draft({"d": 4000, "m": {"width": 192, "height": 108, "fps": 24},
                         "t": [video_track(photo_segment("a.png", 0, 4000))]})  # fmt: skip
    assert plan_chunks(draft, "gif", chunk_seconds=0.5) == [(0, 96)]
    assert plan_chunks(draft, "mp4", chunk_seconds=0.5) != [(0, 96)]


@st.composite
def timelines(draw: st.DrawFn) -> Draft:
    """A track of 1-8 photos of 0.2-3 s, touching or with gaps, with random transitions."""
    count = draw(st.integers(1, 8))
    lengths = [draw(st.integers(200, 3000)) for _ in range(count)]
    segments = []
    at = 0
    for i, d in enumerate(lengths):
        at += draw(st.sampled_from([0, 0, 0, 500]))  # mostly touching
        meta: dict[str, object] = {}
        room = min(d, lengths[i + 1]) if i + 1 < count else d
        if draw(st.booleans()):
            meta["transition"] = {"type": "fade", "d": draw(st.integers(40, room))}
        segments.append(photo_segment(f"p{i % 3}.png", at, d, **meta))
        at += d
    return parse_draft({"d": at, "m": {"width": 192, "height": 108, "fps": 24},
                        "t": [video_track(*segments)]})  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(draft=timelines(), chunk_seconds=st.sampled_from([0.25, 0.5, 1, 2]))
def test_chunks_tile_the_timeline_and_never_cut_a_transition(
    draft: Draft, chunk_seconds: float
) -> None:
    timing = Timing(draft.meta.fps)
    windows = plan_chunks(draft, "mp4", chunk_seconds)
    assert windows[0][0] == 0 and windows[-1][1] == timing.frame(draft.duration_ms)
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(windows))
    track = draft.tracks[0]
    assert isinstance(track, VideoTrack)
    pieces = [p for run in track_runs(0, track, timing) for p in run]
    for _, end in windows[:-1]:
        for piece, following in itertools.pairwise(pieces):
            if piece.transition_frames:  # the mixed frames of a transition stay in one chunk
                mixed_from = following.start
                assert not mixed_from < end < mixed_from + piece.transition_frames
    for window in windows:
        shown = {p.segment.meta.src for p in pieces if p.start < window[1]
                 and p.start + p.frames > window[0]}  # fmt: skip
        assert chunk_media(draft, window) == shown


def test_a_farm_chunk_is_as_long_as_a_local_window_by_default() -> None:
    """bench/farm.py measured 10 s chunks at 6 % over a local render and 20 s ones at 1 %:
    the server's default chunk is the window a local render is made in."""
    assert ServerSettings().chunk_seconds == CHUNK_SECONDS
