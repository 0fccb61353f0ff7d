"""Regenerate screenshots/*.svg: the app, run for real, photographing itself.

    python scripts/screenshots.py

It starts the private backend the way `photoreel` does (in a throw-away data
directory), opens the app on a copy of ../shared/media at 120x36, and does the
README's walk-through: select three photos, upload, ask for a 15-second video
(caught while the reply streams), look at the timeline, export (caught mid-way
and when saved), play the preview, list the projects, open the help, and drop a
file photoreel cannot use.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from photoreel.client import Backend
from photoreel.server.serve import READY_PREFIX

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT.parent / "shared" / "media"
OUT = ROOT / "screenshots"
DEMO = Path(tempfile.gettempdir()) / "photoreel-demo"
# more than three, so the timeline has to shorten long names (hubble_deep_field.jpg)
PHOTOS = ("astronaut.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "rocket.jpg")
INSTRUCTION = "turn my photos into a 15-second video with smooth transitions"
SIZE = (120, 36)


def prepare() -> Path:
    """A demo folder (three photos and a text file) and private photoreel dirs."""
    shutil.rmtree(DEMO, ignore_errors=True)
    photos = DEMO / "photos"
    photos.mkdir(parents=True)
    for name in PHOTOS:
        shutil.copy(MEDIA / name, photos / name)
    (photos / "notes.txt").write_text("not a photo")
    for name in ("DATA", "CONFIG", "CACHE", "RUNTIME"):
        os.environ[f"PHOTOREEL_{name}_DIR"] = str(DEMO / name.lower())
    return photos


async def until(pilot: Pilot[None], condition: Callable[[], bool], within: float = 300) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise SystemExit(f"the app did not get there in time ({condition.__qualname__})")
        await pilot.pause(0.01)


async def private_backend() -> Backend:
    """The backend as `photoreel` starts it, with text streamed slowly enough to photograph."""
    sock = DEMO / "run" / "backend.sock"
    sock.parent.mkdir(mode=0o700, exist_ok=True)
    log = (DEMO / "backend.log").open("ab")
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "photoreel", "serve", "--uds", str(sock)),
        *("--stream-pace", "0.3"),
        stdout=asyncio.subprocess.PIPE,
        stderr=log,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    if not line.startswith(READY_PREFIX):
        raise SystemExit(f"the backend did not start; see {DEMO / 'backend.log'}")
    SERVERS.append(process)
    return Backend(kind="embedded", base_url="http://photoreel", uds=sock)


SERVERS: list[asyncio.subprocess.Process] = []


async def main() -> None:
    from photoreel.tui.app import PhotoreelApp
    from photoreel.tui.screens.player import PlayerScreen
    from photoreel.tui.screens.projects import ProjectsScreen
    from photoreel.tui.widgets.conversation import AgentReply, ErrorNotice
    from photoreel.tui.widgets.files import FileTree

    photos = prepare()
    OUT.mkdir(exist_ok=True)
    app = PhotoreelApp(photos, backend_factory=private_backend)

    def shot(name: str) -> None:
        app.save_screenshot(f"{name}.svg", str(OUT))
        print(f"screenshots/{name}.svg")

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.connection == "ready")
        tree = app.query_one(FileTree)
        await until(pilot, lambda: bool(tree.root.children))
        await pilot.press(*["space"] * len(PHOTOS))  # the cursor stays on the last one

        def previewed() -> bool:
            info = str(app.query_one("#preview-info").render())
            return "×" in info and "loading" not in info

        await until(pilot, previewed)
        shot("01-first-screen")

        await pilot.press("u")
        await until(pilot, lambda: tree.selected == frozenset())
        await pilot.press("f3", *INSTRUCTION, "enter")

        def mid_stream() -> bool:
            replies = app.query(AgentReply)
            return bool(replies) and len(replies.last().text) > 40 and app.turn_running

        await until(pilot, mid_stream)
        shot("02-turn-streaming")
        await until(pilot, lambda: not app.turn_running and bool(app.timeline.draft))
        await until(pilot, lambda: app.timeline.strip.display)  # the storyboard strip
        await pilot.pause(0.3)
        shot("03-timeline")

        await pilot.press("ctrl+e")
        await until(
            pilot,
            lambda: app.status.export.phase == "rendering" and app.status.export.progress > 20,
        )
        shot("04-export-progress")
        await until(pilot, lambda: app.status.export.phase == "done", within=1800)
        await pilot.pause(0.3)
        shot("05-export-done")

        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await until(pilot, lambda: player.finished_loading, within=600)
        await pilot.press("space", "home", "right", "right")  # paused on the third photo
        await until(pilot, lambda: player._shown == player.position)
        await pilot.pause(0.3)
        shot("08-preview")
        await pilot.press("escape")

        await pilot.press("ctrl+n", "y")  # a second project, so the list has two
        await until(pilot, lambda: not app.timeline.draft)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, ProjectsScreen))
        await pilot.press("down")
        await until(
            pilot,
            lambda: "drawing" not in str(app.screen.query_one("#projects-caption").render()),
        )
        await pilot.pause(0.5)
        shot("09-projects")
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.timeline.draft))

        await pilot.press("f1")
        await pilot.pause(0.3)
        shot("06-help")
        await pilot.press("escape")

        app.conversation.prompt.post_message(events.Paste(str(photos / "notes.txt")))
        await until(pilot, lambda: bool(app.query(ErrorNotice)))
        await pilot.pause(0.3)
        shot("07-error")
        await pilot.press("ctrl+q")
    for process in SERVERS:
        process.terminate()
        await process.wait()


if __name__ == "__main__":
    if not MEDIA.is_dir():
        sys.exit(f"sample photos not found at {MEDIA}")
    asyncio.run(main())
