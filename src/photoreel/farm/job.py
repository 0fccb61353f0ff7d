"""One render on the cluster: chunk tasks submitted, followed, fetched and joined.

The heavy half of the server's side of the farm (it uses the engine), loaded the
first time a render runs, like the engine itself (see server/warmup.py); the
connection to the cluster is in cluster.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from photoreel.engine import RenderResult
from photoreel.engine.chunks import chunk_media, join_chunks, plan_chunks
from photoreel.engine.errors import RenderCancelled, RenderError
from photoreel.engine.graph import Timing
from photoreel.engine.loudness import start_measuring
from photoreel.engine.presets import OutputFormat, Quality, gif_size
from photoreel.engine.windows import scaled_draft
from photoreel.farm.cluster import ClusterRenderer, reason
from photoreel.farm.errors import ClusterUnavailable
from photoreel.farm.media import MediaRef
from photoreel.farm.tasks import ChunkTask, make_chunk
from photoreel.protocol.draft import Draft

#: How often the render thread looks at its tasks and its cancel event.
POLL_SECONDS = 0.1
#: Of the render's progress, the share of making the chunks (the rest is joining them).
CHUNKS_SHARE = 0.97
#: Seconds to fetch a finished chunk from its worker before the cluster counts as gone.
FETCH_SECONDS = 120.0
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def render_on(
    farm: ClusterRenderer,
    draft: Draft,
    media: Mapping[str, Path],
    output: Path,
    on_progress: Callable[[float], None] | None,
    cancel: threading.Event | None,
    fmt: OutputFormat,
    quality: Quality,
    temp_dir: Path | None,
) -> RenderResult:
    """Render `draft` to `output` on `farm`'s cluster (see ClusterRenderer.render)."""
    if farm.server_url is None:
        raise ClusterUnavailable("the server does not know the address workers reach it at")
    if cancel is not None and cancel.is_set():
        raise RenderCancelled()
    if fmt == "gif":  # as the engine does: plan a GIF at its own small size
        draft = scaled_draft(draft, gif_size(draft.meta.width, draft.meta.height, quality)[0])
    client = farm.connect(cancel)
    refs = {src: _ref(farm.data_dir, src, path) for src, path in media.items()}
    key = farm.credentials.issue({ref.sha256: media[src] for src, ref in refs.items()})
    part = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with tempfile.TemporaryDirectory(prefix="photoreel-farm-", dir=temp_dir) as work:
            job = _Job(farm, client, draft, media, refs, key, fmt, quality, Path(work),
                       on_progress, cancel)  # fmt: skip
            job.run(part)
            os.replace(part, output)
    finally:
        farm.credentials.revoke(key)
        part.unlink(missing_ok=True)
    total = Timing(draft.meta.fps).frame(draft.duration_ms)
    width, height = (
        gif_size(draft.meta.width, draft.meta.height, quality)
        if fmt == "gif"
        else (draft.meta.width, draft.meta.height)
    )
    return RenderResult(
        path=output,
        duration=total / draft.meta.fps,
        size=output.stat().st_size,
        width=width,
        height=height,
        format=fmt,
    )


def _ref(data_dir: Path, src: str, path: Path) -> MediaRef:
    """How a worker finds `path`: its content hash and its place in the data folder."""
    try:
        relative = path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        relative = path.name
    digest = path.stem if _SHA256.match(path.stem) else _sha256(path)
    return MediaRef(sha256=digest, path=relative, size=path.stat().st_size, name=src)


class _Job:
    """One render's chunks on the cluster: submitted, followed, fetched, joined."""

    def __init__(
        self,
        farm: ClusterRenderer,
        client: Any,
        draft: Draft,
        media: Mapping[str, Path],
        refs: dict[str, MediaRef],
        key: str,
        fmt: OutputFormat,
        quality: Quality,
        workdir: Path,
        on_progress: Callable[[float], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        self.farm = farm
        self.client = client
        self.draft = draft
        self.media = media
        self.fmt = fmt
        self.quality = quality
        self.workdir = workdir
        self.on_progress = on_progress
        self.cancel = cancel
        self.run_id = uuid.uuid4().hex[:12]
        windows = plan_chunks(draft, fmt, farm.chunk_seconds)
        assert farm.server_url is not None
        self.tasks = [
            ChunkTask(
                run=self.run_id,
                index=i,
                count=len(windows),
                draft=draft,
                window=None if fmt == "gif" else window,
                fmt=fmt,
                quality=quality,
                media={src: refs[src] for src in chunk_media(draft, window) if src in refs},
                server=farm.server_url,
                key=key,
            )
            for i, window in enumerate(windows)
        ]
        self.weights = [end - first for first, end in windows]
        self.done = [0.0] * len(windows)

    def run(self, part: Path) -> None:
        loudness = (
            start_measuring(self.draft, self.media, self.workdir) if self.fmt != "gif" else None
        )
        self.farm.follow(self.run_id, self._chunk_progress)
        try:
            chunks = self._make_chunks()
        finally:
            self.farm.unfollow(self.run_id)
        if self.fmt == "gif":
            os.replace(chunks[0], part)
            self._report(1.0)
            return
        level = loudness.result() if loudness is not None else None
        join_chunks(self.draft, self.media, chunks, part, fmt=self.fmt, quality=self.quality,
                    workdir=self.workdir, loudness=level, cancel=self.cancel,
                    on_progress=lambda f: self._report(CHUNKS_SHARE + (1 - CHUNKS_SHARE) * f),
                    )  # fmt: skip

    def _make_chunks(self) -> list[Path]:
        futures = {
            self.client.submit(
                make_chunk, task, key=f"photoreel-chunk-{self.run_id}-{task.index:04d}",
                pure=False,
            ): task
            for task in self.tasks
        }  # fmt: skip
        pending = dict(futures)
        paths: dict[int, Path] = {}
        try:
            while pending:
                if self.cancel is not None and self.cancel.wait(POLL_SECONDS):
                    raise RenderCancelled()
                if self.cancel is None:
                    time.sleep(POLL_SECONDS)
                for future, task in list(pending.items()):
                    if future.status in ("pending", "lost"):
                        continue  # "lost": its worker died; the scheduler makes it again
                    del pending[future]
                    paths[task.index] = self._collect(future, task)
                if self.client.status != "running" and pending:
                    raise self._gone()
                self._report_chunks()
        finally:
            # Released, the tasks are wanted by nobody: the scheduler drops those waiting
            # and the workers stop those running. (Not `client.cancel`: it waits for an
            # answer, for `--cluster-timeout` when the scheduler is gone.)
            for future in pending:
                with contextlib.suppress(Exception):
                    future.release()
        return [paths[i] for i in range(len(self.tasks))]

    def _collect(self, future: Any, task: ChunkTask) -> Path:
        """A task that ended: its chunk written to the job folder, or the reason it failed."""
        if future.status == "cancelled":
            raise self._gone()
        if future.status == "error":
            raise _task_failure(future.exception(), task)
        try:
            data = future.result(timeout=FETCH_SECONDS)
        except RenderError:
            raise
        except Exception as exc:
            raise self._gone(exc) from None
        path = self.workdir / f"chunk{task.index:04d}.{'mkv' if task.window else self.fmt}"
        path.write_bytes(data)
        future.release()
        self.done[task.index] = 1.0
        return path

    def _gone(self, exc: BaseException | None = None) -> ClusterUnavailable:
        why = f" ({reason(exc)})" if exc is not None else ""
        return ClusterUnavailable(
            f"the render cluster at {self.farm.address} stopped answering during the render{why}"
        )

    def _chunk_progress(self, index: int, fraction: float) -> None:
        if 0 <= index < len(self.done) and self.done[index] < 1.0:
            self.done[index] = min(max(fraction, self.done[index]), 0.999)

    def _report_chunks(self) -> None:
        made = sum(w * d for w, d in zip(self.weights, self.done, strict=True))
        self._report(CHUNKS_SHARE * made / max(sum(self.weights), 1))

    def _report(self, fraction: float) -> None:
        if self.on_progress is not None:
            self.on_progress(fraction)


def _task_failure(exc: BaseException | None, task: ChunkTask) -> RenderError:
    """What a failed task says, as the render's error."""
    if isinstance(exc, RenderError):
        return exc
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return RenderError(
            f"{task.describe()}: the workers making it died each time; it was not tried "
            "again (a worker short of memory, or stopped while rendering)"
        )
    return RenderError(f"{task.describe()} failed on the cluster: {reason(exc)}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
