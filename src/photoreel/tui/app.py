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

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from photoreel.client import (
    Backend,
    ChatError,
    NoCredits,
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
    route_instruction,
    translate_gui_phrases,
    upload_error,
)
from photoreel.client.turns import STILL_WORKING_AFTER
from photoreel.progress import progress_bar
from photoreel.protocol.answers import CreditsAnswer, StateAnswer
from photoreel.protocol.draft import summarize
from photoreel.tui.commands import PhotoreelCommands
from photoreel.tui.help import BUILT_IN, HelpScreen, binding_rows
from photoreel.tui.messages import InstructionSubmitted, UploadRequested
from photoreel.tui.themes import DEFAULT_THEME, THEMES, next_theme
from photoreel.tui.widgets.conversation import STILL_WORKING_TEXT, ConversationPane, PromptInput
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
        backend_factory: BackendFactory | None = None,
        graphics: Graphics = "halfblock",
        config_dir: Path | None = None,
        output_dir: Path | None = None,
        still_working_after: float = STILL_WORKING_AFTER,
        state_poll_seconds: float = STATE_POLL_SECONDS,
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
        self.last_state: StateAnswer | None = None
        # the storyboard strip is asked for once after each turn that changed the draft
        self.strip_due = False
        self.strips_offered = True
        self._panes: dict[str, object] = {}
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

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
        if self.backend_factory is not None:
            self.connect()

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
        if isinstance(error, NoCredits):
            hint = hint or (
                f"Register to get more: {error.link}"
                if error.link
                else "Top up credits, then try again."
            )
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
            session = await client.new_session()
            self.session_id = session.session_id
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
        self.set_interval(self.state_poll_seconds, self._poll_state, name="poll-state")
        self.refresh_state()
        self.refresh_credits()
        await self._resume_remembered_renders()

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
        try:
            state = await self.client.state(self.session_id)
        except PhotoreelError as exc:
            if self.status.connection != "offline":
                self.status.connection = "offline"
                await self.say_error(
                    exc, "The timeline will refresh once the backend answers again."
                )
            return
        if self.status.connection == "offline":
            self.status.connection = "ready"
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

    def action_export(self) -> None:
        if self._can_talk():
            self.export()

    def action_undo(self) -> None:
        # the agent understands "undo" (a draft version step); the person sees it asked
        self.handle_instruction("undo")

    def action_credits(self) -> None:
        self.handle_instruction("credits")

    def action_status(self) -> None:
        self.handle_instruction("status")

    def action_new_session(self) -> None:
        if self.backend_factory is None:
            self.call_later(self._not_connected)
        elif self.client is None:
            self.connect()
        else:
            self.new_session()

    def action_cancel_export(self) -> None:
        if self.render_id is None:
            self.notify("No export is running.")
            return
        self.cancel_export(self.render_id)

    async def action_quit(self) -> None:
        """Leave now. A running render keeps going and is downloaded on the next start."""
        if self.render_id is not None:
            self.status.detail = "export remembered; it is saved next time"
        self.workers.cancel_all()
        if self.client is not None:
            await self.client.aclose()
        self.exit()

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
        if self._can_talk():
            self.upload(paths)

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
            if paths:
                self.upload(paths, then=route.rest or None)
            elif not route.urls:
                self.file_tree.action_upload()

    # -- workers: one per kind of network work ------------------------------------

    @work(exclusive=True, group="session")
    async def new_session(self) -> None:
        assert self.client is not None
        if self.turn_running:
            self.notify("Wait for the agent to finish this turn first.", severity="warning")
            return
        try:
            session = await self.client.new_session()
        except PhotoreelError as exc:
            await self.say_error(exc)
            return
        self.session_id = session.session_id
        self.timeline.mark_turn_start()
        await self.conversation.add_notice(
            "New session: an empty timeline. Upload photos to begin."
        )
        self.refresh_state()

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
            result = await self.client.upload(self.session_id, paths, progress)
        except PhotoreelError as exc:
            for waiting in lines.values():
                await waiting.remove()
            await self.say_error(exc)
            return
        done = 0
        for row in result.files:
            line = next((lines[p] for p in lines if p.name == row.filename), None)
            error = upload_error(row)
            if error is not None:
                if line is not None:
                    await line.remove()
                await self.say_error(error)
                continue
            done += 1
            size = f" · {row.width}×{row.height}" if row.width and row.height else ""
            if line is not None:
                line.update(f"✓ {row.filename}{size}")
                line.set_class(True, "success")
        if done:
            self.file_tree.action_clear_selection()
            noun = "file" if done == 1 else "files"
            await pane.add_notice(f"{done} {noun} uploaded. Now say what video you want.")
            if result.findings:
                await pane.add_notice(result.findings[:1].upper() + result.findings[1:])
        self.refresh_state()
        self.refresh_credits()
        if then:
            self.run_turn(then)

    @work(exclusive=True, group="turn")
    async def run_turn(self, text: str) -> None:
        """One chat turn: the reply streams into the conversation as it comes."""
        assert self.client is not None and self.session_id is not None
        pane = self.conversation
        self.turn_running = True
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
                    await pane.add_notice("The session had expired; this turn went to a new one.")
                elif isinstance(event, ChatError):
                    await self.say_error(event.message, "Try again, or say it another way.")
                elif isinstance(event, TurnComplete) and event.reply_from_client:
                    await pane.set_final(event.reply)
        except PhotoreelError as exc:
            await self.say_error(exc)
        finally:
            self.turn_running = False
            if self.status.connection == "working":
                self.status.connection = "ready"
            await pane.end_reply()
        self.strip_due = True
        self.refresh_state()
        self.refresh_credits()

    def _say_credits(self) -> None:
        self._credits_turn()

    @work(exclusive=True, group="credits")
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

    @work(exclusive=True, group="state")
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
