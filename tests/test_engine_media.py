"""Text, sound, clips, every transition and every output format, checked on rendered files."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw

from conftest import ROOT
from engine_media import BLUE, RED, media_of, photo_segment, slideshow, solid, video_track
from photoreel.engine import RenderError, render, storyboard
from photoreel.engine.ffmpeg import ffmpeg_exe
from photoreel.engine.text import draw_text, font
from photoreel.protocol.draft import TextMeta
from video_checks import (
    close,
    diff,
    frames,
    inspect,
    loudness_lufs,
    make_clip,
    make_sound,
    make_tone,
    mean_rgb,
    mean_volume_db,
    peak_volume_db,
)


@pytest.fixture
def blue_photo(tmp_path: Path) -> dict[str, Path]:
    solid(tmp_path / "blue.png", BLUE)
    solid(tmp_path / "red.png", RED)
    return media_of(tmp_path)


def text_track(*segments: dict[str, Any]) -> dict[str, Any]:
    return {"tt": 7, "sg": list(segments)}


def music_track(src: str, d: int, **meta: Any) -> dict[str, Any]:
    return {"tt": 1, "sg": [{"s": 0, "d": d, "m": {"src": src, "name": src, **meta}}]}


# -- text -------------------------------------------------------------------


def test_a_caption_draws_text_where_it_is_placed(blue_photo: dict[str, Path], tmp_path: Path):
    caption = {"text": "Summer sale", "position": "bottom", "box": True, "size": 0.12}
    draft = slideshow(
        video_track(photo_segment("blue.png", 0, 2000)),
        text_track({"s": 500, "d": 1000, "m": caption}),
        d=2000,
    )
    out = tmp_path / "caption.mp4"
    render(draft, blue_photo, out, quality="draft")
    before, shown, after = frames(out, [5, 30, 55])
    bottom, top = (40, 130, 280, 171), (0, 0, 320, 60)
    assert close(mean_rgb(before, bottom), BLUE, 8)
    assert not close(mean_rgb(shown, bottom), BLUE, 8)  # text and its box are there
    red, green, blue = shown.crop(bottom).split()
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)  # each pixel's min channel
    white_pixels = sum(darkest.histogram()[201:])
    assert white_pixels > 100
    assert close(mean_rgb(shown, top), BLUE, 8)  # and only there
    assert close(mean_rgb(after, bottom), BLUE, 8)  # gone after its segment


def test_cjk_text_draws_real_glyphs() -> None:
    face = font("bold", 64)
    masks = [face.getmask(ch) for ch in "你好日本語한국"]
    assert all(m.getbbox() is not None for m in masks)
    # A missing glyph draws the same empty box for every character; real ones differ.
    assert len({bytes(m) for m in masks}) == len(masks)
    image, place = draw_text(TextMeta(text="你好，世界 こんにちは 안녕하세요"), (640, 360))
    assert image.getbbox() is not None and place.width <= 640


def test_long_text_wraps_inside_the_safe_area() -> None:
    meta = TextMeta(text="a long caption that cannot fit on one line of a small frame " * 2)
    _image, place = draw_text(meta, (320, 180))
    assert place.x >= 16 and place.x + place.width <= 320 - 16 + 2
    assert place.height > 2 * 0.07 * 180  # several lines
    cjk, cjk_place = draw_text(
        TextMeta(text="这是一段很长的中文字幕需要自动换行显示" * 2), (320, 180)
    )
    assert cjk_place.width <= 320 and cjk.height > 2 * 0.07 * 180


# -- audio ------------------------------------------------------------------


def test_music_volume_is_exact_without_normalisation(blue_photo: dict[str, Path], tmp_path: Path):
    make_tone(tmp_path / "song.wav", 3, amplitude=0.5)
    draft = slideshow(
        video_track(photo_segment("blue.png", 0, 3000)),
        music_track("song.wav", 3000, volume=0.35),
        d=3000,
        loudnorm=False,
    )
    out = tmp_path / "quiet.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    source = mean_volume_db(tmp_path / "song.wav", 0.5, 2)
    # 35 % is 20*log10(0.35) = -9.1 dB below the source.
    assert mean_volume_db(out, 0.5, 2) == pytest.approx(source - 9.12, abs=0.5)


def test_the_mix_is_normalised_to_social_loudness(blue_photo: dict[str, Path], tmp_path: Path):
    make_tone(tmp_path / "song.mp3", 4, amplitude=0.05)
    draft = slideshow(
        video_track(photo_segment("blue.png", 0, 4000)), music_track("song.mp3", 4000), d=4000
    )
    out = tmp_path / "loud.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert loudness_lufs(out) == pytest.approx(-14, abs=1.5)
    facts = inspect(out)
    assert (facts.audio_codec, facts.sample_rate, facts.channels) == ("aac", 48000, "stereo")


def test_loud_peaks_are_limited_while_the_mix_reaches_social_loudness(
    blue_photo: dict[str, Path], tmp_path: Path
):
    """A quiet tone with sharp clicks: the gain that brings it to -14 LUFS would push the
    clicks past full scale, so the limiter holds them under the -1.5 dBTP ceiling."""
    song = tmp_path / "clicks.wav"
    # The tone carries the loudness (-24 LUFS); a 1 ms click each second peaks near 0 dBFS.
    clicks = "0.1*sin(2*PI*440*t)+0.9*lt(mod(t\\,1)\\,0.001)*sin(2*PI*1000*t)"
    make_sound(song, clicks, 4)
    draft = slideshow(
        video_track(photo_segment("blue.png", 0, 4000)), music_track("clicks.wav", 4000), d=4000
    )
    out = tmp_path / "limited.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert peak_volume_db(song) + (-14 - loudness_lufs(song)) > 0  # a plain gain would clip
    assert loudness_lufs(out) == pytest.approx(-14, abs=1.5)
    assert peak_volume_db(out) <= -1.0


def test_music_loops_or_stops_and_fades(blue_photo: dict[str, Path], tmp_path: Path):
    make_tone(tmp_path / "short.m4a", 1, amplitude=0.5)
    for loop in (True, False):
        draft = slideshow(
            video_track(photo_segment("blue.png", 0, 3000)),
            music_track("short.m4a", 3000, loop=loop, fade_in=500),
            d=3000,
            loudnorm=False,
        )
        out = tmp_path / f"loop{loop}.mp4"
        render(draft, media_of(tmp_path), out, quality="draft")
        late = mean_volume_db(out, 2.0, 0.8)
        assert (late > -15) if loop else (late < -60)
        assert mean_volume_db(out, 0.0, 0.2) < mean_volume_db(out, 0.6, 0.3) - 6  # fading in


def test_music_starts_at_its_offset_into_the_file(blue_photo: dict[str, Path], tmp_path: Path):
    """A song silent for its first second, played from 0.8 s: 0.2 s of quiet, then the tone."""
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi",
         "-i", "sine=frequency=440:duration=3:sample_rate=44100",
         "-af", "volume='if(lt(t,1),0,3)':eval=frame", "-y", str(tmp_path / "late.wav")],
        check=True,
    )  # fmt: skip
    draft = slideshow(
        video_track(photo_segment("blue.png", 0, 2000)),
        music_track("late.wav", 2000, offset=800, loop=False),
        d=2000,
        loudnorm=False,
    )
    out = tmp_path / "offset.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert mean_volume_db(out, 0.0, 0.15) < -60  # the song's silent 0.8-0.95 s
    assert mean_volume_db(out, 0.3, 0.6) > -25  # its tone, from 1 s into the file


def test_a_zero_length_audio_file_names_the_segment(
    blue_photo: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "empty.mp3").write_bytes(b"")
    draft = slideshow(
        video_track(photo_segment("blue.png", 0, 1000)), music_track("empty.mp3", 1000), d=1000
    )
    with pytest.raises(RenderError) as caught:
        render(draft, media_of(tmp_path), tmp_path / "x.mp4", quality="draft")
    assert str(caught.value).startswith("t[1].sg[0] (empty.mp3): the file is empty")


def test_a_draft_without_sound_still_has_a_silent_track(blue_photo: dict[str, Path], tmp_path):
    draft = slideshow(video_track(photo_segment("blue.png", 0, 1000)), d=1000)
    out = tmp_path / "silent.mp4"
    render(draft, blue_photo, out, quality="draft")
    assert inspect(out).audio_codec == "aac"
    assert mean_volume_db(out) == float("-inf") or mean_volume_db(out) < -80


# -- clips ------------------------------------------------------------------


def test_a_clip_is_trimmed_holds_its_last_frame_and_keeps_its_sound(tmp_path: Path) -> None:
    make_clip(tmp_path / "clip.mov", 3, tone=660)
    segment = photo_segment("clip.mov", 0, 2000, kind="video", trim_in=500, trim_out=1500)
    draft = slideshow(video_track(segment), d=2000, loudnorm=False)
    out = tmp_path / "clip.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    assert inspect(out).frames == 60
    moving_a, moving_b, held_a, held_b = frames(out, [3, 20, 40, 58])
    assert diff(moving_a, moving_b) > 5  # the test pattern moves while the clip plays
    assert diff(held_a, held_b) < 1.5  # after trim_out its last frame is held
    assert mean_volume_db(out, 0.2, 0.6) > -30  # its own sound, kept


@pytest.mark.parametrize("mode", ["mute", "duck"])
def test_clip_sound_can_be_muted_or_ducked_under_music(tmp_path: Path, mode: str) -> None:
    make_clip(tmp_path / "clip.mp4", 2, tone=660)
    make_tone(tmp_path / "song.wav", 2, freq=220, amplitude=0.3)
    draft = slideshow(
        video_track(photo_segment("clip.mp4", 0, 2000, kind="video", audio=mode)),
        music_track("song.wav", 2000, volume=0.5),
        d=2000,
        loudnorm=False,
    )
    out = tmp_path / f"{mode}.mp4"
    render(draft, media_of(tmp_path), out, quality="draft")
    kept = slideshow(
        video_track(photo_segment("clip.mp4", 0, 2000, kind="video", audio="keep")),
        music_track("song.wav", 2000, volume=0.5),
        d=2000,
        loudnorm=False,
    )
    render(kept, media_of(tmp_path), tmp_path / "kept.mp4", quality="draft")
    assert mean_volume_db(out, 0.5, 1) < mean_volume_db(tmp_path / "kept.mp4", 0.5, 1) - 1


# -- transitions and formats ------------------------------------------------


def documented_transitions() -> list[str]:
    """The transition types docs/DRAFT.md lists (`transition.type`: ...), in its order."""
    doc = (ROOT / "docs" / "DRAFT.md").read_text(encoding="utf-8")
    start = doc.index("`transition.type`:") + len("`transition.type`:")
    listed = doc[start : doc.index("`transition.d`", start)]
    return re.findall(r"`(\w+)`", listed)


def _grid(path: Path, colour: tuple[int, int, int]) -> Path:
    """A colour with white grid lines: a zoom or a slide of it shows, as a blend does."""
    im = Image.new("RGB", (96, 54), colour)
    draw = ImageDraw.Draw(im)
    for x in range(0, 96, 12):
        draw.line((x, 0, x, 53), fill="white", width=2)
    for y in range(0, 54, 12):
        draw.line((0, y, 95, y), fill="white", width=2)
    im.save(path)
    return path


def test_every_documented_transition_blends_or_moves_midway(tmp_path: Path) -> None:
    """Each transition docs/DRAFT.md lists, half-way through, shows neither photo as it is
    before nor after it (a blend, a move, a wipe or a colour): never a hard cut."""
    kinds = [k for k in documented_transitions() if k != "none"]
    assert len(kinds) >= 19 and "fade" in kinds and "smoothright" in kinds
    media = {"red.png": _grid(tmp_path / "red.png", RED),
             "blue.png": _grid(tmp_path / "blue.png", BLUE)}  # fmt: skip
    names = ["red.png" if i % 2 == 0 else "blue.png" for i in range(len(kinds) + 1)]
    segments = [
        photo_segment(names[i], i * 300, 300, transition={"type": kind, "d": 200})
        for i, kind in enumerate(kinds)
    ]
    segments.append(photo_segment(names[-1], len(kinds) * 300, 300))
    total = (len(kinds) + 1) * 300
    draft = slideshow(video_track(*segments), d=total, width=96, height=54)
    out = tmp_path / "all.mp4"
    render(draft, media, out, quality="draft")
    assert inspect(out).frames == total * 30 // 1000
    # Transition i (6 frames) is centred on the cut at frame 9 (i + 1): frame cut - 4 is the
    # outgoing photo alone, cut the half-way point, cut + 3 the incoming photo alone.
    cuts = [9 * (i + 1) for i in range(len(kinds))]
    shown = frames(out, [n for cut in cuts for n in (cut - 4, cut, cut + 3)])
    for i, kind in enumerate(kinds):
        before, middle, after = shown[3 * i : 3 * i + 3]
        assert diff(middle, before) > 6 and diff(middle, after) > 6, (
            f"{kind}: half-way is not a blend or a move "
            f"(differs from before by {diff(middle, before):.1f}, after {diff(middle, after):.1f})"
        )


def test_webm_and_gif_outputs(blue_photo: dict[str, Path], tmp_path: Path) -> None:
    draft = slideshow(
        video_track(
            photo_segment("red.png", 0, 1000, transition={"type": "fade", "d": 400}),
            photo_segment("blue.png", 1000, 1000),
        ),
        d=2000,
    )
    webm = render(draft, blue_photo, tmp_path / "out.webm", fmt="webm", quality="draft")
    facts = inspect(webm.path)
    assert (facts.codec, facts.audio_codec, facts.frames) == ("vp9", "opus", 60)
    gif = render(draft, blue_photo, tmp_path / "out.gif", fmt="gif", quality="draft")
    gif_facts = inspect(gif.path)
    assert gif_facts.codec == "gif" and gif_facts.audio_codec is None
    assert (gif.width, gif.height) == (320, 180) == (gif_facts.width, gif_facts.height)
    with Image.open(gif.path) as im:
        assert im.n_frames == 20  # 2 s at the draft preset's 10 fps


def test_storyboard_of_a_file_and_of_a_draft(blue_photo: dict[str, Path], tmp_path: Path) -> None:
    draft = slideshow(
        video_track(photo_segment("red.png", 0, 1000), photo_segment("blue.png", 1000, 1000)),
        d=2000,
    )
    sheet = storyboard(draft, tmp_path / "draft.png", frames=4, media=blue_photo, tile_width=160)
    with Image.open(sheet) as im:
        assert im.width == 4 * 160 + 5 * 4
        tiles = [im.crop((4 + i * 164, 4 + 20, 4 + i * 164 + 160, 4 + 90)) for i in range(4)]
        # Tiles at 0.25, 0.75, 1.25 and 1.75 s: the cut at 1 s falls between the middle two.
        assert close(mean_rgb(tiles[0]), RED) and close(mean_rgb(tiles[1]), RED)
        assert close(mean_rgb(tiles[2]), BLUE) and close(mean_rgb(tiles[3]), BLUE)
    video = render(draft, blue_photo, tmp_path / "v.mp4", quality="draft")
    file_sheet = storyboard(video.path, tmp_path / "file.png", frames=6, columns=3)
    with Image.open(file_sheet) as im:
        assert im.size[0] > im.size[1]  # 3 columns x 2 rows
