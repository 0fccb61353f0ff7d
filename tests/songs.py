"""Songs made on the spot, with beats where we put them: drums, bass and a pad.

Kick on every beat (louder on the first of each bar), snare on 2 and 4,
closed hi-hat on the eighths, a bass note per bar and a soft chord pad, so the
tracker hears something like music rather than a metronome. `beat_times`
says where each beat is; `write_song` writes a 16-bit WAV.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22050


def beat_times(bpm: float, seconds: float, first: float = 0.25) -> list[float]:
    """Every beat from `first` on, `60/bpm` apart, before `seconds`."""
    period = 60.0 / bpm
    return [float(t) for t in np.arange(first, seconds - 0.05, period)]


def _add(out: np.ndarray, start: float, sound: np.ndarray) -> None:
    i = round(start * RATE)
    if i >= out.size:
        return
    end = min(i + sound.size, out.size)
    out[i:end] += sound[: end - i]


def _kick(level: float) -> np.ndarray:
    t = np.arange(int(0.25 * RATE)) / RATE
    pitch = 50 + 90 * np.exp(-t * 30)
    return level * np.sin(2 * np.pi * np.cumsum(pitch) / RATE) * np.exp(-t * 14)


def _noise_hit(length: float, decay: float, level: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(length * RATE)) / RATE
    noise = rng.standard_normal(t.size)
    return level * noise * np.exp(-t * decay)


def _tone(freq: float, length: float, level: float) -> np.ndarray:
    t = np.arange(int(length * RATE)) / RATE
    envelope = np.minimum(t / 0.02, 1) * np.exp(-t * 1.5)
    return level * envelope * (np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t))


def song(bpm: float, seconds: float, first: float = 0.25, seed: int = 0) -> np.ndarray:
    """Mono float samples of a 4/4 groove at `bpm` whose first beat (a downbeat) is at `first`."""
    out = np.zeros(int(seconds * RATE))
    period = 60.0 / bpm
    rng = np.random.default_rng(seed)
    hat = _noise_hit(0.05, 80, 0.12, seed + 1)
    snare = _noise_hit(0.2, 25, 0.35, seed + 2)
    roots = [55.0, 65.41, 49.0, 58.27]  # A, C, G, Bb
    for i, t in enumerate(beat_times(bpm, seconds, first)):
        bar, beat = divmod(i, 4)
        _add(out, t, _kick(0.9 if beat == 0 else 0.55))
        if beat in (1, 3):
            _add(out, t, snare)
        _add(out, t, hat)
        _add(out, t + period / 2, hat * 0.7)
        if beat == 0:
            root = roots[bar % len(roots)]
            _add(out, t, _tone(root, period * 4, 0.35))
            for ratio in (2, 2.52, 3):  # a soft chord an octave up
                _add(out, t, _tone(root * ratio, period * 4, 0.06))
    out += 0.01 * rng.standard_normal(out.size)
    return out / max(float(np.abs(out).max()), 1e-9) * 0.8


def write_song(
    path: Path, bpm: float, seconds: float, first: float = 0.25, seed: int = 0
) -> list[float]:
    """Write a song as a 16-bit mono WAV; returns its beat times in seconds."""
    samples = (song(bpm, seconds, first, seed) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return beat_times(bpm, seconds, first)


def f_measure(found: list[float], truth: list[float], window: float = 0.07) -> float:
    """The beat F-measure of MIREX: a found beat within `window` s of an unmatched true one
    counts once; F = 2PR / (P + R)."""
    if not found or not truth:
        return 0.0
    unmatched = list(truth)
    hits = 0
    for t in found:
        near = min(unmatched, key=lambda u: abs(u - t), default=None)
        if near is not None and abs(near - t) <= window:
            unmatched.remove(near)
            hits += 1
    if hits == 0:
        return 0.0
    precision, recall = hits / len(found), hits / len(truth)
    return 2 * precision * recall / (precision + recall)
