"""Where the ffmpeg binary comes from, and how one ffmpeg run is watched.

The binary is the imageio-ffmpeg wheel's, so no system package is needed.
`run_ffmpeg` turns ffmpeg's `-progress` stream into fractions and stops the
process within a second when asked to: the server calls it from a worker
thread and must be able to cancel a long export.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence

from photoreel.engine.errors import RenderCancelled, RenderError

ProgressCallback = Callable[[float], None]

#: How long a terminated ffmpeg gets to exit before it is killed.
TERMINATE_GRACE_SECONDS = 0.5
_INPUT_REF = re.compile(r"\[(?:in|dec):?#?(\d+)|Error opening input file (.+?)\.?$", re.M)


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary. `PHOTOREEL_FFMPEG` overrides the wheel's one."""
    if override := os.environ.get("PHOTOREEL_FFMPEG"):
        return override
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


class FfmpegFailed(RenderError):
    """ffmpeg exited non-zero. `input_index` is the input it blamed, when it named one."""

    def __init__(
        self, message: str, *, input_index: int | None, log: str, reached: float | None = None
    ) -> None:
        super().__init__(message)
        self.input_index = input_index
        self.log = log
        self.reached = reached  # seconds of output written before it failed, if known


def run_ffmpeg(
    args: Sequence[str],
    *,
    duration: float,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Run ffmpeg with `args` (without the binary), reporting progress 0..1 of `duration` s.

    Raises `RenderCancelled` when `cancel` is set (ffmpeg is terminated, then
    killed after a short grace), `FfmpegFailed` when ffmpeg fails.
    """
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-nostats",
        "-progress",
        "pipe:1",
        *args,
    ]
    with tempfile.TemporaryFile(mode="w+b") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
        reached: list[float] = []  # the reader appends each time it reads
        reader = threading.Thread(
            target=_read_progress, args=(proc, duration, on_progress, reached), daemon=True
        )
        reader.start()
        cancelled = False
        while proc.poll() is None:
            if cancel is not None and cancel.wait(0.05):
                cancelled = True
                _stop(proc)
                break
            if cancel is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(0.2)
        reader.join(timeout=1)
        if not reader.is_alive():
            assert proc.stdout is not None
            proc.stdout.close()  # the reader is done with it; no pipe left to the GC
        if cancelled:
            raise RenderCancelled()
        if proc.returncode != 0:
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
            raise _failure(text, proc.returncode, reached[-1] if reached else None)
    if on_progress is not None:
        on_progress(1.0)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(TERMINATE_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _read_progress(
    proc: subprocess.Popen[bytes],
    duration: float,
    on_progress: ProgressCallback | None,
    reached: list[float],
) -> None:
    assert proc.stdout is not None
    last = -1.0
    for raw in proc.stdout:
        line = raw.decode("ascii", "replace").strip()
        if not line.startswith("out_time_us="):
            continue
        try:
            seconds = int(line.split("=", 1)[1]) / 1_000_000
        except ValueError:
            continue  # "N/A" before the first frame
        reached[:] = [seconds]
        if on_progress is None or duration <= 0:
            continue
        fraction = min(max(seconds / duration, 0.0), 0.999)
        if fraction > last:
            last = fraction
            on_progress(fraction)


def _failure(log: str, returncode: int, reached: float | None = None) -> FfmpegFailed:
    lines = [ln for ln in log.strip().splitlines() if ln.strip()]
    index = None
    for match in _INPUT_REF.finditer(log):
        if match.group(1) is not None:
            index = int(match.group(1))
            break
    tail = " | ".join(lines[-3:]) or f"exit code {returncode}"
    return FfmpegFailed(f"ffmpeg failed: {tail}", input_index=index, log=log, reached=reached)


def ffmpeg_log(args: Sequence[str], timeout: float = 300) -> str:
    """Run a short ffmpeg job (an analysis) to the end and return its log.

    Raises `FfmpegFailed` when ffmpeg fails or takes longer than `timeout` seconds.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *args]
    try:
        done = subprocess.run(
            cmd, capture_output=True, stdin=subprocess.DEVNULL, check=False, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise FfmpegFailed(
            f"ffmpeg took more than {timeout:g} s", input_index=None, log=""
        ) from None
    log = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise _failure(log, done.returncode)
    return log
