"""The preview's frames (engine/preview.py): small, few, and on the export's clock.

A preview that shows the right pictures at the wrong times would mislead the
person checking a cut, so each frame's picture is checked against the time it
claims: solid-coloured photos make the segment a frame belongs to readable
from one pixel.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image

from engine_media import BLUE, GREEN, RED, photo_segment, slideshow, solid, video_track
from photoreel.engine.preview import render_preview


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(pixel, colour, strict=False))


@pytest.mark.parametrize("fps", [5, 12])
def test_each_frame_shows_the_segment_of_its_time(tmp_path: Path, fps: int) -> None:
    for name, colour in (("red.png", RED), ("green.png", GREEN), ("blue.png", BLUE)):
        solid(tmp_path / name, colour, (320, 180))
    fade = {"transition": {"type": "fade", "d": 400}}  # the crossfade that lost the rate
    draft = slideshow(
        video_track(
            photo_segment("red.png", 0, 1000, **fade),
            photo_segment("green.png", 1000, 1000, **fade),
            photo_segment("blue.png", 2000, 1000),
        ),
        d=3000,
        fps=30,
    )
    media = {p.name: p for p in tmp_path.iterdir()}
    frames: list[Image.Image] = []
    size = render_preview(
        draft, media, lambda i, im: frames.append(im), threading.Event(), height=90, fps=fps
    )
    assert (size.fps, size.frames, len(frames)) == (fps, 3 * fps, 3 * fps)
    assert frames[0].size == (160, 90)

    def colour_at(ms: int) -> tuple[int, ...]:
        return frames[ms * fps // 1000].getpixel((80, 45))  # type: ignore[return-value]

    # the middle of each photo, away from the fades around 1 s and 2 s
    assert _near(colour_at(400), RED), colour_at(400)
    assert _near(colour_at(1500), GREEN), colour_at(1500)
    assert _near(colour_at(2800), BLUE), colour_at(2800)
