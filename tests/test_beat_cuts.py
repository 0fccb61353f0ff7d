"""Cuts on the beat, checked on the rendered video: generated songs with known beats,
photos of distinct colours, and every cut (or the middle of every crossfade) within one
frame of a true beat."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine_media import media_of, photo_segment, slideshow, solid, video_track
from photoreel.agent.edits.beats import cut_to_beats, every_beats, timeline_beats
from photoreel.analysis import analyse_song
from photoreel.engine import render
from photoreel.protocol.analysis import SongAnalysis
from photoreel.protocol.draft import AudioMeta, AudioSegment, Draft
from reply_helpers import said
from songs import write_song
from video_checks import all_frames

FPS = 30
COLOURS = [(220, 30, 30), (30, 60, 220), (30, 200, 60), (230, 200, 40), (200, 40, 200)]


def _media(folder: Path, bpm: float, first: float, seconds: float) -> list[float]:
    folder.mkdir()
    for i, colour in enumerate(COLOURS):
        solid(folder / f"p{i}.png", colour, (160, 90))
    return write_song(folder / "song.wav", bpm, seconds, first, seed=7)


def _draft(photos: int, each: int, transition: dict | None = None) -> Draft:
    meta = {"transition": transition} if transition else {}
    segments = [photo_segment(f"p{i}.png", i * each, each, **meta) for i in range(photos)]
    music = {"tt": 1, "sg": [{"s": 0, "d": photos * each, "m": {"src": "song.wav"}}]}
    return slideshow(video_track(*segments), music, d=photos * each, width=160, height=90, fps=FPS)


def _colour_index(frame: Image.Image) -> int:
    mean = np.asarray(frame).reshape(-1, 3).mean(axis=0)
    return int(np.argmin([np.abs(mean - c).sum() for c in COLOURS]))


def _render(draft: Draft, folder: Path) -> list[Image.Image]:
    out = folder.parent / "beats.mp4"
    render(draft, media_of(folder), out, quality="draft")
    return all_frames(out)


def test_cuts_land_within_a_frame_of_a_beat_and_the_length_stays(tmp_path: Path) -> None:
    folder = tmp_path / "media"
    truth = _media(folder, 112.0, 0.31, 8.0)
    draft = _draft(5, 1300)
    edited = cut_to_beats(draft, {"song.wav": analyse_song(folder / "song.wav")})
    assert edited.draft.duration_ms == 6500
    assert "stays 6.5 s" in said("cut_to_beats", edited)
    shown = _render(edited.draft, folder)
    assert len(shown) == round(6.5 * FPS)
    colours = [_colour_index(f) for f in shown]
    cuts = [n for n in range(1, len(colours)) if colours[n] != colours[n - 1]]
    assert len(cuts) == 4
    for n in cuts:  # the first frame of the next photo is the cut
        assert min(abs(n / FPS - t) for t in truth) <= 1 / FPS, (n, n / FPS)


def test_a_crossfade_is_centred_on_the_beat(tmp_path: Path) -> None:
    folder = tmp_path / "media"
    truth = _media(folder, 96.0, 0.42, 6.0)
    draft = _draft(3, 1700, {"type": "fade", "d": 400})
    edited = cut_to_beats(draft, {"song.wav": analyse_song(folder / "song.wav")})
    shown = _render(edited.draft, folder)
    for a, b in ((0, 1), (1, 2)):
        # The frame where the mix is half one photo, half the next, is the cut.
        ca, cb = np.array(COLOURS[a]), np.array(COLOURS[b])
        share = [
            float(
                np.dot(np.asarray(f).reshape(-1, 3).mean(axis=0) - ca, cb - ca)
                / np.dot(cb - ca, cb - ca)
            )
            for f in shown
        ]
        middle = next(n for n in range(1, len(share)) if share[n - 1] < 0.5 <= share[n])
        assert min(abs(middle / FPS - t) for t in truth) <= 1 / FPS


def test_every_two_beats_sets_the_length_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "media"
    truth = _media(folder, 100.0, 0.25, 10.0)
    song = analyse_song(folder / "song.wav")
    edited = every_beats(_draft(4, 3000), {"song.wav": song}, 2)
    segments = edited.draft.video_tracks[0].segments
    cuts = [s.end_ms for s in segments[:-1]]
    assert cuts == pytest.approx([t * 1000 for t in truth[2:8:2]], abs=25)
    assert edited.draft.duration_ms == pytest.approx(truth[8] * 1000, abs=25)
    # 8 beats at 100 BPM after the first at 0.25 s: 5.05 s.
    reply = said("cut_to_beats", edited, {"every": 2})
    assert re.search(r"so the video is 5(\.1)? s instead of 12 s\.", reply), reply
    assert (
        edited.draft.audio_tracks[0].segments[0].duration_ms == edited.draft.duration_ms
    )  # the music follows


def test_without_music_nothing_changes_and_the_reply_says_why(tmp_path: Path) -> None:
    draft = slideshow(
        video_track(photo_segment("a.png", 0, 1000), photo_segment("b.png", 1000, 1000)), d=2000
    )
    edited = cut_to_beats(draft, {})
    assert edited.draft == draft
    assert "no music yet" in edited.text


def test_a_looping_song_repeats_its_beats() -> None:
    song = SongAnalysis(duration=2000, tempo=120.0, beats=[0, 500, 1000, 1500])
    segment = AudioSegment(start_ms=1000, duration_ms=4000, meta=AudioMeta(src="song", offset=500))
    assert timeline_beats(segment, song, until=5000) == [
        1000,
        1500,
        2000,
        2500,
        3000,
        3500,
        4000,
        4500,
    ]
