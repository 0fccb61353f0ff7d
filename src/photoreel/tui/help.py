"""The help screen (`?`): every key binding of the app, grouped by where it works.

The table is built from the widgets' own `BINDINGS`, so a binding added
anywhere shows up here without anyone remembering to document it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys Textual itself provides that a person should still find in the help.
BUILT_IN: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "Move focus to the next / previous pane"),
    ("ctrl+p", "Command palette: every action by name"),
    ("ctrl+q", "Quit (a running export is remembered and finished next time)"),
    ("mouse", "Click a pane to focus it, a file to select it, scroll with the wheel"),
)


def _pretty_key(key: str) -> str:
    names = {
        "question_mark": "?",
        "space": "space",
        "escape": "esc",
        "pageup": "page up",
        "pagedown": "page down",
    }
    return " / ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a description."""
    rows = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        text = binding.tooltip or binding.description
        if text:
            rows.append((_pretty_key(binding.key), text))
    return rows


def help_table(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    """Keys and what they do, under a heading per area. Descriptions wrap to the
    width, so nothing is cut off at 80 columns."""
    table = Table(box=None, expand=True, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("keys", no_wrap=True, style="bold")
    table.add_column("what it does", ratio=1, overflow="fold")
    for i, (where, rows) in enumerate(sections):
        if i:
            table.add_row("", "")
        table.add_row(Text(where.capitalize(), style="bold underline"), "")
        for keys, what in rows:
            table.add_row(keys, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Every binding, by area. Arrows and page keys scroll; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(
                "[b]photoreel keys  [/b]·  ↑↓ page up/down scroll  ·  esc closes", id="help-title"
            )
            with VerticalScroll(id="help-body"):
                yield Static(help_table(self.sections), id="help-table")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # so the arrow and page keys scroll it

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
