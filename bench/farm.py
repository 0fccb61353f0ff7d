"""Benchmark the render farm: the same export made on this machine and on a local cluster.

Starts a Dask scheduler and N `photoreel worker`s (one chunk at a time each) on
this machine, and a `photoreel serve --cluster` in front of them; uploads the
reference media (bench/render.py: 12 MP JPEGs, Ken Burns, 1 s crossfades, a
title, music, 1080p30, quality `high`) and exports a 120 s timeline with 1, 2
and 4 workers, then the same export from a server without a cluster (the
engine on this machine, one pass per 20 s window: today's default). Each time
is from submit to `completed`, as a user waits for it. Prints:

* chunk_overhead: the cluster with one worker / the server without a cluster.
  What cutting into chunks, Dask, downloading the media and joining cost. Aim
  <= 1.05.
* speedup_2, speedup_4: one worker's time / two's, four's.

x264 uses every core of a machine for one chunk, so on a machine with C cores
speedup_N measures N workers sharing C cores: on a 2-core machine only
speedup_2 says something (how much the serial parts of a chunk, preparing its
photos and ffmpeg's start, overlap with another chunk's encoding), and
speedup_4 is four workers fighting over two cores. Workers on N machines are
what the farm is for.

Run: pip install -e '.[farm,bench]' && python bench/farm.py [--seconds 120] [--runs 1]
The last three lines are exactly `name=value` for scripts.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent
START_TIMEOUT = 120.0
HEADERS = {"X-Skill-Source": "photoreel", "X-Skill-Version": "bench", "X-Skill-Platform": "bench"}


def _reference() -> Any:
    """bench/render.py's reference media and timeline (one definition of the reference)."""
    spec = importlib.util.spec_from_file_location("bench_render", ROOT / "render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wait_for(log: Path, pattern: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if found := re.search(pattern, text):
            return found.group(1)
        if process.poll() is not None:
            raise SystemExit(f"{process.args[2:5]} exited:\n{text[-2000:]}")
        time.sleep(0.1)
    raise SystemExit(f"{process.args[2:5]} did not start in {START_TIMEOUT:g} s")


class Processes:
    """The processes of one set-up, each in its own session, all stopped at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], ready: str, where: str = "stderr") -> str:
        log = self.folder / f"{name}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1",
               "PHOTOREEL_CACHE_DIR": str(self.folder / name)}  # fmt: skip
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, *args],
                stdout=out if where == "stdout" else subprocess.DEVNULL,
                stderr=out if where == "stderr" else subprocess.DEVNULL,
                env=env,
                cwd=self.folder,
                start_new_session=True,
            )
        self.running.append(process)
        return _wait_for(log, ready, process)

    def stop(self) -> None:
        for process in reversed(self.running):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def setup(folder: Path, workers: int, chunk_seconds: float) -> Iterator[str]:
    """A server (with a cluster of `workers` when > 0); yields its URL."""
    folder.mkdir(parents=True)
    procs = Processes(folder)
    try:
        serve = ["-m", "photoreel", "serve", "--port", "0", "--data", str(folder / "data")]
        if workers:
            address = f"tcp://127.0.0.1:{_free_port()}"
            procs.start("scheduler", ["-m", "distributed.cli.dask_scheduler", "--host",
                                      "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                      "--no-dashboard"], r"Scheduler at:\s+(\S+)")  # fmt: skip
            for i in range(workers):
                procs.start(f"worker{i}", ["-m", "photoreel", "worker", address, "--threads", "1"],
                            r"(ready): worker")  # fmt: skip
            serve += ["--cluster", address, "--chunk-seconds", str(chunk_seconds)]
        yield procs.start("server", serve, r"listening on (\S+)", where="stdout")
    finally:
        procs.stop()


def export_seconds(url: str, media: list[Path], seconds: int, reference: Any) -> float:
    """Upload the media, export the timeline, return seconds from submit to completed."""
    with httpx.Client(base_url=url, headers=HEADERS, timeout=120) as http:
        client_id = {"X-Client-Id": str(uuid.uuid4())}
        token = http.post("/api/auth/anonymous-token", headers=client_id).json()["data"]["token"]
        auth = {"Authorization": f"Bearer {token}"}
        session = {"task_name": "bench", "language": "en"}
        sid = http.post("/api/tasks/me/with-session/nemo_agent", headers=auth, json=session)
        sid = sid.json()["data"]["session_id"]
        files = [("files", (p.name, p.read_bytes())) for p in media]
        http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files, headers=auth)
        draft = reference.reference_draft(seconds).model_dump(by_alias=True, exclude_none=True)
        rid = f"bench_{uuid.uuid4().hex[:8]}"
        body = {"id": rid, "sessionId": sid, "draft": draft,
                "output": {"format": "mp4", "quality": reference.QUALITY}}  # fmt: skip
        started = time.monotonic()
        answer = http.post("/api/render/proxy/lambda", json=body, headers=auth).json()
        assert answer["code"] == 0, answer
        while True:
            status = http.get(f"/api/render/proxy/lambda/{rid}", headers=auth).json()
            if status["status"] in ("completed", "failed", "cancelled"):
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        if status["status"] != "completed":
            raise SystemExit(f"the export {status['status']}: {status.get('error')}")
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=120, help="timeline length (default 120)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each, median (default 1)")
    parser.add_argument("--chunk-seconds", type=float, default=20.0,
                        help="the server's --chunk-seconds (default 20, its default)")  # fmt: skip
    args = parser.parse_args()
    # Stopped from outside, still stop the servers and workers it started (`finally`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    reference = _reference()
    times: dict[int, list[float]] = {0: [], 1: [], 2: [], 4: []}
    with tempfile.TemporaryDirectory(prefix="photoreel-bench-farm-") as tmp:
        work = Path(tmp)
        media_dir = work / "media"
        media_dir.mkdir()
        media = reference.make_media(media_dir)
        for run in range(args.runs):
            for workers in times:  # single pass first, then 1, 2, 4 workers
                folder = work / f"run{run}-w{workers}"
                with setup(folder, workers, args.chunk_seconds) as url:
                    took = export_seconds(url, media, args.seconds, reference)
                times[workers].append(took)
                label = f"{workers} worker(s)" if workers else "no cluster (single pass)"
                print(f"{args.seconds} s timeline, {label}: {took:.1f} s", flush=True)
    best = {workers: statistics.median(values) for workers, values in times.items()}
    print(f"chunk_overhead={best[1] / best[0]:.3f}")
    print(f"speedup_2={best[1] / best[2]:.3f}")
    print(f"speedup_4={best[1] / best[4]:.3f}")


if __name__ == "__main__":
    main()
