"""How a command ends: its exit code, and an error as one JSON object for `--json`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from photoreel.client import PhotoreelError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_BACKEND = 3
EXIT_NO_CREDITS = 4
EXIT_INTERRUPTED = 130


def exit_code_for(error: PhotoreelError, *, session_given: bool = False) -> int:
    """2 for what the person can fix in their input, 4 for credits, 3 for the backend.

    `session_given`: the person typed the session id, so an unknown one is bad input.
    """
    from photoreel.client.errors import (
        CannotWrite,
        FileTooLarge,
        NoCredits,
        NothingToExport,
        SessionNotFound,
        UnreadableFile,
        UnsupportedFile,
    )
    from photoreel.commands.make_flow import InstructionNotUnderstood

    bad_input = (UnreadableFile, UnsupportedFile, FileTooLarge, InstructionNotUnderstood)
    if isinstance(error, NoCredits):
        return EXIT_NO_CREDITS
    if isinstance(error, (*bad_input, CannotWrite, NothingToExport)):
        return EXIT_BAD_INPUT
    if session_given and isinstance(error, SessionNotFound):
        return EXIT_BAD_INPUT
    return EXIT_BACKEND


def error_json(error: PhotoreelError) -> dict[str, Any]:
    """`{"ok": false, "error": {"code", "message"[, "link"]}}`: what `--json` prints on failure."""
    from photoreel.client.errors import NoCredits

    out: dict[str, Any] = {"ok": False, "error": {"code": error.code, "message": error.message}}
    if isinstance(error, NoCredits) and error.link:
        out["error"]["link"] = error.link
    return out
