"""What an analysis-driven edit returns: the new draft and what it did."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from photoreel.protocol.draft import Draft


class Edited(BaseModel):
    """The draft after an edit, with `changed` (segment indexes on the main video track),
    `facts`, what the edit did (the reply is rendered from them, see agent/reply_en.py), and
    `said`, why nothing changed when the draft is the same."""

    draft: Draft
    changed: list[int] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    said: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.said)
