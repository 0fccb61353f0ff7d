"""Doing the last edit again on other photos: "same for the others", "do the same for the
rest", "and the last one too", "其他的也一样", "最后一张也是".

The edit is remembered between turns (memory.LastEdit: the intent, its fields and
the photos it was applied to), so this works on the next turn and after a
restart. Only edits of some photos can be repeated on others: motion, a
photo's length, how it fills the frame.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.durations import SetPhotoDuration
from photoreel.agent.intents.fit import SetFit
from photoreel.agent.intents.motion import SetMotion
from photoreel.agent.intents.video import photos
from photoreel.agent.memory import LastEdit
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import CannotApply, Work

REPEATABLE: tuple[type[Intent], ...] = (SetMotion, SetPhotoDuration, SetFit)


def _kind(name: str) -> type[Intent] | None:
    return next((cls for cls in REPEATABLE if cls.__name__ == name), None)


_SAME = ("same", "too", "as well", "also", "likewise")
_OTHERS = ("others", "the rest", "other photos", "other ones", "rest of them", "every other")


def remembered(intent: Intent, photos: list[int]) -> LastEdit | None:
    """What to remember of an applied edit, if it can be repeated on other photos."""
    name = type(intent).__name__
    refs = getattr(intent, "refs", ())
    if _kind(name) is None or not refs or any(r.kind == "all" for r in refs):
        return None
    fields = intent.model_dump(exclude={"refs"}, mode="json")
    return LastEdit(intent=name, fields=fields, photos=photos)


class Again(Intent):
    phase: ClassVar[int] = 45
    scope: Literal["others", "named"]
    refs: tuple[PhotoRef, ...] = ()
    last: LastEdit

    def apply(self, work: Work) -> None:
        segs = photos(work)
        if self.scope == "others":
            targets = [i for i in range(len(segs)) if i not in self.last.photos]
            refs = tuple(PhotoRef(kind="index", index=i, label=f"photo {i + 1}") for i in targets)
        else:
            refs = self.refs
        if not refs:
            raise CannotApply("Every photo already has that.")
        cls = _kind(self.last.intent)
        if cls is None:
            raise CannotApply("I can't repeat that edit on other photos.")
        cls.model_validate({**self.last.fields, "refs": refs}).apply(work)


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    last = ctx.memory.last_edit
    if last is None or _kind(last.intent) is None or not clause.has(*_SAME):
        return []
    if clause.has(*_OTHERS):
        return [Again(scope="others", last=last)]
    refs = tuple(r for r in find_photo_refs(clause, list(ctx.names)) if r.kind != "all")
    if refs and len(clause.words) <= 6:
        return [Again(scope="named", refs=refs, last=last)]
    return []
