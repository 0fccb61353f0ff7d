"""`photoreel make/credits/state/export` as a person runs them: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from server_helpers import RunningServer


def run_cli(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m photoreel ARGS` with every photoreel directory inside tmp_path."""
    return subprocess.run(
        [sys.executable, "-m", "photoreel", *args],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path),
        cwd=tmp_path,
        timeout=timeout,
    )


def ctrl_c_reaches_it() -> None:
    """`preexec_fn` for a child the test stops with SIGINT, as a person's Ctrl-C would.

    A test run started in the background (`nohup ... &`, some CI runners) inherits
    SIGINT ignored, and Python then never raises KeyboardInterrupt in the child: the
    test would see a program that ignores Ctrl-C when a person's terminal would not.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a person whose photoreel directories are all inside tmp_path."""
    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "CACHE"):
        path = tmp_path / "cli" / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"PHOTOREEL_{name}_DIR"] = str(path)
    # The embedded backend's socket lives here: keep the path short (AF_UNIX allows ~100).
    runtime = tmp_path / "cli" / "runtime-dir"
    if not runtime.exists():
        runtime.symlink_to(tempfile.mkdtemp(prefix="pr-", dir="/tmp"))
    env["PHOTOREEL_RUNTIME_DIR"] = str(runtime.resolve())
    env.pop("NEMO_TOKEN", None)
    return env


def test_make_refuses_bad_input_before_starting_anything(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    photo = str(sample_photos[0])
    missing = run_cli(tmp_path, "make", str(tmp_path / "nope.jpg"), "-p", "a video")
    assert missing.returncode == 2
    assert "nope.jpg cannot be read (no such file)" in missing.stderr
    assert "Traceback" not in missing.stderr
    doc = tmp_path / "report.pdf"
    doc.write_bytes(b"%PDF-1.4")
    unsupported = run_cli(tmp_path, "make", str(doc), "-p", "a video")
    assert unsupported.returncode == 2
    assert "Supported formats: mp4, mov" in unsupported.stderr
    music = run_cli(tmp_path, "make", photo, "-p", "a video", "--music", photo)
    assert music.returncode == 2
    assert f"{sample_photos[0].name} cannot be used (it is a photo, not music)" in music.stderr
    ratio = run_cli(tmp_path, "make", photo, "-p", "a video", "--ratio", "3:2")
    assert ratio.returncode == 2 and "invalid choice" in ratio.stderr
    as_json = run_cli(tmp_path, "make", str(doc), "-p", "a video", "--json")
    assert json.loads(as_json.stdout)["error"]["code"] == 4001


def test_credits_and_state_against_a_server(tmp_path: Path, shared_server: RunningServer) -> None:
    api = f"unix:{shared_server.uds}"
    shown = run_cli(tmp_path, "credits", "--api", api)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "Credits: unlimited"
    as_json = run_cli(tmp_path, "credits", "--api", api, "--json")
    assert json.loads(as_json.stdout)["unlimited"] is True
    unknown = run_cli(tmp_path, "state", "777777", "--api", api)
    assert unknown.returncode == 2
    assert "Session 777777 was not found" in unknown.stderr


def test_an_unreachable_backend_is_exit_3_with_a_message(tmp_path: Path) -> None:
    gone = run_cli(tmp_path, "credits", "--api", "unix:/nonexistent/photoreel.sock")
    assert gone.returncode == 3
    assert "Cannot reach the backend at /nonexistent/photoreel.sock" in gone.stderr
    assert "Traceback" not in gone.stderr
    bad = run_cli(tmp_path, "credits", "--api", "ftp://example.com")
    assert bad.returncode == 2 and "is not a backend address" in bad.stderr


def test_export_without_a_session_fails_when_an_earlier_render_cannot_be_saved(
    tmp_path: Path, shared_server: RunningServer
) -> None:
    """`photoreel export` exists to fetch earlier renders: one it cannot save is exit 3."""
    from photoreel.client.renders import PendingRender, PendingRenders

    api = f"unix:{shared_server.uds}"
    nothing = run_cli(tmp_path, "export", "--api", api)
    assert nothing.returncode == 0 and "No renders are waiting" in nothing.stderr
    config = Path(cli_env(tmp_path)["PHOTOREEL_CONFIG_DIR"])
    gone = PendingRender(render_id="render_gone", session_id="1", backend=api)
    PendingRenders(config).remember(gone)
    failed = run_cli(tmp_path, "export", "--api", api, "--json")
    assert failed.returncode == 3, failed.stderr
    assert "An earlier render (render_gone) could not be saved" in failed.stderr
    assert json.loads(failed.stdout)["error"]["code"] == "not_saved"
    # The backend does not know it, so it is forgotten: the next run has nothing to do.
    again = run_cli(tmp_path, "export", "--api", api)
    assert again.returncode == 0 and "No renders are waiting" in again.stderr, again.stderr
