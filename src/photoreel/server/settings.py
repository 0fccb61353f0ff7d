"""Settings of one backend process, and the `photoreel serve` flags that set them.

One pydantic model is the single source of truth: the command line is generated
from its fields (`add_serve_arguments`), and a test or the embedded launcher turns
keyword arguments back into flags with `serve_args`, so a subprocess server can be
configured exactly like an in-process one.

Besides the flags a person uses (`--host`, `--port`, `--uds`, `--data`,
`--credits`, `--workers`), some knobs exist so that a client's tests can make a
real server produce every error path of the protocol, and answer the way the
hosted service does (`--hosted-like`). Those are hidden from `--help` and
documented in docs/SERVER.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from photoreel.protocol.api import StatusShape
from photoreel.protocol.errors import DEFAULT_RETRY_AFTER_SECONDS
from photoreel.protocol.formats import MAX_UPLOAD_BYTES

SEVEN_DAYS = 7 * 24 * 3600
DEFAULT_PORT = 8787

LogLevel = Literal["critical", "error", "warning", "info", "debug"]


def _knob(default: Any, help: str, **kw: Any) -> Any:
    """A test-only field: settable from the command line, hidden from `--help`."""
    return Field(default, description=help, json_schema_extra={"hidden": True}, **kw)


class ServerSettings(BaseModel):
    """Everything one `photoreel serve` process is configured with."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    # -- what a person sets ----------------------------------------------------
    host: str = Field(
        "127.0.0.1",
        description="address to listen on; 0.0.0.0 for every network (default: 127.0.0.1, "
        "this machine only)",
    )
    port: int = Field(
        DEFAULT_PORT,
        ge=0,
        le=65535,
        description="TCP port, 0 for any free one (the startup line shows which)",
    )
    uds: Path | None = Field(
        None, description="listen on this Unix socket instead of TCP (default: TCP)"
    )
    data: Path | None = Field(
        None, description="data directory: database, media, renders (default: user data dir)"
    )
    credits: int | None = Field(
        None,
        ge=0,
        description="credits each new user gets, or 'unlimited' (default: unlimited)",
    )
    workers: int = Field(1, ge=1, le=16, description="renders that run at the same time")
    allow_private_urls: bool = Field(
        False, description="let URL uploads fetch from loopback and private-network addresses"
    )
    url_timeout: float = Field(
        30.0, gt=0, description="seconds a URL upload may stay silent before it is abandoned"
    )
    heartbeat: float = Field(
        15.0, gt=0, description="seconds between ': ping' lines while a chat turn works"
    )
    log_level: LogLevel = Field(
        "warning", description="server log detail on stderr: critical, error, warning, info, debug"
    )

    # -- test knobs: make a real server produce each protocol path ---------------
    token_ttl: float = _knob(SEVEN_DAYS, "seconds a token lives; then 1001", gt=0)
    # The hosted service refuses a second live token per client id for 7 days. Here it
    # guards nothing (the same client id is the same user, credits are granted once) and
    # it locked a person out for a week when they reached the same server by another
    # address (a new --port 0, localhost vs 127.0.0.1): the client keys tokens by URL.
    token_rate_window: float | None = _knob(
        None,
        "seconds one client id waits for a second live token (429); 0 = never "
        "(default: 0, hosted-like 7 days)",
        ge=0,
    )
    retry_after: int = _knob(DEFAULT_RETRY_AFTER_SECONDS, "Retry-After seconds sent with 429", ge=0)
    max_upload_bytes: int = _knob(MAX_UPLOAD_BYTES, "largest accepted file (4002 above)", ge=1)
    hosted_like: bool = _knob(
        False, "answer like the hosted service (sets the knobs below unless given)"
    )
    errors_http_200: bool | None = _knob(None, "enveloped errors come with HTTP 200")
    silent_edit_turns: float | None = _knob(
        None, "fraction of draft-changing turns that stream no text (0-1)", ge=0, le=1
    )
    status_shape: StatusShape | None = _knob(
        None, "render status body: combined|top|data|output_url"
    )
    poll_interval: float | None = _knob(None, "render poll interval advertised to clients", gt=0)
    adk_errors: bool | None = _knob(
        None, "answer /run_sse errors like a bare ADK server (404/422 detail, error frames)"
    )
    turn_delay: float = _knob(0.0, "seconds each chat turn waits (pings flow) before it runs", ge=0)
    drop_sse_after: int | None = _knob(
        None, "close the chat stream after this many events; the turn still completes", ge=0
    )
    stream_pace: float = _knob(0.02, "seconds between streamed text chunks", ge=0)
    max_render_attempts: int = _knob(
        3, "starts a render gets (a crash mid-render uses one) before it is failed", ge=1
    )
    lease_dir: Path | None = _knob(
        None, "embedded mode: exit once no live app holds a lease here and no render runs"
    )

    @field_validator("credits", mode="before")
    @classmethod
    def _unlimited(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("unlimited", "none", ""):
            return None
        return value

    @model_validator(mode="after")
    def _hosted_defaults(self) -> ServerSettings:
        """`--hosted-like` fills every knob that was not given explicitly."""
        hosted = self.hosted_like
        if self.errors_http_200 is None:
            self.errors_http_200 = hosted
        if self.silent_edit_turns is None:
            self.silent_edit_turns = 1.0 if hosted else 0.0
        if self.status_shape is None:
            self.status_shape = "output_url" if hosted else "combined"
        if self.token_rate_window is None:
            self.token_rate_window = float(SEVEN_DAYS) if hosted else 0.0
        if self.poll_interval is None:
            self.poll_interval = 30.0 if hosted else 1.0
        if self.adk_errors is None:
            self.adk_errors = hosted
        return self

    @property
    def kind(self) -> Literal["photoreel", "hosted-like"]:
        return "hosted-like" if self.hosted_like else "photoreel"

    @property
    def credits_unlimited(self) -> bool:
        return self.credits is None


# -- command line ---------------------------------------------------------------


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _is_bool(name: str) -> bool:
    annotation = ServerSettings.model_fields[name].annotation
    return annotation in (bool, bool | None)


def _help(field: Any) -> str:
    """The field's description with its default, as `--help` shows every option."""
    text = str(field.description or "")
    if "default" in text or field.default is None:
        return text  # the description says what unset means
    shown = ("on" if field.default else "off") if isinstance(field.default, bool) else field.default
    return f"{text} (default: {shown})"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per settings field; flags not given stay unset so defaults apply."""
    for name, field in ServerSettings.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        help_text = argparse.SUPPRESS if extra.get("hidden") else _help(field)
        if _is_bool(name):
            parser.add_argument(
                _flag(name),
                dest=name,
                action=argparse.BooleanOptionalAction,
                default=argparse.SUPPRESS,
                help=help_text,
            )
        else:
            metavar = "N|unlimited" if name == "credits" else name.upper()
            parser.add_argument(
                _flag(name), dest=name, default=argparse.SUPPRESS, metavar=metavar, help=help_text
            )


def settings_from_args(args: argparse.Namespace) -> ServerSettings:
    """Validate parsed flags; raises `SettingsInvalid` with a message naming the flag."""
    given = {k: v for k, v in vars(args).items() if k in ServerSettings.model_fields}
    try:
        return ServerSettings(**given)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else ""
        flag = _flag(name) if name else "settings"
        message = str(err["msg"])
        if name == "credits":
            message = f"{given.get('credits')!r} is not a number of credits; use N or 'unlimited'"
        raise SettingsInvalid(f"{flag}: {message}") from None


class SettingsInvalid(ValueError):
    """A flag value that does not validate."""


def serve_args(**settings: Any) -> list[str]:
    """Keyword settings as `photoreel serve` flags (validated first, so typos fail early)."""
    ServerSettings(**settings)
    out: list[str] = []
    for name, value in settings.items():
        if _is_bool(name):
            if value is not None:
                out.append(_flag(name) if value else "--no-" + name.replace("_", "-"))
            continue
        if value is None:
            if name == "credits":
                out += [_flag(name), "unlimited"]
            continue
        out += [_flag(name), str(value)]
    return out
