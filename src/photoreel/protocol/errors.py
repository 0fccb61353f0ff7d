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


# photoreel's server also sets a matching HTTP status; clients read `code` first.
HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.OK: 200,
    ErrorCode.TOKEN_INVALID: 401,
    ErrorCode.SESSION_NOT_FOUND: 404,
    ErrorCode.NO_CREDITS: 402,
    ErrorCode.UNSUPPORTED_FILE: 415,
    ErrorCode.FILE_TOO_LARGE: 413,
}

# Plain HTTP statuses the protocol uses without an envelope code.
HTTP_MISSING_CLIENT_ID = 400
HTTP_EXPORT_BLOCKED = 402
HTTP_RATE_LIMITED = 429
DEFAULT_RETRY_AFTER_SECONDS = 30
