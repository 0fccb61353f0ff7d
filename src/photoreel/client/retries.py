"""Which failed requests are sent again, and how long the client waits between tries.

A proxy in front of a service may answer 502, 503 or 504 (often with an HTML
page), and a connection may drop (PROTOCOL.md, "What a client must tolerate").
A request that changes nothing on the service (a GET, the anonymous token, a
cancel) is sent again after such a failure with capped exponential backoff and
jitter (stamina). A request that does change something is sent again only
where a second copy cannot do harm; those rules live with each request (see
docs/CLIENT.md, "Errors and retries").
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
import stamina
from pydantic import BaseModel, ConfigDict, Field

# stamina reports each retry to the `stamina` logger; without a handler Python would
# print those warnings on a person's terminal. An app that configures logging still
# sees them.
logging.getLogger("stamina").addHandler(logging.NullHandler())

TRANSIENT_STATUSES = frozenset({502, 503, 504})
T = TypeVar("T")


class RetryPolicy(BaseModel):
    """How many tries a passing failure gets, and the waits between them (seconds)."""

    model_config = ConfigDict(frozen=True)

    attempts: int = Field(4, ge=1, description="tries in all, the first one included")
    wait_initial: float = Field(0.5, ge=0)
    wait_max: float = Field(8.0, ge=0, description="no wait between two tries is longer")
    wait_jitter: float = Field(0.5, ge=0, description="up to this much is added at random")
    timeout: float = Field(60.0, gt=0, description="no retry starts after this long")


class Transient(Exception):
    """A failure another try may not meet: HTTP 502/503/504 or a broken connection.

    `sent` is False only when the request surely never reached the service (the
    connection could not be opened), so even a request that changes something may
    be sent again.
    """

    def __init__(self, what: str, *, sent: bool, status: int | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.sent = sent
        self.status = status


def transient_answer(response: httpx.Response) -> Transient | None:
    """The `Transient` for a 502/503/504 answer (its JSON message kept, an HTML page not),
    None for any other."""
    status = response.status_code
    if status not in TRANSIENT_STATUSES:
        return None
    detail = ""
    if "json" in response.headers.get("content-type", ""):
        try:
            body = response.json()
        except ValueError:
            body = None
        message = body.get("message") or body.get("detail") if isinstance(body, dict) else None
        if isinstance(message, str) and message.strip():
            detail = f" ({message.strip().rstrip('.')})"
    return Transient(f"HTTP {status}{detail}", sent=True, status=status)


def transient_transport(exc: httpx.TransportError) -> Transient:
    """The `Transient` for a connection that failed (refused, reset, timed out)."""
    unsent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        detail = f"no answer in time ({type(exc).__name__})"
    return Transient(detail, sent=not unsent)


def idempotent(failure: Transient) -> bool:
    """A request that changes nothing may always be sent again."""
    return True


def not_taken(failure: Transient) -> bool:
    """The service surely did not take the request: the connection was never opened, or it
    answered 503 (unavailable: it did not handle the request). A 502 or 504 may come
    after the service did the work, so a request that changes something is not resent."""
    return not failure.sent or failure.status == 503


async def retrying(
    policy: RetryPolicy,
    attempt: Callable[[], Awaitable[T]],
    *,
    again: Callable[[Transient], bool] = lambda _: True,
) -> T:
    """`attempt()` until it returns, retrying each `Transient` that `again` allows; the
    last `Transient` is raised when the tries or the time run out."""

    def retry_on(exc: Exception) -> bool:
        return isinstance(exc, Transient) and again(exc)

    async for trying in stamina.retry_context(
        on=retry_on,
        attempts=policy.attempts,
        timeout=policy.timeout,
        wait_initial=policy.wait_initial,
        wait_max=policy.wait_max,
        wait_jitter=policy.wait_jitter,
    ):
        with trying:
            return await attempt()
    raise AssertionError("stamina ends with a result or an exception")  # pragma: no cover
