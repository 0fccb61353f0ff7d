"""`GET /api/media/<media_id>/<name>` (photoreel's `cdn_url`): an uploaded file itself.

Bearer auth like every other call, HTTP Range for seeking and resuming.
"""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter
from fastapi.responses import FileResponse

from photoreel.server.deps import BackendDep, UserDep
from photoreel.server.errors import not_found

router = APIRouter(tags=["media"])

_MIME = {"jpeg": "image/jpeg", "mkv": "video/x-matroska", "aac": "audio/aac"}


@router.get(
    "/api/media/{media_id}/{filename}",
    response_class=FileResponse,
    summary="Download an uploaded file (photoreel's cdn_url)",
)
async def media_file(
    backend: BackendDep, user_id: UserDep, media_id: str, filename: str
) -> FileResponse:
    """`filename` is cosmetic (so a saved file gets a good name); `media_id` decides."""
    media = backend.store.media_of_user(media_id, user_id)
    path = backend.store.data_dir / media.path if media else None
    if media is None or path is None or not path.is_file():
        raise not_found(f"No media {media_id} for this token.")
    media_type = _MIME.get(media.format) or mimetypes.guess_type(path.name)[0]
    return FileResponse(
        path,
        media_type=media_type or "application/octet-stream",
        filename=media.filename,
        content_disposition_type="inline",
    )
