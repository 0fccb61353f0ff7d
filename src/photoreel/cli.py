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
    parser.add_subparsers(title="commands", metavar="COMMAND")
    return parser


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
