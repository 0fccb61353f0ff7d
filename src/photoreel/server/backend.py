"""One running backend: its settings, store, credit rules, chat turns and render queue.

The FastAPI app holds exactly one `Backend` (in `app.state.backend`); routes reach
it through `deps.BackendDep`. Starting it cleans what a crash may have left
(half-received uploads) and resumes unfinished renders; stopping it lets chat
turns finish saving and leaves interrupted renders queued for the next start.

One data directory has at most one server: a second one would run the render
queue over the same store and take the first one's running jobs for ones a
crash left behind. An exclusive lock on `<data>/server.lock` (released by the
kernel when the process ends, however it ends) makes the second one refuse to
start, saying which process holds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import sqlite3
from pathlib import Path
from typing import IO, TYPE_CHECKING

from photoreel.farm.credentials import JobCredentials
from photoreel.farm.errors import FarmNotInstalled
from photoreel.server.credits import CreditPolicy
from photoreel.server.db import SchemaTooNew
from photoreel.server.previews import Previews
from photoreel.server.processes import ProcessRecord
from photoreel.server.renders import RenderQueue
from photoreel.server.settings import ServerSettings
from photoreel.server.storage import Storage
from photoreel.server.store import Store
from photoreel.server.storyboards import Storyboards
from photoreel.server.turns import TurnRunner
from photoreel.server.warmup import warm_up

if TYPE_CHECKING:
    from photoreel.farm.cluster import ClusterRenderer

log = logging.getLogger("photoreel.server")


class BackendUnavailable(RuntimeError):
    """The data directory cannot be used; the message says why and what to do."""


class Backend:
    def __init__(self, settings: ServerSettings, data_dir: Path) -> None:
        self.settings = settings
        self.data_dir = data_dir
        self._lock = _lock_data_dir(data_dir)
        try:
            self.store = Store(data_dir, settings.temp_dir)
        except SchemaTooNew as exc:
            self._lock.close()
            raise BackendUnavailable(f"{data_dir}: {exc}") from None
        except (OSError, sqlite3.Error) as exc:
            self._lock.close()
            raise BackendUnavailable(
                f"cannot open the data directory {data_dir}: {exc}; check its permissions "
                "and free space, or pick another --data directory"
            ) from None
        self.storage = Storage(data_dir, self.store.temp_dir, settings)
        self.credits = CreditPolicy(self.store, settings)
        self.turns = TurnRunner(self.store, self.credits, settings)
        # Keys that let the cluster's workers download a running render's files.
        self.job_credentials = JobCredentials()
        self.cluster = self._cluster() if settings.cluster else None
        self.renders = RenderQueue(self.store, settings, self.storage, renderer=self.cluster)
        self.storyboards = Storyboards(self.store, settings, self.storage)
        self.previews = Previews(self.store, settings.max_previews)
        self.processes = ProcessRecord(self.store)

    def _cluster(self) -> ClusterRenderer:
        try:
            from photoreel.farm.cluster import ClusterRenderer
        except ImportError:
            self._lock.close()
            raise BackendUnavailable(str(FarmNotInstalled())) from None
        assert self.settings.cluster is not None
        return ClusterRenderer(
            self.settings.cluster,
            self.job_credentials,
            self.data_dir,
            chunk_seconds=self.settings.chunk_seconds,
            timeout=self.settings.cluster_timeout,
        )

    def listening(self, url: str) -> None:
        """The server listens at `url`: tell the cluster's workers where to fetch media."""
        if self.cluster is None:
            return
        from photoreel.farm.cluster import worker_url

        if url.startswith("unix:") and not self.settings.advertise_url:
            raise BackendUnavailable(
                "--cluster needs the workers to reach this server over HTTP: listen on TCP "
                "(--host, --port) or give --advertise-url"
            )
        self.cluster.server_url = worker_url(url, self.settings.advertise_url)

    async def start(self) -> None:
        # What a killed run left: its ffmpeg still running, then its files. Partial
        # uploads and temporary files are never valid files; renders resume below.
        try:
            self.processes.end_orphans()
        except sqlite3.Error as exc:  # a full disk: the processes are ended, the rows stay
            log.warning("could not update the record of processes: %s", exc)
        for folder in (self.store.incoming_dir, self.store.temp_dir):
            _empty(folder)
        await self.renders.start()
        if self.cluster is not None:
            self._warming = asyncio.create_task(asyncio.to_thread(self.cluster.warm))
        warm_up()

    async def stop(self) -> None:
        self.previews.stop_all()
        await self.turns.wait()
        await self.renders.stop()
        self.store.close()
        self._lock.close()

    def idle(self) -> bool:
        """No render queued or running (an embedded backend may then exit)."""
        return self.store.count_unfinished_renders() == 0


def _empty(folder: Path) -> None:
    """Remove what is inside `folder` (not the folder: it may be a mount point)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def tighten(path: Path, mode: int) -> None:
    """Give a path of ours `mode` (a data folder made by an older photoreel, or by hand
    with a loose umask, was readable by every user of the machine)."""
    with contextlib.suppress(FileNotFoundError):
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)


def _lock_data_dir(data_dir: Path) -> IO[str]:
    """Hold `<data>/server.lock` for this process's life, or say who holds it."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        tighten(data_dir, 0o700)
        handle = (data_dir / "server.lock").open("a+")
    except OSError as exc:
        raise BackendUnavailable(
            f"cannot use the data directory {data_dir}: {exc}; check its permissions, "
            "or pick another --data directory"
        ) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise BackendUnavailable(
            f"another photoreel server (pid {holder}) is using the data directory {data_dir}; "
            "use that one, stop it, or pick another --data directory"
        ) from None
    handle.seek(0)
    with contextlib.suppress(OSError):  # the pid is for a person to read; the lock holds anyway
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
    with contextlib.suppress(OSError):
        os.chmod(handle.name, 0o600)
    return handle
