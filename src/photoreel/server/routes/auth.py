"""`POST /api/auth/anonymous-token`: a token for a client id, one per client id per window."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from photoreel.protocol.api import AnonymousToken
from photoreel.protocol.envelope import Envelope
from photoreel.protocol.errors import ErrorCode
from photoreel.server.deps import BackendDep, ok
from photoreel.server.errors import ApiError
from photoreel.server.hosted import token_answer
from photoreel.server.tokens import new_token, token_hash

router = APIRouter(tags=["auth"])

MAX_CLIENT_ID = 200


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _span(seconds: float) -> str:
    if seconds >= 86400 and seconds % 86400 == 0:
        days = int(seconds // 86400)
        return f"{days} day" + ("s" if days != 1 else "")
    return f"{seconds:g} s"


@router.post(
    "/api/auth/anonymous-token",
    response_model=Envelope[AnonymousToken],
    summary="Get an anonymous token for a client id",
    responses={
        400: {"description": "X-Client-Id header missing (envelope code 400)"},
        429: {"description": "this client id already holds a live token (Retry-After)"},
    },
)
async def anonymous_token(
    backend: BackendDep,
    x_client_id: Annotated[str | None, Header(description="a UUID the client keeps")] = None,
) -> Envelope[AnonymousToken] | JSONResponse:
    """The same client id is the same anonymous user: a renewed token keeps the
    user's sessions and credits. A second token while the first still lives (within
    the rate-limit window) is refused with 429 so tokens cannot be farmed."""
    client_id = (x_client_id or "").strip()
    if not client_id:
        raise ApiError(
            ErrorCode.MISSING_CLIENT_ID,
            "Missing X-Client-Id header: generate a UUID once, keep it, and send it as "
            "X-Client-Id.",
        )
    if len(client_id) > MAX_CLIENT_ID:
        raise ApiError(
            ErrorCode.MISSING_CLIENT_ID,
            f"X-Client-Id is too long ({len(client_id)} characters); send a UUID.",
        )
    settings = backend.settings
    user = backend.store.user_for_client(client_id)
    now = time.time()
    newest = backend.store.newest_token(user.id)
    window = settings.token_rate_window
    if (
        window > 0
        and newest is not None
        and newest.expires_at > now
        and now - newest.issued_at < window
    ):
        raise ApiError(
            ErrorCode.RATE_LIMITED,
            f"This client id already has a token that is valid until {_iso(newest.expires_at)} "
            f"(one token per client id per {_span(window)}). Keep using it, or retry after "
            f"{settings.retry_after} s.",
            headers={"Retry-After": str(settings.retry_after)},
        )
    token = new_token()
    expires_at = now + settings.token_ttl
    backend.store.add_token(token_hash(token), user.id, now, expires_at)
    balance = backend.credits.balance(user.id)
    answer = ok(
        AnonymousToken(
            token=token,
            user_id=user.id,
            expires_at=_iso(expires_at),
            credits=balance.available,
            unlimited=balance.unlimited,
        )
    )
    if settings.minimal_answers:
        body = answer.model_dump(mode="json")
        return JSONResponse({**body, "data": token_answer(body["data"])})
    return answer
