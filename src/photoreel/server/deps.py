"""Request dependencies shared by the routers: the backend, the caller, their session.

Routes declare what they need (`user: UserDep`, `backend: BackendDep`) and get
it already checked, so no route repeats token or ownership logic.
"""

from __future__ import annotations

import re
import time
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from photoreel.protocol.envelope import Envelope
from photoreel.protocol.errors import ErrorCode
from photoreel.server.backend import Backend
from photoreel.server.errors import ApiError, session_not_found, token_invalid
from photoreel.server.store import SessionRow
from photoreel.server.tokens import same_hash, token_hash

ATTRIBUTION_HEADERS = ("X-Skill-Source", "X-Skill-Version", "X-Skill-Platform")

_bearer = HTTPBearer(
    auto_error=False,
    description="The token from POST /api/auth/anonymous-token (tokens expire; then 1001).",
)


async def get_backend(request: Request) -> Backend:
    """Async on purpose: FastAPI runs a plain `def` dependency in a thread pool, a hop
    that costs more than the whole state read."""
    return _backend(request)


def _backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


BackendDep = Annotated[Backend, Depends(get_backend)]


async def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The user id behind the bearer token, or 1001 saying what is wrong with it."""
    if credentials is None or not credentials.credentials:
        raise token_invalid("Missing bearer token: send 'Authorization: Bearer <token>'")
    backend = _backend(request)
    wanted = token_hash(credentials.credentials)
    row = backend.store.token(wanted)
    if row is None or not same_hash(row.token_hash, wanted):
        raise token_invalid("The token is not valid on this server")
    if row.expires_at <= time.time():
        expired = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(row.expires_at))
        raise token_invalid(f"The token expired at {expired}")
    return row.user_id


UserDep = Annotated[str, Depends(current_user)]


#: Session ids are numbers the store gave out: ASCII digits, small enough for SQLite.
#: `str.isdigit` is not enough: it accepts "²", which `int` refuses.
_SESSION_ID = re.compile(r"[0-9]{1,18}")
#: Render ids are chosen by clients and appear in URL paths: a safe alphabet only, so
#: every id that is accepted can be polled (an id with "/" could never be).
RENDER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def session_number(session_id: str | int) -> int | None:
    """The store's number for a session id as a client sent it, or None when it cannot
    be one (then it is answered like an unknown session, never with a server error)."""
    text = str(session_id).strip()
    return int(text) if _SESSION_ID.fullmatch(text) else None


def owned_session(backend: Backend, user_id: str, session_id: str | int) -> SessionRow:
    """The caller's session, or 1002 (an unknown id and another user's id look the same)."""
    number = session_number(session_id)
    row = backend.store.session(number, user_id) if number is not None else None
    if row is None:
        raise session_not_found(str(session_id).strip()[:40])
    return row


async def require_attribution(request: Request) -> None:
    """Export is refused with HTTP 402 without the attribution headers (documented)."""
    missing = [h for h in ATTRIBUTION_HEADERS if not request.headers.get(h, "").strip()]
    if missing:
        raise ApiError(
            ErrorCode.EXPORT_BLOCKED,
            "Export blocked: the attribution headers are missing ("
            + ", ".join(missing)
            + "). Send X-Skill-Source, X-Skill-Version and X-Skill-Platform with every call.",
        )


AttributionDep = Depends(require_attribution)


def ok(data: Any = None, message: str = "success") -> Envelope[Any]:
    return Envelope[Any](code=0, message=message, data=data)


def public_url(request: Request, path: str) -> str:
    """An absolute URL on this server, as the caller reached it (TCP or Unix socket)."""
    return str(request.base_url).rstrip("/") + path
