"""Which language the agent answers in: one rule for the agent and for its clients.

The hosted service's session carries a `language`; an instruction written in
Chinese characters is answered in Chinese whatever the session says (people
type the language they want back). The client uses the same rule to say what
it adds around the agent's replies (upload findings) in the same language.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u4e00-\u9fff]")


def reply_language(instruction: str | None, session_language: str) -> str:
    """ "zh" for an instruction written in Chinese characters, else the session's language
    (also with no instruction yet)."""
    return "zh" if instruction and _HAN.search(instruction) else session_language
