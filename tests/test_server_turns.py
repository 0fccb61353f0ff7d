"""Chat turns that edit the draft, on a real server with the real agent: versions, undo,
credits, silent turns, dropped connections, and many sessions at once."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from chat_helpers import Turn, chat, run_body
from server_helpers import (
    RunningServer,
    bearer,
    get_token,
    new_session,
    start_server,
    upload_photos,
)
from stream_cut import cut_streams
from test_server_render import ffmpeg_facts, small_draft

MAKE = "turn my photos into a 15-second video with smooth transitions"


def _project(http: httpx.Client, photos: list[Path]) -> tuple[str, str, list[str]]:
    token = get_token(http)
    sid = new_session(http, token)
    return token, sid, upload_photos(http, token, sid, photos)


def _state(http: httpx.Client, token: str, sid: str) -> dict[str, Any]:
    body: dict[str, Any] = http.get(
        f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)
    ).json()
    assert body["code"] == 0, body
    return body["data"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("turns")) as running:
        yield running


def test_an_edit_is_streamed_as_tool_calls_and_saved_as_a_version(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token, sid, media = _project(http, sample_photos[:3])
    turn = chat(http, token, sid, MAKE)
    calls, responses = turn.calls(), turn.responses()
    assert [c["name"] for c in calls] == ["make_video"]
    assert [(r["id"], r["name"]) for r in responses] == [(calls[0]["id"], "make_video")]
    tool_result_events = [e for e in turn.events if "functionResponse" in str(e.get("content"))]
    assert tool_result_events[0]["content"]["role"] == "user"
    final = turn.final
    assert final["turnComplete"] is True
    assert final["actions"]["stateDelta"] == {"draft_version": 1}
    assert turn.final_text.startswith("Made a 15 s video from 3 photos")
    assert turn.partial_text == turn.final_text

    state = _state(http, token, sid)
    assert state["version"] == 1
    draft = state["state"]["draft"]
    assert draft["d"] == 15_000
    segments = draft["t"][0]["sg"]
    assert [s["m"]["src"] for s in segments] == media
    assert state["state"]["canvas_config"]["aspect_ratio"] == "16:9"


def test_undo_and_redo_move_through_history_and_versions_are_never_reused(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token, sid, _ = _project(http, sample_photos[:3])

    def version_after(text: str) -> tuple[int, int]:
        chat(http, token, sid, text)
        state = _state(http, token, sid)
        return state["version"], state["state"]["draft"]["d"]

    assert version_after(MAKE) == (1, 15_000)
    assert version_after("make it 10 seconds") == (2, 10_000)
    assert version_after("undo") == (1, 15_000)
    assert version_after("redo") == (2, 10_000)
    assert version_after("undo") == (1, 15_000)
    # An edit after an undo drops the redo step and gets a new number, never 2 again.
    assert version_after("make it 12 seconds") == (3, 12_000)
    turn = chat(http, token, sid, "redo")
    assert "stateDelta" not in turn.final["actions"] or not turn.final["actions"]["stateDelta"]
    assert _state(http, token, sid)["version"] == 3


def test_undo_of_the_first_draft_goes_back_to_the_empty_timeline_and_redo_returns_it(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token, sid, _ = _project(http, sample_photos[:3])
    fresh = _state(http, token, sid)
    made = chat(http, token, sid, MAKE)
    assert made.final["actions"]["stateDelta"] == {"draft_version": 1}
    first = _state(http, token, sid)
    assert (first["version"], first["state"]["draft"]["d"]) == (1, 15_000)

    undo = chat(http, token, sid, "undo")
    assert undo.final["actions"]["stateDelta"] == {"draft_version": 0}
    assert "the timeline is empty again" in undo.final_text
    assert _state(http, token, sid) == fresh  # exactly what a brand-new session shows

    redo = chat(http, token, sid, "redo")
    assert redo.final["actions"]["stateDelta"] == {"draft_version": 1}
    assert _state(http, token, sid) == first  # same draft, same version number
    assert chat(http, token, sid, "undo").final["actions"]["stateDelta"] == {"draft_version": 0}
    # A new edit from the empty timeline drops the redo step and gets a new number.
    chat(http, token, sid, "make a 5 second video")
    assert _state(http, token, sid)["version"] == 2
    assert "nothing to redo" in chat(http, token, sid, "redo").final_text


def test_undo_in_a_session_that_never_had_a_draft_says_so(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token, sid, _ = _project(http, sample_photos[:3])
    turn = chat(http, token, sid, "undo")
    assert turn.final_text.startswith("There is nothing to undo yet.")
    assert not turn.final["actions"].get("stateDelta")
    assert _state(http, token, sid)["version"] == 0


def test_edits_cost_a_credit_and_questions_are_free(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    with start_server(tmp_path, credits=2) as server, server.client() as http:
        token, sid, _ = _project(http, sample_photos[:3])

        def available() -> int:
            body = http.get("/api/credits/balance/simple", headers=bearer(token)).json()
            return int(body["data"]["available"])

        chat(http, token, sid, "hello")
        assert available() == 2
        chat(http, token, sid, MAKE)
        assert available() == 1
        chat(http, token, sid, "make it 10 seconds")
        assert available() == 0
        refused = chat(http, token, sid, "make it 8 seconds")
        assert refused.status == 402
        assert refused.envelope == {
            "code": 2001,
            "message": "Not enough credits: this needs 1 and 0 are available.",
            "data": {"needed": 1, "available": 0},
        }
        assert _state(http, token, sid)["state"]["draft"]["d"] == 10_000  # nothing half-done


def test_hosted_like_edit_turns_stream_no_text(
    hosted_like_server: RunningServer, sample_photos: list[Path]
) -> None:
    with hosted_like_server.client() as http:
        token, sid, _ = _project(http, sample_photos[:3])
        edit = chat(http, token, sid, MAKE)
        texts = [p for e in edit.events for p in (e.get("content") or {}).get("parts", [])
                 if "text" in p]  # fmt: skip
        assert texts == []
        assert edit.final["turnComplete"] is True
        assert edit.final["actions"]["stateDelta"] == {"draft_version": 1}
        assert [c["name"] for c in edit.calls()] == ["make_video"]
        question = chat(http, token, sid, "hello")
        assert question.final_text.startswith("Hi!")


def test_a_routed_word_is_named_in_custom_metadata(
    http: httpx.Client, sample_photos: list[Path]
) -> None:
    token, sid, _ = _project(http, sample_photos[:2])
    chat(http, token, sid, MAKE)
    turn = chat(http, token, sid, "export")
    assert turn.final["customMetadata"]["route"] == "export"


def test_a_turn_whose_stream_drops_is_still_saved(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    with (
        start_server(tmp_path) as server,
        cut_streams(server, after=1) as proxy,
        proxy.client() as http,
    ):
        token, sid, _ = _project(http, sample_photos[:3])
        with pytest.raises(httpx.RemoteProtocolError):
            chat(http, token, sid, MAKE)
        state = _state(http, token, sid)
        assert state["version"] == 1 and state["state"]["draft"]["d"] == 15_000
        assert "Traceback" not in server.stderr()  # a drop on purpose is not an error


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """Every turn takes a second before it runs, with a ping every 0.2 s."""
    with start_server(tmp_path_factory.mktemp("slow"), turn_delay=1.0, heartbeat=0.2) as running:
        yield running


def test_long_turns_send_ping_heartbeats(slow_server: RunningServer) -> None:
    with slow_server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        started = time.monotonic()
        turn = chat(http, token, sid, "hello")
        assert time.monotonic() - started >= 1.0
        assert turn.pings_before_first_event >= 3
        assert turn.final["turnComplete"] is True


def test_a_client_that_hangs_up_mid_turn_loses_nothing(
    slow_server: RunningServer, sample_photos: list[Path]
) -> None:
    with slow_server.client() as http:
        token, sid, _ = _project(http, sample_photos[:3])
        with http.stream(
            "POST", "/run_sse", json=run_body(sid, MAKE), headers=bearer(token)
        ) as answer:
            for line in answer.iter_lines():
                assert line == ": ping"
                break  # hang up while the turn is still working
        deadline = time.monotonic() + 10
        while _state(http, token, sid)["version"] != 1:
            assert time.monotonic() < deadline, "the turn was lost with the connection"
            time.sleep(0.1)
        assert _state(http, token, sid)["state"]["draft"]["d"] == 15_000


async def _session(http: httpx.AsyncClient, photos: list[Path]) -> tuple[str, str, list[str]]:
    token_answer = await http.post(
        "/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}
    )
    token = token_answer.json()["data"]["token"]
    created = await http.post("/api/tasks/me/with-session/nemo_agent", headers=bearer(token))
    sid = created.json()["data"]["session_id"]
    uploaded = await http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in photos],
        headers=bearer(token),
    )
    return token, sid, [r["media_id"] for r in uploaded.json()["data"]["files"]]


async def _chat(http: httpx.AsyncClient, token: str, sid: str, text: str) -> Turn:
    turn = Turn(status=0)
    async with http.stream(
        "POST", "/run_sse", json=run_body(sid, text), headers=bearer(token)
    ) as a:
        turn.status = a.status_code
        async for line in a.aiter_lines():
            if line.startswith("data: "):
                turn.events.append(json.loads(line[6:]))
    return turn


async def _render(
    http: httpx.AsyncClient, token: str, sid: str, media: list[str], render_id: str
) -> dict[str, Any]:
    submitted = await http.post(
        "/api/render/proxy/lambda",
        json={"id": render_id, "sessionId": sid, "draft": small_draft(media),
              "output": {"format": "mp4", "quality": "draft"}},
        headers=bearer(token),
    )  # fmt: skip
    assert submitted.json()["code"] == 0, submitted.json()
    while True:
        body: dict[str, Any] = (
            await http.get(f"/api/render/proxy/lambda/{render_id}", headers=bearer(token))
        ).json()
        if body["status"] in ("completed", "failed", "cancelled"):
            return body
        await asyncio.sleep(0.1)


def test_twenty_sessions_chatting_and_three_renders_at_once(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    photos = sample_photos[:3]

    async def scenario(server: RunningServer) -> None:
        async with server.async_client(timeout=120) as http:
            projects = await asyncio.gather(*(_session(http, photos) for _ in range(20)))
            renders = [
                _render(http, token, sid, media, f"render_load_{i}")
                for i, (token, sid, media) in enumerate(projects[:3])
            ]
            chats = [_chat(http, token, sid, MAKE) for token, sid, _ in projects]
            results = await asyncio.gather(*renders, *chats)
            rendered, turns = results[:3], results[3:]
            for turn in turns:
                assert isinstance(turn, Turn)
                assert turn.status == 200 and turn.events[-1]["turnComplete"] is True
                assert turn.events[-1]["actions"]["stateDelta"] == {"draft_version": 1}
            for token, sid, media in projects:
                state = (
                    await http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token))
                ).json()["data"]
                assert state["version"] == 1
                srcs = [s["m"]["src"] for s in state["state"]["draft"]["t"][0]["sg"]]
                assert srcs == media  # each session edited with its own files only
            for i, body in enumerate(rendered):
                assert isinstance(body, dict)
                assert body["status"] == "completed", body
                token = projects[i][0]
                video = await http.get(body["output"]["url"], headers=bearer(token))
                out = tmp_path / f"load-{i}.mp4"
                out.write_bytes(video.content)
                assert ffmpeg_facts(out)[1:] == (320, 180, pytest.approx(2.0, abs=0.05))

    with start_server(tmp_path) as server:
        asyncio.run(scenario(server))
