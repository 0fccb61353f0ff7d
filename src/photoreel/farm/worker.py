"""`photoreel worker ADDRESS`: this machine makes chunks for the cluster at ADDRESS.

It is a Dask worker (one thread by default: x264 already uses every core of a
chunk's machine when it can, and a chunk holds up to ~1 GB) whose tasks are
photoreel's chunk tasks. A Dask worker ends when its scheduler goes away; this
one then waits for the scheduler to come back and joins again, so restarting
the scheduler does not mean visiting every machine. Ctrl-C or SIGTERM leave the
cluster (a chunk being made goes to another worker) and exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from photoreel.farm import tasks
from photoreel.farm.errors import FarmNotInstalled
from photoreel.farm.media import DEFAULT_CACHE_MB, WorkerFiles, configure
from photoreel.farm.tasks import LEAVING

log = logging.getLogger("photoreel.farm")

PREFIX = "photoreel worker: "
#: Pause before joining again after the scheduler went away.
REJOIN_SECONDS = 1.0
#: The longest a leaving worker waits for the ffmpeg of its chunks to end.
LEAVE_SECONDS = 3.0


class WorkerOptions(BaseModel):
    """What `photoreel worker` is started with."""

    scheduler: str = Field(description="the Dask scheduler's address, e.g. tcp://render-box:8786")
    threads: int = Field(1, ge=1, le=64, description="chunks this machine makes at once")
    name: str | None = Field(None, description="this worker's name in the cluster")
    shared_data: Path | None = Field(
        None, description="the server's data folder as mounted here (media read, not downloaded)"
    )
    cache: Path | None = Field(None, description="where downloaded media are kept")
    cache_mb: int = Field(DEFAULT_CACHE_MB, ge=16, description="size of that cache in MB")


def run(options: WorkerOptions) -> int:
    """The body of `photoreel worker`; returns the exit code."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print(PREFIX + str(FarmNotInstalled()), file=sys.stderr)
        return 2
    from photoreel import locations

    configure(
        WorkerFiles(
            cache=options.cache or locations.cache_dir() / "farm-media",
            shared=options.shared_data,
            cache_mb=options.cache_mb,
        )
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(PREFIX + "%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    logging.getLogger("distributed").setLevel(logging.WARNING)
    # A chunk stopped because the worker leaves is not news.
    logging.getLogger("distributed.worker.state_machine").setLevel(logging.ERROR)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(options))
    print(PREFIX + "stopped.", file=sys.stderr)
    return 0


async def _serve(options: WorkerOptions) -> None:
    from distributed import Worker

    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()

    def leave() -> None:
        LEAVING.set()  # at once: the chunk's ffmpeg got the same signal
        stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, leave)
    joined_before = False
    while not stopping.is_set():
        worker = Worker(
            options.scheduler,
            nthreads=options.threads,
            name=options.name,
            dashboard=False,
            local_directory=str(options.cache.parent) if options.cache else None,
        )
        log.info(
            "%s the cluster at %s (%d thread%s)",
            "joining again" if joined_before else "joining",
            options.scheduler,
            options.threads,
            "" if options.threads == 1 else "s",
        )
        starting = asyncio.ensure_future(worker.start())  # type: ignore[no-untyped-call]
        stop_wait = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({starting, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set():
            starting.cancel()
            await _leave(worker)
            break
        await starting
        joined_before = True
        log.info("ready: worker %s at %s", worker.name, worker.address)
        finished = asyncio.ensure_future(worker.finished())  # type: ignore[no-untyped-call]
        await asyncio.wait({finished, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set():
            await _leave(worker)
            break
        stop_wait.cancel()
        log.info("the scheduler at %s went away; waiting for it", options.scheduler)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), REJOIN_SECONDS)


async def _leave(worker: Any) -> None:
    """Leave now: take no more chunks, stop the ones being made (the scheduler gives them
    to other workers) and wait only for their ffmpeg to end, not for the chunks."""
    LEAVING.set()
    with contextlib.suppress(BaseException):
        await worker.close(executor_wait=False, reason="photoreel worker stopped")
    deadline = asyncio.get_running_loop().time() + LEAVE_SECONDS
    # The chunks' threads are not this loop's: polling a counter is the plain way here.
    while tasks.making and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
