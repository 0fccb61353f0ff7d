"""Renders submitted but not yet downloaded, remembered on disk.

A render keeps going when nothing watches it (the window closed, the person
pressed Ctrl-C, the laptop slept). Each submitted render is written to
`renders.json` in the config dir (mode 0600) with where its file should go,
and removed once its file is downloaded, or once it failed. A later run asks
the backend about each one and downloads those that finished.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from photoreel.client.identity import locked_beside, read_json, write_private

RENDERS_FILE = "renders.json"


class PendingRender(BaseModel):
    render_id: str
    session_id: str
    backend: str = Field(description="the backend's key (Backend.key)")
    dest: str | None = Field(None, description="where the person wanted the file")
    format: str = "mp4"
    submitted_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class PendingRenders:
    """The remembered renders in one config dir. Safe for two processes at once (flock)."""

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / RENDERS_FILE

    @contextmanager
    def _locked(self) -> Iterator[list[PendingRender]]:
        with locked_beside(self.path):
            renders = self._read()
            before = [r.model_dump(mode="json") for r in renders]
            yield renders
            after = [r.model_dump(mode="json") for r in renders]
            if after != before:
                write_private(self.path, json.dumps({"renders": after}, indent=2))

    def _read(self) -> list[PendingRender]:
        out = []
        for raw in read_json(self.path).get("renders") or []:
            try:
                out.append(PendingRender.model_validate(raw))
            except ValidationError:
                continue  # a damaged entry cannot be resumed; dropping it loses nothing
        return out

    def all(self, backend: str | None = None) -> list[PendingRender]:
        """Remembered renders, oldest first; only `backend`'s when given."""
        return [r for r in self._read() if backend is None or r.backend == backend]

    def remember(self, render: PendingRender) -> None:
        with self._locked() as renders:
            renders[:] = [r for r in renders if r.render_id != render.render_id]
            renders.append(render)

    def forget(self, render_id: str) -> None:
        with self._locked() as renders:
            renders[:] = [r for r in renders if r.render_id != render_id]

    def get(self, render_id: str) -> PendingRender | None:
        return next((r for r in self._read() if r.render_id == render_id), None)
