"""Readings are scored, not ordered: each area proposes its reading of a clause.

Every area in `AREAS` reads a clause on its own and proposes a `Proposal`: its
intents and the words it covers (its own keywords, plus the values its parser
`claim`ed: a length, a ratio, a title's words; a question or an undo covers the
whole clause). `best_readings` keeps the best consistent set: the reading that
covers most words wins (a tie goes to the area listed first), areas whose
reading needed one of its words read the clause again with those words blanked
out (`Clause.without`), and so on. So a word belongs to one reading only: in
"music with a 2 second fade in" the fade and its length are the music's, not
the photos' crossfades nor the video's length; in "a 30 second vertical
slideshow" the video, its length and its canvas are each read once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from photoreel.agent.intents import (
    again,
    arrange,
    audio,
    canvas,
    durations,
    fit,
    history,
    make,
    motion,
    questions,
    routes,
    sense,
    styles,
    text,
    transitions,
)
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.lexicon import (
    ASPECT_WORDS,
    BIGGER_WORDS,
    COLORS,
    CUT_WORDS,
    DUPLICATE_WORDS,
    FIT_WORDS,
    LONGER_WORDS,
    LOWER_WORDS,
    MOTION_WORDS,
    MOVE_WORDS,
    MUSIC_NOUNS,
    MUTE_WORDS,
    PLATFORM_NAMES,
    POSITION_WORDS,
    RAISE_WORDS,
    REMOVE_WORDS,
    REPLACE_WORDS,
    REVERSE_WORDS,
    ROUTE_WORDS,
    SHORTER_WORDS,
    SHUFFLE_WORDS,
    SMALLER_WORDS,
    SORT_WORDS,
    STYLE_WORDS,
    SWAP_WORDS,
    TEXT_NOUNS,
    TIME_UNITS,
    TRANSITION_NOUNS,
    TRANSITION_WORDS,
    VIDEO_NOUNS,
    VOLUME_WORDS,
    words,
)
from photoreel.agent.parse.tokens import BLANK, Clause

Parser = Callable[[Clause, ParseContext], list[Intent]]


@dataclass(frozen=True)
class Area:
    """One area of what can be asked (music, canvas, ...): its parser and its own words.

    `words` are the keywords that make a reading of this area; a reading covers
    those it finds plus the values its parser claimed (a length, a ratio, a
    title's words). A `whole` area (a question, an undo) reads the clause as one
    request, so its reading covers every word.
    """

    name: str
    parse: Parser
    words: frozenset[str] = frozenset()
    whole: bool = False


_FADES = words("fade fades fading faded fadein fadeout in out")
_SONG = words("start starts starting from skip at loop looping looped play plays duck ducking")
# In the order readings of one clause list their intents, and the order ties are broken in.
AREAS: tuple[Area, ...] = (
    Area("routes", routes.parse, ROUTE_WORDS),
    Area("questions", questions.parse, whole=True),
    Area("history", history.parse, whole=True),
    Area("sense", sense.parse, whole=True),
    Area("again", again.parse, whole=True),
    Area(
        "audio",
        audio.parse,
        MUSIC_NOUNS | VOLUME_WORDS | LOWER_WORDS | RAISE_WORDS | MUTE_WORDS | _FADES | _SONG,
    ),
    Area(
        "text",
        text.parse,
        TEXT_NOUNS
        | frozenset(POSITION_WORDS)
        | frozenset(COLORS)
        | BIGGER_WORDS
        | SMALLER_WORDS
        | words("font size box background shadow says saying reads written write card"),
    ),
    Area("styles", styles.parse, STYLE_WORDS),
    Area("make", make.parse, VIDEO_NOUNS),
    Area("canvas", canvas.parse, frozenset(ASPECT_WORDS) | frozenset(PLATFORM_NAMES)),
    Area(
        "transitions",
        transitions.parse,
        TRANSITION_NOUNS | frozenset(TRANSITION_WORDS) | CUT_WORDS,
    ),
    Area("motion", motion.parse, MOTION_WORDS | words("alternate alternating alternately")),
    Area("fit", fit.parse, FIT_WORDS),
    Area(
        "arrange",
        arrange.parse,
        SWAP_WORDS
        | MOVE_WORDS
        | REMOVE_WORDS
        | DUPLICATE_WORDS
        | REVERSE_WORDS
        | SHUFFLE_WORDS
        | SORT_WORDS
        | REPLACE_WORDS,
    ),
    Area("durations", durations.parse, LONGER_WORDS | SHORTER_WORDS | frozenset(TIME_UNITS)),
)


@dataclass(frozen=True)
class Proposal:
    """One area's reading of a clause: its intents, the words it covers, and its score."""

    area: int
    intents: list[Intent]
    covers: frozenset[int]

    @property
    def score(self) -> tuple[int, int]:
        """More words read wins; on a tie, the area listed first in `AREAS`."""
        return (len(self.covers), -self.area)


def _propose(index: int, clause: Clause, ctx: ParseContext) -> Proposal | None:
    area = AREAS[index]
    view = Clause(clause.tokens, clause.utterance)
    intents = area.parse(view, ctx)
    if not intents:
        return None
    if area.whole:
        covers = frozenset(i for i, t in enumerate(clause.tokens) if t.norm != BLANK)
    else:
        own = {i for i, t in enumerate(clause.tokens) if t.norm in area.words}
        covers = frozenset(own | view.claimed)
    return Proposal(index, intents, covers)


def best_readings(clause: Clause, ctx: ParseContext) -> list[Proposal]:
    """The best consistent set of readings: the highest-scoring one first, then again
    over the words left, so each word belongs to one reading only. An area whose
    reading needed a word another reading took reads the clause again without it."""
    proposals = [p for i in range(len(AREAS)) if (p := _propose(i, clause, ctx))]
    chosen: list[Proposal] = []
    taken: set[int] = set()
    while proposals:
        best = max(proposals, key=lambda p: p.score)
        chosen.append(best)
        taken |= best.covers
        rest: list[Proposal] = []
        for other in proposals:
            if other is best:
                continue
            if other.covers.isdisjoint(taken):
                rest.append(other)
            elif not AREAS[other.area].whole:
                retry = _propose(other.area, clause.without(taken), ctx)
                if retry is not None and retry.covers.isdisjoint(taken):
                    rest.append(retry)
        proposals = rest
    return sorted(chosen, key=lambda p: p.area)
