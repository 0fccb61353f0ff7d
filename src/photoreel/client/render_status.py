"""Reading a render's status from any of the three shapes the hosted service has used.

PROTOCOL.md ("Export"): status at the top level with `output.url`; the same
inside `data`; or `data.outputUrl` with `createdAt`/`completedAt`. This reads
status, progress, the file's URL and the error from whichever is there, and
names the status values the way the protocol does.
"""

from __future__ import annotations

from typing import Any

from photoreel.protocol.api import RenderOutput, RenderStatus, RenderStatusName

_STATUS_WORDS: dict[str, RenderStatusName] = {
    "pending": "pending",
    "queued": "pending",
    "waiting": "pending",
    "submitted": "pending",
    "processing": "processing",
    "running": "processing",
    "rendering": "processing",
    "in_progress": "processing",
    "completed": "completed",
    "complete": "completed",
    "done": "completed",
    "success": "completed",
    "succeeded": "completed",
    "finished": "completed",
    "failed": "failed",
    "failure": "failed",
    "error": "failed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}

TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


def _first(mapping: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = mapping.get(key)
        if value not in (None, ""):
            return value
    return None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_render_status(body: Any, render_id: str) -> RenderStatus:
    """A `RenderStatus` from an answer of any documented shape (envelope or not)."""
    merged: dict[str, Any] = {}
    if isinstance(body, dict):
        merged.update({k: v for k, v in body.items() if k not in ("code", "message", "data")})
        if isinstance(body.get("data"), dict):
            merged.update(body["data"])
    word = str(merged.get("status") or "pending").strip().lower().replace(" ", "_")
    status = _STATUS_WORDS.get(word, "processing")
    output = merged.get("output") if isinstance(merged.get("output"), dict) else {}
    url = _first(output, "url") or _first(merged, "outputUrl", "output_url", "url", "downloadUrl")
    progress = _number(merged.get("progress"))
    if progress is None:
        progress = 100.0 if status == "completed" else 0.0
    error = merged.get("error")
    if isinstance(error, dict):
        error = error.get("message") or str(error)
    return RenderStatus(
        render_id=str(_first(merged, "render_id", "renderId", "id") or render_id),
        status=status,
        progress=min(100.0, max(0.0, progress)),
        output=RenderOutput(
            url=url,
            duration=_number(_first(output, "duration") or merged.get("duration")),
            size=int(size)
            if (size := _number(_first(output, "size") or merged.get("size")))
            else None,
        ),
        outputUrl=url,
        error=str(error) if error else None,
        createdAt=_first(merged, "createdAt", "created_at"),
        completedAt=_first(merged, "completedAt", "completed_at"),
    )


def output_url(status: RenderStatus) -> str | None:
    """Where the finished file is, from whichever field carries it."""
    return (status.output.url if status.output else None) or status.output_url
