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
    AnswerUnreadable,
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
    Recovering,
    SessionReplaced,
    StillWorking,
    TextDelta,
    TextFinal,
    ToolCall,
    ToolResult,
    TurnComplete,
)
from photoreel.client.gui_phrases import GuiAction, GuiTranslation, translate_gui_phrases
from photoreel.client.renders import PendingRender
from photoreel.client.retries import RetryPolicy
from photoreel.client.routing import Route, route_instruction
from photoreel.protocol.answers import (
    CreditsAnswer,
    MediaRow,
    RenderAnswer,
    RenderRow,
    SessionAnswer,
    StateAnswer,
    TokenAnswer,
    UploadAnswer,
    UploadRow,
    read_render_answer,
)
from photoreel.protocol.language import reply_language

__all__ = [
    "ATTRIBUTION",
    "HOSTED_URL",
    "AnswerUnreadable",
    "Backend",
    "BackendError",
    "BackendKind",
    "BackendUnavailable",
    "CannotWrite",
    "ChatError",
    "ChatEvent",
    "CreditsAnswer",
    "DownloadFailed",
    "ExportBlocked",
    "FileTooLarge",
    "GuiAction",
    "GuiTranslation",
    "Heartbeat",
    "MediaRow",
    "NoCredits",
    "NotOffered",
    "NothingToExport",
    "PendingOutcome",
    "PendingRender",
    "PhotoreelClient",
    "PhotoreelError",
    "RateLimited",
    "Recovering",
    "RenderAnswer",
    "RenderFailed",
    "RenderProgress",
    "RenderRow",
    "RenderStillRunning",
    "RetryPolicy",
    "Route",
    "SessionAnswer",
    "SessionNotFound",
    "SessionReplaced",
    "StateAnswer",
    "StillWorking",
    "TextDelta",
    "TextFinal",
    "TokenAnswer",
    "TokenExpired",
    "ToolCall",
    "ToolResult",
    "TurnComplete",
    "UnreadableFile",
    "UnsupportedFile",
    "UploadAnswer",
    "UploadProgress",
    "UploadRow",
    "backend_for_api",
    "change_reply",
    "describe_changes",
    "read_render_answer",
    "reply_language",
    "route_instruction",
    "translate_gui_phrases",
    "upload_error",
]
