"""Error codes of the image-to-video protocol and what a person should do about each."""

from enum import IntEnum


class ErrorCode(IntEnum):
    """Envelope `code` values documented by the protocol (PROTOCOL.md, "Error codes")."""

    OK = 0
    TOKEN_INVALID = 1001
    SESSION_NOT_FOUND = 1002
    NO_CREDITS = 2001
    UNSUPPORTED_FILE = 4001
    FILE_TOO_LARGE = 4002

    # photoreel additions (P). The plain-HTTP errors of the protocol also carry their
    # HTTP status as the envelope code when photoreel's server answers them.
    MISSING_CLIENT_ID = 400
    EXPORT_BLOCKED = 402
    RATE_LIMITED = 429
    BAD_REQUEST = 4000  # a body or draft that does not validate; the message names the key
    NOT_FOUND = 4004  # a render, media file or route that does not exist for this token
    CONFLICT = 4009  # a duplicate render id, or cancelling a render that already ended
    LIMIT_EXCEEDED = 4013  # more work than the server takes; the message names the limit
    INTERNAL = 5000  # the server failed; the message says what, never a traceback
    DISK_FULL = 5007  # the server's disk is full: nothing new is stored until space returns


# photoreel's server also sets a matching HTTP status; clients read `code` first.
HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.OK: 200,
    ErrorCode.TOKEN_INVALID: 401,
    ErrorCode.SESSION_NOT_FOUND: 404,
    ErrorCode.NO_CREDITS: 402,
    ErrorCode.UNSUPPORTED_FILE: 415,
    ErrorCode.FILE_TOO_LARGE: 413,
    ErrorCode.MISSING_CLIENT_ID: 400,
    ErrorCode.EXPORT_BLOCKED: 402,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.LIMIT_EXCEEDED: 413,
    ErrorCode.INTERNAL: 500,
    ErrorCode.DISK_FULL: 507,
}

# Plain HTTP statuses the protocol uses without an envelope code.
HTTP_MISSING_CLIENT_ID = 400
HTTP_EXPORT_BLOCKED = 402
HTTP_RATE_LIMITED = 429
DEFAULT_RETRY_AFTER_SECONDS = 30
