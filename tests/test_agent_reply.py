"""The reply says each edit once, rendered from the op the server streams.

Over the whole table (both languages): every op of a turn that changed the
draft has its sentence in the reply exactly once, so the reply can not tell
a different story from the edit, nor tell it twice; and no intent writes its
own sentence for an edit any more (`Work.record` takes none).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import photoreel.agent.intents
from agent_cases import Case, play
from agent_table import TABLE
from photoreel.agent.reply import edit_sentence
from photoreel.agent.reply_en import EDITS, Told
from photoreel.agent.timeline import Work
from photoreel.protocol.language import reply_language


@pytest.mark.parametrize("zh", [False, True], ids=["en", "zh"])
def test_each_edit_is_said_once_from_its_op(zh: bool) -> None:
    cases: list[Case] = [
        c for c in TABLE if reply_language(c.say, c.language).startswith("zh") == zh
    ]
    checked = 0
    for case in cases:
        played = play(case)
        out = played.out
        if out.draft is None:
            continue
        body = out.reply.rsplit("\n", 1)[0]
        for at in range(len(out.ops)):
            said = edit_sentence(Told(out.ops, at, out.draft), zh)
            if said:
                assert body.count(said) == 1, (case.say, said, out.reply)
                checked += 1
    assert checked > 500  # the table's edits, not a handful


def test_every_op_an_intent_records_has_an_english_sentence() -> None:

    recorded: set[str] = set()
    for path in Path(photoreel.agent.intents.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        recorded |= set(re.findall(r'work\.record\(\s*"(\w+)"', text))
        recorded |= set(re.findall(r'_take\(work, "(\w+)"', text))
    recorded |= {"make_video", "start_over", "undo", "redo", "remove_duplicates", "remove_blurred"}
    assert recorded - set(EDITS) == set()


def test_record_takes_no_sentence() -> None:
    assert list(inspect.signature(Work.record).parameters) == [
        "self",
        "name",
        "args",
        "result",
        "warning",
    ]
