"""The store: every row the backend keeps, behind one small API.

Routes and workers never write SQL; they call these methods. One connection is
shared under a lock (SQLite serialises writers anyway, and each call is well
under a millisecond), so the event loop may call in directly and render threads
may report progress without a second connection.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from photoreel.protocol.media import MediaInfo
from photoreel.server import db
from photoreel.server.tokens import client_hash

DB_NAME = "photoreel.db"


# -- rows ------------------------------------------------------------------------


class UserRow(BaseModel):
    id: str
    client_hash: str
    created_at: float


class TokenRow(BaseModel):
    token_hash: str
    user_id: str
    issued_at: float
    expires_at: float


class SessionRow(BaseModel):
    id: int
    task_id: str
    user_id: str
    task_name: str
    language: str
    current_version: int
    last_version: int
    created_at: float
    updated_at: float
    agent_memory: str | None = None


class BlobRow(BaseModel):
    hash: str
    path: str
    size: int
    kind: str
    format: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    fps: float | None = None
    frames: int = 1
    has_audio: bool = False
    analysis: str | None = None  # JSON of a protocol.analysis model; None until analysed


class MediaRow(BlobRow):
    """A file of a session: the upload's name joined with its stored blob."""

    id: str
    session_id: int
    filename: str
    source_url: str | None = None
    created_at: float


class RenderRow(BaseModel):
    user_id: str
    id: str
    session_id: int
    draft: str
    format: str
    quality: str
    status: str
    progress: float
    error: str | None = None
    output_path: str | None = None
    size: int | None = None
    duration: float | None = None
    cost: int = 0
    attempts: int = 0
    created_at: float
    started_at: float | None = None
    completed_at: float | None = None


class Balance(BaseModel):
    available: int
    frozen: int
    granted: bool


class DuplicateRender(Exception):
    """A render id this user already used."""

    def __init__(self, existing: RenderRow) -> None:
        super().__init__(existing.id)
        self.existing = existing


_MEDIA_SELECT = """
    SELECT m.id, m.session_id, m.filename, m.source_url, m.created_at,
           b.hash, b.path, b.size, b.kind, b.format, b.width, b.height,
           b.duration, b.fps, b.frames, b.has_audio, b.analysis
    FROM media m JOIN blobs b ON b.hash = m.hash
"""


class Store:
    """The SQLite database and the directories of one data dir."""

    def __init__(self, data_dir: Path, temp_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.media_dir = data_dir / "media"
        self.renders_dir = data_dir / "renders"
        self.incoming_dir = data_dir / "incoming"
        #: Renders' and storyboards' temporary files: never the system's shared /tmp.
        self.temp_dir = temp_dir or data_dir / "tmp"
        for path in (
            self.data_dir,
            self.media_dir,
            self.renders_dir,
            self.incoming_dir,
            self.temp_dir,
        ):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.RLock()
        self._conn = db.connect(data_dir / DB_NAME)
        for suffix in ("", "-wal", "-shm"):  # the database is the users' data: 0600
            path = data_dir / (DB_NAME + suffix)
            if path.exists() and path.stat().st_mode & 0o777 != 0o600:
                path.chmod(0o600)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- plumbing ----------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it or none of it."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, args).fetchone()
            return row

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, args).fetchall())

    def _exec(self, sql: str, *args: Any) -> int:
        with self._lock:
            return self._conn.execute(sql, args).rowcount

    # -- users and tokens ----------------------------------------------------------

    def user_for_client(self, client_id: str) -> UserRow:
        """The anonymous user of a client id, created on first sight (kept as a hash)."""
        hashed = client_hash(client_id)
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM users WHERE client_hash = ?", (hashed,)).fetchone()
            if row is None:
                user_id = "anon_" + secrets.token_hex(8)
                conn.execute(
                    "INSERT INTO users (id, client_hash, created_at) VALUES (?, ?, ?)",
                    (user_id, hashed, time.time()),
                )
                row = conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return UserRow(**dict(row))

    def newest_token(self, user_id: str) -> TokenRow | None:
        row = self._one(
            "SELECT * FROM tokens WHERE user_id = ? ORDER BY issued_at DESC LIMIT 1", user_id
        )
        return TokenRow(**dict(row)) if row else None

    def add_token(self, token_hash: str, user_id: str, issued_at: float, expires_at: float) -> None:
        self._exec(
            "INSERT INTO tokens (token_hash, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
            token_hash,
            user_id,
            issued_at,
            expires_at,
        )

    def token(self, token_hash: str) -> TokenRow | None:
        row = self._one("SELECT * FROM tokens WHERE token_hash = ?", token_hash)
        return TokenRow(**dict(row)) if row else None

    # -- credits -----------------------------------------------------------------

    def balance(self, user_id: str) -> Balance:
        row = self._one(
            """SELECT COALESCE(SUM(available_delta), 0) AS available,
                      COALESCE(SUM(frozen_delta), 0) AS frozen,
                      COALESCE(MAX(reason = 'grant'), 0) AS granted
               FROM credit_ledger WHERE user_id = ?""",
            user_id,
        )
        assert row is not None
        return Balance(
            available=row["available"], frozen=row["frozen"], granted=bool(row["granted"])
        )

    def ledger(
        self,
        user_id: str,
        available_delta: int,
        frozen_delta: int,
        reason: str,
        ref: str | None = None,
        *,
        require_available: int | None = None,
        conn: sqlite3.Connection | None = None,
    ) -> bool:
        """Add one ledger entry; with `require_available`, only if that much is available.

        Pass `conn` to make the entry part of a larger transaction (a draft save).
        """
        if conn is None:
            with self._tx() as tx:
                return self.ledger(
                    user_id,
                    available_delta,
                    frozen_delta,
                    reason,
                    ref,
                    require_available=require_available,
                    conn=tx,
                )
        if require_available is not None:
            have = conn.execute(
                "SELECT COALESCE(SUM(available_delta), 0) FROM credit_ledger WHERE user_id = ?",
                (user_id,),
            ).fetchone()[0]
            if have < require_available:
                return False
        conn.execute(
            """INSERT INTO credit_ledger
               (user_id, available_delta, frozen_delta, reason, ref, created_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (user_id, available_delta, frozen_delta, reason, ref, time.time()),
        )
        return True

    def grant_share(self, user_id: str, share: int, budget: int) -> None:
        """Bring a user's credits granted up to `share`, out of what `budget` has left.

        Grants are rows of the ledger, so all users together are never granted more
        than the budget, however many client ids ask: a share not granted because the
        budget ran out is granted later if the budget grows.
        """
        with self._tx() as conn:
            mine = conn.execute(
                "SELECT COALESCE(SUM(available_delta), 0) FROM credit_ledger "
                "WHERE user_id = ? AND reason = 'grant'",
                (user_id,),
            ).fetchone()[0]
            if mine >= share:
                return
            everyone = conn.execute(
                "SELECT COALESCE(SUM(available_delta), 0) FROM credit_ledger WHERE reason = 'grant'"
            ).fetchone()[0]
            more = min(share - mine, budget - everyone)
            if more > 0:
                self.ledger(user_id, more, 0, "grant", conn=conn)

    # -- sessions and drafts -------------------------------------------------------

    def create_session(self, user_id: str, task_name: str, language: str) -> SessionRow:
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                """INSERT INTO sessions (task_id, user_id, task_name, language, created_at,
                                         updated_at) VALUES (?, ?, ?, ?, ?, ?)""",
                ("task_" + secrets.token_hex(8), user_id, task_name, language, now, now),
            )
            row = conn.execute("SELECT * FROM sessions WHERE id = ?", (cur.lastrowid,)).fetchone()
        return SessionRow(**dict(row))

    def session(self, session_id: int, user_id: str) -> SessionRow | None:
        """The session if this user owns it; None for an unknown or foreign id alike."""
        row = self._one("SELECT * FROM sessions WHERE id = ? AND user_id = ?", session_id, user_id)
        return SessionRow(**dict(row)) if row else None

    def draft(self, session_id: int, version: int) -> dict[str, Any] | None:
        if version <= 0:
            return None
        row = self._one(
            "SELECT draft FROM draft_versions WHERE session_id = ? AND version = ?",
            session_id,
            version,
        )
        return json.loads(row["draft"]) if row else None

    def history_neighbours(self, session_id: int, version: int) -> tuple[int | None, int | None]:
        """The versions one undo step back and one redo step forward from `version`."""
        row = self._one(
            """SELECT (SELECT MAX(version) FROM draft_versions
                        WHERE session_id = ?1 AND version < ?2) AS prev,
                      (SELECT MIN(version) FROM draft_versions
                        WHERE session_id = ?1 AND version > ?2) AS next""",
            session_id,
            version,
        )
        assert row is not None
        return row["prev"], row["next"]

    def history(self, session_id: int, version: int, depth: int) -> tuple[list[int], list[int]]:
        """Up to `depth` versions before `version` (nearest first) and after it."""
        back = self._all(
            """SELECT version FROM draft_versions WHERE session_id = ? AND version < ?
               ORDER BY version DESC LIMIT ?""",
            session_id,
            version,
            depth,
        )
        forward = self._all(
            """SELECT version FROM draft_versions WHERE session_id = ? AND version > ?
               ORDER BY version LIMIT ?""",
            session_id,
            version,
            depth,
        )
        return [r["version"] for r in back], [r["version"] for r in forward]

    def set_agent_memory(self, session_id: int, memory: str) -> None:
        """Keep what the agent remembers of this session's conversation (JSON)."""
        self._exec("UPDATE sessions SET agent_memory = ? WHERE id = ?", memory, session_id)

    def save_draft(
        self,
        session_id: int,
        expected_version: int,
        draft: dict[str, Any] | None,
        origin: str,
        *,
        move_to: int | None = None,
        charge: tuple[str, int] | None = None,
    ) -> int | None:
        """Make a new current version (or move to `move_to`) if the session is still at
        `expected_version`. With `charge=(user_id, n)` also spend n credits, all or none.

        Returns the new current version, or None if credits ran out (nothing changed).
        Raises `VersionConflict` when another turn changed the session in between.
        """
        with self._tx() as conn:
            current = conn.execute(
                "SELECT current_version, last_version FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if current["current_version"] != expected_version:
                raise VersionConflict(current["current_version"])
            if charge is not None:
                user_id, cost = charge
                ok = self.ledger(
                    user_id, -cost, 0, "turn", str(session_id), require_available=cost, conn=conn
                )
                if not ok:
                    return None
            if move_to is not None:
                version = move_to
            else:
                assert draft is not None
                version = current["last_version"] + 1
                conn.execute(
                    "DELETE FROM draft_versions WHERE session_id = ? AND version > ?",
                    (session_id, expected_version),
                )
                conn.execute(
                    """INSERT INTO draft_versions (session_id, version, draft, origin, created_at)
                       VALUES (?, ?, ?, ?, ?)""",
                    (session_id, version, json.dumps(draft), origin, time.time()),
                )
                conn.execute(
                    "UPDATE sessions SET last_version = ? WHERE id = ?", (version, session_id)
                )
            conn.execute(
                "UPDATE sessions SET current_version = ?, updated_at = ? WHERE id = ?",
                (version, time.time(), session_id),
            )
        return version

    # -- media -------------------------------------------------------------------

    def blob(self, hash_: str) -> BlobRow | None:
        row = self._one("SELECT * FROM blobs WHERE hash = ?", hash_)
        return BlobRow(**dict(row)) if row else None

    def add_blob(self, hash_: str, path: str, size: int, info: MediaInfo) -> BlobRow:
        self._exec(
            """INSERT OR IGNORE INTO blobs (hash, path, size, kind, format, width, height,
                                            duration, fps, frames, has_audio, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            hash_,
            path,
            size,
            info.kind,
            info.format,
            info.width,
            info.height,
            info.duration,
            info.fps,
            info.frames,
            int(info.has_audio),
            time.time(),
        )
        blob = self.blob(hash_)
        assert blob is not None
        return blob

    def set_analysis(self, hash_: str, analysis: str) -> None:
        """Keep what analysis found in a stored file (JSON), once per content."""
        self._exec("UPDATE blobs SET analysis = ? WHERE hash = ?", analysis, hash_)

    def add_media(
        self, session_id: int, hash_: str, filename: str, source_url: str | None = None
    ) -> MediaRow:
        """A blob joins a session; the same content twice in one session is one media row."""
        with self._tx() as conn:
            conn.execute(
                """INSERT OR IGNORE INTO media (id, session_id, hash, filename, source_url,
                                                created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                ("m_" + secrets.token_hex(8), session_id, hash_, filename, source_url, time.time()),
            )
            row = conn.execute(
                _MEDIA_SELECT + " WHERE m.session_id = ? AND m.hash = ?", (session_id, hash_)
            ).fetchone()
        return MediaRow(**dict(row))

    def session_media(self, session_id: int) -> list[MediaRow]:
        rows = self._all(
            _MEDIA_SELECT + " WHERE m.session_id = ? ORDER BY m.created_at", session_id
        )
        return [MediaRow(**dict(r)) for r in rows]

    def media_of_user(self, media_id: str, user_id: str) -> MediaRow | None:
        row = self._one(
            _MEDIA_SELECT
            + " JOIN sessions s ON s.id = m.session_id WHERE m.id = ? AND s.user_id = ?",
            media_id,
            user_id,
        )
        return MediaRow(**dict(row)) if row else None

    # -- renders -----------------------------------------------------------------

    def add_render(
        self,
        user_id: str,
        render_id: str,
        session_id: int,
        draft: dict[str, Any],
        fmt: str,
        quality: str,
        cost: int,
    ) -> RenderRow:
        """Queue a render and freeze its cost in one transaction.

        Raises `DuplicateRender` if the id is taken and `NotEnoughCredits` if the
        cost cannot be frozen (`cost` 0 means nothing is frozen).
        """
        with self._tx() as conn:
            existing = conn.execute(
                "SELECT * FROM renders WHERE user_id = ? AND id = ?", (user_id, render_id)
            ).fetchone()
            if existing is not None:
                raise DuplicateRender(RenderRow(**dict(existing)))
            if cost and not self.ledger(
                user_id, -cost, cost, "render_freeze", render_id, require_available=cost, conn=conn
            ):
                raise NotEnoughCredits(cost)
            conn.execute(
                """INSERT INTO renders (user_id, id, session_id, draft, format, quality, status,
                                        progress, cost, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)""",
                (
                    user_id,
                    render_id,
                    session_id,
                    json.dumps(draft),
                    fmt,
                    quality,
                    cost,
                    time.time(),
                ),
            )
            row = conn.execute(
                "SELECT * FROM renders WHERE user_id = ? AND id = ?", (user_id, render_id)
            ).fetchone()
        return RenderRow(**dict(row))

    def render(self, user_id: str, render_id: str) -> RenderRow | None:
        row = self._one("SELECT * FROM renders WHERE user_id = ? AND id = ?", user_id, render_id)
        return RenderRow(**dict(row)) if row else None

    def session_renders(self, session_id: int) -> list[RenderRow]:
        rows = self._all(
            "SELECT * FROM renders WHERE session_id = ? ORDER BY created_at", session_id
        )
        return [RenderRow(**dict(r)) for r in rows]

    def claim_next_render(self) -> RenderRow | None:
        """Take the oldest pending render and mark it processing (one worker gets it)."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT * FROM renders WHERE status = 'pending' ORDER BY created_at LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                """UPDATE renders SET status = 'processing', started_at = ?,
                   attempts = attempts + 1 WHERE user_id = ? AND id = ?""",
                (time.time(), row["user_id"], row["id"]),
            )
            row = conn.execute(
                "SELECT * FROM renders WHERE user_id = ? AND id = ?", (row["user_id"], row["id"])
            ).fetchone()
        return RenderRow(**dict(row))

    def set_render_progress(self, user_id: str, render_id: str, progress: float) -> None:
        self._exec(
            """UPDATE renders SET progress = ?
               WHERE user_id = ? AND id = ? AND status = 'processing'""",
            progress,
            user_id,
            render_id,
        )

    def finish_render(
        self,
        row: RenderRow,
        status: str,
        *,
        error: str | None = None,
        output_path: str | None = None,
        size: int | None = None,
        duration: float | None = None,
    ) -> RenderRow:
        """End a render and settle its frozen credits: consumed on success, else released."""
        with self._tx() as conn:
            current = conn.execute(
                "SELECT status FROM renders WHERE user_id = ? AND id = ?", (row.user_id, row.id)
            ).fetchone()
            if current["status"] in ("pending", "processing"):
                conn.execute(
                    """UPDATE renders SET status = ?, error = ?, output_path = ?, size = ?,
                       duration = ?, completed_at = ?,
                       progress = CASE WHEN ? = 'completed' THEN 100 ELSE progress END
                       WHERE user_id = ? AND id = ?""",
                    (
                        status,
                        error,
                        output_path,
                        size,
                        duration,
                        time.time(),
                        status,
                        row.user_id,
                        row.id,
                    ),
                )
                if row.cost:
                    if status == "completed":
                        self.ledger(row.user_id, 0, -row.cost, "render_consume", row.id, conn=conn)
                    else:
                        self.ledger(
                            row.user_id, row.cost, -row.cost, "render_release", row.id, conn=conn
                        )
            done = conn.execute(
                "SELECT * FROM renders WHERE user_id = ? AND id = ?", (row.user_id, row.id)
            ).fetchone()
        return RenderRow(**dict(done))

    def requeue_render(self, row: RenderRow) -> None:
        self._exec(
            """UPDATE renders SET status = 'pending', progress = 0, started_at = NULL
               WHERE user_id = ? AND id = ?""",
            row.user_id,
            row.id,
        )

    def uncount_attempt(self, row: RenderRow) -> None:
        """A start that ended because the server was stopped on purpose is no failure."""
        self._exec(
            "UPDATE renders SET attempts = MAX(attempts - 1, 0) WHERE user_id = ? AND id = ?",
            row.user_id,
            row.id,
        )

    def unfinished_renders(self) -> list[RenderRow]:
        rows = self._all(
            "SELECT * FROM renders WHERE status IN ('pending', 'processing') ORDER BY created_at"
        )
        return [RenderRow(**dict(r)) for r in rows]

    def count_waiting_renders(self, user_id: str) -> int:
        """A user's renders that are pending or processing."""
        row = self._one(
            "SELECT COUNT(*) AS n FROM renders WHERE user_id = ? AND status IN "
            "('pending', 'processing')",
            user_id,
        )
        return int(row["n"]) if row else 0

    def count_unfinished_renders(self) -> int:
        row = self._one(
            "SELECT COUNT(*) AS n FROM renders WHERE status IN ('pending', 'processing')"
        )
        return int(row["n"]) if row else 0

    # -- processes the server started (server/processes.py) ----------------------------

    def record_process(self, pid: int, started: float, boot_id: str) -> None:
        self._exec(
            "INSERT OR REPLACE INTO processes (pid, started, boot_id, created_at) "
            "VALUES (?, ?, ?, ?)",
            pid,
            started,
            boot_id,
            time.time(),
        )

    def forget_process(self, pid: int) -> None:
        self._exec("DELETE FROM processes WHERE pid = ?", pid)

    def recorded_processes(self) -> list[tuple[int, float, str]]:
        rows = self._all("SELECT pid, started, boot_id FROM processes")
        return [(int(r["pid"]), float(r["started"]), str(r["boot_id"])) for r in rows]


class VersionConflict(Exception):
    """The session's draft changed between reading it and saving a new one."""

    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.current = current


class NotEnoughCredits(Exception):
    def __init__(self, needed: int) -> None:
        super().__init__(needed)
        self.needed = needed
