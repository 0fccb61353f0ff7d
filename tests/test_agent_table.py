"""Each instruction of the table gives the timeline a person would expect (agent_cases.py)."""

from __future__ import annotations

import pytest

from agent_cases import CASES, Case, play, problems


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_instruction(case: Case) -> None:
    played = play(case)
    assert problems(played) == [], played.out.reply
