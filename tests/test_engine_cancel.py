"""Cancel stops every stage of a render: preparing photos, the loudness pass, ffmpeg.

Real renders with the real ffmpeg; every ffmpeg the engine starts is watched
through `observe_processes`, the hook the server uses to record them.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from engine_media import media_of, photo_segment, ramp, slideshow, video_track
from photoreel.engine import RenderCancelled, render
from photoreel.engine.ffmpeg import ffmpeg_exe, observe_processes


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every ffmpeg process the engine starts during the test."""
    seen: list[subprocess.Popen[bytes]] = []
    stop = observe_processes(lambda proc, begun: seen.append(proc) if begun else None)
    yield seen
    stop()


def _song(path: Path) -> Path:
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=5",
         str(path)],
        check=True,
    )  # fmt: skip
    return path


def _long_draft_with_music(folder: Path, photos: int, seconds: int) -> tuple[object, dict]:
    for i in range(photos):
        ramp(folder / f"p{i}.png", size=(800, 450))
    _song(folder / "song.wav")
    each = seconds * 1000 // photos
    segments = [photo_segment(f"p{i}.png", i * each, each, motion={"type": "zoom_in"})
                for i in range(photos)]  # fmt: skip
    music = {"tt": 1, "sg": [{"s": 0, "d": photos * each, "m": {"src": "song.wav"}}]}
    draft = slideshow(video_track(*segments), music, d=photos * each, width=640, height=360)
    return draft, media_of(folder)


def _cancelled_render(
    draft: object, media: dict, out: Path, work: Path, when: float
) -> tuple[BaseException | None, float]:
    """Render, setting cancel once progress reaches `when`; (what it raised, seconds from
    cancel to return)."""
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def progress(fraction: float) -> None:
        if fraction >= when and not cancel.is_set():
            cancelled_at.append(time.monotonic())
            cancel.set()

    try:
        render(draft, media, out, progress, cancel, quality="draft", temp_dir=work)  # type: ignore[arg-type]
    except BaseException as exc:
        return exc, time.monotonic() - cancelled_at[0]
    return None, 0.0


def _all_ended(procs: list[subprocess.Popen[bytes]]) -> bool:
    return all((p.poll() is not None and not psutil.pid_exists(p.pid)) or
               psutil.Process(p.pid).status() == psutil.STATUS_ZOMBIE for p in procs)  # fmt: skip


@pytest.mark.parametrize("stage", ["preparing photos", "encoding"])
def test_cancel_ends_the_loudness_pass_and_every_ffmpeg(
    tmp_path: Path, started: list[subprocess.Popen[bytes]], stage: str
) -> None:
    media_dir = tmp_path / "media"
    media_dir.mkdir()
    # Long enough to be made in windows, with music whose loudness is measured beside it.
    draft, media = _long_draft_with_music(media_dir, photos=6, seconds=240)
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "out.mp4"
    raised, took = _cancelled_render(draft, media, out, work, 0.0 if stage == "preparing photos"
                                     else 0.06)  # fmt: skip
    assert isinstance(raised, RenderCancelled), raised
    assert took < 2.0
    assert started, "the render started no ffmpeg"
    loudness = [p for p in started if "ebur128" in " ".join(map(str, p.args))
                or "graph-loudness" in " ".join(map(str, p.args))]  # fmt: skip
    assert loudness, [p.args for p in started]
    assert all(p.returncode is not None for p in started), "an ffmpeg is still running"
    assert not list(work.iterdir()), list(work.rglob("*"))  # its temporary folder is gone
    assert not out.exists() and not list(tmp_path.glob(".out.mp4.*"))
