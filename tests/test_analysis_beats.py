"""Beat tracking on generated songs whose beats we placed: tempo, beats within 70 ms
(the MIREX window), downbeats on the bar's first beat, through ffmpeg from WAV and MP3."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest

from photoreel.analysis import AnalysisError, analyse_song
from songs import f_measure, write_song


@pytest.mark.parametrize(("bpm", "first"), [(84.0, 0.6), (118.0, 0.31), (128.0, 0.5), (150.0, 0.2)])
def test_beats_of_a_generated_song(tmp_path: Path, bpm: float, first: float) -> None:
    path = tmp_path / "song.wav"
    truth = write_song(path, bpm, 20.0, first, seed=int(bpm))
    found = analyse_song(path)
    assert found.tempo == pytest.approx(bpm, rel=0.01)
    beats = [t / 1000 for t in found.beats]
    assert f_measure(beats, truth) >= 0.95
    # Every beat found is close: the cuts snapped to them must land within a frame.
    assert max(min(abs(b - t) for t in truth) for b in beats) <= 0.025
    downbeats = truth[::4]
    assert len(found.downbeats) >= len(downbeats) - 1
    for d in found.downbeats:
        assert min(abs(d / 1000 - t) for t in downbeats) <= 0.025
    assert found.duration == pytest.approx(20_000, abs=5)


def test_an_mp3_is_decoded_by_the_bundled_ffmpeg(tmp_path: Path) -> None:
    wav = tmp_path / "song.wav"
    truth = write_song(wav, 100.0, 12.0, 0.4, seed=3)
    mp3 = tmp_path / "song.mp3"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(wav), "-b:a", "128k", str(mp3)],
        check=True,
    )
    found = analyse_song(mp3)
    assert f_measure([t / 1000 for t in found.beats], truth) >= 0.95


def test_a_file_without_sound_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp3"
    path.write_text("not music")
    with pytest.raises(AnalysisError, match=r"notes\.mp3: no sound could be decoded"):
        analyse_song(path)


def test_silence_has_no_beats(tmp_path: Path) -> None:
    path = tmp_path / "silence.wav"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
         "anullsrc=r=22050:cl=mono", "-t", "5", str(path)],
        check=True,
    )  # fmt: skip
    found = analyse_song(path)
    assert (found.beats, found.downbeats, found.tempo) == ([], [], 0.0)
