"""Edits computed from what analysis found, as pure functions of the draft.

Each takes a `Draft` (and the session's analyses) and returns an `Edited`: the
new draft and what changed, in words the agent can say. They know nothing of
phrases: the agent's intents call them, so a rewrite of the phrase matching
keeps them as they are.
"""

from photoreel.agent.edits.result import Edited

__all__ = ["Edited"]
