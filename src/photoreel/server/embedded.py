"""The embedded backend: the app and `photoreel make` start the server privately.

    backend = EmbeddedBackend()          # data in the user data dir
    await backend.start()                # or backend.start_blocking()
    client = ... base_url=backend.base_url, transport over backend.socket_path ...
    await backend.stop()

The backend is `python -m photoreel serve --uds <runtime>/backend-<key>.sock`
in the user's 0700 runtime directory (`photoreel.locations.runtime_dir()`), so
no other user of a shared machine can connect, and no port is opened. `<key>`
is derived from the data directory, so one data directory has one backend.

Decisions:

* **A second app on the same data directory reuses the running backend.** Two
  servers on one SQLite store would each run the render queue; one socket per
  data directory and a start-up lock make the second app find and use the
  first one's backend instead.
* **Leases decide when it stops.** Each app holding a backend writes a lease
  (a file named after its pid). `stop()` removes this app's lease; the backend
  exits by itself once no lease names a living process *and* no render is
  queued or running. So quitting one of two apps leaves the other working,
  quitting mid-render lets the render finish in the background (the next start
  finds it completed), and a crashed app does not leave a backend behind once
  its renders are done.
* **Renders survive anything else too.** Jobs live in the store; if the backend
  is killed, the next start resumes them (see `renders.py`).
* The backend's log goes to `<data>/backend.log`; a start that fails raises
  `EmbeddedBackendError` with its last lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from photoreel import locations
from photoreel.server import leases
from photoreel.server.processes import process_alive
from photoreel.server.settings import serve_args

START_TIMEOUT = 30.0
STOP_WAIT = 5.0
# Any host name works over a Unix socket; this one reads well in URLs and logs.
BASE_URL = "http://photoreel"
# The embedded backend serves one person: no rate limit on their own tokens.
EMBEDDED_DEFAULTS: dict[str, Any] = {"token_rate_window": 0}


class EmbeddedBackendError(RuntimeError):
    """The backend could not be started; the message says why and where the log is."""


class EmbeddedBackend:
    """A private backend for this user's apps on one data directory."""

    def __init__(
        self,
        data_dir: Path | None = None,
        runtime_dir: Path | None = None,
        *,
        start_timeout: float = START_TIMEOUT,
        **settings: Any,
    ) -> None:
        self.data_dir = (data_dir or locations.data_dir()).resolve()
        # A runtime folder that is not safely ours is reported by `start`, as every other
        # reason the backend cannot start is (so `make --json` still answers in JSON).
        self._unusable: str | None = None
        if runtime_dir is None:
            try:
                runtime_dir = locations.runtime_dir()
            except (locations.UnsafeDirectory, OSError) as exc:
                self._unusable = str(exc)
                runtime_dir = Path(tempfile.gettempdir())
        self.runtime_dir = runtime_dir
        key = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]
        self.socket_path = self.runtime_dir / f"backend-{key}.sock"
        self.lease_dir = self.runtime_dir / f"backend-{key}.leases"
        self.lock_path = self.runtime_dir / f"backend-{key}.lock"
        self.pid_path = self.runtime_dir / f"backend-{key}.pid"
        self.log_path = self.data_dir / "backend.log"
        self.base_url = BASE_URL
        self.start_timeout = start_timeout
        self.settings = {**EMBEDDED_DEFAULTS, **settings}
        serve_args(**self.settings)  # a bad setting fails here, not in the subprocess
        self.owned = False  # True when this object started the process
        self.pid: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lease: Path | None = None

    # -- what a client needs ------------------------------------------------------------

    def transport(self) -> httpx.HTTPTransport:
        return httpx.HTTPTransport(uds=str(self.socket_path))

    def async_transport(self) -> httpx.AsyncHTTPTransport:
        return httpx.AsyncHTTPTransport(uds=str(self.socket_path))

    @property
    def running(self) -> bool:
        return self.pid is not None and process_alive(self.pid)

    # -- start ----------------------------------------------------------------------------

    def start_blocking(self) -> EmbeddedBackend:
        """Use the backend of this data directory, starting it if none answers."""
        if self._lease is not None:
            return self
        if self._unusable is not None:
            raise EmbeddedBackendError(self._unusable)
        self.runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.runtime_dir.chmod(0o700)
        self._lease = leases.take(self.lease_dir)  # before the server could look for one
        try:
            with _locked(self.lock_path, self.start_timeout):
                if _answers(self.socket_path):
                    self.pid = _read_pid(self.pid_path)
                    return self
                self._spawn()
        except BaseException:
            leases.release(self._lease)
            self._lease = None
            raise
        return self

    def _spawn(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()  # a backend that was killed leaves its socket file
        args = [
            sys.executable,
            "-m",
            "photoreel",
            "serve",
            "--uds",
            str(self.socket_path),
            "--data",
            str(self.data_dir),
            "--lease-dir",
            str(self.lease_dir),
            *serve_args(**self.settings),
        ]
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # Ctrl-C in the terminal goes to the app, not here
            )
        self.pid = self._process.pid
        self.owned = True
        self.pid_path.write_text(str(self.pid))
        deadline = time.monotonic() + self.start_timeout
        while not _answers(self.socket_path):
            if self._process.poll() is not None:
                raise EmbeddedBackendError(self._failure("exited", log_start))
            if time.monotonic() > deadline:
                self._process.kill()
                self._process.wait()
                raise EmbeddedBackendError(
                    self._failure(f"did not answer within {self.start_timeout:g} s", log_start)
                )
            time.sleep(0.05)

    def _failure(self, what: str, log_start: int) -> str:
        try:
            with self.log_path.open("rb") as log:
                log.seek(log_start)
                lines = log.read().decode(errors="replace").strip().splitlines()[-5:]
        except OSError:
            lines = []
        detail = ("\n" + "\n".join(lines)) if lines else ""
        return f"the photoreel backend {what} while starting (log: {self.log_path}){detail}"

    # -- stop -----------------------------------------------------------------------------

    def stop_blocking(self, *, force: bool = False, wait: float = STOP_WAIT) -> str:
        """Let go of the backend. Returns what happened:

        * `"stopped"`: no other app used it and it exited;
        * `"shared"`: another app still holds it, so it keeps running;
        * `"finishing"`: a render is still running; it exits when that is done;
        * `"not started"`.

        `force=True` stops it now even if others use it (their renders resume at the
        next start).
        """
        if self._lease is None:
            return "not started"
        leases.release(self._lease)
        self._lease = None
        pid = self.pid or _read_pid(self.pid_path)
        if pid is None or (not self.owned and not _answers(self.socket_path)):
            return "stopped"  # gone already; and a stale pid file must never be signalled
        if force:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            wait = max(wait, 15.0)
        elif leases.held(self.lease_dir):
            return "shared"
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR1)  # "look at the leases now": it exits if idle
        if self._wait_exit(pid, wait):
            return "stopped"
        return "finishing"

    def _wait_exit(self, pid: int, wait: float) -> bool:
        if self._process is not None and self._process.pid == pid:
            try:
                self._process.wait(wait)
            except subprocess.TimeoutExpired:
                return False
            return True
        deadline = time.monotonic() + wait
        while process_alive(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    # -- async and context-manager forms --------------------------------------------------

    async def start(self) -> EmbeddedBackend:
        """`start_blocking` in a thread, for an event loop (the app's worker)."""
        return await asyncio.to_thread(self.start_blocking)

    async def stop(self, *, force: bool = False, wait: float = STOP_WAIT) -> str:
        return await asyncio.to_thread(self.stop_blocking, force=force, wait=wait)

    def __enter__(self) -> EmbeddedBackend:
        return self.start_blocking()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop_blocking()

    async def __aenter__(self) -> EmbeddedBackend:
        return await self.start()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _answers(socket_path: Path) -> bool:
    """Whether a photoreel backend answers on this socket."""
    if not socket_path.exists():
        return False
    try:
        with httpx.Client(
            base_url=BASE_URL, transport=httpx.HTTPTransport(uds=str(socket_path)), timeout=2.0
        ) as http:
            body = http.get("/api/server/info").json()
    except (httpx.HTTPError, ValueError):
        return False
    return isinstance(body, dict) and body.get("code") == 0


@contextlib.contextmanager
def _locked(path: Path, timeout: float) -> Any:
    """An exclusive lock between apps starting at the same moment."""
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EmbeddedBackendError(
                        f"another app is starting the backend and did not finish ({path})"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
