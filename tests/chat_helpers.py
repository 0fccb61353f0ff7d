"""Reading a real /run_sse stream the way a client does: frames, pings, events."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from server_helpers import bearer


@dataclass
class Turn:
    """What one /run_sse answer carried, line by line."""

    status: int
    events: list[dict[str, Any]] = field(default_factory=list)
    pings_before_first_event: int = 0
    other_lines: list[str] = field(default_factory=list)
    envelope: dict[str, Any] | None = None

    @property
    def final(self) -> dict[str, Any]:
        return self.events[-1]

    @property
    def partial_text(self) -> str:
        return "".join(
            p.get("text", "")
            for e in self.events
            if e.get("partial")
            for p in (e.get("content") or {}).get("parts", [])
        )

    @property
    def final_text(self) -> str:
        parts = (self.final.get("content") or {}).get("parts", [])
        return "".join(p.get("text", "") for p in parts)

    def calls(self) -> list[dict[str, Any]]:
        return [
            p["functionCall"]
            for e in self.events
            for p in (e.get("content") or {}).get("parts", [])
            if "functionCall" in p
        ]

    def responses(self) -> list[dict[str, Any]]:
        return [
            p["functionResponse"]
            for e in self.events
            for p in (e.get("content") or {}).get("parts", [])
            if "functionResponse" in p
        ]


def run_body(session_id: str, text: str) -> dict[str, Any]:
    return {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": text}]},
        "streaming": True,
    }


def chat(
    http: httpx.Client, token: str, session_id: str, text: str, body: dict[str, Any] | None = None
) -> Turn:
    """Send one instruction and read the whole stream."""
    headers = {**bearer(token), "Accept": "text/event-stream"}
    with http.stream(
        "POST", "/run_sse", json=body or run_body(session_id, text), headers=headers
    ) as answer:
        turn = Turn(status=answer.status_code)
        if not answer.headers.get("content-type", "").startswith("text/event-stream"):
            answer.read()
            turn.envelope = answer.json()
            return turn
        for line in answer.iter_lines():
            if line.startswith("data: "):
                turn.events.append(json.loads(line[len("data: ") :]))
            elif line == ": ping":
                if not turn.events:
                    turn.pings_before_first_event += 1
            elif line:
                turn.other_lines.append(line)
    return turn
