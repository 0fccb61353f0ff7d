"""Shared fixtures: where the sample photos are, and small helpers every test layer uses."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_MEDIA = ROOT.parent / "shared" / "media"


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's config (the app's theme and keymap, the
    client's projects): each gets its own config dir unless it passes one."""
    monkeypatch.setenv("PHOTOREEL_CONFIG_DIR", str(tmp_path / "user-config"))


@pytest.fixture(scope="session")
def sample_photos() -> list[Path]:
    """The real sample photos from ../shared/media (PNG and JPEG, a few hundred px)."""
    photos = sorted(p for p in SHARED_MEDIA.iterdir() if p.suffix.lower() in {".png", ".jpg"})
    assert len(photos) >= 3, f"expected sample photos in {SHARED_MEDIA}"
    return photos


@pytest.fixture
def http(server):  # type: ignore[no-untyped-def]
    """An HTTP client of the module's own `server` fixture (each server test module
    starts the server with the settings it needs)."""
    with server.client() as client:
        yield client


@pytest.fixture
def photoreel_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real `photoreel serve` on a free loopback port with a temporary data dir.

    For settings (credits, token TTL, hosted-like answers ...) or a Unix socket, use
    `server_helpers.start_server(tmp_path, **settings)` directly.
    """
    from server_helpers import start_server

    with start_server(tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def hosted_like_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One server answering the way the hosted service does (`--hosted-like`): enveloped
    errors with HTTP 200, edit turns without text, `data.outputUrl` status, ADK errors."""
    from server_helpers import start_server

    with start_server(tmp_path_factory.mktemp("hosted"), hosted_like=True) as server:
        yield server


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One default-settings server (Unix socket, URL uploads from loopback allowed) for
    tests that need nothing special; each test keeps its own user by its own config dir."""
    from server_helpers import start_server

    with start_server(
        tmp_path_factory.mktemp("shared-server"), uds=True, allow_private_urls=True
    ) as server:
        yield server


@pytest.fixture(scope="session")
def hosted_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One server answering the way the hosted service does (errors with HTTP 200, the
    outputUrl status shape, text-less edit turns), polled every 0.5 s to keep tests quick."""
    from server_helpers import start_server

    with start_server(
        tmp_path_factory.mktemp("hosted-server"), hosted_like=True, poll_interval=0.5
    ) as server:
        yield server
