"""`GET /api/server/info` (photoreel addition): which kind of server this is.

The hosted service has no such endpoint, so a client that gets 404 here knows it
talks to the hosted service; photoreel's server says whether it answers the
photoreel way or the hosted way, and how often to poll renders.
"""

from __future__ import annotations

from fastapi import APIRouter

from photoreel import __version__
from photoreel.protocol.api import ServerInfo
from photoreel.protocol.envelope import Envelope
from photoreel.protocol.formats import DOCUMENTED_FORMATS
from photoreel.server.deps import BackendDep, ok

router = APIRouter(tags=["server"])


@router.get("/api/server/info", response_model=Envelope[ServerInfo], summary="Server kind")
async def server_info(backend: BackendDep) -> Envelope[ServerInfo]:
    """No token needed: a client asks before it has one."""
    settings = backend.settings
    return ok(
        ServerInfo(
            kind=settings.kind,
            version=__version__,
            poll_interval_seconds=settings.poll_interval,
            credits_unlimited=settings.credits_unlimited,
            max_upload_bytes=settings.max_upload_bytes,
            status_shape=settings.status_shape,
            formats=list(DOCUMENTED_FORMATS),
        )
    )
