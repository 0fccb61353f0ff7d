"""Transport and retries: one HTTP connection to a backend, its token, and the protocol's retries.

Retries are exactly those the protocol asks for, and no more:

* 1001 (token refused): forget the cached token, ask for a new anonymous one,
  send the request once more. A token given by the person (NEMO_TOKEN or
  `token=`) is not replaced: `TokenExpired` says to renew it.
* 429: wait `Retry-After` seconds (30 when the server does not say) and send
  once more; a wait longer than `max_retry_wait` is not waited, `RateLimited`
  says when to try.
* HTTP 400 on the anonymous-token call: make a new client id, once.
* HTTP 502/503/504 and broken connections (`retries`): a request that changes
  nothing is sent again with backoff; others say which failures they may be
  sent again after (`again`: uploads in uploads.py, the turn in turns.py, the
  render submit in exports.py).

The retry that replaces a lost session (1002) is in sessions.py, the export's
in exports.py. Every answer is read leniently (`protocol.answers`): one
without a key the client needs is `AnswerUnreadable`, one sentence naming it.

The kind of server is learned from the answers themselves: photoreel's server
names itself on every one (`SERVER_HEADER`), the hosted service never does, so
no command calls an endpoint the hosted service does not have.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
from pydantic import SecretStr

from photoreel import __version__, locations
from photoreel.client.backend import (
    HOSTED_POLL_SECONDS,
    HOSTED_REGISTER_URL,
    LOCAL_POLL_SECONDS,
    Backend,
)
from photoreel.client.errors import (
    AnswerUnreadable,
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
from photoreel.client.retries import (
    RetryPolicy,
    Transient,
    idempotent,
    not_taken,
    retrying,
    transient_answer,
    transient_transport,
)
from photoreel.protocol.answers import (
    AnswerIncomplete,
    Row,
    TokenAnswer,
    answer_payload,
    read_answer,
)

# `X-Skill-Platform` is documented as clawhub, cursor or unknown: a terminal is "unknown".
ATTRIBUTION = {
    "X-Skill-Source": "photoreel",
    "X-Skill-Version": __version__,
    "X-Skill-Platform": "unknown",
}
# photoreel's server names itself on every answer (the hosted service never does), so a
# client learns what it talks to from answers it gets anyway, without calling an
# endpoint the hosted service does not have.
SERVER_HEADER = "X-Photoreel-Server"
POLL_HEADER = "X-Photoreel-Poll-Seconds"

MAX_RETRY_WAIT = 120.0
REQUEST_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

_TOKEN = "/api/auth/anonymous-token"


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


class Connection:
    """The HTTP side of `PhotoreelClient`: the connection, the token and one request's retries.

    `config_dir` holds the client id and tokens; `token` (or NEMO_TOKEN, for a
    remote or hosted backend) is used instead of the anonymous flow;
    `max_retry_wait` is the longest 429 wait in seconds; `retry` how often and
    how long a 502/503/504 or broken connection is tried again.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        config_dir: Path | None = None,
        token: str | None = None,
        max_retry_wait: float = MAX_RETRY_WAIT,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.backend = backend
        self.config_dir = config_dir or locations.config_dir()
        self.identity = IdentityStore(self.config_dir)
        self.max_retry_wait = max_retry_wait
        self.retry = retry or RetryPolicy()
        if token is None and backend.kind != "embedded":
            token = os.environ.get("NEMO_TOKEN", "").strip() or None
        self._given_token = token
        self._token: CachedToken | None = None
        self._http: httpx.AsyncClient | None = None
        self.client_id = self.identity.client_id()
        # How often to poll a render: the backend's own, else what its answers say.
        self.poll_interval = backend.poll_interval or backend.default_poll_interval
        # What photoreel's server said it is (`SERVER_HEADER`); None until it did.
        self.server_kind: str | None = "photoreel" if backend.kind == "embedded" else None

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
        """Be ready to call: a token (cached, given, or a new anonymous one). The first
        request is one the hosted service has; what kind of server answers is learned
        from the answers themselves (`SERVER_HEADER`). Raises `BackendUnavailable` when
        the backend cannot be reached."""
        self._client()
        if self._token is not None:
            return
        if self._given_token:
            self._token = CachedToken(token=SecretStr(self._given_token))
            return
        self._token = self.identity.load_token(self.backend.key) or await self._anonymous_token()

    def _notice_server(self, response: httpx.Response) -> None:
        """photoreel's server says what it is on every answer; the hosted service says
        nothing, and nothing it could answer is taken for photoreel."""
        kind = response.headers.get(SERVER_HEADER, "").strip().lower()
        if kind not in ("photoreel", "hosted-like"):
            return
        self.server_kind = kind
        if self.backend.poll_interval is None:
            try:
                seconds = float(response.headers.get(POLL_HEADER, ""))
            except ValueError:
                seconds = LOCAL_POLL_SECONDS if kind == "photoreel" else HOSTED_POLL_SECONDS
            if seconds > 0:
                self.poll_interval = seconds

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    @property
    def hosted_like(self) -> bool:
        """False only for a backend known to be photoreel's own server: the embedded one,
        or one whose answers said `X-Photoreel-Server: photoreel`. Anything else is
        treated as the hosted service: no photoreel-only endpoint is called, a render is
        polled for at most 5 minutes (10 polls 30 s apart unless the server said
        otherwise), and its `output.url` may be on a CDN."""
        return self.server_kind != "photoreel"

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
        """One request as it goes: a broken connection is `Transient`."""
        try:
            response = await self._client().request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise transient_transport(exc) from None
        self._notice_server(response)
        return response

    @property
    def _who(self) -> str:
        """The backend's name at the start of a sentence."""
        label = self.backend.label
        return label[:1].upper() + label[1:]

    def _unavailable(self, failure: Transient, tries: int) -> BackendUnavailable:
        """One sentence for a passing failure that did not pass (said once, not per try)."""
        times = f" {tries} times in a row" if tries > 1 else ""
        if failure.status is not None:
            error = BackendUnavailable(
                f"{self._who} answered {failure.what}{times}: it is overloaded or restarting. "
                "Try again in a few minutes."
            )
        else:
            tried = f" (tried {tries} times)" if tries > 1 else ""
            error = BackendUnavailable(
                f"Cannot reach {self.backend.label}: {failure.what}{tried}. Check that it is "
                "running and that the address (--api) is right."
            )
        error.failure = failure
        return error

    async def _request(
        self,
        method: str,
        path: str,
        *,
        build: Callable[[], dict[str, Any]] | None,
        auth: bool,
        limits: httpx.Timeout | None,
        again: Callable[[Transient], bool],
    ) -> httpx.Response:
        """Send (building the body afresh for each try), sending again each passing
        failure `again` allows; `BackendUnavailable` when they do not pass."""
        tries = 0

        async def attempt() -> httpx.Response:
            nonlocal tries
            tries += 1
            kwargs = build() if build else {}
            headers = {**kwargs.pop("headers", {}), **(self._auth() if auth else {})}
            response = await self._send(
                method, path, headers=headers, timeout=limits or REQUEST_TIMEOUT, **kwargs
            )
            if (failure := transient_answer(response)) is not None:
                raise failure
            return response

        try:
            return await retrying(self.retry, attempt, again=again)
        except Transient as failure:
            raise self._unavailable(failure, tries) from None

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
        again: Callable[[Transient], bool] | None = None,
    ) -> tuple[httpx.Response, Any]:
        """The successful response and its JSON body (None when it is not JSON), after the
        protocol's retries; an error answer raises its typed error.

        `again` says which passing failures (502/503/504, broken connections) are sent
        again: by default all of them for a GET, none for anything else.
        """
        if again is None:
            again = idempotent if method == "GET" else not_taken
        tried: set[str] = set()
        while True:
            response = await self._request(
                method, path, build=build, auth=auth, limits=limits, again=again
            )
            body = _body(response)
            code = envelope_code(body)
            refused = isinstance(body, dict) and body.get("success") is False
            if response.is_success and code in (None, 0) and not refused:
                return response, body
            error = self._error(response, body, filename, session_id)
            if (auth or isinstance(error, RateLimited)) and await self._recover(error, tried):
                continue
            raise error

    async def _data(self, method: str, path: str, **kwargs: Any) -> Any:
        """What the answer carries: the envelope's `data` (or the whole body without one)."""
        return answer_payload(await self._call(method, path, **kwargs))

    def _read(self, model: type[Row], data: Any, what: str) -> Row:
        """`data` as `model`, or `AnswerUnreadable` (exit 3) naming the key it lacks."""
        try:
            return read_answer(model, data, what)
        except AnswerIncomplete as exc:
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: AnswerIncomplete) -> AnswerUnreadable:
        return AnswerUnreadable(f"{self._who} {exc}.")

    async def _anonymous_token(self) -> CachedToken:
        for attempt in range(2):
            try:
                data = await self._data(
                    "POST",
                    _TOKEN,
                    auth=False,
                    build=lambda: {"headers": {"X-Client-Id": self.client_id}},
                    again=idempotent,
                )
            except BackendError as exc:
                if exc.code == 400 and attempt == 0 and not os.environ.get("NEMO_CLIENT_ID"):
                    self.client_id = self.identity.new_client_id()
                    continue
                raise
            except RateLimited as exc:
                raise self._token_refused(exc) from None
            token = self._read(TokenAnswer, data, "the token request")
            cached = CachedToken(
                token=SecretStr(token.token),
                user_id=token.user_id or "",
                expires_at=token.expires_at,
            )
            self.identity.save_token(self.backend.key, cached)
            return cached
        raise BackendError("The backend refused every client id.", code=400)  # pragma: no cover

    def _token_refused(self, error: RateLimited) -> RateLimited:
        """A 429 on the token call is the one-token-per-client-id-per-7-days rule, not
        load: waiting a minute does not help, a token does (PROTOCOL.md)."""
        return RateLimited(
            f"{self._who} gives one anonymous "
            f"token per client id every 7 days, and this client id ({self.client_id}) already "
            "has one that photoreel does not hold. Set NEMO_TOKEN to that token, or to one "
            "from your account, and run the command again.",
            retry_after=error.retry_after,
        )
