"""photoreel's full-screen app: files on the left, conversation and timeline on the right.

The app owns the layout, the key bindings and the workers; the panes only
show what they are given. All talk with the backend goes through
`photoreel.client` (the app never builds a URL nor reads JSON), always from a
Textual worker so keys are answered while a turn streams or a render runs.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from PIL import Image
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from photoreel.client import (
    Backend,
    ChatError,
    NotOffered,
    PhotoreelClient,
    PhotoreelError,
    Recovering,
    RenderAnswer,
    Route,
    SessionReplaced,
    StillWorking,
    TextDelta,
    TextFinal,
    ToolCall,
    ToolResult,
    TurnComplete,
    reply_language,
    route_instruction,
    translate_gui_phrases,
    upload_error,
)
from photoreel.client.errors import SessionNotFound
from photoreel.client.projects import ProjectBook, ProjectEntry, ProjectSummary, summarize_state
from photoreel.client.turns import STILL_WORKING_AFTER
from photoreel.progress import progress_bar
from photoreel.protocol.answers import CreditsAnswer, StateAnswer
from photoreel.protocol.draft import summarize
from photoreel.tui.actions import ACTIONS, bindings, split_keys
from photoreel.tui.commands import PhotoreelCommands
from photoreel.tui.config import load_config, remember_theme
from photoreel.tui.help import HelpScreen, help_sections
from photoreel.tui.messages import InstructionSubmitted, UploadRequested
from photoreel.tui.screens.confirm import ConfirmScreen
from photoreel.tui.screens.player import PlayerScreen
from photoreel.tui.screens.projects import ProjectsScreen
from photoreel.tui.themes import DEFAULT_THEME, THEMES, next_theme
from photoreel.tui.widgets.conversation import STILL_WORKING_TEXT, ConversationPane
from photoreel.tui.widgets.files import FilesPane, FileTree
from photoreel.tui.widgets.preview import Graphics, human_size
from photoreel.tui.widgets.status_bar import ExportView, StatusBar
from photoreel.tui.widgets.storyboard import decode_strip
from photoreel.tui.widgets.timeline import TimelinePane

PANES = {"files": "#file-tree", "conversation": "#prompt", "timeline": "#timeline"}

# An async callable that starts (or finds) the backend and says how to reach it.
BackendFactory = Callable[[], Awaitable[Backend]]
STATE_POLL_SECONDS = 2.0


def backend_label(backend: Backend) -> str:
    """How the status bar names a backend: its kind, and the host of a remote one."""
    if backend.kind == "embedded":
        return "embedded"
    if backend.uds is not None:
        return f"{backend.kind} (socket)"
    host = urlsplit(backend.base_url).hostname or backend.base_url
    return f"{backend.kind} {host}"


def export_path(folder: Path, title: str | None, fmt: str = "mp4") -> Path:
    """Where an export is saved: beside the photos, named after the video and the time."""
    stem = re.sub(r"[^\w.-]+", "-", (title or "").strip()).strip("-.") or "photoreel"
    if stem.lower() == "untitled":
        stem = "photoreel"
    return folder / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.{fmt}"


class PhotoreelApp(App[str | None]):
    """The terminal app. `folder` is where photos are picked from and videos saved to."""

    CSS_PATH = "app.tcss"
    TITLE = "photoreel"
    # only photoreel's own provider: Textual's system commands would list Quit (and
    # the theme picker) a second time
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {PhotoreelCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings("anywhere")

    def __init__(
        self,
        folder: Path,
        *,
        backend_factory: BackendFactory | None = None,
        graphics: Graphics = "halfblock",
        config_dir: Path | None = None,
        output_dir: Path | None = None,
        still_working_after: float = STILL_WORKING_AFTER,
        state_poll_seconds: float = STATE_POLL_SECONDS,
        new_project: bool = False,
    ) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.output_dir = (output_dir or self.folder).resolve()
        self.graphics = graphics
        self.backend_factory = backend_factory
        self.config_dir = config_dir
        self.still_working_after = still_working_after
        self.state_poll_seconds = state_poll_seconds
        self.client: PhotoreelClient | None = None
        self.session_id: str | None = None
        self.render_id: str | None = None
        self.turn_running = False
        # turns run one after another: one sent while another runs waits for it
        self._turn_lock = asyncio.Lock()
        self._turns = 0  # turns running or waiting to
        self.last_state: StateAnswer | None = None
        # the storyboard strip is asked for once after each turn that changed the draft
        self.strip_due = False
        self.strips_offered = True
        self._panes: dict[str, object] = {}
        # --new: start on an empty project even if this folder has one
        self.start_new = new_project
        self.projects: ProjectBook | None = None
        # the project a ctrl+n set aside, while the new one is still untouched: ctrl+z
        # goes back to it
        self.set_aside: str | None = None
        # the last instruction typed: its language is the one the agent answers in, and
        # the one photoreel's own words around the replies (upload findings) follow
        self.last_instruction: str | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self._remember_theme = False  # only themes picked once the app runs are written
        self.settings = load_config(config_dir, set(self.available_themes))
        self._bind_keyless(self.settings.keymap)
        self.set_keymap(self.settings.keymap)
        self.theme = self.settings.config.theme or DEFAULT_THEME

    def _bind_keyless(self, keymap: dict[str, str]) -> None:
        """Actions with no default key (credits, status, choose-theme) have no binding for
        a keymap to rebind: one is made for each the user gave keys, with priority like
        every ctrl+/f-key (config.py refuses a typing key for them)."""
        for action in ACTIONS:
            if action.area != "anywhere" or action.keys or action.id not in keymap:
                continue
            for key in split_keys(keymap[action.id]):
                self._bindings.key_to_bindings.setdefault(key, []).append(
                    Binding(
                        key,
                        action.action,
                        action.title or action.id,
                        show=False,
                        priority=True,
                        tooltip=action.help,
                        id=action.id,
                    )
                )

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield FilesPane(self.folder, graphics=self.graphics, id="files")
            with Vertical(id="right"):
                yield ConversationPane(base=self.folder, id="conversation")
                yield TimelinePane(graphics=self.graphics, id="timeline")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.conversation.border_title = "Conversation"
        self.status.folder = self.output_dir
        _ = self.timeline  # look the panes up once, while they surely exist
        self.file_tree.focus()
        self._remember_theme = True
        for problem in self.settings.problems:
            self.call_later(self.conversation.add_error, problem, "Fix the file and restart.")
        if self.backend_factory is not None:
            self.connect()

    def watch_theme(self, theme: str) -> None:
        """A theme picked in the app (ctrl+t, the palette) is written to the config file."""
        if self._remember_theme:
            try:
                remember_theme(theme, self.config_dir)
            except OSError as exc:
                self.notify(f"The theme could not be remembered: {exc.strerror}", timeout=4)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a question, the help or a list is open, the main screen's actions wait:
        ctrl+e behind a "Start a new project?" must not export."""
        if action in ("quit", "command_palette"):
            return True
        return not isinstance(self.screen, ModalScreen | PlayerScreen)

    @property
    def status(self) -> StatusBar:
        # kept after the first look-up: a worker finishing during shutdown still finds it
        if (found := self._panes.get("status")) is None:
            found = self._panes["status"] = self.query_one(StatusBar)
        return found  # type: ignore[return-value]

    @property
    def conversation(self) -> ConversationPane:
        # kept after the first look-up: a worker finishing during shutdown still finds it
        if (found := self._panes.get("conversation")) is None:
            found = self._panes["conversation"] = self.query_one(ConversationPane)
        return found  # type: ignore[return-value]

    @property
    def timeline(self) -> TimelinePane:
        # kept after the first look-up: a worker finishing during shutdown still finds it
        if (found := self._panes.get("timeline")) is None:
            found = self._panes["timeline"] = self.query_one(TimelinePane)
        return found  # type: ignore[return-value]

    @property
    def file_tree(self) -> FileTree:
        # kept after the first look-up: a worker finishing during shutdown still finds it
        if (found := self._panes.get("file_tree")) is None:
            found = self._panes["file_tree"] = self.query_one(FileTree)
        return found  # type: ignore[return-value]

    # -- showing state (always on the app's thread) --------------------------------

    def show_state(self, state: StateAnswer) -> None:
        """Draw the session's draft in the timeline; after a turn that changed it, ask
        for its storyboard strip (not on every poll: the strip only changes with a turn)."""
        self.last_state = state
        if self.set_aside is not None and (state.version or state.state.video_infos):
            self.set_aside = None  # the new project holds work now: ctrl+z is the agent's
        if (why := state.state.unreadable) is not None:
            self.timeline.show_unreadable(why, state.version or 0)  # said, not drawn wrong
        else:
            self.timeline.show(state.state.timeline, state.version or 0)
        self._fetch_strip_if_due()

    def _fetch_strip_if_due(self) -> None:
        """After a turn that changed the draft, fetch its strip, once, when it can be
        shown: a terminal too small for it keeps the request until it grows."""
        state, strip = self.last_state, self.timeline.strip
        if state is None or not self.strip_due or not strip.has_room():
            return
        self.strip_due = False
        if state.version != strip.version and self.timeline.strip_wanted():
            self.refresh_storyboard(state.version)

    def on_resize(self) -> None:
        self.timeline.strip.refit()
        self._fetch_strip_if_due()

    def show_credits(self, credits: CreditsAnswer) -> None:
        self.status.credits = credits

    def show_export(self, view: ExportView) -> None:
        self.status.export = view

    async def say_error(self, error: PhotoreelError | str, hint: str | None = None) -> None:
        """An error in the conversation, with what to do (never a traceback, never JSON)."""
        # a NoCredits message already says what to do, and where (it knows the backend)
        message = error.message if isinstance(error, PhotoreelError) else error
        await self.conversation.add_error(message, hint)

    # -- connecting ------------------------------------------------------------

    @work(exclusive=True, group="connect")
    async def connect(self) -> None:
        """Start or reach the backend, get a token and a session, then keep the timeline fresh."""
        assert self.backend_factory is not None
        self.status.connection = "starting"
        self.status.detail = ""
        try:
            backend = await self.backend_factory()
            self.status.backend_label = backend_label(backend)
            client = PhotoreelClient(
                backend, config_dir=self.config_dir, still_working_after=self.still_working_after
            )
            await client.connect()
            self.client = client
            self.projects = ProjectBook(client.config_dir)
            reopened = await self._reopen_last_project(client) if not self.start_new else None
            if reopened is None:
                await self._start_project(client)
        except PhotoreelError as exc:
            self.status.connection = "offline"
            await self.say_error(exc, "Check the backend, then press ctrl+n to try again.")
            return
        except (OSError, RuntimeError, ValueError) as exc:
            self.status.connection = "offline"
            await self.say_error(
                f"The backend could not be started: {exc}",
                "Press ctrl+n to try again, or start the app with --api URL.",
            )
            return
        self.status.connection = "ready"
        self.status.detail = ""
        if self.session_id is not None:
            await self.conversation.show_project(self.session_id)
        self.set_interval(self.state_poll_seconds, self._poll_state, name="poll-state")
        if reopened is not None:
            self.strip_due = True
            self.show_state(reopened)
            await self.conversation.add_notice(self._reopened_text(reopened), kind="success")
        self.refresh_state()
        self.refresh_credits()
        await self._resume_remembered_renders()

    async def _reopen_last_project(self, client: PhotoreelClient) -> StateAnswer | None:
        """The project last open in this folder, if the backend still has it."""
        assert self.projects is not None
        entry = self.projects.last_for(client.backend.key, self.folder)
        if entry is None:
            return None
        try:
            state = await client.state(entry.session_id)
        except SessionNotFound:
            self.projects.forget(client.backend.key, entry.session_id)
            return None
        self.session_id = entry.session_id
        self.projects.opened(client.backend.key, self.folder, entry.session_id)
        return state

    async def _start_project(self, client: PhotoreelClient) -> str:
        """A new session, noted in the project book for this folder; its id."""
        session = await client.new_session()
        self.session_id = session.session_id
        if self.projects is not None:
            self.projects.opened(client.backend.key, self.folder, session.session_id)
        return session.session_id

    def _reopened_text(self, state: StateAnswer) -> str:
        summary = summarize_state(ProjectEntry(session_id="", backend="", folder=""), state)
        if summary.title:
            name = f"“{summary.title}”"
        elif summary.photo_names or summary.uploaded_names:
            name = f"the project of {summary.name}"
        else:
            name = "an untitled project"
        if summary.empty:
            what = "empty so far"
        else:
            what = f"{summary.photos} photo{'s' if summary.photos != 1 else ''}"
            if summary.duration_ms:
                what += f", {summary.duration_ms / 1000:g} s"
        return f"Reopened {name} ({what}). ctrl+o lists earlier projects, ctrl+n starts anew."

    async def _resume_remembered_renders(self) -> None:
        """A render left running when the app last quit: download it now if it is done."""
        client = self.client
        if client is None or not client.pending_renders():
            return
        await self.conversation.add_notice("Checking the export left running last time…")
        for outcome in await client.resume_pending(self.output_dir):
            if outcome.path is not None:
                size = outcome.path.stat().st_size
                self.show_export(
                    ExportView(phase="done", progress=100, path=outcome.path, size=size)
                )
                await self.conversation.add_notice(
                    f"✓ The export from last time is saved: {outcome.path}", kind="success"
                )
                await self._show_saved_file(outcome.path)
            elif outcome.error:
                await self.say_error(f"The export from last time: {outcome.error}")
            elif outcome.status is not None:
                await self.conversation.add_notice(
                    "The export from last time is still rendering "
                    f"({outcome.status.progress:.0f}%); it is saved when it is done."
                )
                self._watch_render(outcome.status, Path(outcome.render.dest or self.output_dir))

    def _poll_state(self) -> None:
        """The timer's read of the state: not while one is under way. A read the client is
        still retrying (a backend gone takes a few tries to call gone) would otherwise be
        cancelled by the next tick before it could say so."""
        if not any(w.group == "state" and w.is_running for w in self.workers):
            self.refresh_state()

    @work(exclusive=True, group="state")
    async def refresh_state(self) -> None:
        """Read the session's state and redraw the timeline (polled, and after each change)."""
        if self.client is None or self.session_id is None:
            return
        asked = self.session_id
        try:
            state = await self.client.state(asked)
        except PhotoreelError as exc:
            if self.status.connection != "offline":
                self.status.connection = "offline"
                await self.say_error(
                    exc, "The timeline will refresh once the backend answers again."
                )
            return
        if self.status.connection == "offline":
            self.status.connection = "ready"
        if asked == self.session_id:  # not a read of a project switched away from meanwhile
            self.show_state(state)

    @work(exclusive=True, group="storyboard")
    async def refresh_storyboard(self, version: int) -> None:
        """Fetch the strip of draft `version` and show it under the bars.

        The strip is a picture of what the bars already say, so a failure only
        leaves the previous strip (or none); the hosted service, which draws no
        strips, is not asked again.
        """
        if self.client is None or self.session_id is None or not self.strips_offered:
            return
        try:
            png = await self.client.storyboard(self.session_id, self.timeline.strip_frames())
        except NotOffered:
            self.strips_offered = False
            return
        except PhotoreelError:
            return
        image = await asyncio.to_thread(decode_strip, png)
        if self.last_state is None or self.last_state.version != version:
            # the draft moved on while this strip was drawn (an undo right after a swap):
            # showing it would show an order the timeline no longer has
            self.strip_due = True
            self._fetch_strip_if_due()
            return
        if image is not None:
            self.timeline.strip.show(image, version)

    @work(exclusive=True, group="credits")
    async def refresh_credits(self) -> None:
        if self.client is None:
            return
        try:
            self.show_credits(await self.client.credits())
        except PhotoreelError:
            return  # the state poll reports a backend that stopped answering

    def _can_talk(self) -> bool:
        if self.client is not None and self.session_id is not None:
            return True
        if self.status.connection == "starting" and self.backend_factory is not None:
            self.notify("Still setting things up; try again in a moment.", severity="warning")
        else:
            self.call_later(self._not_connected)
        return False

    async def _not_connected(self) -> None:
        await self.conversation.add_error(
            "photoreel is not connected to a backend.",
            "Press ctrl+n to try again; if it keeps happening, run `photoreel serve` in "
            "another terminal and start the app with --api http://127.0.0.1:PORT.",
        )

    # -- actions ---------------------------------------------------------------

    def action_focus_pane(self, pane: str) -> None:
        self.query_one(PANES[pane]).focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(self._keymap)))

    def action_next_theme(self) -> None:
        self.theme = next_theme(self.theme)
        self.notify(f"Theme: {self.theme}", timeout=2)

    def action_select_all(self) -> None:
        self.file_tree.action_select_all()

    def action_clear_selection(self) -> None:
        self.file_tree.action_clear_selection()

    def action_upload(self) -> None:
        self.file_tree.action_upload()

    def action_export(self) -> None:
        if self._can_talk():
            self.export()

    def action_undo(self) -> None:
        """Undo the new project just started (back to the one set aside), else ask the
        agent to undo the last timeline change (a draft version step)."""
        if self.set_aside is not None and self.client is not None:
            self.reopen_project(self.set_aside, undoing=True)
            return
        self.handle_instruction("undo")

    def action_credits(self) -> None:
        self.handle_instruction("credits")

    def action_status(self) -> None:
        self.handle_instruction("status")

    def timeline_in_use(self) -> bool:
        """Something would be set aside by a new project: a drawn timeline or uploaded media."""
        state = self.last_state
        if state is None:
            return False
        draft = state.state.timeline
        return (draft is not None and draft.has_segments) or bool(state.state.video_infos)

    def action_new_project(self) -> None:
        """ctrl+n: an empty project. Asks first when the timeline holds work (which is
        kept: ctrl+z right after, or ctrl+o, brings it back)."""
        if self.backend_factory is None:
            self.call_later(self._not_connected)
        elif self.client is None:
            self.connect()
        elif self.timeline_in_use():
            self.push_screen(
                ConfirmScreen(
                    "Start a new project?",
                    "This timeline is kept: ctrl+z right after, or ctrl+o, brings it back.",
                    yes="New project",
                    no="Keep working",
                ),
                self._new_project_confirmed,
            )
        else:
            self.new_project()

    def _new_project_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.new_project()

    def action_preview(self) -> None:
        """Play a quick low-resolution render of the timeline here, in the terminal."""
        if not self._can_talk():
            return
        assert self.client is not None and self.session_id is not None
        draft = self.last_state.state.timeline if self.last_state else None
        if draft is None or not draft.has_segments:
            self.notify("Nothing to preview yet: make a timeline first.", severity="warning")
            return
        if self.client.hosted_like:
            self.notify(
                "This backend has no preview; export (ctrl+e) to see the video.",
                severity="warning",
            )
            return
        client, session_id = self.client, self.session_id
        self.push_screen(
            PlayerScreen(lambda: client.preview(session_id), draft, graphics=self.graphics)
        )

    def action_open_project(self) -> None:
        if self._can_talk():
            self.list_projects()

    def action_cancel_export(self) -> None:
        if self.render_id is None:
            self.notify("No export is running.")
            return
        self.cancel_export(self.render_id)

    async def action_quit(self) -> None:
        """Leave at once: the terminal is given back without waiting for the backend.

        A running render keeps going in the backend; the message printed as the app
        leaves says so, and the next start in this folder saves the file."""
        message = None
        if self.render_id is not None:
            message = (
                "photoreel: the export keeps rendering in the backend. Run photoreel in "
                f"{self.output_dir} again to save it there."
            )
        self.workers.cancel_all()
        self.exit(message)

    @on(UploadRequested)
    def _upload_requested(self, event: UploadRequested) -> None:
        self.start_upload(list(event.paths))

    @on(InstructionSubmitted)
    def _instruction(self, event: InstructionSubmitted) -> None:
        self.last_instruction = event.text  # typed: not a key's word (ctrl+z's "undo")
        self.handle_instruction(event.text)

    def start_upload(self, paths: list[Path]) -> None:
        if not paths:
            self.notify(
                "Select files first: space on a file, or a to select all.", severity="warning"
            )
            return
        if not self._can_talk():
            return
        new = [p for p in paths if not self._in_project(p)]
        if len(new) < len(paths):
            kept = ", ".join(p.name for p in paths if p not in new)
            self.notify(f"Already in this project, not sent again: {kept}")
        if new:
            self.upload(new)
        else:
            self.file_tree.action_clear_selection()

    def handle_instruction(self, text: str) -> None:
        """Routed words (export, credits, status, upload …) act directly; the rest is a turn."""
        self.call_later(self.conversation.add_user, text)
        if not self._can_talk():
            return
        route = route_instruction(text)
        if route is None:
            self.run_turn(text)
        else:
            self.call_later(self._follow_route, route)

    async def _follow_route(self, route: Route) -> None:
        if route.kind == "export":
            dest = (self.folder / route.dest) if route.dest else None
            self.export(dest)
        elif route.kind == "credits":
            self._say_credits()
        elif route.kind == "status":
            self._say_status()
        elif route.kind == "upload":
            paths = [(self.folder / p).expanduser() for p in route.paths]
            if route.urls:
                await self.conversation.add_error(
                    "Uploading from a link is not offered in the app.",
                    "Download the file into this folder and select it on the left.",
                )
            new = [p for p in paths if not self._in_project(p)]
            if new:
                self.upload(new, then=route.rest or None)
            elif paths and route.rest:
                self.run_turn(route.rest)  # every file is there already: just say it
            elif paths:
                await self.conversation.add_notice("Already in this project: nothing to upload.")
            elif not route.urls:
                self.file_tree.action_upload()

    def _in_project(self, path: Path) -> bool:
        """`path` was uploaded to this project already (same name and size)."""
        state = self.last_state
        if state is None or not path.is_file():
            return False
        size = path.stat().st_size
        return any(
            v.filename == path.name and v.size in (None, size) for v in state.state.video_infos
        )

    # -- workers: one per kind of network work ------------------------------------

    @work(exclusive=True, group="session")
    async def new_project(self) -> None:
        """An empty project; the one open until now is set aside (ctrl+z brings it back)."""
        assert self.client is not None
        if self.turn_running:
            self.notify("Wait for the agent to finish this turn first.", severity="warning")
            return
        previous = self.session_id
        try:
            started = await self._start_project(self.client)
        except PhotoreelError as exc:
            await self.say_error(exc)
            return
        self.set_aside = previous if self.timeline_in_use() else None
        self._switched_project()
        await self.conversation.show_project(started)  # the previous one's messages go
        hint = " ctrl+z brings the previous one back." if self.set_aside else ""
        await self.conversation.add_notice(
            f"New project: an empty timeline. Upload photos to begin.{hint}"
        )
        self.file_tree.focus()  # what comes next is picking photos
        self.refresh_state()

    @work(exclusive=True, group="session")
    async def reopen_project(self, session_id: str, undoing: bool = False) -> None:
        """Make `session_id` the open project (from the list, or undoing a ctrl+n)."""
        assert self.client is not None and self.projects is not None
        if self.turn_running:
            self.notify("Wait for the agent to finish this turn first.", severity="warning")
            return
        try:
            state = await self.client.state(session_id)
        except PhotoreelError as exc:
            if isinstance(exc, SessionNotFound):
                self.projects.forget(self.client.backend.key, session_id)
            await self.say_error(exc, "Pick another project (ctrl+o), or start one (ctrl+n).")
            return
        self.session_id = session_id
        self.set_aside = None
        self.projects.opened(self.client.backend.key, self.folder, session_id)
        self._switched_project()
        await self.conversation.show_project(session_id)  # its own messages, if any
        self.show_state(state)
        text = self._reopened_text(state)
        if undoing:
            text = "Undone: the new project is set aside. " + text
        await self.conversation.add_notice(text, kind="success")

    def _switched_project(self) -> None:
        """Another project is open: nothing is marked as changed, its strip is fetched."""
        self.timeline.forget_turn()
        self.timeline.strip.show(None)  # version numbers are per project: never reuse one
        self.strip_due = True

    @work(exclusive=True, group="projects")
    async def list_projects(self) -> None:
        """ctrl+o: every remembered project of this backend, described from its state."""
        client, book = self.client, self.projects
        assert client is not None and book is not None
        entries = book.listing(client.backend.key)

        async def describe(entry: ProjectEntry) -> ProjectSummary:
            try:
                return summarize_state(entry, await client.state(entry.session_id))
            except SessionNotFound:
                return ProjectSummary(entry=entry, missing=True)
            except PhotoreelError:
                return ProjectSummary(entry=entry)

        summaries = await asyncio.gather(*(describe(e) for e in entries))
        summaries = [s for s in summaries if not s.missing]

        async def thumbnail(summary: ProjectSummary) -> Image.Image | None:
            try:
                png = await client.storyboard(summary.entry.session_id, frames=1)
            except PhotoreelError:
                return None
            return await asyncio.to_thread(decode_strip, png)

        chosen = await self.push_screen_wait(
            ProjectsScreen(
                summaries,
                current=self.session_id,
                folder=self.folder,
                graphics=self.graphics,
                thumbnail=thumbnail if not client.hosted_like else None,
            )
        )
        if chosen is not None and chosen != self.session_id:
            self.reopen_project(chosen)

    @work(group="upload")
    async def upload(self, paths: list[Path], then: str | None = None) -> None:
        """Send files one by one with a progress line each; then refresh the timeline."""
        assert self.client is not None and self.session_id is not None
        pane = self.conversation
        lines = {p: await pane.add_notice(f"⇪ {p.name} waiting…") for p in paths}

        def progress(path: Path, sent: int, total: int) -> None:
            line = lines.get(path)
            if line is not None and total:
                line.update(
                    f"⇪ {path.name} {progress_bar(sent / total)} {100 * sent / total:3.0f}%"
                )

        try:
            language = reply_language(self.last_instruction, self.client.language)
            result = await self.client.upload(self.session_id, paths, progress, language=language)
        except PhotoreelError as exc:
            for waiting in lines.values():
                await waiting.remove()
            await self.say_error(exc)
            return
        done = 0
        # one row per file, in the order sent; a file whose content is already in the
        # project comes back under the name it was first uploaded as
        sent = list(lines) if len(result.files) == len(lines) else [None] * len(result.files)
        for path, row in zip(sent, result.files, strict=True):
            path = path or next((p for p in lines if p.name == row.filename), None)
            line = lines.pop(path, None) if path is not None else None
            error = upload_error(row)
            if error is not None:
                if line is not None:
                    await line.remove()
                await self.say_error(error)
                continue
            done += 1
            name = path.name if path is not None else row.filename
            size = f" · {row.width}×{row.height}" if row.width and row.height else ""
            same = f" (the same picture as {row.filename})" if name != row.filename else ""
            if line is not None:
                line.update(f"✓ {name}{size}{same}")
                line.set_class(True, "success")
        for line in lines.values():  # a file the answer did not mention: no stale 100 %
            await line.remove()
        if done:
            self.file_tree.action_clear_selection()
            noun = "file" if done == 1 else "files"
            await pane.add_notice(f"{done} {noun} uploaded. Now say what video you want.")
            if then is None and self.focused is self.file_tree:
                # what comes next is typed: letters in the tree would select and upload
                pane.prompt.focus()
            if result.findings:
                await pane.add_notice(result.findings[:1].upper() + result.findings[1:])
        self.refresh_state()
        self.refresh_credits()
        if then:
            self.run_turn(then)

    @work(group="turn")
    async def run_turn(self, text: str) -> None:
        """One chat turn: the reply streams into the conversation as it comes.

        An instruction sent while a turn runs waits for it: cutting the running
        turn off would hide its reply and what it changed, although the backend
        still does it."""
        self._turns += 1
        self.turn_running = True
        try:
            async with self._turn_lock:
                await self._one_turn(text)
        finally:
            self._turns -= 1
            self.turn_running = self._turns > 0
        self.strip_due = True
        self.refresh_state()
        self.refresh_credits()

    async def _one_turn(self, text: str) -> None:
        assert self.client is not None and self.session_id is not None
        pane = self.conversation
        self.status.connection = "working"
        self.timeline.mark_turn_start()
        still: list[object] = []
        waiting: Any = None  # the one notice a broken stream's wait is shown in
        try:
            async for event in self.client.chat(self.session_id, text):
                if isinstance(event, TextDelta):
                    await pane.add_chunk(event.chunk)
                elif isinstance(event, TextFinal):
                    await pane.set_final(translate_gui_phrases(event.text).text)
                    pane.reply = None
                elif isinstance(event, ToolCall):
                    await pane.add_tool_call(event.id, event.name, event.args)
                elif isinstance(event, ToolResult):
                    failed = "error" in event.response
                    note = str(event.response.get("error", "")) if failed else ""
                    pane.finish_tool_call(event.id, event.name, ok=not failed, note=note)
                elif isinstance(event, StillWorking):
                    still.append(await pane.add_notice(STILL_WORKING_TEXT, kind="still-working"))
                elif isinstance(event, Recovering):
                    if waiting is None:
                        waiting = await pane.add_notice(event.text, kind="still-working")
                    else:
                        waiting.update(event.text)
                elif isinstance(event, SessionReplaced):
                    self.session_id = event.new_session_id
                    pane.project_renamed(event.new_session_id)
                    await pane.add_notice("The session had expired; this turn went to a new one.")
                elif isinstance(event, ChatError):
                    await self.say_error(event.message, "Try again, or say it another way.")
                elif isinstance(event, TurnComplete) and event.reply_from_client:
                    await pane.set_final(event.reply)
        except PhotoreelError as exc:
            await self.say_error(exc)
        finally:
            if self.status.connection == "working":
                self.status.connection = "ready"
            await pane.end_reply()

    def _say_credits(self) -> None:
        self._credits_turn()

    # not in the "credits" group: the refresh that every upload and turn ends with
    # would cancel the answer the person asked for
    @work(exclusive=True, group="say-credits")
    async def _credits_turn(self) -> None:
        assert self.client is not None
        try:
            credits = await self.client.credits()
        except PhotoreelError as exc:
            await self.say_error(exc)
            return
        self.show_credits(credits)
        if credits.unlimited or credits.available is None:
            text = "Credits: unlimited on this backend."
        else:
            total = credits.total if credits.total is not None else credits.available
            text = (
                f"Credits: {credits.available} available, {credits.frozen} held by running "
                f"work, {total} in all."
            )
        await self.conversation.add_notice(text)

    def _say_status(self) -> None:
        self._status_turn()

    # not in the "state" group: a refresh (the end of an upload, the poll) would
    # cancel the answer the person asked for
    @work(exclusive=True, group="say-status")
    async def _status_turn(self) -> None:
        assert self.client is not None and self.session_id is not None
        try:
            state = await self.client.state(self.session_id)
        except PhotoreelError as exc:
            await self.say_error(exc)
            return
        self.show_state(state)
        media = len(state.state.video_infos)
        noun = "file" if media == 1 else "files"
        await self.conversation.add_notice(
            f"{state.state.unreadable or summarize(state.state.timeline)} · {media} {noun} uploaded"
        )

    @work(exclusive=True, group="export")
    async def export(self, dest: Path | None = None) -> None:
        """Submit the timeline, follow the render in the status bar, save the file."""
        assert self.client is not None and self.session_id is not None
        draft = self.last_state.state.timeline if self.last_state else None
        dest = dest or export_path(self.output_dir, draft.meta.title if draft else None)
        self.show_export(ExportView(phase="queued"))
        try:
            status = await self.client.export(self.session_id, dest=dest)
        except PhotoreelError as exc:
            self.show_export(ExportView(phase="failed", message=exc.message))
            await self.say_error(exc)
            return
        await self.conversation.add_notice(f"Exporting to {dest.name}… (ctrl+k cancels)")
        self.refresh_credits()
        await self._follow_render(status, dest)

    async def _follow_render(self, status: RenderAnswer, dest: Path) -> None:
        assert self.client is not None
        self.render_id = status.render_id

        def rendering(now: RenderAnswer) -> None:
            phase = "rendering" if now.status == "processing" or now.progress else "queued"
            self.show_export(ExportView(phase=phase, progress=now.progress))

        def saving(sent: int, total: int | None) -> None:
            if total:
                self.show_export(ExportView(phase="downloading", progress=100 * sent / total))

        try:
            done = await self.client.wait_render(status.render_id, rendering)
            path = await self.client.download(done, dest, saving)
        except PhotoreelError as exc:
            self.render_id = None
            self.show_export(ExportView(phase="failed", message=exc.message))
            await self.say_error(exc)
            return
        self.render_id = None
        size = path.stat().st_size
        self.show_export(ExportView(phase="done", progress=100, path=path, size=size))
        await self.conversation.add_notice(f"✓ Saved {path} ({human_size(size)})", kind="success")
        self.refresh_credits()
        await self._show_saved_file(path)

    async def _show_saved_file(self, path: Path) -> None:
        """A video saved into the browsed folder appears in the file tree right away."""
        if path.is_relative_to(self.folder):  # both absolute: output_dir is resolved
            await self.file_tree.show_new_files()

    @work(exclusive=True, group="export")
    async def _watch_render(self, status: RenderAnswer, dest: Path) -> None:
        await self._follow_render(status, dest)

    @work(group="cancel")
    async def cancel_export(self, render_id: str) -> None:
        assert self.client is not None
        self.workers.cancel_group(self, "export")
        try:
            await self.client.cancel_render(render_id)
        except PhotoreelError as exc:
            await self.say_error(exc)
            return
        self.render_id = None
        self.show_export(ExportView(phase="cancelled"))
        await self.conversation.add_notice("Export cancelled.")
        self.refresh_credits()
