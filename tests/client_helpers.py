"""Helpers for the client's tests: a `PhotoreelClient` pointed at a real test server."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from photoreel.client import Backend, PhotoreelClient


class Reachable(Protocol):
    """A test server, or a proxy in front of one (stream_cut.py)."""

    url: str
    uds: Path | None


def backend_of(server: Reachable, **kw: Any) -> Backend:
    """The `Backend` that reaches a test server (its Unix socket, or its TCP URL)."""
    return Backend(kind="remote", base_url=server.url, uds=server.uds, **kw)


def client_for(server: Reachable, config_dir: Path, **kw: Any) -> PhotoreelClient:
    """A client of `server` keeping its identity in `config_dir` (a tmp dir)."""
    backend_kw = {k: kw.pop(k) for k in ("poll_interval",) if k in kw}
    return PhotoreelClient(backend_of(server, **backend_kw), config_dir=config_dir, **kw)
