"""`photoreel make` as a flow over the client: photos and a sentence in, a video file out.

Session, upload, one chat turn, export, wait, download: the same calls the app
makes, in order, reporting each step to a `MakeProgress` so that the command
line can draw progress bars (and a test can watch) without this module knowing
how. `check_make_inputs` refuses bad input before any backend is started.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from photoreel.client import PhotoreelClient, reply_language, upload_error
from photoreel.client.errors import CannotWrite, PhotoreelError, UnreadableFile, UnsupportedFile
from photoreel.client.events import ChatError, TurnComplete, _ChatEvent
from photoreel.client.gui_phrases import translate_gui_phrases
from photoreel.client.transfer import part_path
from photoreel.protocol.answers import RenderAnswer
from photoreel.protocol.draft import Aspect
from photoreel.protocol.formats import kind_for_extension

OUTPUT_FORMATS = ("mp4", "webm", "gif")
CANCEL_TIMEOUT = 5.0  # seconds a stopped command waits for the backend to cancel its render


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
    duration: float | None = Field(
        None, description="seconds: as the backend reports it; `make` measures the file"
    )
    size: int = Field(description="bytes written")


class MakeProgress(Protocol):
    """What a front end is told while `make_video` runs."""

    def stage(self, text: str) -> None: ...
    def upload(self, path: Path, sent: int, total: int) -> None: ...
    def chat(self, event: _ChatEvent) -> None: ...
    def render(self, status: RenderAnswer) -> None: ...
    def download(self, sent: int, total: int | None) -> None: ...


def check_make_inputs(request: MakeRequest) -> None:
    """Refuse what cannot work before anything starts: missing files, wrong kinds."""
    for photo in request.photos:
        _check_file(photo, ("image", "video"))
    if request.music is not None:
        _check_file(request.music, ("audio",))
    if request.output is not None:
        suffix = request.output.suffix.lower().lstrip(".")
        if suffix and suffix not in OUTPUT_FORMATS:
            raise UnsupportedFile(
                request.output.name,
                "photoreel writes mp4, webm or gif videos",
                hint=f"Name the output like {request.output.stem}.mp4.",
            )
        if request.output.is_dir():
            raise CannotWrite(
                request.output,
                "it is a folder",
                then=f"Name the video file, e.g. -o {request.output / 'video.mp4'}.",
            )
    _check_writable(request.output or Path.cwd() / "photoreel.mp4")


def _check_writable(output: Path) -> None:
    """Refuse a destination that cannot be written before minutes of rendering, not after.

    Missing folders are fine: the download creates them, as `-o` says in `--help`.
    """
    folder = output.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise CannotWrite(output, f"{folder} is a file, not a folder")
    try:  # a real write: permission bits do not tell root about read-only file systems
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise CannotWrite(output, f"{folder}: {exc.strerror or exc}") from None


_KIND_NOUN = {"image": "a photo", "video": "a video clip", "audio": "audio"}


def _check_file(path: Path, kinds: tuple[str, ...]) -> None:
    """A photo or clip (`kinds` image, video) or music (audio): say which flag fits instead."""
    if not path.is_file():
        if path.is_dir():
            raise UnreadableFile(
                path, "it is a folder", hint=f"Give the photos in it, e.g. {path / '*.jpg'}."
            )
        raise UnreadableFile(path, "no such file" if not path.exists() else "not a file")
    kind = kind_for_extension(path.name)
    if kind is None:
        raise UnsupportedFile(path.name, "not a format photoreel reads")
    if kind in kinds:
        return
    if "audio" in kinds:
        raise UnsupportedFile(
            path.name,
            f"it is {_KIND_NOUN[kind]}, not music",
            hint="--music takes an mp3, wav, m4a or aac file.",
        )
    raise UnsupportedFile(
        path.name,
        "it is audio, not a photo or clip",
        hint=f"Give music with --music {path.name}, and at least one photo or clip.",
    )


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
    # the findings are said in the language the agent will answer the prompt in
    language = reply_language(request.prompt, client.language)
    uploaded = await client.upload(sid, files, progress.upload, language=language)
    for row in uploaded.files:
        if (error := upload_error(row)) is not None:
            raise error
    if uploaded.findings:  # e.g. duplicates: the instruction may say "remove duplicates"
        noticed = "注意到：" if language.startswith("zh") else "Noticed: "
        progress.stage(noticed + uploaded.findings)
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
    if not state.state.exportable:
        raise InstructionNotUnderstood(
            "The agent did not build a video from that instruction. It said: "
            + _without_summary(reply)
        )
    output = request.output or default_output(Path.cwd(), f"photoreel-{sid}", request.format)
    status, path = await render_to_file(
        client, sid, output, progress, fmt=request.format, quality=request.quality
    )
    return MakeResult(
        output=path,
        session_id=sid,
        render_id=status.render_id,
        reply=reply,
        summary=service_summary(reply) or done.summary,
        changes=done.changes,
        duration=status.output.duration,
        size=path.stat().st_size,
    )


async def render_to_file(
    client: PhotoreelClient,
    session_id: str,
    dest: Path,
    progress: MakeProgress,
    *,
    fmt: str = "mp4",
    quality: str = "high",
) -> tuple[RenderAnswer, Path]:
    """Render the session and download the video to `dest`.

    A command stopped by Ctrl-C (this task cancelled) cancels its render and
    removes the part downloaded: the person asked it to stop, so nothing keeps
    using the CPU or their credits, and no later run writes `dest` behind their
    back. (The app is different: a render it started finishes after it quits.)
    """
    progress.stage("Rendering")
    earlier = {render.render_id for render in client.pending_renders()}
    try:
        status = await client.export(session_id, fmt=fmt, quality=quality, dest=dest)
        status = await client.wait_render(status.render_id, progress.render)
        progress.stage("Downloading")
        path = await client.download(status, dest, progress.download)
    except asyncio.CancelledError:
        for render in client.pending_renders():  # this call's render, even mid-submit
            if render.render_id not in earlier:
                await _abandon(client, render.render_id, dest)
        raise
    return status, path


async def _abandon(client: PhotoreelClient, render_id: str, dest: Path) -> None:
    # already finished (nothing to stop) or the backend is slow to answer: stop anyway
    with contextlib.suppress(PhotoreelError, TimeoutError):
        await asyncio.wait_for(client.cancel_render(render_id), CANCEL_TIMEOUT)
    client.renders.forget(render_id)
    part_path(dest).unlink(missing_ok=True)


def service_summary(reply: str) -> str | None:
    """The timeline summary the service wrote in its reply (`Timeline (N tracks): ...`), if
    it wrote one: preferred to the client's own, which may read a foreign draft less well."""
    at = reply.find("Timeline (")
    if at < 0:
        return None
    return reply[at:].split("\n", 1)[0].strip()


def _without_summary(reply: str) -> str:
    """The agent's reply without its last line, the timeline summary (empty here)."""
    head, _, last = reply.rstrip().rpartition("\n")
    return head.strip() if head and last.startswith("Timeline (") else reply.strip()
