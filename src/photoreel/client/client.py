"""`PhotoreelClient`: one async client of the protocol, for every backend and every UI.

The app and the command line both talk to a backend only through this class;
neither builds a URL or reads JSON itself. The same code serves photoreel's
embedded backend, a `photoreel serve` elsewhere and the hosted service.

Retries are exactly those the protocol asks for, and no more:

* 1001 (token refused): forget the cached token, ask for a new anonymous one,
  send the request once more. A token given by the person (NEMO_TOKEN or
  `token=`) is not replaced: `TokenExpired` says to renew it.
* 1002 (session gone): where it is safe (upload and chat: the old session is
  gone, so nothing can be applied twice) make a new session and send once
  more; the old id then names the new session in every later call, and
  `SessionReplaced` / `on_session_replaced` say so. State reads and exports
  raise `SessionNotFound` (a new, empty session would misreport).
* 429: wait `Retry-After` seconds (30 when the server does not say) and send
  once more; a wait longer than `max_retry_wait` is not waited, `RateLimited`
  says when to try.
* HTTP 400 on the anonymous-token call: make a new client id, once.
* Export: any failure of the submit is retried once with a new render id.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import httpx
from httpx_sse import EventSource, aconnect_sse
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from photoreel import __version__, locations
from photoreel.client.backend import (
    HOSTED_MAX_POLLS,
    HOSTED_POLL_SECONDS,
    HOSTED_REGISTER_URL,
    Backend,
)
from photoreel.client.changes import change_reply, describe_changes
from photoreel.client.errors import (
    BackendError,
    BackendUnavailable,
    CannotWrite,
    DownloadFailed,
    ExportBlocked,
    FileTooLarge,
    NoCredits,
    NothingToExport,
    NotOffered,
    PhotoreelError,
    RateLimited,
    RenderFailed,
    RenderStillRunning,
    SessionNotFound,
    TokenExpired,
    UnreadableFile,
    UnsupportedFile,
    envelope_code,
    error_from_answer,
)
from photoreel.client.events import (
    ChatError,
    FrameReader,
    SessionReplaced,
    StillWorking,
    TurnComplete,
    _ChatEvent,
)
from photoreel.client.identity import CachedToken, IdentityStore
from photoreel.client.render_status import TERMINAL, output_url, read_render_status
from photoreel.client.renders import PendingRender, PendingRenders
from photoreel.client.transfer import ByteProgress, ProgressReader, download_file
from photoreel.protocol.api import (
    AnonymousToken,
    Credits,
    RenderOutputSpec,
    RenderRequest,
    RenderStatus,
    ServerInfo,
    SessionCreate,
    SessionCreated,
    SessionState,
    UploadedFile,
    UploadResult,
    UrlUpload,
)
from photoreel.protocol.draft import summarize
from photoreel.protocol.errors import ErrorCode
from photoreel.protocol.events import AGENT_NAME, Content, Part, RunAgentRequest
from photoreel.protocol.formats import MAX_UPLOAD_BYTES, kind_for_extension

# (path, bytes sent, file size): called as each file's bytes leave.
UploadProgress = Callable[[Path, int, int], None]
# Called with each polled status while a render runs.
RenderProgress = Callable[[RenderStatus], None]

ATTRIBUTION = {
    "X-Skill-Source": "photoreel",
    "X-Skill-Version": __version__,
    "X-Skill-Platform": "terminal",
}
STILL_WORKING_AFTER = 120.0  # seconds of silence before each "still working" (PROTOCOL.md)
TURN_LIMIT = 15 * 60.0  # a turn may last up to 15 minutes (PROTOCOL.md)
MAX_RETRY_WAIT = 120.0
LOCAL_RENDER_WAIT = 30 * 60.0
REQUEST_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
UPLOAD_TIMEOUT = httpx.Timeout(120.0, connect=10.0)
# the first ask for a long draft's strip renders it; later ones answer a kept file
STORYBOARD_TIMEOUT = httpx.Timeout(120.0, connect=10.0)
STREAM_TIMEOUT = httpx.Timeout(None, connect=10.0, write=30.0)

_SESSION = f"/api/tasks/me/with-session/{AGENT_NAME}"
_TOKEN = "/api/auth/anonymous-token"


class PendingOutcome(BaseModel):
    """What `resume_pending` found for one remembered render."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    render: PendingRender
    status: RenderStatus | None = None
    path: Path | None = None
    error: str | None = None


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


def _readable_files(paths: Iterable[Path | str]) -> list[tuple[Path, int]]:
    """Each path with its size; `UnreadableFile` for the first one that cannot be read."""
    out = []
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadableFile(path, exc.strerror or str(exc)) from None
        if not path.is_file() or not os.access(path, os.R_OK):
            raise UnreadableFile(path, "not a readable file")
        out.append((path, size))
    return out


def _open_binary(path: Path) -> BinaryIO:
    return path.open("rb")


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


def _is_dir(path: Path) -> bool:
    return path.is_dir()


def exportable(draft: dict[str, Any] | None) -> bool:
    """A session is exportable when some track of its draft has segments (PROTOCOL.md)."""
    return any(t.get("sg") for t in (draft or {}).get("t") or [] if isinstance(t, dict))


def upload_error(row: UploadedFile) -> PhotoreelError | None:
    """The typed error for a failed row of an upload result, or None if it succeeded."""
    if row.code == 0:
        return None
    if row.code == ErrorCode.UNSUPPORTED_FILE:
        return UnsupportedFile(row.filename, row.message or "")
    if row.code == ErrorCode.FILE_TOO_LARGE:
        return FileTooLarge(row.filename)
    return BackendError(f"{row.filename}: {row.message or 'upload failed'}", code=row.code)


class PhotoreelClient:
    """An async client of one backend. Use as `async with PhotoreelClient(backend) as client:`.

    `config_dir` holds the client id, tokens and remembered renders (default:
    `photoreel.locations.config_dir()`). `token` (or NEMO_TOKEN, for a remote
    or hosted backend) is used instead of the anonymous flow. `language` is
    given to new sessions. `still_working_after`, `turn_limit` and
    `max_retry_wait` are seconds (defaults from the protocol; tests shorten
    them). `on_session_replaced(old, new)` is called when a 1002 made a new
    session.
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
        on_session_replaced: Callable[[str, str], None] | None = None,
    ) -> None:
        self.backend = backend
        self.config_dir = config_dir or locations.config_dir()
        self.identity = IdentityStore(self.config_dir)
        self.renders = PendingRenders(self.config_dir)
        self.language = language
        self.still_working_after = still_working_after
        self.turn_limit = turn_limit
        self.max_retry_wait = max_retry_wait
        self.on_session_replaced = on_session_replaced
        if token is None and backend.kind != "embedded":
            token = os.environ.get("NEMO_TOKEN", "").strip() or None
        self._given_token = token
        self._token: CachedToken | None = None
        self._http: httpx.AsyncClient | None = None
        self._aliases: dict[str, str] = {}
        self.client_id = self.identity.client_id()
        # How often to poll a render: the backend's own, else learned on connect.
        self.poll_interval = backend.poll_interval or backend.default_poll_interval
        self.server_info: ServerInfo | None = None
        self._hosted_like = backend.kind == "hosted"

    # -- lifecycle ---------------------------------------------------------------

    async def __aenter__(self) -> PhotoreelClient:
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

    def session_id(self, session_id: str) -> str:
        """The session an id stands for now (a 1002 may have replaced it)."""
        while session_id in self._aliases:
            session_id = self._aliases[session_id]
        return session_id

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

    # -- sessions and reads ----------------------------------------------------------

    async def new_session(self, *, task_name: str = "project") -> SessionCreated:
        """A new project (session) holding one empty draft."""
        body = SessionCreate(task_name=task_name, language=self.language)
        data = await self._data(
            "POST", _SESSION, build=lambda: {"json": body.model_dump(mode="json")}
        )
        return SessionCreated.model_validate(data)

    async def _replace_session(self, old: str) -> str:
        created = await self.new_session()
        self._aliases[old] = created.session_id
        if self.on_session_replaced is not None:
            self.on_session_replaced(old, created.session_id)
        return created.session_id

    async def state(self, session_id: str) -> SessionState:
        """The session's draft, media, canvas and renders. Raises `SessionNotFound`."""
        sid = self.session_id(session_id)
        data = await self._data("GET", f"/api/state/{AGENT_NAME}/me/{sid}/latest", session_id=sid)
        return SessionState.model_validate(data)

    async def storyboard(self, session_id: str, frames: int = 6) -> bytes:
        """A PNG of `frames` frames of the session's current draft in one row (photoreel's
        `GET /api/storyboard`). Raises `BackendError` 4000 while the draft has no segment,
        `SessionNotFound`, and `NotOffered` from the hosted service, which has no such call.
        """
        if self.hosted_like:
            raise NotOffered("The hosted service does not draw storyboards.")
        sid = self.session_id(session_id)
        response, _ = await self._answer(
            "GET",
            "/api/storyboard",
            build=lambda: {"params": {"session_id": sid, "frames": frames}},
            session_id=sid,
            limits=STORYBOARD_TIMEOUT,
        )
        if not response.headers.get("content-type", "").startswith("image/png"):
            raise NotOffered(f"{self.backend.label} answered the storyboard without a picture.")
        return response.content

    async def credits(self) -> Credits:
        """The balance: `available` (None when unlimited), `frozen` by running work, `total`."""
        data = await self._data("GET", "/api/credits/balance/simple")
        return Credits.model_validate(data)

    # -- upload ------------------------------------------------------------------

    def _local_refusal(self, path: Path, size: int) -> UploadedFile | None:
        """Refuse before sending what the protocol says the backend would refuse."""
        if kind_for_extension(path.name) is None:
            # the row keeps the reason only: `upload_error` builds the sentence around it
            reason = "its extension is not one photoreel reads"
            return UploadedFile(
                filename=path.name, code=int(ErrorCode.UNSUPPORTED_FILE), message=reason
            )
        if size > MAX_UPLOAD_BYTES:
            error = FileTooLarge(path.name, size=size)
            return UploadedFile(filename=path.name, code=int(error.code), message=error.message)
        return None

    async def _upload_one(
        self, sid: str, path: Path, on_progress: UploadProgress | None
    ) -> UploadResult:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with _open_binary(path) as handle:
            size = os.fstat(handle.fileno()).st_size

            def report(sent: int, total: int | None) -> None:
                if on_progress is not None:
                    on_progress(path, sent, total or size)

            def build() -> dict[str, Any]:
                handle.seek(0)
                reader = ProgressReader(handle, size, report)
                return {"files": [("files", (path.name, reader, mime))]}

            data = await self._data(
                "POST",
                f"/api/upload-video/{AGENT_NAME}/me/{sid}",
                build=build,
                filename=path.name,
                session_id=sid,
                limits=UPLOAD_TIMEOUT,
            )
        return UploadResult.model_validate(data)

    async def upload(
        self,
        session_id: str,
        paths: Iterable[Path | str],
        on_progress: UploadProgress | None = None,
    ) -> UploadResult:
        """Upload files, one request each so progress and failures are per file.

        Every file is checked first: one that is missing or unreadable raises
        `UnreadableFile` before anything is sent. A file the backend refuses
        (format 4001, size 4002) gets a row with its `code` and `message` and
        the others are still uploaded; when every file is refused, the first
        one's typed error is raised (`upload_error` turns a row into one).
        """
        files = _readable_files(paths)
        sid = self.session_id(session_id)
        rows: list[UploadedFile] = []
        for path, size in files:
            if refused := self._local_refusal(path, size):
                rows.append(refused)
                continue
            try:
                try:
                    result = await self._upload_one(sid, path, on_progress)
                except SessionNotFound:
                    if sid != self.session_id(session_id) or session_id in self._aliases:
                        raise
                    sid = await self._replace_session(sid)
                    result = await self._upload_one(sid, path, on_progress)
            except (UnsupportedFile, FileTooLarge) as exc:
                # a 4001 row keeps the bare reason, as `_local_refusal` does
                message = exc.reason if isinstance(exc, UnsupportedFile) else exc.message
                rows.append(UploadedFile(filename=path.name, code=int(exc.code), message=message))
                continue
            rows.extend(result.files)
        if rows and all(row.code for row in rows):
            raise upload_error(rows[0]) or BackendError("Every upload failed.")
        return UploadResult(files=rows, session_state_applied=True)

    async def upload_urls(self, session_id: str, urls: list[str]) -> UploadResult:
        """Have the backend fetch media from URLs into the session."""
        sid = self.session_id(session_id)
        body = UrlUpload(urls=urls).model_dump(mode="json")
        path = f"/api/upload-video/{AGENT_NAME}/me/{sid}"
        try:
            data = await self._data(
                "POST", path, build=lambda: {"json": body}, session_id=sid, limits=UPLOAD_TIMEOUT
            )
        except SessionNotFound:
            if session_id in self._aliases:
                raise
            sid = await self._replace_session(sid)
            data = await self._data(
                "POST",
                f"/api/upload-video/{AGENT_NAME}/me/{sid}",
                build=lambda: {"json": body},
                session_id=sid,
                limits=UPLOAD_TIMEOUT,
            )
        return UploadResult.model_validate(data)

    # -- chat --------------------------------------------------------------------

    async def _open_stream(self, stack: AsyncExitStack, sid: str, text: str) -> EventSource:
        body = RunAgentRequest(
            session_id=sid, new_message=Content(role="user", parts=[Part(text=text)])
        ).model_dump(mode="json", by_alias=False, exclude_none=True)
        tried: set[str] = set()
        while True:
            attempt = AsyncExitStack()
            try:
                source = await attempt.enter_async_context(
                    aconnect_sse(
                        self._client(),
                        "POST",
                        "/run_sse",
                        json=body,
                        headers=self._auth(),
                        timeout=STREAM_TIMEOUT,
                    )
                )
            except httpx.TransportError as exc:
                await attempt.aclose()
                raise BackendUnavailable(
                    f"Cannot reach {self.backend.label} to send the instruction: {exc}."
                ) from None
            response = source.response
            content_type = response.headers.get("content-type", "")
            if response.status_code == 200 and "text/event-stream" in content_type:
                stack.push_async_exit(attempt)
                return source
            await response.aread()
            await attempt.aclose()
            answer = _body(response)
            if response.status_code == 404 and envelope_code(answer) is None:
                raise SessionNotFound(sid)  # a real ADK server's answer for an unknown session
            error = self._error(response, answer, None, sid)
            if await self._recover(error, tried):
                continue
            raise error

    async def _pump(self, source: EventSource, queue: asyncio.Queue[Any]) -> None:
        try:
            async for sse in source.aiter_sse():
                await queue.put(sse.data)
        except Exception as exc:  # whatever broke the stream, the turn must not wait for it
            await queue.put(exc)
        else:
            await queue.put(None)

    async def chat(self, session_id: str, text: str) -> AsyncIterator[_ChatEvent]:
        """Send one instruction and yield the turn's events, ending with `TurnComplete`
        or `ChatError`.

        Errors before the stream starts (no credits, backend down, ...) are
        raised as `PhotoreelError`; errors inside the turn are yielded as
        `ChatError`. The draft is read before and after the turn, so
        `TurnComplete` always says what changed, and carries a reply even when
        the agent streamed none. A dropped connection is not resent: the state
        tells what happened. Apply `translate_gui_phrases` to text shown.
        """
        sid = self.session_id(session_id)
        try:
            before = await self.state(sid)
        except SessionNotFound:
            if session_id in self._aliases:
                raise
            new = await self._replace_session(sid)
            yield SessionReplaced(old_session_id=sid, new_session_id=new)
            sid = new
            before = await self.state(sid)
        reader = FrameReader()
        dropped: Exception | None = None
        loop = asyncio.get_running_loop()
        async with AsyncExitStack() as stack:
            source = await self._open_stream(stack, sid, text)
            queue: asyncio.Queue[Any] = asyncio.Queue()
            pump = asyncio.create_task(self._pump(source, queue))
            stack.callback(pump.cancel)
            start = last_event = loop.time()
            deadline = start + self.turn_limit
            nudge = last_event + self.still_working_after
            while True:
                now = loop.time()
                if now >= deadline:
                    yield ChatError(
                        message=f"The agent did not finish within {self.turn_limit / 60:.0f} "
                        "minutes; the turn was stopped. Check the timeline (status) and try a "
                        "smaller instruction.",
                        code="turn_timeout",
                    )
                    return
                try:
                    item = await asyncio.wait_for(queue.get(), timeout=min(deadline, nudge) - now)
                except TimeoutError:
                    if loop.time() >= nudge:
                        yield StillWorking(silent_for=round(loop.time() - last_event, 1))
                        nudge += self.still_working_after
                    continue
                if item is None:
                    break
                if isinstance(item, Exception):
                    dropped = item
                    break
                for event in reader.read(item):
                    if event.type != "heartbeat":
                        last_event = loop.time()
                        nudge = last_event + self.still_working_after
                    yield event
                if reader.failed:
                    return
        async for event in self._finish_turn(sid, before, reader, dropped):
            yield event

    async def _finish_turn(
        self, sid: str, before: SessionState, reader: FrameReader, dropped: Exception | None
    ) -> AsyncIterator[_ChatEvent]:
        try:
            after = await self.state(sid)
        except PhotoreelError as exc:
            what = "The connection dropped mid-turn and " if dropped else ""
            yield ChatError(
                message=f"{what}the timeline could not be read afterwards: {exc.message}",
                code="connection_lost" if dropped else str(exc.code),
            )
            return
        old, new = before.state.draft, after.state.draft
        changes = describe_changes(old, new)
        if dropped is not None and not changes and not reader.reply:
            yield ChatError(
                message="The connection to the backend dropped before the agent answered, and "
                "the timeline has not changed. The agent may still be working: check with "
                '"status" in a moment, or send the instruction again.',
                code="connection_lost",
            )
            return
        reply = reader.reply
        yield TurnComplete(
            reply=reply or change_reply(old, new),
            summary=summarize(new),
            changes=changes,
            changed=bool(changes),
            version=after.version,
            reply_from_client=not reply,
            recovered=dropped is not None,
        )

    # -- export ------------------------------------------------------------------

    def _new_render_id(self, previous: str | None = None) -> str:
        render_id = f"render_{int(time.time() * 1000)}"
        if render_id == previous:
            render_id = f"render_{int(time.time() * 1000) + 1}"
        return render_id

    async def export(
        self,
        session_id: str,
        *,
        fmt: str = "mp4",
        quality: str = "high",
        dest: Path | None = None,
    ) -> RenderStatus:
        """Submit the session's current draft for rendering and remember the render.

        The draft is read from the state (so it is what the timeline shows
        now). Any failure of the submit is retried once with a new id, except
        those a new id cannot fix (credits, plan, session, token). `dest` is
        remembered with the render, so a later `resume_pending` saves it there.
        """
        sid = self.session_id(session_id)
        state = await self.state(sid)
        draft = state.state.draft
        if not exportable(draft):
            raise NothingToExport(
                "There is nothing to export yet: the timeline is empty. Add photos and say "
                "what video you want first."
            )
        output = RenderOutputSpec.model_validate({"format": fmt, "quality": quality})
        render_id: str | None = None
        for attempt in range(2):
            render_id = self._new_render_id(render_id)
            request = RenderRequest(id=render_id, sessionId=sid, draft=draft or {}, output=output)
            body = request.model_dump(mode="json", by_alias=True)
            try:
                answer = await self._call(
                    "POST",
                    "/api/render/proxy/lambda",
                    build=lambda b=body: {"json": b},
                    session_id=sid,
                )
            except (NoCredits, ExportBlocked, SessionNotFound, TokenExpired, RateLimited):
                raise
            except PhotoreelError:
                if attempt:
                    raise
                continue
            except asyncio.CancelledError:
                # stopped mid-submit: the backend may have the render; remember it so it is
                # not lost (a later run forgets it if the backend never got it)
                self._remember(render_id, sid, dest, output.format)
                raise
            status = read_render_status(answer, render_id)
            if status.status == "failed" and not attempt:
                continue
            self._remember(status.render_id, sid, dest, output.format)
            return status
        raise RenderFailed(  # both attempts answered `failed`
            f"The render was refused twice: {status.error or 'no reason given'}.",
            render_id=status.render_id,
        )

    def _remember(self, render_id: str, sid: str, dest: Path | None, fmt: str) -> None:
        self.renders.remember(
            PendingRender(
                render_id=render_id,
                session_id=sid,
                backend=self.backend.key,
                dest=_absolute(dest) if dest else None,  # a later run may be elsewhere
                format=fmt,
            )
        )

    async def render_status(self, render_id: str) -> RenderStatus:
        """One poll of a render's status (any of the documented answer shapes)."""
        answer = await self._call("GET", f"/api/render/proxy/lambda/{render_id}")
        return read_render_status(answer, render_id)

    async def wait_render(
        self,
        render_id: str,
        on_progress: RenderProgress | None = None,
        *,
        interval: float | None = None,
        max_polls: int | None = None,
    ) -> RenderStatus:
        """Poll until the render completes; `RenderFailed` if it fails or is cancelled.

        The interval is the backend's: 30 s for the hosted service (at most 10
        polls, as it asks), about 1 s for photoreel's own (for up to 30 minutes).
        `interval` and `max_polls` override them. When watching stops before the
        end, `RenderStillRunning` is raised and the render stays remembered for
        `resume_pending`.
        """
        every = interval or self.poll_interval
        polls = max_polls or (HOSTED_MAX_POLLS if self.hosted_like else None)
        give_up = time.monotonic() + LOCAL_RENDER_WAIT
        count = 0
        while True:
            status = await self.render_status(render_id)
            count += 1
            if on_progress is not None:
                on_progress(status)
            if status.status in TERMINAL:
                break
            if (polls is not None and count >= polls) or time.monotonic() >= give_up:
                raise RenderStillRunning(
                    f"The render {render_id} is still running ({status.progress:.0f}%). It is "
                    "remembered: the next photoreel run downloads it when it is done.",
                    render_id=render_id,
                )
            await asyncio.sleep(every)
        if status.status != "completed":
            self.renders.forget(render_id)
            raise RenderFailed(
                f"The render {status.status}: {status.error or 'no reason given'}.",
                render_id=render_id,
            )
        return status

    async def download(
        self,
        status: RenderStatus,
        dest: Path,
        on_progress: ByteProgress | None = None,
    ) -> Path:
        """Save a completed render to `dest` (a file, or a directory to put it in).

        Written atomically, resumed with Range after an interruption (see
        `transfer`). photoreel's backends are fetched from the documented
        download endpoint with the token; the hosted service's `output.url`
        (a CDN) is fetched without it, so the token never leaves the backend.
        """
        pending = self.renders.get(status.render_id)
        fmt = pending.format if pending else "mp4"
        if _is_dir(dest):
            dest = dest / f"{status.render_id}.{fmt}"
        url = output_url(status)
        expected = status.output.size if status.output else None
        own = f"/api/render/proxy/{status.render_id}/download"
        if not self.hosted_like or not url:
            path = await self._download_own(own, dest, on_progress, expected)
        elif self._same_origin(url):
            path = await self._download_own(url, dest, on_progress, expected)
        else:
            async with httpx.AsyncClient(
                headers=ATTRIBUTION, timeout=REQUEST_TIMEOUT, follow_redirects=True
            ) as cdn:
                path = await self._translate_transport(
                    download_file(cdn, url, dest, on_progress, expected_size=expected)
                )
        self.renders.forget(status.render_id)
        return path

    def _same_origin(self, url: str) -> bool:
        if url.startswith("/"):
            return True
        mine, theirs = urlsplit(self.backend.base_url), urlsplit(url)
        return (mine.scheme, mine.netloc) == (theirs.scheme, theirs.netloc)

    async def _download_own(
        self, url: str, dest: Path, on_progress: ByteProgress | None, expected: int | None
    ) -> Path:
        tried: set[str] = set()
        while True:
            try:
                return await self._translate_transport(
                    download_file(
                        self._client(),
                        url,
                        dest,
                        on_progress,
                        headers=self._auth(),
                        expected_size=expected,
                    )
                )
            except (TokenExpired, RateLimited) as exc:
                if not await self._recover(exc, tried):
                    raise

    async def _translate_transport(self, work: Any) -> Path:
        try:
            return await work
        except DownloadFailed:
            raise
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"The download failed: {exc}.") from None

    async def cancel_render(self, render_id: str) -> RenderStatus:
        """Stop a render and forget it; answers the render's status after the cancel."""
        answer = await self._call("POST", f"/api/render/proxy/lambda/{render_id}/cancel")
        self.renders.forget(render_id)
        status = read_render_status(answer, render_id)
        if status.status not in TERMINAL:
            status = status.model_copy(update={"status": "cancelled"})
        return status

    # -- remembered renders --------------------------------------------------------

    def pending_renders(self) -> list[PendingRender]:
        """Renders submitted to this backend whose file was not downloaded yet."""
        return self.renders.all(self.backend.key)

    async def resume_pending(
        self,
        dest_dir: Path | None = None,
        on_progress: Callable[[PendingRender, int, int | None], None] | None = None,
    ) -> list[PendingOutcome]:
        """Ask about each remembered render: download finished ones, drop failed ones.

        A render goes to the `dest` it was submitted with, else into
        `dest_dir` (default: the current directory). Renders still running stay
        remembered. One render's problem does not stop the others.
        """
        outcomes = []
        for pending in self.pending_renders():
            outcome = PendingOutcome(render=pending)
            outcomes.append(outcome)
            try:
                status = await self.render_status(pending.render_id)
            except PhotoreelError as exc:
                # Unknown to the backend (404 from the hosted service, 4004 from ours): it
                # will never finish, so asking again on every run would fail forever.
                gone = (404, ErrorCode.NOT_FOUND, ErrorCode.SESSION_NOT_FOUND)
                if isinstance(exc, BackendError) and exc.code in gone:
                    self.renders.forget(pending.render_id)
                outcome.error = exc.message
                continue
            outcome.status = status
            if status.status in ("failed", "cancelled"):
                self.renders.forget(pending.render_id)
                outcome.error = f"The render {status.status}: {status.error or 'no reason given'}."
                continue
            if status.status != "completed":
                continue
            dest = Path(pending.dest) if pending.dest else (dest_dir or Path.cwd())

            def report(sent: int, total: int | None, p: PendingRender = pending) -> None:
                if on_progress is not None:
                    on_progress(p, sent, total)

            try:
                try:
                    outcome.path = await self.download(status, dest, report)
                except CannotWrite:
                    if not pending.dest:
                        raise
                    # the place it was meant for cannot be written: save it here instead,
                    # rather than failing on every later run
                    outcome.path = await self.download(status, dest_dir or Path.cwd(), report)
            except PhotoreelError as exc:
                outcome.error = exc.message
        return outcomes
