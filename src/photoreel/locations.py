"""Where photoreel keeps its files. One place, so every layer agrees.

Each directory can be moved with an environment variable (tests point them at
a temporary directory so a run never touches the user's real files):
`PHOTOREEL_DATA_DIR`, `PHOTOREEL_CONFIG_DIR`, `PHOTOREEL_CACHE_DIR`,
`PHOTOREEL_RUNTIME_DIR`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import platformdirs

APP = "photoreel"


def _dir(env: str, default: str, mode: int = 0o700) -> Path:
    path = Path(os.environ.get(env) or default).expanduser()
    path.mkdir(parents=True, exist_ok=True, mode=mode)
    return path


def data_dir() -> Path:
    """The local backend's store: SQLite database, media and renders."""
    return _dir("PHOTOREEL_DATA_DIR", platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    """The client's identity: client id and cached token (files mode 0600)."""
    return _dir("PHOTOREEL_CONFIG_DIR", platformdirs.user_config_dir(APP))


def cache_dir() -> Path:
    """Throw-away files: thumbnails, normalised photos."""
    return _dir("PHOTOREEL_CACHE_DIR", platformdirs.user_cache_dir(APP))


class UnsafeDirectory(RuntimeError):
    """A folder photoreel must keep private is not ours; the message says what to do."""


def runtime_dir() -> Path:
    """Private sockets of the embedded backend; 0700 so other users cannot connect.

    Without `PHOTOREEL_RUNTIME_DIR` or `XDG_RUNTIME_DIR` the folder is
    `photoreel-<uid>` in the shared temporary folder, where any local user could
    have made it first (and would then own the sockets' folder). So it is used only
    if it is a real folder owned by this user; otherwise `UnsafeDirectory` says so.
    """
    base = os.environ.get("PHOTOREEL_RUNTIME_DIR")
    shared = False
    if not base:
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        shared = not xdg
        base = (
            str(Path(xdg) / APP)
            if xdg
            else str(Path(tempfile.gettempdir()) / f"{APP}-{os.getuid()}")
        )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _check_private(path, shared)
    return path


def _check_private(path: Path, shared: bool) -> None:
    """Refuse a folder that another user owns (or, in a shared folder, a symlink); make
    one of ours 0700."""
    fix = (
        "remove it, or set PHOTOREEL_RUNTIME_DIR (or XDG_RUNTIME_DIR) to a folder only you "
        "can open."
    )
    info = path.lstat()
    if shared and stat.S_ISLNK(info.st_mode):
        raise UnsafeDirectory(
            f"{path} is a symbolic link, not a folder photoreel made; it will not put its "
            f"private socket there: {fix}"
        )
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeDirectory(f"{path} is not a folder; {fix}")
    if info.st_uid != os.getuid():
        raise UnsafeDirectory(
            f"{path} belongs to another user (uid {info.st_uid}, you are {os.getuid()}); "
            f"photoreel will not put its private socket there: {fix}"
        )
    if info.st_mode & 0o077:
        path.chmod(0o700)
