"""Photos of every kind a person has: huge, CMYK, 16-bit, palette, transparent, rotated, animated.

And the camera moving over them: Ken Burns that glides without stair-steps.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from engine_media import (
    BLUE,
    GREEN,
    RED,
    bands,
    centroid_x,
    media_of,
    photo_segment,
    slideshow,
    video_track,
)
from photoreel.engine import render
from video_checks import close, frame, frames, inspect, mean_rgb


def brightness(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> float:
    return ImageStat.Stat((image.crop(box) if box else image).convert("L")).mean[0]


def test_every_image_mode_renders_in_its_colours(tmp_path: Path) -> None:
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg", quality=95)
    Image.new("I;16", (400, 300), 40000).save(tmp_path / "grey16.png")
    palette = Image.new("P", (400, 300), 1)
    palette.putpalette([0, 0, 0, *GREEN] + [0] * 762)
    palette.save(tmp_path / "palette.png")
    half_clear = Image.new("RGBA", (400, 300), (*BLUE, 255))
    half_clear.paste((0, 0, 0, 0), (0, 0, 200, 300))
    half_clear.save(tmp_path / "alpha.png")
    Image.new("RGB", (4000, 3000), RED).save(tmp_path / "twelve_mp.jpg", quality=90)
    names = ["cmyk.jpg", "grey16.png", "palette.png", "alpha.png", "twelve_mp.jpg"]
    draft = slideshow(
        video_track(*(photo_segment(n, i * 400, 400, bg="#FFFFFF") for i, n in enumerate(names))),
        d=2000,
    )
    out = tmp_path / "modes.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    cmyk, grey, pal, alpha, big = frames(out, [6, 18, 30, 42, 54])
    assert close(mean_rgb(cmyk), (255, 0, 0), 25)
    assert close(mean_rgb(grey), (40000 / 257,) * 3, 12)  # 16-bit scaled, not clipped to white
    assert close(mean_rgb(pal), GREEN)
    assert close(mean_rgb(alpha, (0, 0, 150, 180)), (255, 255, 255))  # transparent: over bg
    assert close(mean_rgb(alpha, (170, 0, 320, 180)), BLUE)
    assert close(mean_rgb(big), RED)


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_50_megapixel_photo_renders_in_its_colours(tmp_path: Path, suffix: str) -> None:
    """8660x5773, as a JPEG (decoded at 1/8 scale) and a PNG (decoded whole, then reduced)."""
    photo = Image.new("RGB", (8660, 5773), RED)
    photo.paste(BLUE, (4330, 0, 8660, 5773))  # right half blue
    photo.save(tmp_path / f"huge{suffix}", quality=85, compress_level=1)
    del photo
    draft = slideshow(video_track(photo_segment(f"huge{suffix}", 0, 1000)), d=1000)
    out = tmp_path / "huge.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    facts = inspect(out)
    assert (facts.width, facts.height, facts.frames) == (320, 180, 30)
    shown = frame(out, 15)
    assert close(mean_rgb(shown, (0, 0, 150, 180)), RED, 20)
    assert close(mean_rgb(shown, (170, 0, 320, 180)), BLUE, 20)


def test_an_exif_rotated_photo_renders_upright(tmp_path: Path) -> None:
    upright = Image.new("RGB", (360, 640), RED)
    upright.paste(BLUE, (0, 320, 360, 640))  # red on top, blue below, as the person sees it
    stored = upright.rotate(90, expand=True)  # what a phone writes: sideways pixels ...
    exif = Image.Exif()
    exif[0x0112] = 6  # ... and "rotate 90 degrees clockwise to show"
    stored.save(tmp_path / "phone.jpg", exif=exif, quality=95)
    draft = slideshow(video_track(photo_segment("phone.jpg", 0, 1000)), d=1000, width=180,
                      height=320)  # fmt: skip
    out = tmp_path / "upright.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    image = frame(out, 10)
    assert close(mean_rgb(image, (0, 0, 180, 140)), RED)
    assert close(mean_rgb(image, (0, 180, 180, 320)), BLUE)


@pytest.mark.parametrize("kind", ["gif", "webp"])
def test_an_animated_image_plays_its_frames(tmp_path: Path, kind: str) -> None:
    first = Image.new("RGB", (320, 180), RED)
    second = Image.new("RGB", (320, 180), BLUE)
    first.save(tmp_path / f"anim.{kind}", save_all=True, append_images=[second], duration=500,
               loop=0)  # fmt: skip
    draft = slideshow(video_track(photo_segment(f"anim.{kind}", 0, 2000)), d=2000)
    out = tmp_path / "anim.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert inspect(out).frames == 60
    a, b, c, d = frames(out, [5, 20, 35, 50])
    assert close(mean_rgb(a), RED, 20) and close(mean_rgb(b), BLUE, 20)
    assert close(mean_rgb(c), RED, 20) and close(mean_rgb(d), BLUE, 20)  # it loops


@pytest.mark.parametrize(
    ("fit", "top_band"),
    [("cover", None), ("contain", (0, 255, 0)), ("contain_blur", "darkened photo")],
)
def test_fit_modes_put_a_landscape_photo_in_a_vertical_frame(
    tmp_path: Path, fit: str, top_band: object
) -> None:
    photo = Image.new("RGB", (640, 360), RED)
    photo.save(tmp_path / "wide.png")
    draft = slideshow(
        video_track(photo_segment("wide.png", 0, 500, fit=fit, bg="#00FF00")),
        d=500,
        width=180,
        height=320,
    )
    out = tmp_path / f"{fit}.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    image = frame(out, 5)
    middle, top = mean_rgb(image, (0, 150, 180, 170)), mean_rgb(image, (0, 0, 180, 40))
    assert close(middle, RED)
    if top_band is None:
        assert close(top, RED)  # cropped to fill
    elif isinstance(top_band, tuple):
        assert close(top, top_band, 20)  # letterboxed on the colour
    else:
        assert top[0] > 40 and top[0] < RED[0] - 40  # the photo again, blurred and darker


def _render_move(tmp_path: Path, centres: tuple[float, ...], motion: dict[str, object]):
    bands(tmp_path / "bands.png", centres)
    draft = slideshow(
        video_track(photo_segment("bands.png", 0, 2000, motion={**motion, "easing": "linear"})),
        d=2000,
    )
    out = tmp_path / "move.mp4"
    render(draft, media_of(tmp_path), out, quality="high")
    return frames(out, list(range(60)))


def _even(steps: list[float], expected: float, tolerance: float) -> bool:
    return all(abs(step - expected) <= tolerance for step in steps)


def test_a_pan_glides_every_frame_without_stair_steps(tmp_path: Path) -> None:
    """The band's on-screen position, to a fraction of a pixel, frame after frame."""
    shots = _render_move(tmp_path, (0.5,), {"type": "pan_left", "intensity": 1})
    positions = [centroid_x(im) for im in shots]
    steps = [b - a for a, b in itertools.pairwise(positions)]
    # Camera travels left, so the picture drifts right, by the same amount every frame
    # (linear easing). Whole-pixel snapping would show as steps of 1 and 2 pixels.
    expected = (positions[-1] - positions[0]) / 59
    assert expected > 1.0
    assert _even(steps, expected, 0.3), [round(s, 2) for s in steps]


def test_a_vertical_pan_glides_every_frame_without_stair_steps(tmp_path: Path) -> None:
    """`pan_up` moves the picture down the screen, the same fraction of a pixel each frame."""
    flip = Image.Transpose.TRANSPOSE  # swaps x and y: vertical bands become horizontal
    bands(tmp_path / "tall.png", (0.5,), size=(360, 640))
    with Image.open(tmp_path / "tall.png") as tall:
        tall.transpose(flip).save(tmp_path / "bands.png")
    (tmp_path / "tall.png").unlink()
    motion = {"type": "pan_up", "intensity": 1, "easing": "linear"}
    draft = slideshow(video_track(photo_segment("bands.png", 0, 2000, motion=motion)), d=2000)
    out = tmp_path / "pan_up.mp4"
    render(draft, media_of(tmp_path), out, quality="high")
    positions = [centroid_x(im.transpose(flip)) for im in frames(out, list(range(60)))]
    steps = [b - a for a, b in itertools.pairwise(positions)]
    expected = (positions[-1] - positions[0]) / 59
    assert expected > 0.5  # the camera travels up, so the band drifts down
    assert _even(steps, expected, 0.3), [round(s, 2) for s in steps]


def test_zoom_in_ends_on_a_smaller_region_smoothly(tmp_path: Path) -> None:
    shots = _render_move(tmp_path, (0.3, 0.7), {"type": "zoom_in", "intensity": 1})
    # The bands move apart as the camera zooms in: the distance between them is the zoom.
    spread = [centroid_x(im, 160, 320) - centroid_x(im, 0, 160) for im in shots]
    assert spread[-1] / spread[0] == pytest.approx(1.3, abs=0.03)  # a smaller region at the end
    steps = [b - a for a, b in itertools.pairwise(spread)]
    assert _even(steps, (spread[-1] - spread[0]) / 59, 0.3), [round(s, 2) for s in steps]
    middle = [(centroid_x(im, 160, 320) + centroid_x(im, 0, 160)) / 2 for im in shots]
    assert max(middle) - min(middle) < 0.5  # and stays centred


def test_auto_motion_varies_between_segments(tmp_path: Path) -> None:
    from photoreel.engine.motion import camera_move
    from photoreel.protocol.draft import Motion

    moves = {camera_move(Motion(type="auto"), i) for i in range(4)}
    assert len(moves) == 4
    assert camera_move(Motion(type="zoom_in", intensity=0)) is None
