"""Each instruction of the table gives the timeline a person would expect (agent_table.py)."""

from __future__ import annotations

import pytest

from agent_cases import Case, play, problems
from agent_table import KNOWN_MISSES, TABLE, case_key, is_chinese


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 600
    assert sum(1 for c in TABLE if is_chinese(c)) >= 400


def test_every_known_miss_is_still_a_case() -> None:
    assert {case_key(c) for c in TABLE} >= KNOWN_MISSES


@pytest.mark.parametrize("case", TABLE, ids=[f"{c.language}:{c.id}" for c in TABLE])
def test_instruction(case: Case) -> None:
    played = play(case)
    wrong = problems(played)
    if case_key(case) in KNOWN_MISSES:
        if not wrong:
            pytest.fail("understood now: take it off tests/agent_known_misses.txt")
        pytest.xfail("; ".join(wrong))
    assert wrong == [], played.out.reply
