"""The agent's memory of a conversation lives in the store: several steps of undo, "put it
back" after a removal, and "that one" after a question, on a real server, across a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from chat_helpers import chat
from server_helpers import bearer, get_token, new_session, start_server, upload_photos


def _state(http: httpx.Client, token: str, sid: str) -> dict[str, Any]:
    body: dict[str, Any] = http.get(
        f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)
    ).json()
    assert body["code"] == 0, body
    return body["data"]


def _names(state: dict[str, Any]) -> list[str]:
    return [s["m"]["name"] for s in state["state"]["draft"]["t"][0]["sg"]]


def test_go_back_two_steps_moves_two_versions(tmp_path: Path, sample_photos: list[Path]) -> None:
    with start_server(tmp_path) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        upload_photos(http, token, sid, sample_photos[:3])
        chat(http, token, sid, "make a video")
        chat(http, token, sid, "make it vertical")
        chat(http, token, sid, "add a title 'Hi'")
        turn = chat(http, token, sid, "go back two steps")
        assert turn.final["actions"]["stateDelta"] == {"draft_version": 1}
        assert "Undid the last 2 changes" in turn.final_text
        draft = _state(http, token, sid)["state"]["draft"]
        assert (draft["m"]["width"], draft["m"]["height"]) == (1920, 1080)
        assert len(draft["t"]) == 1  # no title track
        turn = chat(http, token, sid, "redo twice")
        assert turn.final["actions"]["stateDelta"] == {"draft_version": 3}


def test_what_was_removed_comes_back_after_a_restart(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    data = tmp_path / "data"
    with start_server(tmp_path / "a", data_dir=data) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        upload_photos(http, token, sid, sample_photos[:3])
        chat(http, token, sid, "make a video")
        before = _names(_state(http, token, sid))
        chat(http, token, sid, "remove the second photo")
        assert len(_names(_state(http, token, sid))) == 2
        chat(http, token, sid, "what's the first photo?")
    with start_server(tmp_path / "b", data_dir=data) as server, server.client() as http:
        headers = bearer(token)
        assert http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=headers).status_code
        turn = chat(http, token, sid, "oops put it back")
        assert "Put back" in turn.final_text
        assert _names(_state(http, token, sid)) == before
