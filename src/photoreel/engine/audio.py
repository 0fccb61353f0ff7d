"""The sound of a render: music and clip audio mixed, ducked, normalised.

* Music volume is exact: 0.35 multiplies the samples by 0.35 (-9.1 dB); the
  mix sums sources without amix's automatic scaling.
* Music starts at its `offset` in the file, loops (the input is read with
  `-stream_loop -1`) or stops, is trimmed to its segment, faded, and placed at
  the segment's start.
* Clip sound plays during its segment; `duck` lowers it under the music with
  a sidechain compressor keyed by the music.
* With `m.loudnorm` (the default) the mix is normalised to -14 LUFS
  integrated, the level social platforms play at, with peaks kept under
  -1.5 dBTP; relative levels between sources stay as asked. Without it the
  levels are untouched. The mix is measured first (`ebur128`, in a quick
  audio-only pass that runs while the photos are prepared), then the render
  applies one fixed gain and, only where a peak would pass the ceiling, a
  limiter. ffmpeg's one-pass `loudnorm` does the same job by resampling to
  192 kHz and adjusting the gain as it goes: it cost 2.7 CPU-seconds per
  2 minutes of sound, about ten times the measuring pass, and it pumps.
* Every MP4 and WebM gets an audio track, silent when the draft has no sound:
  editors and some platforms expect one, and adding music later is simpler.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel

from photoreel.protocol.draft import Draft

if TYPE_CHECKING:
    from photoreel.engine.graph import Graph

SAMPLE_RATE = 48_000
TARGET_LUFS = -14.0
TRUE_PEAK_DB = -1.5
#: The limiter works on samples; true peaks between samples can be up to ~0.5 dB higher.
_LIMIT_DB = TRUE_PEAK_DB - 0.5
_FORMAT = f"aresample={SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"


class Loudness(BaseModel):
    """What the measuring pass found: integrated loudness (LUFS) and true peak (dBTP)."""

    integrated: float
    true_peak: float

    def gain_db(self) -> float:
        """The gain that brings the mix to `TARGET_LUFS` (none for silence)."""
        return 0.0 if math.isinf(self.integrated) else TARGET_LUFS - self.integrated


#: The filter a measuring pass ends with; its summary is what `parse_loudness` reads.
MEASURE_FILTER = "ebur128=peak=true:framelog=quiet"
_SUMMARY = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS.*?Peak:\s+(-?[\d.]+|-inf) dBFS", re.S)


def parse_loudness(log: str) -> Loudness | None:
    """The loudness in an ffmpeg log of a measuring pass, or None if it has none."""
    found = _SUMMARY.findall(log)
    if not found:
        return None
    integrated, peak = found[-1]
    return Loudness(integrated=float(integrated), true_peak=float(peak))


class MusicInput(BaseModel):
    """A music segment bound to an ffmpeg input stream. Times in seconds."""

    stream: str
    start: float
    duration: float
    offset: float = 0.0
    volume: float = 1.0
    fade_in: float = 0.0
    fade_out: float = 0.0


class ClipSound(BaseModel):
    """A clip's own sound during its segment. Times in seconds."""

    stream: str
    start: float
    duration: float
    volume: float = 1.0
    duck: bool = False


def _music_chain(m: MusicInput) -> str:
    steps = [
        f"atrim=start={m.offset:.6f}:duration={m.duration:.6f}",
        "asetpts=PTS-STARTPTS",
        _FORMAT,
        f"volume={m.volume:.6f}",
    ]
    if m.fade_in > 0:
        steps.append(f"afade=t=in:st=0:d={m.fade_in:.6f}")
    if m.fade_out > 0:
        steps.append(f"afade=t=out:st={max(m.duration - m.fade_out, 0):.6f}:d={m.fade_out:.6f}")
    steps.append(f"adelay=delays={round(m.start * 1000)}:all=1")
    return ",".join(steps)


def _clip_chain(c: ClipSound) -> str:
    return ",".join(
        [
            "asetpts=PTS-STARTPTS",
            _FORMAT,
            f"volume={c.volume:.6f}",
            f"apad=whole_dur={c.duration:.6f}",
            f"atrim=duration={c.duration:.6f}",
            f"adelay=delays={round(c.start * 1000)}:all=1",
        ]
    )


def _sum(graph: Graph, labels: list[str], prefix: str) -> str:
    if len(labels) == 1:
        return labels[0]
    return graph.chain(
        labels, f"amix=inputs={len(labels)}:normalize=0:duration=longest", prefix=prefix
    )


def mix(
    graph: Graph,
    draft: Draft,
    music: list[MusicInput],
    clips: list[ClipSound],
    duration: float,
    loudness: Loudness | None = None,
    *,
    measuring: bool = False,
) -> str:
    """Add the audio graph to `graph`; returns the label of the finished stereo stream.

    With `m.loudnorm`, the mix gets the gain `loudness` (the measuring pass) asks
    for; without a measurement it falls back to ffmpeg's `loudnorm`. `measuring`
    ends the mix in the measuring filter instead.
    """
    music_labels = [graph.chain([m.stream], _music_chain(m), prefix="mus") for m in music]
    kept = [graph.chain([c.stream], _clip_chain(c), prefix="clip") for c in clips if not c.duck]
    ducked = [graph.chain([c.stream], _clip_chain(c), prefix="clip") for c in clips if c.duck]

    sources: list[str] = []
    if music_labels:
        all_music = _sum(graph, music_labels, "mus")
        if ducked:
            split = graph.label("mus")
            graph.chains.append(f"[{all_music}]asplit=2[{split}a][{split}b]")
            under = _sum(graph, ducked, "clip")
            sources.append(
                graph.chain(
                    [under, f"{split}b"],
                    "sidechaincompress=threshold=0.03:ratio=8:attack=20:release=400",
                    prefix="duck",
                )
            )
            all_music = f"{split}a"
        sources.append(all_music)
    else:
        kept += ducked  # nothing to duck under
    sources += kept

    if not sources:
        return graph.chain(
            [],
            f"anullsrc=r={SAMPLE_RATE}:cl=stereo,atrim=duration={duration:.6f},{_FORMAT}",
            prefix="aout",
        )
    mixed = _sum(graph, sources, "mix")
    tail = [f"apad=whole_dur={duration:.6f}", f"atrim=duration={duration:.6f}"]
    if measuring:
        tail.append(MEASURE_FILTER)
    elif draft.meta.loudnorm:
        tail += _normalise(loudness)
    tail.append(_FORMAT)
    return graph.chain([mixed], ",".join(tail), prefix="aout")


def _normalise(loudness: Loudness | None) -> list[str]:
    if loudness is None:
        return [f"loudnorm=I={TARGET_LUFS}:TP={TRUE_PEAK_DB}:LRA=11"]
    gain = loudness.gain_db()
    steps = [f"volume={gain:.2f}dB"]
    if loudness.true_peak + gain > _LIMIT_DB:
        limit = 10 ** (_LIMIT_DB / 20)
        steps.append(f"alimiter=limit={limit:.4f}:level=false:latency=true")
    return steps
