"""Progress on stderr for `make`, `export` and `render`: Rich lines drawing photoreel's bar
on a terminal, plain lines elsewhere.

Progress (uploads, the agent working, the render, the download) goes to stderr
so that stdout carries only what a script wants: the reply, the timeline
summary and the output path last, or one JSON object with `--json`. Rich comes
with Textual; the bar itself is `photoreel.progress.progress_bar`, the one the
app's status bar draws. A stderr that is not a terminal (a pipe, a CI log) gets
`ProgressLines` instead: bars redrawn in place mean nothing there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn
from rich.text import Text

from photoreel.client.events import Recovering, StillWorking, TextDelta, ToolCall, _ChatEvent
from photoreel.progress import progress_bar
from photoreel.protocol.answers import RenderAnswer


def megabytes(size: float) -> str:
    return f"{size / 1_000_000:.1f} MB"


class _Bar(ProgressColumn):
    """A task's share done, drawn with `progress_bar`; blank while its size is unknown."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text(" " * (self.width + 2))
        return Text(progress_bar(task.percentage / 100, self.width))


def progress_on_stderr() -> ProgressBars | ProgressLines:
    """What `make` and `export` show: bars on a terminal, plain lines on anything else."""
    console = Console(stderr=True)
    return ProgressBars(console) if console.is_terminal else ProgressLines()


class ProgressBars:
    """Progress of `make_video`, a download or a local render, as bars redrawn on a
    terminal's stderr; a `MakeProgress`. Not for a pipe, where Rich prints the bars once
    at the end, cut to 80 columns (`progress_on_stderr` picks `ProgressLines` there);
    `only_on_terminal` draws nothing at all on a pipe."""

    def __init__(self, console: Console | None = None, *, only_on_terminal: bool = False) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            _Bar(30),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[detail]}"),
            console=self.console,
            transient=False,
            disable=only_on_terminal and not self.console.is_terminal,
        )
        self._tasks: dict[str, TaskID] = {}
        self._said: set[str] = set()

    def __enter__(self) -> ProgressBars:
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
        self._progress.update(
            task, completed=sent, total=total, detail=f"{megabytes(sent)}/{megabytes(total)}"
        )

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
        elif isinstance(event, Recovering):
            if "recovering" not in self._said:  # said once; the bar's detail counts the wait
                self._said.add("recovering")
                self._progress.console.print(f"  {event.text}")
            self._progress.update(task, detail=f"waiting {event.waited:.0f} s")
        elif event.type in ("turn_complete", "chat_error"):
            self._progress.update(task, total=1, completed=1, detail="done")

    def rendering(self, fraction: float) -> None:
        """A render on this machine (the engine's 0-1 progress)."""
        task = self._task("render", "Render", 100)
        self._progress.update(task, completed=fraction * 100)

    def render(self, status: RenderAnswer) -> None:
        task = self._task("render", "Render", 100)
        self._progress.update(task, completed=status.progress, detail=status.status)

    def download(self, sent: int, total: int | None) -> None:
        task = self._task("download", "Download", total)
        shown = f"{megabytes(sent)}/{megabytes(total)}" if total else megabytes(sent)
        self._progress.update(task, completed=sent, total=total, detail=shown)


class ProgressLines:
    """Progress of `make_video` or a download for a stderr that is not a terminal (a pipe,
    a CI log): plain lines written as the work happens, never cut to a width, never a
    carriage return; a `MakeProgress`.

    One line per stage, per file uploaded, per edit the agent makes and when its turn is
    done; one line each time a render passes another tenth (and when its state changes),
    and one when the download is done. Files of `LARGE` bytes or more also get a line
    each tenth of their upload or download, so a long transfer is not silent.
    """

    LARGE = 16_000_000

    def __init__(self, file: TextIO | None = None) -> None:
        self._file = file
        self._tenths: dict[str, int] = {}
        self._render_state = ""
        self._said: set[str] = set()

    def __enter__(self) -> ProgressLines:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def _say(self, line: str) -> None:
        print(line, file=self._file or sys.stderr, flush=True)

    def _new_tenth(self, key: str, fraction: float) -> bool:
        """True the first time `fraction` (0-1) reaches a tenth above the last one said."""
        tenth = int(max(0.0, min(1.0, fraction)) * 10)
        if tenth <= self._tenths.get(key, -1):
            return False
        self._tenths[key] = tenth
        return True

    def _transfer(self, key: str, what: str, sent: int, total: int | None) -> None:
        if not total or key in self._said:
            return  # said already; or size unknown: the stage line said it started
        if sent >= total:
            self._said.add(key)
            self._say(f"  {what}: {megabytes(total)}, done")
        elif total >= self.LARGE and self._new_tenth(key, sent / total):
            self._say(f"  {what}: {sent / total:.0%} of {megabytes(total)}")

    def stage(self, text: str) -> None:
        self._say(f"· {text}")

    def upload(self, path: Path, sent: int, total: int) -> None:
        self._transfer(f"upload:{path}", f"Upload {path.name}", sent, total)

    def chat(self, event: _ChatEvent) -> None:
        if isinstance(event, ToolCall):
            self._say(f"  edit: {event.name}")
        elif isinstance(event, StillWorking):
            self._say(f"  still working ({event.silent_for / 60:.0f} min without news)")
        elif isinstance(event, Recovering):
            if "recovering" not in self._said:
                self._said.add("recovering")
                self._say(f"  {event.text}")
        elif event.type == "turn_complete":
            self._say("  Agent: done")

    def render(self, status: RenderAnswer) -> None:
        tenth = self._new_tenth("render", status.progress / 100)
        if tenth or status.status != self._render_state:
            self._render_state = status.status
            self._say(f"  Render {status.progress:.0f}% ({status.status})")

    def download(self, sent: int, total: int | None) -> None:
        self._transfer("download", "Download", sent, total)
