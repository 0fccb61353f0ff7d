"""History: "undo", "undo that", "go back", "redo", "put it back", "start over".

The agent is pure, so undo and redo do not keep their own history: the server
passes the drafts one step back and forward (`undo_draft`, `redo_draft`) and
the agent hands one back, marked as a history step. Undo of the first draft
(`undo_empty`) goes back to the empty timeline, as a person expects, and hands
back no draft (`TurnOutput.cleared`); redo then brings the draft back. "start over" is a new
version: a fresh default video from every photo of the session.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import build_video
from photoreel.agent.parse.numbers import is_number
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import CannotApply, Work
from photoreel.protocol.draft import Draft

_UNDO = (
    "undo",
    "revert",
    "take that back",
    "take it back",
    "never mind",
    "nevermind",
    "cancel that",
    "scratch that",
    "go back",
    "step back",
    "previous version",
    "change it back",
    "put it back how it was",
    "as it was",
    "撤销",
    "撤回",
)
_REDO = ("redo", "re do", "put it back", "bring it back", "undo the undo", "重做")
_START_OVER = (
    "start over",
    "start again",
    "start from scratch",
    "from scratch",
    "begin again",
    "reset",
    "restart",
    "clear everything",
    "clear the timeline",
    "scrap it",
    "scrap that",
    "wipe everything",
    "重新开始",
    "重来",
)


class HistoryStep(Intent):
    phase: ClassVar[int] = 0
    direction: Literal["undo", "redo"]
    steps: int = 1

    def apply(self, work: Work) -> None:
        target: Draft | None = work.undo_draft if self.direction == "undo" else work.redo_draft
        to_empty = self.direction == "undo" and target is None and work.undo_empty
        if target is None and not to_empty:
            if self.direction == "undo":
                raise CannotApply("There is nothing to undo yet.")
            raise CannotApply("There is nothing to redo: redo works right after an undo.")
        work.load(target)
        work.history = self.direction
        note = "Undid the last change." if self.direction == "undo" else "Redid the change."
        if to_empty:
            # The first draft's step back is the empty timeline the session began with.
            note = 'Undid the last change: the timeline is empty again. Say "redo" to get it back.'
        if self.steps > 1:
            note += f' I go one step a time: say "{self.direction}" again for the next.'
        work.record(self.direction, {"steps": 1}, {"d": target.duration_ms if target else 0}, note)


class StartOver(Intent):
    phase: ClassVar[int] = 1

    def apply(self, work: Work) -> None:
        if not work.visual_media:
            if work.draft is None:
                raise CannotApply("There is nothing to start over: upload some photos to begin.")
            work.load(
                Draft(
                    duration_ms=1000, meta=work.draft.meta.model_copy(update={"title": "Untitled"})
                )
            )
            work.record("start_over", {}, {"segments": 0}, "Cleared the timeline.")
            return
        work.draft = None
        build_video(work, work.visual_media, op="start_over")


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    text = f" {clause.text} "
    words = clause.words
    if any(f" {p} " in text or (p.isascii() is False and p in text) for p in _START_OVER):
        return [StartOver()]
    if any(f" {p} " in text or (not p.isascii() and p in text) for p in _REDO):
        if (
            "redo" in words
            and len(words) > 3
            and not clause.has("redo that", "redo it", "redo the last")
        ):
            return []  # "redo the video with fades": a request, not history
        return [HistoryStep(direction="redo")]
    if any(f" {p} " in text or (not p.isascii() and p in text) for p in _UNDO):
        restore = clause.has("how it was", "the way it was", "as it was", "before", "previous")
        if clause.has("go back", "step back") and len(words) > 4 and not restore:
            return []  # "go back to 16:9" is a canvas change
        steps = 1
        for i, word in enumerate(words):
            if (
                is_number(word)
                and i + 1 < len(words)
                and words[i + 1] in {"times", "steps", "changes", "edits"}
            ):
                steps = int(float(word))
        if clause.has("twice"):
            steps = 2
        return [HistoryStep(direction="undo", steps=steps)]
    if words in (["back"], ["go", "back"], ["undo", "it"]):
        return [HistoryStep(direction="undo")]
    return []
