"""`PhotoreelClient`: one async client of the protocol, for every backend and every UI.

The app and the command line both talk to a backend only through this class;
neither builds a URL or reads JSON itself. The same code serves photoreel's
embedded backend, a `photoreel serve` elsewhere and the hosted service.

Its calls live by job: connection.py (transport, tokens, the protocol's
retries), sessions.py (sessions, state, the retry that replaces a lost
session), uploads.py, turns.py (chat), exports.py (renders and downloads),
previews.py (the preview stream).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from photoreel.client.backend import Backend
from photoreel.client.connection import ATTRIBUTION, MAX_RETRY_WAIT
from photoreel.client.exports import ExportCalls, PendingOutcome, RenderProgress
from photoreel.client.previews import PreviewCalls
from photoreel.client.renders import PendingRenders
from photoreel.client.retries import RetryPolicy
from photoreel.client.turns import (
    RECOVER_EVERY,
    RECOVER_FOR,
    STILL_WORKING_AFTER,
    TURN_LIMIT,
    TurnCalls,
)
from photoreel.client.uploads import UploadCalls, UploadProgress, upload_error

__all__ = [
    "ATTRIBUTION",
    "STILL_WORKING_AFTER",
    "PendingOutcome",
    "PhotoreelClient",
    "RenderProgress",
    "UploadProgress",
    "upload_error",
]


class PhotoreelClient(UploadCalls, TurnCalls, ExportCalls, PreviewCalls):
    """An async client of one backend. Use as `async with PhotoreelClient(backend) as client:`.

    `config_dir` holds the client id, tokens and remembered renders (default:
    `photoreel.locations.config_dir()`). `token` (or NEMO_TOKEN, for a remote
    or hosted backend) is used instead of the anonymous flow. `language` is
    given to new sessions. `still_working_after`, `turn_limit`,
    `max_retry_wait`, `recover_for` and `recover_every` are seconds (defaults
    from the protocol; tests shorten them); `retry` says how often and how long
    a 502/503/504 or broken connection is tried again. `on_session_replaced(old,
    new)` is called when a 1002 made a new session.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        config_dir: Path | None = None,
        token: str | None = None,
        language: str = "en",
        still_working_after: float = STILL_WORKING_AFTER,
        turn_limit: float = TURN_LIMIT,
        max_retry_wait: float = MAX_RETRY_WAIT,
        recover_for: float = RECOVER_FOR,
        recover_every: float = RECOVER_EVERY,
        retry: RetryPolicy | None = None,
        on_session_replaced: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(
            backend,
            config_dir=config_dir,
            token=token,
            max_retry_wait=max_retry_wait,
            retry=retry,
        )
        self.renders = PendingRenders(self.config_dir)
        self.language = language
        self.still_working_after = still_working_after
        self.turn_limit = turn_limit
        self.recover_for = recover_for
        self.recover_every = recover_every
        self.on_session_replaced = on_session_replaced
        self._aliases = {}
