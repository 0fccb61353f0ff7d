"""Leases: how an embedded backend knows whether any app still uses it.

Each app that uses the backend writes a file named after its process id (plus a
random suffix, so one process may hold several) into the lease directory and
removes it when it quits. The backend exits once no lease
names a living process and no render is queued or running, so a backend
shared by two apps outlives the first to quit, a render finishes after its app
quit, and a crashed app does not leave a backend behind for long.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from photoreel.server.processes import process_alive


def take(lease_dir: Path) -> Path:
    lease_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = lease_dir / f"{os.getpid()}.{secrets.token_hex(4)}"
    path.write_text("")
    return path


def release(lease: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        lease.unlink()


def holders(lease_dir: Path) -> list[int]:
    """Process ids holding a lease; leases of dead processes are removed on the way."""
    if not lease_dir.is_dir():
        return []
    alive = []
    for path in lease_dir.iterdir():
        pid_text = path.name.split(".", 1)[0]
        if not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if process_alive(pid):
            alive.append(pid)
        else:
            release(path)
    return alive


def held(lease_dir: Path) -> bool:
    return bool(holders(lease_dir))
