"""`process_alive`: a running process is alive; one that has exited is not, collected or not."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from photoreel.server.processes import process_alive


def test_this_process_is_alive_and_nonsense_pids_are_not() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(0) and not process_alive(-1)


def test_a_child_is_alive_while_it_runs_and_not_once_it_exited() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:
        assert process_alive(child.pid)
        assert child.stdin is not None
        child.stdin.close()  # it exits now; nobody has waited for it: a zombie for a while
        deadline = time.monotonic() + 10
        while process_alive(child.pid):
            assert time.monotonic() < deadline, "an exited child still counts as alive"
            time.sleep(0.01)
    finally:
        child.kill()
        child.wait()
    assert not process_alive(child.pid)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_another_process_s_zombie_is_not_alive() -> None:
    """The parent forks a child that exits at once and never collects it: the child stays a
    zombie (state Z) that `kill(pid, 0)` still reaches, and it is not alive."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            "pid = os.fork()\n"
            "if pid == 0:\n    os._exit(0)\n"
            "print(pid, flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        zombie = int(parent.stdout.readline())
        deadline = time.monotonic() + 10
        while Path(f"/proc/{zombie}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline, "the child did not exit"
            time.sleep(0.01)
        assert not process_alive(zombie)
        assert process_alive(parent.pid)
    finally:
        parent.kill()
        parent.wait()
