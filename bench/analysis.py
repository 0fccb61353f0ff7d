"""Benchmark photo and song analysis.

* analysis_ms_per_photo: median wall time of `analyse_photo` on a 12 MP JPEG
  (4000x3000, the sample portrait pasted on a textured background, EXIF time
  and GPS), after one warm-up call that loads the cascade and the places table.
  Target < 300 on a 2-core machine.
* analysis_cpu_ms_per_photo: the same in CPU time (all threads), which other
  people's load on a shared machine disturbs far less than wall time.
* beats_f1: mean beat F-measure (70 ms window, as MIREX) of `analyse_song` on
  generated 30 s songs at 70-170 BPM whose beats are known. Target >= 0.95.
* song_ms_per_minute: analysis time per minute of music.

Run: python bench/analysis.py [--runs N]
The last lines are exactly `name=value` for scripts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from photoreel.analysis import analyse_photo, analyse_song
from songs import f_measure, write_song

MEDIA = Path(__file__).resolve().parent.parent.parent / "shared" / "media"
TEMPOS = (70.0, 88.0, 96.0, 110.0, 122.0, 128.0, 140.0, 155.0, 170.0)


def twelve_megapixels(path: Path) -> None:
    rng = np.random.default_rng(1)
    texture = rng.normal(128, 30, (750, 1000, 3)).clip(0, 255).astype(np.uint8)
    canvas = Image.fromarray(texture).resize((4000, 3000), Image.Resampling.BICUBIC)
    portrait = Image.open(MEDIA / "astronaut.png").convert("RGB").resize((1800, 1800))
    canvas.paste(portrait, (1900, 700))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2024:05:01 10:20:30"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (48.0, 51.0, 30.2), "E", (2.0, 17.0, 40.2)
    canvas.save(path, quality=90, exif=exif)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        photo = folder / "12mp.jpg"
        twelve_megapixels(photo)
        first = time.perf_counter()
        found = analyse_photo(photo)
        first_ms = (time.perf_counter() - first) * 1000
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            analyse_photo(photo)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"photo: {len(found.faces)} face(s), place {found.place!r}, "
            f"first call {first_ms:.0f} ms"
        )
        scores, song_seconds, song_time = [], 0.0, 0.0
        for i, bpm in enumerate(TEMPOS):
            path = folder / f"song{i}.wav"
            truth = write_song(path, bpm, 30.0, 0.2 + 0.07 * i, seed=i)
            start = time.perf_counter()
            song = analyse_song(path)
            song_time += time.perf_counter() - start
            song_seconds += 30.0
            score = f_measure([t / 1000 for t in song.beats], truth)
            scores.append(score)
            print(f"song {bpm:.0f} BPM: tempo {song.tempo:.1f}, F1 {score:.3f}")
    print(f"analysis_ms_per_photo={statistics.median(times):.1f}")
    print(f"analysis_cpu_ms_per_photo={statistics.median(cpu):.1f}")
    print(f"beats_f1={statistics.mean(scores):.3f}")
    print(f"song_ms_per_minute={song_time / song_seconds * 60000:.0f}")


if __name__ == "__main__":
    main()
