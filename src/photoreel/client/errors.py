"""Errors the client raises: each a value with a message a person can act on and a code.

`code` is the protocol's own number where one exists (1001, 1002, 2001, 4001,
4002 from `ErrorCode`; 402 and 429 for the HTTP-only cases) and a short
lower-case name for what only the client can notice (`backend_unavailable`,
`render_failed`, ...). Programs compare `code`; people read `message`.

`error_from_answer` turns one HTTP answer into the right error. It reads the
envelope `code` first and the HTTP status second, because the hosted service
answers application errors with HTTP 200 and photoreel's server with a
matching status (PROTOCOL.md, "Every request").
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from photoreel.protocol.errors import (
    DEFAULT_RETRY_AFTER_SECONDS,
    HTTP_EXPORT_BLOCKED,
    HTTP_MISSING_CLIENT_ID,
    HTTP_RATE_LIMITED,
    ErrorCode,
)
from photoreel.protocol.formats import MAX_UPLOAD_BYTES, formats_hint, kind_for_extension


class PhotoreelError(Exception):
    """Base of every error the client raises. `str(error)` is the message."""

    code: int | str = "error"

    def __init__(self, message: str, *, code: int | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class TokenExpired(PhotoreelError):
    """1001: the token was refused even after asking for a new one (or came from NEMO_TOKEN)."""

    code = int(ErrorCode.TOKEN_INVALID)


class SessionNotFound(PhotoreelError):
    """1002: the session is gone (or belongs to another token)."""

    code = int(ErrorCode.SESSION_NOT_FOUND)

    def __init__(self, session_id: str, message: str | None = None) -> None:
        super().__init__(
            message
            or f"Session {session_id} was not found on this backend (it may have expired or "
            "belong to another account). Start a new project."
        )
        self.session_id = session_id


class NoCredits(PhotoreelError):
    """2001: out of credits. `link` registers (anonymous) or tops up (registered)."""

    code = int(ErrorCode.NO_CREDITS)

    def __init__(self, message: str, *, link: str | None = None, anonymous: bool = True) -> None:
        super().__init__(message)
        self.link = link
        self.anonymous = anonymous


class UnsupportedFile(PhotoreelError):
    """4001: a file whose format the backend does not take. The message lists the formats."""

    code = int(ErrorCode.UNSUPPORTED_FILE)

    def __init__(self, filename: str, detail: str = "", *, hint: str = "") -> None:
        self.reason = _bare_reason(filename, detail)
        why = f" ({self.reason})" if self.reason else ""
        kind = kind_for_extension(filename)
        if not hint and kind is not None:
            # its extension is one photoreel takes: listing the formats would list it too
            what = {"image": "a photo", "video": "a video clip", "audio": "a sound file"}[kind]
            hint = (
                f"Its name says it is {what}, but it is not {what} photoreel can read "
                "(damaged, or another kind of file renamed). Open and save it again, or "
                "pick another file."
            )
        super().__init__(f"{filename} cannot be used{why}. {hint or formats_hint()}")
        self.filename = filename


def _bare_reason(filename: str, detail: str) -> str:
    """Why the file was refused, without its name or the formats list.

    A backend's message names the file and lists the formats itself, and a
    message of this class may be passed on again (an upload row, then the
    error of a whole upload): without this, a person read the list three times.
    """
    text = detail.replace(formats_hint(), "").strip()
    wrapper = f"{filename} cannot be used ("
    while text.startswith(wrapper) and ")" in text:
        text = text[len(wrapper) : text.rindex(")")].strip()
    for prefix in (f"{filename}:", f"{filename} -"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    return text.rstrip(". ")


class FileTooLarge(PhotoreelError):
    """4002: a file over the backend's size limit. The message says how to make it fit."""

    code = int(ErrorCode.FILE_TOO_LARGE)

    def __init__(self, filename: str, size: int | None = None, limit: int | None = None) -> None:
        limit = limit or MAX_UPLOAD_BYTES
        got = f" is {_mb(size)}, and" if size else ""
        super().__init__(
            f"{filename}{got} is over the upload limit of {_mb(limit)}. Compress it "
            "(re-encode at a lower bitrate or resolution) or trim it to the part you need, "
            "then add it again."
        )
        self.filename = filename
        self.size = size
        self.limit = limit


class ExportBlocked(PhotoreelError):
    """HTTP 402 that is not 2001: the plan does not allow export (not a credits problem)."""

    code = HTTP_EXPORT_BLOCKED


class RateLimited(PhotoreelError):
    """HTTP 429 still answered after the one retry. `retry_after` is in seconds."""

    code = HTTP_RATE_LIMITED

    def __init__(self, message: str, *, retry_after: float = DEFAULT_RETRY_AFTER_SECONDS) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnreadableFile(PhotoreelError):
    """A file named for upload is missing or cannot be read; nothing was sent."""

    code = "unreadable_file"

    def __init__(self, path: Path, reason: str, *, hint: str = "") -> None:
        super().__init__(
            f"{path} cannot be read ({reason}). {hint or 'Check the path and try again.'}"
        )
        self.path = path


class CannotWrite(PhotoreelError):
    """The video cannot be written where asked: a folder that is a file or read-only, a
    full disk. Checked before anything starts (`check_make_inputs`) and again on download."""

    code = "cannot_write"

    def __init__(self, path: Path, reason: str, *, then: str = "") -> None:
        super().__init__(
            f"Cannot write {path} ({reason}). "
            + (then or "Choose a folder you can write to with -o.")
        )
        self.path = path


class BackendUnavailable(PhotoreelError):
    """The backend could not be reached, or answered with a server failure (5xx), after the
    client's retries. `failure` is the last passing failure (`retries.Transient`), if any."""

    code = "backend_unavailable"
    failure: Any = None


class BackendError(PhotoreelError):
    """Any other error answer: `code` is the envelope code, or the HTTP status without one."""


class AnswerUnreadable(BackendError):
    """An answer without something the client cannot work without (a token without `token`,
    a session without `session_id`): the message names the key. A backend error (exit 3)."""

    code = "bad_answer"


class NotOffered(PhotoreelError):
    """The backend does not offer this photoreel addition (the hosted service)."""

    code = "not_offered"


class NothingToExport(PhotoreelError):
    """The session's timeline has no segments yet, so there is nothing to render."""

    code = "nothing_to_export"


class RenderFailed(PhotoreelError):
    """The render ended `failed` or `cancelled`; `render_id` names it."""

    code = "render_failed"

    def __init__(self, message: str, *, render_id: str) -> None:
        super().__init__(message)
        self.render_id = render_id


class RenderStillRunning(PhotoreelError):
    """Gave up watching a render that had not finished; it stays remembered for a later run."""

    code = "render_still_running"

    def __init__(self, message: str, *, render_id: str) -> None:
        super().__init__(message)
        self.render_id = render_id


class DownloadFailed(PhotoreelError):
    """The rendered file could not be fetched whole; the partial file is kept for resuming."""

    code = "download_failed"


def retry_after_seconds(value: str | None) -> float:
    """A `Retry-After` header (seconds or an HTTP date) in seconds; 30 when absent."""
    value = (value or "").strip()
    if not value:
        return float(DEFAULT_RETRY_AFTER_SECONDS)
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return float(DEFAULT_RETRY_AFTER_SECONDS)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _message(body: Any, fallback: str) -> str:
    if isinstance(body, dict):
        for key in ("message", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return fallback


def envelope_code(body: Any) -> int | None:
    """The envelope's `code`, or None when the body is not an envelope."""
    if isinstance(body, dict) and "code" in body:
        try:
            return int(body["code"])
        except (TypeError, ValueError):
            return None
    return None


def error_from_answer(
    status: int,
    body: Any,
    *,
    retry_after: str | None = None,
    filename: str | None = None,
    bind_link: str | None = None,
    anonymous: bool = True,
    own_server: bool = False,
) -> PhotoreelError:
    """The typed error for an answer that is not a success.

    `retry_after` is the answer's Retry-After header. `filename` names the
    uploaded file for 4001/4002; `bind_link` is the register/top-up link for
    2001 (the server's own link wins when its error `data` carries one).
    """
    code = envelope_code(body)
    text = _message(body, f"HTTP {status}")
    data = body.get("data") if isinstance(body, dict) else None
    if code == ErrorCode.TOKEN_INVALID or (code in (None, 0) and status == 401):
        return TokenExpired(
            f"The backend refused the access token ({text}). photoreel asks for a new one "
            "automatically; if this persists, remove the cached token or set NEMO_TOKEN to a "
            "fresh one."
        )
    if code == ErrorCode.SESSION_NOT_FOUND:
        sid = str(data.get("session_id", "")) if isinstance(data, dict) else ""
        return SessionNotFound(sid or "?")
    if code == ErrorCode.NO_CREDITS:
        link = bind_link
        if isinstance(data, dict):
            for key in ("bind_url", "register_url", "topup_url", "url"):
                if isinstance(data.get(key), str):
                    link = data[key]
                    break
        what = "Register (free) to get more credits" if anonymous else "Top up your credits"
        where = f": {link}" if link else "."
        if own_server:
            # photoreel's own server has no registration nor top-up: its owner gives credits
            what, where = (
                "Credits on this backend are given by whoever runs it",
                (" (`photoreel serve --credits N`): ask them for more."),
            )
        return NoCredits(
            f"You have no credits left ({text.rstrip('.')}). {what}{where}",
            link=link,
            anonymous=anonymous,
        )
    if code == ErrorCode.UNSUPPORTED_FILE or (code in (None, 0) and status == 415):
        return UnsupportedFile(filename or "This file", text)
    if code == ErrorCode.FILE_TOO_LARGE or (code in (None, 0) and status == 413):
        limit = data.get("limit") if isinstance(data, dict) else None
        return FileTooLarge(
            filename or "This file", limit=limit if isinstance(limit, int) else None
        )
    if status == HTTP_EXPORT_BLOCKED or code == HTTP_EXPORT_BLOCKED:
        return ExportBlocked(
            f"Export is not available on this plan ({text}). Register or upgrade your account "
            "to unlock export."
        )
    if status == HTTP_RATE_LIMITED or code == HTTP_RATE_LIMITED:
        wait = retry_after_seconds(retry_after)
        return RateLimited(
            f"The backend is limiting requests: {text.rstrip('.')}. Try again in {wait:.0f} s.",
            retry_after=wait,
        )
    if status == HTTP_MISSING_CLIENT_ID and code in (None, 0):
        return BackendError(f"The backend wants a client id ({text}).", code=status)
    if code == ErrorCode.DISK_FULL:  # the server's own sentence: nothing to restart
        return BackendError(text, code=code)
    if status >= 500 or code == ErrorCode.INTERNAL:
        what = text if text == f"HTTP {status}" or status < 500 else f"{text}, HTTP {status}"
        return BackendUnavailable(
            f"The backend failed ({what}). Try again in a moment; if it keeps failing, restart it."
        )
    return BackendError(f"The backend refused the request: {text}", code=code or status)
