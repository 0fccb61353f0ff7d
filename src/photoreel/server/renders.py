"""Render jobs: a queue in the store, `--workers` of them running at a time.

A job is a row before it is anything else, so nothing about it lives only in
memory: after a crash or a restart, `resume` finds the rows that were pending or
processing and runs them again, gives up on a job after `--max-render-attempts`
starts (3) with a reason, and marks as completed a job whose output file was already in
place. The engine writes its output under a temporary name and renames it when
done, so a file at the output path is always complete, and the server never
deletes a completed file.

A graceful stop (SIGTERM) cancels running renders and leaves them pending for
the next start, without counting that as a failed attempt.

With `--cluster` the render itself is made by the farm (photoreel.farm.cluster)
instead of the engine on this machine; everything here stays the same, and a
cluster that cannot be reached costs the job an attempt, like a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import hashlib
import itertools
import json
import logging
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from photoreel.farm.errors import ClusterUnavailable
from photoreel.protocol.draft import (
    AudioSegment,
    Draft,
    TextTrack,
    VideoSegment,
    parse_draft,
)
from photoreel.server.errors import is_disk_full
from photoreel.server.processes import record_engine_processes
from photoreel.server.settings import ServerSettings
from photoreel.server.storage import Storage, tree_size
from photoreel.server.store import MediaRow, RenderRow, Store

if TYPE_CHECKING:
    from photoreel.engine import OutputFormat, Quality, RenderResult

log = logging.getLogger("photoreel.server")

PROGRESS_WRITE_SECONDS = 1.0
STOP_WAIT_SECONDS = 15.0

Key = tuple[str, str]  # (user_id, render_id)


class UnknownSource(Exception):
    """A draft `src` that names no file of the session."""

    def __init__(self, key: str, src: str) -> None:
        super().__init__(src)
        self.key = key
        self.src = src


def media_lookup(media: list[MediaRow]) -> dict[str, MediaRow]:
    """Every name a draft may use for a session's file: its media id (what photoreel's
    agent writes), its cdn URL path, its hash, and its file name when that is unique."""
    by: dict[str, MediaRow] = {}
    names: dict[str, list[MediaRow]] = {}
    for row in media:
        by[row.id] = row
        by[row.hash] = row
        names.setdefault(row.filename, []).append(row)
    for name, rows in names.items():
        if len(rows) == 1:
            by.setdefault(name, rows[0])
    return by


def _lookup_key(src: str) -> str:
    """`.../api/media/<id>/<name>` URLs (cdn_url) name the media by id."""
    marker = "/api/media/"
    if marker in src:
        return src.split(marker, 1)[1].split("/", 1)[0]
    return src


def resolve_media(store: Store, session_id: int, draft: Draft) -> dict[str, MediaRow]:
    """`src` -> the session's file for every segment; raises `UnknownSource` naming the key."""
    lookup = media_lookup(store.session_media(session_id))
    resolved: dict[str, MediaRow] = {}
    for ti, track in enumerate(draft.tracks):
        if isinstance(track, TextTrack):
            continue
        segments: list[VideoSegment | AudioSegment] = list(track.segments)
        for si, seg in enumerate(segments):
            src = seg.meta.src
            row = lookup.get(_lookup_key(src))
            if row is None:
                raise UnknownSource(f"t[{ti}].sg[{si}].m.src", src)
            resolved[src] = row
    return resolved


def resolve_sources(store: Store, session_id: int, draft: Draft) -> dict[str, Path]:
    """`src` -> stored file for every segment; raises `UnknownSource` naming the key."""
    return {
        src: store.data_dir / row.path
        for src, row in resolve_media(store, session_id, draft).items()
    }


def output_path(store: Store, row: RenderRow) -> Path:
    """Where a job's file goes: fixed by (user, id), so a restart finds a finished file.
    The client-chosen id never becomes part of a path."""
    digest = hashlib.sha256(f"{row.user_id}/{row.id}".encode()).hexdigest()[:24]
    return store.renders_dir / row.user_id / f"{digest}.{row.format}"


class Renderer(Protocol):
    """What makes a job's video somewhere other than here (the farm's `ClusterRenderer`):
    the engine's `render` signature, and a way to let go of its connections."""

    def render(
        self,
        draft: Draft,
        media: Mapping[str, Path],
        output: Path,
        on_progress: _ProgressReporter,
        cancel: threading.Event,
        *,
        fmt: OutputFormat,
        quality: Quality,
    ) -> RenderResult: ...

    def close(self) -> None: ...


class RenderQueue:
    """Runs pending jobs in worker tasks; each render itself runs in a thread."""

    def __init__(
        self,
        store: Store,
        settings: ServerSettings,
        storage: Storage,
        renderer: Renderer | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.storage = storage
        self.renderer = renderer  # None: the engine, on this machine
        # Renders run for minutes: in threads of their own, so that they never take the
        # default pool's few threads from uploads' probes and chat turns.
        self._threads = ThreadPoolExecutor(settings.workers, thread_name_prefix="render")
        # Bytes that must be free before a job starts: more than nothing, and after a job
        # ran out of room, twice what it had written (removing its files frees some room,
        # which must not be taken for the disk having room again).
        self._room_wanted = 1
        self._wake = asyncio.Event()
        self._workers: list[asyncio.Task[None]] = []
        self._cancels: dict[Key, threading.Event] = {}
        self._progress: dict[Key, float] = {}
        self._stopping = False

    # -- life ----------------------------------------------------------------------

    async def start(self) -> None:
        self.resume()
        self._workers = [
            asyncio.create_task(self._worker(), name=f"render-worker-{i}")
            for i in range(self.settings.workers)
        ]

    async def stop(self) -> None:
        self._stopping = True
        for cancel in self._cancels.values():
            cancel.set()
        self._wake.set()
        if self._workers:
            await asyncio.wait(self._workers, timeout=STOP_WAIT_SECONDS)
        if self.renderer is not None:
            await asyncio.to_thread(self.renderer.close)
        self._threads.shutdown(wait=False, cancel_futures=True)

    def resume(self) -> None:
        """Decide the fate of every job a previous run left unfinished."""
        for stale in self.store.renders_dir.rglob(".*.part"):
            stale.unlink(missing_ok=True)  # a render that died half-written
        for row in self.store.unfinished_renders():
            if row.status != "processing":
                continue  # pending jobs simply wait their turn
            done = output_path(self.store, row)
            if done.is_file():
                self._complete_from_file(row, done)
            elif row.attempts >= self.settings.max_render_attempts:
                self.store.finish_render(
                    row,
                    "failed",
                    error=f"The server stopped {_times(row.attempts)} while making this video; "
                    "it was not tried again. Submit the export again.",
                )
            else:
                log.info("render %s was interrupted; queued again", row.id)
                self.store.requeue_render(row)

    def _complete_from_file(self, row: RenderRow, path: Path) -> None:
        from photoreel import engine  # loaded after start-up: see warmup.py

        record_engine_processes()
        try:
            info = engine.probe(path)
            duration = info.duration
        except engine.MediaError:
            duration = None
        self.store.finish_render(
            row,
            "completed",
            output_path=str(path.relative_to(self.store.data_dir)),
            size=path.stat().st_size,
            duration=duration,
        )

    # -- jobs ----------------------------------------------------------------------

    def notify(self) -> None:
        """A job was queued: wake a worker."""
        self._wake.set()

    def progress(self, row: RenderRow) -> float:
        if row.status == "processing":
            return self._progress.get((row.user_id, row.id), row.progress)
        return row.progress

    def cancel(self, row: RenderRow) -> bool:
        """Ask a running render to stop; False if it is not running here."""
        event = self._cancels.get((row.user_id, row.id))
        if event is None:
            return False
        event.set()
        return True

    def _as_uploaded(self, row: RenderRow, message: str) -> str:
        """The engine names files as stored (by content hash); a person knows the names
        they uploaded them under."""
        for media in self.store.session_media(row.session_id):
            message = message.replace(Path(media.path).name, media.filename)
        return message

    async def _worker(self) -> None:
        while not self._stopping:
            self._wake.clear()
            if await asyncio.to_thread(self.storage.room) < self._room_wanted:
                # No room for a render's files: jobs wait (queued) until space returns.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), SPACE_POLL_SECONDS)
                continue
            row = self.store.claim_next_render()
            if row is None:
                await self._wake.wait()
                continue
            # A job claimed by one worker may leave others with work: pass the wake on.
            self._wake.set()
            await self._run(row)

    async def _run(self, row: RenderRow) -> None:
        from photoreel import engine  # loaded after start-up: see warmup.py

        record_engine_processes()
        key = (row.user_id, row.id)
        cancel = threading.Event()
        self._cancels[key] = cancel
        self._progress[key] = 0.0
        job = Job(job_folder(self.store, row), cancel, self.settings, self.storage)
        watch = asyncio.create_task(job.watch())
        ending: Callable[[], object] | None = None
        try:
            draft = parse_draft(json.loads(row.draft))
            media = resolve_sources(self.store, row.session_id, draft)
            target = output_path(self.store, row)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            result = await asyncio.get_running_loop().run_in_executor(
                self._threads,
                functools.partial(
                    _render,
                    draft,
                    media,
                    target,
                    self._reporter(row),
                    cancel,
                    row,
                    self.renderer,
                    job.folder,
                ),
            )
            ending = functools.partial(self._completed, row, result)
        except Exception as exc:
            ending = functools.partial(self._ended_by, row, job, exc, engine)
        finally:
            watch.cancel()
            # The temporary folder is gone before the status says the job ended.
            await asyncio.to_thread(shutil.rmtree, job.folder, True)
            self.storage.changed()
            if ending is not None:
                ending()
            self._cancels.pop(key, None)
            self._progress.pop(key, None)

    def _completed(self, row: RenderRow, result: RenderResult) -> None:
        self._room_wanted = 1
        self.store.finish_render(
            row,
            "completed",
            output_path=str(result.path.relative_to(self.store.data_dir)),
            size=result.size,
            duration=result.duration,
        )

    def _ended_by(self, row: RenderRow, job: Job, exc: Exception, engine: Any) -> None:
        """What a failure means for the job: failed for good when its input caused it,
        queued again when something else did, cancelled when someone asked."""
        if isinstance(exc, engine.RenderCancelled):
            if job.out_of_room:
                self._room_wanted = max(2 * job.peak, MIN_ROOM_AFTER_FULL)
                self._retry(row, "the server's disk was full")
            elif job.stopped_because:
                self.store.finish_render(row, "failed", error=job.stopped_because)
            elif self._stopping:
                self._requeue_after_stop(row)
            else:
                self.store.finish_render(row, "cancelled", error="Cancelled.")
        elif isinstance(exc, ClusterUnavailable):
            if self._stopping:
                self._requeue_after_stop(row)
            else:
                self._retry(row, exc.message)
        elif is_disk_full(exc):
            self._room_wanted = max(2 * job.peak, MIN_ROOM_AFTER_FULL)
            self._retry(row, "the server's disk was full")
        elif isinstance(exc, engine.RenderError):
            self.store.finish_render(row, "failed", error=self._as_uploaded(row, exc.message))
        elif isinstance(exc, UnknownSource):
            self.store.finish_render(
                row, "failed", error=f"{exc.key}: {exc.src!r} is not a file of this session"
            )
        elif isinstance(exc, OSError) and exc.errno in TRANSIENT_ERRNOS:
            self._retry(row, f"the server ran short of resources ({exc.strerror})")
        else:
            raise_unexpected(self.store, row, exc)

    def _retry(self, row: RenderRow, why: str) -> None:
        """A failure the input did not cause: run the job again later, a bounded number
        of times (each start counts as an attempt)."""
        if row.attempts >= self.settings.max_render_attempts:
            self.store.finish_render(
                row,
                "failed",
                error=f"The render failed {_times(row.attempts)} because {why}; it was not "
                "tried again. Submit the export again later.",
            )
            return
        log.warning("render %s failed because %s; queued again", row.id, why)
        self.store.requeue_render(row)

    def _requeue_after_stop(self, row: RenderRow) -> None:
        """A graceful stop interrupted this job: queue it again, not counted as an attempt."""
        self.store.requeue_render(row)
        self.store.uncount_attempt(row)

    def _reporter(self, row: RenderRow) -> _ProgressReporter:
        return _ProgressReporter(self.store, row, self._progress)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


class _ProgressReporter:
    """Called from the render thread: memory on every call, the store once a second."""

    def __init__(self, store: Store, row: RenderRow, progress: dict[Key, float]) -> None:
        self.store = store
        self.row = row
        self.progress = progress
        self._written = 0.0

    def __call__(self, fraction: float) -> None:
        percent = round(max(0.0, min(1.0, fraction)) * 100, 1)
        key = (self.row.user_id, self.row.id)
        self.progress[key] = max(percent, self.progress.get(key, 0.0))
        now = time.monotonic()
        if now - self._written >= PROGRESS_WRITE_SECONDS:
            self._written = now
            with contextlib.suppress(Exception):  # progress is a hint; never fail a render
                self.store.set_render_progress(self.row.user_id, self.row.id, percent)


def _render(
    draft: Draft,
    media: Mapping[str, Path],
    target: Path,
    on_progress: _ProgressReporter,
    cancel: threading.Event,
    row: RenderRow,
    renderer: Renderer | None,
    folder: Path,
) -> RenderResult:
    from photoreel import engine

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if renderer is not None:  # the cluster: its workers keep their own temporary files
        return renderer.render(
            draft,
            media,
            target,
            on_progress,
            cancel,
            fmt=row.format,  # type: ignore[arg-type]
            quality=row.quality,  # type: ignore[arg-type]
        )
    return engine.render(
        draft,
        media,
        target,
        on_progress,
        cancel,
        fmt=row.format,  # type: ignore[arg-type]
        quality=row.quality,  # type: ignore[arg-type]
        temp_dir=folder,
    )


def raise_unexpected(store: Store, row: RenderRow, exc: BaseException) -> None:
    """A failure nobody foresaw (a fault in photoreel): given the same input it would
    happen again, so the job fails and is not retried; the log has the traceback."""
    log.error("render %s failed", row.id, exc_info=exc)
    store.finish_render(
        row,
        "failed",
        error=f"The render failed because of a fault in photoreel ({exc or 'no detail'})."
        " Nothing is wrong with your files; please report it (the server log has the "
        "details).",
    )


#: OS errors that say the machine was short of something, not that the input was bad.
TRANSIENT_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.EAGAIN})
#: Room a full disk must have again before a render that ran out of it starts again.
MIN_ROOM_AFTER_FULL = 16 * 1024 * 1024
#: How often queued renders look whether a full disk has room again.
SPACE_POLL_SECONDS = 2.0
#: How often a running render's temporary folder is measured.
WATCH_SECONDS = 0.25
#: ... and, every this many times, the room left on the disk.
ROOM_EVERY = 4


def job_folder(store: Store, row: RenderRow) -> Path:
    """A render's own temporary folder; like its output path, fixed by (user, id)."""
    digest = hashlib.sha256(f"{row.user_id}/{row.id}".encode()).hexdigest()[:24]
    return store.temp_dir / f"render-{digest}"


class Job:
    """One running render's temporary folder, measured while it runs.

    The estimate checked at submit (limits.py) is an upper bound of what the
    engine should write; this is the check that holds whatever the engine does:
    a render whose folder passes `--max-render-temp-mb` is stopped and fails
    naming the limit, before it can fill the disk.
    """

    def __init__(
        self, folder: Path, cancel: threading.Event, settings: ServerSettings, storage: Storage
    ) -> None:
        self.folder = folder
        self.cancel = cancel
        self.storage = storage
        self.out_of_room = False
        self.limit = settings.max_render_temp_mb * 1024 * 1024
        self.limit_mb = settings.max_render_temp_mb
        self.stopped_because: str | None = None
        self.peak = 0

    async def watch(self) -> None:
        for tick in itertools.count():
            if self.cancel.is_set():
                return
            used = tree_size(self.folder)  # a render's own folder: a few files
            self.peak = max(self.peak, used)
            if used > self.limit:
                self.stopped_because = (
                    f"The render was stopped: it used more than {self.limit_mb} MB of "
                    "temporary space, this server's limit for one render "
                    "(--max-render-temp-mb). Make the video shorter or smaller."
                )
                self.cancel.set()
                return
            if tick % ROOM_EVERY == 0 and await asyncio.to_thread(self.storage.full):
                self.out_of_room = True  # stopped before ffmpeg fails on a full disk
                self.cancel.set()
                return
            await asyncio.sleep(WATCH_SECONDS)
