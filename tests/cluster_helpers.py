"""A real render cluster for tests: a Dask scheduler and `photoreel worker` processes.

    with start_cluster(tmp_path, workers=2) as cluster:
        with start_server(tmp_path, cluster=cluster.address, chunk_seconds=1) as server:
            ...

Every process is started the way a person would (`dask scheduler` is
`python -m distributed.cli.dask_scheduler`, the worker is `python -m photoreel
worker`), each in its own session so that killing a worker also kills the
ffmpeg it runs, as when a machine dies. Everything is stopped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

START_TIMEOUT = 60.0


def _wait_for_line(log: Path, pattern: str, process: subprocess.Popen[bytes]) -> re.Match[str]:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if match := re.search(pattern, text):
            return match
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited ({process.returncode}):\n{text}")
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{process.args} did not start in {START_TIMEOUT}s")


@dataclass
class Proc:
    """One process of the cluster and its log."""

    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL it and everything it started (a machine dying)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def making_chunk(self) -> bool:
        """Whether it runs an ffmpeg writing a chunk right now."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return False
        for child in children:
            with contextlib.suppress(psutil.Error):
                if "matroska" in child.cmdline():
                    return True
        return False


@dataclass
class Cluster:
    address: str
    root: Path
    scheduler: Proc
    workers: list[Proc] = field(default_factory=list)

    def add_worker(self, name: str) -> Proc:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "stderr.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PHOTOREEL_CACHE_DIR": str(folder)}
        args = [sys.executable, "-m", "photoreel", "worker", self.address, "--name", name]
        args += ["--cache", str(folder / "media")]
        with log.open("wb") as err:
            process = subprocess.Popen(
                args,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=env,
                cwd=folder,
                start_new_session=True,
            )
        worker = Proc(process, log)
        _wait_for_line(log, r"ready: worker", process)
        self.workers.append(worker)
        return worker

    def restart_scheduler(self) -> None:
        """A new scheduler on the same address (the old one must be gone)."""
        port = int(self.address.rsplit(":", 1)[1])
        self.scheduler = _scheduler(self.root, port)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _scheduler(root: Path, port: int) -> Proc:
    log = root / f"scheduler-{time.monotonic_ns()}.log"
    args = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1"]
    args += ["--port", str(port), "--no-dashboard"]
    with log.open("wb") as err:
        process = subprocess.Popen(
            args,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=root,
            start_new_session=True,
        )
    _wait_for_line(log, r"Scheduler at:\s+(\S+)", process)
    return Proc(process, log)


@contextlib.contextmanager
def start_cluster(tmp_path: Path, workers: int = 2) -> Iterator[Cluster]:
    """A scheduler on a free loopback port and `workers` photoreel workers joined to it."""
    root = tmp_path / "cluster"
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    cluster = Cluster(f"tcp://127.0.0.1:{port}", root, _scheduler(root, port))
    try:
        for i in range(workers):
            cluster.add_worker(f"w{i + 1}")
        yield cluster
    finally:
        for worker in cluster.workers:
            worker.stop()
        cluster.scheduler.stop()
