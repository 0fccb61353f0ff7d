"""`POST /api/tasks/me/with-session/nemo_agent`: a new session (one draft and its media)."""

from __future__ import annotations

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from photoreel.protocol.api import SessionCreate, SessionCreated
from photoreel.protocol.envelope import Envelope
from photoreel.server.deps import BackendDep, UserDep, ok
from photoreel.server.hosted import session_answer

router = APIRouter(tags=["sessions"])


@router.post(
    "/api/tasks/{user}/with-session/{app}",
    response_model=Envelope[SessionCreated],
    summary="Create a session",
)
async def create_session(
    backend: BackendDep,
    user_id: UserDep,
    user: str = "me",
    app: str = "nemo_agent",
    body: SessionCreate = Body(default_factory=SessionCreate),  # noqa: B008
) -> Envelope[SessionCreated] | JSONResponse:
    """`user` and `app` are path words of the documented URL (`me`, `nemo_agent`); the
    session belongs to the token's user whatever they say."""
    row = backend.store.create_session(user_id, body.task_name or "project", body.language or "en")
    answer = ok(SessionCreated(session_id=str(row.id), task_id=row.task_id, user_id=user_id))
    if backend.settings.minimal_answers:
        dumped = answer.model_dump(mode="json")
        return JSONResponse({**dumped, "data": session_answer(dumped["data"])})
    return answer
