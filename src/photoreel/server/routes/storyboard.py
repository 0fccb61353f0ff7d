"""`GET /api/storyboard` (photoreel's addition): a row of frames of the session's draft.

The app shows it under the timeline's bars. The PNG is made from the current
draft exactly as the export would render it, only small; see storyboards.py
for why it is kept on disk.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from photoreel.protocol.draft import DraftInvalid
from photoreel.server.deps import BackendDep, UserDep, owned_session
from photoreel.server.errors import bad_request
from photoreel.server.renders import UnknownSource
from photoreel.server.storyboards import (
    DEFAULT_FRAMES,
    MAX_FRAMES,
    NothingToShow,
    StoryboardFailed,
)

router = APIRouter(tags=["storyboard"])

VERSION_HEADER = "X-Photoreel-Draft-Version"


@router.get(
    "/api/storyboard",
    summary="Storyboard strip of the current draft (photoreel)",
    response_class=FileResponse,
    responses={
        200: {
            "content": {"image/png": {}},
            "description": f"A PNG: `frames` evenly spaced frames in one row, each labelled "
            f"with its time; the `{VERSION_HEADER}` header names the draft version shown.",
        }
    },
)
async def storyboard(
    backend: BackendDep,
    user_id: UserDep,
    session_id: Annotated[str, Query(description="The session whose current draft to show.")],
    frames: Annotated[int, Query(ge=1, le=MAX_FRAMES)] = DEFAULT_FRAMES,
) -> FileResponse:
    """photoreel: the first request for a draft version renders a small preview (about a
    second for a 15 s draft) off the event loop; later ones answer the kept file at once,
    so polling after each turn is cheap. Another token's or an unknown session answers
    1002; a session whose draft has no segment yet answers 4000."""
    session = owned_session(backend, user_id, session_id)
    try:
        path, version = await backend.storyboards.strip(session, frames)
    except NothingToShow:
        raise bad_request(
            f"Nothing to show yet: session {session.id} has no timeline. Upload photos and "
            "say what video you want, then ask again.",
            data={"key": "t"},
        ) from None
    except UnknownSource as exc:
        raise bad_request(
            f"Cannot draw the storyboard: {exc.key}: {exc.src!r} is not a file of this "
            "session; upload it again.",
            data={"key": exc.key},
        ) from None
    except DraftInvalid as exc:
        raise bad_request(
            f"Cannot draw the storyboard: {exc.message}", data={"key": exc.key}
        ) from None
    except StoryboardFailed as exc:
        raise bad_request(f"Cannot draw the storyboard: {exc.message}") from None
    return FileResponse(path, media_type="image/png", headers={VERSION_HEADER: str(version)})
