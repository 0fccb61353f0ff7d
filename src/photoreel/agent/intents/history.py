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
from photoreel.agent.timeline import Ask, CannotApply, Work
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
    "ctrl z",
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


_STEP_NOUNS = frozenset({"times", "steps", "step", "changes", "edits", "things"})


class HistoryStep(Intent):
    phase: ClassVar[int] = 0
    direction: Literal["undo", "redo"]
    steps: int = 1
    back: bool = False  # "change it back": after an undo, that may mean the redo

    def apply(self, work: Work) -> None:
        if self.back and work.redo_drafts:
            raise Ask('Undo once more, or bring back what you just undid? Say "undo" or "redo".')
        versions: list[Draft | None] = list(
            work.undo_drafts if self.direction == "undo" else work.redo_drafts
        )
        if not versions:
            if self.direction == "redo" and work.memory.removed:
                RestoreRemoved().apply(work)  # "put it back" right after a removal
                return
            if self.direction == "undo":
                raise CannotApply("There is nothing to undo yet.")
            raise CannotApply("There is nothing to redo: redo works right after an undo.")
        steps = min(self.steps, len(versions))
        target = versions[steps - 1]
        to_empty = target is None
        work.load(target)
        work.history = self.direction
        work.steps = steps
        work.record(
            self.direction,
            {"steps": steps, "asked": self.steps},
            {"d": target.duration_ms if target else 0, "empty": to_empty},
        )


class RestoreRemoved(Intent):
    """ "put it back", "bring it back", "放回去": the photos the last edit removed return."""

    phase: ClassVar[int] = 40

    def apply(self, work: Work) -> None:
        removed = work.memory.removed
        if not removed or not work.has_video:
            raise CannotApply("Nothing was removed just now, so there is nothing to put back.")
        segs = work.segments
        have = {s.meta.src for s in segs}
        back = []
        for gone in sorted(removed, key=lambda r: r.position):
            item = work.media_item(gone.media_id)
            if item is None or gone.media_id in have:
                continue
            seg = work.segment_for(item, gone.ms)
            segs.insert(min(gone.position, len(segs)), seg)
            back.append(item.filename)
        if not back:
            raise CannotApply("Those photos are already back in the video.")
        look = next((s.meta.transition for s in segs if s.meta.transition), None)
        for seg in segs[:-1]:
            if seg.meta.transition is None and look is not None:
                seg.meta.transition = look.model_copy()
        work.dirty = True
        work.relayout()
        work.remember(removed=[], added=[g.media_id for g in removed])
        work.record(
            "add_photos",
            {"photos": back, "restored": True},
            {"segments": len(segs), "d": work.require_draft().duration_ms},
        )


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
            work.record("start_over", {}, {"segments": 0})
            return
        work.draft = None
        build_video(work, work.visual_media, op="start_over")


def _steps(clause: Clause) -> int:
    """How many steps: "undo twice", "go back two steps", "undo the last three"."""
    words = clause.words
    steps = 1
    for i, word in enumerate(words):
        if is_number(word) and i + 1 < len(words) and words[i + 1] in _STEP_NOUNS:
            steps = int(float(word))
        elif is_number(word) and i > 0 and words[i - 1] == "last":
            steps = int(float(word))  # "undo the last three"
    if clause.has("twice"):
        steps = 2
    return max(1, min(steps, 20))


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
        return [HistoryStep(direction="redo", steps=_steps(clause))]
    if any(f" {p} " in text or (not p.isascii() and p in text) for p in _UNDO):
        restore = clause.has("how it was", "the way it was", "as it was", "before", "previous")
        if clause.has("go back", "step back") and len(words) > 4 and not restore:
            return []  # "go back to 16:9" is a canvas change
        back = clause.has("change it back", "make it back", "turn it back", "as it was")
        return [HistoryStep(direction="undo", steps=_steps(clause), back=back)]
    if words in (["back"], ["go", "back"], ["undo", "it"]):
        return [HistoryStep(direction="undo")]
    return []
