"""`photoreel serve`: run the backend for other machines or apps to use."""

from __future__ import annotations

import argparse
import sys

from photoreel.commands.errors import EXIT_BAD_INPUT


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from photoreel.server.settings import add_serve_arguments

    serve = commands.add_parser(
        "serve",
        help="run the backend for other machines or apps to use",
        description="Run photoreel's backend (the image-to-video protocol) on a TCP port "
        "(loopback by default) or a Unix socket. Stop it with Ctrl-C. "
        "See docs/SERVER.md for every flag.",
    )
    add_serve_arguments(serve)
    serve.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from photoreel.server.serve import main as serve_main
    from photoreel.server.settings import SettingsInvalid, settings_from_args

    try:
        settings = settings_from_args(args)
    except SettingsInvalid as exc:
        print(f"photoreel serve: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return serve_main(settings)
