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

    @property
    def reason(self) -> str:
        """The message without the file name it starts with ("name: reason"), so a caller
        can put the file in its own words (`t[0].sg[1] (name): reason`)."""
        if self.path is not None:
            name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
            if self.message.startswith(f"{name}: "):
                return self.message[len(name) + 2 :]
        return self.message


class RenderError(RuntimeError):
    """A render that cannot be made. The message names the segment (`t[0].sg[2]`) and file.

    `segment` is the draft key of the offending segment (or None when the whole
    render failed), `path` the file involved, so a caller can point at both.
    `engine_fault` is True when nothing in the draft or its files was wrong and
    photoreel itself failed (ffmpeg refused the graph it was given, a disk filled
    up): `photoreel render` then exits 3 instead of 2, and the fix is not the user's.
    """

    def __init__(
        self,
        message: str,
        *,
        segment: str | None = None,
        path: str | None = None,
        engine_fault: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.segment = segment
        self.path = path
        self.engine_fault = engine_fault


class RenderCancelled(RenderError):
    """The caller set the cancel event; ffmpeg was stopped and no output was left behind."""

    def __init__(self) -> None:
        super().__init__("render cancelled")
