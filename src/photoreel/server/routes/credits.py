"""`GET /api/credits/balance/simple`: available, frozen and total credits."""

from __future__ import annotations

from fastapi import APIRouter

from photoreel.protocol.api import Credits
from photoreel.protocol.envelope import Envelope
from photoreel.server.deps import BackendDep, UserDep, ok

router = APIRouter(tags=["credits"])


@router.get(
    "/api/credits/balance/simple",
    response_model=Envelope[Credits],
    summary="Credit balance",
)
async def balance(backend: BackendDep, user_id: UserDep) -> Envelope[Credits]:
    """On an unlimited server `available` and `total` are null and `unlimited` is true."""
    return ok(backend.credits.balance(user_id))
