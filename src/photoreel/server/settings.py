"""Settings of one backend process, and the `photoreel serve` flags that set them.

One pydantic model is the single source of truth: the command line is generated
from its fields (`add_serve_arguments`), and a test or the embedded launcher turns
keyword arguments back into flags with `serve_args`, so a subprocess server can be
configured exactly like an in-process one. Every field is a documented flag
(docs/SERVER.md), in three groups:

* what a person sets: where it listens, its data, credits, workers;
* limits and timings: token lifetime, upload size, render attempts, pacing;
* how it answers: behaviours where the hosted service differs from photoreel's
  own server. `--hosted-like` switches all of them to the hosted service's
  way; each can still be set on its own. A new behaviour is one field made
  with `behaviour(photoreel=..., hosted_like=..., help=...)` and one row in
  docs/SERVER.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from photoreel.protocol.api import StatusShape
from photoreel.protocol.errors import DEFAULT_RETRY_AFTER_SECONDS
from photoreel.protocol.formats import MAX_UPLOAD_BYTES

SEVEN_DAYS = 7 * 24 * 3600
DEFAULT_PORT = 8787

LogLevel = Literal["critical", "error", "warning", "info", "debug"]
SubmitShape = Literal["data", "success"]
Group = Literal["person", "limits", "behaviour"]

GROUP_TITLES: dict[Group, str] = {
    "person": "where it listens and what it holds",
    "limits": "limits and timings",
    "behaviour": "how it answers (--hosted-like sets each one the hosted service's way)",
}


def setting(default: Any, help: str, *, group: Group = "person", **kw: Any) -> Any:
    """A field of `ServerSettings`, shown in `--help` under `group`."""
    return Field(default, description=help, json_schema_extra={"group": group}, **kw)


def behaviour(*, photoreel: Any, hosted_like: Any, help: str, **kw: Any) -> Any:
    """A way of answering where the hosted service differs: its value on photoreel's own
    server (the default) and with `--hosted-like`, which applies unless it is given."""
    extra = {"group": "behaviour", "photoreel": photoreel, "hosted_like": hosted_like}
    return Field(photoreel, description=help, json_schema_extra=extra, **kw)


class ServerSettings(BaseModel):
    """Everything one `photoreel serve` process is configured with."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    # -- where it listens and what it holds --------------------------------------
    host: str = setting(
        "127.0.0.1",
        "address to listen on; 0.0.0.0 for every network (default: 127.0.0.1, this machine only)",
    )
    port: int = setting(
        DEFAULT_PORT, "TCP port, 0 for any free one (the startup line shows which)", ge=0, le=65535
    )
    uds: Path | None = setting(None, "listen on this Unix socket instead of TCP (default: TCP)")
    data: Path | None = setting(
        None, "data directory: database, media, renders (default: user data dir)"
    )
    temp_dir: Path | None = setting(
        None,
        "folder for renders' temporary files, emptied at every start (default: tmp/ in the "
        "data directory)",
    )
    min_free_mb: int = setting(
        100,
        "free space kept on the data folder's disk, in MB: below it the server is full and "
        "refuses new uploads, renders and storyboards (5007) until space returns",
        ge=0,
    )
    max_data_mb: int | None = setting(
        None,
        "most space the data folder may take, in MB; past it the server is full as above "
        "(default: no limit but the disk)",
        ge=1,
    )
    credits: int | None = setting(
        None,
        "the server's credit budget: what all users together get, or 'unlimited' "
        "(default: unlimited)",
        ge=0,
    )
    credits_per_user: int | None = setting(
        None,
        "the most credits one user gets out of the budget (default: all of it)",
        ge=0,
    )
    workers: int = setting(1, "renders that run at the same time", ge=1, le=16)
    allow_private_urls: bool = setting(
        False, "let URL uploads fetch from loopback and private-network addresses"
    )
    url_timeout: float = setting(
        30.0, "seconds a URL upload may stay silent before it is abandoned", gt=0
    )
    heartbeat: float = setting(15.0, "seconds between ': ping' lines while a chat turn works", gt=0)
    log_level: LogLevel = setting(
        "warning", "server log detail on stderr: critical, error, warning, info, debug"
    )
    lease_dir: Path | None = setting(
        None,
        "exit once no live app holds a lease in this folder and no render runs (the app's "
        "private backend uses it; default: run until stopped)",
    )
    cluster: str | None = setting(
        None,
        "a Dask scheduler's address (tcp://HOST:8786): each render is cut into chunks made by "
        "the `photoreel worker`s there (default: renders are made on this machine)",
    )
    advertise_url: str | None = setting(
        None,
        "the URL the cluster's workers reach this server at, to download media (default: the "
        "one it listens on; with --host 0.0.0.0, this machine's name)",
    )
    # 20 s, the length of the windows a local render is made in (engine.render.CHUNK_SECONDS):
    # measured with bench/farm.py, 10 s chunks cost one worker 6 % over a local render (twice
    # the chunk starts, and photos at the cuts prepared twice), 20 s chunks 1 %. A farm of
    # many machines making short videos may want smaller chunks: more machines per video.
    chunk_seconds: float = setting(
        20.0, "seconds of video in each chunk sent to the cluster", gt=0, le=600
    )

    # -- limits and timings --------------------------------------------------------
    token_ttl: float = setting(
        SEVEN_DAYS, "seconds a token lives; then it answers 1001", group="limits", gt=0
    )
    retry_after: int = setting(
        DEFAULT_RETRY_AFTER_SECONDS, "Retry-After seconds sent with 429", group="limits", ge=0
    )
    max_upload_bytes: int = setting(
        MAX_UPLOAD_BYTES, "largest accepted file in bytes (4002 above)", group="limits", ge=1
    )
    # Every uploaded file is decoded before it is accepted (engine/verify.py), within these.
    max_photo_pixels: int = setting(
        178_956_970,
        "largest photo accepted, in pixels (about 16,000 x 11,000); 4002 above",
        group="limits",
        ge=1,
    )
    max_animation_frames: int = setting(
        2000, "most frames of one animated GIF or WebP; 4002 above", group="limits", ge=1
    )
    decode_seconds: float = setting(
        30.0, "seconds checking one uploaded file may take; 4001 when slower", group="limits", gt=0
    )
    max_render_attempts: int = setting(
        3,
        "starts a render gets when something other than its input stops it (a crash of "
        "the server uses one) before it fails with a reason",
        group="limits",
        ge=1,
    )
    max_previews: int = setting(
        2,
        "preview streams rendering at the same time on this server, all users together "
        "(each is an ffmpeg at work); one more answers 429",
        group="limits",
        ge=1,
        le=64,
    )
    cluster_timeout: float = setting(
        30.0,
        "seconds to wait for the cluster's scheduler; a render that cannot reach it uses an "
        "attempt",
        group="limits",
        gt=0,
    )
    # The most work one request may ask for (server/limits.py, docs/SERVER.md "Limits").
    max_video_seconds: float = setting(
        600.0, "longest video a render or storyboard makes, in seconds", group="limits", gt=0
    )
    max_canvas_side: int = setting(
        1920, "largest canvas width or height, in pixels", group="limits", ge=16, le=4096
    )
    max_fps: int = setting(60, "highest frame rate a draft may ask for", group="limits", ge=1)
    max_tracks: int = setting(16, "most tracks in one draft", group="limits", ge=1)
    max_segments: int = setting(
        1000, "most segments in one draft, all tracks together", group="limits", ge=1
    )
    max_text_chars: int = setting(
        500, "longest text one text segment draws, in characters", group="limits", ge=1
    )
    max_render_temp_mb: int = setting(
        2048,
        "temporary space one render may use, in MB (estimated at submit, measured while it runs)",
        group="limits",
        ge=1,
    )
    max_queued_renders: int = setting(
        10, "renders one user may have waiting or running", group="limits", ge=1
    )
    max_chat_chars: int = setting(4000, "longest chat message, in characters", group="limits", ge=1)
    max_body_bytes: int = setting(
        2 * 1024 * 1024,
        "largest request body other than a multipart file upload, in bytes",
        group="limits",
        ge=1024,
    )
    turn_delay: float = setting(
        0.0,
        "seconds each chat turn takes before it runs, pings flowing (a hosted model's "
        "thinking time)",
        group="limits",
        ge=0,
    )
    stream_pace: float = setting(
        0.0,
        "seconds between streamed reply chunks, as a model writes (0: the reply arrives at once)",
        group="limits",
        ge=0,
    )

    # -- how it answers --------------------------------------------------------------
    hosted_like: bool = setting(
        False,
        "answer like the hosted service: every behaviour below not given is set its way, "
        "and /api/server/info says hosted-like",
        group="behaviour",
    )
    # The hosted service refuses a second live token per client id for 7 days. Here it
    # guards nothing (the same client id is the same user, credits are granted once) and
    # it locked a person out for a week when they reached the same server by another
    # address (a new --port 0, localhost vs 127.0.0.1): the client keys tokens by URL.
    token_rate_window: float = behaviour(
        photoreel=0.0,
        hosted_like=float(SEVEN_DAYS),
        help="seconds one client id waits for a second live token (429); 0 = never",
        ge=0,
    )
    errors_http_200: bool = behaviour(
        photoreel=False, hosted_like=True, help="enveloped errors come with HTTP 200"
    )
    silent_edit_turns: float = behaviour(
        photoreel=0.0,
        hosted_like=1.0,
        help="fraction of draft-changing turns that stream no text (0-1)",
        ge=0,
        le=1,
    )
    status_shape: StatusShape = behaviour(
        photoreel="combined",
        hosted_like="output_url",
        help="render status body: combined, top, data or output_url",
    )
    poll_interval: float = behaviour(
        photoreel=1.0,
        hosted_like=30.0,
        help="seconds between render polls, advertised to clients",
        gt=0,
    )
    adk_errors: bool = behaviour(
        photoreel=False,
        hosted_like=True,
        help="answer /run_sse errors like a bare ADK server (404/422 detail, error frames)",
    )
    # The hosted service's documented answers (PROTOCOL.md, "What a client must tolerate"):
    # server/hosted.py makes them, so that a client meets each on a real socket.
    minimal_answers: bool | None = behaviour(
        photoreel=False,
        hosted_like=True,
        help="token answers carry only token and credits, session answers only task_id and "
        "session_id, as the newest documents show",
    )
    epoch_times: bool | None = behaviour(
        photoreel=False,
        hosted_like=True,
        help="render times (createdAt, completedAt; created_at, completed_at in the state) as "
        "epoch milliseconds instead of ISO text",
    )
    bare_rows: bool | None = behaviour(
        photoreel=False,
        hosted_like=True,
        help="state rows without the keys photoreel adds: video_infos only cdn_url, file_type, "
        "duration, width, height; generated_media only id, status, url",
    )
    foreign_drafts: bool | None = behaviour(
        photoreel=False,
        hosted_like=False,
        help="the state's draft in segment keys no public document names (start or none, "
        "duration, media as a sandbox path, vol in percent) and a render of it accepted",
    )
    submit_shape: SubmitShape | None = behaviour(
        photoreel="data",
        hosted_like="data",
        help='the render submit\'s answer: data (data.render_id ...) or success ({"success": '
        'true, "data": {"id", "status", "progress"}}, one documented version)',
    )

    @field_validator("credits", mode="before")
    @classmethod
    def _unlimited(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("unlimited", "none", ""):
            return None
        return value

    @model_validator(mode="before")
    @classmethod
    def _behaviours(cls, data: Any) -> Any:
        """With `hosted_like`, each behaviour not given explicitly takes the hosted value."""
        if not isinstance(data, dict):
            return data
        try:
            hosted = TypeAdapter(bool).validate_python(data.get("hosted_like", False))
        except ValidationError:
            return data  # the field's own validation says what is wrong
        if not hosted:
            return data
        filled = dict(data)
        for name, field in cls.model_fields.items():
            extra = _extra(field)
            if "hosted_like" in extra and filled.get(name) is None:
                filled[name] = extra["hosted_like"]
        return filled

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


def _extra(field: FieldInfo) -> dict[str, Any]:
    return field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}


def _shown(value: Any) -> str:
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


def _help(field: FieldInfo) -> str:
    """The field's description with its default, as `--help` shows every option."""
    text = str(field.description or "")
    extra = _extra(field)
    if "photoreel" in extra:
        mine, hosted = _shown(extra["photoreel"]), _shown(extra["hosted_like"])
        return f"{text} (default: {mine}; hosted-like: {hosted})"
    if "default" in text or field.default is None:
        return text  # the description says what unset means
    return f"{text} (default: {_shown(field.default)})"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per settings field, grouped as in docs/SERVER.md; flags not given stay
    unset so defaults apply."""
    groups = {name: parser.add_argument_group(title) for name, title in GROUP_TITLES.items()}
    for name, field in ServerSettings.model_fields.items():
        group = groups[_extra(field).get("group", "person")]
        if _is_bool(name):
            group.add_argument(
                _flag(name),
                dest=name,
                action=argparse.BooleanOptionalAction,
                default=argparse.SUPPRESS,
                help=_help(field),
            )
        else:
            metavar = "N|unlimited" if name == "credits" else name.upper()
            group.add_argument(
                _flag(name),
                dest=name,
                default=argparse.SUPPRESS,
                metavar=metavar,
                help=_help(field),
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
