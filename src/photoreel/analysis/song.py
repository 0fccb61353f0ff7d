"""A song's tempo, beats and downbeats, from its sound decoded by the bundled ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from photoreel.analysis.beats import RATE, track_beats
from photoreel.analysis.errors import AnalysisError
from photoreel.protocol.analysis import SongAnalysis

#: Longest stretch analysed: beats of a longer file repeat its first 10 minutes' tempo.
MAX_SECONDS = 600


def decode_mono(path: str | Path, rate: int = RATE, seconds: float = MAX_SECONDS) -> np.ndarray:
    """The file's sound as mono float32 samples at `rate` Hz (ffmpeg from imageio-ffmpeg)."""
    path = Path(path)
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-nostdin",
        "-v",
        "error",
        "-t",
        str(seconds),
        "-i",
        str(path),
        "-map",
        "0:a:0",
        "-ac",
        "1",
        "-ar",
        str(rate),
        "-f",
        "f32le",
        "pipe:1",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise AnalysisError(f"{path.name}: decoding the sound took too long") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise AnalysisError(f"{path.name}: no sound could be decoded ({reason[0]})")
    return np.frombuffer(done.stdout, dtype=np.float32)


def analyse_song(path: str | Path) -> SongAnalysis:
    """Tempo, beat times and downbeat times of the music at `path`."""
    samples = decode_mono(path)
    if samples.size < RATE:  # under a second: no beat to find
        raise AnalysisError(f"{Path(path).name}: too short to find a beat")
    found = track_beats(samples)
    return SongAnalysis(
        duration=round(samples.size * 1000 / RATE),
        tempo=round(found.tempo, 2),
        beats=[round(t * 1000) for t in found.beats],
        downbeats=[round(t * 1000) for t in found.downbeats],
    )
