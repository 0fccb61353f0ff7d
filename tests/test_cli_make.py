"""`photoreel make` from a shell, against a real server: the video a person gets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

from conftest import SHARED_MEDIA
from photoreel.server.processes import process_alive
from server_helpers import RunningServer, start_server
from test_cli_client import cli_env, run_cli
from video_checks import photos_shown
from video_facts import video_facts

FIFTEEN = "turn my photos into a 15-second video with smooth transitions"


@pytest.mark.slow
def test_make_turns_three_photos_into_a_15_second_1080p_mp4(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    """The default: no --api, so make starts its own private backend and lets it go."""
    photos = [str(p) for p in sample_photos[:3]]
    out = tmp_path / "trip.mp4"
    done = run_cli(tmp_path, "make", *photos, "-p", FIFTEEN, "-o", str(out), timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == str(out)  # the output path comes last
    assert lines[-2].startswith("Timeline (1 track): 1. Video: ")
    assert lines[-2].endswith("(0-15s)")
    assert "15" in lines[0]  # the agent's reply
    facts = video_facts(out)
    assert (facts.codec, facts.width, facts.height) == ("h264", 1920, 1080)
    assert facts.duration == pytest.approx(15.0, abs=0.1)
    assert facts.size > 100_000
    assert photos_shown(out, sample_photos[:3], 15.0) == [p.name for p in sample_photos[:3]]
    assert "Traceback" not in done.stderr
    # The private backend stops once make has let go of it (nothing else uses it).
    (pid_file,) = (tmp_path / "cli" / "runtime-dir").glob("backend-*.pid")
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not process_alive(pid)


def _song(path: Path) -> Path:
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=3", "-c:a", "libmp3lame", str(path)],
        check=True,
    )  # fmt: skip
    return path


def _size(photo: Path) -> str:
    with Image.open(photo) as image:
        return f"{image.width}x{image.height}"


def test_make_json_with_music_and_ratio(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    song = _song(tmp_path / "song.mp3")
    photos = [str(p) for p in sample_photos[:2]]
    api = f"unix:{shared_server.uds}"
    done = run_cli(
        tmp_path,
        "make", *photos, "-p", "make a 2-second video in 720p",
        "--ratio", "9:16", "--music", str(song), "--api", api, "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # one JSON object and nothing else on stdout
    state = run_cli(tmp_path, "state", result["session_id"], "--api", api)
    assert state.returncode == 0, state.stderr
    assert state.stdout.splitlines()[1:] == [
        "Canvas: 720x1280 (9:16)",
        "Media (3):",
        *[f"  {p.name} (image {_size(p)})" for p in sample_photos[:2]],
        "  song.mp3 (audio 3.0s)",
        result["summary"],
        f"Render {result['render_id']}: completed, 2 s, {result['size'] / 1e6:.1f} MB",
    ]
    assert result["ok"] is True
    output = Path(result["output"])
    assert output.parent == tmp_path and output.name.startswith("photoreel-")
    assert "2. BGM: song.mp3" in result["summary"]
    facts = video_facts(output)
    assert (facts.width, facts.height) == (720, 1280)
    assert facts.duration == pytest.approx(2.0, abs=0.15)
    assert photos_shown(output, sample_photos[:2], 2.0) == [p.name for p in sample_photos[:2]]
    assert result["size"] == facts.size
    assert result["session_id"] and result["render_id"].startswith("render_")


def test_make_without_credits_exits_4(tmp_path: Path, sample_photos: list[Path]) -> None:
    with start_server(tmp_path, credits=1) as server:
        done = run_cli(
            tmp_path, "make", str(sample_photos[0]), "-p", "make a 2-second video",
            "--api", server.url, "--json",
        )  # fmt: skip
        balance = run_cli(tmp_path, "credits", "--api", server.url)
    assert done.returncode == 4, done.stderr
    # The turn took the one credit; the render needs more: nothing was rendered.
    assert balance.stdout.strip() == "Credits: 0 available, 0 total"
    error = json.loads(done.stdout)["error"]
    assert error["code"] == 2001
    assert "You have no credits left" in error["message"]
    assert "photoreel make: You have no credits left" in done.stderr


def test_make_notices_a_duplicate_and_the_instruction_can_drop_it(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    portrait = Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB")
    portrait.save(tmp_path / "portrait.jpg", quality=95)
    portrait.resize((300, 300)).save(tmp_path / "portrait-small.jpg", quality=70)
    done = run_cli(
        tmp_path,
        "make", str(tmp_path / "portrait.jpg"), str(tmp_path / "portrait-small.jpg"),
        "-p", "make a 1 second video in 720p and remove duplicates",
        "--api", f"unix:{shared_server.uds}", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Noticed: 1 looks like a duplicate: say 'remove duplicates'" in done.stderr
    result = json.loads(done.stdout)
    assert "1. Video: portrait.jpg (0-1s)" in result["summary"]
    assert "portrait-small.jpg" not in result["summary"]
    # A prompt in Chinese: the findings are said in Chinese, with the Chinese words to use.
    chinese = run_cli(
        tmp_path,
        "make", str(tmp_path / "portrait.jpg"), str(tmp_path / "portrait-small.jpg"),
        "-p", "做一个1秒的720p视频，删除重复", "--api", f"unix:{shared_server.uds}", "--json",
    )  # fmt: skip
    assert chinese.returncode == 0, chinese.stderr
    assert "· 注意到：1 张照片像是重复的。说「删除重复」即可去掉。\n" in chinese.stderr
    assert "Noticed" not in chinese.stderr
    assert "1. Video: portrait.jpg (0-1s)" in json.loads(chinese.stdout)["summary"]


def test_make_quality_draft_writes_the_draft_preset(
    shared_server: RunningServer, tmp_path: Path, sample_photos: list[Path]
) -> None:
    """`--quality` as `export` has it: a draft GIF is 320 px wide (high: 640)."""
    api = f"unix:{shared_server.uds}"
    photo = str(sample_photos[0])
    out = tmp_path / "quick.gif"
    done = run_cli(
        tmp_path, "make", photo, "-p", "make a 1 second video", "--quality", "draft",
        "-o", str(out), "--api", api,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == str(out)
    facts = video_facts(out)
    assert (facts.codec, facts.width) == ("gif", 320)
    bad = run_cli(tmp_path, "make", photo, "-p", "a video", "--quality", "best")
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[-1] == (
        "photoreel make: Argument --quality: invalid choice: 'best' (choose from 'draft', "
        "'standard', 'high'). See `photoreel make --help`."
    )


def test_make_in_a_log_prints_its_progress_as_plain_lines_while_it_works(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    """stderr piped, as in CI: whole lines as the work happens, no bars redrawn, no "…"."""
    long_name = tmp_path / f"{'a-very-long-name-for-one-photo-of-the-summer-trip-' * 3}.jpg"
    Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB").save(long_name)
    out = tmp_path / "log.mp4"
    make = subprocess.Popen(
        [sys.executable, "-m", "photoreel", "make", str(long_name),
         str(SHARED_MEDIA / "rocket.jpg"), "-p", "a 10 second video in 720p", "-o", str(out),
         "--api", f"unix:{shared_server.uds}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env(tmp_path), cwd=tmp_path,
    )  # fmt: skip
    assert make.stderr is not None
    lines: list[str] = []
    early = []  # render lines read while make was still rendering
    for raw in make.stderr:  # bytes, so that a carriage return would show
        line = raw.decode()
        lines.append(line.removesuffix("\n"))
        if (m := re.fullmatch(r"  Render (\d+)% \(processing\)\n", line)) and int(m[1]) > 0:
            early.append((int(m[1]), make.poll() is None and not out.exists()))
    assert make.wait(timeout=300) == 0
    assert early and all(still_working for _, still_working in early), early
    assert not any("\r" in line or "…" in line or "▕" in line for line in lines), lines
    stages = [line for line in lines if line.startswith("· ")]
    assert [s.split(" (")[0] for s in stages] == [
        "· Starting a new project", stages[1].split(" (")[0], "· Uploading 2 files",
        "· Asking the agent", "· Rendering", "· Downloading",
    ]  # fmt: skip
    assert f"  Upload {long_name.name}: " in "\n".join(lines)  # whole, however long
    assert "  edit: make_video" in lines and "  Agent: done" in lines
    percents = [int(m[1]) for line in lines if (m := re.fullmatch(r"  Render (\d+)% .*", line))]
    assert percents == sorted(percents) and percents[-1] == 100
    assert lines[lines.index("· Downloading") - 1] == "  Render 100% (completed)"
    assert re.fullmatch(r"  Download: \d+\.\d MB, done", lines[-1])


def test_make_in_chinese_says_the_duplicate_and_the_blurred_photo_in_chinese(
    shared_server: RunningServer, tmp_path: Path
) -> None:
    """The words it suggests are ones the agent understands: the blurred one is dropped."""
    from test_curation import _curation_set

    files = _curation_set(tmp_path)
    done = run_cli(
        tmp_path,
        "make", *map(str, files.values()), "-p", "做一个4秒的720p视频，删除模糊的照片",
        "--api", f"unix:{shared_server.uds}", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        "· 注意到：1 张照片像是重复的，1 张照片模糊。说「删除重复」或「删除模糊的照片」即可去掉。\n"
        in done.stderr
    )
    summary = json.loads(done.stdout)["summary"]
    assert "shaky.jpg" not in summary and "portrait-copy.jpg" in summary
