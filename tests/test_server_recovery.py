"""What a killed server left behind, found and ended at the next start: only the
processes it recorded, by pid *and* start time, never by name."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import psutil

from photoreel.server.processes import boot_id
from server_helpers import start_server


def _record(data: Path, pid: int, started: float, boot: str) -> None:
    with sqlite3.connect(data / "photoreel.db") as db:
        db.execute(
            "INSERT INTO processes (pid, started, boot_id, created_at) VALUES (?, ?, ?, ?)",
            (pid, started, boot, time.time()),
        )


def test_the_next_start_ends_only_the_processes_it_recorded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with start_server(tmp_path, data_dir=data):
        pass  # a store with its tables
    (data / "tmp" / "render-left-behind").mkdir(parents=True)
    (data / "tmp" / "render-left-behind" / "frame.ppm").write_bytes(b"x" * 1000)
    sleepers = [subprocess.Popen(["sleep", "120"]) for _ in range(3)]
    try:
        ours, reused, other_boot = (psutil.Process(p.pid) for p in sleepers)
        _record(data, ours.pid, ours.create_time(), boot_id())
        # The pid was recorded for a process that ended; the system gave it to another.
        _record(data, reused.pid, reused.create_time() - 30, boot_id())
        _record(data, other_boot.pid, other_boot.create_time(), "an-earlier-boot")
        with start_server(tmp_path, data_dir=data) as server:
            assert sleepers[0].wait(10) == -9  # ended with SIGKILL at the start
            assert sleepers[1].poll() is None and sleepers[2].poll() is None
            assert not list((data / "tmp").iterdir())  # the temporary files it left, too
            assert "ended 1 ffmpeg process(es) a previous run left running" in server.stderr()
        with sqlite3.connect(data / "photoreel.db") as db:
            assert db.execute("SELECT COUNT(*) FROM processes").fetchone()[0] == 0
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()
