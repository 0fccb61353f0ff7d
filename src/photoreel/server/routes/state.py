"""`GET /api/state/nemo_agent/me/<sid>/latest`: the session's draft, media and renders."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from photoreel.protocol.api import SessionState, SessionStateBody
from photoreel.protocol.envelope import Envelope
from photoreel.server.analyses import session_analyses
from photoreel.server.deps import BackendDep, UserDep, ok, owned_session
from photoreel.server.hosted import bare_state, epoch_ms, foreign_draft
from photoreel.server.views import canvas_config, generated_media, video_info

router = APIRouter(tags=["state"])


@router.get(
    "/api/state/{app}/{user}/{session_id}/latest",
    response_model=Envelope[SessionState],
    summary="Session state",
)
async def latest_state(
    request: Request, backend: BackendDep, user_id: UserDep, app: str, user: str, session_id: str
) -> Envelope[SessionState] | JSONResponse:
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
    answer = ok(
        SessionState(
            session_id=str(session.id),
            task_id=session.task_id,
            task_name=session.task_name,
            state=body,
            version=session.current_version,
        )
    )
    settings = backend.settings
    if not (settings.bare_rows or settings.epoch_times or settings.foreign_drafts):
        return answer
    dumped = answer.model_dump(mode="json")
    data = dumped["data"]
    if settings.epoch_times:
        renders = {r.id: r for r in store.session_renders(session.id)}
        for row in data["state"]["generated_media"]:
            made = renders[row["render_id"]]
            row["created_at"] = epoch_ms(made.created_at)
            row["completed_at"] = epoch_ms(made.completed_at)
    if settings.foreign_drafts:
        names = {m.id: m.filename for m in store.session_media(session.id)}
        data["state"]["draft"] = foreign_draft(data["state"]["draft"], names)
    if settings.bare_rows:
        data["state"] = bare_state(data["state"])
    return JSONResponse(dumped)
