"""`GET /api/farm/media/<sha256>`: a running render's file, for a worker of the cluster.

photoreel only, and only with `--cluster`. The bearer is not a user's token but
the job key the render's chunk tasks carry (photoreel.farm.credentials): it
opens the files of that one render while it runs, and nothing else.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from photoreel.server.deps import BackendDep
from photoreel.server.errors import not_found, token_invalid

router = APIRouter(tags=["farm"])

_job_key = HTTPBearer(
    auto_error=False, description="The job key a chunk task carries (not a user token)."
)


@router.get(
    "/api/farm/media/{sha256}",
    response_class=FileResponse,
    summary="A running render's file, for a worker of the render cluster (photoreel only)",
)
async def farm_media(
    backend: BackendDep,
    sha256: str,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_job_key)],
) -> FileResponse:
    key = credentials.credentials if credentials is not None else ""
    if not key or not backend.job_credentials.known(key):
        raise token_invalid(
            "The job key is not valid on this server (its render has ended, or the server "
            "restarted)"
        )
    path = backend.job_credentials.file(key, sha256)
    if path is None or not path.is_file():
        raise not_found(f"No file {sha256} in this render.")
    return FileResponse(path, media_type="application/octet-stream")
