"""Benchmark the render engine on the reference slideshow.

The reference: 3 photos (12 MP JPEGs made from ../shared/media), 5 s each,
Ken Burns on each, 1 s crossfades, a title over the first 3 s, background
music, 1920x1080 at 30 fps, quality `high`. Measured in one run, median of 3:

* floor_ratio: photoreel's time / a bare libx264 encode of the same frames
  (photoreel's own output decoded to raw 1080p frames beforehand) with the
  same x264 settings: the physical floor. Target <= 1.3.
* moviepy_ratio: photoreel's time / MoviePy 2 rendering the same slideshow
  (same photos, moves, crossfades, title, music, encoder settings). Target <= 0.2.
* peak_rss_mb: peak resident memory of the render (Python + ffmpeg), the
  larger of the 15 s and 120 s renders. Target < 1024, and about the same for both.
* seconds_15s, seconds_120s: wall time of the 15 s reference and a 120 s
  version (24 photos).

Run: pip install -e '.[bench]' && python bench/render.py [--runs N]
The last five lines are exactly `name=value` for scripts.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil
from PIL import Image

from photoreel.engine import render
from photoreel.engine.ffmpeg import ffmpeg_exe
from photoreel.engine.presets import PRESETS
from photoreel.engine.text import FONT_DIR, FONT_FILES
from photoreel.protocol.draft import Draft, parse_draft

ROOT = Path(__file__).resolve().parent.parent
SHARED_MEDIA = ROOT.parent / "shared" / "media"
WIDTH, HEIGHT, FPS = 1920, 1080, 30
SEGMENT_MS, FADE_MS = 5000, 1000
MOVES = ("zoom_in", "pan_right", "zoom_out")
QUALITY = "high"


def make_media(folder: Path) -> list[Path]:
    """Three 12 MP JPEGs (4000x3000) from the sample photos, and 130 s of music."""
    sources = sorted(p for p in SHARED_MEDIA.iterdir() if p.suffix.lower() in (".png", ".jpg"))
    photos = []
    for i, src in enumerate(sources[:3]):
        with Image.open(src) as im:
            big = im.convert("RGB").resize((4000, 3000), Image.Resampling.BICUBIC)
        path = folder / f"photo{i}.jpg"
        big.save(path, quality=92)
        photos.append(path)
    music = folder / "music.mp3"
    subprocess.run(
        [
            ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
            "aevalsrc=0.2*sin(2*PI*220*t)+0.15*sin(2*PI*277*t)+0.1*sin(2*PI*330*t):d=130:s=44100",
            "-ac", "2", "-b:a", "192k", "-y", str(music),
        ],
        check=True,
    )  # fmt: skip
    return [*photos, music]


def reference_draft(seconds: int) -> Draft:
    count = seconds * 1000 // SEGMENT_MS
    segments = []
    for i in range(count):
        meta: dict[str, object] = {
            "src": f"photo{i % 3}.jpg",
            "motion": {"type": MOVES[i % 3]},
        }
        if i < count - 1:
            meta["transition"] = {"type": "fade", "d": FADE_MS}
        segments.append({"s": i * SEGMENT_MS, "d": SEGMENT_MS, "m": meta})
    return parse_draft(
        {
            "d": seconds * 1000,
            "m": {"title": "bench", "width": WIDTH, "height": HEIGHT, "fps": FPS},
            "t": [
                {"tt": 0, "sg": segments},
                {"tt": 1, "sg": [{"s": 0, "d": seconds * 1000,
                                  "m": {"src": "music.mp3", "volume": 0.35, "fade_out": 2000}}]},
                {"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams"}}]},
            ],
        }
    )  # fmt: skip


class PeakMemory:
    """Samples the resident memory of this process plus its children (ffmpeg).

    Every 0.1 s: listing the children reads /proc, and at 0.02 s that cost the
    timed render a few per cent of a core that the x264 floor run does not pay.
    Memory moves slowly (photos held for seconds), so nothing is missed.
    """

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.1):
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


CPU_SECONDS: list[float] = []  # CPU time of ffmpeg children, per timed action


def timed(action: Callable[[], object]) -> float:
    """Wall time of `action`; its children's CPU time goes to CPU_SECONDS.

    On a shared machine the CPU ratio is the steadier of the two: other
    people's work slows wall time but does not add to our CPU seconds.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed


def photoreel_run(folder: Path, seconds: int, out: Path) -> tuple[float, int]:
    media = {p.name: p for p in folder.iterdir()}
    draft = reference_draft(seconds)
    with PeakMemory() as memory:
        elapsed = timed(lambda: render(draft, media, out, quality=QUALITY))
    return elapsed, memory.peak


def floor_run(video: Path, folder: Path) -> float:
    """x264 alone, on photoreel's own frames (decoded to raw first, not timed)."""
    # Raw 1080p frames are big: keep them in memory-backed /dev/shm where there is one.
    shm = Path("/dev/shm")
    raw = (shm if shm.is_dir() else folder) / f"photoreel-bench-{time.time_ns()}.yuv"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "rawvideo", "-pix_fmt", "yuv420p",
         "-y", str(raw)],
        check=True,
    )  # fmt: skip
    preset = PRESETS[QUALITY]
    cmd = [
        ffmpeg_exe(), "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
        "-s", f"{WIDTH}x{HEIGHT}", "-r", str(FPS), "-i", str(raw),
        "-c:v", "libx264", "-preset", preset.x264_preset, "-crf", str(preset.crf),
        "-profile:v", "high", "-pix_fmt", "yuv420p", "-f", "mp4", "-y", str(folder / "floor.mp4"),
    ]  # fmt: skip
    try:
        return timed(lambda: subprocess.run(cmd, check=True))
    finally:
        raw.unlink()


def moviepy_in_child(folder: Path, seconds: int, out: Path) -> float:
    """`moviepy_run` in a fresh process.

    In this process, MoviePy's imports and the arrays it freed stay in the heap
    (the allocator keeps them), and the next photoreel run's peak memory counted
    them: 669 MB on the first run, 925-964 MB after MoviePy had run once.
    """
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(moviepy_run, folder, seconds, out).result()


def moviepy_run(folder: Path, seconds: int, out: Path) -> float:
    """The same slideshow the way a MoviePy 2 user writes it."""
    from moviepy import (
        AudioFileClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        afx,
        vfx,
    )

    def ken_burns(path: Path, move: str, duration: float) -> ImageClip:
        base = ImageClip(str(path)).resized(height=HEIGHT * 1.15)
        zoom = 0.15

        def scale(t: float) -> float:
            p = t / duration
            return 1 + zoom * p if move == "zoom_in" else 1 + zoom * (1 - p)

        if move == "pan_right":
            travel = base.w - WIDTH
            clip = base.with_position(lambda t: (-travel * t / duration, "center"))
        else:
            clip = base.resized(lambda t: scale(t)).with_position("center")
        return CompositeVideoClip([clip.with_duration(duration)], size=(WIDTH, HEIGHT))

    count = seconds * 1000 // SEGMENT_MS
    seg, fade = SEGMENT_MS / 1000, FADE_MS / 1000
    clips = []
    for i in range(count):
        start = max(i * seg - fade / 2, 0)
        end = min((i + 1) * seg + fade / 2, seconds)
        clip = ken_burns(folder / f"photo{i % 3}.jpg", MOVES[i % 3], end - start)
        if i > 0:
            clip = clip.with_effects([vfx.CrossFadeIn(fade)])
        clips.append(clip.with_start(start))
    title = (
        TextClip(
            font=str(FONT_DIR / FONT_FILES["bold"]),
            text="Urban Dreams",
            font_size=int(HEIGHT * 0.07),
            color="white",
        )
        .with_duration(3)
        .with_position("center")
    )
    music = (
        AudioFileClip(str(folder / "music.mp3"))
        .subclipped(0, seconds)
        .with_effects([afx.MultiplyVolume(0.35), afx.AudioFadeOut(2)])
    )
    video = CompositeVideoClip([*clips, title], size=(WIDTH, HEIGHT)).with_duration(seconds)
    video = video.with_audio(music)
    preset = PRESETS[QUALITY]
    elapsed = timed(
        lambda: video.write_videofile(
            str(out),
            fps=FPS,
            codec="libx264",
            preset=preset.x264_preset,
            ffmpeg_params=["-crf", str(preset.crf), "-profile:v", "high", "-pix_fmt", "yuv420p"],
            audio_codec="aac",
            temp_audiofile=str(out.with_suffix(".temp-audio.m4a")),  # not in the cwd
            logger=None,
        )
    )
    video.close()  # MoviePy keeps a reader process per file until closed
    music.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photoreel-bench-") as tmp:
        folder = Path(tmp) / "media"
        folder.mkdir()
        make_media(folder)
        work = Path(tmp)
        ours, floors, movies, peaks15 = [], [], [], []
        ours_cpu, floors_cpu = [], []
        for run in range(args.runs):
            elapsed, peak = photoreel_run(folder, 15, work / "photoreel.mp4")
            ours_cpu.append(CPU_SECONDS[-1])
            ours.append(elapsed)
            peaks15.append(peak)
            floors.append(floor_run(work / "photoreel.mp4", work))
            floors_cpu.append(CPU_SECONDS[-1])
            movies.append(moviepy_in_child(folder, 15, work / "moviepy.mp4"))
            print(
                f"run {run + 1}: photoreel {elapsed:.2f}s, x264 floor {floors[-1]:.2f}s, "
                f"moviepy {movies[-1]:.2f}s, peak {peak / 2**20:.0f} MB",
                file=sys.stderr,
            )
        seconds_120, peak_120 = photoreel_run(folder, 120, work / "long.mp4")
    ours_s = statistics.median(ours)
    peak_15_mb = max(peaks15) / 2**20
    peak_120_mb = peak_120 / 2**20
    print(f"photoreel_seconds={ours_s:.2f}")
    print(f"x264_floor_seconds={statistics.median(floors):.2f}")
    print(f"moviepy_seconds={statistics.median(movies):.2f}")
    print(f"peak_rss_mb_15s={peak_15_mb:.0f}")
    print(f"peak_rss_mb_120s={peak_120_mb:.0f}")
    cpu_ratio = statistics.median(ours_cpu) / statistics.median(floors_cpu)
    print(f"floor_cpu_ratio={cpu_ratio:.3f}  (ffmpeg CPU seconds, photoreel / bare x264)")
    print(f"floor_ratio={ours_s / statistics.median(floors):.3f}")
    print(f"moviepy_ratio={ours_s / statistics.median(movies):.3f}")
    print(f"peak_rss_mb={max(peak_15_mb, peak_120_mb):.0f}")
    print(f"seconds_15s={ours_s:.2f}")
    print(f"seconds_120s={seconds_120:.2f}")


if __name__ == "__main__":
    main()
