"""Upload accepts only what will render: every file is decoded before the answer (issue 11).

A real server on a real socket; files made on the spot, some cut short the way
an interrupted copy leaves them. What upload accepts is then exported, and
the video shows it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from engine_media import BLUE, RED
from photoreel.engine.ffmpeg import ffmpeg_exe
from server_helpers import RunningServer, bearer, get_token, new_session, start_server
from video_checks import close, frames, inspect, make_clip, make_tone, mean_rgb

#: Low limits, so a frame bomb and an oversized photo are small files here.
MAX_FRAMES = 40
MAX_PIXELS = 500_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(
        tmp_path_factory.mktemp("decoding"),
        max_animation_frames=MAX_FRAMES,
        max_photo_pixels=MAX_PIXELS,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Good files of each kind, and the same cut to a third, as an interrupted copy is."""
    folder = tmp_path_factory.mktemp("files")
    Image.effect_noise((600, 400), 60).convert("RGB").save(folder / "noise.jpg", quality=90)
    Image.new("RGB", (160, 90), RED).save(folder / "red.jpg", quality=90)
    frames_ = [Image.new("RGB", (80, 45), (30, 60 + i, 220)) for i in range(4)]
    frames_[0].save(folder / "blue.gif", save_all=True, append_images=frames_[1:], duration=250,
                    loop=0)  # fmt: skip
    make_clip(folder / "clip.mp4", 1.0, size="160x90", fps=30)
    make_tone(folder / "song.mp3", 2.0)
    data = {p.name: p.read_bytes() for p in folder.iterdir()}
    for name in ("noise.jpg", "clip.mp4", "song.mp3"):
        data[f"cut_{name}"] = data[name][: len(data[name]) // 3]
    return data


def _upload(http: httpx.Client, token: str, sid: str, named: list[tuple[str, bytes]]) -> dict:
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (name, data)) for name, data in named],
        headers=bearer(token),
    )
    return answer.json()


def test_files_cut_short_are_refused_naming_the_file_and_the_others_are_kept(
    http: httpx.Client, files: dict[str, bytes]
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    sent = [
        ("IMG_0001.jpg", files["cut_noise.jpg"]),
        ("red.jpg", files["red.jpg"]),
        ("holiday.mp4", files["cut_clip.mp4"]),
        ("song.mp3", files["cut_song.mp3"]),
    ]
    rows = _upload(http, token, sid, sent)["data"]["files"]
    assert [row["code"] for row in rows] == [4001, 0, 4001, 4001]
    assert rows[0]["message"].startswith(
        "IMG_0001.jpg: the photo is cut short: only part of it is there."
    )
    assert rows[2]["message"].startswith("holiday.mp4: the file is cut short")
    assert rows[3]["message"].startswith("song.mp3: the sound is cut short")


def test_a_frame_bomb_and_a_huge_photo_are_refused_naming_the_limit(
    http: httpx.Client, tmp_path: Path
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi",
         "-i", "testsrc=s=16x16:r=50:d=2", str(tmp_path / "bomb.gif")],
        check=True, timeout=60,
    )  # fmt: skip
    Image.new("L", (1000, 600), 128).save(tmp_path / "big.png")
    sent = [(p.name, p.read_bytes()) for p in (tmp_path / "bomb.gif", tmp_path / "big.png")]
    body = _upload(http, token, sid, sent)
    assert body["code"] == 4002
    bomb, big = body["data"]["files"]
    assert bomb["code"] == 4002 and bomb["message"].startswith(
        f"bomb.gif: the animation has 100 frames, more than the {MAX_FRAMES} photoreel takes."
    )
    assert big["code"] == 4002 and big["message"].startswith(
        "big.png: the picture is too large: 1000x600 is 1 million pixels"
    )


def _render(http: httpx.Client, token: str, sid: str, render_id: str, draft: dict) -> dict:
    answer = http.post(
        "/api/render/proxy/lambda",
        json={"id": render_id, "sessionId": sid, "draft": draft,
              "output": {"format": "mp4", "quality": "draft"}},
        headers=bearer(token),
    ).json()  # fmt: skip
    assert answer["code"] == 0, answer
    deadline = time.monotonic() + 60
    while True:
        status = http.get(f"/api/render/proxy/lambda/{render_id}", headers=bearer(token)).json()
        if status["status"] in ("completed", "failed"):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def test_a_failed_render_names_the_segment_and_the_file_as_uploaded(
    http: httpx.Client, files: dict[str, bytes]
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    rows = _upload(http, token, sid, [("holiday.mp4", files["clip.mp4"])])["data"]["files"]
    clip = rows[0]["media_id"]
    draft = {
        "d": 1000,
        "m": {"width": 64, "height": 36, "fps": 30},
        "t": [{"tt": 0, "sg": [{"s": 0, "d": 1000, "m": {"src": clip, "kind": "video",
                                                          "trim_in": 5000}}]}],
    }  # fmt: skip
    status = _render(http, token, sid, "render_trimmed", draft)
    assert status["status"] == "failed"
    assert status["error"].startswith(
        "t[0].sg[0] (holiday.mp4): trim_in 5s is past the clip's end (1s)"
    ), status


def test_what_upload_accepts_renders_and_shows(
    http: httpx.Client, files: dict[str, bytes], tmp_path: Path
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    names = ["red.jpg", "blue.gif", "clip.mp4", "song.mp3"]
    rows = _upload(http, token, sid, [(n, files[n]) for n in names])["data"]["files"]
    assert [row["code"] for row in rows] == [0, 0, 0, 0]
    ids = {name: row["media_id"] for name, row in zip(names, rows, strict=True)}
    fade = {"type": "fade", "d": 300}
    draft = {
        "d": 1500,
        "m": {"width": 64, "height": 36, "fps": 30},
        "t": [
            {"tt": 0, "sg": [
                {"s": 0, "d": 500, "m": {"src": ids["red.jpg"], "transition": fade}},
                {"s": 500, "d": 500, "m": {"src": ids["blue.gif"], "transition": fade}},
                {"s": 1000, "d": 500, "m": {"src": ids["clip.mp4"], "kind": "video"}},
            ]},
            {"tt": 1, "sg": [{"s": 0, "d": 1500, "m": {"src": ids["song.mp3"]}}]},
        ],
    }  # fmt: skip
    status = _render(http, token, sid, "render_decoded", draft)
    assert status["status"] == "completed", status
    out = tmp_path / "out.mp4"
    out.write_bytes(http.get(status["outputUrl"], headers=bearer(token)).content)
    assert inspect(out).frames == 45
    red, blue = frames(out, [3, 20])
    assert close(mean_rgb(red), RED, 20) and close(mean_rgb(blue), BLUE, 30)
