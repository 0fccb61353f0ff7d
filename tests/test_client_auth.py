"""Identity against a real server: tokens reused, renewed on 1001, 429 waited out once."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from client_helpers import client_for
from photoreel.client import RateLimited, SessionNotFound, TokenExpired
from server_helpers import RunningServer, start_server


def _cached_token(config: Path) -> str:
    tokens = json.loads((config / "tokens.json").read_text())
    (entry,) = tokens.values()
    return str(entry["token"])


async def test_the_token_is_cached_and_reused_across_runs(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    async with client_for(shared_server, config) as client:
        assert client.user_id.startswith("anon_")
        credits = await client.credits()
        assert credits.unlimited
        assert client.poll_interval == 1.0  # learned from /api/server/info
    first = _cached_token(config)
    async with client_for(shared_server, config) as client:
        await client.credits()
    assert _cached_token(config) == first
    assert (config / "tokens.json").stat().st_mode & 0o777 == 0o600


async def test_an_expired_token_is_renewed_and_the_call_retried(tmp_path: Path) -> None:
    config = tmp_path / "config"
    with start_server(tmp_path, token_ttl=1, token_rate_window=0) as server:
        async with client_for(server, config) as client:
            session = await client.new_session()
            first = _cached_token(config)
            # Once the token has expired, the next call meets 1001, and is sent again
            # with a new anonymous token.
            await asyncio.sleep(1.3)
            state = await client.state(session.session_id)
            assert state.session_id == session.session_id
            assert _cached_token(config) != first


async def test_a_given_token_that_is_refused_is_not_replaced(
    shared_server: RunningServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEMO_TOKEN", "not-a-real-token")
    async with client_for(shared_server, tmp_path / "config") as client:
        with pytest.raises(TokenExpired) as caught:
            await client.credits()
    assert caught.value.code == 1001
    assert "NEMO_TOKEN" in caught.value.message


async def test_a_rate_limit_is_waited_out_once_then_reported(tmp_path: Path) -> None:
    config = tmp_path / "config"
    with start_server(tmp_path, token_rate_window=60, retry_after=1) as server:
        async with client_for(server, config) as client:
            await client.credits()
        (config / "tokens.json").unlink()  # a lost cache: the same client id asks again
        started = time.monotonic()
        with pytest.raises(RateLimited) as caught:
            async with client_for(server, config):
                pass
        assert time.monotonic() - started >= 1.0  # one retry, after Retry-After (documented)
        assert caught.value.code == 429
        # The token call's 429 is the one-token-per-client-id rule: waiting cannot help, a
        # token can. No "try again in N s".
        client_id = (config / "client_id").read_text().strip()
        assert caught.value.message == (
            f"The backend at {server.url} gives one anonymous token per client id every 7 "
            f"days, and this client id ({client_id}) already has one that photoreel does not "
            "hold. Set NEMO_TOKEN to that token, or to one from your account, and run the "
            "command again."
        )


async def test_a_rate_limit_that_passes_is_retried_into_success(tmp_path: Path) -> None:
    config = tmp_path / "config"
    with start_server(tmp_path, token_rate_window=1, retry_after=1) as server:
        async with client_for(server, config) as client:
            await client.credits()
        (config / "tokens.json").unlink()
        async with client_for(server, config) as client:
            assert (await client.credits()).unlimited


async def test_an_unknown_session_is_session_not_found_even_with_http_200(
    hosted_server: RunningServer, tmp_path: Path
) -> None:
    async with client_for(hosted_server, tmp_path / "config") as client:
        assert client.hosted_like and client.poll_interval == 0.5  # as the server says
        with pytest.raises(SessionNotFound) as caught:
            await client.state("999999")
    assert caught.value.code == 1002
    assert "999999" in caught.value.message
