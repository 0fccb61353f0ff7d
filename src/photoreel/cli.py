"""Command-line entry points: `photoreel` (the app) and its subcommands.

Each subcommand has one `_cmd_<name>` function that parses nothing itself and
calls into the package that owns the feature. Exit codes: 0 ok, 2 bad input,
3 backend error, 4 no credits, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from photoreel import __version__

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_BACKEND = 3
EXIT_NO_CREDITS = 4
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="photoreel",
        description="Turn photos into platform-ready videos, by conversation.",
    )
    parser.add_argument("--version", action="version", version=f"photoreel {__version__}")
    parser.set_defaults(handler=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_serve(commands)
    return parser


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from photoreel.server.settings import add_serve_arguments

    serve = commands.add_parser(
        "serve",
        help="run the backend for other machines or apps to use",
        description="Run photoreel's backend (the image-to-video protocol) on a TCP port "
        "(loopback by default) or a Unix socket. Stop it with Ctrl-C. "
        "See docs/SERVER.md for every flag.",
    )
    add_serve_arguments(serve)
    serve.set_defaults(handler=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from photoreel.server.serve import main as serve_main
    from photoreel.server.settings import SettingsInvalid, settings_from_args

    try:
        settings = settings_from_args(args)
    except SettingsInvalid as exc:
        print(f"photoreel serve: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return serve_main(settings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = args.handler
    if handler is None:
        parser.print_help()
        return EXIT_OK
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
