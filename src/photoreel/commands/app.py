"""`photoreel [FOLDER]`: the full-screen app, the default command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from photoreel.commands.errors import EXIT_BAD_INPUT, EXIT_OK

if TYPE_CHECKING:
    from photoreel.client import Backend


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="photoreel",
        description="Open the full-screen app on FOLDER: pick photos, say what video you "
        "want, export an MP4. The local backend starts privately in the background.",
    )
    parser.add_argument("folder", nargs="?", default=".", help="where photos are (default: .)")
    parser.add_argument(
        "--api",
        metavar="URL",
        help="use the photoreel server at URL (default: a private local one, started for you)",
    )
    parser.add_argument(
        "--no-color",
        action="store_true",
        help="no colours (also: the NO_COLOR variable; default: colours)",
    )
    parser.add_argument(
        "--new",
        action="store_true",
        help="start a new, empty project (default: reopen this folder's last project)",
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(
            f"photoreel: {folder} is not a folder. Give the folder your photos are in, "
            "e.g. `photoreel ~/Pictures`.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.no_color:
        os.environ["NO_COLOR"] = "1"
    from photoreel.client import backend_for_api
    from photoreel.tui.app import PhotoreelApp

    if args.api:
        try:
            remote = backend_for_api(args.api)
        except ValueError as exc:
            print(f"photoreel: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT

        async def factory() -> Backend:
            return remote

        _say_on_leaving(
            PhotoreelApp(
                folder, backend_factory=factory, graphics=_graphics(), new_project=args.new
            ).run()
        )
        _leave_now()
        return EXIT_OK
    from photoreel.server.embedded import EmbeddedBackend

    embedded = EmbeddedBackend()
    try:
        app = PhotoreelApp(
            folder,
            backend_factory=embedded_factory(embedded),
            graphics=_graphics(),
            new_project=args.new,
        )
        _say_on_leaving(app.run())
    finally:
        # lets go of this app's lease, without waiting: an idle backend exits by itself,
        # one with a render running finishes it first (the next start saves the file)
        embedded.stop_blocking(wait=0)
    _leave_now()
    return EXIT_OK


def _leave_now() -> None:
    """End the process at once after the app, on a real terminal.

    Everything that matters is done by then (the terminal restored, the lease let
    go, every file written whole), but Python's own teardown of the app's modules
    took most of a second more before the shell prompt came back. Not under tests
    (no terminal), where the process is pytest's.
    """
    if sys.stdin.isatty() and sys.stdout.isatty():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_OK)


def _say_on_leaving(message: str | None) -> None:
    """What the app had to say as it left (a render that goes on), on the terminal."""
    if message:
        print(message, file=sys.stderr)


def _graphics() -> Any:
    from photoreel.tui.widgets.preview import detect_graphics

    return "halfblock" if os.environ.get("NO_COLOR") else detect_graphics()


def embedded_factory(embedded: Any) -> Any:
    """The app's backend factory for the private backend (started, or shared if running)."""
    from photoreel.client import Backend
    from photoreel.server.embedded import EmbeddedBackendError

    async def start() -> Backend:
        try:
            await embedded.start()
        except EmbeddedBackendError as exc:
            raise RuntimeError(str(exc)) from None
        return Backend(kind="embedded", base_url=embedded.base_url, uds=embedded.socket_path)

    return start
