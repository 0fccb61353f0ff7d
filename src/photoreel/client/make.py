"""`photoreel make` as a flow over the client: photos and a sentence in, a video file out.

Session, upload, one chat turn, export, wait, download: the same calls the app
makes, in order, reporting each step to a `MakeProgress` so that the command
line can draw progress bars (and a test can watch) without this module knowing
how. `check_make_inputs` refuses bad input before any backend is started.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from photoreel.client.client import PhotoreelClient, exportable, upload_error
from photoreel.client.errors import PhotoreelError, UnreadableFile, UnsupportedFile
from photoreel.client.events import ChatError, TurnComplete, _ChatEvent
from photoreel.client.gui_phrases import translate_gui_phrases
from photoreel.protocol.api import RenderStatus
from photoreel.protocol.draft import Aspect
from photoreel.protocol.formats import kind_for_extension

OUTPUT_FORMATS = ("mp4", "webm", "gif")


class InstructionNotUnderstood(PhotoreelError):
    """The agent's turn left the timeline empty: nothing to render from it."""

    code = "not_understood"


class MakeRequest(BaseModel):
    photos: list[Path] = Field(min_length=1, description="photos (and clips), in order")
    prompt: str = Field(min_length=1)
    output: Path | None = Field(None, description="file to write; None: a new name in cwd")
    music: Path | None = None
    ratio: Aspect | None = None
    quality: str = "high"

    @property
    def format(self) -> str:
        suffix = self.output.suffix.lower().lstrip(".") if self.output else ""
        return suffix if suffix in OUTPUT_FORMATS else "mp4"

    def instruction(self) -> str:
        """The prompt, with `--ratio` and `--music` said in words the agent understands."""
        text = self.prompt.strip()
        if text[-1:] not in ".!?。！？":
            text += "."
        if self.ratio:
            text += f" Make it {self.ratio}."
        if self.music:
            text += f" Use {self.music.name} as background music."
        return text


class MakeResult(BaseModel):
    output: Path
    session_id: str
    render_id: str
    reply: str
    summary: str
    changes: list[str] = Field(default_factory=list)
    duration: float | None = Field(None, description="seconds, as the backend reports it")
    size: int = Field(description="bytes written")


class MakeProgress(Protocol):
    """What a front end is told while `make_video` runs."""

    def stage(self, text: str) -> None: ...
    def upload(self, path: Path, sent: int, total: int) -> None: ...
    def chat(self, event: _ChatEvent) -> None: ...
    def render(self, status: RenderStatus) -> None: ...
    def download(self, sent: int, total: int | None) -> None: ...


def check_make_inputs(request: MakeRequest) -> None:
    """Refuse what cannot work before anything starts: missing files, wrong kinds."""
    for photo in request.photos:
        _check_file(photo, ("image", "video"), "a photo or clip")
    if request.music is not None:
        _check_file(request.music, ("audio",), "an audio file (mp3, wav, m4a, aac)")
    if request.output is not None:
        suffix = request.output.suffix.lower().lstrip(".")
        if suffix and suffix not in OUTPUT_FORMATS:
            raise UnsupportedFile(
                request.output.name, f"photoreel writes {', '.join(OUTPUT_FORMATS)} videos"
            )
        if request.output.is_dir():
            raise UnreadableFile(request.output, "it is a directory; name the video file")


def _check_file(path: Path, kinds: tuple[str, ...], what: str) -> None:
    if not path.is_file():
        raise UnreadableFile(path, "no such file" if not path.exists() else "not a file")
    kind = kind_for_extension(path.name)
    if kind is None:
        raise UnsupportedFile(path.name, "not a format photoreel reads")
    if kind not in kinds:
        raise UnsupportedFile(path.name, f"it is {kind}; expected {what}")


def default_output(directory: Path, stem: str, fmt: str = "mp4") -> Path:
    """`<stem>.mp4` in `directory`, or `<stem>-2.mp4` ... so no existing file is replaced."""
    candidate = directory / f"{stem}.{fmt}"
    n = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
        candidate = directory / f"{stem}-{n}.{fmt}"
        n += 1
    return candidate


async def make_video(
    client: PhotoreelClient, request: MakeRequest, progress: MakeProgress
) -> MakeResult:
    """The whole flow. Raises `PhotoreelError` subclasses; nothing is retried beyond the
    client's own protocol retries."""
    progress.stage("Starting a new project")
    session = await client.new_session()
    sid = session.session_id
    progress.stage(f"Project {sid} (look at it later with `photoreel state {sid}`)")
    files = [*request.photos, *([request.music] if request.music else [])]
    progress.stage(f"Uploading {len(files)} file{'s' if len(files) != 1 else ''}")
    uploaded = await client.upload(sid, files, progress.upload)
    for row in uploaded.files:
        if (error := upload_error(row)) is not None:
            raise error
    sid = client.session_id(sid)
    progress.stage("Asking the agent")
    done: TurnComplete | None = None
    async for event in client.chat(sid, request.instruction()):
        progress.chat(event)
        if isinstance(event, ChatError):
            raise PhotoreelError(event.message, code=event.code)
        if isinstance(event, TurnComplete):
            done = event
    sid = client.session_id(sid)
    if done is None:  # pragma: no cover - chat always ends with TurnComplete or ChatError
        raise PhotoreelError("The agent's turn ended without an answer.", code="agent_error")
    reply = translate_gui_phrases(done.reply).text
    state = await client.state(sid)
    if not exportable(state.state.draft):
        raise InstructionNotUnderstood(
            f"The agent did not build a video from that instruction. It said: {reply}"
        )
    output = request.output or default_output(Path.cwd(), f"photoreel-{sid}", request.format)
    progress.stage("Rendering")
    status = await client.export(sid, fmt=request.format, quality=request.quality, dest=output)
    status = await client.wait_render(status.render_id, progress.render)
    progress.stage("Downloading")
    path = await client.download(status, output, progress.download)
    return MakeResult(
        output=path,
        session_id=sid,
        render_id=status.render_id,
        reply=reply,
        summary=done.summary,
        changes=done.changes,
        duration=status.output.duration if status.output else None,
        size=path.stat().st_size,
    )
