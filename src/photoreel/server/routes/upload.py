"""`POST /api/upload-video/nemo_agent/me/<sid>`: files (multipart) or URLs (JSON)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError

from photoreel.protocol.api import UploadedFile, UploadResult, UrlUpload
from photoreel.protocol.envelope import Envelope
from photoreel.protocol.errors import ErrorCode
from photoreel.server.analyses import upload_findings
from photoreel.server.deps import BackendDep, UserDep, ok, owned_session
from photoreel.server.errors import ApiError, bad_request
from photoreel.server.fetch import fetch
from photoreel.server.schemas import inline_refs
from photoreel.server.uploads import (
    MAX_FILES_PER_REQUEST,
    FileOutcome,
    ReceivedFile,
    receive_multipart,
    store_received,
)
from photoreel.server.views import uploaded_file

router = APIRouter(tags=["upload"])

T = TypeVar("T")
#: How often a URL upload looks whether its client is still there.
DISCONNECT_POLL_SECONDS = 0.25

_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "one or more files, up to 200 MB each",
                    }
                },
                "required": ["files"],
            }
        },
        "application/json": {"schema": inline_refs(UrlUpload.model_json_schema())},
    },
}


@router.post(
    "/api/upload-video/{app}/{user}/{session_id}",
    response_model=Envelope[UploadResult],
    summary="Upload files or URLs into a session",
    openapi_extra={"requestBody": _REQUEST_BODY},
)
async def upload(
    request: Request,
    backend: BackendDep,
    user_id: UserDep,
    app: str,
    user: str,
    session_id: str,
    language: Annotated[
        str | None,
        Query(description="photoreel: the language of `findings` (default: the session's)"),
    ] = None,
) -> Envelope[UploadResult]:
    """Each file is checked by its content (not its name) and stored once per content.
    photoreel: every row has `media_id` (the draft's `src`); a file that fails has its
    own `code` and `message` and the others are still stored; when every file fails,
    the envelope carries the first file's code; `?language=zh` asks for `findings` in
    Chinese (default: the session's language)."""
    session = owned_session(backend, user_id, session_id)
    declared = request.headers.get("content-length", "")
    backend.storage.require(int(declared) if declared.isdigit() else 0)
    settings = backend.settings
    incoming = backend.store.incoming_dir
    content_type = request.headers.get("content-type", "")
    received: list[ReceivedFile]
    if content_type.startswith("multipart/form-data"):
        received = await receive_multipart(
            content_type, request.stream(), incoming, settings.max_upload_bytes
        )
    elif content_type.startswith("application/json"):
        urls = _url_list(await request.body())
        received = []
        for url in urls:
            download = fetch(
                url,
                incoming,
                limit=settings.max_upload_bytes,
                stall_seconds=settings.url_timeout,
                allow_private=settings.allow_private_urls,
            )
            received.append(await while_connected(request, download))
    else:
        raise bad_request(
            "Send files as multipart/form-data 'files' fields, or JSON "
            '{"urls": [...], "source_type": "url"}.'
        )
    if not received:
        raise bad_request("No files in the request: send one or more multipart 'files' fields.")
    outcomes = [await store_received(backend.store, session.id, r, settings) for r in received]
    backend.storage.changed()
    rows = [_row(request, outcome) for outcome in outcomes]
    if all(outcome.media is None for outcome in outcomes):
        first = outcomes[0]
        raise ApiError(
            ErrorCode(first.code),
            first.message or "The file was not stored.",
            data=UploadResult(files=rows, session_state_applied=False).model_dump(mode="json"),
        )
    return ok(
        UploadResult(
            files=rows,
            session_state_applied=True,
            findings=upload_findings(
                backend.store,
                session.id,
                language or session.language,
            )
            or None,
        )
    )


async def while_connected(request: Request, work: Coroutine[Any, Any, T]) -> T:
    """`work`, cancelled as soon as the client that asked for it goes away.

    Starlette does not cancel a route when its client disconnects; a URL download
    would then run on (up to 10 minutes, up to the size limit) for nobody. A
    cancelled download removes its partial file.
    """
    task = asyncio.ensure_future(work)
    while True:
        done, _ = await asyncio.wait({task}, timeout=DISCONNECT_POLL_SECONDS)
        if done:
            return task.result()
        if await request.is_disconnected():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise ApiError(ErrorCode.BAD_REQUEST, "The client went away; the upload stopped.")


def _url_list(raw: bytes) -> list[str]:
    try:
        body = UrlUpload.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "body"
        raise bad_request(
            f"Invalid request: {where}: {err['msg']}. Send "
            '{"urls": ["https://..."], "source_type": "url"}.'
        ) from None
    if not body.urls:
        raise bad_request("No URLs in the request: 'urls' is empty.")
    if len(body.urls) > MAX_FILES_PER_REQUEST:
        raise bad_request(f"Too many URLs: send at most {MAX_FILES_PER_REQUEST} at a time.")
    return body.urls


def _row(request: Request, outcome: FileOutcome) -> UploadedFile:
    if outcome.media is not None:
        return uploaded_file(request, outcome.media)
    return UploadedFile(filename=outcome.name, code=outcome.code, message=outcome.message)
