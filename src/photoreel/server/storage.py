"""Room left for new files: a full disk is a state the server lives in, not a crash.

The server keeps `--min-free-mb` free on the disks of its data and temporary
folders, and (with `--max-data-mb`) keeps its data folder under a size. When
there is no room left it is *full*: it still starts, answers every read
(state, credits, render status, downloads), and refuses what would write
files (uploads, new renders, new storyboards) with 5007, "the server's disk is
full", until room returns; queued renders wait, and a render that runs out of
room mid-way is stopped and queued again. A write that fails anyway (another
program filled the disk first) is answered the same way, and nothing stored is
lost: SQLite rolls the transaction back and half-written files are removed.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from photoreel.server.errors import disk_full
from photoreel.server.settings import ServerSettings

MB = 1024 * 1024
#: How long a measure of the data folder's size is trusted (walking it costs).
USAGE_SECONDS = 2.0


class Storage:
    """The room left in one data folder (and its temporary folder)."""

    def __init__(self, data_dir: Path, temp_dir: Path, settings: ServerSettings) -> None:
        self.data_dir = data_dir
        self.temp_dir = temp_dir
        self.reserve = settings.min_free_mb * MB
        self.cap = settings.max_data_mb * MB if settings.max_data_mb is not None else None
        self._lock = threading.Lock()
        self._usage = 0
        self._measured = -USAGE_SECONDS

    def room(self) -> int:
        """Bytes that may still be written (0 or less: full)."""
        room = min(_free(path) for path in (self.data_dir, self.temp_dir)) - self.reserve
        if self.cap is not None:
            room = min(room, self.cap - self.usage())
        return room

    def full(self) -> bool:
        return self.room() <= 0

    def require(self, needed: int = 0) -> None:
        """Raise 5007 unless `needed` bytes (and a little more) can be written."""
        room = self.room()
        if room <= 0 or room < needed:
            raise disk_full(needed=needed, room=max(room, 0))

    def usage(self) -> int:
        """Bytes the data folder takes (measured at most every `USAGE_SECONDS`)."""
        with self._lock:
            if time.monotonic() - self._measured > USAGE_SECONDS:
                self._usage = tree_size(self.data_dir)
                if not self.temp_dir.is_relative_to(self.data_dir):
                    self._usage += tree_size(self.temp_dir)
                self._measured = time.monotonic()
            return self._usage

    def changed(self) -> None:
        """Files were written or removed: measure again next time."""
        with self._lock:
            self._measured = -USAGE_SECONDS


def _free(path: Path) -> int:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return 0


def tree_size(folder: Path) -> int:
    """Bytes the files under `folder` take on disk (0 when it is gone)."""
    total = 0
    stack = [str(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_blocks * 512
            except OSError:
                continue
    return total
