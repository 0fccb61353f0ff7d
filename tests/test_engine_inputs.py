"""Real-world inputs that used to fail a render, each as a person met it (issue 11).

An animated GIF beside a photo, a JPEG beside a short animated WebP, a
transition into or out of a clip or an animation at 24, 30 and 60 fps (only
25 worked), a run of one-frame segments, a JPEG cut to a third of its bytes,
and a 5,000-frame GIF shown for a second. Every check is on the rendered file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from engine_media import BLUE, GREEN, RED, media_of, photo_segment, slideshow, solid, video_track
from photoreel.engine import RenderError, render
from photoreel.engine.blame import Owner, explain
from photoreel.engine.ffmpeg import ffmpeg_exe
from video_checks import close, frames, inspect, make_clip, mean_rgb

ORANGE = (240, 135, 30)


def _gif(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (400, 300)) -> Path:
    """The issue's GIF: four frames of 250 ms, looping (shades of one colour)."""
    shades = [tuple(min(c + i * 3, 255) for c in colour) for i in range(4)]
    first, *rest = [Image.new("RGB", size, shade) for shade in shades]  # type: ignore[misc]
    first.save(path, save_all=True, append_images=rest, duration=250, loop=0)
    return path


def _check_two(out: Path, fps: int, d: int, first: tuple, second: tuple) -> None:
    assert inspect(out).frames == d * fps // 1000
    start, end = frames(out, [2, d * fps // 1000 - 3])
    assert close(mean_rgb(start), first, 20) and close(mean_rgb(end), second, 20)


@pytest.mark.parametrize(
    ("fps", "size", "motion"),
    [(30, (160, 90), "auto"), (24, (90, 160), "none"), (60, (160, 90), "zoom_in")],
)
def test_an_animated_gif_beside_a_photo_renders(
    tmp_path: Path, fps: int, size: tuple[int, int], motion: str
) -> None:
    _gif(tmp_path / "party.gif", ORANGE)
    solid(tmp_path / "beach.jpg", BLUE)
    draft = slideshow(
        video_track(
            photo_segment("party.gif", 0, 1000, motion={"type": motion},
                          transition={"type": "fade", "d": 400}),
            photo_segment("beach.jpg", 1000, 1000, motion={"type": motion}),
        ),
        d=2000, width=size[0], height=size[1], fps=fps,
    )  # fmt: skip
    out = tmp_path / "out.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    _check_two(out, fps, 2000, ORANGE, BLUE)
    middle = frames(out, [fps])[0]  # the middle of the fade: both at once
    assert not close(mean_rgb(middle), ORANGE, 30) and not close(mean_rgb(middle), BLUE, 30)


def test_a_photo_beside_a_short_animated_webp_renders(tmp_path: Path) -> None:
    shades = [Image.new("RGB", (120, 90), (30, 200 - i * 4, 60)) for i in range(3)]
    shades[0].save(tmp_path / "wave.webp", save_all=True, append_images=shades[1:],
                   duration=[80, 40, 120], loop=0)  # fmt: skip
    solid(tmp_path / "a.jpg", RED)
    draft = slideshow(
        video_track(photo_segment("a.jpg", 0, 700), photo_segment("wave.webp", 700, 700)),
        d=1400, width=64, height=36,
    )  # fmt: skip
    out = tmp_path / "out.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    _check_two(out, 30, 1400, RED, GREEN)


@pytest.mark.parametrize("fps", [24, 30, 60])
def test_a_fade_into_and_out_of_a_clip_renders_at_every_frame_rate(
    tmp_path: Path, fps: int
) -> None:
    solid(tmp_path / "a.jpg", RED)
    solid(tmp_path / "b.png", BLUE)
    make_clip(tmp_path / "clip.mp4", 1.5, size="160x90", fps=30)
    fade = {"type": "fade", "d": 600}
    draft = slideshow(
        video_track(
            photo_segment("a.jpg", 0, 1000, transition=fade),
            photo_segment("clip.mp4", 1000, 1000, kind="video", transition=fade),
            photo_segment("b.png", 2000, 1000),
        ),
        d=3000, width=160, height=90, fps=fps,
    )  # fmt: skip
    out = tmp_path / "out.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    _check_two(out, fps, 3000, RED, BLUE)
    into = frames(out, [fps])[0]  # the cut at 1 s is the middle of the first fade
    assert not close(mean_rgb(into), RED, 30)


@pytest.mark.parametrize(
    ("source", "kind", "transition"),
    [("clip.webm", "video", "fadeblack"), ("party.gif", "image", "wipeleft"),
     ("wave.webp", "image", "slideup")],
)  # fmt: skip
def test_other_transitions_into_clips_and_animations_render(
    tmp_path: Path, source: str, kind: str, transition: str
) -> None:
    solid(tmp_path / "a.jpg", RED)
    make_clip(tmp_path / "clip.webm", 1.2, size="96x54", fps=30)
    _gif(tmp_path / "party.gif", ORANGE, (96, 54))
    _gif(tmp_path / "wave.gif", GREEN, (96, 54))
    with Image.open(tmp_path / "wave.gif") as gif:
        gif.save(tmp_path / "wave.webp", save_all=True, loop=0)
    draft = slideshow(
        video_track(
            photo_segment("a.jpg", 0, 1000, transition={"type": transition, "d": 500}),
            photo_segment(source, 1000, 1000, kind=kind),
        ),
        d=2000, width=96, height=54,
    )  # fmt: skip
    out = tmp_path / "out.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert inspect(out).frames == 60
    assert close(mean_rgb(frames(out, [2])[0]), RED, 20)


def test_a_run_of_one_frame_segments_keeps_every_frame(tmp_path: Path) -> None:
    """Four one-frame photos and a one-frame clip: five frames, each its own colour."""
    solid(tmp_path / "r.png", RED)
    solid(tmp_path / "b.png", BLUE)
    make_clip(tmp_path / "clip.mp4", 1, size="64x36", fps=30, tone=None)
    names = ["r.png", "b.png", "r.png", "b.png"]
    segments = [photo_segment(n, i * 34, 34) for i, n in enumerate(names)]
    segments.append(photo_segment("clip.mp4", 136, 34, kind="video"))
    draft = slideshow(video_track(*segments), d=170, width=64, height=36)
    out = tmp_path / "out.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert inspect(out).frames == 5
    shown = frames(out, [0, 1, 2, 3])
    assert [close(mean_rgb(im), RED, 20) for im in shown] == [True, False, True, False]


def test_a_jpeg_cut_to_a_third_names_its_segment_and_what_is_wrong(tmp_path: Path) -> None:
    solid(tmp_path / "a.jpg", RED)
    photo = Image.effect_noise((600, 400), 60).convert("RGB")
    photo.save(tmp_path / "IMG_0001.jpg", quality=90)
    data = (tmp_path / "IMG_0001.jpg").read_bytes()
    (tmp_path / "IMG_0001.jpg").write_bytes(data[: len(data) // 3])
    draft = slideshow(
        video_track(
            photo_segment("a.jpg", 0, 1000, transition={"type": "fade", "d": 400}),
            photo_segment("IMG_0001.jpg", 1000, 1000),
        ),
        d=2000, width=64, height=36,
    )  # fmt: skip
    with pytest.raises(RenderError) as caught:
        render(draft, media_of(tmp_path), tmp_path / "out.mp4", quality="draft")
    assert caught.value.message.startswith(
        "t[0].sg[1] (IMG_0001.jpg): the photo is cut short: only part of it is there."
    )
    assert not caught.value.engine_fault and caught.value.segment == "t[0].sg[1]"
    assert not (tmp_path / "out.mp4").exists()


def _frame_bomb(path: Path, frames: int, cut: bool = False) -> Path:
    """A GIF of `frames` 20 ms frames, every one different (made by ffmpeg: it is quick)."""
    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"testsrc=s=24x16:r=50:d={frames / 50}", "-vf",
         "split[a][b];[b]palettegen=max_colors=16[p];[a][p]paletteuse", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    if cut:  # everything after the first tenth is gone
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 10])
    return path


def test_a_long_gif_renders_from_the_frames_its_segment_shows(tmp_path: Path) -> None:
    """3,000 frames of 20 ms shown for one second: 30 frames, as the draft says."""
    _frame_bomb(tmp_path / "bomb.gif", 3000)
    draft = slideshow(video_track(photo_segment("bomb.gif", 0, 1000)), d=1000, width=64, height=36)
    out = tmp_path / "out.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert inspect(out).frames == 30


def test_an_animation_writes_at_most_one_file_per_frame_shown(tmp_path: Path) -> None:
    from photoreel.engine.animation import shown_frames

    # 3,000 frames with everything after the first 300 cut off: one second at 24 fps
    # needs the first 50, so decoding never reaches the missing part.
    _frame_bomb(tmp_path / "bomb.gif", 3000, cut=True)
    work = tmp_path / "work"
    work.mkdir()
    shown = shown_frames(tmp_path / "bomb.gif", 24, 24, work, "a", (64, 36), "#000000")
    assert len(list(work.iterdir())) == 24 and shown[-1].end == 24
    # A 4-frame loop over 10 s at 30 fps: 300 frames shown, 4 files written.
    _gif(tmp_path / "loop.gif", ORANGE, (40, 30))
    loop = tmp_path / "loop"
    loop.mkdir()
    played = shown_frames(tmp_path / "loop.gif", 300, 30, loop, "b", (64, 36), "#000000")
    assert len(list(loop.iterdir())) == 4
    assert sum(p.end - p.first for p in played) == 300
    # Frame n shows the frame playing at n/30 s: 250 ms frames, 7.5 output frames each.
    changes = [p.first for p in played][:5]
    assert changes == [0, 8, 15, 23, 30]


def test_a_filter_ffmpeg_blames_is_traced_to_its_segments() -> None:
    """A graph ffmpeg refuses (two streams at different rates into xfade): the message
    names both segments whose inputs feed that filter, from ffmpeg's real log."""
    chains = [
        "[0:v]format=yuv420p,settb=1/30,setpts=N[s1]",
        "[1:v]fps=30,format=yuv420p[s2]",
        "[s1][s2]xfade=transition=fade:duration=0.5:offset=0.5[s3]",
    ]
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
         "-f", "lavfi", "-i", "color=c=red:s=32x32:r=25:d=1",
         "-f", "lavfi", "-i", "color=c=blue:s=32x32:r=30:d=1",
         "-filter_complex", ";".join(chains), "-map", "[s3]", "-f", "null", "-"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode != 0
    owners = {0: Owner(segment="t[0].sg[0]", path="/x/a.jpg"),
              1: Owner(segment="t[0].sg[1]", path="/x/clip.mp4")}  # fmt: skip
    error = explain(log=proc.stderr, input_index=None, reached=None, owners=owners,
                    chains=chains, spans=[], fps=30)  # fmt: skip
    assert error.message.startswith("t[0].sg[0] (a.jpg) and t[0].sg[1] (clip.mp4): photoreel")
    assert "xfade" in error.message and "frame rate" in error.message
    assert error.engine_fault
