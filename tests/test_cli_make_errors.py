"""`photoreel make` going wrong as a new user meets it: one clear message on stderr, the
documented exit code, exactly one JSON object on stdout with --json, never a traceback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from photoreel.protocol.formats import formats_hint
from server_helpers import RunningServer
from test_cli_client import cli_env, ctrl_c_reaches_it, run_cli


def _one_json(stdout: str) -> dict[str, Any]:
    """stdout holds exactly one JSON object (and nothing else)."""
    body: dict[str, Any] = json.loads(stdout)
    assert stdout.strip().count("\n") == 0, stdout
    return body


def test_a_photo_that_is_not_one_is_not_told_its_format_is_supported(
    tmp_path: Path, shared_server: RunningServer
) -> None:
    fake = tmp_path / "fake.jpg"
    fake.write_text("hi\n")
    api = f"unix:{shared_server.uds}"
    # its extension is one photoreel takes: the formats list would name jpg as supported
    expected = (
        "fake.jpg cannot be used (not a supported photo, clip or audio file). Its name says "
        "it is a photo, but it is not a photo photoreel can read (damaged, or another kind of "
        "file renamed). Open and save it again, or pick another file."
    )
    done = run_cli(tmp_path, "make", str(fake), "-p", "a 5 second video", "--api", api)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"photoreel make: {expected}"
    assert formats_hint() not in done.stderr
    assert done.stdout == ""
    as_json = run_cli(tmp_path, "make", str(fake), "-p", "a 5 second video", "--api", api, "--json")
    assert as_json.returncode == 2
    assert _one_json(as_json.stdout) == {"ok": False, "error": {"code": 4001, "message": expected}}
    assert "Traceback" not in done.stderr + as_json.stderr


def test_audio_given_as_the_photos_points_to_music(tmp_path: Path) -> None:
    song = tmp_path / "song.mp3"
    song.write_bytes(b"ID3")
    done = run_cli(tmp_path, "make", str(song), "-p", "a video", "--json")
    assert done.returncode == 2
    message = (
        "song.mp3 cannot be used (it is audio, not a photo or clip). Give music with "
        "--music song.mp3, and at least one photo or clip."
    )
    assert _one_json(done.stdout)["error"] == {"code": 4001, "message": message}
    assert done.stderr == f"photoreel make: {message}\n"


def test_a_bad_flag_still_gives_one_json_object(tmp_path: Path, sample_photos: list[Path]) -> None:
    photo = str(sample_photos[0])
    ratio = run_cli(tmp_path, "make", photo, "-p", "a video", "--ratio", "7:3", "--json")
    assert ratio.returncode == 2
    message = "Argument --ratio: invalid choice: '7:3' (choose from '16:9', '9:16', '1:1', '4:5')."
    assert _one_json(ratio.stdout) == {
        "ok": False,
        "error": {"code": "bad_arguments", "message": message},
    }
    assert ratio.stderr.splitlines()[-1] == (
        f"photoreel make: {message} See `photoreel make --help`."
    )
    no_prompt = run_cli(tmp_path, "make", photo, "--json")
    assert no_prompt.returncode == 2
    assert _one_json(no_prompt.stdout)["error"]["message"] == (
        "The following arguments are required: -p/--prompt."
    )
    empty = run_cli(tmp_path, "make", photo, "-p", "", "--json")
    assert empty.returncode == 2
    assert _one_json(empty.stdout)["error"] == {
        "code": "bad_input",
        "message": 'The prompt is empty: say what video you want, e.g. -p "a 15-second video".',
    }
    assert "Traceback" not in ratio.stderr + no_prompt.stderr + empty.stderr


def test_an_unknown_flag_points_to_the_subcommands_own_help(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """The top level's help does not list make's flags: the pointer names make's help."""
    done = run_cli(tmp_path, "make", str(sample_photos[0]), "-p", "a video", "--loud")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith("usage: photoreel make ")
    assert done.stderr.splitlines()[-1] == (
        "photoreel make: Unrecognized arguments: --loud. See `photoreel make --help`."
    )
    export = run_cli(tmp_path, "export", "--loud", "--json")
    assert export.returncode == 2
    assert export.stderr.splitlines()[-1] == (
        "photoreel export: Unrecognized arguments: --loud. See `photoreel export --help`."
    )
    assert _one_json(export.stdout)["error"] == {
        "code": "bad_arguments",
        "message": "Unrecognized arguments: --loud.",
    }
    assert done.stdout == ""


def test_an_output_that_cannot_be_written_is_refused_before_anything_starts(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    photo = str(sample_photos[0])
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    out = blocker / "trip.mp4"
    done = run_cli(tmp_path, "make", photo, "-p", "a video", "-o", str(out), "--json")
    assert done.returncode == 2
    message = (
        f"Cannot write {out} ({blocker} is a file, not a folder). Choose a folder you can "
        "write to with -o."
    )
    assert _one_json(done.stdout)["error"] == {"code": "cannot_write", "message": message}
    assert done.stderr == f"photoreel make: {message}\n"  # no project was started
    avi = run_cli(tmp_path, "make", photo, "-p", "a video", "-o", str(tmp_path / "trip.avi"))
    assert avi.returncode == 2
    assert avi.stderr == (
        "photoreel make: trip.avi cannot be used (photoreel writes mp4, webm or gif videos). "
        "Name the output like trip.mp4.\n"
    )


def test_an_unreachable_api_is_exit_3_and_one_json_object(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    gone = f"unix:{tmp_path / 'nobody-listens.sock'}"
    done = run_cli(
        tmp_path, "make", str(sample_photos[0]), "-p", "a video", "--api", gone, "--json"
    )
    assert done.returncode == 3
    error = _one_json(done.stdout)["error"]
    assert error["code"] == "backend_unavailable"
    assert error["message"].startswith(f"Cannot reach the backend at {tmp_path}")
    bad = run_cli(
        tmp_path, "make", str(sample_photos[0]), "-p", "a video", "--api", "ftp://x", "--json"
    )
    assert bad.returncode == 2
    assert _one_json(bad.stdout)["error"]["code"] == "bad_api"
    assert "Traceback" not in done.stderr + bad.stderr


def test_ctrl_c_mid_render_cancels_it_and_leaves_no_file(
    tmp_path: Path, shared_server: RunningServer, sample_photos: list[Path]
) -> None:
    out = tmp_path / "long.mp4"
    api = f"unix:{shared_server.uds}"
    make = subprocess.Popen(
        [sys.executable, "-m", "photoreel", "make", *map(str, sample_photos[:3]),
         "-p", "a 60 second video", "-o", str(out), "--api", api, "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=cli_env(tmp_path), cwd=tmp_path, preexec_fn=ctrl_c_reaches_it,
    )  # fmt: skip
    assert make.stderr is not None
    seen = []
    for line in make.stderr:  # the stages come one a line, as they start
        seen.append(line)
        if "Rendering" in line:
            break
    sid = next(s.split("photoreel state ")[1].split("`")[0] for s in seen if "photoreel state" in s)

    def renders() -> list[dict[str, Any]]:
        state = run_cli(tmp_path, "state", sid, "--api", api, "--json")
        found: list[dict[str, Any]] = json.loads(state.stdout)["state"]["generated_media"]
        return found

    deadline = time.monotonic() + 60
    while not renders() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert renders()[0]["status"] in ("pending", "processing")
    make.send_signal(signal.SIGINT)
    stdout, stderr = make.communicate(timeout=60)
    assert make.returncode == 130, "".join(seen) + stderr
    message = "Interrupted. No video was written (a render already started is cancelled)."
    assert stderr.splitlines()[-1] == message
    assert _one_json(stdout) == {"ok": False, "error": {"code": "interrupted", "message": message}}
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("long")) == []
    # the backend was told: the render is cancelled, not left running for nobody
    assert [r["status"] for r in renders()] == ["cancelled"]


def test_a_prompt_that_makes_no_video_says_what_the_agent_said(
    tmp_path: Path, shared_server: RunningServer, sample_photos: list[Path]
) -> None:
    api = f"unix:{shared_server.uds}"
    done = run_cli(tmp_path, "make", str(sample_photos[0]), "-p", "hello", "--api", api, "--json")
    assert done.returncode == 2
    error = _one_json(done.stdout)["error"]
    assert error["code"] == "not_understood"
    assert error["message"].startswith(
        "The agent did not build a video from that instruction. It said: Hi! "
    )
    assert "Timeline (" not in error["message"]  # an empty timeline's summary says nothing
    assert done.stderr.endswith(f"photoreel make: {error['message']}\n")


def test_a_folder_given_as_a_photo_or_as_the_output_says_what_to_give(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    folder = tmp_path / "trip"
    folder.mkdir()
    as_photo = run_cli(tmp_path, "make", str(folder), "-p", "a video", "--json")
    assert as_photo.returncode == 2
    assert _one_json(as_photo.stdout)["error"] == {
        "code": "unreadable_file",
        "message": f"{folder} cannot be read (it is a folder). Give the photos in it, e.g. "
        f"{folder}/*.jpg.",
    }
    as_output = run_cli(tmp_path, "make", str(sample_photos[0]), "-p", "a video", "-o", str(folder))
    assert as_output.returncode == 2
    assert as_output.stderr == (
        f"photoreel make: Cannot write {folder} (it is a folder). Name the video file, e.g. "
        f"-o {folder}/video.mp4.\n"
    )


def test_a_render_that_fails_on_a_file_names_its_segment_and_file(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """A photo that went bad on the server after its upload (a disk fault, a hand edit):
    the export's failure names the segment and the file, in text and in --json."""
    from server_helpers import start_server

    photos = sample_photos[:2]
    with start_server(tmp_path) as server:
        made = run_cli(
            tmp_path, "make", *map(str, photos), "-p", "a 2-second video in 360p",
            "--api", server.url, "--json", "-o", str(tmp_path / "first.mp4"),
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        sid = _one_json(made.stdout)["session_id"]
        original = photos[1].read_bytes()
        stored = [
            p for p in server.data_dir.rglob("*") if p.is_file() and p.read_bytes() == original
        ]
        assert stored, "the upload's stored copy was not found in the data folder"
        for copy in stored:
            copy.write_bytes(original[: len(original) // 3])
        args = ("export", sid, "--api", server.url, "-o", str(tmp_path / "again.mp4"))
        text = run_cli(tmp_path, *args)
        as_json = run_cli(tmp_path, *args, "--json")
    assert text.returncode == 3, text.stderr
    message = text.stderr.strip().splitlines()[-1]
    assert photos[1].name in message and "t[0].sg[1]" in message, message
    assert "unexpectedly" not in message and "Traceback" not in text.stderr
    error = _one_json(as_json.stdout)["error"]
    assert as_json.returncode == 3
    assert photos[1].name in error["message"] and "t[0].sg[1]" in error["message"]
    assert not (tmp_path / "again.mp4").exists()
