"""The SQLite database: connection settings and the versioned schema.

WAL mode lets state reads go on while a render worker writes its progress. The
schema version is SQLite's `user_version`; each entry of `MIGRATIONS` moves the
database one version up, inside one transaction, so an old data directory is
upgraded in place when a newer photoreel opens it and a newer one is refused by
an older photoreel instead of being misread.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from photoreel.server.tokens import client_hash

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE users (
        id          TEXT PRIMARY KEY,            -- anon_<hex>, one per client id
        client_id   TEXT NOT NULL UNIQUE,
        created_at  REAL NOT NULL
    );
    CREATE TABLE tokens (
        token_hash  TEXT PRIMARY KEY,            -- sha256 of the bearer token, never the token
        user_id     TEXT NOT NULL REFERENCES users(id),
        issued_at   REAL NOT NULL,
        expires_at  REAL NOT NULL
    );
    CREATE INDEX tokens_by_user ON tokens(user_id, issued_at);

    -- Credits are a ledger: balance = sum of deltas. A render freezes its cost
    -- (available -c, frozen +c), then consumes (frozen -c) or releases it.
    CREATE TABLE credit_ledger (
        id               INTEGER PRIMARY KEY,
        user_id          TEXT NOT NULL REFERENCES users(id),
        available_delta  INTEGER NOT NULL,
        frozen_delta     INTEGER NOT NULL,
        reason           TEXT NOT NULL,
        ref              TEXT,
        created_at       REAL NOT NULL
    );
    CREATE INDEX credit_ledger_by_user ON credit_ledger(user_id);

    CREATE TABLE sessions (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- the numeric session_id
        task_id          TEXT NOT NULL UNIQUE,
        user_id          TEXT NOT NULL REFERENCES users(id),
        task_name        TEXT NOT NULL,
        language         TEXT NOT NULL,
        current_version  INTEGER NOT NULL DEFAULT 0,  -- 0: no draft yet
        last_version     INTEGER NOT NULL DEFAULT 0,  -- highest number ever given out
        created_at       REAL NOT NULL,
        updated_at       REAL NOT NULL
    );
    CREATE INDEX sessions_by_user ON sessions(user_id);

    -- Draft history: undo moves current_version to the version before it, redo to
    -- the one after. An edit made after an undo drops the versions after the
    -- current one; numbers are never reused, so one number always means one draft.
    CREATE TABLE draft_versions (
        session_id  INTEGER NOT NULL REFERENCES sessions(id),
        version     INTEGER NOT NULL,
        draft       TEXT NOT NULL,
        origin      TEXT NOT NULL,
        created_at  REAL NOT NULL,
        PRIMARY KEY (session_id, version)
    );

    -- Stored files, content-addressed: one row (and one file) per distinct content.
    CREATE TABLE blobs (
        hash        TEXT PRIMARY KEY,            -- sha256 hex of the bytes
        path        TEXT NOT NULL,               -- relative to the data directory
        size        INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        format      TEXT NOT NULL,
        width       INTEGER,
        height      INTEGER,
        duration    REAL,
        fps         REAL,
        frames      INTEGER NOT NULL DEFAULT 1,
        has_audio   INTEGER NOT NULL DEFAULT 0,
        created_at  REAL NOT NULL
    );
    -- A file as uploaded into one session (the same blob may be in many sessions).
    CREATE TABLE media (
        id          TEXT PRIMARY KEY,            -- m_<hex>: the draft's `src`
        session_id  INTEGER NOT NULL REFERENCES sessions(id),
        hash        TEXT NOT NULL REFERENCES blobs(hash),
        filename    TEXT NOT NULL,
        source_url  TEXT,
        created_at  REAL NOT NULL,
        UNIQUE (session_id, hash)
    );

    -- Render jobs. Ids are chosen by clients (render_<ms>), so they are scoped to
    -- the user. A restart finds pending/processing rows and runs them again.
    CREATE TABLE renders (
        user_id       TEXT NOT NULL REFERENCES users(id),
        id            TEXT NOT NULL,
        session_id    INTEGER NOT NULL REFERENCES sessions(id),
        draft         TEXT NOT NULL,
        format        TEXT NOT NULL,
        quality       TEXT NOT NULL,
        status        TEXT NOT NULL,
        progress      REAL NOT NULL DEFAULT 0,
        error         TEXT,
        output_path   TEXT,
        size          INTEGER,
        duration      REAL,
        cost          INTEGER NOT NULL DEFAULT 0,
        attempts      INTEGER NOT NULL DEFAULT 0,
        created_at    REAL NOT NULL,
        started_at    REAL,
        completed_at  REAL,
        PRIMARY KEY (user_id, id)
    );
    CREATE INDEX renders_by_status ON renders(status, created_at);
    CREATE INDEX renders_by_session ON renders(session_id, created_at);
    """,
    # 2: what analysis found in a stored file (photoreel.protocol.analysis, as JSON);
    # NULL until analysed, or when the file could not be analysed.
    """
    ALTER TABLE blobs ADD COLUMN analysis TEXT;
    """,
    # 3: client ids are kept only as hashes (tokens.client_hash), like tokens.
    """
    ALTER TABLE users RENAME COLUMN client_id TO client_hash;
    UPDATE users SET client_hash = photoreel_client_hash(client_hash);
    """,
    # 4: the ffmpeg processes the server started, so that a restart after a kill can
    # end the ones still running (server/processes.py).
    """
    CREATE TABLE processes (
        pid         INTEGER PRIMARY KEY,
        started     REAL NOT NULL,               -- the process's start time (epoch seconds)
        boot_id     TEXT NOT NULL,               -- the machine's boot it ran in
        created_at  REAL NOT NULL
    );
    """,
    # 5: credits are granted out of a server-wide budget (server/credits.py): the sum of
    # all grants is read on every new user's first balance.
    """
    CREATE INDEX credit_grants ON credit_ledger(reason, user_id) WHERE reason = 'grant';
    """,
    # 6: what the agent remembers of a session's conversation (photoreel.agent.memory,
    # as JSON), so "put it back" or "that one" still work after a restart.
    """
    ALTER TABLE sessions ADD COLUMN agent_memory TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The data directory was written by a newer photoreel."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create or upgrade) the database at `path`.

    One connection is shared by the event loop and the render threads behind the
    store's lock, so `check_same_thread` is off; statements run in autocommit
    mode and multi-statement changes use explicit `BEGIN IMMEDIATE` transactions.
    """
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.create_function("photoreel_client_hash", 1, client_hash, deterministic=True)
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the database has not seen; returns the version it is at."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the database is at schema version {version}, but this photoreel knows only "
            f"up to {SCHEMA_VERSION}; upgrade photoreel or use another --data directory"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[number - 1]
        # executescript commits first; BEGIN inside keeps each migration atomic.
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
