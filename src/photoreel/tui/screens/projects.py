"""The project list (`ctrl+o`): earlier projects with their name, date, length and photos.

Each line is a project the app opened before (the client's project book),
described from the backend's state of its session. A frame from the middle of
the highlighted project (a one-frame storyboard) is shown beside the list (real
pixels where the terminal speaks an image protocol, half-blocks elsewhere),
fetched only for the highlighted line:
drawing a frame of every project would render every project. Enter reopens
it; escape goes back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from PIL import Image
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from photoreel.client.projects import ProjectSummary
from photoreel.tui.actions import bindings
from photoreel.tui.widgets.preview import Graphics, picture_widget, show_picture
from photoreel.tui.widgets.timeline import secs

# An async callable giving a frame of a project (None: nothing to show).
ThumbnailLoader = Callable[[ProjectSummary], Awaitable[Image.Image | None]]


def when(moment: datetime, now: datetime | None = None) -> str:
    """'today 14:05', 'yesterday 09:30', 'Mon 3 Mar 2025' for the list's date column."""
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).date()
    days = (today - local.date()).days
    if days == 0:
        return f"today {local:%H:%M}"
    if days == 1:
        return f"yesterday {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %Y}"


def project_line(summary: ProjectSummary, current: str | None, folder: Path) -> Text:
    """One line of the list: name, when, length, photos, and where it was made.

    An empty project is "untitled" (`ProjectSummary.name`) with "no photos yet ·
    created today 14:05": nothing else tells two empty projects apart, and when it
    was started is what a person remembers of one.
    """
    entry = summary.entry
    line = Text(summary.name, style="bold")
    if entry.session_id == current:
        line.append("  (open now)", style="dim")
    if summary.missing:
        details = [when(entry.opened_at), "gone from the backend"]
    elif summary.empty:
        details = ["no photos yet", f"created {when(entry.created_at)}"]
    else:
        details = [when(entry.opened_at)]
        details.append(secs(summary.duration_ms) if summary.duration_ms else "no timeline yet")
        if summary.photos or not summary.media:
            details.append(f"{summary.photos} {'photo' if summary.photos == 1 else 'photos'}")
        else:
            details.append(f"{summary.media} {'file' if summary.media == 1 else 'files'} uploaded")
    where = Path(entry.folder)
    if where != folder:
        details.append(f"in {where.name or where}")
    line.append("\n" + " · ".join(details), style="dim")
    return line


class ProjectsScreen(ModalScreen[str | None]):
    """Dismisses with the session id of the project to reopen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("projects")

    def __init__(
        self,
        projects: list[ProjectSummary],
        *,
        current: str | None,
        folder: Path,
        graphics: Graphics = "halfblock",
        thumbnail: ThumbnailLoader | None = None,
    ) -> None:
        super().__init__()
        self.projects = projects
        self.current = current
        self.folder = folder
        self.graphics = graphics
        self.thumbnail = thumbnail
        self._thumbs: dict[str, Image.Image | None] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="projects-dialog"):
            yield Static("[b]Projects[/b]  ·  enter reopens  ·  esc goes back", id="projects-title")
            with Horizontal(id="projects-body"):
                options = [
                    Option(project_line(p, self.current, self.folder), id=p.entry.session_id)
                    for p in self.projects
                ]
                yield OptionList(*options, id="projects-list")
                with Vertical(id="projects-side"):
                    yield picture_widget(self.graphics, "projects-thumbnail")
                    yield Static("", id="projects-caption", markup=False)
            if not self.projects:
                yield Static(
                    "No earlier projects yet: the one open now is the first.",
                    id="projects-none",
                )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        if self.projects:
            listing.highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        summary = self._summary(event.option.id)
        if summary is not None:
            self._show_thumbnail(summary)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def _summary(self, session_id: str | None) -> ProjectSummary | None:
        return next((p for p in self.projects if p.entry.session_id == session_id), None)

    @work(exclusive=True, group="thumbnail")
    async def _show_thumbnail(self, summary: ProjectSummary) -> None:
        sid = summary.entry.session_id
        caption = self.query_one("#projects-caption", Static)
        if sid not in self._thumbs:
            self._thumbs[sid] = None
            if self.thumbnail is not None and not summary.empty and not summary.missing:
                caption.update("drawing a frame of it…")
                self._thumbs[sid] = await self.thumbnail(summary)
        image = self._thumbs[sid]
        show_picture(self.query_one("#projects-thumbnail"), image)
        caption.update("" if image is not None else "(no picture)")

    def action_open_selected(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None:
            self.dismiss(listing.get_option_at_index(listing.highlighted).id)

    def action_close(self) -> None:
        self.dismiss(None)
