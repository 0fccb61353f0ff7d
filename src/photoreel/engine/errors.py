"""Errors the engine raises, each with a message a person can act on."""


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
