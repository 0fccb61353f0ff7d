"""Per-job keys to the server's media: what a worker shows to download a chunk's files.

A worker is not a user: it holds no user token and sees no session. Each
render the server sends to the cluster gets a fresh random key that opens
exactly the files that render uses, for as long as the render runs; the
server forgets it when the render ends, however it ends (and a restarted
server knows none), so a key copied from a task is worthless afterwards.
Keys are kept as their sha256, like user tokens.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from pathlib import Path

KEY_PREFIX = "prj_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


class JobCredentials:
    """The live job keys of one server and the files each one opens (thread-safe)."""

    def __init__(self) -> None:
        self._files: dict[str, dict[str, Path]] = {}
        self._lock = threading.Lock()

    def issue(self, files: dict[str, Path]) -> str:
        """A new key opening `files` (sha256 of the content -> the stored file)."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with self._lock:
            self._files[_digest(key)] = dict(files)
        return key

    def revoke(self, key: str) -> None:
        with self._lock:
            self._files.pop(_digest(key), None)

    def known(self, key: str) -> bool:
        with self._lock:
            return _digest(key) in self._files

    def file(self, key: str, sha256: str) -> Path | None:
        """The stored file with content `sha256`, if `key` is live and opens it."""
        with self._lock:
            files = self._files.get(_digest(key))
        return None if files is None else files.get(sha256)
