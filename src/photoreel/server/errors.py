"""Every error the server answers, as one exception type and one envelope.

Routes raise `ApiError` (through the small constructors below); the handlers
installed by `install_error_handlers` turn it, FastAPI's validation errors,
unknown routes and any unexpected failure into the protocol's envelope
`{"code", "message", "data"}` with a message a person can act on, never a
traceback. The HTTP status matches the code (PROTOCOL.md, P) unless the server
runs with `--errors-http-200`, the way the hosted service answers.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photoreel.protocol.envelope import error_body
from photoreel.protocol.errors import HTTP_STATUS, ErrorCode
from photoreel.protocol.formats import formats_hint

log = logging.getLogger("photoreel.server")

# Errors the protocol documents as plain HTTP statuses: they keep their status even
# when enveloped errors are sent with HTTP 200.
_PLAIN_HTTP = {ErrorCode.MISSING_CLIENT_ID, ErrorCode.EXPORT_BLOCKED, ErrorCode.RATE_LIMITED}


class ApiError(Exception):
    """An error answer: `code` for a program, `message` for a person."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        data: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data
        self.headers = headers or {}


# -- the errors, by name ---------------------------------------------------------------


def token_invalid(why: str) -> ApiError:
    return ApiError(
        ErrorCode.TOKEN_INVALID,
        f"{why}. Get a new anonymous token (POST /api/auth/anonymous-token) and retry.",
    )


def session_not_found(session_id: str) -> ApiError:
    return ApiError(
        ErrorCode.SESSION_NOT_FOUND,
        f"Session {session_id} not found for this token. Create a new session "
        "(POST /api/tasks/me/with-session/nemo_agent).",
    )


def no_credits(needed: int, available: int) -> ApiError:
    return ApiError(
        ErrorCode.NO_CREDITS,
        f"Not enough credits: this needs {needed} and {available} are available.",
        data={"needed": needed, "available": available},
    )


def unsupported_file(detail: str) -> ApiError:
    hint = formats_hint()
    message = detail if hint in detail else f"{detail} {hint}"
    return ApiError(ErrorCode.UNSUPPORTED_FILE, message)


def file_too_large(name: str, limit: int) -> ApiError:
    return ApiError(ErrorCode.FILE_TOO_LARGE, too_large_message(name, limit))


def too_large_message(name: str, limit: int) -> str:
    return (
        f"{name}: file too large (over {limit // (1024 * 1024)} MB). "
        "Compress it or trim it, then upload again."
    )


def disk_full(needed: int = 0, room: int = 0) -> ApiError:
    """5007: nothing new can be stored until space returns; what is stored is safe."""
    detail = ""
    if needed > room:
        detail = f" (this needs about {-(-needed // 2**20)} MB, {room // 2**20} MB can be written)"
    return ApiError(
        ErrorCode.DISK_FULL,
        f"The server's disk is full{detail}: nothing new can be stored until space is "
        "freed. What is stored is safe and can still be read; try again later, or ask the "
        "server's owner to free space.",
    )


#: What a failed write says when the disk (or the user's quota on it) is full.
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
_FULL_WORDS = ("No space left on device", "Disk quota exceeded")


def is_disk_full(exc: BaseException) -> bool:
    """Whether a failure was a write to a full disk (an OS error, SQLite's SQLITE_FULL,
    or ffmpeg's message about it)."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or (
            "disk is full" in str(exc)
        )
    text = str(getattr(exc, "message", "") or exc)
    return any(words in text for words in _FULL_WORDS)


def bad_request(message: str, data: Any = None) -> ApiError:
    return ApiError(ErrorCode.BAD_REQUEST, message, data=data)


def not_found(message: str) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, message)


def conflict(message: str, data: Any = None) -> ApiError:
    return ApiError(ErrorCode.CONFLICT, message, data=data)


# -- turning errors into answers --------------------------------------------------------


def _status_for(request: Request, code: ErrorCode) -> int:
    settings = request.app.state.settings
    if settings.errors_http_200 and code not in _PLAIN_HTTP:
        return 200
    return HTTP_STATUS.get(code, 400)


def error_response(request: Request, error: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(error.code, error.message, error.data),
        status_code=_status_for(request, error.code),
        headers=error.headers,
    )


def validation_message(exc: RequestValidationError) -> str:
    """`<where>: <what>` for the first problem, in the words a person needs."""
    err = exc.errors()[0]
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
    where = ".".join(loc) or "body"
    kind = err.get("type", "")
    if kind == "missing":
        what = "required field is missing"
    elif kind in ("json_invalid", "model_attributes_type", "dict_type"):
        where, what = "body", "must be a JSON object (check the Content-Type and the JSON)"
    else:
        what = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"Invalid request: {where}: {what}"


def install_error_handlers(app: FastAPI) -> None:
    """One place where every failure becomes the protocol's envelope."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request, bad_request(validation_message(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            error = not_found(f"No such endpoint: {request.method} {request.url.path}")
        elif exc.status_code == 405:
            error = ApiError(
                ErrorCode.NOT_FOUND,
                f"{request.method} is not allowed on {request.url.path}",
            )
        else:
            error = ApiError(ErrorCode.BAD_REQUEST, str(exc.detail))
        response = error_response(request, error)
        if exc.status_code == 405:
            response.status_code = 405
        return response

    app.add_middleware(UnexpectedErrors)


def unexpected(exc: BaseException) -> ApiError:
    return ApiError(
        ErrorCode.INTERNAL,
        f"The server failed ({type(exc).__name__}). The request was not completed; "
        "retry, and if it fails again see the server's log.",
    )


class UnexpectedErrors:
    """Any failure no handler knows becomes the 5000 envelope, and the connection lives.

    FastAPI's own catch-all (an `Exception` handler) answers and then re-raises, so that
    the ASGI server logs it, and uvicorn then closes the connection: a client's next
    request on that kept-alive connection was reset. This middleware sits inside it,
    answers, logs, and does not re-raise. A failure after the answer started (a stream
    cut short) is re-raised: the answer is broken, and closing the connection says so.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:
                raise
            request = Request(scope)
            if is_disk_full(exc):
                log.warning("disk full on %s %s: %s", request.method, request.url.path, exc)
                await error_response(request, disk_full())(scope, receive, send)
                return
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            await error_response(request, unexpected(exc))(scope, receive, send)
