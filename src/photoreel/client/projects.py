"""Projects: which session holds the work of which folder, remembered on disk.

A project is a session on a backend. The protocol has no call that lists a
person's sessions (the hosted service has none), so the client remembers them
itself: `projects.json` in the config dir lists, per backend, every session the
app opened, with the folder it was opened in and when. The app reopens the
newest one of its folder on start and lists them all for `ctrl+o`; what each
holds (title, length, photos) is read from the backend when listed, so the
book never goes stale on the part that matters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from photoreel.client.identity import locked_beside, read_json, write_private
from photoreel.protocol.answers import StateAnswer
from photoreel.protocol.draft import VideoTrack

PROJECTS_FILE = "projects.json"
#: Projects kept per backend: the oldest opened are forgotten (their sessions stay).
KEEP_PER_BACKEND = 200
#: The name of a project with no title and no photos (`ProjectSummary.name`).
UNTITLED = "untitled"


def _now() -> datetime:
    return datetime.now(UTC)


class ProjectEntry(BaseModel):
    """One session the app opened: on which backend, for which folder, and when."""

    session_id: str
    backend: str = Field(description="the backend's key (Backend.key)")
    folder: str
    created_at: datetime = Field(default_factory=_now)
    opened_at: datetime = Field(default_factory=_now)


class ProjectSummary(BaseModel):
    """What the project list shows of one project, read from its state."""

    entry: ProjectEntry
    title: str | None = None
    photo_names: list[str] = Field(default_factory=list)
    """The video track's file names, in order: the name of a project with no title."""
    uploaded_names: list[str] = Field(default_factory=list)
    """The files uploaded, in order: the name of one with no title and no timeline yet."""
    duration_ms: int = 0
    photos: int = 0
    media: int = 0
    version: int = 0
    missing: bool = False
    """The backend no longer has the session (its data was deleted)."""

    @property
    def empty(self) -> bool:
        return self.duration_ms <= 0 and self.media == 0

    @property
    def name(self) -> str:
        """What a person recognises it by: its title; without one, its first photos (of
        the timeline, else of the uploads); with neither, "untitled".

        Never "project 3": a session id tells nobody which project it is. An empty
        project has nothing of its own to be named after, so it is "untitled", and
        the project list tells such projects apart by when each was created
        ("no photos yet · created today 14:05", see `tui/screens/projects.py`).
        """
        if self.title:
            return self.title
        names = self.photo_names or self.uploaded_names
        if names:
            more = len(names) - 2
            return ", ".join(names[:2]) + (f" +{more} more" if more > 0 else "")
        return UNTITLED


def summarize_state(entry: ProjectEntry, state: StateAnswer) -> ProjectSummary:
    """The list's line of one project from its state: title, length, how many photos."""
    draft = state.state.timeline
    videos = [t for t in draft.tracks if isinstance(t, VideoTrack)] if draft else []
    names = [s.meta.name for t in videos for s in t.segments if s.meta.name]
    photos = sum(len(t.segments) for t in videos)
    title = draft.meta.title if draft is not None else None
    return ProjectSummary(
        entry=entry,
        title=title if title and title.lower() != "untitled" else None,
        photo_names=names,
        uploaded_names=[row.name for row in state.state.video_infos],
        duration_ms=draft.duration_ms if draft is not None and draft.has_segments else 0,
        photos=photos,
        media=len(state.state.video_infos),
        version=state.version or 0,
    )


class ProjectBook:
    """The remembered projects in one config dir. Safe for two apps at once (flock)."""

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / PROJECTS_FILE

    @contextmanager
    def _locked(self) -> Iterator[list[ProjectEntry]]:
        with locked_beside(self.path):
            entries = self._read()
            yield entries
            rows = [e.model_dump(mode="json") for e in entries]
            write_private(self.path, json.dumps({"projects": rows}, indent=2))

    def _read(self) -> list[ProjectEntry]:
        out = []
        for raw in read_json(self.path).get("projects") or []:
            try:
                out.append(ProjectEntry.model_validate(raw))
            except ValidationError:
                continue  # a damaged line loses one entry of the list, never a session
        return out

    def listing(self, backend: str) -> list[ProjectEntry]:
        """`backend`'s projects, the most recently opened first."""
        entries = [e for e in self._read() if e.backend == backend]
        return sorted(entries, key=lambda e: e.opened_at, reverse=True)

    def last_for(self, backend: str, folder: Path) -> ProjectEntry | None:
        """The project last opened in `folder` on `backend`, if any."""
        return next((e for e in self.listing(backend) if e.folder == str(folder)), None)

    def opened(self, backend: str, folder: Path, session_id: str) -> ProjectEntry:
        """Note that `session_id` is open now in `folder` (added if new)."""
        with self._locked() as entries:
            found = next(
                (e for e in entries if e.backend == backend and e.session_id == session_id), None
            )
            if found is None:
                found = ProjectEntry(session_id=session_id, backend=backend, folder=str(folder))
                entries.append(found)
            else:
                found.opened_at = _now()
                found.folder = str(folder)
            mine = sorted(
                (e for e in entries if e.backend == backend),
                key=lambda e: e.opened_at,
                reverse=True,
            )
            for old in mine[KEEP_PER_BACKEND:]:
                entries.remove(old)
            return found.model_copy()

    def forget(self, backend: str, session_id: str) -> None:
        with self._locked() as entries:
            entries[:] = [
                e for e in entries if not (e.backend == backend and e.session_id == session_id)
            ]
