"""The Conversation pane: what the person asked, the agent's reply as it streams, and errors.

Shaped like Elia's chat: one worker per turn (owned by the app) reads the
stream and calls `AgentReply.append` with each chunk; the pane only ever
updates widgets. Tool calls are shown as compact lines that expand to show
their arguments in words — never raw JSON.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Collapsible, Input, Markdown, Static

from photoreel.tui.actions import bindings
from photoreel.tui.messages import InstructionSubmitted, UploadRequested

STILL_WORKING_TEXT = "⏳ still working…"


def paths_in_paste(text: str, base: Path) -> tuple[Path, ...]:
    """Files a paste names, if it is nothing but paths (what a terminal sends on drag-and-drop).

    Terminals quote a dropped path ('/a b.jpg'), escape spaces (/a\\ b.jpg) or send a
    file:// URI; several dropped files arrive separated by spaces or newlines. A
    paste that is anything else (a sentence) is not a file drop, and gives ().
    """
    text = text.strip()
    if not text:
        return ()
    try:
        words = shlex.split(text)
    except ValueError:
        return ()
    found: list[Path] = []
    for word in words:
        if word.startswith("file://"):
            word = unquote(urlparse(word).path)
        path = Path(word).expanduser()
        if not path.is_absolute():
            path = base / path
        if not path.is_file():
            return ()
        found.append(path.resolve())
    return tuple(found)


_UNITS = (("_ms", " ms"), ("_s", " s"), ("_pct", "%"), ("_percent", "%"))


def _shown(value: Any) -> str | None:
    """A value as words; None for one that says nothing (unset, empty, off)."""
    if value is None or value is False or value in ("", [], (), {}):
        return None
    if value is True:
        return "yes"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        parts = [f"{k.replace('_', ' ')} {v}" for k, v in value.items() if _shown(v) is not None]
        return ", ".join(parts) or None
    if isinstance(value, list | tuple):
        shown = [s for v in value[:8] if (s := _shown(v)) is not None]
        return ", ".join(shown) + (" …" if len(value) > 8 else "") if shown else None
    return str(value)


def describe_args(args: dict[str, Any]) -> str:
    """A tool call's arguments as `name: value` lines a person can read: unset ones left
    out, units written after the number (`total_s: 15.0` is `total: 15 s`)."""
    lines = []
    for key, value in args.items():
        shown = _shown(value)
        if shown is None:
            continue
        name = key
        for suffix, unit in _UNITS:
            if key.endswith(suffix) and isinstance(value, int | float):
                name, shown = key[: -len(suffix)], shown + unit
                break
        lines.append(f"{name.replace('_', ' ')}: {shown}")
    return "\n".join(lines) or "(nothing more to say)"


class UserMessage(Static):
    """One thing the person typed."""

    def __init__(self, text: str) -> None:
        super().__init__(text, markup=False, classes="message user")


def _text_markdown() -> MarkdownIt:
    """GitHub-flavoured Markdown without raw HTML.

    With HTML on, a reply saying "add <file name> at 40%" lost its placeholder: the
    tag was parsed and dropped. A reply is text for a person, never markup to hide.
    """
    return MarkdownIt("gfm-like", {"html": False})


class AgentReply(Markdown):
    """The agent's reply, growing chunk by chunk while the turn streams."""

    def __init__(self) -> None:
        super().__init__("", classes="message agent", parser_factory=_text_markdown)
        self.text = ""

    async def add_chunk(self, chunk: str) -> None:
        self.text += chunk
        await self.append(chunk)

    async def set_final(self, text: str) -> None:
        """The whole text arrived once more: it replaces the chunks (protocol rule)."""
        if text != self.text:
            self.text = text
            await self.update(text)


class ToolCallLine(Collapsible):
    """A compact "⚙ set transition … ✓" line; expand it to see what was asked."""

    def __init__(self, call_id: str | None, name: str, args: dict[str, Any]) -> None:
        self.call_id = call_id
        self.tool_name = name.replace("_", " ")
        super().__init__(
            Static(describe_args(args), markup=False, classes="tool-args"),
            title=f"⚙ {self.tool_name} …",
            collapsed=True,
            classes="tool-call",
        )

    def finish(self, ok: bool, note: str = "") -> None:
        mark = "✓" if ok else "✗"
        self.title = f"⚙ {self.tool_name} {mark}" + (f" — {note}" if note else "")
        self.set_class(not ok, "failed")


class ErrorNotice(Static):
    """An error said as what went wrong and what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        text = f"[b]✗ {_escape(message)}[/b]" + (f"\n{_escape(hint)}" if hint else "")
        super().__init__(text, classes="message error")


class Notice(Static):
    """A quiet line from photoreel itself: uploads, credits, exports, still-working."""

    def __init__(self, text: str, *, kind: str = "info") -> None:
        super().__init__(text, markup=False, classes=f"message notice {kind}")


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


class PromptInput(Input):
    """The instruction box: enter sends, up/down walk the history, a pasted path uploads."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("conversation")

    def __init__(self, *, base: Path, id: str | None = None) -> None:
        super().__init__(
            placeholder="Say what you want, e.g. turn my photos into a 15-second video",
            id=id,
        )
        self.base = base
        self.history: list[str] = []
        self._history_pos = 0
        self._draft_line = ""

    def remember(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._history_pos = len(self.history)
        self._draft_line = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._history_pos == len(self.history):
            self._draft_line = self.value
        pos = max(0, min(len(self.history), self._history_pos + step))
        self._history_pos = pos
        self.value = self.history[pos] if pos < len(self.history) else self._draft_line
        self.cursor_position = len(self.value)

    def action_scroll_history(self, direction: int) -> None:
        pane = self.screen.query_one("#history", VerticalScroll)
        if direction < 0:
            pane.scroll_page_up()
        else:
            pane.scroll_page_down()

    def _on_paste(self, event: events.Paste) -> None:
        paths = paths_in_paste(event.text, self.base)
        if paths:
            event.stop()
            event.prevent_default()
            self.post_message(UploadRequested(paths))
            return
        super()._on_paste(event)


class ConversationPage(Vertical):
    """One project's messages. The pane shows the open project's page only; the others
    are kept, hidden, for as long as the app runs (the backend keeps no conversation to
    read back), so going back to a project (ctrl+z after ctrl+n, ctrl+o) shows its own."""

    DEFAULT_CSS = "ConversationPage { height: auto; }"

    def __init__(self, *children: Any, project: str | None) -> None:
        super().__init__(*children)
        self.project = project


class ConversationPane(Vertical):
    """The scrollable history above and the instruction box below."""

    def __init__(self, *, base: Path, id: str | None = None) -> None:
        super().__init__(id=id)
        self.base = base
        self._tool_lines: dict[str, ToolCallLine] = {}
        self.reply: AgentReply | None = None
        self._history: VerticalScroll | None = None
        # the page shown; the first one belongs to the first project opened
        self.page = ConversationPage(
            Notice(
                "Pick photos on the left (space), press u to upload them, then say what "
                "you want. ctrl+e exports, ? shows every key.",
                kind="welcome",
            ),
            project=None,
        )
        self._pages: dict[str, ConversationPage] = {}

    def compose(self) -> ComposeResult:
        # not a tab stop: tab goes from the files straight to the instruction box; the
        # history scrolls with page up/down from there, or the mouse wheel
        with VerticalScroll(id="history", can_focus=False):
            yield self.page
        yield PromptInput(base=self.base, id="prompt")

    async def show_project(self, project: str) -> None:
        """Show `project`'s messages only: its page from earlier in this run, else a new
        empty one (what was said until then, e.g. the welcome, belongs to the first)."""
        if self.page.project is None:
            self.project_renamed(project)
            return
        if self.page.project == project:
            return
        self.page.display = False
        self.reply = None
        self._tool_lines.clear()
        page = self._pages.get(project)
        if page is None:
            page = self._pages[project] = ConversationPage(project=project)
            await self.history.mount(page)
        page.display = True
        self.page = page
        self.history.scroll_end(animate=False)

    def project_renamed(self, project: str) -> None:
        """The page shown is `project`'s (its first, or a session replaced by a new id)."""
        self.page.project = project
        self._pages[project] = self.page

    def on_mount(self) -> None:
        # kept at the bottom as replies grow and as the pane shrinks under a growing
        # timeline (scrolling up lets go; scrolling back to the end holds on again)
        self.history.anchor()

    @property
    def history(self) -> VerticalScroll:
        # kept after the first look-up: a turn's worker ending while the app closes finds it
        if self._history is None:
            self._history = self.query_one("#history", VerticalScroll)
        return self._history

    @property
    def prompt(self) -> PromptInput:
        return self.query_one(PromptInput)

    @on(Input.Submitted, "#prompt")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.stop()
        if not text:
            return
        self.prompt.remember(text)
        self.prompt.value = ""
        self.post_message(InstructionSubmitted(text))

    async def _add(self, widget: Any) -> Any:
        follow = self.history.max_scroll_y - self.history.scroll_y <= 2
        await self.page.mount(widget)
        if follow:
            self.history.scroll_end(animate=False)
        return widget

    async def add_user(self, text: str) -> None:
        await self._add(UserMessage(text))

    async def start_reply(self) -> AgentReply:
        self.reply = await self._add(AgentReply())
        return self.reply

    async def add_chunk(self, chunk: str) -> None:
        reply = self.reply or await self.start_reply()
        await reply.add_chunk(chunk)
        self.history.scroll_end(animate=False)

    async def set_final(self, text: str) -> None:
        reply = self.reply or await self.start_reply()
        await reply.set_final(text)
        self.history.scroll_end(animate=False)

    async def end_reply(self) -> None:
        if self.reply is not None and not self.reply.text.strip():
            await self.reply.remove()
        self.reply = None
        self._tool_lines.clear()

    async def add_tool_call(self, call_id: str | None, name: str, args: dict[str, Any]) -> None:
        line = await self._add(ToolCallLine(call_id, name, args))
        self._tool_lines[call_id or name] = line
        # what the agent says after a tool call goes below it, in a new block
        if self.reply is not None and self.reply.text:
            self.reply = None

    def finish_tool_call(self, call_id: str | None, name: str, ok: bool, note: str = "") -> None:
        line = self._tool_lines.get(call_id or name)
        if line is not None:
            line.finish(ok, note)

    async def add_error(self, message: str, hint: str | None = None) -> None:
        await self._add(ErrorNotice(message, hint))

    async def add_notice(self, text: str, kind: str = "info") -> Notice:
        notice = Notice(text, kind=kind)
        await self._add(notice)
        return notice
