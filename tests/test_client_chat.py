"""Chat turns against a real server: typed events, silent turns, drops, slow turns, limits."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from client_helpers import client_for
from photoreel.client import (
    ChatError,
    NoCredits,
    PhotoreelClient,
    Recovering,
    SessionReplaced,
    StillWorking,
    TextDelta,
    TextFinal,
    ToolCall,
    ToolResult,
    TurnComplete,
)
from server_helpers import RunningServer, start_server
from stream_cut import cut_streams

INSTRUCTION = "turn my photos into a 15-second video with smooth transitions"


async def _turn(client: PhotoreelClient, sid: str, text: str = INSTRUCTION) -> list[Any]:
    return [event async for event in client.chat(sid, text)]


async def _session_with_photos(client: PhotoreelClient, photos: list[Path]) -> str:
    sid = (await client.new_session()).session_id
    await client.upload(sid, photos)
    return sid


async def test_a_turn_streams_text_edits_and_ends_with_the_change(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(shared_server, tmp_path / "config") as client:
        sid = await _session_with_photos(client, sample_photos[:3])
        events = await _turn(client, sid)
        state = await client.state(sid)
    kinds = [type(e) for e in events]
    assert TextDelta in kinds and ToolCall in kinds and ToolResult in kinds
    finals = [e for e in events if isinstance(e, TextFinal)]
    deltas = [e for e in events if isinstance(e, TextDelta)]
    assert finals and deltas[-1].text == finals[-1].text  # the chunks add up to the message
    done = events[-1]
    assert isinstance(done, TurnComplete)
    assert done.changed and not done.reply_from_client and not done.recovered
    assert done.reply == finals[-1].text
    assert "Length 15s" in done.changes
    assert done.summary.startswith("Timeline (1 track): 1. Video: ")
    assert done.summary.endswith("(0-15s)")
    assert done.version == state.version


async def test_a_turn_without_text_gets_a_reply_written_from_the_draft(
    hosted_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    """The hosted-like server streams no text for edit turns, as the hosted service often does."""
    async with client_for(hosted_server, tmp_path / "config") as client:
        sid = await _session_with_photos(client, sample_photos[:3])
        events = await _turn(client, sid)
    assert not [e for e in events if isinstance(e, TextDelta | TextFinal)]
    done = events[-1]
    assert isinstance(done, TurnComplete) and done.changed and done.reply_from_client
    assert done.reply.startswith("Done. Length 15s; ")
    assert done.reply.endswith(done.summary)
    names = ", ".join(p.name for p in sample_photos[:3])
    assert f"Added Video: {names} (0-15s)" in done.changes


async def test_a_dropped_stream_is_learned_from_the_state_not_resent(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    with start_server(tmp_path) as server, cut_streams(server, after=2) as proxy:
        async with client_for(proxy, tmp_path / "config") as client:
            sid = await _session_with_photos(client, sample_photos[:3])
            before = await client.state(sid)
            events = await _turn(client, sid)
            after = await client.state(sid)
    done = events[-1]
    assert isinstance(done, TurnComplete) and done.recovered and done.changed
    assert "Length 15s" in done.changes
    assert after.version == before.version + 1  # one turn ran: the instruction was not resent


async def test_a_dropped_stream_before_any_change_says_so(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    # "status" changes nothing, so when the stream drops at once there is nothing to learn:
    # the client reads the state for as long as it was told to wait, then says so.
    with start_server(tmp_path) as server, cut_streams(server, after=0) as proxy:
        config = tmp_path / "config"
        async with client_for(proxy, config, recover_for=2.0, recover_every=0.5) as client:
            sid = await _session_with_photos(client, sample_photos[:1])
            before = await client.state(sid)
            events = await _turn(client, sid, "what does the timeline look like")
            after = await client.state(sid)
    *waiting, last = events
    assert waiting and all(isinstance(e, Recovering) for e in waiting)
    assert [e.waited for e in waiting] == sorted(e.waited for e in waiting)
    assert all(e.waited < 2.0 and e.limit == 2.0 for e in waiting)
    assert isinstance(last, ChatError) and last.code == "connection_lost"
    assert last.message == (
        "The connection to the backend dropped mid-turn and the timeline did not change in "
        'the 2 s photoreel waited. The instruction was not sent again: check with "status" '
        "in a while, or send it again."
    )
    assert after.version == before.version


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Every turn waits a second before it runs, with pings flowing meanwhile."""
    with start_server(tmp_path_factory.mktemp("slow"), turn_delay=1.0, heartbeat=0.2) as server:
        yield server


async def test_a_slow_turn_says_it_is_still_working(
    slow_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(slow_server, tmp_path / "config", still_working_after=0.4) as client:
        sid = await _session_with_photos(client, sample_photos[:2])
        events = await _turn(client, sid)
    nudges = [e for e in events if isinstance(e, StillWorking)]
    assert nudges and nudges[0].silent_for >= 0.4
    # one nudge per 0.4 s of silence, however long a loaded machine makes the turn
    gaps = [b.silent_for - a.silent_for for a, b in itertools.pairwise(nudges)]
    assert all(gap >= 0.3 for gap in gaps), [n.silent_for for n in nudges]
    assert isinstance(events[-1], TurnComplete) and events[-1].changed


async def test_a_turn_over_the_time_limit_is_stopped(
    slow_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    async with client_for(slow_server, tmp_path / "config", turn_limit=0.4) as client:
        sid = await _session_with_photos(client, sample_photos[:1])
        events = await _turn(client, sid)
    assert isinstance(events[-1], ChatError) and events[-1].code == "turn_timeout"


async def test_a_turn_on_a_lost_session_goes_to_a_new_one(
    hosted_server: RunningServer, tmp_path: Path
) -> None:
    async with client_for(hosted_server, tmp_path / "config") as client:
        events = await _turn(client, "31337", "status")
        assert isinstance(events[0], SessionReplaced)
        assert events[0].old_session_id == "31337"
        assert client.session_id("31337") == events[0].new_session_id
    assert isinstance(events[-1], TurnComplete) and not events[-1].changed


async def test_no_credits_for_a_turn_is_an_error_with_the_bind_link(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    with start_server(tmp_path, credits=0, hosted_like=True) as server:
        async with client_for(server, tmp_path / "config") as client:
            sid = await _session_with_photos(client, sample_photos[:1])
            with pytest.raises(NoCredits) as caught:
                await _turn(client, sid)
            # the hosted service's newest token answer names no user: the client id stands in
            user = client.user_id or client.client_id
    assert caught.value.code == 2001
    assert caught.value.link == f"https://nemovideo.com/register?bind={user}"
    assert caught.value.link in caught.value.message
