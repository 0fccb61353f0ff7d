"""Beat tracking by dynamic programming (Ellis, "Beat Tracking by Dynamic
Programming", Journal of New Music Research 36(1), 2007), in numpy.

1. **Onset strength**: a 40-band mel spectrogram in dB, its rise from one
   4 ms frame to the next (falls ignored), summed over bands, its slow trend
   removed and its spread normalised.
2. **Tempo**: the autocorrelation of the onset strength, weighted by a
   log-Gaussian around 120 BPM (people tap near it), peaks at the beat period.
3. **Beats**: the sequence of onset peaks that maximises onset strength minus
   a penalty for gaps that stray from the period, found by dynamic
   programming over every frame, then traced back from the end.
4. **Downbeats** (an addition to the paper): in 4/4, the phase of every
   fourth beat whose low-frequency (kick and bass) onsets are strongest.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

RATE = 11025  # Hz: enough for drums and bass, cheap to decode and transform
_WINDOW = 256  # 23 ms
_HOP = 44  # 4 ms: beat times are resolved to this
_BANDS = 40
_LOW_BANDS = 8  # the bands under ~300 Hz: kick and bass
_PRIOR_BPM = 120.0
_PRIOR_OCTAVES = 1.0  # spread of the tempo prior
_TIGHTNESS = 100.0  # how strongly gaps are held to the period
_BEATS_PER_BAR = 4
#: Onset strength peaks this long before the sound it marks (the window's lead),
#: measured on generated drums (tests/test_analysis_beats.py); beat times are moved by it.
_LEAD = 0.005


class Beats(BaseModel):
    tempo: float  # BPM
    beats: list[float]  # seconds
    downbeats: list[float]


def _mel_filters(rate: int, n_fft: int, bands: int) -> np.ndarray:
    """Triangular filters evenly spaced on the mel scale, 0 Hz to Nyquist."""

    def to_mel(hz: np.ndarray) -> np.ndarray:
        return 2595 * np.log10(1 + hz / 700)

    def to_hz(mel: np.ndarray) -> np.ndarray:
        return 700 * (10 ** (mel / 2595) - 1)

    edges = to_hz(np.linspace(0, to_mel(np.array(rate / 2)), bands + 2))
    bins = np.fft.rfftfreq(n_fft, 1 / rate)
    filters = np.zeros((bands, bins.size))
    for b in range(bands):
        lo, mid, hi = edges[b : b + 3]
        rise = (bins - lo) / max(mid - lo, 1e-9)
        fall = (hi - bins) / max(hi - mid, 1e-9)
        filters[b] = np.clip(np.minimum(rise, fall), 0, None)
    return filters


def onset_strength(samples: np.ndarray, rate: int = RATE) -> tuple[np.ndarray, np.ndarray]:
    """Onset strength per 4 ms frame, whole spectrum and low bands only."""
    padded = np.pad(samples.astype(np.float32), (_WINDOW // 2, _WINDOW // 2))
    count = 1 + (padded.size - _WINDOW) // _HOP
    frames = np.lib.stride_tricks.as_strided(
        padded, shape=(count, _WINDOW), strides=(padded.strides[0] * _HOP, padded.strides[0])
    )
    power = np.abs(np.fft.rfft(frames * np.hanning(_WINDOW).astype(np.float32), axis=1)) ** 2
    mel = power @ _mel_filters(rate, _WINDOW, _BANDS).T.astype(np.float32)
    db = 10 * np.log10(np.maximum(mel, 1e-10))
    db = np.maximum(db, db.max() - 80)  # an 80 dB floor, so silence adds no noise
    rise = np.maximum(np.diff(db, axis=0, prepend=db[:1]), 0)
    return _normalised(rise.sum(axis=1)), _normalised(rise[:, :_LOW_BANDS].sum(axis=1))


def _normalised(envelope: np.ndarray) -> np.ndarray:
    """The envelope without its slow trend (a 0.4 s mean), scaled to unit spread."""
    width = max(int(0.4 * RATE / _HOP), 1)
    trend = np.convolve(envelope, np.ones(width) / width, mode="same")
    out = np.maximum(envelope - trend, 0)
    spread = float(out.std())
    scaled: np.ndarray = out / spread if spread > 0 else out
    return scaled


def estimate_period(onsets: np.ndarray) -> float:
    """The beat period in frames: the autocorrelation's peak under the tempo prior."""
    fps = RATE / _HOP
    longest = min(int(4 * fps), onsets.size - 1)
    spectrum = np.fft.rfft(onsets, n=2 * onsets.size)
    corr = np.fft.irfft(np.abs(spectrum) ** 2)[: longest + 1]
    lags = np.arange(1, longest + 1)
    prior_lag = 60 * fps / _PRIOR_BPM
    prior = np.exp(-0.5 * (np.log2(lags / prior_lag) / _PRIOR_OCTAVES) ** 2)
    lowest = int(60 * fps / 300)  # nothing faster than 300 BPM
    weighted = corr[1:] * prior
    weighted[:lowest] = 0
    peak = int(np.argmax(weighted)) + 1
    # A parabola through the peak and its neighbours places it between frames.
    if 1 < peak < longest:
        a, b, c = corr[peak - 1], corr[peak], corr[peak + 1]
        shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
        return peak + float(np.clip(shift, -0.5, 0.5))
    return float(peak)


def dynamic_beats(onsets: np.ndarray, period: float) -> np.ndarray:
    """Frame numbers of the beats: the best path of onset peaks spaced about `period`."""
    n = onsets.size
    gaps = np.arange(int(np.round(period / 2)), int(np.round(2 * period)) + 1)
    penalty = -_TIGHTNESS * np.log(gaps / period) ** 2
    score = onsets.astype(np.float64).copy()
    back = np.full(n, -1, dtype=np.int64)
    for t in range(int(gaps[0]), n):
        reach = t - gaps
        usable = reach >= 0
        candidates = score[reach[usable]] + penalty[usable]
        best = int(np.argmax(candidates))
        if candidates[best] > 0:
            score[t] += candidates[best]
            back[t] = reach[usable][best]
    # The last beat: the best score in the final period, among local peaks of the score.
    tail = score[max(n - int(np.ceil(period)), 0) :]
    t = n - tail.size + int(np.argmax(tail))
    path = [t]
    while back[path[-1]] >= 0:
        path.append(int(back[path[-1]]))
    path.reverse()
    # Trim beats before the music starts (where onset strength was never reached).
    threshold = 0.5 * float(np.median(onsets[path])) if path else 0.0
    beats = np.array(path)
    while beats.size > 1 and onsets[beats[0]] < threshold:
        beats = beats[1:]
    return beats


def _refine(onsets: np.ndarray, beats: np.ndarray, period: float) -> np.ndarray:
    """Each beat moved to the strongest onset within a tenth of a period of it."""
    reach = max(int(period / 10), 1)
    moved = beats.astype(np.float64).copy()
    for i, b in enumerate(beats):
        lo, hi = max(b - reach, 0), min(b + reach + 1, onsets.size)
        moved[i] = lo + int(np.argmax(onsets[lo:hi]))
    return moved


def downbeat_phase(low: np.ndarray, beats: np.ndarray) -> int:
    """Which of the first four beats starts a bar: the phase with the strongest low onsets."""
    if beats.size < 2 * _BEATS_PER_BAR:
        return 0
    frames = beats.astype(int)
    strength = [float(low[frames[k::_BEATS_PER_BAR]].mean()) for k in range(_BEATS_PER_BAR)]
    return int(np.argmax(strength))


def track_beats(samples: np.ndarray, rate: int = RATE) -> Beats:
    """Tempo, beats and downbeats of mono `samples` at `rate` Hz (resampled by the caller)."""
    onsets, low = onset_strength(samples, rate)
    if not onsets.any():
        return Beats(tempo=0.0, beats=[], downbeats=[])
    period = estimate_period(onsets)
    frames = _refine(onsets, dynamic_beats(onsets, period), period)
    seconds = np.maximum(frames * _HOP / rate + _LEAD, 0.0)
    phase = downbeat_phase(low, frames)
    tempo = 60 * rate / _HOP / period
    return Beats(
        tempo=tempo,
        beats=[float(t) for t in seconds],
        downbeats=[float(t) for t in seconds[phase::_BEATS_PER_BAR]],
    )
