"""Flags several commands share, and a parser that reports a bad command line instead of exiting."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from photoreel.commands.errors import EXIT_BAD_INPUT


class UsageError(Exception):
    """A command line argparse refused; `main` reports it (also as JSON with --json)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class Parser(argparse.ArgumentParser):
    """argparse's parser, raising instead of exiting so that `--json` still gets its one
    JSON object on stdout for a bad flag (subcommand parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self, message)


def usage_error(error: UsageError, argv: Sequence[str]) -> int:
    """As argparse says it (usage, then the error), plus a pointer to --help."""
    error.parser.print_usage(sys.stderr)
    message = f"{error.message[:1].upper()}{error.message[1:]}."
    print(
        f"{error.parser.prog}: {message} See `{error.parser.prog} --help`.",
        file=sys.stderr,
    )
    if "--json" in argv:
        print(json.dumps({"ok": False, "error": {"code": "bad_arguments", "message": message}}))
    return EXIT_BAD_INPUT


def add_backend_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        metavar="URL",
        help="the backend to use: a `photoreel serve` elsewhere (http://HOST:PORT), "
        "unix:/path/to.sock, or the hosted service with NEMO_TOKEN (default: a private local "
        "one, started for you)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object on stdout, the result or the error (default: text)",
    )


def add_format_and_quality(parser: argparse.ArgumentParser) -> None:
    """`--format` and `--quality`, the same for every command that writes a video in a
    format it is told (`make` takes the format from `-o`'s extension: `add_quality` only)."""
    parser.add_argument(
        "--format",
        choices=["mp4", "webm", "gif"],
        default=None,
        help="video format (default: from the output's extension, else mp4)",
    )
    add_quality(parser)


def add_quality(parser: argparse.ArgumentParser) -> None:
    """`--quality`, the same for every command that renders a video."""
    parser.add_argument(
        "--quality",
        choices=["draft", "standard", "high"],
        default="high",
        help="draft is quick for a preview; high (default) is for sharing",
    )
