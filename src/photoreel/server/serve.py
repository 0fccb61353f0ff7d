"""`photoreel serve`: run the backend on a TCP port or a Unix socket until stopped.

The listening socket is bound here, before uvicorn starts, so that `--port 0`
can report the port it got and a Unix socket gets mode 0600 before anyone can
connect. Once the app has started, one line goes to stdout:

    photoreel serve: listening on http://127.0.0.1:8787

(or `unix:/path/to.sock`) - tests and the embedded launcher wait for it.
SIGINT/SIGTERM stop it gracefully: chat turns finish saving, a running render
is left queued and resumes on the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import uvicorn

from photoreel import locations
from photoreel.server import leases
from photoreel.server.app import create_app
from photoreel.server.backend import Backend, BackendUnavailable
from photoreel.server.settings import ServerSettings

READY_PREFIX = "photoreel serve: listening on "
LEASE_CHECK_SECONDS = 1.0


class ServeError(RuntimeError):
    """The server could not start; the message says why and what to do."""


def bind(settings: ServerSettings) -> tuple[socket.socket, str]:
    """The listening socket and the URL a client uses to reach it."""
    if settings.uds is not None:
        return _bind_unix(settings.uds), f"unix:{settings.uds}"
    try:
        sock = _bind_tcp(settings.host, settings.port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"cannot listen on {settings.host}:{settings.port}: the address is in use; "
                "pick another --port (0 picks a free one)"
            ) from None
        raise ServeError(f"cannot listen on {settings.host}:{settings.port}: {exc}") from None
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return sock, f"http://{shown}:{port}"


def _bind_tcp(host: str, port: int) -> socket.socket:
    """A listening TCP socket created with `IPPROTO_TCP` named explicitly.

    asyncio turns Nagle's algorithm off (TCP_NODELAY) only on connections whose
    socket says `proto == IPPROTO_TCP`; `socket.create_server` leaves proto 0, and
    then every response (headers and body written separately) waits for the
    client's delayed ACK: 40 ms a request.
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    return sock


def _bind_unix(path: Path) -> socket.socket:
    if path.exists() or path.is_symlink():
        if _answers(path):
            raise ServeError(
                f"{path} is in use by a running server; stop it or pick another --uds path"
            )
        path.unlink()  # a stale socket left by a server that was killed
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket file is born 0600: no window for others
    try:
        sock.bind(str(path))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {path}: {exc}") from None
    finally:
        os.umask(old_umask)
    sock.listen(1024)
    return sock


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def serve(settings: ServerSettings) -> None:
    """Run until SIGINT/SIGTERM (or, embedded, until no app holds a lease)."""
    # Everything the server writes (database, media, renders, temporary files) is for
    # its own user only: files 0600, folders 0700, whatever umask it was started with.
    os.umask(0o077)
    data_dir = settings.data or locations.data_dir()
    try:
        backend = Backend(settings, data_dir)
    except BackendUnavailable as exc:
        raise ServeError(str(exc)) from None
    sock, url = bind(settings)
    try:
        backend.listening(url)
    except BackendUnavailable as exc:
        sock.close()
        raise ServeError(str(exc)) from None
    config = uvicorn.Config(
        create_app(settings, backend=backend),
        log_level=settings.log_level,
        access_log=settings.log_level in ("info", "debug"),
        lifespan="on",
        timeout_graceful_shutdown=10,
        timeout_keep_alive=30,
    )
    server = uvicorn.Server(config)
    try:
        asyncio.run(_run(server, sock, url, settings, backend))
    finally:
        sock.close()
        if settings.uds is not None:
            with contextlib.suppress(FileNotFoundError):
                settings.uds.unlink()
    if not server.started:
        raise ServeError("the server stopped during start-up; see the messages above")


async def _run(
    server: uvicorn.Server,
    sock: socket.socket,
    url: str,
    settings: ServerSettings,
    backend: Backend,
) -> None:
    async def announce() -> None:
        # uvicorn exposes only a flag for "sockets are served", no event to wait on.
        while not server.started and not server.should_exit:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        if server.started:
            print(READY_PREFIX + url, flush=True)
            if settings.lease_dir is None:  # a person started it: say how to use and stop it
                print(_how_to_use(url, backend), flush=True)

    nudged = asyncio.Event()

    async def watch_leases(lease_dir: Path) -> None:
        while not server.should_exit:
            # An app that let go of its lease sends SIGUSR1 so this looks now.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(nudged.wait(), LEASE_CHECK_SECONDS)
            nudged.clear()
            if server.started and not leases.held(lease_dir) and backend.idle():
                logging.getLogger("photoreel.server").info("no app holds a lease: exiting")
                server.should_exit = True

    tasks = [asyncio.create_task(announce())]
    if settings.lease_dir is not None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, nudged.set)
        tasks.append(asyncio.create_task(watch_leases(settings.lease_dir)))
    try:
        await server.serve(sockets=[sock])
    finally:
        for task in tasks:
            task.cancel()


def _how_to_use(url: str, backend: Backend) -> str:
    """The lines after the ready line, for the person who typed `photoreel serve`."""
    return (
        f"  data:    {backend.store.data_dir}\n"
        f"  use it:  photoreel --api {url}   (make, credits, state and export take --api too)\n"
        "  stop it: Ctrl-C (a render still running is kept and resumes at the next start)"
    )


def main(settings: ServerSettings) -> int:
    """The body of `photoreel serve`; returns the exit code.

    Ctrl-C is how a person stops a server, not a failure: it says so and exits 0
    (uvicorn shuts down gracefully, then re-raises the signal it caught).
    """
    try:
        serve(settings)
    except ServeError as exc:
        print(f"photoreel serve: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("photoreel serve: stopped.", file=sys.stderr)
    return 0
