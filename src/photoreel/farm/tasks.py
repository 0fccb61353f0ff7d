"""A chunk task: everything a worker needs to make one window of a render, and the
function it runs.

The task carries the draft, the window, the output format and quality, and
for each file the window shows its sha256, its place in the server's data
folder and its size, plus the server's address and the job's key to
download them. `make_chunk` runs in a worker's thread: it gets the files
(media.py), renders the window with the engine exactly as a local render
would (engine/chunks.py) and returns the chunk's bytes, which Dask carries
back to the server.

While it works it reports how far it is (a Dask event on `PROGRESS_TOPIC`, at
most twice a second) and watches its own task: when the server cancels the
render, or the server's connection to the cluster ends (a server that died or
restarted), the scheduler releases the task and the worker marks it
cancelled; ffmpeg is then stopped within a fraction of a second instead of
running on for nobody.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from pathlib import Path

from pydantic import BaseModel

from photoreel.engine.errors import RenderCancelled, RenderError
from photoreel.engine.graph import Window
from photoreel.engine.presets import OutputFormat, Quality
from photoreel.farm.cluster import PROGRESS_TOPIC
from photoreel.farm.media import MediaRef, local_files, settings
from photoreel.protocol.draft import Draft

log = logging.getLogger("photoreel.farm")

PROGRESS_EVERY_SECONDS = 0.5
WATCH_SECONDS = 0.2
#: Of a chunk's progress, the share of preparing its photos (the rest is encoding).
PREPARE_SHARE = 0.1
#: Set when this worker leaves the cluster (Ctrl-C): the chunk being made stops and goes
#: back to the scheduler for another worker.
LEAVING = threading.Event()
#: How long a failed chunk waits to learn whether its worker is leaving (see make_chunk).
LEAVING_GRACE_SECONDS = 2.0
#: Chunks being made in this process (the worker waits for them to stop when leaving).
making = 0
_making_lock = threading.Lock()


class ChunkTask(BaseModel):
    """One chunk of one render, as sent to the cluster."""

    run: str  # this attempt of the render, to tell its progress events apart
    index: int
    count: int
    draft: Draft
    window: Window | None  # None: the whole video in one piece (a GIF is never cut)
    fmt: OutputFormat
    quality: Quality
    media: dict[str, MediaRef]  # only the files this window shows
    server: str  # where the worker downloads them
    key: str  # the job's key to them

    def describe(self) -> str:
        what = f"chunk {self.index + 1} of {self.count}"
        if self.window is not None:
            what += f" (frames {self.window[0]}-{self.window[1]})"
        return f"{what} of render {self.run}"


def make_chunk(task: ChunkTask) -> bytes:
    """Make `task`'s chunk on this worker and return the file's bytes.

    Raises `RenderError` (which Dask carries back to the server) naming the
    segment and file when the chunk cannot be made, and Dask's `Reschedule`
    when this worker is leaving; returns nothing useful when the task was
    released (nobody waits for it any more).
    """
    from distributed import Reschedule, get_worker

    if LEAVING.is_set():
        raise Reschedule()
    worker = get_worker()
    dask_key = worker.get_current_task()
    stop = threading.Event()
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(WATCH_SECONDS):
            state = worker.state.tasks.get(dask_key)
            if state is None or state.state == "cancelled" or LEAVING.is_set():
                stop.set()
                return

    threading.Thread(target=watch, name="photoreel-chunk-watch", daemon=True).start()
    report = _Reporter(worker, task)
    started = time.monotonic()
    log.info("%s: started", task.describe())
    global making
    with _making_lock:
        making += 1
    try:
        data = _make(task, stop, report)
    except RenderCancelled:
        if LEAVING.is_set():
            log.info("%s: stopped (this worker is leaving); another worker makes it",
                     task.describe())  # fmt: skip
            raise Reschedule() from None
        log.info("%s: stopped (the render no longer needs it)", task.describe())
        return b""  # the scheduler has released the task: nobody reads this
    except RenderError as exc:
        # Ctrl-C or SIGTERM reaches the chunk's ffmpeg as well as this worker, and may kill
        # it before the worker has said it is leaving: that is no fault of the chunk.
        if LEAVING.wait(LEAVING_GRACE_SECONDS):
            log.info("%s: stopped (this worker is leaving); another worker makes it",
                     task.describe())  # fmt: skip
            raise Reschedule() from None
        log.warning("%s: failed: %s", task.describe(), exc.message)
        raise RenderError(exc.message, segment=exc.segment) from None
    except Exception as exc:
        log.exception("%s: failed", task.describe())
        raise RenderError(
            f"a worker ({worker.name}) failed making {task.describe()}: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        finished.set()
        with _making_lock:
            making -= 1
    log.info("%s: made in %.1f s", task.describe(), time.monotonic() - started)
    return data


def _make(task: ChunkTask, stop: threading.Event, report: _Reporter) -> bytes:
    from photoreel.engine import render
    from photoreel.engine.chunks import render_chunk

    media = local_files(task.media, task.server, task.key, stop)
    with tempfile.TemporaryDirectory(prefix="photoreel-chunk-", dir=settings().work) as work:
        workdir = Path(work)
        if task.window is None:
            out = workdir / f"whole.{task.fmt}"
            render(task.draft, media, out, report, stop, fmt=task.fmt, quality=task.quality)
        else:
            out = workdir / "chunk.mkv"
            render_chunk(
                task.draft,
                media,
                task.window,
                out,
                fmt=task.fmt,
                quality=task.quality,
                workdir=workdir,
                on_prepared=lambda f: report(PREPARE_SHARE * f),
                on_progress=lambda f: report(PREPARE_SHARE + (1 - PREPARE_SHARE) * f),
                cancel=stop,
            )
        return out.read_bytes()


class _Reporter:
    """Sends the chunk's progress (0..1) to whoever follows the render, twice a second."""

    def __init__(self, worker: object, task: ChunkTask) -> None:
        self.worker = worker
        self.task = task
        self._sent = 0.0

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._sent < PROGRESS_EVERY_SECONDS:
            return
        self._sent = now
        message = {"run": self.task.run, "chunk": self.task.index, "done": round(fraction, 4)}
        self.worker.log_event(PROGRESS_TOPIC, message)  # type: ignore[attr-defined]
