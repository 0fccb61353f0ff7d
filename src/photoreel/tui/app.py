"""photoreel's full-screen app: files on the left, conversation and timeline on the right.

The app owns the layout, the key bindings and the workers; the panes only
show what they are given. All talk with the backend goes through
`photoreel.client` (the app never builds a URL nor reads JSON), always from a
Textual worker so keys are answered while a turn streams or a render runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from photoreel.protocol.api import Credits, SessionState
from photoreel.tui.commands import PhotoreelCommands
from photoreel.tui.help import BUILT_IN, HelpScreen, binding_rows
from photoreel.tui.messages import InstructionSubmitted, UploadRequested
from photoreel.tui.themes import DEFAULT_THEME, THEMES, next_theme
from photoreel.tui.widgets.conversation import ConversationPane, PromptInput
from photoreel.tui.widgets.files import FilesPane, FileTree
from photoreel.tui.widgets.preview import Graphics
from photoreel.tui.widgets.status_bar import ExportView, StatusBar
from photoreel.tui.widgets.timeline import TimelinePane

PANES = {"files": "#file-tree", "conversation": "#prompt", "timeline": "#timeline"}


class PhotoreelApp(App[None]):
    """The terminal app. `folder` is where photos are picked from and videos saved to."""

    CSS_PATH = "app.tcss"
    TITLE = "photoreel"
    COMMANDS = App.COMMANDS | {PhotoreelCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+e", "export", "Export", priority=True, tooltip="Export the timeline to an MP4"
        ),
        Binding("ctrl+n", "new_session", "New", priority=True, tooltip="Start a new session"),
        Binding("ctrl+z", "undo", "Undo", priority=True, tooltip="Undo the last timeline change"),
        Binding(
            "ctrl+k",
            "cancel_export",
            "Cancel export",
            show=False,
            tooltip="Cancel the running export",
        ),
        Binding("u", "upload", "Upload", show=False, tooltip="Upload the selected files"),
        Binding("question_mark,f1", "help", "Help", tooltip="Show this help"),
        Binding(
            "f2,alt+1", "focus_pane('files')", "Files", show=False, tooltip="Focus the file tree"
        ),
        Binding(
            "f3,alt+2",
            "focus_pane('conversation')",
            "Chat",
            show=False,
            tooltip="Focus the instruction box",
        ),
        Binding(
            "f4,alt+3",
            "focus_pane('timeline')",
            "Timeline",
            show=False,
            tooltip="Focus the timeline",
        ),
        Binding(
            "ctrl+t", "next_theme", "Theme", show=False, tooltip="Switch between dark and light"
        ),
    ]

    def __init__(
        self,
        folder: Path,
        *,
        graphics: Graphics = "halfblock",
        backend_label: str = "embedded",
    ) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.graphics = graphics
        self.backend_label = backend_label
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield FilesPane(self.folder, graphics=self.graphics, id="files")
            with Vertical(id="right"):
                yield ConversationPane(base=self.folder, id="conversation")
                yield TimelinePane(id="timeline")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.status.backend_label = self.backend_label
        self.query_one("#conversation").border_title = "Conversation"
        self.query_one(FileTree).focus()

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def conversation(self) -> ConversationPane:
        return self.query_one(ConversationPane)

    @property
    def timeline(self) -> TimelinePane:
        return self.query_one(TimelinePane)

    @property
    def file_tree(self) -> FileTree:
        return self.query_one(FileTree)

    # -- showing state (called by workers, always on the app's thread) -----------

    def show_state(self, state: SessionState) -> None:
        """Draw the session's draft in the timeline."""
        self.timeline.show(state.state.draft, state.version)

    def show_credits(self, credits: Credits) -> None:
        self.status.credits = credits

    def show_export(self, view: ExportView) -> None:
        self.status.export = view

    # -- actions ---------------------------------------------------------------

    def action_focus_pane(self, pane: str) -> None:
        self.query_one(PANES[pane]).focus()

    def action_help(self) -> None:
        sections = [
            ("anywhere", [*binding_rows(self.BINDINGS), *BUILT_IN]),
            ("files", binding_rows(FileTree.BINDINGS)),
            (
                "conversation",
                [*binding_rows(PromptInput.BINDINGS), ("enter", "Send the instruction")],
            ),
        ]
        self.push_screen(HelpScreen(sections))

    def action_next_theme(self) -> None:
        self.theme = next_theme(self.theme)
        self.notify(f"Theme: {self.theme}", timeout=2)

    def action_select_all(self) -> None:
        self.file_tree.action_select_all()

    def action_clear_selection(self) -> None:
        self.file_tree.action_clear_selection()

    def action_upload(self) -> None:
        self.file_tree.action_upload()

    @on(UploadRequested)
    def _upload_requested(self, event: UploadRequested) -> None:
        self.start_upload(list(event.paths))

    @on(InstructionSubmitted)
    def _instruction(self, event: InstructionSubmitted) -> None:
        self.handle_instruction(event.text)

    def start_upload(self, paths: list[Path]) -> None:
        if not paths:
            self.notify(
                "Select files first: space on a file, or a to select all.", severity="warning"
            )
            return
        self.call_later(self._not_connected)

    def handle_instruction(self, text: str) -> None:
        self.call_later(self.conversation.add_user, text)
        self.call_later(self._not_connected)

    async def _not_connected(self) -> None:
        await self.conversation.add_error(
            "photoreel is not connected to a backend.",
            "Restart photoreel; if it keeps happening, run `photoreel serve` in another "
            "terminal and start the app with --api http://127.0.0.1:PORT.",
        )
