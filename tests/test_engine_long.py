"""Long videos are rendered in windows and joined: the result must not show the seams."""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path

import pytest

from engine_media import BLUE, RED, media_of, photo_segment, slideshow, solid, video_track
from photoreel.engine import render
from photoreel.engine.windows import chunk_windows
from video_checks import diff, frames, inspect, make_tone, mean_volume_db


def long_draft(tmp_path: Path):
    solid(tmp_path / "red.png", RED)
    solid(tmp_path / "blue.png", BLUE)
    make_tone(tmp_path / "song.wav", 2, amplitude=0.4)
    names = ["red.png", "blue.png"] * 3
    segments = [
        photo_segment(
            n, i * 1000, 1000, motion={"type": "auto"}, transition={"type": "fade", "d": 400}
        )
        for i, n in enumerate(names)
    ]
    return slideshow(
        video_track(*segments),
        {"tt": 1, "sg": [{"s": 0, "d": 6000, "m": {"src": "song.wav", "volume": 0.5}}]},
        {"tt": 7, "sg": [{"s": 1500, "d": 3000, "m": {"text": "across the seams"}}]},
        d=6000,
        loudnorm=False,
    )


def test_windows_never_split_a_transition(tmp_path: Path) -> None:
    draft = long_draft(tmp_path)
    windows = chunk_windows(draft, 30)
    assert windows[0][0] == 0 and windows[-1][1] == 180 and len(windows) > 2
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    for _, end in windows[:-1]:
        cut = (end + 15) // 30 * 30  # nearest cut; its 0.4 s fade spans cut-6 .. cut+6
        assert not cut - 6 <= end <= cut + 6, windows


def test_a_short_draft_of_many_photos_is_split_so_memory_stays_bounded() -> None:
    """ffmpeg holds every photo of a window: at 1080p, at most two pans (strips) a window."""
    segments = [
        photo_segment(
            f"p{i}.jpg",
            i * 1000,
            1000,
            motion={"type": "pan_left"},
            transition={"type": "fade", "d": 400},
        )
        for i in range(12)
    ]
    full_hd = slideshow(video_track(*segments), d=12_000, width=1920, height=1080)
    windows = chunk_windows(full_hd, 20 * 30)
    assert windows[0][0] == 0 and windows[-1][1] == 360 and len(windows) > 1
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    for first, end in windows:
        # Photo i shows frames 30i-6 .. 30i+36 (its 0.4 s fades overlap the neighbours).
        shown = [i for i in range(12) if 30 * i - 6 < end and 30 * i + 36 > first]
        assert len(shown) <= 2, (first, end, shown)
        if end != 360:
            cut = (end + 15) // 30 * 30
            assert not cut - 6 <= end <= cut + 6, windows  # never inside a crossfade
    # The same photos on a small canvas weigh little: one pass.
    assert chunk_windows(slideshow(video_track(*segments), d=12_000), 20 * 30) == [(0, 360)]


def test_a_windowed_render_matches_a_single_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = long_draft(tmp_path)
    media = media_of(tmp_path)
    whole = render(draft, media, tmp_path / "whole.mp4", quality="draft")
    # The module, not the function the package exports under the same name.
    render_module = importlib.import_module("photoreel.engine.render")
    monkeypatch.setattr(render_module, "CHUNK_SECONDS", 1)
    seen: list[float] = []
    pieces = render(draft, media, tmp_path / "pieces.mp4", seen.append, quality="draft")
    facts = inspect(pieces.path)
    assert facts.frames == 180 and facts.faststart and facts.audio_codec == "aac"
    assert seen == sorted(seen) and seen[-1] == 1.0
    checked = [0, 25, 30, 44, 60, 75, 90, 119, 150, 179]
    for a, b, n in zip(frames(whole.path, checked), frames(pieces.path, checked), checked,
                       strict=True):  # fmt: skip
        assert diff(a, b) < 3, f"frame {n} differs"
    assert mean_volume_db(pieces.path, 0.5, 5) == pytest.approx(
        mean_volume_db(whole.path, 0.5, 5), abs=0.5
    )
