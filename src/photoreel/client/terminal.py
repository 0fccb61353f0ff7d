"""What the command line shows: Rich progress on stderr, plain results on stdout.

Progress (uploads, the agent working, the render, the download) goes to stderr
so that stdout carries only what a script wants: the reply, the timeline
summary and the output path last, or one JSON object with `--json`. Rich comes
with Textual; it draws nothing when stderr is not a terminal.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn

from photoreel.client.errors import (
    CannotWrite,
    FileTooLarge,
    NoCredits,
    NothingToExport,
    PhotoreelError,
    SessionNotFound,
    UnreadableFile,
    UnsupportedFile,
)
from photoreel.client.events import StillWorking, TextDelta, ToolCall, _ChatEvent
from photoreel.client.make import InstructionNotUnderstood
from photoreel.protocol.api import Credits, RenderStatus, SessionState
from photoreel.protocol.draft import summarize

EXIT_BAD_INPUT = 2
EXIT_BACKEND = 3
EXIT_NO_CREDITS = 4

_BAD_INPUT = (UnreadableFile, UnsupportedFile, FileTooLarge, InstructionNotUnderstood, CannotWrite)


def exit_code_for(error: PhotoreelError, *, session_given: bool = False) -> int:
    """2 for what the person can fix in their input, 4 for credits, 3 for the backend.

    `session_given`: the person typed the session id, so an unknown one is bad input.
    """
    if isinstance(error, NoCredits):
        return EXIT_NO_CREDITS
    if isinstance(error, _BAD_INPUT) or (session_given and isinstance(error, SessionNotFound)):
        return EXIT_BAD_INPUT
    if isinstance(error, NothingToExport):
        return EXIT_BAD_INPUT
    return EXIT_BACKEND


def _mb(size: float) -> str:
    return f"{size / 1_000_000:.1f} MB"


class MakeProgressBars:
    """Progress of `make_video` (and downloads) as Rich bars on stderr; a `MakeProgress`."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=30),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[detail]}"),
            console=self.console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> MakeProgressBars:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def _task(self, key: str, description: str, total: float | None) -> TaskID:
        if key not in self._tasks:
            self._tasks[key] = self._progress.add_task(description, total=total, detail="")
        return self._tasks[key]

    def stage(self, text: str) -> None:
        self._progress.console.print(f"[dim]·[/dim] {text}")

    def upload(self, path: Path, sent: int, total: int) -> None:
        task = self._task(f"upload:{path}", f"Upload {path.name}", total)
        self._progress.update(task, completed=sent, total=total, detail=f"{_mb(sent)}/{_mb(total)}")

    def chat(self, event: _ChatEvent) -> None:
        task = self._task("agent", "Agent", None)
        if isinstance(event, TextDelta):
            tail = event.text.replace("\n", " ")[-50:]
            self._progress.update(task, detail=tail)
        elif isinstance(event, ToolCall):
            self._progress.console.print(f"  [dim]edit:[/dim] {event.name}")
        elif isinstance(event, StillWorking):
            minutes = event.silent_for / 60
            self._progress.console.print(f"  still working ({minutes:.0f} min without news)…")
        elif event.type in ("turn_complete", "chat_error"):
            self._progress.update(task, total=1, completed=1, detail="done")

    def render(self, status: RenderStatus) -> None:
        task = self._task("render", "Render", 100)
        self._progress.update(task, completed=status.progress, detail=status.status)

    def download(self, sent: int, total: int | None) -> None:
        task = self._task("download", "Download", total)
        shown = f"{_mb(sent)}/{_mb(total)}" if total else _mb(sent)
        self._progress.update(task, completed=sent, total=total, detail=shown)


def credits_text(credits: Credits) -> str:
    """`Credits: 95 available, 5 reserved, 100 total` or `Credits: unlimited`."""
    if credits.unlimited or credits.available is None:
        return "Credits: unlimited"
    text = f"Credits: {credits.available} available"
    if credits.frozen:
        text += f", {credits.frozen} reserved by running work"
    if credits.total is not None:
        text += f", {credits.total} total"
    return text


def state_lines(state: SessionState) -> list[str]:
    """A session's state as a person reads it: media, canvas, timeline, renders."""
    body = state.state
    lines = [f"Session {state.session_id} (version {state.version})"]
    if body.canvas_config is not None:
        canvas = body.canvas_config
        lines.append(f"Canvas: {canvas.width}x{canvas.height} ({canvas.aspect_ratio})")
    if body.video_infos:
        lines.append(f"Media ({len(body.video_infos)}):")
        for info in body.video_infos:
            size = f" {info.width}x{info.height}" if info.width and info.height else ""
            length = f" {info.duration:.1f}s" if info.duration else ""
            lines.append(f"  {info.filename} ({info.file_type or 'file'}{size}{length})")
    else:
        lines.append("Media: none uploaded yet")
    lines.append(summarize(body.draft))
    for render in body.generated_media:
        facts = [render.status]
        if render.status == "completed":
            if render.duration:
                facts.append(f"{render.duration:g} s")
            if render.size:
                facts.append(_mb(render.size))
        if render.error:
            facts.append(render.error)
        lines.append(f"Render {render.render_id}: {', '.join(facts)}")
    return lines


def error_json(error: PhotoreelError) -> dict[str, Any]:
    out: dict[str, Any] = {"ok": False, "error": {"code": error.code, "message": error.message}}
    if isinstance(error, NoCredits) and error.link:
        out["error"]["link"] = error.link
    return out
