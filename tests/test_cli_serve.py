"""`photoreel serve` as a person runs it: the start-up lines say where it listens, how to
use it and how to stop it; other commands use it with --api; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from photoreel.server.serve import READY_PREFIX
from test_cli_client import cli_env, ctrl_c_reaches_it, run_cli


def test_serve_then_use_it_with_api_then_stop_it_with_ctrl_c(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    serving = tmp_path / "serving"
    serving.mkdir()
    serve = subprocess.Popen(
        [sys.executable, "-m", "photoreel", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(serving),  # its own data dir, as a person's would be
        cwd=serving,
        preexec_fn=ctrl_c_reaches_it,
    )
    try:
        assert serve.stdout is not None
        first = serve.stdout.readline()
        assert first.startswith(READY_PREFIX + "http://127.0.0.1:"), first
        url = first[len(READY_PREFIX) :].strip()
        port = url.rsplit(":", 1)[1]
        told = [serve.stdout.readline() for _ in range(3)]
        assert told == [
            f"  data:    {serving / 'cli' / 'data'}\n",
            f"  use it:  photoreel --api {url}   (make, credits, state and export take --api "
            "too)\n",
            "  stop it: Ctrl-C (a render still running is kept and resumes at the next start)\n",
        ]

        credits = run_cli(tmp_path, "credits", "--api", url)
        assert (credits.returncode, credits.stdout) == (0, "Credits: unlimited\n")
        # The same person by another name of the same machine: a second token, not 429.
        again = run_cli(tmp_path, "credits", "--api", f"http://localhost:{port}")
        assert (again.returncode, again.stdout) == (0, "Credits: unlimited\n"), again.stderr

        out = tmp_path / "served.mp4"
        made = run_cli(
            tmp_path, "make", *map(str, sample_photos[:2]),
            "-p", "a 2 second video in 320x180", "-o", str(out), "--api", url, "--json",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        assert json.loads(made.stdout)["output"] == str(out)
        assert out.stat().st_size > 1000
    finally:
        serve.send_signal(signal.SIGINT)
        _, stderr = serve.communicate(timeout=30)
    assert serve.returncode == 0
    assert stderr.strip().splitlines()[-1] == "photoreel serve: stopped."
    assert "Traceback" not in stderr
