"""How quickly the app shows its first screen, and answers keys while a render runs.

Runs the real app headless (Textual's test driver, so no terminal is needed)
against the private backend started as `photoreel` starts it, in throw-away
directories. It uploads three sample photos, asks for a 15-second video,
exports it, and while the render runs presses down/up in the file tree,
timing each key from its arrival to the frame showing the moved cursor being
written out. The same is
measured with nothing running first, so the ratio shows what a render costs
the keyboard.

    python bench/tui.py    # last lines: first_screen_ms=<x>, key_latency_p95_ms=<x>
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
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


async def run(folder: Path) -> tuple[float, float, list[float], list[float]]:
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
        await pilot.press("ctrl+q")
    await embedded.stop()
    return first_screen, ready, idle, busy


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="photoreel-bench-"))
    try:
        for name in ("DATA", "CONFIG", "CACHE", "RUNTIME"):
            os.environ[f"PHOTOREEL_{name}_DIR"] = str(work / name.lower())
        folder = work / "photos"
        folder.mkdir()
        for name in PHOTOS:
            shutil.copy(MEDIA / name, folder / name)
        first_screen, ready, idle, busy = asyncio.run(run(folder))
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


if __name__ == "__main__":
    main()
