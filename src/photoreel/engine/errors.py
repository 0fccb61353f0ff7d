"""Errors the engine raises, each with a message a person can act on."""

from __future__ import annotations


class MediaError(ValueError):
    """A media file that cannot be used: missing, corrupt, unsupported or empty.

    `code` is the protocol error code that fits (4001 unsupported, 4002 too large)
    so the server can answer with it unchanged.
    """

    def __init__(self, message: str, *, path: str | None = None, code: int = 4001) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code


class RenderError(RuntimeError):
    """A render that cannot be made. The message names the segment (`t[0].sg[2]`) and file.

    `segment` is the draft key of the offending segment (or None when the whole
    render failed), `path` the file involved, so a caller can point at both.
    """

    def __init__(
        self, message: str, *, segment: str | None = None, path: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.segment = segment
        self.path = path


class RenderCancelled(RenderError):
    """The caller set the cancel event; ffmpeg was stopped and no output was left behind."""

    def __init__(self) -> None:
        super().__init__("render cancelled")
