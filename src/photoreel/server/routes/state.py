"""`GET /api/state/nemo_agent/me/<sid>/latest`: the session's draft, media and renders."""

from __future__ import annotations

from fastapi import APIRouter, Request

from photoreel.protocol.api import SessionState, SessionStateBody
from photoreel.protocol.envelope import Envelope
from photoreel.server.analyses import session_analyses
from photoreel.server.deps import BackendDep, UserDep, ok, owned_session
from photoreel.server.views import canvas_config, generated_media, video_info

router = APIRouter(tags=["state"])


@router.get(
    "/api/state/{app}/{user}/{session_id}/latest",
    response_model=Envelope[SessionState],
    summary="Session state",
)
async def latest_state(
    request: Request, backend: BackendDep, user_id: UserDep, app: str, user: str, session_id: str
) -> Envelope[SessionState]:
    """`version` is the number of the current draft version (0 before the first edit).
    Each number always means the same draft; undo goes back to an earlier number.
    `generated_media` lists every render of the session with its status."""
    session = owned_session(backend, user_id, session_id)
    store = backend.store
    draft = store.draft(session.id, session.current_version)
    body = SessionStateBody(
        draft=draft,
        video_infos=[video_info(request, m) for m in store.session_media(session.id)],
        canvas_config=canvas_config(draft),
        video_analyses=[row.model_dump(mode="json") for row in session_analyses(store, session.id)],
        generated_media=[generated_media(request, r) for r in store.session_renders(session.id)],
    )
    return ok(
        SessionState(
            session_id=str(session.id),
            task_id=session.task_id,
            task_name=session.task_name,
            state=body,
            version=session.current_version,
        )
    )
