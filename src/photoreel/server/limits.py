"""Limits on the work one request can ask of a shared server.

Everything a client sends is bounded before any work starts: the length, size
and frame rate of a video, its tracks and segments, the text it draws, the
temporary space its render needs, the renders a user has waiting, a chat
message and a request body (an upload's own limits, file size, photo pixels and
animation frames, are checked as it is received: uploads.py, engine/verify.py).
A request over a limit is refused at once with code 4013 (HTTP 413) and one
sentence naming the limit and the `photoreel serve` flag that sets it; `data`
says which limit (`limit`), the most it allows (`max`) and, for a draft, the key
(`key`).

The limits are `ServerSettings` fields, documented with their defaults in
docs/SERVER.md ("Limits"). A draft's own validation (protocol/draft.py) says
what a draft may be anywhere; these say what this server will make.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from photoreel.protocol.draft import AudioTrack, Draft, TextTrack, VideoTrack
from photoreel.protocol.envelope import error_body
from photoreel.protocol.errors import HTTP_STATUS, ErrorCode
from photoreel.server.errors import ApiError
from photoreel.server.settings import ServerSettings
from photoreel.server.store import BlobRow

MB = 1024 * 1024
#: A clip is seeked to its trim points (cheap), but no source is read from further in.
MAX_TRIM_MS = 24 * 3600 * 1000
#: Bytes a second of encoded video may take per pixel per frame, by quality: generous
#: (photo slideshows compress far better) so that the estimate is an upper bound.
_BYTES_PER_PIXEL_FRAME = {"draft": 0.01, "standard": 0.015, "high": 0.025}
#: Prepared photos one window of a long render keeps at once (engine/plan.py
#: WINDOW_PIXELS is five canvases; a zoom strip weighs up to four).
_PREPARED_CANVASES = 20


def over_limit(
    message: str, limit: str, maximum: float, key: str | None = None, **extra: Any
) -> ApiError:
    """The 4013 answer: `message` is one sentence naming the limit and its flag."""
    data: dict[str, Any] = {"limit": limit, "max": maximum, **extra}
    if key is not None:
        data["key"] = key
    return ApiError(ErrorCode.LIMIT_EXCEEDED, f"Over a limit: {message}", data=data)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _seconds(ms: float) -> str:
    return f"{ms / 1000:g}"


def check_draft(draft: Draft, settings: ServerSettings) -> None:
    """Refuse a draft that is more work than this server makes (4013, naming the key)."""
    longest_ms = settings.max_video_seconds * 1000
    if draft.duration_ms > longest_ms:
        raise over_limit(
            f"d: the video is {_seconds(draft.duration_ms)} s long and this server makes videos "
            f"of at most {settings.max_video_seconds:g} s ({_flag('max_video_seconds')}); make "
            "it shorter.",
            "max_video_seconds",
            settings.max_video_seconds,
            key="d",
        )
    meta = draft.meta
    if max(meta.width, meta.height) > settings.max_canvas_side:
        side = "m.width" if meta.width >= meta.height else "m.height"
        raise over_limit(
            f"{side}: a {meta.width}x{meta.height} canvas is larger than this server's limit "
            f"of {settings.max_canvas_side} px a side ({_flag('max_canvas_side')}); use 1080p "
            "or 720p.",
            "max_canvas_side",
            settings.max_canvas_side,
            key=side,
        )
    if meta.fps > settings.max_fps:
        raise over_limit(
            f"m.fps: {meta.fps} fps is more than this server's limit of {settings.max_fps} fps "
            f"({_flag('max_fps')}).",
            "max_fps",
            settings.max_fps,
            key="m.fps",
        )
    if len(draft.tracks) > settings.max_tracks:
        raise over_limit(
            f"t: the draft has {len(draft.tracks)} tracks and this server takes at most "
            f"{settings.max_tracks} ({_flag('max_tracks')}).",
            "max_tracks",
            settings.max_tracks,
            key="t",
        )
    segments = sum(len(track.segments) for track in draft.tracks)
    if segments > settings.max_segments:
        raise over_limit(
            f"t: the draft has {segments} segments and this server takes at most "
            f"{settings.max_segments} ({_flag('max_segments')}).",
            "max_segments",
            settings.max_segments,
            key="t",
        )
    for ti, track in enumerate(draft.tracks):
        for si, seg in enumerate(track.segments):
            _check_segment(f"t[{ti}].sg[{si}]", track, seg, settings)


def _check_segment(key: str, track: Any, seg: Any, settings: ServerSettings) -> None:
    if isinstance(track, TextTrack) and len(seg.meta.text) > settings.max_text_chars:
        raise over_limit(
            f"{key}.m.text: the text has {len(seg.meta.text)} characters and this server draws at "
            f"most {settings.max_text_chars} a text ({_flag('max_text_chars')}).",
            "max_text_chars",
            settings.max_text_chars,
            key=f"{key}.m.text",
        )
    if isinstance(track, AudioTrack) and seg.meta.offset > settings.max_video_seconds * 1000:
        # Music is read from its start up to the offset: an offset is work like length.
        raise over_limit(
            f"{key}.m.offset: the song would start {_seconds(seg.meta.offset)} s into its file "
            f"and this server reads at most {settings.max_video_seconds:g} s into one "
            f"({_flag('max_video_seconds')}).",
            "max_video_seconds",
            settings.max_video_seconds,
            key=f"{key}.m.offset",
        )
    if isinstance(track, VideoTrack):
        for name in ("trim_in", "trim_out"):
            value = getattr(seg.meta, name)
            if value is not None and value > MAX_TRIM_MS:
                raise over_limit(
                    f"{key}.m.{name}: {_seconds(value)} s is past any clip this server "
                    f"reads (at most {MAX_TRIM_MS // 1000} s).",
                    "max_trim_seconds",
                    MAX_TRIM_MS // 1000,
                    key=f"{key}.m.{name}",
                )


def check_media(
    draft: Draft, blobs: Mapping[str, BlobRow], settings: ServerSettings, quality: str = "high"
) -> None:
    """The temporary space a render of `draft` with these files needs (`blobs` maps each
    `src` to its stored file). An animation's own frames are limited at upload."""
    need = estimate_temp_bytes(draft, blobs, quality)
    allowed = settings.max_render_temp_mb * MB
    if need > allowed:
        raise over_limit(
            f"rendering this draft would need about {math.ceil(need / MB)} MB of temporary "
            f"space and this server allows {settings.max_render_temp_mb} MB a render "
            f"({_flag('max_render_temp_mb')}); make it shorter or smaller.",
            "max_render_temp_mb",
            settings.max_render_temp_mb,
            needed_mb=math.ceil(need / MB),
        )


def estimate_temp_bytes(draft: Draft, blobs: Mapping[str, BlobRow], quality: str) -> int:
    """An estimate of the temporary space a render of `draft` takes, in bytes.

    The engine writes each shown photo once, fitted to the canvas, as a raw RGB
    frame (a zoom strip is a few canvases), and a long render keeps only one
    window's photos at a time; it writes the frames of an animation a segment
    shows (each at most twice the canvas a side) and a long render's encoded
    windows until they are joined. What the encoder makes depends on the
    pictures, so this is a first answer: the render's folder is also measured
    while it runs (renders.Job).
    """
    canvas_pixels = draft.meta.width * draft.meta.height
    photos = 0
    animation_bytes = 0
    for track in draft.video_tracks:
        for seg in track.segments:
            blob = blobs.get(seg.meta.src)
            if blob is None or blob.kind != "image":
                continue
            if blob.frames <= 1:
                photos += 4  # a zoom strip: the most a photo takes
                continue
            fps = blob.fps or 10.0
            shown = min(blob.frames, math.ceil(seg.duration_ms / 1000 * fps) + 1)
            frame = min((blob.width or 1) * (blob.height or 1), 4 * canvas_pixels)
            animation_bytes += shown * frame * 3
    prepared = min(photos, _PREPARED_CANVASES) * canvas_pixels * 3 + animation_bytes
    per_second = canvas_pixels * draft.meta.fps
    encoded = draft.duration_ms / 1000 * per_second * _BYTES_PER_PIXEL_FRAME.get(quality, 0.025)
    return int(prepared + encoded)


def check_chat(text: str, settings: ServerSettings) -> None:
    if len(text) > settings.max_chat_chars:
        raise over_limit(
            f"new_message: the message has {len(text)} characters and this server takes at "
            f"most {settings.max_chat_chars} ({_flag('max_chat_chars')}); send a shorter "
            "instruction.",
            "max_chat_chars",
            settings.max_chat_chars,
            key="new_message",
        )


def check_queue(waiting: int, settings: ServerSettings) -> None:
    """A user's renders waiting or running: one more would be over the limit."""
    if waiting >= settings.max_queued_renders:
        raise over_limit(
            f"you have {waiting} renders waiting or running and this server takes at most "
            f"{settings.max_queued_renders} a user ({_flag('max_queued_renders')}); wait for "
            "one to finish or cancel one.",
            "max_queued_renders",
            settings.max_queued_renders,
        )


class BodyLimit:
    """Request bodies other than multipart uploads are at most `--max-body-bytes`.

    JSON bodies are read whole and parsed in memory, so their size is work: a
    100 MB chat message kept a server busy for minutes. A declared length over
    the limit is refused before a byte is read; a chunked body is read up to the
    limit and refused as soon as it passes it. (uvicorn reads and drops the rest
    of a refused body, so the client sees the answer and the connection lives.)
    Multipart uploads have their own per-file limit (`--max-upload-bytes`),
    checked while they stream to disk.
    """

    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _upload(scope):
            await self.app(scope, receive, send)
            return
        limit = self.settings.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > limit:
                await self._refuse(scope, receive, send, int(declared))
                return
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read it here, up to the limit, then hand it on.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                await self._refuse(scope, receive, send, None)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, size: int | None) -> None:
        limit = self.settings.max_body_bytes
        how_big = f"is {size} bytes" if size is not None else "is larger than that"
        error = over_limit(
            f"the request body {how_big} and this server takes at most {limit} bytes in one "
            f"request ({_flag('max_body_bytes')}); files go as multipart uploads.",
            "max_body_bytes",
            limit,
        )
        status = 200 if self.settings.errors_http_200 else HTTP_STATUS[error.code]
        payload = error_body(error.code, error.message, error.data)
        await JSONResponse(payload, status_code=status)(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1")).strip()
    return None


def _upload(scope: Scope) -> bool:
    """A multipart upload: streamed to disk file by file, with its own limits."""
    kind = _header(scope, b"content-type") or ""
    return str(scope.get("path", "")).startswith("/api/upload-video/") and kind.lower().startswith(
        "multipart/form-data"
    )
