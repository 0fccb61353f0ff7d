"""/run_sse against a real server: ADK-shaped events, heartbeats, errors before the stream."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from chat_helpers import chat, run_body
from server_helpers import RunningServer, bearer, get_token, new_session, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("chat")) as running:
        yield running


def test_a_turn_streams_adk_events_and_ends_with_turn_complete(http: httpx.Client) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    turn = chat(http, token, sid, "hello")
    assert turn.status == 200
    assert turn.other_lines == []  # only `data:` frames (and pings): no `event:` names
    assert len(turn.events) >= 2
    assert {e["author"] for e in turn.events} == {"nemo_agent"}
    assert len({e["invocationId"] for e in turn.events}) == 1
    assert all(e["partial"] for e in turn.events[:-1])
    final = turn.final
    assert final["turnComplete"] is True and final["partial"] is False
    assert final["content"]["role"] == "model"
    assert turn.final_text and turn.partial_text == turn.final_text
    assert "actions" in final


def test_camel_case_bodies_are_accepted(http: httpx.Client) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    body = {
        "appName": "nemo_agent",
        "userId": "me",
        "sessionId": sid,
        "newMessage": {"role": "user", "parts": [{"text": "hello"}]},
        "streaming": True,
    }
    turn = chat(http, token, sid, "", body=body)
    assert turn.status == 200 and turn.final["turnComplete"] is True


def test_unknown_and_foreign_sessions_answer_1002_before_the_stream(http: httpx.Client) -> None:
    owner, stranger = get_token(http), get_token(http)
    sid = new_session(http, owner)
    for token, session in ((stranger, sid), (owner, "424242")):
        turn = chat(http, token, session, "hello")
        assert turn.status == 404
        assert turn.envelope == {
            "code": 1002,
            "message": f"Session {session} not found for this token. Create a new session "
            "(POST /api/tasks/me/with-session/nemo_agent).",
            "data": None,
        }


def test_bad_bodies_name_what_is_wrong(http: httpx.Client) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    no_text = chat(http, token, sid, "   ")
    assert no_text.status == 400
    assert no_text.envelope == {
        "code": 4000,
        "message": "The message has no text: put the instruction in new_message.parts[].text.",
        "data": None,
    }
    no_session = http.post(
        "/run_sse", json={"new_message": {"parts": [{"text": "x"}]}}, headers=bearer(token)
    )
    assert no_session.json() == {
        "code": 4000,
        "message": "Invalid request: sessionId: Field required",
        "data": None,
    }
    assert http.post("/run_sse", json=run_body(sid, "x")).json()["code"] == 1001


def test_hosted_like_adk_errors(hosted_like_server: RunningServer) -> None:
    with hosted_like_server.client() as http:
        token = get_token(http)
        unknown = http.post("/run_sse", json=run_body("777", "hello"), headers=bearer(token))
        assert unknown.status_code == 404
        assert unknown.json() == {"detail": "Session not found"}
        invalid = http.post("/run_sse", json={"session_id": "1"}, headers=bearer(token))
        assert invalid.status_code == 422
        assert invalid.json()["detail"][0]["loc"] == ["newMessage"]
