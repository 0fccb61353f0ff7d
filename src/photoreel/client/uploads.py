"""Uploads: files (one request each, with progress) and URLs, into a session."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import httpx

from photoreel.client.errors import (
    BackendError,
    FileTooLarge,
    PhotoreelError,
    UnreadableFile,
    UnsupportedFile,
)
from photoreel.client.sessions import SessionCalls
from photoreel.client.transfer import ProgressReader
from photoreel.protocol.api import UploadedFile, UploadResult, UrlUpload
from photoreel.protocol.errors import ErrorCode
from photoreel.protocol.events import AGENT_NAME
from photoreel.protocol.formats import MAX_UPLOAD_BYTES, kind_for_extension

# (path, bytes sent, file size): called as each file's bytes leave.
UploadProgress = Callable[[Path, int, int], None]

UPLOAD_TIMEOUT = httpx.Timeout(120.0, connect=10.0)


def _readable_files(paths: Iterable[Path | str]) -> list[tuple[Path, int]]:
    """Each path with its size; `UnreadableFile` for the first one that cannot be read."""
    out = []
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadableFile(path, exc.strerror or str(exc)) from None
        if not path.is_file() or not os.access(path, os.R_OK):
            raise UnreadableFile(path, "not a readable file")
        out.append((path, size))
    return out


def _open_binary(path: Path) -> BinaryIO:
    return path.open("rb")


def upload_error(row: UploadedFile) -> PhotoreelError | None:
    """The typed error for a failed row of an upload result, or None if it succeeded."""
    if row.code == 0:
        return None
    if row.code == ErrorCode.UNSUPPORTED_FILE:
        return UnsupportedFile(row.filename, row.message or "")
    if row.code == ErrorCode.FILE_TOO_LARGE:
        return FileTooLarge(row.filename)
    return BackendError(f"{row.filename}: {row.message or 'upload failed'}", code=row.code)


class UploadCalls(SessionCalls):
    """Upload calls of `PhotoreelClient`."""

    def _local_refusal(self, path: Path, size: int) -> UploadedFile | None:
        """Refuse before sending what the protocol says the backend would refuse."""
        if kind_for_extension(path.name) is None:
            # the row keeps the reason only: `upload_error` builds the sentence around it
            reason = "its extension is not one photoreel reads"
            return UploadedFile(
                filename=path.name, code=int(ErrorCode.UNSUPPORTED_FILE), message=reason
            )
        if size > MAX_UPLOAD_BYTES:
            error = FileTooLarge(path.name, size=size)
            return UploadedFile(filename=path.name, code=int(error.code), message=error.message)
        return None

    async def _upload_one(
        self, sid: str, path: Path, on_progress: UploadProgress | None
    ) -> UploadResult:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with _open_binary(path) as handle:
            size = os.fstat(handle.fileno()).st_size

            def report(sent: int, total: int | None) -> None:
                if on_progress is not None:
                    on_progress(path, sent, total or size)

            def build() -> dict[str, Any]:
                handle.seek(0)
                reader = ProgressReader(handle, size, report)
                return {"files": [("files", (path.name, reader, mime))]}

            data = await self._data(
                "POST",
                f"/api/upload-video/{AGENT_NAME}/me/{sid}",
                build=build,
                filename=path.name,
                session_id=sid,
                limits=UPLOAD_TIMEOUT,
            )
        return UploadResult.model_validate(data)

    async def upload(
        self,
        session_id: str,
        paths: Iterable[Path | str],
        on_progress: UploadProgress | None = None,
    ) -> UploadResult:
        """Upload files, one request each so progress and failures are per file.

        Every file is checked first: one that is missing or unreadable raises
        `UnreadableFile` before anything is sent. A file the backend refuses
        (format 4001, size 4002) gets a row with its `code` and `message` and
        the others are still uploaded; when every file is refused, the first
        one's typed error is raised (`upload_error` turns a row into one).
        """
        files = _readable_files(paths)
        rows: list[UploadedFile] = []
        findings: str | None = None  # the last answer's: it covers the whole session
        for path, size in files:
            if refused := self._local_refusal(path, size):
                rows.append(refused)
                continue
            send = partial(self._upload_one, path=path, on_progress=on_progress)
            try:
                _, result = await self._in_live_session(session_id, send)
            except (UnsupportedFile, FileTooLarge) as exc:
                # a 4001 row keeps the bare reason, as `_local_refusal` does
                message = exc.reason if isinstance(exc, UnsupportedFile) else exc.message
                rows.append(UploadedFile(filename=path.name, code=int(exc.code), message=message))
                continue
            rows.extend(result.files)
            findings = result.findings
        if rows and all(row.code for row in rows):
            raise upload_error(rows[0]) or BackendError("Every upload failed.")
        return UploadResult(files=rows, session_state_applied=True, findings=findings)

    async def upload_urls(self, session_id: str, urls: list[str]) -> UploadResult:
        """Have the backend fetch media from URLs into the session."""
        body = UrlUpload(urls=urls).model_dump(mode="json")

        async def send(sid: str) -> Any:
            return await self._data(
                "POST",
                f"/api/upload-video/{AGENT_NAME}/me/{sid}",
                build=lambda: {"json": body},
                session_id=sid,
                limits=UPLOAD_TIMEOUT,
            )

        _, data = await self._in_live_session(session_id, send)
        return UploadResult.model_validate(data)
