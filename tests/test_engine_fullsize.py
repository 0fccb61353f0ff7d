"""The one full-size render: a 1080p slideshow from the real sample photos, as exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_media import photo_segment, slideshow, video_track
from photoreel.engine import render
from video_checks import frames, inspect, loudness_lufs, make_tone


@pytest.mark.slow
def test_a_1080p_export_from_the_sample_photos(sample_photos: list[Path], tmp_path: Path) -> None:
    make_tone(tmp_path / "song.mp3", 4, amplitude=0.3)
    media = {p.name: p for p in sample_photos[:3]} | {"song.mp3": tmp_path / "song.mp3"}
    names = [p.name for p in sample_photos[:3]]
    draft = slideshow(
        video_track(
            *(
                photo_segment(
                    name,
                    i * 1000,
                    1000,
                    motion={"type": "auto"},
                    transition={"type": "fade", "d": 400},
                )
                for i, name in enumerate(names)
            )
        ),
        {"tt": 1, "sg": [{"s": 0, "d": 3000, "m": {"src": "song.mp3", "volume": 0.35}}]},
        {"tt": 7, "sg": [{"s": 0, "d": 1500, "m": {"text": "Urban Dreams 城市之梦"}}]},
        d=3000,
        width=1920,
        height=1080,
    )
    out = tmp_path / "export.mp4"
    result = render(draft, media, out, quality="standard")
    facts = inspect(out)
    assert (facts.width, facts.height, facts.frames, facts.fps) == (1920, 1080, 90, 30.0)
    assert (facts.codec, facts.profile, facts.pix_fmt) == ("h264", "High", "yuv420p")
    assert facts.faststart and facts.audio_codec == "aac" and facts.sample_rate == 48000
    assert loudness_lufs(out) == pytest.approx(-14, abs=1.5)
    assert result.size == out.stat().st_size > 100_000
    title_frame, last = frames(out, [20, 89])
    assert title_frame.size == (1920, 1080) and title_frame.getbbox() is not None
    assert last.getbbox() is not None
