"""What a client reads from a service, read leniently: every documented version of each answer.

The hosted service's documents disagree from version to version (PROTOCOL.md,
"What a client must tolerate"): a token answer may carry only `token` and
`credits`, a session answer only `task_id` and `session_id`, a render status
comes in three shapes with timestamps as ISO text or epoch milliseconds, and
state rows carry keys no document names. photoreel's own server sends the
strict bodies of `protocol.api`; these models are the other side of the wire,
what the client accepts from any service:

* unknown keys are kept (`model_extra`), never refused;
* a missing optional key takes its default; a value of the wrong kind where a
  person would see the meaning (`"12"` for 12, `1732000000000` for a time) is
  converted, and one that makes no sense becomes the default instead of an error;
* only what the client cannot work without is required (a token's `token`, a
  session's `session_id`, a render's `status` when polled). `read_answer`
  turns its absence into `AnswerIncomplete`, one sentence naming the key.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from photoreel.protocol.draft import Draft, read_draft

if TYPE_CHECKING:
    from photoreel.protocol.foreign_draft import Normalized

# Tokens live 7 days (PROTOCOL.md, "Error codes"): the expiry when an answer omits it.
TOKEN_LIFETIME = timedelta(days=7)
# Epoch numbers at or above this are milliseconds: 1e11 s is the year 5138, 1e11 ms is 1973.
EPOCH_MS_FROM = 1e11

# -- lenient scalars -------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_text(value: Any) -> str | None:
    """Text, or a number written as text (`123` -> "123"); None for anything else."""
    if isinstance(value, str):
        return value
    if _is_number(value) and math.isfinite(value):
        return str(int(value)) if float(value).is_integer() else str(value)
    return None


def as_number(value: Any) -> float | None:
    """A finite number, or text that is one (`"12.5"`); None for anything else."""
    if _is_number(value):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_integer(value: Any) -> int | None:
    number = as_number(value)
    return round(number) if number is not None else None


def as_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    if _is_number(value) and value in (0, 1):
        return bool(value)
    return None


def as_time(value: Any) -> datetime | None:
    """ISO 8601 text (with `Z` or an offset, naive is UTC), or epoch seconds or
    milliseconds as a number or as text; None for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    number = as_number(value)
    if number is not None:
        seconds = number / 1000 if abs(number) >= EPOCH_MS_FROM else number
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _rows(value: Any) -> list[Any]:
    """A list of objects: null is empty, one object is a list of one, non-objects dropped."""
    if isinstance(value, dict | BaseModel):
        return [value]
    if isinstance(value, list | tuple):
        return [row for row in value if isinstance(row, dict | BaseModel)]
    return []


def _object(value: Any) -> Any:
    """An object (or a model made already); None for anything else."""
    return value if isinstance(value, dict | BaseModel) else None


Text = Annotated[str | None, BeforeValidator(as_text)]
Number = Annotated[float | None, BeforeValidator(as_number)]
Integer = Annotated[int | None, BeforeValidator(as_integer)]
Flag = Annotated[bool | None, BeforeValidator(as_flag)]
Timestamp = Annotated[datetime | None, BeforeValidator(as_time)]
# Required text: a number is taken as its digits; anything else is "missing".
NeededText = Annotated[str, BeforeValidator(lambda v: as_text(v) or None)]
# A yes/no that is no unless the answer says yes; a count that is 0 unless it says more.
Switch = Annotated[bool, BeforeValidator(lambda v: bool(as_flag(v)))]
Count = Annotated[int, BeforeValidator(lambda v: as_integer(v) or 0)]

Row = TypeVar("Row", bound=BaseModel)


class Lenient(BaseModel):
    """Base of every answer model: unknown keys kept, names in snake_case or camelCase."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


def _either(*names: str) -> Any:
    return AliasChoices(*names)


# -- the answers ------------------------------------------------------------------------


class TokenAnswer(Lenient):
    """`POST /api/auth/anonymous-token`: only `token` is needed. Without `expires_at` the
    token is taken to live the documented 7 days from now."""

    token: NeededText = Field(validation_alias=_either("token", "access_token", "accessToken"))
    user_id: Text = Field(None, validation_alias=_either("user_id", "userId"))
    expires_at: Timestamp = Field(None, validation_alias=_either("expires_at", "expiresAt"))
    credits: Integer = None
    unlimited: Switch = Field(False, description="photoreel: the server counts no credits")

    @model_validator(mode="after")
    def _expiry(self) -> TokenAnswer:
        if self.expires_at is None:
            self.expires_at = datetime.now(UTC) + TOKEN_LIFETIME
        return self


class SessionAnswer(Lenient):
    """`POST /api/tasks/me/with-session/nemo_agent`: only `session_id` is needed."""

    session_id: NeededText = Field(validation_alias=_either("session_id", "sessionId"))
    task_id: Text = Field(None, validation_alias=_either("task_id", "taskId"))
    user_id: Text = Field(None, validation_alias=_either("user_id", "userId"))


class CreditsAnswer(Lenient):
    """`GET /api/credits/balance/simple`. `available` None means unlimited (photoreel says
    so with `unlimited`); a balance with neither is not a balance."""

    available: Integer = Field(None, validation_alias=_either("available", "balance"))
    frozen: Count = Field(0, validation_alias=_either("frozen", "reserved"))
    total: Integer = None
    unlimited: Switch = False

    @model_validator(mode="after")
    def _has_balance(self) -> CreditsAnswer:
        if self.available is None and not self.unlimited:
            raise ValueError("needed: available")
        return self


class CanvasAnswer(Lenient):
    width: Integer = None
    height: Integer = None
    aspect_ratio: Text = Field(None, validation_alias=_either("aspect_ratio", "aspectRatio"))


class MediaRow(Lenient):
    """A media file of the session (`state.video_infos[]`): every key may be missing."""

    media_id: Text = Field(None, validation_alias=_either("media_id", "mediaId", "id"))
    filename: Text = Field(None, validation_alias=_either("filename", "file_name", "name"))
    file_type: Text = Field(None, validation_alias=_either("file_type", "fileType", "type"))
    cdn_url: Text = Field(None, validation_alias=_either("cdn_url", "cdnUrl", "url"))
    duration: Number = None
    width: Integer = None
    height: Integer = None
    fps: Number = None
    hash: Text = None
    size: Integer = None
    format: Text = None

    @property
    def name(self) -> str:
        """What to call it: its file name, else the last part of its URL, else its id."""
        if self.filename:
            return self.filename
        if self.cdn_url:
            tail = self.cdn_url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            if tail:
                return tail
        return self.media_id or "unnamed file"


class RenderRow(Lenient):
    """A render or generated file of the session (`state.generated_media[]`)."""

    render_id: Text = Field(None, validation_alias=_either("render_id", "renderId", "id"))
    status: Text = None
    url: Text = Field(None, validation_alias=_either("url", "outputUrl", "output_url"))
    duration: Number = None
    size: Integer = None
    format: Text = None
    created_at: Timestamp = Field(None, validation_alias=_either("created_at", "createdAt"))
    completed_at: Timestamp = Field(None, validation_alias=_either("completed_at", "completedAt"))
    error: Text = None


Rows = Annotated[list[Row], BeforeValidator(_rows)]


class StateContents(Lenient):
    """`data.state`: the draft (a plain dict: the hosted service's drafts use keys photoreel
    does not define), the media, the canvas and what renders produced."""

    draft: Annotated[dict[str, Any] | None, BeforeValidator(_object)] = None
    video_infos: Rows[MediaRow] = Field(default_factory=list)
    canvas_config: Annotated[CanvasAnswer | None, BeforeValidator(_object)] = None
    video_analyses: Any = None
    generated_media: Rows[RenderRow] = Field(default_factory=list)

    @property
    def reading(self) -> Normalized:
        """The draft read by what it means (`foreign_draft`): a draft from elsewhere in
        photoreel's keys, its media found among `video_infos`, or what cannot be read."""
        from photoreel.protocol.foreign_draft import normalize

        return normalize(self.draft, self.video_infos)

    @property
    def timeline(self) -> Draft | None:
        """The draft as a model (`read_draft` of its reading): None before the first edit,
        and None for a draft that cannot be read (`unreadable` says why) rather than a
        wrong drawing of it. `draft` stays the JSON it came as: an export sends it back."""
        reading = self.reading
        return read_draft(reading.draft) if reading.readable else None

    @property
    def unreadable(self) -> str | None:
        """What is said instead of a summary when the draft cannot be read; else None."""
        problems = self.reading.problems
        if not problems:
            return None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"Timeline: photoreel cannot read this draft ({problems[0]}{more})."

    @property
    def exportable(self) -> bool:
        """Some track of `draft.t` has segments (PROTOCOL.md): true of a draft photoreel
        cannot read too, which the service renders itself."""
        if self.timeline is not None and self.timeline.has_segments:
            return True
        tracks = (self.draft or {}).get("t")
        return any(isinstance(t, dict) and t.get("sg") for t in tracks or [])


class StateAnswer(Lenient):
    """`GET /api/state/nemo_agent/me/<sid>/latest`. `version` is photoreel's draft counter
    (None from the hosted service, which has none)."""

    session_id: Text = Field(None, validation_alias=_either("session_id", "sessionId"))
    task_id: Text = Field(None, validation_alias=_either("task_id", "taskId"))
    task_name: Text = Field(None, validation_alias=_either("task_name", "taskName"))
    state: Annotated[StateContents, BeforeValidator(lambda v: _object(v) or {})]
    version: Integer = None

    @model_validator(mode="before")
    @classmethod
    def _state_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and "state" not in data:
            data = {**data, "state": {}}
        return data


class UploadRow(Lenient):
    """One file of an upload answer. photoreel adds `media_id`, and `code`/`message` on a
    file that failed while the others were stored."""

    filename: Text = Field(None, validation_alias=_either("filename", "file_name", "name"))
    file_type: Text = Field(None, validation_alias=_either("file_type", "fileType", "type"))
    cdn_url: Text = Field(None, validation_alias=_either("cdn_url", "cdnUrl", "url"))
    duration: Number = None
    width: Integer = None
    height: Integer = None
    fps: Number = None
    hash: Text = None
    media_id: Text = Field(None, validation_alias=_either("media_id", "mediaId", "id"))
    code: Count = 0
    message: Text = None


class UploadAnswer(Lenient):
    files: Rows[UploadRow] = Field(default_factory=list)
    session_state_applied: Flag = None
    findings: Text = Field(None, description="photoreel: what the session's photos hold")


# -- render status: three documented shapes, one model --------------------------------------

RenderState = Literal["pending", "processing", "completed", "failed", "cancelled"]

_STATUS_WORDS: dict[str, RenderState] = {
    "pending": "pending",
    "queued": "pending",
    "waiting": "pending",
    "submitted": "pending",
    "created": "pending",
    "processing": "processing",
    "running": "processing",
    "rendering": "processing",
    "in_progress": "processing",
    "started": "processing",
    "completed": "completed",
    "complete": "completed",
    "done": "completed",
    "success": "completed",
    "succeeded": "completed",
    "finished": "completed",
    "failed": "failed",
    "failure": "failed",
    "error": "failed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}

FINISHED: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


class RenderOutputAnswer(Lenient):
    url: Text = None
    duration: Number = None
    size: Integer = None


def _first(mapping: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = mapping.get(key)
        if value not in (None, ""):
            return value
    return None


def _merged(body: Any) -> dict[str, Any]:
    """The fields of any shape in one dict: the top level (less the envelope), then `data`."""
    merged: dict[str, Any] = {}
    if isinstance(body, dict):
        envelope = ("code", "message", "data", "success", "msg")
        merged.update({k: v for k, v in body.items() if k not in envelope})
        if isinstance(body.get("data"), dict):
            merged.update(body["data"])
    return merged


def status_word(value: Any) -> RenderState | None:
    """A documented status for a service's word (`done` -> completed); unknown words are
    `processing` (the render exists and has not said it ended); None when there is none."""
    text = as_text(value)
    if not text or not text.strip():
        return None
    return _STATUS_WORDS.get(text.strip().lower().replace(" ", "_").replace("-", "_"), "processing")


class RenderAnswer(Lenient):
    """A render's submit or status answer, from any documented shape: status at the top
    level with `output.url`; the same inside `data`; `data.outputUrl` with `createdAt`/
    `completedAt` (ISO or epoch ms); or `{"success": true, "data": {"id", ...}}`.

    Read it with `read_render_answer`, which knows the render id asked about and whether
    the status is needed (a poll) or may be missing (a submit: then `pending`)."""

    render_id: NeededText
    status: RenderState
    progress: float = Field(0.0, ge=0, le=100)
    output: RenderOutputAnswer = Field(default_factory=RenderOutputAnswer)
    error: Text = None
    created_at: Timestamp = None
    completed_at: Timestamp = None

    @property
    def url(self) -> str | None:
        """Where the finished file is, whichever key carried it."""
        return self.output.url

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


# The keys `render_fields` reads; any other key of the answer is kept as it came.
_RENDER_KEYS = frozenset(
    {
        *("render_id", "renderId", "id", "status", "state", "progress", "percent", "output"),
        *("outputUrl", "output_url", "url", "downloadUrl", "download_url", "duration", "size"),
        *("error", "error_message", "errorMessage", "createdAt", "created_at", "completedAt"),
        "completed_at",
    }
)


def render_fields(body: Any, render_id: str, *, status_needed: bool) -> dict[str, Any]:
    """The fields of `RenderAnswer` from any shape; `status` is left out when the answer
    has none and it is needed, so validating says it is missing."""
    merged = _merged(body)
    fields: dict[str, Any] = {k: v for k, v in merged.items() if k not in _RENDER_KEYS}
    status = status_word(_first(merged, "status", "state"))
    if status is None and not status_needed:
        status = "pending"
    if status is not None:
        fields["status"] = status
    found = merged.get("output")
    output: dict[str, Any] = found if isinstance(found, dict) else {}
    progress = as_number(_first(merged, "progress", "percent"))
    if progress is None:
        progress = 100.0 if status == "completed" else 0.0
    error = merged.get("error") or merged.get("error_message") or merged.get("errorMessage")
    if isinstance(error, dict):
        error = error.get("message") or error.get("detail") or str(error)
    size = as_integer(_first(output, "size") or merged.get("size"))
    fields.update(
        render_id=as_text(_first(merged, "render_id", "renderId", "id")) or render_id,
        progress=min(100.0, max(0.0, progress)),
        output={
            "url": _first(output, "url")
            or _first(merged, "outputUrl", "output_url", "url", "downloadUrl", "download_url"),
            "duration": _first(output, "duration") or merged.get("duration"),
            "size": size if size else None,
        },
        error=as_text(error) if error else None,
        created_at=_first(merged, "createdAt", "created_at"),
        completed_at=_first(merged, "completedAt", "completed_at"),
    )
    return fields


# -- reading, with one sentence for what is missing -------------------------------------------


class AnswerIncomplete(ValueError):
    """An answer without a key the client needs. `keys` names them (e.g. `session_id`)."""

    def __init__(self, what: str, keys: list[str]) -> None:
        self.what = what
        self.keys = keys
        named = " and ".join(f"`{k}`" for k in keys) if keys else "the fields it needs"
        super().__init__(f"answered {what} without {named}")


_READABLE_NAMES = {"needed: available": "available"}


def _missing_keys(exc: ValidationError) -> list[str]:
    keys: list[str] = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        key = loc or _READABLE_NAMES.get(message, message.removeprefix("needed: "))
        if key and key not in keys:
            keys.append(key)
    return keys


def read_answer(model: type[Row], data: Any, what: str) -> Row:
    """`data` (the envelope's `data`, or the body) as `model`, or `AnswerIncomplete`
    naming the needed keys it lacks. `what` names the request: "the token request"."""
    try:
        return model.model_validate(data if isinstance(data, dict) else {})
    except ValidationError as exc:
        raise AnswerIncomplete(what, _missing_keys(exc)) from None


def read_render_answer(body: Any, render_id: str, *, status_needed: bool = True) -> RenderAnswer:
    """A render's submit (`status_needed=False`) or status answer, from any shape."""
    fields = render_fields(body, render_id, status_needed=status_needed)
    what = "the render status request" if status_needed else "the render request"
    return read_answer(RenderAnswer, fields, what)


def answer_payload(body: Any) -> Any:
    """What an answer carries: the envelope's `data` (`{"code": 0, "data": ...}` or
    `{"success": true, "data": ...}`), else the body itself."""
    if isinstance(body, dict) and "data" in body and ({"code", "success"} & body.keys()):
        return body["data"]
    return body
