"""Receiving files: streamed to disk, checked by content, stored by content.

Starlette's `request.form()` spools every file part into a temporary file of
unbounded size before the route sees it, so a 5 GB part would fill the disk
before anyone could say "too large". Here python-multipart's streaming parser
is fed straight from the socket: each file part is written to a temporary file
in the data directory while its sha256 is computed, and the moment a part
passes the size limit its partial file is deleted and the rest of that part is
only counted, never stored. Other parts of the same request are still stored;
each file gets its own result row.

A received file is then probed by content (`engine.probe`, Pillow with its
decompression-bomb guard for images, ffmpeg for clips and audio); the name it
was sent under is only a label. Stored files are content-addressed, so the same
photo uploaded twice is one file on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import secrets
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from photoreel.protocol.errors import ErrorCode
from photoreel.protocol.formats import formats_hint
from photoreel.protocol.media import MediaInfo
from photoreel.server.analyses import analyse_blob
from photoreel.server.errors import bad_request, too_large_message
from photoreel.server.processes import record_engine_processes
from photoreel.server.settings import ServerSettings
from photoreel.server.store import MediaRow, Store

MAX_FILES_PER_REQUEST = 50
MAX_FIELD_BYTES = 64 * 1024
MAX_NAME_BYTES = 200
# Bytes of a request beyond which it is cut off instead of drained (a client that
# keeps sending after its files were refused).
DRAIN_ALLOWANCE = 64 * 1024 * 1024

# The format `probe` finds, per kind, and the documented extension it is stored under.
_STORED_EXTENSION: dict[tuple[str, str], str] = {
    ("image", "jpeg"): "jpg",
    ("image", "png"): "png",
    ("image", "gif"): "gif",
    ("image", "webp"): "webp",
    ("video", "mp4"): "mp4",
    ("video", "mkv"): "mkv",
    ("video", "webm"): "webm",
    ("video", "avi"): "avi",
    ("audio", "mp3"): "mp3",
    ("audio", "wav"): "wav",
    ("audio", "aac"): "aac",
    ("audio", "mp4"): "m4a",
}


@dataclass
class ReceivedFile:
    """One file part (or URL download) as it landed on disk, before it is checked."""

    name: str
    temp_path: Path | None = None
    size: int = 0
    sha256: str = ""
    code: int = 0
    message: str | None = None
    source_url: str | None = None


@dataclass
class FileOutcome:
    """What happened to one file: stored as `media`, or refused with `code`/`message`."""

    name: str
    media: MediaRow | None = None
    code: int = 0
    message: str | None = None


# What HTML forms (and httpx) percent-encode in a multipart file name: control
# characters and the double quote. Other %XX sequences are taken literally.
_FORM_ESCAPE = re.compile(r"%(0[0-9A-Fa-f]|1[0-9A-Fa-f]|22)")


def safe_name(raw: str, fallback: str = "file") -> str:
    """A display name: the last path component, no control characters, unicode kept.

    Names are labels only (files are stored under their hash), so this is about
    showing a name safely, not about where the file goes.
    """
    raw = _FORM_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw)
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").split("/")[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if not name:
        return fallback
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        stem = stem if dot else name
        budget = MAX_NAME_BYTES - len(ext.encode()) - 1
        stem = stem.encode("utf-8")[:budget].decode("utf-8", "ignore")
        name = f"{stem}.{ext}" if ext else stem
    return name


class _Sink:
    """Writes one file part to a temporary file, hashing as it goes, up to a limit."""

    def __init__(self, incoming: Path, name: str, limit: int) -> None:
        self.file = ReceivedFile(name=name)
        self.limit = limit
        self.path = incoming / f"{secrets.token_hex(12)}.part"
        self._hash = hashlib.sha256()
        self._out: IO[bytes] | None = self.path.open("xb")

    def write(self, data: bytes | memoryview) -> None:
        self.file.size += len(data)
        if self._out is None:
            return
        if self.file.size > self.limit:
            self.discard()
            self.file.code = ErrorCode.FILE_TOO_LARGE
            self.file.message = too_large_message(self.file.name, self.limit)
            return
        self._out.write(data)
        self._hash.update(data)

    def finish(self) -> ReceivedFile:
        if self._out is not None:
            self._out.close()
            self._out = None
            self.file.temp_path = self.path
            self.file.sha256 = self._hash.hexdigest()
        return self.file

    def discard(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


@dataclass
class _PartState:
    headers: dict[str, str] = field(default_factory=dict)
    header_name: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    sink: _Sink | None = None


async def receive_multipart(
    content_type: str, body: AsyncIterator[bytes], incoming: Path, limit: int
) -> list[ReceivedFile]:
    """Stream a multipart body to disk; one `ReceivedFile` per file part, in order.

    Non-file fields are ignored. Raises `ApiError` (4000) for a malformed body,
    too many files, or a request that keeps sending long after its files were
    refused (then partial files are removed).
    """
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise bad_request("Invalid multipart body: the Content-Type has no boundary.")
    files: list[ReceivedFile] = []
    sinks: list[_Sink] = []
    part = _PartState()

    def on_part_begin() -> None:
        part.headers.clear()
        part.sink = None

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part.header_name += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part.header_value += data[start:end]

    def on_header_end() -> None:
        name = part.header_name.decode("latin-1").strip().lower()
        part.headers[name] = part.header_value.decode("latin-1")
        part.header_name.clear()
        part.header_value.clear()

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(part.headers.get("content-disposition", ""))
        raw_name = disposition.get(b"filename")
        if raw_name is None:
            return  # a plain form field: nothing photoreel needs
        if len(sinks) >= MAX_FILES_PER_REQUEST:
            raise _TooManyFiles
        name = safe_name(raw_name.decode("utf-8", "replace"))
        part.sink = _Sink(incoming, name, limit)
        sinks.append(part.sink)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.sink is not None:
            part.sink.write(memoryview(data)[start:end])  # no copy of the chunk

    def on_part_end() -> None:
        if part.sink is not None:
            files.append(part.sink.finish())
            part.sink = None

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    cutoff = limit * MAX_FILES_PER_REQUEST + DRAIN_ALLOWANCE
    received = 0
    try:
        async for chunk in body:
            received += len(chunk)
            if received > cutoff:
                raise bad_request(
                    "The request is larger than any accepted upload; it was cut off. "
                    "Send files of at most "
                    f"{limit // (1024 * 1024)} MB, at most {MAX_FILES_PER_REQUEST} at a time."
                )
            parser.write(chunk)
        parser.finalize()
    except _TooManyFiles:
        _discard(sinks)
        raise bad_request(
            f"Too many files in one request: send at most {MAX_FILES_PER_REQUEST} at a time."
        ) from None
    except MultipartParseError as exc:
        _discard(sinks)
        raise bad_request(f"Invalid multipart body: {exc}.") from None
    except BaseException:
        _discard(sinks)  # a refused request or a client that went away: nothing stays
        raise
    if part.sink is not None:  # the body ended inside a file part
        _discard(sinks)
        raise bad_request("Invalid multipart body: it ended in the middle of a file.")
    return files


class _TooManyFiles(Exception):
    pass


def _discard(sinks: list[_Sink]) -> None:
    for sink in sinks:
        sink.discard()


def _check(received: ReceivedFile, settings: ServerSettings) -> MediaInfo | tuple[int, str]:
    """Probe by content, then decode as a render will: the media's facts, or (code,
    message) for a refused file. Whatever this accepts, the engine renders."""
    from photoreel.engine import MediaError, probe  # loaded after start-up: see warmup.py
    from photoreel.engine.verify import DecodeLimits, verify

    record_engine_processes()

    assert received.temp_path is not None
    try:
        info = probe(received.temp_path)
    except MediaError as exc:
        return exc.code, exc.message
    if (info.kind, info.format) not in _STORED_EXTENSION:
        return (
            ErrorCode.UNSUPPORTED_FILE,
            f"{received.name}: {info.format} {info.kind} files are not supported. "
            + formats_hint(),
        )
    try:
        limits = DecodeLimits(
            max_photo_pixels=settings.max_photo_pixels,
            max_animation_frames=settings.max_animation_frames,
            seconds=settings.decode_seconds,
        )
        verify(received.temp_path, info, limits)
    except MediaError as exc:
        return exc.code, exc.message
    return info


def _named(message: str, name: str, temp_name: str) -> str:
    """Probe messages name the temporary file; a person should see their own name."""
    return message.replace(temp_name, name)


async def store_received(
    store: Store, session_id: int, received: ReceivedFile, settings: ServerSettings
) -> FileOutcome:
    """Check one received file and, if it is good media, keep it in the session."""
    try:
        if received.code or received.temp_path is None:
            return FileOutcome(received.name, code=received.code, message=received.message)
        info = await asyncio.to_thread(_check, received, settings)
        if isinstance(info, tuple):
            code, message = info
            message = _named(message, received.name, received.temp_path.name)
            if formats_hint() not in message and code == ErrorCode.UNSUPPORTED_FILE:
                message = f"{message}. {formats_hint()}"
            return FileOutcome(received.name, code=code, message=message)
        blob = store.blob(received.sha256)
        if blob is None:
            ext = _STORED_EXTENSION[(info.kind, info.format)]
            relative = Path("media") / received.sha256[:2] / f"{received.sha256}.{ext}"
            target = store.data_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(received.temp_path, target)
            try:
                blob = store.add_blob(received.sha256, str(relative), received.size, info)
            except BaseException:
                if store.blob(received.sha256) is None:  # no row will ever name the file
                    target.unlink(missing_ok=True)
                raise
        await analyse_blob(store, blob)
        media = store.add_media(session_id, blob.hash, received.name, received.source_url)
        return FileOutcome(received.name, media=media)
    finally:
        if received.temp_path is not None:
            with contextlib.suppress(FileNotFoundError):
                received.temp_path.unlink()
