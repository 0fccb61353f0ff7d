"""Moving files: upload progress counted as bytes leave, downloads that resume.

A download is written to `<dest>.part` and renamed onto `dest` only when it is
whole, so a half-written video never sits under the name a person asked for.
When a download is interrupted, the `.part` file stays; the next attempt (in
this run or a later one) asks for the rest with an HTTP `Range` header and
appends. A server that ignores `Range` answers 200 and the file starts over.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import httpx

from photoreel.client.errors import (
    CannotWrite,
    DownloadFailed,
    PhotoreelError,
    envelope_code,
    error_from_answer,
)
from photoreel.client.retries import Transient, transient_answer

# (sent, total): bytes done so far and the whole size (None when the server does not say).
ByteProgress = Callable[[int, int | None], None]

DOWNLOAD_ATTEMPTS = 3


class ProgressReader:
    """A file opened for upload that reports each read, so progress is bytes actually sent.

    httpx's multipart encoder reads the file in chunks as it writes the request
    body, and asks for its size (`fileno`, `seek`/`tell`) to set Content-Length.
    """

    def __init__(self, handle: IO[bytes], total: int, on_read: ByteProgress | None) -> None:
        self._handle = handle
        self._total = total
        self._on_read = on_read
        self.sent = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self.sent += len(chunk)
        if self._on_read is not None and chunk:
            self._on_read(self.sent, self._total)
        return chunk

    def fileno(self) -> int:
        return self._handle.fileno()

    def seek(self, offset: int, whence: int = 0) -> int:
        if offset == 0 and whence == 0:
            self.sent = 0  # httpx rewinds before (re)sending the body
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()


_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")
_UNSATISFIED_RANGE = re.compile(r"bytes\s+\*/(\d+)")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def part_path(dest: Path) -> Path:
    """Where the unfinished download of `dest` is kept."""
    return dest.with_name(dest.name + ".part")


def _total_of(response: httpx.Response, start: int) -> int | None:
    if response.status_code == 206:
        found = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
        if found and found.group(3) != "*":
            return int(found.group(3))
    length = response.headers.get("content-length")
    return start + int(length) if length and length.isdigit() else None


async def _attempt(
    http: httpx.AsyncClient,
    url: str,
    part: Path,
    on_progress: ByteProgress | None,
    headers: dict[str, str],
) -> int | None:
    """One GET that appends to `part`. Returns the whole size when known."""
    have = _size(part)
    request_headers = dict(headers)
    if have:
        request_headers["Range"] = f"bytes={have}-"
    async with http.stream("GET", url, headers=request_headers) as response:
        if response.status_code == 416 and have:
            # The .part may already hold everything; otherwise it is stale: start over.
            found = _UNSATISFIED_RANGE.match(response.headers.get("content-range", ""))
            if found and int(found.group(1)) == have:
                return have
            _remove(part)
            return await _attempt(http, url, part, on_progress, headers)
        if (failure := transient_answer(response)) is not None:
            raise failure  # a proxy's 502/503/504: another try may get the file
        if "json" in response.headers.get("content-type", ""):
            # the hosted service answers errors with HTTP 200: an envelope is not the video
            await response.aread()
            try:
                answer: Any = response.json()
            except ValueError:
                answer = None
            if envelope_code(answer) not in (None, 0) or response.status_code >= 400:
                raise error_from_answer(
                    response.status_code, answer, retry_after=response.headers.get("retry-after")
                )
            raise DownloadFailed(f"{url} answered JSON, not the video.")
        if response.status_code not in (200, 206):
            await response.aread()
            try:
                body: Any = response.json()
            except ValueError:
                body = None
            raise error_from_answer(
                response.status_code, body, retry_after=response.headers.get("retry-after")
            )
        if response.status_code == 206:
            found = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
            if not found or int(found.group(1)) != have:
                raise DownloadFailed(
                    "The server resumed the download at the wrong place; try again."
                )
            mode = "ab"
        else:
            have, mode = 0, "wb"  # the server sent the whole file: start over
        total = _total_of(response, have)
        if on_progress is not None:
            on_progress(have, total)
        with part.open(mode) as out:
            async for chunk in response.aiter_bytes():  # as received: an error loses nothing
                out.write(chunk)
                have += len(chunk)
                if on_progress is not None:
                    on_progress(have, total)
            out.flush()
            os.fsync(out.fileno())
    return total


async def download_file(
    http: httpx.AsyncClient,
    url: str,
    dest: Path,
    on_progress: ByteProgress | None = None,
    *,
    headers: dict[str, str] | None = None,
    expected_size: int | None = None,
) -> Path:
    """Fetch `url` into `dest` atomically, resuming from `<dest>.part` if one is there.

    Interruptions are retried (resuming each time) up to `DOWNLOAD_ATTEMPTS`
    times; after that `DownloadFailed` is raised and the `.part` file is kept,
    so a later call carries on where this one stopped. A destination that cannot be
    written (a file where a folder should be, read-only, a full disk) raises
    `CannotWrite`; the render stays on the backend.
    """
    try:
        return await _download(http, url, dest, on_progress, headers, expected_size)
    except OSError as exc:
        raise CannotWrite(
            dest,
            exc.strerror or str(exc),
            then="The video is kept on the backend: run `photoreel export` in a folder you "
            "can write to and it is saved there.",
        ) from None


async def _download(
    http: httpx.AsyncClient,
    url: str,
    dest: Path,
    on_progress: ByteProgress | None,
    headers: dict[str, str] | None,
    expected_size: int | None,
) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(dest)
    last_error: Exception | None = None
    for attempt in range(DOWNLOAD_ATTEMPTS):
        try:
            total = await _attempt(http, url, part, on_progress, headers or {})
        except PhotoreelError:
            raise
        except Transient as exc:
            last_error = exc
            await asyncio.sleep(0.5 * 2**attempt)
            continue
        except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
            last_error = exc
            continue
        size = part.stat().st_size
        want = total if total is not None else expected_size
        if want is not None and size != want:
            if size > want:
                part.unlink()  # more than the whole file: the .part belonged to something else
            last_error = DownloadFailed(f"got {size} of {want} bytes")
            continue
        os.replace(part, dest)
        return dest
    raise DownloadFailed(
        f"The download of {dest.name} was interrupted ({last_error}). The part already "
        f"fetched is kept in {part.name}; run the export again to finish it."
    )
