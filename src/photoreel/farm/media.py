"""A worker's copies of the media a chunk shows: a shared folder, a cache, or a download.

The server names each file by its content (sha256) and its place in the
server's data folder. A worker first looks in the shared folder it was given
(`photoreel worker --shared-data DIR`: the server's data folder as mounted on
this machine), then in its cache, and only then downloads the file from the
server with the job's key, checking its sha256 as it arrives. Downloads land
under a temporary name and are renamed into the cache when complete, so two
chunks on one machine never read a half file; the cache keeps the newest files
up to its size limit, so the next chunk of the same render finds its photos.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path

import httpx
from pydantic import BaseModel

from photoreel.engine.errors import RenderCancelled, RenderError

#: Bytes read from the network between cancel checks and hash updates.
READ_BYTES = 1 << 20
DOWNLOAD_TRIES = 3
DEFAULT_CACHE_MB = 4096


class MediaRef(BaseModel):
    """One file of a render as the server stores it."""

    sha256: str
    path: str  # relative to the server's data folder: media/ab/<sha256>.<ext>
    size: int
    name: str  # the file's name in the draft's session, for messages


class WorkerFiles(BaseModel):
    """Where this worker finds and keeps media."""

    cache: Path
    shared: Path | None = None
    cache_mb: int = DEFAULT_CACHE_MB
    work: Path | None = None  # where chunks are made (default: the system's temporary folder)


_settings: WorkerFiles | None = None
_lock = threading.Lock()


def configure(files: WorkerFiles) -> None:
    """Set this process's media places (`photoreel worker` does, before it joins)."""
    global _settings
    files.cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    _settings = files


def settings() -> WorkerFiles:
    """This process's media places; a worker started by `dask worker` gets the defaults."""
    global _settings
    with _lock:
        if _settings is None:
            from photoreel import locations

            configure(WorkerFiles(cache=locations.cache_dir() / "farm-media"))
        assert _settings is not None
        return _settings


def local_files(
    refs: Mapping[str, MediaRef],
    server: str,
    key: str,
    cancel: threading.Event | None = None,
) -> dict[str, Path]:
    """`src` -> a local file with the right content, for every file the chunk shows."""
    files = settings()
    found: dict[str, Path] = {}
    for src, ref in refs.items():
        found[src] = (
            _shared(files, ref) or _cached(files, ref) or _download(files, ref, server, key, cancel)
        )
    _trim_cache(files, keep=set(found.values()))
    return found


def _shared(files: WorkerFiles, ref: MediaRef) -> Path | None:
    if files.shared is None:
        return None
    path = files.shared / ref.path
    with contextlib.suppress(OSError):
        if path.is_file() and path.stat().st_size == ref.size:
            return path
    return None


def _cache_path(files: WorkerFiles, ref: MediaRef) -> Path:
    return files.cache / f"{ref.sha256}{Path(ref.path).suffix}"


def _cached(files: WorkerFiles, ref: MediaRef) -> Path | None:
    path = _cache_path(files, ref)
    try:
        if path.stat().st_size != ref.size:
            return None
        os.utime(path)  # recently used: the cache keeps it longer
    except OSError:
        return None
    return path


def _download(
    files: WorkerFiles, ref: MediaRef, server: str, key: str, cancel: threading.Event | None
) -> Path:
    url = f"{server.rstrip('/')}/api/farm/media/{ref.sha256}"
    target = _cache_path(files, ref)
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    why = ""
    try:
        for _ in range(DOWNLOAD_TRIES):
            try:
                _fetch(url, key, ref, part, cancel)
            except (httpx.TransportError, _BadDownload) as exc:
                why = str(exc) or type(exc).__name__
                continue
            os.replace(part, target)
            return target
    finally:
        part.unlink(missing_ok=True)
    raise RenderError(
        f"{ref.name}: this worker could not download it from {server} ({why}); "
        "check that the workers reach the server at that address (photoreel serve "
        "--advertise-url) or give them the server's data folder (photoreel worker --shared-data)"
    )


class _BadDownload(Exception):
    pass


def _fetch(url: str, key: str, ref: MediaRef, part: Path, cancel: threading.Event | None) -> None:
    digest = hashlib.sha256()
    headers = {"Authorization": f"Bearer {key}"}
    with (
        httpx.stream("GET", url, headers=headers, timeout=30.0) as answer,
        part.open("wb") as out,
    ):
        if answer.status_code != 200:
            answer.read()
            raise _BadDownload(f"HTTP {answer.status_code}: {_message(answer)}")
        for block in answer.iter_bytes(READ_BYTES):
            if cancel is not None and cancel.is_set():
                raise RenderCancelled()
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != ref.sha256:
        raise _BadDownload("the file that arrived is not the one the render uses")


def _message(answer: httpx.Response) -> str:
    try:
        return str(answer.json().get("message") or answer.text[:200])
    except ValueError:
        return answer.text[:200]


def _trim_cache(files: WorkerFiles, keep: set[Path]) -> None:
    """Remove the least recently used cached files beyond the cache's size."""
    limit = files.cache_mb * 1024 * 1024
    entries: list[tuple[float, int, Path]] = []
    for path in files.cache.iterdir():
        with contextlib.suppress(OSError):
            if not path.name.startswith("."):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        if path not in keep:
            path.unlink(missing_ok=True)
            total -= size
