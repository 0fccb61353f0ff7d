"""`photoreel render DRAFT.json -o OUT.mp4`: what a person types and sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from engine_media import BLUE, RED, solid
from video_checks import close, frames, inspect, make_clip, mean_rgb


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "photoreel", "render", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_draft(folder: Path, **overrides: object) -> Path:
    (folder / "photos").mkdir()
    solid(folder / "photos" / "red.png", RED)
    solid(folder / "photos" / "blue.png", BLUE)
    draft = {
        "d": 2000,
        "m": {"width": 320, "height": 180, "fps": 25},
        "t": [
            {
                "tt": 0,
                "sg": [
                    {"s": 0, "d": 1000, "m": {"src": "photos/red.png", "transition": {"d": 400}}},
                    {"s": 1000, "d": 1000, "m": {"src": "photos/blue.png"}},
                ],
            }
        ],
        **overrides,
    }
    path = folder / "draft.json"
    path.write_text(json.dumps(draft))
    return path


def test_render_resolves_media_next_to_the_draft(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    draft = write_draft(project)
    out = tmp_path / "out.mp4"
    sheet = tmp_path / "sheet.png"
    # Run from elsewhere: paths in the draft are relative to the draft, not the cwd.
    proc = run(str(draft), "-o", str(out), "--quality", "draft", "--storyboard", str(sheet),
               cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert inspect(out).frames == 50
    red, blue = frames(out, [5, 45])  # it shows the photos, not 2 s of black
    assert close(mean_rgb(red), RED) and close(mean_rgb(blue), BLUE)
    assert sheet.stat().st_size > 0
    assert "320x180, 2s, mp4" in proc.stderr


def test_format_follows_the_extension(tmp_path: Path) -> None:
    draft = write_draft(tmp_path)
    proc = run(str(draft), "-o", "out.webm", "--quality", "draft", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert inspect(tmp_path / "out.webm").codec == "vp9"


def test_an_invalid_draft_exits_2_naming_the_key(tmp_path: Path) -> None:
    draft = write_draft(tmp_path, m={"fps": 29})
    proc = run(str(draft), "-o", "out.mp4", cwd=tmp_path)
    assert proc.returncode == 2
    assert "m.fps: 29 is not allowed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out.mp4").exists()


def test_a_missing_photo_exits_2_naming_segment_and_file(tmp_path: Path) -> None:
    draft = write_draft(tmp_path)
    (tmp_path / "photos" / "blue.png").unlink()
    proc = run(str(draft), "-o", "out.mp4", cwd=tmp_path)
    assert proc.returncode == 2
    assert "t[0].sg[1] (blue.png): file not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_photo_cut_short_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    draft = write_draft(tmp_path)
    Image.effect_noise((400, 300), 60).convert("RGB").save(tmp_path / "photos" / "blue.png")
    data = (tmp_path / "photos" / "blue.png").read_bytes()
    (tmp_path / "photos" / "blue.png").write_bytes(data[: len(data) // 3])
    proc = run(str(draft), "-o", "out.mp4", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "photoreel render: t[0].sg[1] (blue.png): the photo is cut short: only part of it is "
        "there. Copy or export it again from where it came from"
    ]
    assert not (tmp_path / "out.mp4").exists()


def test_help_tells_a_bad_file_from_a_fault_of_photoreel() -> None:
    proc = subprocess.run([sys.executable, "-m", "photoreel", "render", "--help"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    text = " ".join(proc.stdout.split())
    assert "2 bad draft or media file" in text and "3 photoreel failed" in text


def test_bad_json_and_missing_draft_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{nope")
    bad = run("bad.json", "-o", "out.mp4", cwd=tmp_path)
    assert bad.returncode == 2 and "not valid JSON" in bad.stderr
    missing = run("absent.json", "-o", "out.mp4", cwd=tmp_path)
    assert missing.returncode == 2 and "no such draft file" in missing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr


def test_a_draft_shorter_than_the_minimum_exits_2_saying_what_is_allowed(tmp_path: Path) -> None:
    write_draft(tmp_path, d=1, t=[])
    proc = run("draft.json", "-o", "out.mp4", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "photoreel render: draft.json: d: a 1 ms video is too short; "
        "d must be at least 100 ms (0.1s)\n"
    )
    assert not (tmp_path / "out.mp4").exists()


def test_a_segment_shorter_than_a_frame_exits_2_naming_it(tmp_path: Path) -> None:
    draft = write_draft(tmp_path)
    raw = json.loads(draft.read_text())
    raw["d"] = 1010
    raw["t"][0]["sg"][1]["d"] = 10
    raw["t"][0]["sg"][0]["m"].pop("transition")
    draft.write_text(json.dumps(raw))
    proc = run("draft.json", "-o", "out.mp4", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "photoreel render: draft.json: t[0].sg[1].d: a 10 ms segment is shorter than one "
        "frame at 25 fps; use at least 40 ms\n"
    )
    assert not (tmp_path / "out.mp4").exists()


def test_a_clip_trimmed_past_its_last_frame_exits_2_naming_it(tmp_path: Path) -> None:
    """The draft cannot know the clip's length; the engine refuses instead of a short video."""
    draft = write_draft(tmp_path)
    make_clip(tmp_path / "photos" / "clip.mp4", 1, tone=None)
    raw = json.loads(draft.read_text())
    raw["t"][0]["sg"][1]["m"] = {"src": "photos/clip.mp4", "kind": "video", "trim_in": 990}
    draft.write_text(json.dumps(raw))
    proc = run(str(draft), "-o", "out.mp4", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.endswith(
        "photoreel render: t[0].sg[1] (clip.mp4): only 10 ms of the clip is left after "
        "trim_in 990 ms, less than one frame at 25 fps; start trim_in at least 40 ms before "
        "the clip ends\n"
    )
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out.mp4").exists()
    assert not list(tmp_path.glob(".out.mp4.*"))  # no half-written file either
