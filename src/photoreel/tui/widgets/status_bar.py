"""The status bar: which backend, whether it answers, credits, and the export's progress.

Everything here is a reactive attribute, so workers only assign values and
the bar repaints itself. It never shows a token, a URL with credentials or
raw JSON: only the backend's kind (and host for a remote one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static

from photoreel.progress import progress_bar
from photoreel.protocol.answers import CreditsAnswer
from photoreel.tui.widgets.preview import human_size

Connection = Literal["starting", "ready", "working", "offline"]
ExportPhase = Literal["idle", "queued", "rendering", "downloading", "done", "failed", "cancelled"]

CONNECTION_TEXT: dict[str, tuple[str, str]] = {
    "starting": ("◌", "Setting things up…"),
    "ready": ("●", "ready"),
    "working": ("◉", "working"),
    "offline": ("○", "not connected"),
}


class ExportView(BaseModel):
    """What the status bar shows about the current export."""

    phase: ExportPhase = "idle"
    progress: float = 0.0
    path: Path | None = None
    size: int | None = None
    message: str | None = None


def credits_text(credits: CreditsAnswer | None) -> str:
    if credits is None:
        return "credits …"
    if credits.unlimited or credits.available is None:
        return "credits unlimited"
    total = credits.total if credits.total is not None else credits.available + credits.frozen
    return f"{credits.available} credits ({credits.frozen} held of {total})"


def export_text(view: ExportView, home: Path | None = None, folder: Path | None = None) -> str:
    """The export part of the bar. A file saved in the app's folder is named by its name
    alone (the folder is the tree's root); elsewhere by its path, `~` for home."""
    if view.phase == "idle":
        return "no export yet"
    if view.phase == "queued":
        return "export queued…"
    if view.phase in ("rendering", "downloading"):
        verb = "rendering" if view.phase == "rendering" else "saving"
        return f"{verb} {progress_bar(view.progress / 100)} {view.progress:3.0f}%"
    if view.phase == "done" and view.path is not None:
        shown = str(view.path)
        if folder is not None and view.path.parent == folder:
            shown = view.path.name
        elif home is not None and view.path.is_relative_to(home):
            shown = "~/" + str(view.path.relative_to(home))
        size = f" ({human_size(view.size)})" if view.size else ""
        return f"✓ saved {shown}{size}"
    if view.phase == "cancelled":
        return "export cancelled"
    return f"✗ export failed: {view.message or 'unknown error'}"


class StatusBar(Horizontal):
    """One line at the bottom: backend · credits · export · help hint."""

    backend_label: reactive[str] = reactive("embedded")
    connection: reactive[Connection] = reactive("starting")
    detail: reactive[str] = reactive("")
    credits: reactive[CreditsAnswer | None] = reactive(None)
    export: reactive[ExportView] = reactive(ExportView, always_update=True)
    folder: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="status-backend")
        yield Static(id="status-credits")
        yield Static(id="status-export")
        yield Static("? help", id="status-hint")

    def on_mount(self) -> None:
        self._paint_backend()
        self._paint_credits()
        self._paint_export()

    def watch_backend_label(self) -> None:
        self._paint_backend()

    def watch_connection(self) -> None:
        self._paint_backend()

    def watch_detail(self) -> None:
        self._paint_backend()

    def watch_credits(self) -> None:
        self._paint_credits()

    def watch_export(self) -> None:
        self._paint_export()

    def _paint_backend(self) -> None:
        if not self.children:
            return
        dot, words = CONNECTION_TEXT[self.connection]
        if self.detail:
            words = self.detail
        text = Text.assemble(dot + " ", (self.backend_label, "bold"), " · ", words)
        widget = self.query_one("#status-backend", Static)
        widget.update(text)
        widget.set_classes(f"conn-{self.connection}")

    def _paint_credits(self) -> None:
        if self.children:
            self.query_one("#status-credits", Static).update(credits_text(self.credits))

    def _paint_export(self) -> None:
        if not self.children:
            return
        widget = self.query_one("#status-export", Static)
        widget.update(Text(export_text(self.export, Path.home(), self.folder)))
        widget.set_classes(f"export-{self.export.phase}")
