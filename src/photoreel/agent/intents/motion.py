"""Motion (Ken Burns): "add a Ken Burns effect", "slow zoom in", "zoom out on the
last photo", "pan left", "pan across the photos", "keep the photos still",
"subtle" / "dramatic", "more zoom", "less movement".

Motion applies to photos; clips play as they were filmed unless a clip is
named. "pan" alone alternates left and right so the video does not drift
one way.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import GENTLE_WORDS, STRONG_WORDS, TRANSITION_NOUNS, words
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Work
from photoreel.protocol.draft import Easing, Motion, MotionType

GENTLE = 0.25
STRONG = 0.85
STEP = 0.25

MotionChoice = MotionType | Literal["alternate_pan", "alternate_zoom"]
NAMES = {
    "none": "no motion",
    "auto": "Ken Burns",
    "zoom_in": "zoom in",
    "zoom_out": "zoom out",
    "pan_left": "pan left",
    "pan_right": "pan right",
    "pan_up": "pan up",
    "pan_down": "pan down",
    "alternate_pan": "pans (alternating left and right)",
    "alternate_zoom": "zooms (alternating in and out)",
}
_STILL = (
    "keep the photos still",
    "keep them still",
    "keep it still",
    "keep photos still",
    "keep the pictures still",
    "keep the images still",
    "still photos",
    "still images",
    "still pictures",
    "photos still",
    "pictures still",
    "images still",
    "them still",
    "no motion",
    "no movement",
    "no zoom",
    "no zooming",
    "no zooms",
    "no pan",
    "no panning",
    "no ken burns",
    "without motion",
    "without movement",
    "without zoom",
    "without ken burns",
    "stop moving",
    "stop the motion",
    "stop zooming",
    "do not move",
    "not move",
    "static",
    "freeze",
    "remove the zoom",
    "remove the motion",
    "remove ken burns",
    "remove the ken burns",
    "turn off the zoom",
    "turn off motion",
    "motion off",
)


class SetMotion(Intent):
    """Set the Ken Burns move and/or its strength on some or all photos."""

    phase: ClassVar[int] = 70
    kind: MotionChoice | None = None
    intensity: float | None = None
    delta: float = 0.0
    easing: Easing | None = None
    refs: tuple[PhotoRef, ...] = ()

    def apply(self, work: Work) -> None:
        segs = photos(work)
        if self.refs:
            indices = sorted({i for ref in self.refs for i in work.resolve(ref)})
        else:
            indices = [i for i, s in enumerate(segs) if s.meta.kind == "image"] or list(
                range(len(segs))
            )
        pan = 0
        for i in indices:
            current = segs[i].meta.motion
            kind: str = self.kind or (current.type if current.type != "none" else "auto")
            if kind == "alternate_pan":
                kind = "pan_left" if pan % 2 == 0 else "pan_right"
                pan += 1
            elif kind == "alternate_zoom":
                kind = "zoom_in" if pan % 2 == 0 else "zoom_out"
                pan += 1
            intensity = current.intensity if self.intensity is None else self.intensity
            if self.delta:
                intensity = min(1.0, max(0.05, intensity + self.delta))
            easing = self.easing or current.easing
            segs[i].meta.motion = Motion(type=kind, intensity=round(intensity, 2), easing=easing)
        work.record(
            "set_motion",
            {
                "type": self.kind,
                "intensity": self.intensity,
                "delta": self.delta or None,
                "photos": [i + 1 for i in indices],
            },
            {
                "motion": [segs[i].meta.motion.model_dump() for i in indices],
                "of": len(segs),
                "names": [work.label_of(segs[i]) for i in indices],
            },
        )


_NEGATIONS = words("""no stop remove without disable kill lose drop off""")
_MOVES = words("""zoom zooms zooming pan pans panning motion movement burns moving""")


def _negated(clause: Clause) -> bool:
    """ "stop the zoom", "remove the panning", "turn the motion off"."""
    return clause.has_any(_NEGATIONS) and clause.has_any(_MOVES)


def _kind(clause: Clause) -> MotionChoice | None:
    text = f" {clause.text} "
    words = clause.words
    if any(f" {p} " in text for p in _STILL) or _negated(clause):
        return "none"
    zooms_out = clause.has("zoom out", "zooming out", "pull back", "pull out", "zoom away")
    if zooms_out and clause.has("zoom in", "zooming in"):
        return "alternate_zoom"  # "alternate zoom in and zoom out", 一张放大一张缩小
    if zooms_out:
        return "zoom_out"
    if clause.has("zoom in", "zooming in", "zoom into", "push in", "zoom", "zooms", "zooming"):
        return "zoom_in"
    for i, word in enumerate(words):
        if word in {"pan", "pans", "panning"}:
            for nxt in words[i + 1 : i + 4]:
                if nxt in {"left", "right", "up", "down"}:
                    return f"pan_{nxt}"  # type: ignore[return-value]
            return "alternate_pan"
    if clause.has(
        "ken burns",
        "kenburns",
        "motion",
        "movement",
        "animate",
        "animated",
        "moving",
        "drift",
        "drifting",
        "move",
    ):
        return "auto"
    return None


def mentions_motion(clause: Clause) -> bool:
    text = f" {clause.text} "
    if any(f" {p} " in text for p in _STILL):
        return True
    if _negated(clause) and not clause.has_any(TRANSITION_NOUNS):
        return True
    if clause.has("ken burns", "kenburns", "zoom", "zooms", "zooming", "pan", "pans", "panning"):
        return not (
            clause.has_any(TRANSITION_NOUNS) and clause.has("zoom") and not clause.has("ken burns")
        )
    if clause.has("motion", "movement", "animate", "animated", "drift", "drifting"):
        return True
    return clause.has("make them move", "make it move", "make the photos move", "moving photos")


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if not mentions_motion(clause):
        return []
    kind = _kind(clause)
    words = set(clause.words)
    intensity: float | None = None
    delta = 0.0
    if words & {"more", "stronger", "increase", "bigger"}:
        delta = STEP
    elif words & {"less", "weaker", "reduce", "decrease", "smaller", "tone"}:
        delta = -STEP
    elif words & STRONG_WORDS - {"fast", "faster", "bold"} or words & {"fast"}:
        intensity = STRONG
    elif words & GENTLE_WORDS:
        intensity = GENTLE
    if (
        kind == "auto"
        and (delta or intensity is not None)
        and clause.has("motion", "movement")
        and not clause.has("ken burns")
    ):
        kind = None  # "more motion": keep each photo's move, change its strength
    easing: Easing | None = None
    if "linear" in words or clause.has("constant speed"):
        easing = "linear"
    refs = tuple(
        r for r in find_photo_refs(clause, list(ctx.names)) if r.kind != "all" and not r.bare
    )
    for i, word in enumerate(clause.words):
        if word in {"zoom", "pan", "motion", "movement", "ken", "burns", "still", "static"}:
            clause.claim(i)
    return [SetMotion(kind=kind, intensity=intensity, delta=delta, easing=easing, refs=refs)]
