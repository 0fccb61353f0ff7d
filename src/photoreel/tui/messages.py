"""Small messages that widgets post to the app: one place for every cross-pane event.

Widgets never reach into each other; they post one of these and the app,
which owns the client, decides what to do.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class SelectionChanged(Message):
    """The set of files chosen for upload changed (space, select-all, clear)."""

    def __init__(self, selected: tuple[Path, ...]) -> None:
        super().__init__()
        self.selected = selected


class FileHighlighted(Message):
    """The cursor in the file tree moved onto a file: the preview should follow."""

    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.path = path


class UploadRequested(Message):
    """The person asked to upload these files (`u`, a pasted path, or "upload")."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        super().__init__()
        self.paths = paths


class InstructionSubmitted(Message):
    """The person pressed enter in the conversation input."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
