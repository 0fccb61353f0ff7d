"""Where the ffmpeg binary comes from, and how one ffmpeg run is watched.

The binary is the imageio-ffmpeg wheel's, so no system package is needed.
`run_ffmpeg` turns ffmpeg's `-progress` stream into fractions and stops the
process within a second when asked to: the server calls it from a worker
thread and must be able to cancel a long export.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

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

    return str(imageio_ffmpeg.get_ffmpeg_exe())


class FfmpegFailed(RenderError):
    """ffmpeg exited non-zero. `input_index` is the input it blamed, when it named one."""

    def __init__(
        self, message: str, *, input_index: int | None, log: str, reached: float | None = None
    ) -> None:
        super().__init__(message)
        self.input_index = input_index
        self.log = log
        self.reached = reached  # seconds of output written before it failed, if known


class Stop(Protocol):
    """What stops a run: a `threading.Event`, or `AnyOf` several."""

    def is_set(self) -> bool: ...


class AnyOf:
    """Set as soon as any of its events is (a render's cancel, or the render's end)."""

    def __init__(self, *events: Stop | None) -> None:
        self.events = [e for e in events if e is not None]

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


#: Called with each ffmpeg the engine starts (True) and once it has exited (False).
ProcessObserver = Callable[["subprocess.Popen[bytes]", bool], None]
_observers: list[ProcessObserver] = []


def observe_processes(observer: ProcessObserver) -> Callable[[], None]:
    """Be told of every ffmpeg process this Python process starts and ends; returns the
    function that stops telling.

    The server records each one (pid and start time) so that after it is killed the
    next start can end the ffmpeg it left running, and only that one.
    """
    _observers.append(observer)
    return lambda: _observers.remove(observer) if observer in _observers else None


def _notify(proc: subprocess.Popen[bytes], started: bool) -> None:
    for observer in list(_observers):
        with contextlib.suppress(Exception):  # bookkeeping never fails a render
            observer(proc, started)


@contextlib.contextmanager
def _started(cmd: Sequence[str], **popen: Any) -> Iterator[subprocess.Popen[bytes]]:
    """One ffmpeg process, observed from start to exit, never left running."""
    proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, **popen)
    _notify(proc, True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            _stop(proc)
        _notify(proc, False)


def run_ffmpeg(
    args: Sequence[str],
    *,
    duration: float,
    on_progress: ProgressCallback | None = None,
    cancel: Stop | None = None,
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
    with _started(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        log = _LogTail(proc)
        reached: list[float] = []  # the reader appends each time it reads
        reader = threading.Thread(
            target=_read_progress, args=(proc, duration, on_progress, reached), daemon=True
        )
        reader.start()
        cancelled = _wait(proc, cancel, timeout=None)
        reader.join(timeout=1)
        if not reader.is_alive():
            assert proc.stdout is not None
            proc.stdout.close()  # the reader is done with it; no pipe left to the GC
        if cancelled:
            raise RenderCancelled()
        if proc.returncode != 0:
            raise _failure(log.text(), proc.returncode, reached[-1] if reached else None)
    if on_progress is not None:
        on_progress(1.0)


def _wait(proc: subprocess.Popen[bytes], cancel: Stop | None, timeout: float | None) -> bool:
    """Wait for `proc` to exit; stop it when `cancel` is set (True) or after `timeout` s."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while proc.poll() is None:
        if cancel is not None and cancel.is_set():
            _stop(proc)
            return True
        if deadline is not None and time.monotonic() > deadline:
            _stop(proc)
            raise FfmpegFailed(f"ffmpeg took more than {timeout:g} s", input_index=None, log="")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(0.05)
    return False


class _LogTail:
    """ffmpeg's stderr, read as it comes, keeping its start and its last part in memory
    (no temporary file: the engine writes nowhere but its own work folder)."""

    KEEP = 256 * 1024

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self._head = bytearray()
        self._tail: collections.deque[bytes] = collections.deque()
        self._tail_size = 0
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if len(self._head) < self.KEEP:
                self._head += line
                continue
            self._tail.append(line)
            self._tail_size += len(line)
            while self._tail_size > self.KEEP and self._tail:
                self._tail_size -= len(self._tail.popleft())
        proc.stderr.close()

    def text(self) -> str:
        self._thread.join(timeout=2)
        return (bytes(self._head) + b"".join(self._tail)).decode("utf-8", "replace")


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


def ffmpeg_output(
    args: Sequence[str], *, timeout: float = 300, cancel: Stop | None = None
) -> tuple[int, str]:
    """Run a short ffmpeg job (a probe, an analysis) to the end: its exit code and log.

    Raises `RenderCancelled` when `cancel` is set and `FfmpegFailed` when it takes
    longer than `timeout` seconds.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args]
    with _started(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        log = _LogTail(proc)
        if _wait(proc, cancel, timeout):
            raise RenderCancelled()
        return proc.returncode, log.text()


def ffmpeg_log(args: Sequence[str], timeout: float = 300, cancel: Stop | None = None) -> str:
    """Run a short ffmpeg job (an analysis) to the end and return its log.

    Raises `FfmpegFailed` when ffmpeg fails or takes longer than `timeout` seconds,
    `RenderCancelled` when `cancel` is set.
    """
    code, log = ffmpeg_output(["-loglevel", "info", *args], timeout=timeout, cancel=cancel)
    if code != 0:
        raise _failure(log, code)
    return log
