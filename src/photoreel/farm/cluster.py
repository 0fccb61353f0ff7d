"""The server's side of the farm: a render's chunks sent to a Dask cluster and joined here.

`ClusterRenderer.render` has the engine's `render` signature, so the render
queue runs it in place of the engine and everything around a job (the row,
progress, cancel, credits, attempts) stays as it is. One render:

1. is planned into chunks (engine/chunks.py: windows cut in a photo's hold or
   at a hard cut, never inside a transition) and gets a key to its files
   (credentials.py);
2. each chunk is a Dask task (`tasks.make_chunk`) carrying only the files its
   window shows; the scheduler hands them to free workers and, when a worker
   dies mid-chunk, gives the chunk to another one;
3. meanwhile this server measures the sound's loudness, follows the chunks'
   progress events, and writes each chunk to the job's folder as it arrives;
4. the chunks are joined by stream copy with the whole sound track mixed once
   (`join_chunks`), under a temporary name renamed into place at the end.

This module holds the connection (light: the server imports it at start); the
render itself is job.py, which loads the engine, and Dask is imported by the
first connection, in the background after start-up (see server/warmup.py).

Cancelling the render releases its tasks: a worker stops the chunk's ffmpeg at
once. When the scheduler goes away mid-render, the render raises
`ClusterUnavailable`: the queue counts an attempt and runs it again once the
cluster answers (or fails it with that reason when its attempts are spent).
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from photoreel.farm.credentials import JobCredentials
from photoreel.farm.errors import ClusterUnavailable, FarmNotInstalled

if TYPE_CHECKING:
    from photoreel.engine import OutputFormat, Quality, RenderResult
    from photoreel.protocol.draft import Draft

log = logging.getLogger("photoreel.server")

#: Each try to reach the scheduler lasts at most this long (a cancel is seen between).
CONNECT_STEP_SECONDS = 2.0
#: The Dask event topic chunk progress is reported on (tasks.py sends, this follows).
PROGRESS_TOPIC = "photoreel-progress"


def worker_url(listening: str, advertised: str | None) -> str:
    """The URL workers fetch media from: `advertised`, else the one the server listens on,
    with an any-address host (0.0.0.0, ::) replaced by this machine's name."""
    if advertised:
        return advertised.rstrip("/")
    parts = urlsplit(listening)
    if parts.hostname in ("0.0.0.0", "::"):
        netloc = f"{socket.getfqdn()}:{parts.port}"
        return urlunsplit((parts.scheme, netloc, "", "", ""))
    return listening.rstrip("/")


class ClusterRenderer:
    """Renders each job's chunks on the Dask cluster at `address`."""

    def __init__(
        self,
        address: str,
        credentials: JobCredentials,
        data_dir: Path,
        *,
        chunk_seconds: float,
        timeout: float,
    ) -> None:
        # Found, not imported: Dask loads in the background after start-up (warm), as
        # the engine does (server/warmup.py), so the server listens as soon as usual.
        if importlib.util.find_spec("distributed") is None:
            raise FarmNotInstalled()
        self.address = address
        self.credentials = credentials
        self.data_dir = data_dir
        self.chunk_seconds = chunk_seconds
        self.timeout = timeout
        self.server_url: str | None = None
        self._client: Any = None
        self._closed = False
        self._lock = threading.Lock()
        self._runs: dict[str, Callable[[int, float], None]] = {}

    # -- the cluster connection ------------------------------------------------------

    def connect(self, cancel: threading.Event | None = None) -> Any:
        """The client of the scheduler, connected anew when the last one lost it.

        Tries for `timeout` seconds in short steps, so a render being cancelled (or a
        server stopping) does not wait for a scheduler that is not there.
        """
        with self._lock:
            lost, self._client = self._client, None
            if lost is not None and lost.status == "running":
                self._client = lost
                return lost
        if lost is not None:
            with contextlib.suppress(Exception):
                lost.close(timeout=2)
        client = self._new_client(cancel)
        with self._lock:
            current = self._client
            if self._closed or (current is not None and current.status == "running"):
                spare, client = client, current
            else:
                spare = None
                client.subscribe_topic(PROGRESS_TOPIC, self._on_event)
                self._client = client
        if spare is not None:  # another thread connected meanwhile, or the server stops
            with contextlib.suppress(Exception):
                spare.close(timeout=2)
        if client is None:
            raise ClusterUnavailable("the server is stopping")
        return client

    def _new_client(self, cancel: threading.Event | None) -> Any:
        from distributed import Client

        # (After the import: importing Dask sets its loggers' levels.) Its INFO lines
        # would drown the server's log, and its client logs a traceback when the scheduler
        # it was reconnecting to is given up on: this module says each of those itself.
        logging.getLogger("distributed").setLevel(logging.WARNING)
        logging.getLogger("distributed.client").setLevel(logging.CRITICAL)
        deadline = time.monotonic() + self.timeout
        while True:
            if cancel is not None and cancel.is_set():
                from photoreel.engine.errors import RenderCancelled

                raise RenderCancelled()
            step = min(CONNECT_STEP_SECONDS, max(deadline - time.monotonic(), 0.1))
            try:
                return Client(  # type: ignore[no-untyped-call]  # dask ships no types here
                    self.address, timeout=step, set_as_default=False
                )
            except Exception as exc:
                if time.monotonic() >= deadline or self._closed:
                    log.info("connecting to %s: %s", self.address, reason(exc))
                    raise ClusterUnavailable(
                        f"the render cluster at {self.address} did not answer within "
                        f"{self.timeout:g} s"
                    ) from None

    def warm(self) -> None:
        """Connect now (at server start), so the first render does not wait for it; a
        cluster that is not up yet is only logged: each render tries again."""
        try:
            self.connect()
        except ClusterUnavailable as exc:
            log.warning("%s; renders wait for it", exc.message)

    def _on_event(self, event: tuple[float, dict[str, Any]]) -> None:
        """A chunk's progress event (called on the client's own thread)."""
        message = event[1]
        follow = self._runs.get(str(message.get("run")))
        if follow is not None:
            with contextlib.suppress(Exception):  # progress is a hint
                follow(int(message["chunk"]), float(message["done"]))

    def close(self) -> None:
        with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=5)

    # -- renders -----------------------------------------------------------------------

    def follow(self, run: str, progress: Callable[[int, float], None]) -> None:
        """Send the progress events of render attempt `run` to `progress(chunk, done)`."""
        self._runs[run] = progress

    def unfollow(self, run: str) -> None:
        self._runs.pop(run, None)

    def render(
        self,
        draft: Draft,
        media: Mapping[str, Path],
        output: Path,
        on_progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
        *,
        fmt: OutputFormat = "mp4",
        quality: Quality = "high",
        temp_dir: Path | None = None,
    ) -> RenderResult:
        """Render `draft` to `output` on the cluster: the engine's `render`, spread out."""
        from photoreel.farm.job import render_on

        return render_on(self, draft, media, output, on_progress, cancel, fmt, quality,
                         temp_dir)  # fmt: skip


def reason(exc: BaseException | None) -> str:
    """An exception as a short phrase for a log or a message."""
    if exc is None:
        return "no reason given"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
