"""`POST /run_sse`: one chat turn, streamed as Server-Sent Events of ADK events.

The turn itself runs in a task (see `turns.py`); this route checks the request,
starts the turn and relays its frames, with `: ping` comments while it works.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sse_starlette import EventSourceResponse, ServerSentEvent

from photoreel.protocol.events import RunAgentRequest
from photoreel.server.credits import TURN_COST
from photoreel.server.deps import BackendDep, UserDep, session_number
from photoreel.server.errors import bad_request, no_credits, session_not_found
from photoreel.server.limits import check_chat
from photoreel.server.schemas import inline_refs
from photoreel.server.turns import Stream

router = APIRouter(tags=["chat"])


async def _relay(stream: Stream) -> AsyncIterator[ServerSentEvent]:
    async for frame in stream.frames():
        yield ServerSentEvent(data=frame)


def _ping() -> ServerSentEvent:
    return ServerSentEvent(comment="ping")


_BODY_SCHEMA: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": inline_refs(RunAgentRequest.model_json_schema(by_alias=False))
        }
    },
}


@router.post(
    "/run_sse",
    summary="Run one chat turn (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "ADK events"}},
    openapi_extra={"requestBody": _BODY_SCHEMA},
)
async def run_sse(request: Request, backend: BackendDep, user_id: UserDep) -> Response:
    """Each `data:` frame is an ADK `Event`: edits as functionCall/functionResponse
    pairs, the reply as partial text chunks, then one final event with the whole
    text, `turnComplete: true` and `actions.stateDelta.draft_version` when the
    draft changed (photoreel: `customMetadata.route` names a routed word). The
    change is saved before the first frame, so a dropped connection loses nothing.
    An unknown session answers 1002 before the stream."""
    settings = backend.settings
    try:
        body = RunAgentRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        if settings.adk_errors:
            return JSONResponse({"detail": exc.errors(include_url=False)}, status_code=422)
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "body"
        raise bad_request(f"Invalid request: {where}: {err['msg']}") from None
    text = body.new_message.text.strip()
    number = session_number(body.session_id)
    session = backend.store.session(number, user_id) if number is not None else None
    if session is None:
        if settings.adk_errors:
            return JSONResponse({"detail": "Session not found"}, status_code=404)
        raise session_not_found(body.session_id.strip()[:40])
    if not text:
        raise bad_request(
            "The message has no text: put the instruction in new_message.parts[].text."
        )
    check_chat(text, settings)
    available = backend.credits.available(user_id)
    if available is not None and available < TURN_COST:
        raise no_credits(TURN_COST, available)
    stream = backend.turns.start(session, user_id, text)
    return EventSourceResponse(
        _relay(stream),
        ping=settings.heartbeat,
        ping_message_factory=_ping,
        sep="\n",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
