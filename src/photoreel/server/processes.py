"""The ffmpeg processes a server starts, recorded so that its next start can end them.

A server killed with SIGKILL (or by the OOM killer, or a power cut of its
container) cannot stop the ffmpeg it started: that ffmpeg runs on to its end,
writing into a temporary folder nobody will read. So every ffmpeg the engine
starts is written down in the store as it starts (its pid, its start time and
the machine's boot id) and struck out when it exits. At start-up the server ends
each recorded process that is still the same process: same pid *and* same start
time on the same boot, so a pid the system has since given to another program
is never touched. Processes are never found by name.

The same module answers whether a process is alive (`process_alive`), the one
answer the leases, the embedded launcher and the tests use. A process that has
exited but whose parent has not collected it yet (a zombie) keeps its pid, and
`kill(pid, 0)` still succeeds on it. It is not alive: it will never answer on a
socket, hold the backend for an app or finish a render.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
from pathlib import Path

import psutil

from photoreel.server.store import Store

log = logging.getLogger("photoreel.server")

#: Two readings of one process's start time agree to well within this (seconds).
SAME_START = 0.05


def boot_id() -> str:
    """This boot of the machine (Linux); a pid and start time mean nothing across boots."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return f"boot-{psutil.boot_time():.0f}"


_current: ProcessRecord | None = None
_hooked = threading.Lock()
_hooked_done = False


def record_engine_processes() -> None:
    """Have the engine report its ffmpeg processes to this server's record.

    Called where the server first uses the engine, right after importing it: the
    engine is loaded after start-up (see warmup.py), so importing it at start
    to register would slow every start down.
    """
    global _hooked_done
    if _hooked_done:
        return
    with _hooked:
        if not _hooked_done:
            from photoreel.engine.ffmpeg import observe_processes

            observe_processes(_observe)
            _hooked_done = True


def _observe(proc: subprocess.Popen[bytes], started: bool) -> None:
    if _current is not None:
        _current.observe(proc, started)


class ProcessRecord:
    """Writes down the ffmpeg processes of one server (`engine.ffmpeg.observe_processes`)."""

    def __init__(self, store: Store) -> None:
        global _current
        self.store = store
        self.boot = boot_id()
        _current = self

    def observe(self, proc: subprocess.Popen[bytes], started: bool) -> None:
        if not started:
            self.store.forget_process(proc.pid)
            return
        try:
            start_time = psutil.Process(proc.pid).create_time()
        except psutil.Error:
            return  # already gone: nothing to end later
        self.store.record_process(proc.pid, start_time, self.boot)

    def end_orphans(self) -> int:
        """End every recorded process still running from a previous run; how many."""
        ended = 0
        for pid, start_time, boot in self.store.recorded_processes():
            if boot == self.boot and _kill_if_same(pid, start_time):
                ended += 1
            self.store.forget_process(pid)
        if ended:
            log.warning("ended %d ffmpeg process(es) a previous run left running", ended)
        return ended


def _kill_if_same(pid: int, start_time: float) -> bool:
    try:
        proc = psutil.Process(pid)
        if abs(proc.create_time() - start_time) > SAME_START:
            return False  # the pid now belongs to another process
        proc.send_signal(signal.SIGKILL)
    except psutil.Error:
        return False
    with contextlib.suppress(psutil.Error):
        proc.wait(5)
    return True


def process_alive(pid: int) -> bool:
    """True while process `pid` runs (another user's too); False once it has exited, even
    when nobody has collected it yet."""
    if pid <= 0:
        return False  # kill(0 or -n, 0) would ask about a whole process group
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, it is another user's
    return not (_collected(pid) or _zombie(pid))


def _collected(pid: int) -> bool:
    """Our own child that has exited: collect it (else it stays a zombie) and say so."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False  # not our child (or already collected)
    return done == pid


def _zombie(pid: int) -> bool:
    """Another process's child that exited and was not collected: state `Z` (Linux /proc;
    elsewhere there is no cheap way to tell, and such a process counts as alive)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[-1].split()  # the name, in parentheses, may hold spaces
    return bool(fields) and fields[0] == "Z"
