"""`photoreel make/credits/state/export` against the hosted service's documented answers.

photoreel's server answers the way the hosted service's documents say it may
(`--hosted-like`, `--submit-shape success`; docs/SERVER.md): a token answer
with only `token` and `credits`, a session answer with only `task_id` and
`session_id`, render times in epoch milliseconds, the `{"success": true,
"data": {"id"}}` submit, state rows without photoreel's keys. A proxy in
front (tests/stream_cut.py) answers each endpoint's first request with a 503
page, or cuts a chat stream. The commands are run as a person runs them; the
tests read exit codes, what is printed, and the video written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from canned_server import PROXY_503, canned_server
from server_helpers import start_server
from stream_cut import cut_streams
from test_cli_client import run_cli
from test_cli_make import _song
from video_facts import video_facts

TINY = "make a 2-second video in 720p"
# The hosted service's documented answers: minimal token and session answers, epoch-ms
# times, bare state rows (all three with --hosted-like), the reference submit answer.
DOCUMENTED = {"hosted_like": True, "submit_shape": "success", "poll_interval": 0.5}


def test_every_command_works_through_the_documented_answers_and_a_503_each(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    with (
        start_server(tmp_path, **DOCUMENTED) as server,
        cut_streams(server, fail_once=503) as proxy,
    ):
        api = proxy.url
        credits = run_cli(tmp_path, "credits", "--api", api)
        assert credits.returncode == 0, credits.stderr
        assert credits.stdout == "Credits: unlimited\n"

        photos = [str(p) for p in sample_photos[:2]]
        made = run_cli(
            tmp_path, "make", *photos, "-p", TINY, "-o", "out.mp4", "--api", api, "--json"
        )
        assert made.returncode == 0, made.stderr
        result = json.loads(made.stdout)
        assert result["ok"] and tmp_path / result["output"] == tmp_path / "out.mp4"
        assert result["summary"].startswith("Timeline (1 track): 1. Video: ")
        facts = video_facts(tmp_path / "out.mp4")
        assert facts.duration == pytest.approx(2.0, abs=0.15)
        # measured from the file, not taken from the service (which may say nothing)
        assert result["duration"] == pytest.approx(facts.duration, abs=0.05)
        assert result["size"] == (tmp_path / "out.mp4").stat().st_size

        sid = result["session_id"]
        state = run_cli(tmp_path, "state", sid, "--api", api)
        assert state.returncode == 0, state.stderr
        lines = state.stdout.splitlines()
        assert lines[0] == f"Session {sid} (version 1)"
        # rows without file names are named by their URL's last part
        media = [line.strip() for line in lines if line.startswith("  ")]
        assert [m.split(" (")[0] for m in media] == [p.name for p in sample_photos[:2]]
        assert any(line.startswith("Timeline (1 track): 1. Video: ") for line in lines)
        assert f"Render {result['render_id']}: completed" in state.stdout

        again = run_cli(
            tmp_path, "export", sid, "-o", "again.mp4", "--quality", "draft", "--api", api
        )
        assert again.returncode == 0, again.stderr
        assert tmp_path / again.stdout.strip() == tmp_path / "again.mp4"
        assert video_facts(tmp_path / "again.mp4").duration == pytest.approx(2.0, abs=0.15)
    for run in (credits, made, state, again):
        assert "503" not in run.stderr and "Traceback" not in run.stderr
    # each endpoint met its 503 once, and the client went on (GETs, the token, the session,
    # the upload, the turn, the render submit: each by its own rule)
    assert sorted(proxy.failed) == [
        "GET /api/credits/balance/simple",
        "GET /api/render/proxy/N/download",
        "GET /api/render/proxy/lambda/N",
        "GET /api/state/nemo_agent/me/N/latest",
        "POST /api/auth/anonymous-token",
        "POST /api/render/proxy/lambda",
        "POST /api/tasks/me/with-session/nemo_agent",
        "POST /api/upload-video/nemo_agent/me/N",
        "POST /run_sse",
    ]
    assert proxy.passed.count("POST /run_sse") == 1  # the turn was sent once
    assert proxy.passed.count("POST /api/upload-video/nemo_agent/me/N") == 2  # once a photo


def test_a_stream_cut_mid_turn_is_waited_for_and_not_resent(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """The service keeps working after the stream breaks: its change shows 2 s later."""
    settings = {"hosted_like": True, "turn_delay": 2.0, "poll_interval": 0.5}
    with (
        start_server(tmp_path, **settings) as server,
        cut_streams(server, at_once=True) as proxy,
    ):
        photos = [str(p) for p in sample_photos[:2]]
        made = run_cli(tmp_path, "make", *photos, "-p", TINY, "-o", "cut.mp4", "--api", proxy.url)
        assert made.returncode == 0, made.stderr
        # The service said nothing: the client wrote the reply, and the timeline's summary
        # ends it (so it is not printed twice); the output path comes last.
        reply, output = made.stdout.splitlines()
        assert reply.startswith("Done. ") and "Timeline (1 track): 1. Video: " in reply
        assert tmp_path / output == tmp_path / "cut.mp4"
        said = " ".join(made.stderr.split())  # as read, whatever the width it was wrapped at
        assert "The connection dropped mid-turn; waiting for the service to finish it" in said
        sid = next(
            word for line in made.stderr.splitlines() for word in line.split()
            if line.strip().startswith("· Project") and word.isdigit()
        )  # fmt: skip
        state = run_cli(tmp_path, "state", sid, "--api", proxy.url)
        assert state.stdout.splitlines()[0] == f"Session {sid} (version 1)"  # one turn ran
        assert proxy.passed.count("POST /run_sse") == 1  # and it was not sent again
    assert video_facts(tmp_path / "cut.mp4").duration == pytest.approx(2.0, abs=0.15)


def test_a_proxy_failing_every_time_is_one_sentence_and_exit_3(tmp_path: Path) -> None:
    with canned_server(fallback=PROXY_503) as proxy:
        shown = run_cli(tmp_path, "credits", "--api", proxy.url)
        as_json = run_cli(tmp_path, "credits", "--api", proxy.url, "--json")
    message = (
        f"The backend at {proxy.url} answered HTTP 503 4 times in a row: it is overloaded or "
        "restarting. Try again in a few minutes."
    )
    assert shown.returncode == 3
    assert shown.stderr == f"photoreel credits: {message}\n"
    assert as_json.returncode == 3
    assert json.loads(as_json.stdout) == {
        "ok": False,
        "error": {"code": "backend_unavailable", "message": message},
    }
    # the anonymous-token call, tried 4 times each run; nothing the hosted service lacks
    assert proxy.paths() == ["POST /api/auth/anonymous-token"] * 8


def test_an_answer_without_what_is_needed_is_a_backend_error(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    token = {"code": 0, "message": "success", "data": {"token": "nmv_1", "credits": 100}}
    session = {"code": 0, "message": "success", "data": {"task_id": "task_1"}}
    answers = {
        "POST /api/auth/anonymous-token": [(200, token)],
        "POST /api/tasks/me/with-session/nemo_agent": [(200, session)],
    }
    with canned_server(answers) as service:
        made = run_cli(
            tmp_path, "make", str(sample_photos[0]), "-p", "a video", "--api", service.url, "--json"
        )
    message = f"The backend at {service.url} answered the new-session request without `session_id`."
    assert made.returncode == 3
    assert json.loads(made.stdout) == {
        "ok": False,
        "error": {"code": "bad_answer", "message": message},
    }
    assert made.stderr.splitlines()[-1] == f"photoreel make: {message}"
    # The first call is the documented token call (no photoreel-only endpoint), and every
    # call names a documented platform.
    assert service.paths() == [
        "POST /api/auth/anonymous-token",
        "POST /api/tasks/me/with-session/nemo_agent",
    ]
    assert {headers["X-Skill-Platform"] for _, _, headers in service.requests} == {"unknown"}
    assert service.requests[1][2]["Authorization"] == "Bearer nmv_1"


def test_a_draft_in_other_keys_is_read_by_what_it_means(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """The service's draft places segments end to end with no start key, names media by
    a sandbox path, gives music `vol` in percent and names the video track in `m.name`
    (`--foreign-drafts`). Read by its keys alone, two 2 s photos were stacked at 0-2 s
    and the music was at 100 %."""
    song = _song(tmp_path / "song.mp3")
    photos = [str(p) for p in sample_photos[:2]]
    settings = {"hosted_like": True, "foreign_drafts": True, "poll_interval": 0.5}
    with start_server(tmp_path, **settings) as server:
        made = run_cli(
            tmp_path, "make", *photos, "-p", "make a 4-second video in 720p, music at 35%",
            "--music", str(song), "--api", server.url, "--json",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        result = json.loads(made.stdout)
        state = run_cli(tmp_path, "state", result["session_id"], "--api", server.url)
    names = ", ".join(p.name for p in sample_photos[:2])
    summary = f"Timeline (2 tracks): 1. Main: {names} (0-4s) 2. BGM: song.mp3 (0-4s, 35%)"
    assert result["summary"] == summary
    assert f"Added Main: {names} (0-4s)" in result["changes"]
    assert "Added BGM: song.mp3 (0-4s, 35%)" in result["changes"]
    assert summary in state.stdout.splitlines()
    # the service rendered the draft the client sent back as it read it
    assert video_facts(Path(result["output"])).duration == pytest.approx(4.0, abs=0.15)
