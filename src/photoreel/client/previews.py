"""Preview streams: the frames of photoreel's `GET /api/preview`, as they arrive.

The body is multipart (MJPEG over HTTP); python-multipart's streaming parser
cuts it into parts as bytes come in, so a frame reaches the player the moment
its last byte does, not when the whole preview is rendered.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from pydantic import ValidationError
from python_multipart.multipart import MultipartParser

from photoreel.client.errors import BackendError, NotOffered, PhotoreelError
from photoreel.client.sessions import SessionCalls
from photoreel.protocol.preview import (
    FRAME_INDEX_HEADER,
    FRAME_TIME_HEADER,
    PART_HEADER,
    PREVIEW_BOUNDARY,
    PreviewFrame,
    PreviewStart,
)

# Waiting for the first frame may take a render's start-up; a frame after that is quick.
PREVIEW_TIMEOUT = httpx.Timeout(10.0, read=60.0)

PreviewPart = PreviewStart | PreviewFrame


class _Parts:
    """Collects the parts python-multipart finds, as (headers, body) pairs."""

    def __init__(self) -> None:
        self.done: list[tuple[dict[str, str], bytes]] = []
        self._headers: dict[str, str] = {}
        self._field = b""
        self._value = b""
        self._body = bytearray()
        self.parser = MultipartParser(
            PREVIEW_BOUNDARY,
            callbacks={
                "on_part_begin": self._begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_part_data": self._data,
                "on_part_end": self._end,
            },
        )

    def _begin(self) -> None:
        self._headers, self._body = {}, bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field, self._value = b"", b""

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._body += data[start:end]

    def _end(self) -> None:
        self.done.append((self._headers, bytes(self._body)))

    def feed(self, chunk: bytes) -> list[tuple[dict[str, str], bytes]]:
        self.parser.write(chunk)
        found, self.done = self.done, []
        return found


def _read_part(headers: dict[str, str], body: bytes, label: str) -> PreviewPart:
    kind = headers.get("content-type", "")
    if kind.startswith("image/"):
        return PreviewFrame(
            index=int(headers.get(FRAME_INDEX_HEADER.lower(), "0")),
            time_ms=int(headers.get(FRAME_TIME_HEADER.lower(), "0")),
            jpeg=body,
        )
    data: Any = json.loads(body or b"{}")
    if headers.get(PART_HEADER.lower()) == "error":
        raise BackendError(
            f"The preview stopped: {data.get('message') or 'the render failed'}",
            code=int(data.get("code") or 5000),
        )
    try:
        return PreviewStart.model_validate(data)
    except ValidationError:
        raise BackendError(f"{label} sent a preview this app cannot read.") from None


class PreviewCalls(SessionCalls):
    """The preview stream (photoreel's servers only)."""

    async def preview(
        self, session_id: str, *, height: int = 480, fps: int = 12
    ) -> AsyncIterator[PreviewPart]:
        """The session's current draft rendered small, as it is rendered: a `PreviewStart`,
        then each `PreviewFrame` in order. Raises `NotOffered` from the hosted service,
        `BackendError` 4000 while the draft has no segment, `SessionNotFound`, and
        `BackendError` when the render stops. Leaving the loop early stops the render."""
        if self.hosted_like:
            raise NotOffered("The hosted service does not stream previews.")
        sid = self.session_id(session_id)
        params: dict[str, str | int] = {"session_id": sid, "height": height, "fps": fps}
        tried: set[str] = set()
        while True:
            request = self._client().build_request(
                "GET", "/api/preview", params=params, headers=self._auth(), timeout=PREVIEW_TIMEOUT
            )
            try:
                response = await self._client().send(request, stream=True)
            except httpx.TransportError as exc:
                raise self._unreachable(exc) from None
            try:
                if response.headers.get("content-type", "").startswith("multipart/"):
                    parts = _Parts()
                    async for chunk in response.aiter_bytes():
                        for headers, body in parts.feed(chunk):
                            yield _read_part(headers, body, self.backend.label)
                    return
                await response.aread()
                error = self._error(response, _json(response), None, sid)
            except httpx.TransportError as exc:
                raise self._unreachable(exc) from None
            finally:
                await response.aclose()
            if not await self._recover(error, tried):
                raise error

    def _unreachable(self, exc: httpx.TransportError) -> PhotoreelError:
        from photoreel.client.errors import BackendUnavailable

        return BackendUnavailable(
            f"The preview from {self.backend.label} broke off ({type(exc).__name__}). "
            "Press the preview key again."
        )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
