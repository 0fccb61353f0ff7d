"""The help screen (`?`): every key binding of the app, grouped by where it works.

The table is built from the action registry (actions.py) with the keys in
force now, so a key a user rebound shows as rebound, and an action added to
the registry shows up here without anyone remembering to document it. Each
row names the action's id: what the config file's `[keymap]` uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from photoreel.tui.actions import ACTIONS, AREA_TITLES, Area, current_keys, pretty_keys

# Keys no action of the registry owns, which a person should still find in the help.
BUILT_IN: dict[Area, tuple[tuple[str, str], ...]] = {
    "anywhere": (
        ("tab / shift+tab", "Move focus to the next / previous pane"),
        ("mouse", "Click a pane to focus it, a file to select it, scroll with the wheel"),
    ),
    "conversation": (("enter", "Send the instruction"),),
}


def help_sections(keymap: Mapping[str, str]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(where, [(keys, what they do, action id)]) for every area, from the registry, with
    the keys in force now (a user's keymap included): every action of the registry."""
    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    for area, title in AREA_TITLES.items():
        rows = [
            # an action with no key is still listed: it is in the palette, and its id is
            # what gives it a key in config.toml
            (pretty_keys(current_keys(a, keymap)) or "(palette)", a.help, a.id)
            for a in ACTIONS
            if a.area == area
        ]
        rows += [(keys, what, "") for keys, what in BUILT_IN.get(area, ())]
        if rows:
            sections.append((title, rows))
    return sections


def help_table(sections: list[tuple[str, list[tuple[str, str, str]]]]) -> Table:
    """Keys and what they do, under a heading per area. Descriptions wrap to the
    width, so nothing is cut off at 80 columns."""
    table = Table(box=None, expand=True, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("keys", no_wrap=True, style="bold")
    table.add_column("what it does", ratio=1, overflow="fold")
    for i, (where, rows) in enumerate(sections):
        if i:
            table.add_row("", "")
        table.add_row(Text(where.capitalize(), style="bold underline"), "")
        for keys, what, action_id in rows:
            line = Text(what)
            if action_id:  # the name the config file's [keymap] uses
                line.append(f"  {action_id}", style="dim italic")
            table.add_row(keys, line)
    return table


class HelpScreen(ModalScreen[None]):
    """Every binding, by area. Arrows and page keys scroll; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(
                "[b]photoreel keys[/b]  ·  ↑↓ scroll  ·  esc closes  ·  "
                "the names in italics rebind keys in config.toml",
                id="help-title",
            )
            with VerticalScroll(id="help-body"):
                yield Static(help_table(self.sections), id="help-table")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # so the arrow and page keys scroll it

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
