"""The hosted agent sometimes talks as if a GUI existed; in a terminal there is none.

PROTOCOL.md asks the client to translate: "click [button]" → do it through the
API; "open [panel]" → read the state; "drag/drop" → send the edit as a
message; "preview in timeline" → show the track summary; "Export button" → run
the export flow. `translate_gui_phrases` rewrites the reply so that it tells a
terminal user what to type, and returns the actions the caller may take on the
person's behalf (the app offers them; `photoreel make` exports anyway).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

GuiActionKind = Literal["export", "state", "summary", "message"]


class GuiAction(BaseModel):
    """Something the GUI phrase asked for. `label` is the button or panel it named."""

    kind: GuiActionKind
    label: str = ""


class GuiTranslation(BaseModel):
    text: str
    actions: list[GuiAction] = Field(default_factory=list)


_Q = r"[\"'“”‘’]?"
_CLICK = r"(?:click|press|tap|hit|select)(?:\s+on)?"

_EXPORT_BUTTON = re.compile(
    rf"\b{_CLICK}\s+(?:the\s+)?{_Q}export{_Q}(?:\s+button)?|(?:the\s+)?{_Q}export{_Q}\s+button",
    re.IGNORECASE,
)
_CLICK_BUTTON = re.compile(
    rf"\b{_CLICK}\s+(?:the\s+)?{_Q}(?P<label>[\w][\w ]{{0,30}}?){_Q}\s+button\b"
    rf"|\b{_CLICK}\s+(?:the\s+)?[\"“'‘](?P<quoted>[^\"”'’]{{1,30}})[\"”'’]",
    re.IGNORECASE,
)
_OPEN_PANEL = re.compile(
    r"\bopen\s+(?:the\s+|your\s+)?(?P<label>[\w][\w ]{0,30}?)\s+"
    r"(?P<noun>panel|tab|menu|editor|view|window|sidebar|pane)\b",
    re.IGNORECASE,
)
_PREVIEW = re.compile(
    r"\b(?:preview|check|see|view)(?:\s+(?:it|them|this|the\s+\w+))?\s+in\s+the\s+timeline"
    r"(?:\s+preview)?",
    re.IGNORECASE,
)
_DRAG = re.compile(r"\b(?:drag\s+and\s+drop|drag\s*&\s*drop|drag|drop)\b", re.IGNORECASE)


def _sub(
    pattern: re.Pattern[str], text: str, make: Callable[[re.Match[str]], tuple[str, GuiAction]]
) -> tuple[str, list[GuiAction]]:
    actions: list[GuiAction] = []

    def repl(match: re.Match[str]) -> str:
        replacement, action = make(match)
        actions.append(action)
        if match.group(0)[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        return replacement

    return pattern.sub(repl, text), actions


def translate_gui_phrases(text: str) -> GuiTranslation:
    """`text` with GUI phrases rewritten for a terminal, and the actions they ask for."""
    actions: list[GuiAction] = []
    text, found = _sub(
        _EXPORT_BUTTON, text, lambda m: ('type "export"', GuiAction(kind="export", label="Export"))
    )
    actions += found

    def click(match: re.Match[str]) -> tuple[str, GuiAction]:
        label = (match.group("label") or match.group("quoted") or "").strip()
        return f'say "{label.lower()}"', GuiAction(kind="message", label=label)

    text, found = _sub(_CLICK_BUTTON, text, click)
    actions += found

    def open_panel(match: re.Match[str]) -> tuple[str, GuiAction]:
        label = f"{match.group('label')} {match.group('noun')}".strip()
        return 'type "status"', GuiAction(kind="state", label=label)

    text, found = _sub(_OPEN_PANEL, text, open_panel)
    actions += found
    text, found = _sub(
        _PREVIEW,
        text,
        lambda m: ("see the timeline summary", GuiAction(kind="summary", label="timeline")),
    )
    actions += found
    text, found = _sub(
        _DRAG, text, lambda m: ("ask me to move", GuiAction(kind="message", label="move"))
    )
    actions += found
    return GuiTranslation(text=text, actions=actions)
