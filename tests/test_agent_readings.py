"""Readings are scored, not ordered: each area proposes its reading of a clause with the
words it covers, the best consistent set wins, and a word belongs to one reading only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_cases import MEDIA, Case
from agent_table import TABLE
from photoreel.agent import interpreter
from photoreel.agent.intents import audio, durations, transitions
from photoreel.agent.interpreter import context_for, read
from photoreel.agent.parse.clauses import split_clauses
from photoreel.agent.readings import AREAS, best_readings


def _readings(text: str) -> list[list[str]]:
    """For each clause, the areas whose readings were kept."""
    ctx = context_for(MEDIA["photos"], has_video=True, language="en")
    utterance = read(text, ctx)
    return [
        [AREAS[p.area].name for p in best_readings(piece.clause, ctx)]
        for piece in split_clauses(utterance)
    ]


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(TABLE))
def test_no_word_belongs_to_two_readings(case: Case) -> None:
    ctx = context_for(MEDIA[case.media], has_video=True, language=case.language)
    say = case.say
    utterance = read(say, ctx)
    for piece in split_clauses(utterance):
        chosen = best_readings(piece.clause, ctx)
        seen: set[int] = set()
        for proposal in chosen:
            assert seen.isdisjoint(proposal.covers), (say, [AREAS[p.area].name for p in chosen])
            seen |= proposal.covers


def test_a_length_beside_a_fade_is_the_fade_s_not_the_video_s() -> None:
    ctx = context_for(MEDIA["music"], has_video=True, language="en", has_music=True)
    reading = interpreter.interpret("fade the music in over 2 seconds", ctx)
    assert reading.intents == [audio.FadeMusic(fade_in_ms=2000)]


def test_several_areas_read_one_clause_when_their_words_differ() -> None:
    assert _readings("vertical 20 seconds with music") == [["canvas", "durations"], ["audio"]]


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("1 second crossfades", transitions.SetTransitions),
        ("make it 12 seconds", durations.SetTotalDuration),
    ],
)
def test_the_reading_covering_most_words_wins(said: str, kind: type) -> None:
    ctx = context_for(MEDIA["photos"], has_video=True, language="en")
    intents = interpreter.interpret(said, ctx).intents
    assert [type(i) for i in intents] == [kind]


def test_do_not_cut_off_is_the_fit_never_a_removal() -> None:
    assert _readings("vertical but dont cut off the city pic") == [["canvas"], ["fit"]]
