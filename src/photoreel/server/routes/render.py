"""Export: submit a render, poll it, cancel it, download the file."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse

from photoreel.protocol.api import RenderRequest, RenderStatus
from photoreel.protocol.draft import DraftInvalid, parse_draft
from photoreel.protocol.envelope import Envelope
from photoreel.server.backend import Backend
from photoreel.server.deps import (
    RENDER_ID,
    AttributionDep,
    BackendDep,
    UserDep,
    owned_session,
)
from photoreel.server.errors import bad_request, conflict, no_credits, not_found
from photoreel.server.hosted import foreign_draft, success_submit
from photoreel.server.limits import check_draft, check_media, check_queue
from photoreel.server.render_status import status_body, submitted_body
from photoreel.server.renders import UnknownSource, resolve_media
from photoreel.server.store import DuplicateRender, NotEnoughCredits, RenderRow

router = APIRouter(tags=["render"])

CANCEL_WAIT_SECONDS = 5.0
_STATUS_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "model": Envelope[RenderStatus],
        "description": "status, progress (0-100), output.url / outputUrl when completed, "
        "error when failed; photoreel puts them both at the top level and in `data`",
    }
}
_MIME = {"mp4": "video/mp4", "webm": "video/webm", "gif": "image/gif"}


def _owned_render(backend: Backend, user_id: str, render_id: str) -> RenderRow:
    row = backend.store.render(user_id, render_id)
    if row is None:
        raise not_found(f"No render {render_id} for this token.")
    return row


def _answer(request: Request, backend: Backend, row: RenderRow) -> JSONResponse:
    settings = backend.settings
    shape = settings.status_shape
    epoch = bool(settings.epoch_times)
    return JSONResponse(
        status_body(request, row, backend.renders.progress(row), shape, epoch_ms=epoch)
    )


@router.post(
    "/api/render/proxy/lambda",
    summary="Submit an export",
    dependencies=[AttributionDep],
    responses=_STATUS_DOC,
)
async def submit_render(
    request: Request, backend: BackendDep, user_id: UserDep, body: RenderRequest
) -> JSONResponse:
    """Queue a render of `draft` for the session. Without the attribution headers the
    answer is HTTP 402. An invalid draft answers 4000 naming the key; a `src` that is
    not a file of the session too. photoreel: the same `id` sent again with the same
    draft answers the existing job (a retry after a lost answer renders once); with
    another draft it answers 4009. With counted credits the cost (1 per started 10 s)
    is frozen now and consumed only if the render completes."""
    session = owned_session(backend, user_id, body.session_id)
    backend.storage.require()  # a render writes files: none while the disk is full
    render_id = body.id.strip()
    if not RENDER_ID.fullmatch(render_id):
        raise bad_request(
            "Invalid request: id: use a unique id like render_<ms timestamp>: letters, digits, "
            "'_', '-' and '.', at most 128, starting with a letter or digit.",
            data={"key": "id"},
        )
    sent = body.draft
    if backend.settings.foreign_drafts:
        # the draft as the state gave it, in foreign keys: render the version it stands for
        current = backend.store.draft(session.id, session.current_version)
        names = {m.id: m.filename for m in backend.store.session_media(session.id)}
        if current and sent == foreign_draft(current, names):
            sent = current
    try:
        draft = parse_draft(sent)
    except DraftInvalid as exc:
        raise bad_request(f"Invalid draft: {exc.message}", data={"key": exc.key}) from None
    if not draft.has_segments:
        raise bad_request(
            "Nothing to export: the draft has no segments. Add photos to the timeline first.",
            data={"key": "t"},
        )
    check_draft(draft, backend.settings)
    try:
        media = resolve_media(backend.store, session.id, draft)
    except UnknownSource as exc:
        raise bad_request(
            f"Invalid draft: {exc.key}: {exc.src!r} is not a file of this session; upload it "
            "first (state.video_infos lists the media ids).",
            data={"key": exc.key},
        ) from None
    check_media(draft, media, backend.settings, body.output.quality)
    if backend.store.render(user_id, render_id) is None:  # a retry of a queued job is fine
        check_queue(backend.store.count_waiting_renders(user_id), backend.settings)
    cost = backend.credits.render_charge(draft.duration_ms)
    stored_draft = draft.to_json()
    try:
        row = backend.store.add_render(
            user_id,
            render_id,
            session.id,
            stored_draft,
            body.output.format,
            body.output.quality,
            cost,
        )
    except DuplicateRender as dup:
        same = dup.existing.session_id == session.id and dup.existing.draft == json.dumps(
            stored_draft
        )
        if not same:
            raise conflict(
                f"Render id {render_id} is already used; submit again with a new id "
                "(render_<ms timestamp>).",
            ) from None
        row = dup.existing
    except NotEnoughCredits as exc:
        available = backend.credits.available(user_id) or 0
        raise no_credits(exc.needed, available) from None
    backend.renders.notify()
    settings = backend.settings
    body_out = submitted_body(request, row, backend.renders.progress(row), settings.status_shape)
    if settings.submit_shape == "success":
        body_out = success_submit(body_out.get("data") or body_out)
    return JSONResponse(body_out)


@router.get(
    "/api/render/proxy/lambda/{render_id}",
    summary="Poll an export",
    responses=_STATUS_DOC,
)
async def render_status(
    request: Request, backend: BackendDep, user_id: UserDep, render_id: str
) -> JSONResponse:
    """Status `pending`, `processing`, `completed`, `failed` (photoreel adds
    `cancelled`). A local client may poll every second (`/api/server/info` says)."""
    return _answer(request, backend, _owned_render(backend, user_id, render_id))


async def _cancel(request: Request, backend: Backend, user_id: str, render_id: str) -> JSONResponse:
    row = _owned_render(backend, user_id, render_id)
    if row.status in ("completed", "failed"):
        raise conflict(f"Render {render_id} already {row.status}; there is nothing to cancel.")
    if row.status == "pending":
        row = backend.store.finish_render(row, "cancelled", error="Cancelled before it started.")
    elif row.status == "processing" and backend.renders.cancel(row):
        deadline = asyncio.get_running_loop().time() + CANCEL_WAIT_SECONDS
        while row.status == "processing" and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
            row = _owned_render(backend, user_id, render_id)
    return _answer(request, backend, row)


@router.post(
    "/api/render/proxy/lambda/{render_id}/cancel",
    summary="Cancel an export",
    responses=_STATUS_DOC,
)
async def cancel_render(
    request: Request, backend: BackendDep, user_id: UserDep, render_id: str
) -> JSONResponse:
    """A pending job never starts; a running one stops within a second or two. The
    answer is the status afterwards (`cancelled`). A render that already completed or
    failed answers 4009."""
    return await _cancel(request, backend, user_id, render_id)


@router.delete(
    "/api/render/proxy/lambda/{render_id}",
    summary="Cancel an export (photoreel alias)",
    responses=_STATUS_DOC,
)
async def delete_render(
    request: Request, backend: BackendDep, user_id: UserDep, render_id: str
) -> JSONResponse:
    """The same as POST .../cancel. It never deletes a finished file."""
    return await _cancel(request, backend, user_id, render_id)


@router.get(
    "/api/render/proxy/{render_id}/download",
    summary="Download an export",
    response_class=FileResponse,
)
async def download_render(backend: BackendDep, user_id: UserDep, render_id: str) -> FileResponse:
    """The finished file, with HTTP Range (resume an interrupted download)."""
    row = _owned_render(backend, user_id, render_id)
    if row.status != "completed" or not row.output_path:
        raise conflict(
            f"Render {render_id} is {row.status}; download it once its status is completed."
        )
    path = backend.store.data_dir / row.output_path
    if not path.is_file():
        raise not_found(f"The file of render {render_id} is no longer on this server.")
    return FileResponse(
        path,
        media_type=_MIME.get(row.format, "application/octet-stream"),
        filename=f"{render_id}.{row.format}",
    )
