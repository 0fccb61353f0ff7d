"""Every action of the app, declared once: its id, keys, palette entry, help line and footer.

Harlequin and Posting build their bindings, help screen and command palette
from one registry, so the three can never disagree; photoreel does the same.
`ACTIONS` is that registry. From it come:

* the `BINDINGS` of the app and of each pane (`bindings(area)`), each binding
  carrying the action's `id`, so a user's keymap (config.py) rebinds it;
* the command palette (commands.py: every action with a `title`);
* the help screen (help.py: every action with its *current* keys);
* the footer (actions with a `footer` label).

Keys that a text box needs (printable characters, space, the arrows) are bound
without priority, so typing "u" in the instruction box types a "u". Every other
key (ctrl+…, f1…f12) is bound with priority: it works from every pane, even
while the instruction box has focus and would otherwise take ctrl+k or ctrl+e
for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict
from textual.binding import Binding, BindingType

Area = Literal["anywhere", "files", "conversation", "projects", "player", "confirm"]

AREA_TITLES: dict[Area, str] = {
    "anywhere": "anywhere",
    "files": "file tree",
    "conversation": "instruction box",
    "projects": "project list",
    "player": "preview player",
    "confirm": "a question",
}

# A key with one of these held, or a function key, is never typed into a text box.
_COMMAND_MODIFIERS = ("ctrl+", "alt+", "meta+", "super+", "hyper+")
_FUNCTION_KEY = re.compile(r"^(shift\+)?f\d{1,2}$")


class Action(BaseModel):
    """One thing a person can do, with everything needed to offer it everywhere."""

    model_config = ConfigDict(frozen=True)

    id: str
    """What a keymap names (`[keymap] export = "ctrl+s"`); also the Binding id."""
    action: str
    """The Textual action run (on the app, or on the pane of `area`)."""
    keys: str
    """Default keys, comma-separated, in Textual's names (`question_mark,f1`); "" for none."""
    help: str
    """The help screen's line: what it does, in words."""
    area: Area = "anywhere"
    title: str | None = None
    """The command palette's entry; None keeps it out of the palette."""
    footer: str | None = None
    """A short label for the footer; None keeps it out of the footer."""

    def priority(self) -> bool:
        """True when no key is one a text box types with: then it works from every pane."""
        return all(not is_typing_key(k) for k in split_keys(self.keys))


def split_keys(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


def is_typing_key(key: str) -> bool:
    """A key a text box or a list may use for itself: a printable character (`u`,
    `question_mark`, `plus`), space, enter, escape, tab, the arrows and page keys;
    not a ctrl+/alt+ key nor f1...f24 (those are bound with priority)."""
    key = key.lower()
    return not (key.startswith(_COMMAND_MODIFIERS) or _FUNCTION_KEY.match(key))


ACTIONS: tuple[Action, ...] = (
    # -- anywhere ---------------------------------------------------------------------
    Action(id="export", action="export", keys="ctrl+e", title="Export video",
           help="Export the timeline to an MP4 beside your photos", footer="Export"),
    Action(id="cancel-export", action="cancel_export", keys="ctrl+k", title="Cancel export",
           help="Cancel the running export"),
    Action(id="preview", action="preview", keys="f5,ctrl+r", title="Preview the video",
           help="Play a quick low-resolution preview of the timeline here, in the terminal",
           footer="Preview"),
    Action(id="undo", action="undo", keys="ctrl+z", title="Undo last change",
           help="Undo the last timeline change (or the new project you just started)",
           footer="Undo"),
    Action(id="new-project", action="new_project", keys="ctrl+n", title="New project",
           help="Start a new project with an empty timeline (asks first; ctrl+z brings the "
           "old one back)", footer="New"),
    Action(id="open-project", action="open_project", keys="ctrl+o", title="Open a project…",
           help="List earlier projects and reopen one", footer="Open"),
    Action(id="upload", action="upload", keys="u", title="Upload selected files",
           help="Upload the selected files (or the highlighted one)", footer="Upload"),
    Action(id="credits", action="credits", keys="", title="Show credits",
           help="Ask the backend for the credit balance"),
    Action(id="status", action="status", keys="", title="Show timeline status",
           help="Print the one-line summary of the timeline"),
    Action(id="focus-files", action="focus_pane('files')", keys="f2,alt+1",
           title="Focus files", help="Move to the file tree"),
    Action(id="focus-conversation", action="focus_pane('conversation')", keys="f3,alt+2",
           title="Focus conversation", help="Move to the instruction box"),
    Action(id="focus-timeline", action="focus_pane('timeline')", keys="f4,alt+3",
           title="Focus timeline", help="Move to the timeline"),
    Action(id="next-theme", action="next_theme", keys="ctrl+t", title="Switch theme",
           help="Switch between photoreel's dark and light themes (remembered)"),
    Action(id="choose-theme", action="change_theme", keys="", title="Choose a theme…",
           help="Pick any theme by name (remembered)"),
    Action(id="help", action="help", keys="f1,question_mark", title="Help: all keys",
           help="Show this help", footer="Help"),
    Action(id="palette", action="command_palette", keys="ctrl+p",
           help="Command palette: every action by name"),
    Action(id="quit", action="quit", keys="ctrl+q", title="Quit",
           help="Quit at once (a running export keeps rendering and is saved next time)"),
    # -- the file tree ------------------------------------------------------------
    Action(id="select", action="toggle_selected", keys="space", area="files",
           help="Select or unselect this file", footer="Select"),
    Action(id="select-all", action="select_all", keys="a", area="files",
           title="Select all files", help="Select every file shown (again: none)",
           footer="Select all"),
    Action(id="clear-selection", action="clear_selection", keys="escape", area="files",
           title="Clear selection", help="Clear the selection (unselect every file)"),
    # -- the instruction box ---------------------------------------------------------
    Action(id="history-previous", action="history(-1)", keys="up", area="conversation",
           help="Previous instruction you sent"),
    Action(id="history-next", action="history(1)", keys="down", area="conversation",
           help="Next instruction you sent"),
    Action(id="scroll-up", action="scroll_history(-1)", keys="pageup", area="conversation",
           help="Scroll the conversation up"),
    Action(id="scroll-down", action="scroll_history(1)", keys="pagedown", area="conversation",
           help="Scroll the conversation down"),
    # -- the project list ------------------------------------------------------------
    Action(id="project-open", action="open_selected", keys="enter", area="projects",
           help="Reopen the highlighted project", footer="Open"),
    Action(id="project-close", action="close", keys="escape", area="projects",
           help="Back to the current project", footer="Back"),
    # -- the preview player -----------------------------------------------------------
    Action(id="player-play", action="toggle_play", keys="space", area="player",
           help="Play or pause", footer="Play/pause"),
    Action(id="player-next", action="seek_segment(1)", keys="right,l", area="player",
           help="Jump to the next segment", footer="Next"),
    Action(id="player-previous", action="seek_segment(-1)", keys="left,h", area="player",
           help="Jump to the start of this segment (again: the one before)",
           footer="Previous"),
    Action(id="player-restart", action="restart", keys="home", area="player",
           help="Back to the start"),
    Action(id="player-close", action="close", keys="escape,q", area="player",
           help="Close the preview", footer="Close"),
    # -- a question (yes / no) --------------------------------------------------------
    Action(id="confirm-yes", action="answer(True)", keys="y,enter", area="confirm",
           help="Yes", footer="Yes"),
    Action(id="confirm-no", action="answer(False)", keys="n,escape", area="confirm",
           help="No", footer="No"),
)  # fmt: skip

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}
assert len(BY_ID) == len(ACTIONS), "action ids are unique"


def bindings(area: Area) -> list[BindingType]:
    """The Textual bindings of one area, each with its action's id (for the keymap)."""
    return [
        Binding(
            a.keys,
            a.action,
            a.footer or a.title or a.id.replace("-", " "),
            show=a.footer is not None,
            priority=a.priority(),
            tooltip=a.help,
            id=a.id,
        )
        for a in ACTIONS
        if a.area == area and a.keys
    ]


def palette_actions() -> list[Action]:
    """What the command palette offers, in the registry's order."""
    return [a for a in ACTIONS if a.title is not None]


def current_keys(action: Action, keymap: Mapping[str, str]) -> list[str]:
    """The keys an action answers to now: the user's keymap if it names it, else the default."""
    return split_keys(keymap.get(action.id, action.keys))


KEY_NAMES = {
    "question_mark": "?",
    "escape": "esc",
    "pageup": "page up",
    "pagedown": "page down",
    "left": "←",
    "right": "→",
}


def pretty_keys(keys: Iterable[str]) -> str:
    """`["f1", "question_mark"]` -> `f1 / ?`, as the help and palette show keys."""
    return " / ".join(KEY_NAMES.get(k, k) for k in keys)
