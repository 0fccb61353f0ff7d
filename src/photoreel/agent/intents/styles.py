"""Named looks that set transitions, motion and pacing together, explained in the reply.

"make it cinematic", "something energetic", "a calm slideshow", "minimal",
"elegant". Pacing (seconds a photo) is part of a look, unless the same
instruction also gives the video's length: then the length wins and the look
brings only its transitions and motion.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel

from photoreel.agent.intents.ask import WHICH_LOOK, Question
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import photos
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Work
from photoreel.protocol.draft import Motion, MotionType, TransitionType

StyleName = Literal["cinematic", "energetic", "calm", "minimal", "elegant", "dramatic"]


class Look(BaseModel):
    """What a named style sets."""

    transition: TransitionType
    transition_ms: int
    motion: MotionType
    intensity: float
    photo_ms: int
    fps: Literal[24, 25, 30, 60] | None = None
    blurb: str


LOOKS: dict[str, Look] = {
    "cinematic": Look(
        transition="fade",
        transition_ms=1200,
        motion="zoom_in",
        intensity=0.35,
        photo_ms=4000,
        fps=24,
        blurb="slow 1.2 s crossfades, gentle push-in zooms, 4 s a photo, 24 fps like film",
    ),
    "energetic": Look(
        transition="slideleft",
        transition_ms=300,
        motion="auto",
        intensity=0.7,
        photo_ms=1500,
        fps=30,
        blurb="quick 0.3 s slides, lively zooms and pans, 1.5 s a photo",
    ),
    "calm": Look(
        transition="dissolve",
        transition_ms=1500,
        motion="auto",
        intensity=0.2,
        photo_ms=5000,
        blurb="long 1.5 s dissolves, barely-there drift, 5 s a photo",
    ),
    "minimal": Look(
        transition="none",
        transition_ms=0,
        motion="none",
        intensity=0.5,
        photo_ms=3000,
        blurb="hard cuts, still photos, 3 s a photo",
    ),
    "elegant": Look(
        transition="fadeblack",
        transition_ms=1000,
        motion="zoom_out",
        intensity=0.3,
        photo_ms=3500,
        blurb="1 s dips through black, slow pull-back zooms, 3.5 s a photo",
    ),
    "dramatic": Look(
        transition="fadeblack",
        transition_ms=700,
        motion="zoom_in",
        intensity=0.85,
        photo_ms=3000,
        blurb="dips through black, strong push-in zooms, 3 s a photo",
    ),
}
SYNONYMS: dict[str, str] = {
    "cinematic": "cinematic",
    "cinema": "cinematic",
    "filmic": "cinematic",
    "epic": "cinematic",
    "movie": "cinematic",
    "trailer": "cinematic",
    "energetic": "energetic",
    "upbeat": "energetic",
    "dynamic": "energetic",
    "punchy": "energetic",
    "lively": "energetic",
    "fun": "energetic",
    "exciting": "energetic",
    "hype": "energetic",
    "calm": "calm",
    "relaxed": "calm",
    "relaxing": "calm",
    "peaceful": "calm",
    "chill": "calm",
    "chilled": "calm",
    "serene": "calm",
    "dreamy": "calm",
    "soothing": "calm",
    "tranquil": "calm",
    "minimal": "minimal",
    "minimalist": "minimal",
    "clean": "minimal",
    "simple": "minimal",
    "elegant": "elegant",
    "classy": "elegant",
    "romantic": "elegant",
    "sophisticated": "elegant",
    "dramatic": "dramatic",
    "moody": "dramatic",
}


class ApplyStyle(Intent):
    phase: ClassVar[int] = 20
    style: StyleName

    def apply(self, work: Work) -> None:
        """The look's transitions, motion, pacing and frame rate, except what the person
        set on purpose earlier in the session (a length, transitions, a frame rate)."""
        segs = photos(work)
        look = LOOKS[self.style]
        keep_length = work.total_set or "length" in work.pins
        keep_transitions = "transitions" in work.pins
        if not keep_length:
            for seg in segs:
                if seg.meta.kind == "image":
                    seg.duration_ms = look.photo_ms
            work.dirty = True
            work.relayout()
        for i, seg in enumerate(segs):
            if seg.meta.kind == "image":
                seg.meta.motion = Motion(type=look.motion, intensity=look.intensity)
            if i < len(segs) - 1 and not keep_transitions:
                work.set_transition(i, look.transition, look.transition_ms)
        work.fit_transitions()
        draft = work.require_draft()
        if look.fps is not None and "fps" not in work.pins:
            draft.meta.fps = look.fps
        kept = [
            what
            for what, pinned in (
                ("length", keep_length),
                ("transitions", keep_transitions),
                ("fps", "fps" in work.pins and look.fps != draft.meta.fps),
            )
            if pinned
        ]
        work.record(
            "apply_style",
            {"style": self.style},
            {
                "transition": look.transition,
                "transition_ms": look.transition_ms,
                "motion": look.motion,
                "photo_ms": look.photo_ms,
                "d": draft.duration_ms,
                "fps": draft.meta.fps,
                "kept": kept,
            },
        )


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    words = clause.words
    for i, word in enumerate(words):
        style = SYNONYMS.get(word)
        if style is None:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word == "movie" and nxt not in {"style", "look", "like", "feel"}:
            continue  # "make a movie" is a video, "movie style" is a look
        if word == "fun" and nxt not in {"", "style", "look", "vibe", "feel"}:
            continue
        if word in {"dramatic", "simple", "clean"} and clause.has(
            "zoom",
            "ken burns",
            "motion",
            "pan",
            "transition",
            "transitions",
            "fade",
            "fades",
            "cut",
            "cuts",
        ):
            continue  # "a dramatic zoom", "simple cuts": a property, not a whole look
        clause.claim(i)
        return [ApplyStyle(style=style)]
    vague = clause.has("better", "nicer", "prettier", "improve", "more professional")
    restyle = clause.has("style", "look", "vibe") and clause.has(
        "change", "different", "another", "new", "other"
    )
    if (vague or restyle) and len(clause.words) <= 6:
        return [Question(message=WHICH_LOOK)]  # "make it better": which way?
    return []
