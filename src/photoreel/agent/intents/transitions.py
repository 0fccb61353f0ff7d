"""Transitions: "smooth transitions", "crossfades", "half-second fades", "wipe left",
"slide from the right", "fade through black", "no transitions" / "hard cuts",
"a wipe between photo 2 and 3", "dissolve after the cat photo",
"make the transitions faster".

A transition belongs to the photo it leaves and is centred on the cut; it is
kept to at most half of the shorter neighbour so each photo is seen clearly
for a moment (the reply says when a requested length was shortened).
"""

from __future__ import annotations

import random
from typing import ClassVar, cast

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.durations import SetPhotoDuration
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import CUT_WORDS, TRANSITION_NOUNS, TRANSITION_WORDS, words
from photoreel.agent.parse.numbers import find_durations, is_number, ordinal_value
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import (
    DEFAULT_TRANSITION_MS,
    MAX_CLIP_MS,
    CannotApply,
    Work,
    secs,
)
from photoreel.protocol.draft import MAX_TRANSITION_MS, TRANSITION_NAMES, TransitionType

QUICK_MS = 400
SLOW_MS = 1500

_DIRECTIONS = ("left", "right", "up", "down")
_OPPOSITE = {"left": "right", "right": "left", "up": "down", "down": "up"}
_NO_TRANSITIONS = (
    "no transition",
    "no transitions",
    "without transitions",
    "without transition",
    "hard cut",
    "hard cuts",
    "jump cut",
    "jump cuts",
    "straight cut",
    "straight cuts",
    "just cut",
    "just cuts",
    "simple cuts",
    "plain cuts",
    "cuts only",
    "only cuts",
    "no fade",
    "no fades",
    "no crossfade",
    "no crossfades",
    "cut between",
    "cuts between",
    "cut straight",
)
_REMOVE = words("""remove delete drop clear lose kill off""")


def transition_name(kind: str) -> str:
    return TRANSITION_NAMES.get(cast(TransitionType, kind), kind)


def transitions_name(kind: str) -> str:
    """The plural a reply uses: "crossfades", "dissolves", "wipe left transitions"."""
    if kind in ("fade", "dissolve"):
        return transition_name(kind) + "s"
    return transition_name(kind) + " transitions"


class SetTransitions(Intent):
    """Set the type and/or length of the transitions at some or all cuts.

    `kind` None keeps each cut's type (or a crossfade where there was none);
    `d_ms` None keeps its length; `factor` scales the current length.
    """

    phase: ClassVar[int] = 60
    kind: TransitionType | None = None
    d_ms: int | None = None
    factor: float | None = None
    between: tuple[PhotoRef, ...] = ()
    after: PhotoRef | None = None
    before: PhotoRef | None = None
    elsewhere: bool = False  # "hard cuts elsewhere": the cuts this turn did not set yet

    def cuts(self, work: Work) -> list[int]:
        """The cuts (index of the photo each leaves) this edit applies to."""
        segs = work.segments
        if len(segs) < 2:
            raise CannotApply("There is only one photo, so there is no cut for a transition.")
        if self.elsewhere:
            named = {
                int(str(cut)) - 1
                for op in work.ops
                if op.name == "set_transitions"
                for cut in op.args.get("cuts") or []
            }
            rest = [i for i in range(len(segs) - 1) if i not in named]
            if named and not rest:
                raise CannotApply("Every cut already has its transition.")
            if named:
                return rest
        if self.between:
            points = sorted({i for ref in self.between for i in work.resolve(ref)})
            if len(points) < 2:
                raise CannotApply("Name two different photos to put a transition between.")
            if points[-1] - points[0] == len(points) - 1:
                return points[:-1]  # neighbours, or a run ("between the first three photos")
            return [points[0]]
        if self.after is not None:
            i = work.resolve(self.after)[-1]
            if i >= len(segs) - 1:
                raise CannotApply("That is the last photo; there is no cut after it.")
            return [i]
        if self.before is not None:
            i = work.resolve(self.before)[0]
            if i == 0:
                raise CannotApply("That is the first photo; there is no cut before it.")
            return [i - 1]
        return list(range(len(segs) - 1))

    def apply(self, work: Work) -> None:
        segs = photos(work)
        cuts = self.cuts(work)
        asked = self.d_ms
        shortened = False
        for i in cuts:
            current = segs[i].meta.transition
            kind = self.kind or (current.type if current else "fade")
            if kind == "none":
                work.set_transition(i, "none", 0)
                continue
            d = asked
            if d is None:
                base = (
                    current.duration_ms
                    if current and current.duration_ms
                    else DEFAULT_TRANSITION_MS
                )
                d = round(base * self.factor) if self.factor else base
            d = max(0, min(d, MAX_TRANSITION_MS))
            # asked for: up to two thirds of the shorter photo, so each is still seen alone
            shorter = min(segs[i].duration_ms, segs[i + 1].duration_ms)
            room = (shorter * 2 // 3 if asked else shorter // 2) // 10 * 10
            if d > room:
                d, shortened = room, True
            work.set_transition(i, kind, d)
        warning = ""
        first = segs[cuts[0]].meta.transition
        if shortened and asked and first is not None and first.type != "none":
            warning = (
                f"I kept them to two thirds of the shorter photo (asked {secs(asked)}), "
                "so each photo is seen clearly."
            )
        work.record(
            "set_transitions",
            {
                "type": self.kind,
                "d_ms": self.d_ms,
                "factor": self.factor,
                "cuts": [i + 1 for i in cuts],
            },
            {
                "transitions": [
                    {"cut": i + 1, "type": t.type, "d": t.duration_ms}
                    if (t := segs[i].meta.transition)
                    else {"cut": i + 1, "type": "none", "d": 0}
                    for i in cuts
                ],
                "of": len(segs),
            },
            warning,
        )


_NOUN_BEFORE = frozenset({"each", "every", "per", "all", "this", "that", "first", "last"})


def _transition_words(clause: Clause) -> list[tuple[int, str]]:
    """(index, word) of the transition words, leaving out "slide" meaning a photo
    ("each slide 3 s", "slide 2")."""
    words = clause.words
    found = []
    for i, word in enumerate(words):
        if word not in TRANSITION_WORDS:
            continue
        if word in {"slide", "slides"}:
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            if before in _NOUN_BEFORE or ordinal_value(before) is not None or is_number(after):
                continue
        found.append((i, word))
    return found


def _kind(clause: Clause) -> TransitionType | None:
    """The transition type named in the clause, if any."""
    words = clause.words
    text = clause.text
    if any(f" {p} " in f" {text} " for p in _NO_TRANSITIONS):
        return "none"
    if clause.has_any(_REMOVE) and clause.has_any(TRANSITION_NOUNS | {"fades", "crossfades"}):
        return "none"
    if "white" in words and clause.has("dip", "dips"):
        return "fadewhite"
    if ("black" in words or "dark" in words) and clause.has(
        "fade", "fades", "dip", "dips", "through", "to"
    ):
        return "fadeblack"
    if "white" in words and clause.has("fade", "fades", "dip", "flash", "through"):
        return "fadewhite"
    if clause.has("cross dissolve", "cross dissolves"):
        return "fade"  # what editors call a cross dissolve is a crossfade
    if "flash" in words:
        return "fadewhite"
    if "zoom" in words or "zooms" in words:
        return "zoomin"
    for i, word in _transition_words(clause):
        base = TRANSITION_WORDS[word]
        if base in {"wipeleft", "slideleft"}:
            stem = base[:-4]
            direction = _direction(words, i)
            return f"{stem}{direction}"  # type: ignore[return-value]
        if base == "circleopen" and clause.has("close", "closing", "shut"):
            return "circleclose"
        if word in {"fade", "fades", "fading"} and clause.has("cross"):
            return "fade"
        return base  # type: ignore[return-value]
    if clause.has("smooth", "smoothly", "soft", "gentle") and clause.has_any(TRANSITION_NOUNS):
        return "fade"
    if clause.has("cross") and clause.has("fade", "fades"):
        return "fade"
    return None


def _direction(words: list[str], i: int) -> str:
    """ "wipe left" -> left; "slide in from the right" -> left (it moves leftwards)."""
    window = words[i + 1 : i + 5]
    for k, word in enumerate(window):
        if word in _DIRECTIONS:
            if "from" in window[:k]:
                return _OPPOSITE[word]
            return word
    before = words[max(0, i - 2) : i]
    for word in before:
        if word in _DIRECTIONS:
            return word
    return "left"


def _speed(clause: Clause) -> tuple[int | None, float | None]:
    """Length said in words: (ms, None) for "quick"/"slow", (None, factor) for comparatives."""
    free = {w for i, w in enumerate(clause.words) if i not in clause.claimed}
    if clause.has("speed up"):
        return None, 0.5
    if clause.has("slow down"):
        return None, 1.6
    if free & {"faster", "quicker", "shorter", "snappier"}:
        return None, 0.5
    if free & {"slower", "longer", "softer", "gentler", "smoother"}:
        return None, 1.6
    if free & {"quick", "fast", "short", "snappy", "brief", "rapid"}:
        return QUICK_MS, None
    if free & {"slow", "long", "lingering", "leisurely"}:
        return SLOW_MS, None
    return None, None


def mentions_transitions(clause: Clause) -> bool:
    if clause.has_any(TRANSITION_NOUNS) or clause.has("dip to", "dips to", "dip through"):
        return True
    if _transition_words(clause):
        return True
    return clause.has_any(CUT_WORDS) and _kind(clause) == "none"


RANDOM = ("fade", "dissolve", "wipeleft", "slideleft", "circleopen", "fadeblack")


class RandomTransitions(Intent):
    """ "random transitions": a different transition at each cut, the same for the same
    request on the same photos (seeded, like shuffle)."""

    phase: ClassVar[int] = 60

    def apply(self, work: Work) -> None:
        segs = photos(work)
        rng = random.Random(work.seed)
        kinds = [rng.choice(RANDOM) for _ in segs[:-1]]
        for i, kind in enumerate(kinds):
            current = segs[i].meta.transition
            d = current.duration_ms if current and current.duration_ms else DEFAULT_TRANSITION_MS
            work.set_transition(
                i, kind, min(d, min(segs[i].duration_ms, segs[i + 1].duration_ms) // 2)
            )
        work.record(
            "set_transitions",
            {"type": "random", "cuts": [i + 1 for i in range(len(kinds))]},
            {
                "transitions": [
                    {
                        "cut": i + 1,
                        "type": k,
                        "d": t.duration_ms if (t := segs[i].meta.transition) else 0,
                    }
                    for i, k in enumerate(kinds)
                ],
                "of": len(segs),
            },
        )


QUICK_CUT_MS = 1500


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if clause.has("quick cuts", "fast cuts", "rapid cuts", "quick cut"):
        # hard cuts, and photos short enough that the cuts come quickly
        return [
            SetTransitions(kind="none"),
            SetPhotoDuration(refs=(PhotoRef(kind="all"),), seconds=QUICK_CUT_MS / 1000),
        ]
    if not mentions_transitions(clause):
        return []
    if clause.has("random", "randomly", "mixed", "different", "various", "varied"):
        return [RandomTransitions()]
    words = clause.words
    refs = find_photo_refs(clause, list(ctx.names))
    kind = _kind(clause)
    if (
        kind is not None
        and kind.startswith("slide")
        and refs
        and clause.has("move", "put", "place")
    ):
        return []  # "slide the cat photo to the end" is arranging, not a transition
    d_ms: int | None = None
    factor: float | None = None
    for q in find_durations(clause):
        if q.first in clause.claimed:
            continue
        if q.value * 1000 > MAX_CLIP_MS and clause.has_any({"video", "reel", "slideshow"}):
            continue
        d_ms = round(q.value * 1000)
        clause.claim(*range(q.first, q.last + 1))
        break
    if d_ms is None:
        d_ms, factor = _speed(clause)
    if kind is None and d_ms is None and factor is None:
        if (
            clause.has_any(TRANSITION_NOUNS) and clause.has("add", "use", "with", "some", "put")
        ) or clause.has_any(TRANSITION_NOUNS):
            kind = "fade"
        else:
            return []
    for i, w in enumerate(words):
        if w in TRANSITION_WORDS or w in TRANSITION_NOUNS or w in {"faster", "slower", "quicker"}:
            clause.claim(i)
    between: tuple[PhotoRef, ...] = ()
    after = before = None
    if "between" in words:
        pos = words.index("between")
        between = tuple(r for r in refs if r.first > pos)
        if len(between) == 1 and between[0].count < 2:
            between = ()
    if not between:
        for ref in refs:
            prev = words[ref.first - 1] if ref.first else ""
            prev2 = words[ref.first - 2] if ref.first > 1 else ""
            if prev == "after" or prev2 == "after":
                after = ref
            elif prev == "before" or prev2 == "before":
                before = ref
            elif prev in {"from", "leaving"} or prev2 in {"from", "leaving"}:
                after = ref
    if between and len(between) == 1:
        between = (between[0],)
    elsewhere = clause.has("elsewhere", "everywhere else", "others", "the rest", "other cuts")
    if elsewhere:
        clause.claim(*(i for i, w in enumerate(words) if w in {"elsewhere", "others", "rest"}))
    return [
        SetTransitions(
            kind=kind,
            d_ms=d_ms,
            factor=factor,
            between=between,
            after=after,
            before=before,
            elsewhere=elsewhere and not (between or after or before),
        )
    ]
