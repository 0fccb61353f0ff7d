"""Running a client command: its backend, a connected client, errors as exit codes, Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from photoreel.commands.errors import (
    EXIT_BACKEND,
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    error_json,
    exit_code_for,
)

if TYPE_CHECKING:
    from photoreel.client import Backend, PhotoreelClient, PhotoreelError

T = TypeVar("T")
NOTHING_WRITTEN = "No video was written (a render already started is cancelled)."


@contextlib.asynccontextmanager
async def command_backend(args: argparse.Namespace) -> AsyncIterator[Backend]:
    """The backend `--api` names, or the embedded one (started, or shared if running)."""
    from photoreel.client import backend_for_api

    if args.api:
        yield backend_for_api(args.api)
        return
    from photoreel.client import Backend, BackendUnavailable
    from photoreel.server.embedded import STOP_WAIT, EmbeddedBackend, EmbeddedBackendError

    embedded = EmbeddedBackend()
    try:
        await embedded.start()
    except EmbeddedBackendError as exc:
        raise BackendUnavailable(f"The local backend could not start: {exc}") from None
    interrupted = False
    try:
        yield Backend(kind="embedded", base_url=embedded.base_url, uds=embedded.socket_path)
    except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels the work
        interrupted = True
        raise
    finally:
        # A render still running keeps the backend alive until it is done; after Ctrl-C
        # nobody should wait for that to be seen (it was seconds of silence).
        await embedded.stop(wait=0.5 if interrupted else STOP_WAIT)


def report_error(args: argparse.Namespace, command: str, error: PhotoreelError) -> None:

    print(f"photoreel {command}: {error.message}", file=sys.stderr)
    if args.json:
        print(json.dumps(error_json(error)))


def run_client(
    args: argparse.Namespace,
    command: str,
    work: Callable[[PhotoreelClient], Awaitable[T]],
    *,
    session_given: bool = False,
    stopped: str = "",
) -> tuple[int, T | None]:
    """Run `work` with a connected client; errors become a message and an exit code.

    `stopped` is what to tell a person who pressed Ctrl-C, after "Interrupted.".
    """
    from pydantic import ValidationError

    from photoreel.client import BackendError, PhotoreelClient, PhotoreelError, backend_for_api

    if args.api:
        try:
            backend_for_api(args.api)
        except ValueError as exc:  # an --api value that is not an address
            report_error(args, command, PhotoreelError(str(exc), code="bad_api"))
            return EXIT_BAD_INPUT, None

    async def run() -> T:
        async with command_backend(args) as backend, PhotoreelClient(backend) as client:
            return await work(client)

    earlier = _pending_render_ids()
    try:
        return EXIT_OK, asyncio.run(run())
    except KeyboardInterrupt:
        raise Interrupted(_renders_going_on(earlier) or ([stopped] if stopped else [])) from None
    except PhotoreelError as error:
        report_error(args, command, error)
        return exit_code_for(error, session_given=session_given), None
    except ValidationError as exc:  # an answer no lenient model foresaw: the backend's fault
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "its body"
        unreadable = BackendError(
            f"The backend's answer could not be read ({where}: {first['msg']}).",
            code="bad_answer",
        )
        report_error(args, command, unreadable)
        return EXIT_BACKEND, None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a client command, with what became of its work (`main` says it)."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__(" ".join(notes))
        self.notes = notes


def _pending_renders() -> list[Any]:
    from photoreel import locations
    from photoreel.client.renders import PendingRenders

    return PendingRenders(locations.config_dir()).all()


def _pending_render_ids() -> set[str]:
    return {render.render_id for render in _pending_renders()}


def _renders_going_on(earlier: set[str]) -> list[str]:
    """After Ctrl-C: a render this command submitted and did not cancel is not lost, and
    this is how to get it (earlier ones were reported when the command started)."""
    return [
        f"The render {render.render_id} keeps going in the background; run "
        f"`photoreel export` later to save it{f' to {render.dest}' if render.dest else ''}."
        for render in _pending_renders()
        if render.render_id not in earlier
    ]


def say_interrupted(args: argparse.Namespace, notes: list[str]) -> int:
    """Stopped by Ctrl-C: one line saying so (no traceback), and JSON for --json."""
    message = " ".join(["Interrupted.", *notes])
    print(message, file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": {"code": "interrupted", "message": message}}))
    return EXIT_INTERRUPTED


@dataclasses.dataclass
class EarlierRenders:
    """What `fetch_earlier_renders` did: files saved, and renders that could not be."""

    saved: list[Path] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)  # render ids


async def fetch_earlier_renders(client: PhotoreelClient) -> EarlierRenders:
    """Download renders that finished while nothing watched them; say so on stderr."""
    found = EarlierRenders()
    for outcome in await client.resume_pending(Path.cwd()):
        rid = outcome.render.render_id
        if outcome.path is not None:
            print(f"Saved an earlier render ({rid}): {outcome.path}", file=sys.stderr)
            found.saved.append(outcome.path)
        elif outcome.error:
            print(f"An earlier render ({rid}) could not be saved: {outcome.error}", file=sys.stderr)
            found.failed.append(rid)
        elif outcome.status is not None:
            print(
                f"An earlier render ({rid}) is still {outcome.status.status} "
                f"({outcome.status.progress:.0f}%); it will be saved by a later run.",
                file=sys.stderr,
            )
    return found
