"""Request dependencies shared by the routers: the backend, the caller, their session.

Routes declare what they need (`user: UserDep`, `backend: BackendDep`) and get
it already checked, so no route repeats token or ownership logic.
"""

from __future__ import annotations

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


def owned_session(backend: Backend, user_id: str, session_id: str | int) -> SessionRow:
    """The caller's session, or 1002 (an unknown id and another user's id look the same)."""
    text = str(session_id).strip()
    row = backend.store.session(int(text), user_id) if text.isdigit() else None
    if row is None:
        raise session_not_found(text)
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
