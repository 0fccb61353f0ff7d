"""The render status body, in the shapes the hosted service has documented.

The documents show three shapes: status at the top level with `output.url`;
the same inside `data`; and `data.outputUrl` with `createdAt`/`completedAt`.
photoreel answers with one body that satisfies all three at once (`combined`);
`--status-shape` makes the server answer with exactly one of them, so a client
can be tested against each.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from photoreel.protocol.api import StatusShape
from photoreel.server.hosted import epoch_ms
from photoreel.server.store import RenderRow
from photoreel.server.views import iso, render_url


def _fields(
    request: Request, row: RenderRow, progress: float, *, epoch: bool = False
) -> dict[str, Any]:
    url = render_url(request, row.id) if row.status == "completed" else None
    when = epoch_ms if epoch else iso
    return {
        "render_id": row.id,
        "status": row.status,
        "progress": round(progress, 1),
        "output": {"url": url, "duration": row.duration, "size": row.size} if url else None,
        "outputUrl": url,
        "error": row.error,
        "createdAt": when(row.created_at),
        "completedAt": when(row.completed_at),
    }


def _only(fields: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: fields[name] for name in names}


def status_body(
    request: Request, row: RenderRow, progress: float, shape: StatusShape, *, epoch_ms: bool = False
) -> dict[str, Any]:
    """`epoch_ms`: times as epoch milliseconds (`--hosted-variants epoch-ms`), not ISO text."""
    fields = _fields(request, row, progress, epoch=epoch_ms)
    ok = {"code": 0, "message": "success"}
    if shape == "top":
        return _only(fields, "render_id", "status", "progress", "output", "error")
    if shape == "data":
        return {**ok, "data": _only(fields, "render_id", "status", "progress", "output", "error")}
    if shape == "output_url":
        return {
            **ok,
            "data": _only(
                fields, "render_id", "status", "progress", "outputUrl", "createdAt",
                "completedAt", "error",
            ),
        }  # fmt: skip
    return {**ok, **fields, "data": dict(fields)}


def submitted_body(
    request: Request, row: RenderRow, progress: float, shape: StatusShape
) -> dict[str, Any]:
    """The submit answer is documented as `data.render_id/status/progress` in every shape."""
    if shape == "combined":
        return status_body(request, row, progress, "combined")
    return status_body(request, row, progress, "data")
