"""Arranging photos: "swap the first and last photo", "put the cat photo first",
"move photo 2 after photo 4", "start with the rocket", "remove the third photo",
"duplicate the cat photo", "show the first photo twice", "reverse the order",
"shuffle", "sort by name", "add the rocket photo", "add the rest of the photos",
"replace the cat photo with the dog".

When every cut had the same transition, the look is kept after rearranging (a
photo moved from the end, which had no transition, gets the same one).
Shuffling is seeded from the instruction and the photos, so the same request
on the same video always gives the same order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from statistics import median
from typing import ClassVar, Literal

from pydantic import BaseModel

from photoreel.agent.intents.ask import WHICH_PHOTO, Question
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.durations import set_total
from photoreel.agent.intents.history import RestoreRemoved
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import (
    ADD_WORDS,
    DUPLICATE_WORDS,
    MOVE_WORDS,
    MUSIC_NOUNS,
    REMOVE_WORDS,
    REPLACE_WORDS,
    REVERSE_WORDS,
    SWAP_WORDS,
    TEXT_NOUNS,
    TIME_UNITS,
    words,
)
from photoreel.agent.memory import Asked, Removed
from photoreel.agent.parse.numbers import is_number, ordinal_value
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import DEFAULT_PHOTO_MS, CannotApply, Work
from photoreel.protocol.draft import Transition, VideoSegment


class Destination(BaseModel):
    """Where a photo goes: the start, the end, a position, or next to another photo."""

    kind: Literal["start", "end", "index", "after", "before"]
    index: int = 0
    ref: PhotoRef | None = None

    def position(self, work: Work, length: int) -> int:
        """The insertion index in a list of `length` photos (the moved one already taken out)."""
        if self.kind == "start":
            return 0
        if self.kind == "end":
            return length
        if self.kind == "index":
            return max(0, min(length, self.index if self.index >= 0 else length + 1 + self.index))
        assert self.ref is not None
        i = work.resolve(self.ref)[0]
        return i + 1 if self.kind == "after" else i

    def describe(self) -> str:
        if self.kind == "start":
            return "first"
        if self.kind == "end":
            return "last"
        if self.kind == "index":
            return f"at position {self.index + 1}"
        assert self.ref is not None
        return f"{self.kind} {self.ref.label}"


def _uniform_transition(segs: list[VideoSegment]) -> Transition | Literal[False] | None:
    """The one transition every cut has (None = all cuts), or False when they differ."""
    cuts = [s.meta.transition for s in segs[:-1]]
    if not cuts:
        return False
    first = cuts[0]
    for tr in cuts[1:]:
        if (tr is None) != (first is None) or (
            tr and first and (tr.type, tr.duration_ms) != (first.type, first.duration_ms)
        ):
            return False
    return first


def _rearranged(work: Work, change: Callable[[], None]) -> None:
    """Run a change of order, keeping a uniform transition look, then lay out again."""
    segs = work.segments
    look = _uniform_transition(segs)
    change()
    segs = work.segments
    if look is not False:
        for seg in segs[:-1]:
            seg.meta.transition = look.model_copy() if look is not None else None
    work.dirty = True
    work.relayout()


def _order(work: Work) -> list[str]:
    return [work.label_of(s) for s in work.segments]


class SwapPhotos(Intent):
    phase: ClassVar[int] = 40
    a: PhotoRef
    b: PhotoRef

    def apply(self, work: Work) -> None:
        segs = photos(work)
        i, j = work.resolve_one(self.a), work.resolve_one(self.b)
        if i == j:
            raise CannotApply("Those are the same photo; name two different ones to swap.")

        def change() -> None:
            segs[i], segs[j] = segs[j], segs[i]

        _rearranged(work, change)
        swapped = [work.label_of(segs[j]), work.label_of(segs[i])]
        work.record(
            "swap_photos", {"a": i + 1, "b": j + 1}, {"order": _order(work), "swapped": swapped}
        )


class MovePhoto(Intent):
    phase: ClassVar[int] = 40
    ref: PhotoRef
    to: Destination

    def apply(self, work: Work) -> None:
        segs = photos(work)
        i = work.resolve_one(self.ref)
        seg = segs[i]
        beside = segs[work.resolve_one(self.to.ref)] if self.to.ref is not None else None
        if beside is seg:
            raise CannotApply("A photo cannot move next to itself; name another photo.")

        def change() -> None:
            segs.pop(i)
            if beside is not None:
                at = segs.index(beside) + (1 if self.to.kind == "after" else 0)
            else:
                at = self.to.position(work, len(segs))
            segs.insert(at, seg)

        _rearranged(work, change)
        where = segs.index(seg)
        work.record(
            "move_photo",
            {"photo": i + 1, "to": self.to.describe()},
            {
                "position": where + 1,
                "order": _order(work),
                "name": work.label_of(seg),
                "segments": len(segs),
            },
        )


class RemovePhotos(Intent):
    phase: ClassVar[int] = 40
    refs: tuple[PhotoRef, ...]

    def apply(self, work: Work) -> None:
        segs = photos(work)
        doomed = sorted({i for ref in self.refs for i in work.resolve(ref)})
        if len(doomed) >= len(segs):
            raise CannotApply(
                'That would remove every photo. Say "start over" to begin again, '
                "or name the photos to remove."
            )
        names = [work.label_of(segs[i]) for i in doomed]
        work.remember(
            removed=[
                Removed(media_id=segs[i].meta.src, position=i, ms=segs[i].duration_ms)
                for i in doomed
            ]
        )

        def change() -> None:
            for i in reversed(doomed):
                segs.pop(i)

        total = work.require_draft().duration_ms
        _rearranged(work, change)
        if "length" in work.pins:
            set_total(work, total)  # a length the person set stays
        draft = work.require_draft()
        work.record(
            "remove_photo",
            {"photos": [i + 1 for i in doomed]},
            {"removed": names, "segments": len(segs), "d": draft.duration_ms},
        )


class DuplicatePhoto(Intent):
    phase: ClassVar[int] = 40
    ref: PhotoRef
    to: Destination | None = None

    def apply(self, work: Work) -> None:
        segs = photos(work)
        i = work.resolve_one(self.ref)
        copy = segs[i].model_copy(deep=True)

        def change() -> None:
            at = self.to.position(work, len(segs)) if self.to else i + 1
            segs.insert(at, copy)

        _rearranged(work, change)
        at = next(k for k, s in enumerate(segs) if s is copy)
        work.record(
            "duplicate_photo",
            {"photo": i + 1, "to": self.to.describe() if self.to else None},
            {"position": at + 1, "segments": len(segs), "name": work.label_of(copy)},
        )


class ReversePhotos(Intent):
    phase: ClassVar[int] = 40

    def apply(self, work: Work) -> None:
        segs = photos(work)
        _rearranged(work, segs.reverse)
        work.record("reverse_photos", {}, {"order": _order(work)})


class ShufflePhotos(Intent):
    phase: ClassVar[int] = 40

    def apply(self, work: Work) -> None:
        segs = photos(work)
        before = list(segs)

        def change() -> None:
            rng = random.Random(work.seed)
            for _ in range(8):  # a shuffle that changes nothing is no answer
                rng.shuffle(segs)
                if len(segs) < 2 or [id(s) for s in segs] != [id(s) for s in before]:
                    break

        _rearranged(work, change)
        work.record(
            "shuffle_photos",
            {"seed": work.seed},
            {"order": _order(work)},
        )


class SortPhotos(Intent):
    phase: ClassVar[int] = 40
    descending: bool = False

    def apply(self, work: Work) -> None:
        segs = photos(work)

        def change() -> None:
            segs.sort(key=lambda s: _natural(work.label_of(s)), reverse=self.descending)

        _rearranged(work, change)
        work.record(
            "sort_photos",
            {"by": "name", "descending": self.descending},
            {"order": _order(work)},
        )


def _natural(name: str) -> list[object]:
    """ "img2" before "img10"."""
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", name)]


class AddPhotos(Intent):
    """Put session media on the timeline: named files, or every one not yet in it."""

    phase: ClassVar[int] = 40
    media_ids: tuple[str, ...] = ()
    rest: bool = False
    to: Destination | None = None

    def apply(self, work: Work) -> None:
        segs = photos(work)
        have = {s.meta.src for s in segs}
        if self.rest:
            items = [m for m in work.visual_media if m.media_id not in have]
            if not items:
                raise CannotApply(
                    "Every photo of the session is already in the video; upload more to add them."
                )
        else:
            items = [m for mid in self.media_ids if (m := work.media_item(mid)) is not None]
            already = [m.filename for m in items if m.media_id in have]
            items = [m for m in items if m.media_id not in have]
            if not items:
                raise CannotApply(
                    f"{', '.join(already)} is already in the video; say "
                    f'"duplicate {already[0] if already else "it"}" to show it twice.'
                )
        images = [s.duration_ms for s in segs if s.meta.kind == "image"]
        typical = int(median(images)) if images else DEFAULT_PHOTO_MS
        new = [
            work.segment_for(m, typical if m.kind == "image" else work.default_ms(m)) for m in items
        ]

        def change() -> None:
            at = self.to.position(work, len(segs)) if self.to else len(segs)
            segs[at:at] = new

        if len(segs) == 1 and segs[0].meta.transition is None:
            segs[0].meta.transition = Transition(type="fade", duration_ms=800)
        _rearranged(work, change)
        draft = work.require_draft()
        work.remember(added=[m.media_id for m in items])
        work.record(
            "add_photos",
            {"photos": [m.filename for m in items], "to": self.to.describe() if self.to else "end"},
            {"segments": len(segs), "d": draft.duration_ms},
        )


class ReplacePhoto(Intent):
    phase: ClassVar[int] = 40
    ref: PhotoRef
    media_id: str

    def apply(self, work: Work) -> None:
        segs = photos(work)
        i = work.resolve_one(self.ref)
        item = work.media_item(self.media_id)
        if item is None:
            raise CannotApply("I could not find that file in this session.")
        old = work.label_of(segs[i])
        fresh = work.segment_for(item, segs[i].duration_ms, motion=segs[i].meta.motion)
        fresh.meta.transition = segs[i].meta.transition
        segs[i] = fresh
        work.dirty = True
        work.relayout()
        work.record(
            "replace_photo",
            {"photo": i + 1, "with": item.filename},
            {"order": _order(work), "replaced": old},
        )


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_START = (
    "to the start",
    "to the beginning",
    "to the front",
    "at the start",
    "at the beginning",
    "at the front",
)
_END = ("to the end", "to the back", "at the end", "at the back")
_OPENERS = words("""start begin open lead starts begins opens leads""")
_CLOSERS = frozenset({"end", "finish", "close", "ends", "finishes", "closes"})
_REST = (
    "the rest",
    "remaining",
    "other photos",
    "others",
    "new photos",
    "the new ones",
    "all photos",
    "all the photos",
    "all of them",
    "everything",
    "all my photos",
    "every photo",
    "missing",
)


_ARRANGING = SWAP_WORDS | MOVE_WORDS | REMOVE_WORDS | DUPLICATE_WORDS


def _bare_numbers(clause: Clause) -> list[PhotoRef]:
    """ "swap 2 and 3", "delete 4", "move 3 to the front": bare numbers are photo positions
    when the clause is about arranging (not "to 2", which is where a photo goes)."""
    words = clause.words
    refs = []
    for i, word in enumerate(words):
        if not is_number(word) or not float(word).is_integer() or i in clause.claimed:
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before in {"to", "position", "spot", "slot", "place"}:
            continue
        if after in TIME_UNITS or after in {"%", "fps", "percent"}:
            continue
        n = int(float(word))
        refs.append(PhotoRef(kind="index", index=n - 1, label=f"photo {n}", first=i, last=i))
    return refs


def _destination(clause: Clause, refs: list[PhotoRef], moved: PhotoRef) -> Destination | None:
    words = clause.words
    text = f" {clause.text} "
    for ref in refs:
        if ref is moved or ref.first < moved.first:
            continue
        prev = words[ref.first - 1] if ref.first else ""
        prev2 = words[ref.first - 2] if ref.first > 1 else ""
        if "after" in (prev, prev2) or "between" in (prev, prev2):
            return Destination(kind="after", ref=ref)  # "between the cat and the beach"
        if "before" in (prev, prev2):
            return Destination(kind="before", ref=ref)
        if ref.bare and ref.kind == "index":
            if ref.index == 0:
                return Destination(kind="start")
            if ref.index == -1:
                return Destination(kind="end")
            return Destination(kind="index", index=ref.index)
    if any(p in text for p in _START):
        return Destination(kind="start")
    if any(p in text for p in _END):
        return Destination(kind="end")
    for i, word in enumerate(words):
        if (
            word in {"position", "spot", "place", "slot"}
            and i + 1 < len(words)
            and is_number(words[i + 1])
        ):
            return Destination(kind="index", index=int(float(words[i + 1])) - 1)
        if word == "to" and i > moved.last and i + 1 < len(words):
            nxt = words[i + 1]
            if is_number(nxt):
                return Destination(kind="index", index=int(float(nxt)) - 1)
            pos = ordinal_value(nxt)
            if pos is not None:
                return Destination(kind="index", index=pos)
    return None


_SHUFFLE = ("shuffle", "shuffled", "randomize", "randomise", "scramble", "random order", "mix up")
_SORT = ("sort", "alphabetical", "alphabetically", "by name", "by file name", "by filename")
_TAKE_OUT = ("take out", "get rid of", "leave out", "without")
_LENGTHS = ("as long", "as short", "longer", "shorter", "length")
_GOES = ("make", "should", "goes", "go", "come", "comes")


def _named(refs: list[PhotoRef]) -> list[PhotoRef]:
    return [r for r in refs if not r.bare]


def _swap(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "swap the first and last photo", "switch 2 and 3", "exchange the cat and the dog"."""
    if clause.has_any(SWAP_WORDS) and len(refs) >= 2:
        return SwapPhotos(a=refs[0], b=refs[1])
    pair = [r for r in refs if r.kind == "index" and r.count == 2]
    if clause.has_any(SWAP_WORDS) and len(refs) == 1 and pair:
        # "swap the first two", "swap the last two": the two photos of that run
        first = pair[0].index  # -2 for "the last two": -2 and -1
        a = pair[0].model_copy(update={"count": 1, "index": first})
        b = pair[0].model_copy(update={"count": 1, "index": first + 1})
        return SwapPhotos(a=a, b=b)
    return None


def _replace(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "replace the cat photo with the rocket"."""
    if clause.has_any(REPLACE_WORDS) and len(refs) >= 2 and refs[1].kind == "media":
        return ReplacePhoto(ref=refs[0], media_id=refs[1].media_id)
    return None


def _whole_order(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "reverse the order", "shuffle", "mix them up", "sort by name"."""
    if clause.has_any(REVERSE_WORDS) and not refs:
        return ReversePhotos()
    if clause.has(*_SHUFFLE) or (clause.has("mix") and clause.has("them", "the", "order")):
        return ShufflePhotos()
    if clause.has(*_SORT):
        return SortPhotos(descending=clause.has("descending", "reverse", "z to a"))
    return None


def _open_or_close_with(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "start with the beach", "open with photo 3", "end with the cat photo"."""
    named = _named(refs)
    if not named or not clause.has("with"):
        return None
    words = clause.words
    for word in words[: named[0].first]:
        if word in _OPENERS or word in _CLOSERS:
            kind = "start" if word in _OPENERS else "end"
            return MovePhoto(ref=named[0], to=Destination(kind=kind))
    return None


def _remove(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "remove the third photo", "delete 4", "take out the last one"."""
    removing = clause.has_any(REMOVE_WORDS) or clause.has(*_TAKE_OUT)
    if removing and refs and not clause.has("transition", "transitions"):
        return RemovePhotos(refs=tuple(_named(refs) or refs))
    return None


def _duplicate(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "duplicate the cat photo", "repeat the last photo", "show the first photo twice"."""
    named = _named(refs)
    if not named or not clause.has_any(DUPLICATE_WORDS) or clause.has(*_LENGTHS):
        return None
    if clause.has_any(ADD_WORDS - {"use"}):
        return None
    return DuplicatePhoto(ref=named[0], to=_destination(clause, refs, named[0]))


def _add(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "add rocket.jpg", "add the rest of the photos", "add the cat photo at the start"."""
    if not clause.has_any(ADD_WORDS):
        return None
    media = [r for r in _named(refs) if r.kind == "media"]
    rest = any(p in f" {clause.text} " for p in _REST)
    if not (media or rest):
        return None
    dest = _destination(clause, refs, media[-1]) if media else None
    if media and clause.has("again", "twice", "another"):
        return DuplicatePhoto(ref=media[0], to=dest)
    targets = tuple(r.media_id for r in media if dest is None or r is not dest.ref)
    return AddPhotos(media_ids=targets, rest=rest and not media, to=dest)


def _move(clause: Clause, refs: list[PhotoRef]) -> Intent | None:
    """ "move the cat photo to the end", "put photo 2 after photo 4", "the rocket first",
    "make the rocket photo second", "put the city between the cat and the dog"."""
    named = _named(refs)
    if refs and (clause.has_any(MOVE_WORDS) or clause.has(*_GOES)):
        moved = named[0] if named else refs[0]
        dest = _destination(clause, refs, moved)
        if dest is not None:
            return MovePhoto(ref=moved, to=dest)
    if named and refs[-1].bare and refs[-1].first > named[0].last:
        dest = _destination(clause, refs, named[0])
        if dest is not None:
            return MovePhoto(ref=named[0], to=dest)
    return None


_READERS = (_swap, _replace, _whole_order, _open_or_close_with, _remove, _duplicate, _add, _move)


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if clause.has_any(TEXT_NOUNS) or clause.has_any(MUSIC_NOUNS - {"track"}):
        return []
    if clause.quoted() and not clause.has_any(_ARRANGING):
        return []  # "add 'Day 2' to the second": words to write, not a photo to move
    refs = find_photo_refs(clause, list(ctx.names))
    if clause.has_any(_ARRANGING):
        inside = {i for r in refs for i in range(r.first, r.last + 1)}
        bare = [r for r in _bare_numbers(clause) if r.first not in inside]
        refs = sorted(refs + bare, key=lambda r: r.first)
    gone = {r.media_id for r in ctx.memory.removed}
    back = clause.has("back") and (
        any(r.kind == "media" and r.media_id in gone for r in refs) or clause.has("just removed")
    )
    if back and gone:
        return [RestoreRemoved()]  # "put dog.jpg back", "刚删的那张加回来"
    for reader in _READERS:
        found = reader(clause, refs)
        if found is not None:
            return [found]
    if not refs and clause.has_any(REMOVE_WORDS) and _nothing_else(clause):
        # "remove it", "delete", "删掉": which one? (never a guess that removes a photo)
        return [
            Question(
                message=WHICH_PHOTO.format(verb="remove"),
                asked=Asked(kind="which_photo", action="remove"),
            )
        ]
    return []


_FILLER = words("""it this that one please pls now the a just""")


def _nothing_else(clause: Clause) -> bool:
    return all(w in REMOVE_WORDS or w in _FILLER for w in clause.words)
