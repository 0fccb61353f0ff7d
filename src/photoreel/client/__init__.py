"""The async client of the image-to-video protocol: the only way the app and CLI reach a backend.

    async with PhotoreelClient(backend) as client:
        session = await client.new_session()
        await client.upload(session.session_id, photos, on_progress)
        async for event in client.chat(session.session_id, "a 15-second video"):
            ...
        status = await client.export(session.session_id)
        status = await client.wait_render(status.render_id, on_progress)
        path = await client.download(status, Path("out.mp4"), on_progress)

See docs/CLIENT.md for the retries and where things are kept.
"""

from photoreel.client.backend import HOSTED_URL, Backend, BackendKind, backend_for_api
from photoreel.client.changes import change_reply, describe_changes
from photoreel.client.client import (
    ATTRIBUTION,
    PendingOutcome,
    PhotoreelClient,
    RenderProgress,
    UploadProgress,
    upload_error,
)
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
)
from photoreel.client.events import (
    ChatError,
    ChatEvent,
    Heartbeat,
    SessionReplaced,
    StillWorking,
    TextDelta,
    TextFinal,
    ToolCall,
    ToolResult,
    TurnComplete,
)
from photoreel.client.gui_phrases import GuiAction, GuiTranslation, translate_gui_phrases
from photoreel.client.render_status import output_url, read_render_status
from photoreel.client.renders import PendingRender
from photoreel.client.routing import Route, route_instruction
from photoreel.protocol.api import (
    Credits,
    RenderStatus,
    SessionCreated,
    SessionState,
    UploadedFile,
    UploadResult,
)

__all__ = [
    "ATTRIBUTION",
    "HOSTED_URL",
    "Backend",
    "BackendError",
    "BackendKind",
    "BackendUnavailable",
    "CannotWrite",
    "ChatError",
    "ChatEvent",
    "Credits",
    "DownloadFailed",
    "ExportBlocked",
    "FileTooLarge",
    "GuiAction",
    "GuiTranslation",
    "Heartbeat",
    "NoCredits",
    "NotOffered",
    "NothingToExport",
    "PendingOutcome",
    "PendingRender",
    "PhotoreelClient",
    "PhotoreelError",
    "RateLimited",
    "RenderFailed",
    "RenderProgress",
    "RenderStatus",
    "RenderStillRunning",
    "Route",
    "SessionCreated",
    "SessionNotFound",
    "SessionReplaced",
    "SessionState",
    "StillWorking",
    "TextDelta",
    "TextFinal",
    "TokenExpired",
    "ToolCall",
    "ToolResult",
    "TurnComplete",
    "UnreadableFile",
    "UnsupportedFile",
    "UploadProgress",
    "UploadResult",
    "UploadedFile",
    "backend_for_api",
    "change_reply",
    "describe_changes",
    "output_url",
    "read_render_status",
    "route_instruction",
    "translate_gui_phrases",
    "upload_error",
]
