"""What an analysis-driven edit returns: the new draft and what it did."""

from __future__ import annotations

from pydantic import BaseModel, Field

from photoreel.protocol.draft import Draft


class Edited(BaseModel):
    """The draft after an edit, with `changed` (segment indexes on the main video track,
    or media ids) and `said`, the sentences that describe it for the reply."""

    draft: Draft
    changed: list[int] = Field(default_factory=list)
    said: list[str] = Field(default_factory=list)
    details: dict[str, list[str]] = Field(
        default_factory=dict, description="names by what was found: 'duplicates', 'blurred' ..."
    )

    @property
    def text(self) -> str:
        return " ".join(self.said)
