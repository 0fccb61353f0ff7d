"""Reading what a backend sends: ADK frames, error answers, render status shapes, draft changes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from photoreel.client import (
    ChatError,
    ExportBlocked,
    FileTooLarge,
    Heartbeat,
    NoCredits,
    RateLimited,
    SessionNotFound,
    TextDelta,
    TextFinal,
    TokenExpired,
    ToolCall,
    ToolResult,
    UnsupportedFile,
    change_reply,
    describe_changes,
    read_render_answer,
)
from photoreel.client.errors import BackendUnavailable, error_from_answer, retry_after_seconds
from photoreel.client.events import FrameReader
from photoreel.protocol.draft import read_draft

ACTIONS = {"stateDelta": {}, "artifactDelta": {}, "requestedAuthConfigs": {}}


def _frame(**event: Any) -> str:
    base = {
        "invocationId": "e-8a2c",
        "author": "nemo_agent",
        "actions": ACTIONS,
        "id": "ev",
        "timestamp": 1732540000.5,
    }
    return json.dumps({**base, **event})


# Frames as a google-adk api_server streams them for one edit turn (camelCase, `actions`
# always present, the tool result authored by the agent with role "user", no done frame).
RECORDED_TURN = [
    _frame(content={"role": "model", "parts": [{"text": "Sure, "}]}, partial=True),
    _frame(content={"role": "model", "parts": [{"text": "making it 15 s."}]}, partial=True),
    _frame(content={"role": "model", "parts": [{"text": "Sure, making it 15 s."}]}),
    _frame(
        content={
            "role": "model",
            "parts": [
                {"functionCall": {"id": "c1", "name": "set_duration", "args": {"ms": 15000}}}
            ],
        },
        longRunningToolIds=[],
    ),
    _frame(
        content={
            "role": "user",
            "parts": [
                {"functionResponse": {"id": "c1", "name": "set_duration", "response": {"ok": 1}}}
            ],
        },
        actions={**ACTIONS, "stateDelta": {"draft_version": 4}},
    ),
    _frame(content={"role": "model", "parts": [{"text": "Done."}]}, turnComplete=True),
]


def test_a_recorded_adk_turn_reads_as_typed_events() -> None:
    reader = FrameReader()
    events = [e for frame in RECORDED_TURN for e in reader.read(frame)]
    assert events == [
        TextDelta(chunk="Sure, ", text="Sure, "),
        TextDelta(chunk="making it 15 s.", text="Sure, making it 15 s."),
        TextFinal(text="Sure, making it 15 s."),
        ToolCall(id="c1", name="set_duration", args={"ms": 15000}),
        ToolResult(id="c1", name="set_duration", response={"ok": 1}),
        TextFinal(text="Done."),
    ]
    # The final text replaces the chunks: never "Sure, making it 15 s.Sure, making it 15 s."
    assert reader.reply == "Sure, making it 15 s.\n\nDone."
    assert reader.turn_complete
    assert reader.draft_version == 4


def test_heartbeats_unknown_keys_and_junk_are_tolerated() -> None:
    reader = FrameReader()
    assert reader.read("") == [Heartbeat()]
    assert reader.read("not json") == []
    assert reader.read("[1, 2]") == []
    future = _frame(content={"parts": [{"text": "hi", "thoughtSignature": "x"}]}, newField={"a": 1})
    assert reader.read(future) == [TextFinal(text="hi")]
    thought = _frame(content={"parts": [{"text": "planning...", "thought": True}]})
    assert reader.read(thought) == []


def test_errors_inside_the_stream_become_chat_errors() -> None:
    reader = FrameReader()
    adk_error = json.dumps({"error": "model overloaded", "error_details": {"code": 503}})
    assert reader.read(adk_error) == [ChatError(message="model overloaded", code="503")]
    assert reader.failed
    reader = FrameReader()
    in_event = _frame(errorCode=500, errorMessage="the tool crashed")
    assert reader.read(in_event) == [ChatError(message="the tool crashed", code="500")]


def test_a_turn_with_only_partial_text_still_has_a_reply() -> None:
    reader = FrameReader()
    reader.read(_frame(content={"parts": [{"text": "Working on"}]}, partial=True))
    reader.read(_frame(content={"parts": [{"text": " it"}]}, partial=True))
    assert reader.reply == "Working on it"


# -- error answers -------------------------------------------------------------------


def test_the_agents_transfer_to_another_agent_is_not_an_edit() -> None:
    reader = FrameReader()
    call = {"functionCall": {"id": "t1", "name": "transfer_to_agent", "args": {"agent_name": "x"}}}
    result = {"functionResponse": {"id": "t1", "name": "transfer_to_agent", "response": {}}}
    events = [
        *reader.read(_frame(content={"role": "model", "parts": [call]})),
        *reader.read(_frame(content={"role": "user", "parts": [result]})),
        *reader.read(_frame(content={"role": "model", "parts": [{"text": "Done."}]})),
    ]
    assert events == [TextFinal(text="Done.")]


def test_the_apology_after_a_rate_limit_is_not_shown() -> None:
    """After a 429 inside the turn, the hosted agent's "I encountered a temporary issue"
    text is dropped, streamed or whole; the 429 is what the person is told."""
    apology = "I encountered a temporary issue. Please try again later."
    limited = {"id": "f1", "name": "apply_edit", "response": {"code": 429, "error": "quota"}}
    reader = FrameReader()
    events = [
        *reader.read(_frame(content={"role": "user", "parts": [{"functionResponse": limited}]})),
        *reader.read(
            _frame(content={"role": "model", "parts": [{"text": apology[:14]}]}, partial=True)
        ),
        *reader.read(
            _frame(content={"role": "model", "parts": [{"text": apology[14:]}]}, partial=True)
        ),
        *reader.read(_frame(content={"role": "model", "parts": [{"text": apology}]})),
    ]
    assert [e.type for e in events] == ["tool_result"]
    assert reader.rate_limited and reader.reply == ""
    # An ADK error event for the 429 ends the turn with the rate limit, not the apology.
    reader = FrameReader()
    events = reader.read(
        _frame(
            content={"role": "model", "parts": [{"text": apology}]},
            errorCode="RESOURCE_EXHAUSTED",
            errorMessage="429 Too Many Requests",
        )
    )
    assert events == [
        ChatError(
            message="The service is limiting requests (429) and stopped this turn. Wait 30 s, "
            "then send the instruction again.",
            code="429",
        )
    ]
    # Without a 429 the same words are an ordinary reply.
    reader = FrameReader()
    assert reader.read(_frame(content={"role": "model", "parts": [{"text": apology}]})) == [
        TextFinal(text=apology)
    ]


def test_envelope_code_is_read_before_the_http_status() -> None:
    hosted = {"code": 2001, "message": "Insufficient credits", "data": None}
    error = error_from_answer(200, hosted, bind_link="https://x.example/register?bind=abc")
    assert isinstance(error, NoCredits)
    assert error.code == 2001
    assert error.link == "https://x.example/register?bind=abc"
    assert "Register" in error.message and "?bind=abc" in error.message


def test_the_servers_own_bind_link_wins() -> None:
    body = {"code": 2001, "message": "no credits", "data": {"bind_url": "http://h/bind?bind=1"}}
    error = error_from_answer(402, body, bind_link="http://other")
    assert isinstance(error, NoCredits) and error.link == "http://h/bind?bind=1"


def test_a_registered_user_is_told_to_top_up() -> None:
    error = error_from_answer(402, {"code": 2001, "message": "x"}, anonymous=False)
    assert isinstance(error, NoCredits) and "Top up" in error.message


@pytest.mark.parametrize(
    ("status", "body", "kind", "code"),
    [
        (401, {"code": 1001, "message": "token expired"}, TokenExpired, 1001),
        (200, {"code": 1001, "message": "token expired"}, TokenExpired, 1001),
        (404, {"code": 1002, "message": "no session"}, SessionNotFound, 1002),
        (415, {"code": 4001, "message": "bad format"}, UnsupportedFile, 4001),
        (413, {"code": 4002, "message": "too big"}, FileTooLarge, 4002),
        (413, None, FileTooLarge, 4002),
        (402, {"detail": "export needs a plan"}, ExportBlocked, 402),
        (429, {"detail": "slow down"}, RateLimited, 429),
        (503, None, BackendUnavailable, "backend_unavailable"),
    ],
)
def test_each_documented_error_has_its_type_and_code(
    status: int, body: Any, kind: type, code: int | str
) -> None:
    error = error_from_answer(status, body, filename="big.mov")
    assert isinstance(error, kind)
    assert error.code == code


def test_unsupported_file_lists_the_formats_and_too_large_says_what_to_do() -> None:
    unsupported = error_from_answer(415, {"code": 4001, "message": "x"}, filename="doc.pdf")
    assert unsupported.message.startswith("doc.pdf cannot be used")
    assert (
        "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac" in unsupported.message
    )
    large = error_from_answer(413, {"code": 4002, "message": "x"}, filename="long.mov")
    assert "Compress" in large.message and "trim" in large.message
    assert "200 MB" in large.message


def test_retry_after_reads_seconds_and_defaults_to_30() -> None:
    assert retry_after_seconds("2") == 2.0
    assert retry_after_seconds(None) == 30.0
    assert retry_after_seconds("garbage") == 30.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


# -- render status shapes --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {
            "code": 0,
            "status": "completed",
            "progress": 100,
            "output": {"url": "https://cdn/x.mp4", "duration": 15.0, "size": 1234},
        },
        {
            "code": 0,
            "data": {
                "status": "completed",
                "progress": 100,
                "output": {"url": "https://cdn/x.mp4", "duration": 15.0, "size": 1234},
            },
        },
        {
            "code": 0,
            "data": {
                "status": "completed",
                "outputUrl": "https://cdn/x.mp4",
                "duration": 15.0,
                "size": 1234,
                "createdAt": "2025-01-01T00:00:00Z",
                "completedAt": "2025-01-01T00:01:00Z",
            },
        },
    ],
)
def test_all_three_status_shapes_read_the_same(body: dict[str, Any]) -> None:
    status = read_render_answer(body, "render_1")
    assert status.render_id == "render_1"
    assert status.status == "completed"
    assert status.progress == 100
    assert status.url == status.output.url == "https://cdn/x.mp4"
    assert status.output.duration == 15.0
    assert status.output.size == 1234


def test_status_words_and_errors_are_normalised() -> None:
    failed = read_render_answer({"data": {"status": "ERROR", "error": {"message": "oom"}}}, "r")
    assert failed.status == "failed" and failed.error == "oom"
    running = read_render_answer({"data": {"status": "running", "progress": 42.5}}, "r")
    assert running.status == "processing" and running.progress == 42.5


# -- draft changes -----------------------------------------------------------------


def _photo(name: str, s: int, d: int, transition: str | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"src": name, "name": name}
    if transition:
        meta["transition"] = {"type": transition, "d": 1000}
    return {"s": s, "d": d, "m": meta}


def _describe(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """The client's change lines for two drafts given as the protocol's JSON."""
    return describe_changes(read_draft(before), read_draft(after))


def _reply(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    return change_reply(read_draft(before), read_draft(after))


BEFORE = {
    "d": 10_000,
    "m": {"title": "Trip", "width": 1920, "height": 1080},
    "t": [{"tt": 0, "sg": [_photo("a.jpg", 0, 5000, "fade"), _photo("b.jpg", 5000, 5000)]}],
}


def test_no_change_is_no_lines() -> None:
    assert _describe(BEFORE, json.loads(json.dumps(BEFORE))) == []
    assert _reply(BEFORE, BEFORE).startswith("The timeline did not change.")


def test_building_a_timeline_from_nothing() -> None:
    lines = _describe(None, BEFORE)
    assert lines == [
        "Length 10s",
        "Canvas 1920x1080",
        'Project title "Trip"',
        "Added Video: a.jpg, b.jpg (0-10s)",
    ]


def test_length_transitions_music_and_canvas_are_described() -> None:
    after = {
        "d": 15_000,
        "m": {"title": "Trip", "width": 1080, "height": 1920},
        "t": [
            {
                "tt": 0,
                "sg": [
                    _photo("a.jpg", 0, 5000, "dissolve"),
                    _photo("b.jpg", 5000, 5000, "dissolve"),
                    _photo("c.jpg", 10_000, 5000),
                ],
            },
            {
                "tt": 1,
                "sg": [{"s": 0, "d": 15_000, "m": {"src": "s", "name": "song", "volume": 0.35}}],
            },
        ],
    }
    assert _describe(BEFORE, after) == [
        "Length 10s → 15s",
        "Canvas 1920x1080 → 1080x1920",
        "Video: added c.jpg",
        "Video: transitions fade 1s → dissolve 1s",
        "Added BGM: song (0-15s, 35%)",
    ]
    reply = _reply(BEFORE, after)
    assert reply.startswith("Done. Length 10s → 15s; ")
    assert reply.endswith("2. BGM: song (0-15s, 35%)")


def test_reorder_timing_and_removal() -> None:
    after = {
        "d": 10_000,
        "m": BEFORE["m"],
        "t": [{"tt": 0, "sg": [_photo("b.jpg", 0, 4000, "fade"), _photo("a.jpg", 4000, 6000)]}],
    }
    assert _describe(BEFORE, after) == ["Video: reordered to b.jpg, a.jpg"]
    retimed = {
        "d": 10_000,
        "m": BEFORE["m"],
        "t": [{"tt": 0, "sg": [_photo("a.jpg", 0, 3000, "fade"), _photo("b.jpg", 3000, 3000)]}],
    }
    assert _describe(BEFORE, retimed) == ["Video: each 3s"]
    emptied = {"d": 10_000, "m": BEFORE["m"], "t": []}
    assert _describe(BEFORE, emptied) == ["Removed Video"]
