"""Transport and retries: one HTTP connection to a backend, its token, and the protocol's retries.

Retries are exactly those the protocol asks for, and no more:

* 1001 (token refused): forget the cached token, ask for a new anonymous one,
  send the request once more. A token given by the person (NEMO_TOKEN or
  `token=`) is not replaced: `TokenExpired` says to renew it.
* 429: wait `Retry-After` seconds (30 when the server does not say) and send
  once more; a wait longer than `max_retry_wait` is not waited, `RateLimited`
  says when to try.
* HTTP 400 on the anonymous-token call: make a new client id, once.

The retry that replaces a lost session (1002) is in sessions.py, the export's
in exports.py.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
from pydantic import SecretStr, ValidationError

from photoreel import __version__, locations
from photoreel.client.backend import HOSTED_POLL_SECONDS, HOSTED_REGISTER_URL, Backend
from photoreel.client.errors import (
    BackendError,
    BackendUnavailable,
    PhotoreelError,
    RateLimited,
    SessionNotFound,
    TokenExpired,
    envelope_code,
    error_from_answer,
)
from photoreel.client.identity import CachedToken, IdentityStore
from photoreel.protocol.api import AnonymousToken, ServerInfo

ATTRIBUTION = {
    "X-Skill-Source": "photoreel",
    "X-Skill-Version": __version__,
    "X-Skill-Platform": "terminal",
}

MAX_RETRY_WAIT = 120.0
REQUEST_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

_TOKEN = "/api/auth/anonymous-token"


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _expiry(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


class Connection:
    """The HTTP side of `PhotoreelClient`: the connection, the token and one request's retries.

    `config_dir` holds the client id and tokens; `token` (or NEMO_TOKEN, for a
    remote or hosted backend) is used instead of the anonymous flow;
    `max_retry_wait` is the longest 429 wait in seconds.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        config_dir: Path | None = None,
        token: str | None = None,
        max_retry_wait: float = MAX_RETRY_WAIT,
    ) -> None:
        self.backend = backend
        self.config_dir = config_dir or locations.config_dir()
        self.identity = IdentityStore(self.config_dir)
        self.max_retry_wait = max_retry_wait
        if token is None and backend.kind != "embedded":
            token = os.environ.get("NEMO_TOKEN", "").strip() or None
        self._given_token = token
        self._token: CachedToken | None = None
        self._http: httpx.AsyncClient | None = None
        self.client_id = self.identity.client_id()
        # How often to poll a render: the backend's own, else learned on connect.
        self.poll_interval = backend.poll_interval or backend.default_poll_interval
        self.server_info: ServerInfo | None = None
        self._hosted_like = backend.kind == "hosted"

    # -- lifecycle ---------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            transport = (
                httpx.AsyncHTTPTransport(uds=str(self.backend.uds)) if self.backend.uds else None
            )
            self._http = httpx.AsyncClient(
                base_url=self.backend.base_url,
                transport=transport,
                headers=ATTRIBUTION,
                timeout=REQUEST_TIMEOUT,
                follow_redirects=True,
            )
        return self._http

    async def connect(self) -> None:
        """Be ready to call: learn the server's kind, then get a token (cached, given, or a
        new anonymous one). Raises `BackendUnavailable` when the backend cannot be reached."""
        self._client()
        if self._token is not None:
            return
        await self._learn_server()
        if self._given_token:
            self._token = CachedToken(token=SecretStr(self._given_token))
            return
        self._token = self.identity.load_token(self.backend.key) or await self._anonymous_token()

    async def _learn_server(self) -> None:
        """Ask photoreel's `/api/server/info`. The hosted service has no such endpoint: a
        404 (or 401/403) means "the hosted service". A server failure is asked once more;
        if it persists the backend's kind decides."""
        for attempt in range(2):
            response = await self._send("GET", "/api/server/info")
            body = _body(response)
            if response.is_success and envelope_code(body) == 0:
                try:
                    self.server_info = ServerInfo.model_validate(body.get("data"))
                except ValidationError:
                    self.server_info = None
                self._hosted_like = (
                    self.server_info is None or self.server_info.kind == "hosted-like"
                )
                break
            if response.status_code in (401, 403, 404) or attempt:
                self._hosted_like = response.status_code in (401, 403, 404) or (
                    self.backend.kind == "hosted"
                )
                break
            await asyncio.sleep(0.5)
        if self.backend.poll_interval is None:
            if self.server_info is not None:
                self.poll_interval = self.server_info.poll_interval_seconds
            elif self._hosted_like:
                self.poll_interval = HOSTED_POLL_SECONDS

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    @property
    def hosted_like(self) -> bool:
        """True for the hosted service and a photoreel server answering like it (learned on
        connect): such a backend is polled every 30 s at most 10 times, and its
        `output.url` may be on a CDN."""
        return self._hosted_like

    @property
    def user_id(self) -> str:
        return self._token.user_id if self._token else ""

    @property
    def bind_link(self) -> str | None:
        """Where an anonymous person registers and keeps their work: `...?bind=<user id>`.

        Only the hosted service (and a server answering like it) has a registration
        page; on photoreel's own server, credits come from its owner, and its 2001
        message says so. The id bound is the anonymous user's (`anon_...`), which is
        what registering takes over; the client id stands in before there is one.
        """
        if not self.hosted_like:
            return None
        return f"{HOSTED_REGISTER_URL}?bind={self.user_id or self.client_id}"

    # -- requests ----------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        if self._token is None:
            return {}
        return {"Authorization": f"Bearer {self._token.token.get_secret_value()}"}

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._client().request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise BackendUnavailable(
                f"{self.backend.label} did not answer in time ({type(exc).__name__}). "
                "Try again; if it keeps happening, check the backend."
            ) from None
        except httpx.TransportError as exc:
            raise BackendUnavailable(
                f"Cannot reach {self.backend.label}: {exc or type(exc).__name__}. Check that it "
                "is running and the address (--api) is right."
            ) from None

    async def _recover(self, error: PhotoreelError, tried: set[str]) -> bool:
        """Do what the protocol says for `error` and return True to send again, once each."""
        if isinstance(error, TokenExpired) and "token" not in tried:
            tried.add("token")
            if self._given_token:
                raise TokenExpired(
                    "The token you gave (NEMO_TOKEN) was refused: it is invalid or expired. "
                    "Set a fresh one, or unset NEMO_TOKEN to use an anonymous token."
                )
            self.identity.forget_token(self.backend.key)
            self._token = None
            self._token = await self._anonymous_token()
            return True
        if isinstance(error, RateLimited) and "rate" not in tried:
            tried.add("rate")
            wait = error.retry_after
            if wait > self.max_retry_wait:
                raise error  # its message already says when to try again
            await asyncio.sleep(wait)
            return True
        return False

    def _error(
        self, response: httpx.Response, body: Any, filename: str | None, session_id: str | None
    ) -> PhotoreelError:
        anonymous = self._token.anonymous if self._token else True
        error = error_from_answer(
            response.status_code,
            body,
            retry_after=response.headers.get("retry-after"),
            filename=filename,
            bind_link=self.bind_link if anonymous else None,
            anonymous=anonymous,
            own_server=not self.hosted_like,
        )
        if isinstance(error, SessionNotFound) and session_id:
            return SessionNotFound(session_id)
        return error

    async def _call(self, method: str, path: str, **options: Any) -> Any:
        """Send one request (with the protocol's retries) and return the whole answer body.
        `options` are `_answer`'s."""
        _, body = await self._answer(method, path, **options)
        return body

    async def _answer(
        self,
        method: str,
        path: str,
        *,
        build: Callable[[], dict[str, Any]] | None = None,
        auth: bool = True,
        filename: str | None = None,
        session_id: str | None = None,
        limits: httpx.Timeout | None = None,
    ) -> tuple[httpx.Response, Any]:
        """The successful response and its JSON body (None when it is not JSON), after the
        protocol's retries; an error answer raises its typed error."""
        tried: set[str] = set()
        while True:
            kwargs = build() if build else {}
            headers = {**kwargs.pop("headers", {}), **(self._auth() if auth else {})}
            response = await self._send(
                method, path, headers=headers, timeout=limits or REQUEST_TIMEOUT, **kwargs
            )
            body = _body(response)
            code = envelope_code(body)
            if response.is_success and code in (None, 0):
                return response, body
            error = self._error(response, body, filename, session_id)
            if (auth or isinstance(error, RateLimited)) and await self._recover(error, tried):
                continue
            raise error

    async def _data(self, method: str, path: str, **kwargs: Any) -> Any:
        body = await self._call(method, path, **kwargs)
        return body.get("data") if isinstance(body, dict) and "code" in body else body

    async def _anonymous_token(self) -> CachedToken:
        for attempt in range(2):
            try:
                data = await self._data(
                    "POST",
                    _TOKEN,
                    auth=False,
                    build=lambda: {"headers": {"X-Client-Id": self.client_id}},
                )
            except BackendError as exc:
                if exc.code == 400 and attempt == 0 and not os.environ.get("NEMO_CLIENT_ID"):
                    self.client_id = self.identity.new_client_id()
                    continue
                raise
            try:
                token = AnonymousToken.model_validate(data)
            except ValidationError:
                raise BackendError(
                    f"{self.backend.label} answered the token request without a token; is it a "
                    "photoreel backend?",
                    code="bad_answer",
                ) from None
            cached = CachedToken(
                token=SecretStr(token.token),
                user_id=token.user_id,
                expires_at=_expiry(token.expires_at),
            )
            self.identity.save_token(self.backend.key, cached)
            return cached
        raise BackendError("The backend refused every client id.", code=400)  # pragma: no cover
