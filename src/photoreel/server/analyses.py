"""Analysis at upload: each stored photo and song is analysed once, in a worker thread.

The upload waits for its files' analyses (a 12 MP photo takes well under 300 ms;
a song under a second a minute), so the agent's next turn always has them,
but the event loop never does the work: `photoreel.analysis` runs in a thread,
at most `PARALLEL` at a time for the whole server, so a large upload does not
starve renders. A file that cannot be analysed is still stored; it simply has
no analysis (and is framed, cut and sorted as before).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from photoreel.protocol.analysis import Analysis, MediaAnalysis
from photoreel.server.store import BlobRow, MediaRow, Store

log = logging.getLogger("photoreel.server")

PARALLEL = 1  # analyses at a time: ffmpeg renders and the event loop keep the other core
_slots: asyncio.Semaphore | None = None
_reader: TypeAdapter[Analysis] = TypeAdapter(Analysis)


def _analyse(path: Path, kind: str) -> Analysis | None:
    from photoreel.analysis import AnalysisError, analyse_photo, analyse_song

    try:
        if kind == "image":
            return analyse_photo(path)
        if kind == "audio":
            return analyse_song(path)
    except AnalysisError as exc:
        log.info("no analysis of %s: %s", path.name, exc.message)
    except Exception:  # a bug in analysis must not cost a person their upload
        log.exception("analysis of %s failed", path.name)
    return None


async def analyse_blob(store: Store, blob: BlobRow) -> None:
    """Analyse a stored file once (photos and audio; clips are not analysed)."""
    global _slots
    if blob.analysis is not None or blob.kind not in ("image", "audio"):
        return
    if _slots is None:
        _slots = asyncio.Semaphore(PARALLEL)
    async with _slots:
        found = await asyncio.to_thread(_analyse, store.data_dir / blob.path, blob.kind)
    if found is not None:
        store.set_analysis(blob.hash, found.model_dump_json())


def analysis_of(media: MediaRow) -> Analysis | None:
    """The stored analysis of a media row, or None (not analysed, or unreadable)."""
    if not media.analysis:
        return None
    try:
        return _reader.validate_json(media.analysis)
    except ValidationError:
        return None


def session_analyses(store: Store, session_id: int) -> list[MediaAnalysis]:
    """State `video_analyses`: one row per analysed file of the session, in upload order."""
    rows = []
    for media in store.session_media(session_id):
        found = analysis_of(media)
        if found is not None:
            rows.append(MediaAnalysis(media_id=media.id, filename=media.filename, analysis=found))
    return rows


def upload_findings(store: Store, session_id: int, language: str = "en") -> str:
    """What curation notices in the session's photos after an upload ("" when nothing):
    near-duplicates and blurred shots, with what to say to drop them, in `language`
    (Chinese for "zh…", else English)."""
    # loaded after start-up: see warmup.py
    from photoreel.agent.edits.curation import findings

    media = store.session_media(session_id)
    found = {m.id: a for m in media if (a := analysis_of(m)) is not None}
    return findings(found, [m.id for m in media], language)
