"""`photoreel render DRAFT.json -o OUT.mp4`: what a person types and sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from engine_media import BLUE, RED, solid
from video_checks import inspect


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


def test_bad_json_and_missing_draft_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{nope")
    bad = run("bad.json", "-o", "out.mp4", cwd=tmp_path)
    assert bad.returncode == 2 and "not valid JSON" in bad.stderr
    missing = run("absent.json", "-o", "out.mp4", cwd=tmp_path)
    assert missing.returncode == 2 and "no such draft file" in missing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr
