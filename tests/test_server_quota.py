"""Credits hold on a shared server: a client id costs nothing to make, so `--credits` is
the budget of all users together and each user gets a share of it."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from server_helpers import bearer, get_token, new_session, start_server


def _token(http: httpx.Client, client_id: str) -> dict:
    answer = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id}).json()
    assert answer["code"] == 0, answer
    return answer["data"]


def test_new_client_ids_share_the_budget_and_mint_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ids = [str(uuid.uuid4()) for _ in range(6)]
    with (
        start_server(tmp_path, data_dir=data, credits=10, credits_per_user=4) as server,
        server.client() as http,
    ):
        granted = [_token(http, client_id)["credits"] for client_id in ids]
        assert granted == [4, 4, 2, 0, 0, 0]  # 6 client ids: still 10 credits in all
        assert _token(http, ids[0])["credits"] == 4  # a renewed token mints nothing
        broke = _token(http, ids[5])["token"]
        sid = new_session(http, broke)
        turn = http.post(
            "/run_sse",
            json={"session_id": sid, "new_message": {"parts": [{"text": "make it 5 s"}]}},
            headers=bearer(broke),
        )
        assert turn.status_code == 402 and turn.json()["code"] == 2001
    # The owner raises the budget: shares not granted yet are granted, up to it.
    with (
        start_server(tmp_path, data_dir=data, credits=14, credits_per_user=4) as server,
        server.client() as http,
    ):
        balances = [
            http.get(
                "/api/credits/balance/simple", headers=bearer(_token(http, c)["token"])
            ).json()["data"]["available"]
            for c in ids
        ]
        assert balances == [4, 4, 4, 2, 0, 0]


def test_one_user_may_spend_the_whole_budget_by_default(tmp_path: Path) -> None:
    with start_server(tmp_path, credits=3) as server, server.client() as http:
        first, second = get_token(http), get_token(http)
        assert [
            http.get("/api/credits/balance/simple", headers=bearer(t)).json()["data"]["available"]
            for t in (first, second)
        ] == [3, 0]
