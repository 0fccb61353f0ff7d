"""Length and pacing: "make it 15 seconds", "half a minute", "each photo 2.5 s",
"make the second photo 5 seconds", "the cat photo twice as long", "a bit shorter",
"5 seconds longer", "speed it up".

The video's length is the sum of its photos' (transitions overlap the cuts and
add nothing). Setting the length scales every photo by the same factor, so
photos made longer on purpose stay longer; a photo given an exact length in
the same instruction as the total keeps it, and the rest share what is left.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import (
    LONGER_WORDS,
    PHOTO_NOUNS,
    SHORTER_WORDS,
    TIME_UNITS,
    TRANSITION_NOUNS,
    TRANSITION_WORDS,
    VIDEO_NOUNS,
)
from photoreel.agent.parse.numbers import Quantity, find_durations, is_number, ordinal_value
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import (
    MAX_TOTAL_MS,
    MIN_PHOTO_MS,
    Work,
    distribute,
    secs,
)

DurationRole = Literal["transition", "per_photo", "photo", "total"]
_EACH = frozenset({"each", "per", "every", "apiece", "everyone"})
_TRANSITIONISH = frozenset(TRANSITION_WORDS) | TRANSITION_NOUNS | {"cross"}


def duration_role(clause: Clause, q: Quantity, refs: list[PhotoRef]) -> DurationRole:
    """What a duration in this clause is the length of."""
    words = clause.words

    def at(k: int) -> str:
        return words[k] if 0 <= k < len(words) else ""

    after = [at(q.last + 1), at(q.last + 2)]
    if after[0] in {"long", "-"}:
        after = [at(q.last + 2), at(q.last + 3)]
    if after[0] in _TRANSITIONISH:
        return "transition"
    if after[0] in _EACH or (after[0] in {"a", "for"} and after[1] in PHOTO_NOUNS | _EACH):
        return "per_photo"
    if after[0] in {"for", "on"} and after[1] in _EACH:
        return "per_photo"
    before = words[max(0, q.first - 4) : q.first]
    if any(r.kind == "all" for r in refs) or (set(before) & _EACH and clause.has_any(PHOTO_NOUNS)):
        return "per_photo"  # "each slide 3 s": a slide here is a photo
    if clause.has_any(_TRANSITIONISH) and not clause.has_any(VIDEO_NOUNS):
        return "transition"
    if any(r.kind != "all" for r in refs):
        return "photo"
    return "total"


def set_total(work: Work, total_ms: int) -> list[str]:
    """Scale the photos to a new total; photos pinned this turn keep their length."""
    segs = photos(work)
    notes = []
    if total_ms > MAX_TOTAL_MS:
        notes.append(f"Videos are at most {secs(MAX_TOTAL_MS)} long.")
        total_ms = MAX_TOTAL_MS
    pinned = [s for s in segs if id(s) in work.pinned]
    free = [s for s in segs if id(s) not in work.pinned]
    if not free:
        free, pinned = segs, []
    room = total_ms - sum(s.duration_ms for s in pinned)
    if room < MIN_PHOTO_MS * len(free):
        room = MIN_PHOTO_MS * len(free)
        notes.append(
            f"{len(segs)} photos need at least {secs(room + sum(s.duration_ms for s in pinned))}, "
            "so the video is that long."
        )
    for seg, d in zip(free, distribute(room, [float(s.duration_ms) for s in free]), strict=True):
        seg.duration_ms = max(MIN_PHOTO_MS, d)
    work.dirty = True
    work.relayout()
    work.total_set = True
    return notes


class SetTotalDuration(Intent):
    """ "make it 15 seconds", "half a minute", "1 min long"."""

    phase: ClassVar[int] = 55
    seconds: float

    def apply(self, work: Work) -> None:
        notes = set_total(work, round(self.seconds * 1000))
        draft = work.require_draft()
        work.record(
            "set_duration",
            {"seconds": self.seconds},
            {
                "d": draft.duration_ms,
                "segments": len(work.segments),
                "durations": [s.duration_ms for s in work.segments],
            },
            " ".join(notes),
        )


class ChangeTotalDuration(Intent):
    """ "a bit shorter", "5 seconds longer", "twice as long", "speed it up"."""

    phase: ClassVar[int] = 55
    factor: float = 1.0
    delta_s: float = 0.0

    def apply(self, work: Work) -> None:
        photos(work)
        draft = work.require_draft()
        before = draft.duration_ms
        target = round(before * self.factor + self.delta_s * 1000)
        notes = set_total(work, max(1, target))
        work.record(
            "set_duration",
            {"factor": self.factor, "delta_s": self.delta_s},
            {"d": draft.duration_ms, "segments": len(work.segments), "was": before},
            " ".join(notes),
        )


class SetPhotoDuration(Intent):
    """ "each photo 2.5 seconds", "make the second photo 5 seconds", "the cat photo 4 s"."""

    phase: ClassVar[int] = 50
    refs: tuple[PhotoRef, ...]
    seconds: float | None = None
    factor: float = 1.0
    delta_s: float = 0.0

    def apply(self, work: Work) -> None:
        segs = photos(work)
        indices = sorted({i for ref in self.refs for i in work.resolve(ref)})
        keep_total = work.total_set and len(indices) < len(segs)
        total_before = sum(s.duration_ms for s in segs)
        notes = []
        for i in indices:
            seg = segs[i]
            if self.seconds is not None:
                d = round(self.seconds * 1000)
            else:
                d = round(seg.duration_ms * self.factor + self.delta_s * 1000)
            if d < MIN_PHOTO_MS:
                d = MIN_PHOTO_MS
                notes.append(f"A photo shows for at least {secs(MIN_PHOTO_MS)}.")
            seg.duration_ms = d
            if seg.meta.kind == "video" and seg.meta.trim_out is not None:
                item = work.media_item(seg.meta.src)
                length = (
                    round(item.duration * 1000) if item and item.duration else seg.meta.trim_out
                )
                seg.meta.trim_out = max(seg.meta.trim_in + 1, min(length, seg.meta.trim_in + d))
            work.pinned.add(id(seg))
        work.dirty = True
        work.relayout()
        if keep_total:
            notes += set_total(work, total_before)
        draft = work.require_draft()
        work.record(
            "set_photo_duration",
            {
                "photos": [i + 1 for i in indices],
                "seconds": self.seconds,
                "factor": self.factor,
                "delta_s": self.delta_s,
            },
            {
                "durations": [segs[i].duration_ms for i in indices],
                "d": draft.duration_ms,
                "segments": len(segs),
                "names": [work.label_of(segs[i]) for i in indices],
            },
            " ".join(dict.fromkeys(notes)),
        )


class EvenDurations(Intent):
    """ "make all photos the same length", "space them evenly": same total, equal shares."""

    phase: ClassVar[int] = 52

    def apply(self, work: Work) -> None:
        segs = photos(work)
        draft = work.require_draft()
        for seg, d in zip(segs, distribute(draft.duration_ms, [1.0] * len(segs)), strict=True):
            seg.duration_ms = d
        work.dirty = True
        work.relayout()
        work.record(
            "set_photo_duration",
            {"photos": list(range(1, len(segs) + 1)), "even": True},
            {"durations": [s.duration_ms for s in segs], "d": draft.duration_ms},
        )


_RELATIVE_LONGER = LONGER_WORDS | {"more", "slow"}
_RELATIVE_SHORTER = SHORTER_WORDS | {"less", "quick", "fast"}


def _relative(clause: Clause) -> tuple[float, bool] | None:
    """A relative length change said in words: (factor, strong?) or None."""
    words = clause.words
    free = [w for i, w in enumerate(words) if i not in clause.claimed]
    text = " ".join(free)
    if any(
        p in text for p in ("twice as long", "double the length", "double it", "2 times longer")
    ):
        return 2.0, True
    if any(p in text for p in ("half as long", "halve", "half the length")):
        return 0.5, True
    if "more time" in text or "extra time" in text:
        return 1.5, False
    if "less time" in text:
        return 2 / 3, False
    if "speed" in free and "up" in free:
        return 0.75, False
    if "slow" in free and "down" in free:
        return 4 / 3, False
    if "faster" in free or "quicker" in free:
        return 0.75, False
    if "slower" in free:
        return 4 / 3, False
    bit = any(w in free for w in ("bit", "little", "slightly", "tad"))
    if set(free) & {"longer", "lengthen", "extend", "stretch"}:
        return (1.2 if bit else 1.5), False
    if set(free) & {"shorter", "shorten", "trim", "tighten"}:
        return (0.85 if bit else 2 / 3), False
    return None


def _ordinal_refs(clause: Clause) -> list[PhotoRef]:
    """ "... and the last 5 seconds": an ordinal right before a duration names a photo when
    another photo was named in the clause (otherwise "the first 3 seconds" is a time span)."""
    words = clause.words
    found = []
    for i, word in enumerate(words[:-2]):
        position = ordinal_value(word)
        if position is None or not is_number(words[i + 1]) or words[i + 2] not in TIME_UNITS:
            continue
        if "for" in words[max(0, i - 2) : i] or "during" in words[max(0, i - 2) : i]:
            continue
        found.append(PhotoRef(kind="index", index=position, label=word, first=i, last=i))
    return found


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    refs = [r for r in find_photo_refs(clause, list(ctx.names)) if not r.bare or r.index == -1]
    refs = [r for r in refs if not r.bare] or refs
    if any(r.kind != "all" for r in refs):
        refs = sorted(refs + _ordinal_refs(clause), key=lambda r: r.first)
    durations = [q for q in find_durations(clause) if q.first not in clause.claimed]
    words = clause.words
    out: list[Intent] = []
    if durations:
        photo_refs = [r for r in refs if r.kind != "all"]
        if len(photo_refs) > 1 and len(durations) > 1:
            pairs = _pair(photo_refs, durations)
            if pairs:
                for ref, q in pairs:
                    clause.claim(*range(q.first, q.last + 1))
                    out.append(SetPhotoDuration(refs=(ref,), seconds=q.value))
                return out
        q = durations[0]
        role = duration_role(clause, q, refs)
        if role == "transition":
            return []
        clause.claim(*range(q.first, q.last + 1))
        after = words[q.last + 1] if q.last + 1 < len(words) else ""
        if after not in _RELATIVE_LONGER | _RELATIVE_SHORTER and q.first > 0:
            after = words[q.first - 1]  # 长5秒 ("longer 5 seconds"): said before the length
            if after not in {"longer", "shorter"}:
                after = ""
        if role == "per_photo":
            return [SetPhotoDuration(refs=(PhotoRef(kind="all"),), seconds=q.value)]
        if role == "photo":
            if after in _RELATIVE_LONGER:
                return [SetPhotoDuration(refs=tuple(photo_refs), delta_s=q.value)]
            if after in _RELATIVE_SHORTER:
                return [SetPhotoDuration(refs=tuple(photo_refs), delta_s=-q.value)]
            return [SetPhotoDuration(refs=tuple(photo_refs), seconds=q.value)]
        if after in _RELATIVE_LONGER:
            return [ChangeTotalDuration(delta_s=q.value)]
        if after in _RELATIVE_SHORTER:
            return [ChangeTotalDuration(delta_s=-q.value)]
        return [SetTotalDuration(seconds=q.value)]
    if clause.has("full minute", "whole minute"):
        return [SetTotalDuration(seconds=60)]
    if clause.has("same length", "equal length", "evenly", "equally", "same time", "same duration"):
        return [EvenDurations()]
    bare = _bare_length(clause)
    if bare is not None:
        return [SetTotalDuration(seconds=bare)]
    relative = _relative(clause)
    if relative is None:
        return []
    factor, _strong = relative
    photo_refs = [r for r in refs if r.kind != "all"]
    if photo_refs:
        return [SetPhotoDuration(refs=tuple(photo_refs), factor=factor)]
    if clause.has_any(_TRANSITIONISH):
        return []
    return [ChangeTotalDuration(factor=factor)]


def _bare_length(clause: Clause) -> float | None:
    """ "make it 20", "20 long", "length 20": a number with no unit where only a length fits."""
    words = clause.words
    numbers = [i for i, w in enumerate(words) if is_number(w) and i not in clause.claimed]
    if len(numbers) != 1:
        return None
    i = numbers[0]
    value = float(words[i])
    lengthy = clause.has(
        "make it", "long", "length", "duration", "total", "down to", "cut it to", "trim it to",
        "shorten to", "shorten it to", "make it", "change it to", "change to", "keep it",
    ) and not clause.has_any(_TRANSITIONISH | PHOTO_NOUNS)  # fmt: skip
    if (lengthy and i == len(words) - 1) or (i + 1 < len(words) and words[i + 1] == "long"):
        return value if 1 <= value <= MAX_TOTAL_MS / 1000 else None
    return None


def _pair(refs: list[PhotoRef], durations: list[Quantity]) -> list[tuple[PhotoRef, Quantity]]:
    """ "the first photo 2 seconds and the last 5 seconds": each ref takes the next duration."""
    pairs = []
    pending = list(durations)
    for ref in refs:
        nxt = next((q for q in pending if q.first > ref.last), None)
        if nxt is None:
            return []
        pending.remove(nxt)
        pairs.append((ref, nxt))
    return pairs
