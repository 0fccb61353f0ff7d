"""Command-line entry points: `photoreel` (the app) and its subcommands.

Each command is a module of `photoreel.commands` with `add` (its parser) and
`run` (its work); this module builds the parser and dispatches. Exit codes:
0 ok, 2 bad input, 3 backend error, 4 no credits, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from photoreel import __version__
from photoreel.commands import app, credits, export, make, render, serve, state, worker
from photoreel.commands.arguments import Parser, UsageError, usage_error
from photoreel.commands.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK
from photoreel.commands.running import Interrupted, say_interrupted

__all__ = ["EXIT_BAD_INPUT", "build_parser", "main"]

EXAMPLES = """\
With no command, `photoreel [FOLDER] [--api URL] [--no-color]` opens the app on
FOLDER (default: the current folder); `photoreel app --help` tells more.

examples:
  photoreel ~/Pictures/trip
      open the app on a folder of photos: pick them, say what video you want
  photoreel make a.jpg b.jpg c.jpg -p "a 15-second video with smooth transitions" -o trip.mp4
      one video in one go, no app (add --json for scripts)
  photoreel serve --port 8787
      share a backend; others use it with --api http://HOST:8787

Each command has its own --help. Exit codes: 0 ok, 2 bad input, 3 backend error,
4 no credits, 130 interrupted (Ctrl-C).
"""

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="photoreel",
        description="Turn photos into platform-ready videos, by conversation.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keeps the examples' lines
    )
    parser.add_argument("--version", action="version", version=f"photoreel {__version__}")
    parser.set_defaults(handler=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in (serve, render, make, credits, state, export, worker):
        command.add(commands)
    return parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each subcommand's name and its parser."""
    commands: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands |= action.choices
    return commands


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """`parse_args`, except that a flag the subcommand does not know is refused by the
    subcommand's parser, so the message points to `photoreel make --help`, not to the
    top level's help, which does not list make's flags (argparse leaves unknown words to
    the top-level parser)."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        owner = _commands(parser).get(argv[0], parser) if argv else parser
        owner.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def _wants_app(parser: argparse.ArgumentParser, argv: Sequence[str]) -> bool:
    """True unless the first word is a subcommand or a top-level flag (--help, --version)."""
    first = argv[0] if argv else None
    return first is None or (
        first not in _commands(parser) and first not in ("-h", "--help", "--version")
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_app(parser, argv) or argv[:1] == ["app"]:
        app_args = app.app_parser().parse_args(argv[1:] if argv[:1] == ["app"] else argv)
        try:
            return app.run(app_args)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
    try:
        args = _parse(parser, argv)
    except UsageError as error:
        return usage_error(error, argv)
    handler: Handler | None = args.handler
    if handler is None:
        parser.print_help()
        return EXIT_OK
    try:
        return handler(args)
    except KeyboardInterrupt as exc:
        return say_interrupted(args, exc.notes if isinstance(exc, Interrupted) else [])
