"""Request and response bodies of each endpoint (the `data` inside the envelope)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from photoreel.protocol.draft import Draft, read_draft
from photoreel.protocol.formats import MediaKind


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# -- auth ---------------------------------------------------------------------


class AnonymousToken(_Body):
    token: str
    user_id: str
    expires_at: str = Field(description="ISO 8601")
    credits: int | None = Field(100, description="credits available; None means unlimited")
    unlimited: bool = Field(False, description="photoreel: the server does not count credits")


# -- server (photoreel addition: GET /api/server/info) ---------------------------

ServerKind = Literal["photoreel", "hosted-like"]
StatusShape = Literal["combined", "top", "data", "output_url"]


class ServerInfo(_Body):
    """What kind of server answers, so a client can adapt (the hosted service has no such
    endpoint: a 404 here means "treat it as the hosted service")."""

    kind: ServerKind = Field(
        description="photoreel: photoreel's own backend; hosted-like: photoreel's backend "
        "configured to answer the way the hosted service does (for tests)"
    )
    version: str
    poll_interval_seconds: float = Field(description="how often to poll a render's status")
    credits_unlimited: bool
    max_upload_bytes: int
    status_shape: StatusShape = Field(description="which documented render-status body it sends")
    formats: list[str] = Field(default_factory=list, description="accepted upload formats")


# -- sessions -----------------------------------------------------------------


class SessionCreate(_Body):
    task_name: str = "project"
    language: str = "en"


class SessionCreated(_Body):
    session_id: str
    task_id: str
    user_id: str


# -- uploads ------------------------------------------------------------------


class UrlUpload(_Body):
    urls: list[str]
    source_type: Literal["url"] = "url"


class UploadedFile(_Body):
    filename: str
    file_type: MediaKind | None = None
    cdn_url: str | None = None
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    hash: str | None = None
    media_id: str | None = None
    # photoreel: a file that failed carries its own error in its row
    code: int = 0
    message: str | None = None


class UploadResult(_Body):
    files: list[UploadedFile]
    session_state_applied: bool = True
    findings: str | None = Field(
        None,
        description="photoreel: what the session's photos hold worth acting on, e.g. "
        "\"1 looks like a duplicate: say 'remove duplicates' to drop them.\"",
    )


# -- credits ------------------------------------------------------------------


class Credits(_Body):
    available: int | None = Field(None, description="None means unlimited")
    frozen: int = 0
    total: int | None = None
    unlimited: bool = False


# -- state --------------------------------------------------------------------


class CanvasConfig(_Body):
    width: int = 1920
    height: int = 1080
    aspect_ratio: str = "16:9"


class VideoInfo(_Body):
    """A media file in the session (what upload stored)."""

    media_id: str | None = None
    filename: str
    file_type: MediaKind | None = None
    cdn_url: str | None = None
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    hash: str | None = None
    # photoreel: bytes on disk and the format found by content (e.g. jpeg, png, mp4)
    size: int | None = None
    format: str | None = None


class GeneratedMedia(_Body):
    render_id: str
    status: str
    url: str | None = None
    duration: float | None = None
    size: int | None = None
    format: str = "mp4"
    created_at: str | None = None
    # photoreel: when it ended, and why it failed
    completed_at: str | None = None
    error: str | None = None


class SessionStateBody(_Body):
    # The draft stays the JSON it came as: the hosted service's drafts use keys photoreel
    # does not define, and an export sends it back as it was. Code reads `timeline`.
    draft: dict[str, Any] | None = None
    video_infos: list[VideoInfo] = Field(default_factory=list)
    canvas_config: CanvasConfig | None = None
    video_analyses: list[Any] | dict[str, Any] = Field(default_factory=list)
    generated_media: list[GeneratedMedia] = Field(default_factory=list)

    @property
    def timeline(self) -> Draft | None:
        """The draft as a model, read leniently (`read_draft`): None before the first edit."""
        return read_draft(self.draft)


class SessionState(_Body):
    session_id: str
    task_id: str | None = None
    task_name: str | None = None
    state: SessionStateBody = Field(default_factory=SessionStateBody)
    version: int = 0


# -- render -------------------------------------------------------------------

RenderStatusName = Literal["pending", "processing", "completed", "failed", "cancelled"]


class RenderOutputSpec(_Body):
    format: Literal["mp4", "webm", "gif"] = "mp4"
    quality: Literal["draft", "standard", "high"] = "high"


class RenderRequest(_Body):
    id: str = Field(description="render_<ms timestamp>, unique")
    session_id: str = Field(alias="sessionId")
    draft: dict[str, Any]
    output: RenderOutputSpec = Field(default_factory=RenderOutputSpec)


class RenderOutput(_Body):
    url: str | None = None
    duration: float | None = None
    size: int | None = None


class RenderStatus(_Body):
    """One body that reads the same under all three documented status shapes."""

    render_id: str
    status: RenderStatusName
    progress: float = Field(0, ge=0, le=100)
    output: RenderOutput | None = None
    output_url: str | None = Field(None, alias="outputUrl")
    error: str | None = None
    created_at: str | None = Field(None, alias="createdAt")
    completed_at: str | None = Field(None, alias="completedAt")
