"""Answers as the hosted service's documents describe them, and how the server names itself.

PROTOCOL.md ("What a client must tolerate") lists answers the hosted service
has given in one documented version or another. The settings `minimal_answers`,
`epoch_times`, `bare_rows` and `submit_shape` (docs/SERVER.md; `--hosted-like`
turns the first three on) make this server give them, so that a client meets
each on a real socket. None changes what is stored, only how it is answered.

`foreign_draft` writes a draft the way a service that shares only the documented
outer keys might: segment keys no public document names (PROTOCOL.md).

`NamesItself` is how every photoreel server puts its kind on every answer, which
is how a client tells it from the hosted service.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_MEDIA_KEYS = ("cdn_url", "file_type", "duration", "width", "height")


def epoch_ms(ts: float | None) -> int | None:
    return None if ts is None else round(ts * 1000)


def token_answer(data: dict[str, Any]) -> dict[str, Any]:
    """`minimal_answers`: the newest documented token answer."""
    return {"token": data["token"], "credits": data.get("credits")}


def session_answer(data: dict[str, Any]) -> dict[str, Any]:
    """`minimal_answers`: the newest documented session answer."""
    return {"task_id": data["task_id"], "session_id": data["session_id"]}


def bare_state(state: dict[str, Any]) -> dict[str, Any]:
    """`bare_rows`: state rows without the keys photoreel adds or no document names."""
    rows = [{k: row.get(k) for k in _MEDIA_KEYS} for row in state.get("video_infos") or []]
    made = [
        {"id": row.get("render_id"), "status": row.get("status"), "url": row.get("url")}
        for row in state.get("generated_media") or []
    ]
    return {**state, "video_infos": rows, "generated_media": made}


FOREIGN_SANDBOX = "/mnt/sandbox/uploads"


def foreign_draft(draft: dict[str, Any] | None, names: dict[str, str]) -> dict[str, Any] | None:
    """`foreign_drafts`: the same timeline in other segment keys. A track whose segments sit
    end to end from 0 gives no start (else `start`); a length is `duration`; media are
    named by a path in the service's sandbox (`names`: media id -> file name), not by id;
    volume is `vol` in percent; the video track is named in `m.name`. The outer keys
    (`t`, `tt`, `sg`, `d`, `m`) are the documented ones."""
    if not draft:
        return draft
    tracks = []
    for track in draft.get("t") or []:
        segments = list(track.get("sg") or [])
        contiguous, cursor = True, 0
        for seg in segments:
            contiguous = contiguous and seg.get("s", 0) == cursor
            cursor = seg.get("s", 0) + seg["d"]
        out = []
        for seg in segments:
            meta = dict(seg.get("m") or {})
            if "src" in meta:
                src = meta.pop("src")
                meta.pop("name", None)
                meta["path"] = f"{FOREIGN_SANDBOX}/{names.get(src, src)}"
            if "volume" in meta:
                meta["vol"] = round(meta.pop("volume") * 100)
            foreign = {"duration": seg["d"], "m": meta}
            if not contiguous:
                foreign["start"] = seg.get("s", 0)
            out.append(foreign)
        meta = dict(track.get("m") or {})
        if track.get("tt", 0) == 0 and not meta.get("name"):
            meta["name"] = "Main"
        tracks.append({"tt": track.get("tt", 0), "m": meta, "sg": out})
    return {"d": draft.get("d"), "m": draft.get("m") or {}, "t": tracks}


def success_submit(fields: dict[str, Any]) -> dict[str, Any]:
    """`submit_shape` success: the reference version's submit answer."""
    data = {"id": fields["render_id"], "status": fields["status"], "progress": fields["progress"]}
    return {"success": True, "data": data}


class NamesItself:
    """ASGI middleware putting `X-Photoreel-Server: <kind>` and `X-Photoreel-Poll-Seconds`
    on every answer: how a client tells photoreel's server from the hosted service (which
    never sends them) without calling an endpoint the hosted service does not have."""

    def __init__(self, app: ASGIApp, kind: str, poll_seconds: float) -> None:
        self.app = app
        self.headers = [
            (b"x-photoreel-server", kind.encode()),
            (b"x-photoreel-poll-seconds", f"{poll_seconds:g}".encode()),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def named(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        await self.app(scope, receive, named)
