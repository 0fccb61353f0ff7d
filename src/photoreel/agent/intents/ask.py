"""Asking instead of guessing: an intent whose whole answer is a short question.

Nothing changes; what was asked is remembered (memory.Asked) so the next
instruction can simply answer it. Areas return a `Question` when a request
could mean two things ("change 3 to 5") or lacks what it needs ("remove it").
"""

from __future__ import annotations

from typing import ClassVar

from photoreel.agent.intents.base import Intent
from photoreel.agent.memory import Asked
from photoreel.agent.timeline import Ask, Work


class Question(Intent):
    """Not enough to act on without guessing: ask, change nothing, remember what was asked."""

    phase: ClassVar[int] = 100
    edits: ClassVar[bool] = False
    message: str
    asked: Asked | None = None

    def apply(self, work: Work) -> None:
        raise Ask(self.message, self.asked)


WHICH_PHOTO = 'Which photo should I {verb}? Say its position ("the second photo") or file name.'
WHICH_LOOK = (
    "Which look would you like: cinematic, energetic, calm, minimal, elegant or dramatic? "
    'Or tell me what to change, e.g. "slower crossfades".'
)
