"""`--help` as a new user reads it: every option says its default (or that it is
required), and the top-level help shows the common uses."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from photoreel.cli import build_parser
from photoreel.commands.app import app_parser

COMMANDS = ("make", "render", "serve", "credits", "state", "export", "worker")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_is_listed() -> None:
    assert sorted(_subcommands()) == sorted(COMMANDS)


@pytest.mark.parametrize("name", [*COMMANDS, "app"])
def test_every_option_says_its_default_or_that_it_is_required(name: str) -> None:
    parser = app_parser() if name == "app" else _subcommands()[name]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        where = f"photoreel {name} {'/'.join(action.option_strings) or action.dest}"
        assert action.help, f"{where} has no help line"
        positional_required = not action.option_strings and action.nargs not in ("?", "*")
        if positional_required:
            continue  # the usage line shows it must be given
        said = action.help.lower()
        assert "default" in said or "required" in said, f"{where}: {action.help}"
        if action.required:
            assert "required" in said, f"{where}: {action.help}"


def test_the_top_level_help_shows_the_common_uses() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "photoreel", "--help"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": ""},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    examples = done.stdout.split("examples:\n", 1)[1]
    assert "  photoreel ~/Pictures/trip\n" in examples
    assert (
        '  photoreel make a.jpg b.jpg c.jpg -p "a 15-second video with smooth transitions" '
        "-o trip.mp4\n" in examples
    )
    assert "  photoreel serve --port 8787\n" in examples
    assert "Exit codes: 0 ok, 2 bad input, 3 backend error,\n4 no credits, 130" in examples


def test_make_and_export_offer_the_same_quality() -> None:
    def quality(name: str) -> tuple[object, ...]:
        (action,) = (a for a in _subcommands()[name]._actions if "--quality" in a.option_strings)
        return (action.choices, action.default, action.help)

    assert quality("make") == quality("export") == quality("render")
    assert quality("make")[1] == "high"
