"""What the client keeps on disk (identity, tokens, remembered renders) and how it downloads."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from photoreel.client.errors import DownloadFailed
from photoreel.client.identity import CachedToken, IdentityStore
from photoreel.client.renders import PendingRender, PendingRenders
from photoreel.client.transfer import download_file, part_path
from range_server import RangeServerState, range_server


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_client_id_is_made_once_and_kept_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEMO_CLIENT_ID", raising=False)
    store = IdentityStore(tmp_path)
    first = store.client_id()
    assert len(first) == 36 and first.count("-") == 4
    assert IdentityStore(tmp_path).client_id() == first
    assert _mode(tmp_path / "client_id") == 0o600
    monkeypatch.setenv("NEMO_CLIENT_ID", "given-id")
    assert IdentityStore(tmp_path).client_id() == "given-id"


def test_tokens_are_cached_per_backend_until_they_expire(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path)
    later = datetime.now(UTC) + timedelta(days=7)
    store.save_token(
        "http://a", CachedToken(token=SecretStr("tok-a"), user_id="anon_1", expires_at=later)
    )
    store.save_token(
        "http://b",
        CachedToken(
            token=SecretStr("tok-b"),
            user_id="anon_2",
            expires_at=datetime.now(UTC) + timedelta(seconds=30),
        ),
    )
    assert _mode(tmp_path / "tokens.json") == 0o600
    cached = IdentityStore(tmp_path).load_token("http://a")
    assert cached is not None and cached.token.get_secret_value() == "tok-a"
    assert "tok-a" not in repr(cached) and "tok-a" not in str(cached)
    # Within a minute of its expiry a token counts as expired: a new one is asked for.
    assert store.load_token("http://b") is None
    assert store.load_token("http://c") is None
    store.forget_token("http://a")
    assert store.load_token("http://a") is None


def test_a_damaged_token_file_reads_as_empty(tmp_path: Path) -> None:
    (tmp_path / "tokens.json").write_text("{not json")
    assert IdentityStore(tmp_path).load_token("http://a") is None


def test_pending_renders_survive_a_restart_and_are_forgotten_once_done(tmp_path: Path) -> None:
    PendingRenders(tmp_path).remember(
        PendingRender(render_id="render_1", session_id="7", backend="k", dest="/tmp/x.mp4")
    )
    PendingRenders(tmp_path).remember(
        PendingRender(render_id="render_2", session_id="7", backend="other")
    )
    again = PendingRenders(tmp_path)
    assert [r.render_id for r in again.all("k")] == ["render_1"]
    assert again.get("render_1") is not None and again.get("render_1").dest == "/tmp/x.mp4"
    assert _mode(tmp_path / "renders.json") == 0o600
    again.forget("render_1")
    assert PendingRenders(tmp_path).all("k") == []
    assert [r.render_id for r in PendingRenders(tmp_path).all()] == ["render_2"]


# -- downloads against a loopback Range server --------------------------------------

PAYLOAD = os.urandom(700_000)


async def test_an_interrupted_download_resumes_where_it_stopped(tmp_path: Path) -> None:
    state = RangeServerState(payload=PAYLOAD, cut_after=[300_000])
    dest = tmp_path / "out.mp4"
    seen: list[tuple[int, int | None]] = []
    with range_server(state) as url:
        async with httpx.AsyncClient() as http:
            path = await download_file(http, url, dest, lambda s, t: seen.append((s, t)))
    assert path == dest and dest.read_bytes() == PAYLOAD
    assert not part_path(dest).exists()
    assert state.ranges_seen == [None, "bytes=300000-"]
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))


async def test_a_part_file_from_an_earlier_run_is_continued(tmp_path: Path) -> None:
    dest = tmp_path / "out.mp4"
    part_path(dest).write_bytes(PAYLOAD[:123_456])
    state = RangeServerState(payload=PAYLOAD)
    with range_server(state) as url:
        async with httpx.AsyncClient() as http:
            await download_file(http, url, dest)
    assert state.ranges_seen == ["bytes=123456-"]
    assert dest.read_bytes() == PAYLOAD


async def test_a_server_without_range_starts_over(tmp_path: Path) -> None:
    dest = tmp_path / "out.mp4"
    part_path(dest).write_bytes(b"stale bytes from something else")
    state = RangeServerState(payload=PAYLOAD, honour_range=False)
    with range_server(state) as url:
        async with httpx.AsyncClient() as http:
            await download_file(http, url, dest)
    assert dest.read_bytes() == PAYLOAD


async def test_a_complete_part_file_is_only_renamed(tmp_path: Path) -> None:
    dest = tmp_path / "out.mp4"
    part_path(dest).write_bytes(PAYLOAD)
    state = RangeServerState(payload=PAYLOAD)
    with range_server(state) as url:
        async with httpx.AsyncClient() as http:
            await download_file(http, url, dest)
    assert state.ranges_seen == [f"bytes={len(PAYLOAD)}-"]
    assert dest.read_bytes() == PAYLOAD


async def test_a_download_that_keeps_breaking_fails_and_keeps_its_part(tmp_path: Path) -> None:
    state = RangeServerState(payload=PAYLOAD, cut_after=[100_000, 100_000, 100_000])
    dest = tmp_path / "out.mp4"
    with range_server(state) as url:
        async with httpx.AsyncClient() as http:
            with pytest.raises(DownloadFailed) as caught:
                await download_file(http, url, dest)
    assert not dest.exists()
    assert part_path(dest).stat().st_size == 300_000
    assert "out.mp4.part" in caught.value.message
