"""The reply's sentence for an analysis-driven edit, as the agent says it after the edit."""

from __future__ import annotations

from typing import Any

from photoreel.agent import reply_en
from photoreel.agent.contract import EditOp
from photoreel.agent.edits import Edited


def said(name: str, edited: Edited, args: dict[str, Any] | None = None) -> str:
    """What the reply says for op `name` made from `edited` (its facts are the op's result)."""
    op = EditOp(name=name, args=args or {}, result=edited.facts)
    return reply_en.edit(reply_en.Told([op], 0, edited.draft))
