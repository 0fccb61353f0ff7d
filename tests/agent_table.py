"""The whole instruction table: the agent's own cases and the world cases, in both languages.

The world cases (agent_cases_world.py, agent_cases_names.py) were written by case writers
who had not read the agent's code; agent_cases_names.py probes text that shares words with
the session's file names ("a video titled Beach Day" with beach.png uploaded).

`TABLE` is what `tests/test_agent_table.py` and `bench/agent.py` run.
`KNOWN_MISSES` (read from agent_known_misses.txt) names the cases the agent
does not get right yet: they run as strict xfails, so a case that starts
passing fails the suite until it is taken off the list (the list can only
shrink), and the bench prints the real share.
"""

from __future__ import annotations

from pathlib import Path

from agent_cases import CASES, Case
from agent_cases_names import NAME_CASES, NAME_CASES_ZH
from agent_cases_world import WORLD_CASES, WORLD_CASES_ZH
from agent_cases_zh import CASES_ZH


def _stable(value: object) -> str:
    """repr with sets sorted, so a key is the same in every process (string hashes vary)."""
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_stable(v) for v in value) + "]"
    return repr(value)


def case_key(case: Case) -> str:
    """A stable name for a case: language, media, earlier turns, instruction, expectation."""
    expect = ", ".join(f"{k}={_stable(case.expect[k])}" for k in sorted(case.expect))
    return f"{case.language}|{case.media}|{' / '.join(case.before)}|{case.say}|{expect}"


def is_chinese(case: Case) -> bool:
    return case.language.startswith("zh")


# A case written the same way twice (the world cases repeat a few of the agent's own) runs once.
TABLE: list[Case] = list(
    {
        case_key(c): c
        for c in [*CASES, *CASES_ZH, *WORLD_CASES, *WORLD_CASES_ZH, *NAME_CASES, *NAME_CASES_ZH]
    }.values()
)


def _known_misses() -> frozenset[str]:
    path = Path(__file__).with_name("agent_known_misses.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


KNOWN_MISSES = _known_misses()
