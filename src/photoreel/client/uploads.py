"""Uploads: files (one request each, with progress) and URLs, into a session.

An upload changes the session, so after a passing failure it is sent again
only when the service surely did not take it (the connection never opened, or
a 503), or when the session's state does not list the file (`_arrived`).
"""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import httpx

from photoreel.client.errors import (
    AnswerUnreadable,
    BackendError,
    BackendUnavailable,
    FileTooLarge,
    PhotoreelError,
    UnreadableFile,
    UnsupportedFile,
)
from photoreel.client.retries import not_taken
from photoreel.client.sessions import SessionCalls
from photoreel.client.transfer import ProgressReader
from photoreel.protocol.answers import UploadAnswer, UploadRow
from photoreel.protocol.api import UrlUpload
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


def _digests(path: Path) -> set[str]:
    """The file's sha256 and md5 in hex: how a service's `hash` of an upload may be made."""
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            md5.update(chunk)
    return {sha.hexdigest(), md5.hexdigest()}


def _open_binary(path: Path) -> BinaryIO:
    return path.open("rb")


def upload_error(row: UploadRow) -> PhotoreelError | None:
    """The typed error for a failed row of an upload result, or None if it succeeded."""
    if row.code == 0:
        return None
    name = row.filename or "A file"
    if row.code == ErrorCode.UNSUPPORTED_FILE:
        return UnsupportedFile(name, row.message or "")
    if row.code == ErrorCode.FILE_TOO_LARGE:
        return FileTooLarge(name)
    return BackendError(f"{name}: {row.message or 'upload failed'}", code=row.code)


class UploadCalls(SessionCalls):
    """Upload calls of `PhotoreelClient`."""

    def _local_refusal(self, path: Path, size: int) -> UploadRow | None:
        """Refuse before sending what the protocol says the backend would refuse."""
        if kind_for_extension(path.name) is None:
            # the row keeps the reason only: `upload_error` builds the sentence around it
            reason = "its extension is not one photoreel reads"
            return UploadRow(
                filename=path.name, code=int(ErrorCode.UNSUPPORTED_FILE), message=reason
            )
        if size > MAX_UPLOAD_BYTES:
            error = FileTooLarge(path.name, size=size)
            return UploadRow(filename=path.name, code=int(error.code), message=error.message)
        return None

    async def _upload_one(
        self, sid: str, path: Path, on_progress: UploadProgress | None, language: str | None
    ) -> UploadAnswer:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with _open_binary(path) as handle:
            size = os.fstat(handle.fileno()).st_size

            def report(sent: int, total: int | None) -> None:
                if on_progress is not None:
                    on_progress(path, sent, total or size)

            def build() -> dict[str, Any]:
                handle.seek(0)
                reader = ProgressReader(handle, size, report)
                asked = {"params": {"language": language}} if language else {}
                return {"files": [("files", (path.name, reader, mime))], **asked}

            data = await self._data(
                "POST",
                f"/api/upload-video/{AGENT_NAME}/me/{sid}",
                build=build,
                filename=path.name,
                session_id=sid,
                limits=UPLOAD_TIMEOUT,
                again=not_taken,
            )
        return self._upload_answer(data, path.name)

    def _upload_answer(self, data: Any, name: str) -> UploadAnswer:
        answer = self._read(UploadAnswer, data, "the upload")
        if not answer.files:
            raise AnswerUnreadable(f"{self._who} answered the upload of {name} without `files`.")
        return answer

    async def _arrived(self, sid: str, path: Path) -> UploadAnswer | None:
        """After an upload whose answer was lost: the file's row if the session's state now
        lists it. Rows with a `hash` are matched by content (sha256 or md5 of the file);
        without hashes, by file name."""
        rows = (await self.state(sid)).state.video_infos
        if any(row.hash for row in rows):
            digests = await asyncio.to_thread(_digests, path)
            found = [row for row in rows if (row.hash or "").lower() in digests]
        else:
            found = [row for row in rows if row.name == path.name]
        if not found:
            return None
        row = found[-1].model_dump()
        return UploadAnswer(files=[UploadRow.model_validate({**row, "filename": path.name})])

    async def _upload_surely(
        self,
        sid: str,
        path: Path,
        on_progress: UploadProgress | None,
        language: str | None = None,
    ) -> UploadAnswer:
        """Upload one file. After a passing failure the service may have acted on (502,
        504, a connection lost mid-answer), read the state: the file is sent again only if
        the session does not list it yet, so it is not stored twice."""
        for round_ in range(self.retry.attempts):
            try:
                return await self._upload_one(sid, path, on_progress, language)
            except BackendUnavailable as exc:
                failure = exc.failure
                if failure is None or not failure.sent or round_ + 1 == self.retry.attempts:
                    raise
                if (arrived := await self._arrived(sid, path)) is not None:
                    return arrived
                await asyncio.sleep(min(self.retry.wait_max, self.retry.wait_initial * 2**round_))
        raise AssertionError("unreachable")  # pragma: no cover

    async def upload(
        self,
        session_id: str,
        paths: Iterable[Path | str],
        on_progress: UploadProgress | None = None,
        *,
        language: str | None = None,
    ) -> UploadAnswer:
        """Upload files, one request each so progress and failures are per file.

        `language` ("zh", "en"; default: the session's) is the one photoreel's backend
        says its `findings` in: the person's, as `reply_language` tells it.

        Every file is checked first: one that is missing or unreadable raises
        `UnreadableFile` before anything is sent. A file the backend refuses
        (format 4001, size 4002) gets a row with its `code` and `message` and
        the others are still uploaded; when every file is refused, the first
        one's typed error is raised (`upload_error` turns a row into one).
        """
        files = _readable_files(paths)
        rows: list[UploadRow] = []
        findings: str | None = None  # the last answer's: it covers the whole session
        for path, size in files:
            if refused := self._local_refusal(path, size):
                rows.append(refused)
                continue
            send = partial(
                self._upload_surely, path=path, on_progress=on_progress, language=language
            )
            try:
                _, result = await self._in_live_session(session_id, send)
            except (UnsupportedFile, FileTooLarge) as exc:
                # a 4001 row keeps the bare reason, as `_local_refusal` does
                message = exc.reason if isinstance(exc, UnsupportedFile) else exc.message
                rows.append(UploadRow(filename=path.name, code=int(exc.code), message=message))
                continue
            rows.extend(
                row if row.filename else row.model_copy(update={"filename": path.name})
                for row in result.files
            )
            findings = result.findings
        if rows and all(row.code for row in rows):
            raise upload_error(rows[0]) or BackendError("Every upload failed.")
        return UploadAnswer(files=rows, session_state_applied=True, findings=findings)

    async def upload_urls(self, session_id: str, urls: list[str]) -> UploadAnswer:
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
        return self._upload_answer(data, ", ".join(urls))
