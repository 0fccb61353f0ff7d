"""Whatever a person types, the agent answers: thousands of generated instructions over
several sessions, none of which may crash, change the input, or return an invalid draft."""

from __future__ import annotations

import random
import re

import pytest

from agent_cases import CASES, MEDIA, Session
from photoreel.agent import TurnInput, run_turn
from photoreel.agent.lexicon import VOCABULARY
from photoreel.agent.turn import SLIPPED
from photoreel.protocol.draft import Draft

_EXTRAS = ["'Hello'", "3 seconds", "50%", "photo 2", "the first", "9:16", "0", "photo 0", "-1", "?"]


def _instructions(seed: int, count: int) -> list[str]:
    """Word salad from the agent's own vocabulary, and real instructions glued together."""
    rng = random.Random(seed)
    words = sorted(VOCABULARY) + _EXTRAS
    said = [case.say for case in CASES]
    out = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.4:
            out.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))))
        elif pick < 0.8:
            out.append(f"{rng.choice(said)} and {rng.choice(said)}")
        else:
            out.append(", ".join(rng.choice(said) for _ in range(3)))
    return out


def _sessions() -> list[Session]:
    found = []
    for media in ("photos", "clips_music", "one", "none"):
        for before in ((), ("make a video", "add music", "add a title 'X'", "caption each photo")):
            session = Session(media=MEDIA[media])
            for instruction in before:
                session.say(instruction)
            found.append(session)
    return found


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_instructions_never_break_a_turn(seed: int) -> None:
    sessions = _sessions()
    rng = random.Random(seed)
    for instruction in _instructions(seed, 400):
        session = rng.choice(sessions)
        before = session.draft.model_dump() if session.draft else None
        out = run_turn(
            TurnInput(
                instruction=instruction,
                draft=session.draft,
                media=session.media,
                undo_draft=session.versions[session.at - 1] if session.at else None,
            )
        )
        assert SLIPPED not in out.reply, instruction
        assert out.reply.rsplit("\n", 1)[-1].startswith("Timeline ("), instruction
        # the app renders replies as Markdown, where "<file name>" is an HTML tag and vanishes
        assert not re.search(r"<[A-Za-z]", out.reply), (instruction, out.reply)
        if out.draft is not None:
            Draft.model_validate(out.draft.model_dump())
        assert (session.draft.model_dump() if session.draft else None) == before
