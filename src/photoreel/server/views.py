"""Rows of the store as the protocol's bodies.

URLs are built per request from the address the caller used (TCP host or Unix
socket), never stored, so the same row is reachable however the server is
reached.
"""

from __future__ import annotations

import math
import time
from typing import Any
from urllib.parse import quote

from fastapi import Request

from photoreel.protocol.api import CanvasConfig, GeneratedMedia, UploadedFile, VideoInfo
from photoreel.protocol.draft import DraftMeta, read_draft
from photoreel.server.deps import public_url
from photoreel.server.store import MediaRow, RenderRow


def iso(ts: float | None) -> str | None:
    return None if ts is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def media_url(request: Request, media: MediaRow) -> str:
    """The file itself (bearer auth, HTTP Range): photoreel's `cdn_url`."""
    return public_url(request, f"/api/media/{media.id}/{quote(media.filename, safe='')}")


def render_url(request: Request, render_id: str) -> str:
    return public_url(request, f"/api/render/proxy/{quote(render_id, safe='')}/download")


def _media_fields(request: Request, media: MediaRow) -> dict[str, Any]:
    return {
        "media_id": media.id,
        "filename": media.filename,
        "file_type": media.kind,
        "cdn_url": media_url(request, media),
        "duration": media.duration,
        "width": media.width,
        "height": media.height,
        "fps": media.fps,
        "hash": media.hash,
    }


def uploaded_file(request: Request, media: MediaRow) -> UploadedFile:
    return UploadedFile(**_media_fields(request, media))


def video_info(request: Request, media: MediaRow) -> VideoInfo:
    return VideoInfo(**_media_fields(request, media), size=media.size, format=media.format)


def generated_media(request: Request, render: RenderRow) -> GeneratedMedia:
    return GeneratedMedia(
        render_id=render.id,
        status=render.status,
        url=render_url(request, render.id) if render.status == "completed" else None,
        duration=render.duration,
        size=render.size,
        format=render.format,
        created_at=iso(render.created_at),
        completed_at=iso(render.completed_at),
        error=render.error,
    )


def canvas_config(draft: dict[str, Any] | None) -> CanvasConfig:
    meta = timeline.meta if (timeline := read_draft(draft)) is not None else DraftMeta()
    width, height = meta.width, meta.height
    div = math.gcd(width, height) or 1
    return CanvasConfig(width=width, height=height, aspect_ratio=f"{width // div}:{height // div}")
