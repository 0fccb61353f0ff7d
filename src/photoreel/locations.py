"""Where photoreel keeps its files. One place, so every layer agrees.

Each directory can be moved with an environment variable (tests point them at
a temporary directory so a run never touches the user's real files):
`PHOTOREEL_DATA_DIR`, `PHOTOREEL_CONFIG_DIR`, `PHOTOREEL_CACHE_DIR`,
`PHOTOREEL_RUNTIME_DIR`.
"""

from __future__ import annotations

import os
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


def runtime_dir() -> Path:
    """Private sockets of the embedded backend; 0700 so other users cannot connect."""
    base = os.environ.get("PHOTOREEL_RUNTIME_DIR")
    if not base:
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        base = (
            str(Path(xdg) / APP)
            if xdg
            else str(Path(tempfile.gettempdir()) / f"{APP}-{os.getuid()}")
        )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path
