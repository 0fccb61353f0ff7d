"""The render contract: photos in, a platform-ready video out, with progress and cancel.

Every check is on a real file rendered by the real ffmpeg.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PIL import ImageStat

from engine_media import BLUE, GREEN, RED, media_of, photo_segment, slideshow, solid, video_track
from photoreel.engine import RenderCancelled, RenderError, render
from video_checks import close, frame, frames, inspect, mean_rgb


@pytest.fixture
def two_colours(tmp_path: Path) -> dict[str, Path]:
    solid(tmp_path / "red.png", RED)
    solid(tmp_path / "blue.png", BLUE)
    return media_of(tmp_path)


def crossfade_draft(transition: str = "fade", d: int = 3000):
    return slideshow(
        video_track(
            photo_segment("red.png", 0, 1500, transition={"type": transition, "d": 1000}),
            photo_segment("blue.png", 1500, 1500),
        ),
        d=d,
    )


def test_photos_become_a_platform_ready_mp4(two_colours: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    result = render(crossfade_draft(), two_colours, out, quality="draft")

    facts = inspect(out)
    assert facts.frames == 90  # 3 s at 30 fps, to the frame: the transition adds nothing
    assert facts.duration == pytest.approx(3.0, abs=0.05)
    assert (facts.width, facts.height, facts.fps) == (320, 180, 30.0)
    assert facts.codec == "h264" and facts.profile == "High" and facts.pix_fmt == "yuv420p"
    assert facts.audio_codec == "aac" and facts.audio_profile == "LC"
    assert (facts.sample_rate, facts.channels) == (48000, "stereo")
    assert facts.faststart is True
    assert result.path == out and result.size == out.stat().st_size
    assert (result.width, result.height, result.format) == (320, 180, "mp4")
    assert result.duration == pytest.approx(3.0)


def test_the_middle_of_a_crossfade_is_a_blend_of_both_photos(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.mp4"
    render(crossfade_draft(), two_colours, out, quality="draft")
    # The 1 s fade is centred on the cut at 1.5 s (frame 45): it runs from frame 30 to 60.
    before, start, middle, end, after = frames(out, [20, 28, 45, 62, 75])
    assert close(mean_rgb(before), RED) and close(mean_rgb(start), RED, 25)
    assert close(mean_rgb(after), BLUE) and close(mean_rgb(end), BLUE, 25)
    blend = tuple((a + b) / 2 for a, b in zip(RED, BLUE, strict=True))
    assert close(mean_rgb(middle), blend, 20), mean_rgb(middle)


def test_a_fade_ramps_evenly_from_one_photo_to_the_next(tmp_path: Path) -> None:
    """Frame by frame, a fade from black to white brightens by the same step."""
    solid(tmp_path / "black.png", (0, 0, 0))
    solid(tmp_path / "white.png", (255, 255, 255))
    draft = slideshow(
        video_track(
            photo_segment("black.png", 0, 1500, transition={"type": "fade", "d": 1000}),
            photo_segment("white.png", 1500, 1500),
        ),
        d=3000,
    )
    out = tmp_path / "fade.mp4"
    render(draft, media_of(tmp_path), out, quality="high")
    # The fade runs from frame 30 to 59; at its frame n the white photo weighs n/30.
    levels = [ImageStat.Stat(im.convert("L")).mean[0] for im in frames(out, list(range(28, 62)))]
    black, white = levels[0], levels[-1]
    for n, level in enumerate(levels[2:32]):
        expected = black + (white - black) * n / 30
        assert level == pytest.approx(expected, abs=3), (n, [round(v) for v in levels])
    assert levels[1] == pytest.approx(black, abs=1) and levels[32] == pytest.approx(white, abs=1)


COLOURS = {"red.png": RED, "green.png": GREEN, "blue.png": BLUE}


def _solid_slides(tmp_path: Path, *slides: tuple[str, int, int, str | None, int]) -> Path:
    """A 3 s video of solid-colour photos: (file, start ms, length ms, transition, its ms)."""
    segments = []
    for name, start, length, kind, ms in slides:
        solid(tmp_path / name, COLOURS[name])
        extra = {"transition": {"type": kind, "d": ms}} if kind else {}
        segments.append(photo_segment(name, start, length, **extra))
    out = tmp_path / "slides.mp4"
    render(slideshow(video_track(*segments), d=3000), media_of(tmp_path), out, quality="draft")
    assert inspect(out).frames == 90  # transitions never change the length
    return out


def _half(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[float, ...]:
    return tuple((x + y) / 2 for x, y in zip(a, b, strict=True))


def test_a_photo_between_two_transitions_shows_both(tmp_path: Path) -> None:
    """The middle photo fades in from red and wipes out to blue."""
    out = _solid_slides(
        tmp_path,
        ("red.png", 0, 1000, "fade", 600),
        ("green.png", 1000, 1000, "wipeleft", 600),
        ("blue.png", 2000, 1000, None, 0),
    )
    fade_middle, green, wipe_middle, blue = frames(out, [30, 45, 60, 80])
    assert close(mean_rgb(fade_middle), _half(RED, GREEN), 20)
    assert close(mean_rgb(green), GREEN)
    # Halfway through a wipe to the left, the right half shows blue and the left green.
    w, h = wipe_middle.size
    assert close(mean_rgb(wipe_middle, (0, 0, w // 3, h)), GREEN, 25)
    assert close(mean_rgb(wipe_middle, (2 * w // 3, 0, w, h)), BLUE, 25)
    assert close(mean_rgb(blue), BLUE)


def test_a_photo_no_longer_than_its_transitions_is_all_transition(tmp_path: Path) -> None:
    """A 0.4 s photo between two 0.4 s fades: all fade but one frame."""
    out = _solid_slides(
        tmp_path,
        ("red.png", 0, 1000, "fade", 400),
        ("blue.png", 1000, 400, "fade", 400),
        ("red.png", 1400, 1600, None, 0),
    )
    # Fades at frames 24-35 and 36-47: blue is whole for the one frame between them.
    first, fading_in, blue, fading_out, last = frames(out, [5, 30, 36, 42, 85])
    assert close(mean_rgb(first), RED) and close(mean_rgb(last), RED)
    half = _half(RED, BLUE)
    assert close(mean_rgb(fading_in), half, 25) and close(mean_rgb(fading_out), half, 25)
    assert close(mean_rgb(blue), BLUE, 25)


def test_a_cut_switches_on_the_exact_frame(two_colours: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "cut.mp4"
    render(crossfade_draft("none"), two_colours, out, quality="draft")
    last_red, first_blue = frames(out, [44, 45])
    assert close(mean_rgb(last_red), RED) and close(mean_rgb(first_blue), BLUE)


def test_progress_rises_to_one(two_colours: dict[str, Path], tmp_path: Path) -> None:
    seen: list[float] = []
    render(crossfade_draft(), two_colours, tmp_path / "p.mp4", seen.append, quality="draft")
    assert seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert seen == sorted(seen)
    assert len(seen) >= 3


def test_cancel_stops_within_a_second_and_leaves_no_file(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    long_draft = slideshow(
        video_track(
            photo_segment("red.png", 0, 60_000, motion={"type": "zoom_in"}),
            photo_segment("blue.png", 60_000, 60_000, motion={"type": "pan_left"}),
        ),
        d=120_000,
        width=640,
        height=360,
    )
    cancel = threading.Event()
    started = threading.Event()
    outcome: list[BaseException] = []

    def progress(fraction: float) -> None:
        if fraction > 0.06:  # ffmpeg is encoding
            started.set()

    def work() -> None:
        try:
            render(long_draft, two_colours, tmp_path / "long.mp4", progress, cancel)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(30), "the render never started encoding"
    asked = time.monotonic()
    cancel.set()
    worker.join(5)
    assert not worker.is_alive()
    assert time.monotonic() - asked < 1.5
    assert len(outcome) == 1 and isinstance(outcome[0], RenderCancelled)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blue.png", "red.png"]


def test_a_missing_photo_names_the_segment_and_file(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    media = {**two_colours, "blue.png": tmp_path / "gone.png"}
    with pytest.raises(RenderError) as caught:
        render(crossfade_draft(), media, tmp_path / "x.mp4", quality="draft")
    assert caught.value.segment == "t[0].sg[1]"
    assert "t[0].sg[1]" in str(caught.value) and "gone.png" in str(caught.value)
    assert not (tmp_path / "x.mp4").exists()


def test_a_src_without_a_file_is_named(two_colours: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"t\[0\]\.sg\[0\].*'red\.png'"):
        render(crossfade_draft(), {"blue.png": two_colours["blue.png"]}, tmp_path / "x.mp4")


def test_a_truncated_photo_names_the_segment(two_colours: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    from PIL import Image

    Image.new("RGB", (400, 300), RED).save(broken, quality=95)
    broken.write_bytes(broken.read_bytes()[:600])
    media = {**two_colours, "blue.png": broken}
    with pytest.raises(RenderError) as caught:
        render(crossfade_draft(), media, tmp_path / "x.mp4", quality="draft")
    message = str(caught.value)
    assert message.startswith("t[0].sg[1] (broken.jpg): the photo is cut short: only part of it")


def test_an_unsupported_file_names_the_segment_and_the_formats(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    with pytest.raises(RenderError) as caught:
        render(crossfade_draft(), {**two_colours, "red.png": notes}, tmp_path / "x.mp4")
    assert "t[0].sg[0]" in str(caught.value) and "Supported formats: mp4" in str(caught.value)


def test_an_output_folder_that_does_not_exist_is_refused(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        render(crossfade_draft(), two_colours, tmp_path / "nowhere" / "x.mp4")


def test_a_failed_render_keeps_the_previous_file(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"the previous export")
    with pytest.raises(RenderError):
        render(crossfade_draft(), {"red.png": two_colours["red.png"]}, out)
    assert out.read_bytes() == b"the previous export"


def test_gaps_show_the_background_colour(two_colours: dict[str, Path], tmp_path: Path) -> None:
    draft = slideshow(
        video_track(photo_segment("red.png", 1000, 1000)),
        d=3000,
        bg="#00FF00",
    )
    out = tmp_path / "gap.mp4"
    render(draft, two_colours, out, quality="draft")
    assert inspect(out).frames == 90
    gap_before, photo, gap_after = frames(out, [10, 45, 80])
    assert close(mean_rgb(gap_before), (0, 255, 0), 20)
    assert close(mean_rgb(photo), RED)
    assert close(mean_rgb(gap_after), (0, 255, 0), 20)


def test_an_upper_video_track_covers_the_lower_one_only_during_its_segment(
    two_colours: dict[str, Path], tmp_path: Path
) -> None:
    draft = slideshow(
        video_track(photo_segment("red.png", 0, 3000)),
        video_track(photo_segment("blue.png", 1000, 1000)),
        d=3000,
    )
    out = tmp_path / "layers.mp4"
    render(draft, two_colours, out, quality="draft")
    below, above, below_again = frames(out, [15, 45, 75])
    assert close(mean_rgb(below), RED)
    assert close(mean_rgb(above), BLUE)
    assert close(mean_rgb(below_again), RED)


def test_frame_helper_reads_single_frames(two_colours: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "one.mp4"
    render(crossfade_draft(), two_colours, out, quality="draft")
    assert frame(out, 0).size == (320, 180)
