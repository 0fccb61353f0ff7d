"""`photoreel state`: a project's media, timeline and renders."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from photoreel.commands.arguments import add_backend_arguments
from photoreel.commands.running import run_client

if TYPE_CHECKING:
    from photoreel.client import PhotoreelClient
    from photoreel.protocol.answers import StateAnswer


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    state = commands.add_parser(
        "state",
        help="show a project's media, timeline and renders",
        description="Show a session's state: its media, canvas, timeline summary and renders.",
    )
    state.add_argument(
        "session", metavar="SESSION", help="the project's session id (make prints it)"
    )
    add_backend_arguments(state)
    state.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    async def work(client: PhotoreelClient) -> Any:
        return await client.state(args.session)

    code, state = run_client(args, "state", work, session_given=True)
    if state is not None:
        print(state.model_dump_json(by_alias=True) if args.json else "\n".join(state_lines(state)))
    return code


def state_lines(state: StateAnswer) -> list[str]:
    """A session's state as a person reads it: media, canvas, timeline, renders."""
    from photoreel.commands.progress import megabytes
    from photoreel.protocol.draft import summarize

    body = state.state
    version = f" (version {state.version})" if state.version is not None else ""
    lines = [f"Session {state.session_id}{version}"]
    if body.canvas_config is not None:
        canvas = body.canvas_config
        lines.append(f"Canvas: {canvas.width}x{canvas.height} ({canvas.aspect_ratio})")
    if body.video_infos:
        lines.append(f"Media ({len(body.video_infos)}):")
        for info in body.video_infos:
            size = f" {info.width}x{info.height}" if info.width and info.height else ""
            length = f" {info.duration:.1f}s" if info.duration else ""
            lines.append(f"  {info.name} ({info.file_type or 'file'}{size}{length})")
    else:
        lines.append("Media: none uploaded yet")
    lines.append(body.unreadable or summarize(body.timeline))
    for render in body.generated_media:
        facts = [render.status or "status unknown"]
        if render.status == "completed":
            if render.duration:
                facts.append(f"{render.duration:g} s")
            if render.size:
                facts.append(megabytes(render.size))
        if render.error:
            facts.append(render.error)
        lines.append(f"Render {render.render_id or '(no id)'}: {', '.join(facts)}")
    return lines
