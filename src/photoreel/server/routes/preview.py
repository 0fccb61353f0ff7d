"""`GET /api/preview` (photoreel's addition): the current draft as a stream of small frames.

The body is `multipart/x-mixed-replace` (the "MJPEG over HTTP" a browser
plays as a moving picture): one JPEG part a frame, sent the moment it is
rendered, each with its index and time in headers. The app plays it in the
terminal. See previews.py for why frames are streamed rather than a file made.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from photoreel.protocol.draft import DraftInvalid
from photoreel.protocol.errors import ErrorCode
from photoreel.protocol.preview import (
    FRAME_INDEX_HEADER,
    FRAME_TIME_HEADER,
    PART_HEADER,
    PREVIEW_BOUNDARY,
    PREVIEW_MEDIA_TYPE,
    PreviewFrame,
    PreviewStart,
)
from photoreel.server.deps import BackendDep, UserDep, owned_session
from photoreel.server.errors import ApiError, bad_request
from photoreel.server.previews import (
    MAX_FPS,
    MAX_HEIGHT,
    MIN_FPS,
    MIN_HEIGHT,
    NothingToPreview,
    PreviewEvent,
    PreviewsBusy,
)
from photoreel.server.renders import UnknownSource

router = APIRouter(tags=["preview"])

BOUNDARY = PREVIEW_BOUNDARY
MEDIA_TYPE = PREVIEW_MEDIA_TYPE
#: A refused preview (the server busy with others') is worth asking again this soon.
PREVIEW_RETRY_AFTER_SECONDS = 5


def _part(content_type: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"--{BOUNDARY}", f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body + b"\r\n"


def encode(event: PreviewEvent) -> bytes:
    """One multipart part for one event of the stream."""
    if isinstance(event, PreviewFrame):
        headers = {FRAME_INDEX_HEADER: str(event.index), FRAME_TIME_HEADER: str(event.time_ms)}
        return _part("image/jpeg", event.jpeg, headers)
    if isinstance(event, PreviewStart):
        return _part("application/json", event.model_dump_json().encode(), {PART_HEADER: "start"})
    body = json.dumps({"code": 5000, "message": event.message}).encode()
    return _part("application/json", body, {PART_HEADER: "error"})


@router.get(
    "/api/preview",
    summary="Preview frames of the current draft, streamed as they render (photoreel)",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {MEDIA_TYPE: {}},
            "description": "Parts in order: one `application/json` part with `X-Part: start` "
            "(`width`, `height`, `fps`, `frames`, `version`), then one `image/jpeg` part a "
            "frame (`X-Frame-Index`, `X-Frame-Time-Ms`); a render that fails ends with an "
            "`application/json` part with `X-Part: error` (`code`, `message`).",
        },
        429: {
            "description": "As many previews as the server runs at once (`--max-previews`) "
            "are rendering for other users; `Retry-After` says when to ask again."
        },
    },
)
async def preview(
    backend: BackendDep,
    user_id: UserDep,
    session_id: Annotated[str, Query(description="The session whose current draft to show.")],
    height: Annotated[int, Query(ge=MIN_HEIGHT, le=MAX_HEIGHT)] = 480,
    fps: Annotated[int, Query(ge=MIN_FPS, le=MAX_FPS)] = 12,
) -> StreamingResponse:
    """photoreel: renders the session's current draft `height` pixels high at `fps` frames
    a second without sound (the export's plan and timing, only small) and streams each
    frame as it is made. Free (no credits); one preview a user at a time (a new one stops
    the previous), and at most `--max-previews` on the server (one more answers 429 with
    `Retry-After`). Another token's or an unknown session answers 1002; a draft with no
    segment yet, or one that cannot be rendered, 4000 before the stream starts."""
    session = owned_session(backend, user_id, session_id)
    try:
        draft, media, version = backend.previews.prepare(session)
    except NothingToPreview:
        raise bad_request(
            f"Nothing to preview yet: session {session.id} has no timeline. Upload photos and "
            "say what video you want, then ask again.",
            data={"key": "t"},
        ) from None
    except UnknownSource as exc:
        raise bad_request(
            f"Cannot preview: {exc.key}: {exc.src!r} is not a file of this session; upload it "
            "again.",
            data={"key": exc.key},
        ) from None
    except DraftInvalid as exc:
        raise bad_request(f"Cannot preview: {exc.message}", data={"key": exc.key}) from None

    events = backend.previews.stream(user_id, draft, media, version, height, fps)
    try:
        # the first step admits the preview (or refuses it while the server is busy) and
        # waits for its start part, so a refusal is an error answer, not a broken stream
        first = await anext(events)
    except PreviewsBusy as exc:
        retry = str(PREVIEW_RETRY_AFTER_SECONDS)
        raise ApiError(
            ErrorCode.RATE_LIMITED,
            f"The server is rendering {exc.limit} preview{'s' if exc.limit != 1 else ''} for "
            "others already (the most it runs at once).",
            headers={"Retry-After": retry},
        ) from None
    except StopAsyncIteration:
        first = None

    async def body() -> AsyncIterator[bytes]:
        if first is not None:
            yield encode(first)
            async for event in events:
                yield encode(event)
        yield f"--{BOUNDARY}--\r\n".encode()

    headers = {"X-Photoreel-Draft-Version": str(version), "Cache-Control": "no-store"}
    return StreamingResponse(body(), media_type=MEDIA_TYPE, headers=headers)
