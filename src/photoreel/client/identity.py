"""The client's identity on disk: its client id and the tokens it was given.

Both live in the config dir with file mode 0600, because a token is a key to
the person's sessions and credits: it is written only there, never printed or
logged (`CachedToken.token` is a `SecretStr`, so even a repr hides it).

* `client_id` is a UUID made once and kept (`NEMO_CLIENT_ID` overrides it).
  The hosted service gives one anonymous token per client id per 7 days, so
  losing this file costs the person their credits.
* `tokens.json` maps a backend's key to its token and expiry. A cached token
  is reused until a minute before it expires.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

CLIENT_ID_FILE = "client_id"
TOKENS_FILE = "tokens.json"
EXPIRY_MARGIN = timedelta(minutes=1)


class CachedToken(BaseModel):
    token: SecretStr
    user_id: str = ""
    expires_at: datetime | None = None

    @property
    def anonymous(self) -> bool:
        return self.user_id.startswith("anon_") or not self.user_id

    def expired(self, now: datetime | None = None) -> bool:
        if self.expires_at is None:
            return False
        expires = self.expires_at
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        return (now or datetime.now(UTC)) >= expires - EXPIRY_MARGIN


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` with mode 0600, atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    path.chmod(0o600)


@contextmanager
def locked_beside(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `.<name>.lock` next to `path` for the block: two
    processes (two apps, an app and `make`) that read, change and write `path` take
    turns instead of losing each other's change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from `path`; an unreadable or damaged file reads as empty."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class IdentityStore:
    """Client id and token cache in one config directory."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir

    def client_id(self) -> str:
        """The client id: NEMO_CLIENT_ID, else the kept one, else a new one (kept from now on)."""
        if env := os.environ.get("NEMO_CLIENT_ID", "").strip():
            return env
        path = self.config_dir / CLIENT_ID_FILE
        try:
            kept = path.read_text(encoding="utf-8").strip()
            if kept:
                return kept
        except OSError:
            pass
        self.config_dir.mkdir(parents=True, exist_ok=True)
        new = str(uuid.uuid4())
        try:
            # O_EXCL: when two runs start at once, the first one's id wins for both.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip() or new
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(new + "\n")
        return new

    def new_client_id(self) -> str:
        """Replace the kept client id (only when a backend says it has none, HTTP 400)."""
        new = str(uuid.uuid4())
        write_private(self.config_dir / CLIENT_ID_FILE, new + "\n")
        return new

    # -- tokens ----------------------------------------------------------------

    def _tokens(self) -> dict[str, Any]:
        return read_json(self.config_dir / TOKENS_FILE)

    def load_token(self, backend_key: str) -> CachedToken | None:
        """The cached token for a backend, or None if there is none or it has expired."""
        raw = self._tokens().get(backend_key)
        if not isinstance(raw, dict):
            return None
        try:
            cached = CachedToken.model_validate(raw)
        except ValidationError:
            return None
        return None if cached.expired() else cached

    def save_token(self, backend_key: str, cached: CachedToken) -> None:
        tokens = self._tokens()
        tokens[backend_key] = {
            "token": cached.token.get_secret_value(),
            "user_id": cached.user_id,
            "expires_at": cached.expires_at.isoformat() if cached.expires_at else None,
        }
        write_private(self.config_dir / TOKENS_FILE, json.dumps(tokens, indent=2))

    def forget_token(self, backend_key: str) -> None:
        tokens = self._tokens()
        if tokens.pop(backend_key, None) is not None:
            write_private(self.config_dir / TOKENS_FILE, json.dumps(tokens, indent=2))
