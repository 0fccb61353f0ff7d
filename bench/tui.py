"""How quickly the app shows its first screen, answers keys while a render runs, quits,
and shows a preview's first frame.

Runs the real app headless (Textual's test driver, so no terminal is needed)
against the private backend started as `photoreel` starts it, in throw-away
directories. It uploads three sample photos, asks for a 15-second video,
exports it, and while the render runs presses down/up in the file tree,
timing each key from its arrival to the frame showing the moved cursor being
written out. The same is
measured with nothing running first, so the ratio shows what a render costs
the keyboard. Then it presses the preview key (f5) on the 15 s timeline and
times the key to the first preview frame written out. Last, it starts the real
`photoreel` command in a pseudo-terminal on the same folder (it reopens the
project), starts an export, presses ctrl+q and times the key to the process's
exit: when the shell gets its terminal back.

    python bench/tui.py    # last lines: first_screen_ms=, key_latency_p95_ms=, quit_ms=,
                           # preview_first_frame_ms=
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT.parent / "shared" / "media"
PHOTOS = ("astronaut.png", "chelsea.png", "coffee.png")
INSTRUCTION = "turn my photos into a 15-second video with smooth transitions"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def until(pilot: Pilot[None], condition: Callable[[], bool], within: float = 600) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise SystemExit(f"timed out: {condition.__qualname__}")
        await pilot.pause(0.02)


class PaintClock:
    """Records when the app writes a frame to the terminal (its `_display` call)."""

    def __init__(self, app: App[None]) -> None:
        self.painted = 0.0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            self.painted = time.perf_counter()

        app._display = display  # type: ignore[method-assign]


async def press_times(
    app: App[None], clock: PaintClock, count: int, keep_going: Callable[[], bool]
) -> list[float]:
    """Milliseconds from a key arriving to the frame showing its effect being written."""
    from photoreel.tui.widgets.files import FileTree

    tree = app.query_one(FileTree)
    times = []
    for i in range(count):
        if not keep_going():
            break
        before = tree.cursor_line
        start = time.perf_counter()
        app.post_message(events.Key("down" if i % 2 == 0 else "up", None))
        while not (tree.cursor_line != before and clock.painted > start):
            await asyncio.sleep(0.0005)
            if time.perf_counter() - start > 5:
                raise SystemExit("a key press was not answered within 5 s")
        times.append((clock.painted - start) * 1000)
        await asyncio.sleep(0.05)  # a person types a few keys a second, not a burst
    return times


async def preview_first_frame(app: Any, pilot: Pilot[None], clock: PaintClock) -> float:
    """Milliseconds from f5 to the first preview frame being written to the terminal."""
    from photoreel.tui.screens.player import PlayerScreen

    start = time.perf_counter()
    await pilot.press("f5")
    await until(pilot, lambda: isinstance(app.screen, PlayerScreen), 30)
    player = app.screen
    await until(pilot, lambda: player.first_frame_shown_at is not None, 60)
    shown = player.first_frame_shown_at
    await until(pilot, lambda: clock.painted > shown, 10)
    first = (clock.painted - start) * 1000
    await until(pilot, lambda: player.finished_loading, 120)
    await pilot.press("escape")
    return first


def read_until(fd: int, word: bytes, within: float) -> bytes:
    """Terminal output until `word` appears (or raise after `within` s)."""
    seen = b""
    deadline = time.monotonic() + within
    while word not in seen:
        if time.monotonic() > deadline:
            raise SystemExit(f"the app never showed {word!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen = (seen + os.read(fd, 65536))[-200_000:]
            except OSError:
                break
    return seen


def quit_in_a_terminal(folder: Path) -> float:
    """Milliseconds from ctrl+q to the `photoreel` process ending, an export running."""
    main, child = pty.openpty()
    os.set_blocking(main, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "photoreel"],
        cwd=folder,
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    try:
        read_until(main, b"ready", 120)
        time.sleep(1.0)  # the reopened project's timeline is read
        os.write(main, b"\x05")  # ctrl+e: export
        read_until(main, b"rendering", 120)
        start = time.perf_counter()
        os.write(main, b"\x11")  # ctrl+q
        while proc.poll() is None:
            with_output = select.select([main], [], [], 0.005)[0]
            if with_output:
                with contextlib.suppress(OSError):
                    os.read(main, 65536)
            if time.perf_counter() - start > 30:
                raise SystemExit("the app did not quit within 30 s")
        return (time.perf_counter() - start) * 1000
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        os.close(main)


def stop_backend_left_rendering() -> None:
    """The export left running by the quit: stop it, so nothing outlives the bench."""
    from photoreel.server.embedded import EmbeddedBackend

    backend = EmbeddedBackend()
    backend.start_blocking()
    backend.stop_blocking(force=True)


async def run(folder: Path) -> tuple[float, float, list[float], list[float], float]:
    from photoreel.commands.app import embedded_factory
    from photoreel.server.embedded import EmbeddedBackend
    from photoreel.tui.app import PhotoreelApp

    embedded = EmbeddedBackend()
    started = time.perf_counter()
    app = PhotoreelApp(folder, backend_factory=embedded_factory(embedded))
    async with app.run_test(size=(120, 36)) as pilot:
        first_screen = (time.perf_counter() - started) * 1000
        await until(pilot, lambda: app.status.connection == "ready")
        ready = (time.perf_counter() - started) * 1000
        await until(pilot, lambda: bool(app.file_tree.root.children))
        clock = PaintClock(app)
        app.file_tree.focus()
        await pilot.press("down")
        idle = await press_times(app, clock, 40, lambda: True)

        await pilot.press("a", "u")
        await until(pilot, lambda: bool(app.last_state and app.last_state.state.video_infos))
        await pilot.press("f3", *INSTRUCTION, "enter")
        await until(pilot, lambda: not app.turn_running and bool(app.timeline.draft))
        await pilot.press("ctrl+e")
        await until(pilot, lambda: app.status.export.phase == "rendering")
        await pilot.press("f2")
        busy = await press_times(
            app,
            clock,
            400,
            lambda: app.status.export.phase in ("queued", "rendering", "downloading"),
        )
        await until(pilot, lambda: app.status.export.phase in ("done", "failed"))
        print(f"export: {app.status.export.phase} {app.status.export.path or ''}")
        await pilot.press("f3")  # the preview key works from the instruction box too
        preview = await preview_first_frame(app, pilot, clock)
        await pilot.press("ctrl+q")
    await embedded.stop()
    return first_screen, ready, idle, busy, preview


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="photoreel-bench-"))
    try:
        for name in ("DATA", "CONFIG", "CACHE", "RUNTIME"):
            os.environ[f"PHOTOREEL_{name}_DIR"] = str(work / name.lower())
        folder = work / "photos"
        folder.mkdir()
        for name in PHOTOS:
            shutil.copy(MEDIA / name, folder / name)
        first_screen, ready, idle, busy, preview = asyncio.run(run(folder))
        quit_ms = quit_in_a_terminal(folder)
        stop_backend_left_rendering()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"backend ready after {ready:.0f} ms (token and session included)")
    print(
        f"keys idle:      n={len(idle)} median={statistics.median(idle):.1f} ms "
        f"p95={p95(idle):.1f} ms"
    )
    print(
        f"keys rendering: n={len(busy)} median={statistics.median(busy):.1f} ms "
        f"p95={p95(busy):.1f} ms"
    )
    print(f"p95 while rendering / idle: {p95(busy) / p95(idle):.2f}x")
    print(f"first_screen_ms={first_screen:.0f}")
    print(f"key_latency_p95_ms={p95(busy):.1f}")
    print(f"quit_ms={quit_ms:.0f}")
    print(f"preview_first_frame_ms={preview:.0f}")


if __name__ == "__main__":
    main()
