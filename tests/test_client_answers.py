"""Every documented variant of every answer reads the same (`protocol.answers`).

Answers are generated: subsets of the optional keys, numbers sent as text and
text sent as numbers, times as ISO text or epoch seconds or milliseconds, the
three render-status shapes and the submit shapes. What the client needs must
come out the same each time; what it cannot do without must be named when it
is missing, in one sentence, never as a validation dump.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from photoreel.protocol.answers import (
    AnswerIncomplete,
    CreditsAnswer,
    MediaRow,
    SessionAnswer,
    StateAnswer,
    TokenAnswer,
    UploadAnswer,
    answer_payload,
    as_time,
    read_answer,
    read_render_answer,
)

EXAMPLES = settings(max_examples=60, deadline=None)


def _subset(full: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of `full`'s keys, with their values."""
    return st.sets(st.sampled_from(sorted(full))).map(lambda keys: {k: full[k] for k in keys})


def _number_or_text(value: float) -> st.SearchStrategy[Any]:
    """The number as it is, or written as text (`12` or `"12"`)."""
    return st.sampled_from([value, str(value), f"{value:g}"])


# An instant with whole milliseconds, between 2001 and 2100.
instants = st.integers(min_value=978_307_200_000, max_value=4_102_444_800_000).map(
    lambda ms: datetime.fromtimestamp(ms / 1000, UTC)
)


def _written(when: datetime) -> st.SearchStrategy[Any]:
    """The same instant as ISO text (Z or +00:00), epoch ms or epoch seconds (number or text)."""
    ms = round(when.timestamp() * 1000)
    return st.sampled_from(
        [
            when.isoformat().replace("+00:00", "Z"),
            when.isoformat(),
            ms,
            str(ms),
            ms / 1000,
            repr(ms / 1000),
        ]
    )


@EXAMPLES
@given(when=instants, data=st.data())
def test_a_time_reads_the_same_however_it_is_written(when: datetime, data: st.DataObject) -> None:
    written = data.draw(_written(when))
    assert as_time(written) == when, written


@EXAMPLES
@given(
    extra=_subset(
        {"user_id": "anon_1", "expires_at": "2030-01-01T00:00:00Z", "unlimited": False, "x": [1]}
    ),
    credits=st.one_of(st.none(), st.integers(0, 1000).flatmap(_number_or_text)),
    token_key=st.sampled_from(["token", "access_token", "accessToken"]),
)
def test_a_token_answer_needs_only_the_token(
    extra: dict[str, Any], credits: Any, token_key: str
) -> None:
    body = {token_key: "tok-123", **extra}
    if credits is not None:
        body["credits"] = credits
    token = read_answer(TokenAnswer, answer_payload({"code": 0, "data": body}), "the token")
    assert token.token == "tok-123"
    assert token.expires_at is not None and token.expires_at.tzinfo is not None
    if credits is not None:
        assert token.credits == int(float(credits))
    if "x" in extra:
        assert token.model_extra == {"x": [1]}  # unknown keys are kept


@EXAMPLES
@given(rest=_subset({"user_id": "anon_9", "expires_at": 1_900_000_000_000, "credits": "100"}))
def test_a_token_answer_without_a_token_names_it(rest: dict[str, Any]) -> None:
    with pytest.raises(AnswerIncomplete) as caught:
        read_answer(TokenAnswer, rest, "the token request")
    assert str(caught.value) == "answered the token request without `token`"


@EXAMPLES
@given(
    sid=st.integers(1, 10**12).flatmap(lambda n: st.sampled_from([n, str(n)])),
    rest=_subset({"task_id": "task_1", "user_id": "anon_1", "language": "en"}),
)
def test_a_session_answer_needs_only_its_id(sid: Any, rest: dict[str, Any]) -> None:
    session = read_answer(SessionAnswer, {"session_id": sid, **rest}, "the new-session request")
    assert session.session_id == str(sid)
    assert session.task_id == rest.get("task_id")


def test_a_session_answer_without_its_id_names_it() -> None:
    with pytest.raises(AnswerIncomplete) as caught:
        read_answer(SessionAnswer, {"task_id": "task_1"}, "the new-session request")
    assert str(caught.value) == "answered the new-session request without `session_id`"


@EXAMPLES
@given(
    available=st.integers(0, 500).flatmap(_number_or_text),
    rest=_subset({"frozen": "3", "total": 103, "currency": "credits"}),
)
def test_a_balance_reads_numbers_written_either_way(available: Any, rest: dict[str, Any]) -> None:
    credits = read_answer(CreditsAnswer, {"available": available, **rest}, "the credits request")
    assert credits.available == int(float(available))
    assert credits.frozen == (3 if "frozen" in rest else 0)
    assert not credits.unlimited


def test_a_balance_without_a_number_is_named_unless_unlimited() -> None:
    with pytest.raises(AnswerIncomplete) as caught:
        read_answer(CreditsAnswer, {"frozen": 0}, "the credits request")
    assert str(caught.value) == "answered the credits request without `available`"
    unlimited = read_answer(CreditsAnswer, {"available": None, "unlimited": True}, "x")
    assert unlimited.unlimited and unlimited.available is None


FULL_ROW = {
    "media_id": "m_1",
    "filename": "beach.jpg",
    "file_type": "image",
    "cdn_url": "https://cdn.example/u/7/beach.jpg?sig=abc",
    "duration": "5.0",
    "width": 1920,
    "height": "1080",
    "fps": None,
    "hash": "ab12",
    "size": 123456,
    "format": "jpeg",
    "thumbnail": {"url": "https://cdn.example/t.jpg"},
}


@EXAMPLES
@given(rows=st.lists(_subset(FULL_ROW), max_size=4), extra=_subset({"task_name": "p", "v": 2}))
def test_state_rows_with_any_keys_missing_still_read(
    rows: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    body = {"code": 0, "data": {"session_id": 42, "state": {"video_infos": rows}, **extra}}
    state = read_answer(StateAnswer, answer_payload(body), "the state request")
    assert state.session_id == "42"
    assert len(state.state.video_infos) == len(rows)
    for row, read in zip(rows, state.state.video_infos, strict=True):
        assert read.name  # something to call it, always
        if "filename" in row:
            assert read.name == "beach.jpg"
        elif "cdn_url" in row:
            assert read.name == "beach.jpg"  # from the URL, without its query
        if "height" in row:
            assert read.height == 1080


def test_a_state_without_state_rows_or_draft_is_an_empty_state() -> None:
    state = read_answer(StateAnswer, {"session_id": "1", "state": None}, "the state request")
    assert state.state.draft is None and state.state.video_infos == []
    odd = read_answer(
        StateAnswer,
        {"state": {"draft": "not a draft", "video_infos": {"filename": "a.png"}}},
        "the state request",
    )
    assert odd.state.draft is None and [r.name for r in odd.state.video_infos] == ["a.png"]
    assert MediaRow().name == "unnamed file"


URL = "https://cdn.example/render_1.mp4"


def _status_shapes(
    status: str, progress: Any, created: Any, completed: Any
) -> list[dict[str, Any]]:
    """The three documented status shapes (and photoreel's body that is all three)."""
    fields = {"render_id": "render_1", "status": status, "progress": progress, "error": None}
    output = {"url": URL, "duration": 15.0, "size": 1234}
    return [
        {**fields, "output": output},
        {"code": 0, "message": "success", "data": {**fields, "output": output}},
        {
            "code": 0,
            "data": {**fields, "outputUrl": URL, "createdAt": created, "completedAt": completed},
        },
        {"code": 0, **fields, "output": output, "outputUrl": URL, "data": {**fields}},
    ]


@EXAMPLES
@given(
    word=st.sampled_from(["completed", "COMPLETED", "done", "success", "Succeeded"]),
    progress=st.sampled_from([100, "100", 100.0, None]),
    when=instants,
    data=st.data(),
)
def test_every_status_shape_reads_the_same(
    word: str, progress: Any, when: datetime, data: st.DataObject
) -> None:
    created, completed = data.draw(_written(when)), data.draw(_written(when))
    for body in _status_shapes(word, progress, created, completed):
        status = read_render_answer(body, "render_1")
        assert status.render_id == "render_1"
        assert status.status == "completed" and status.finished
        assert status.progress == 100
        assert status.url == URL
        if "createdAt" in str(body):
            assert status.created_at == when and status.completed_at == when


@EXAMPLES
@given(
    shape=st.sampled_from(["render_id", "success", "id-only"]),
    progress=st.sampled_from([0, "0", 12.5, "12.5", None]),
    render_id=st.sampled_from(["render_1732000000000", 1732000000000]),
)
def test_both_submit_shapes_read(shape: str, progress: Any, render_id: Any) -> None:
    if shape == "render_id":
        body: dict[str, Any] = {"code": 0, "data": {"render_id": render_id, "status": "pending"}}
    elif shape == "success":
        body = {"success": True, "data": {"id": render_id, "status": "processing"}}
    else:
        body = {"success": True, "data": {"id": render_id}}
    if progress is not None:
        body["data"]["progress"] = progress
    submitted = read_render_answer(body, "asked", status_needed=False)
    assert submitted.render_id == str(render_id)
    assert submitted.status in ("pending", "processing") and not submitted.finished
    assert submitted.progress == (float(progress) if progress is not None else 0.0)


def test_a_poll_without_a_status_names_it_and_errors_are_read() -> None:
    with pytest.raises(AnswerIncomplete) as caught:
        read_render_answer({"code": 0, "data": {"progress": 40}}, "render_1")
    assert str(caught.value) == "answered the render status request without `status`"
    failed = read_render_answer(
        {"data": {"status": "ERROR", "error": {"message": "out of memory"}}}, "r"
    )
    assert failed.status == "failed" and failed.error == "out of memory"
    odd = read_render_answer({"status": "warming_up", "progress": "250"}, "r")
    assert odd.status == "processing" and odd.progress == 100  # unknown word: still running


@EXAMPLES
@given(rows=st.lists(_subset({**FULL_ROW, "code": "4001", "message": "bad"}), max_size=3))
def test_upload_rows_read_with_any_keys(rows: list[dict[str, Any]]) -> None:
    answer = read_answer(UploadAnswer, {"files": rows, "session_state_applied": "true"}, "upload")
    assert len(answer.files) == len(rows)
    assert answer.session_state_applied is True
    for row, read in zip(rows, answer.files, strict=True):
        assert read.code == (4001 if "code" in row else 0)
