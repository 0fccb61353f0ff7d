"""`photoreel make`: photos and a sentence in, a video file out, in one go."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from photoreel.commands.arguments import add_backend_arguments, add_quality
from photoreel.commands.errors import EXIT_BAD_INPUT, EXIT_OK
from photoreel.commands.running import (
    NOTHING_WRITTEN,
    fetch_earlier_renders,
    report_error,
    run_client,
)

if TYPE_CHECKING:
    from photoreel.client import PhotoreelClient


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    make = commands.add_parser(
        "make",
        help="turn photos into a video in one go (upload, instruct, render, download)",
        description="Turn photos into a video in one go: start the local backend (or use "
        "--api), upload the photos, send the instruction to the agent, render and download. "
        "Progress goes to stderr; the agent's reply, the timeline and the output path (last) "
        "to stdout. Exit codes: 2 bad input, 3 backend error, 4 no credits, 130 interrupted "
        "(Ctrl-C cancels the render; no file is left behind).",
    )
    make.add_argument(
        "photos",
        nargs="+",
        type=Path,
        metavar="PHOTO",
        help="photos or clips (jpg, png, gif, webp, mp4, mov, ...), in the order to show them",
    )
    make.add_argument(
        "-p",
        "--prompt",
        required=True,
        help='what you want (required), e.g. "a 15-second video with smooth transitions"',
    )
    make.add_argument(
        "-o",
        "--output",
        type=Path,
        help="video file to write, .mp4, .webm or .gif; missing folders are created "
        "(default: photoreel-<project>.mp4 in the current folder, never replacing a file)",
    )
    make.add_argument(
        "--music", type=Path, help="background music: mp3, wav, m4a or aac (default: none)"
    )
    make.add_argument(
        "--ratio",
        choices=["16:9", "9:16", "1:1", "4:5"],
        help="aspect ratio (default: what the prompt says, else 16:9)",
    )
    add_quality(make)
    add_backend_arguments(make)
    make.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from photoreel.client import PhotoreelError
    from photoreel.commands.make_flow import MakeRequest, check_make_inputs, make_video
    from photoreel.commands.progress import progress_on_stderr

    try:
        request = MakeRequest(
            photos=args.photos,
            prompt=args.prompt,
            output=args.output,
            music=args.music,
            ratio=args.ratio,
            quality=args.quality,
        )
        check_make_inputs(request)
    except ValidationError as exc:
        report_error(args, "make", PhotoreelError(_make_input_problem(exc), code="bad_input"))
        return EXIT_BAD_INPUT
    except PhotoreelError as error:
        report_error(args, "make", error)
        return EXIT_BAD_INPUT

    async def work(client: PhotoreelClient) -> Any:
        await fetch_earlier_renders(client)
        with progress_on_stderr() as bars:
            return await make_video(client, request, bars)

    code, result = run_client(args, "make", work, stopped=NOTHING_WRITTEN)
    if result is None:
        return code
    result.duration = _measured_seconds(result.output) or result.duration
    if args.json:
        print(json.dumps({"ok": True, **result.model_dump(mode="json")}))
    else:
        print(result.reply)
        if "Timeline (" not in result.reply:  # the service's own summary is never contradicted
            print(result.summary)
        print(result.output)
    return EXIT_OK


def _measured_seconds(video: Path) -> float | None:
    """The video's length read from the file written (a backend may not report it)."""
    from photoreel.engine import MediaError
    from photoreel.engine.probe import probe

    try:
        return probe(video).duration
    except (MediaError, OSError):
        return None


def _make_input_problem(exc: Any) -> str:
    """A sentence for what `MakeRequest` refused (pydantic's own words name no flag)."""
    first = exc.errors()[0]
    field = first["loc"][0] if first["loc"] else ""
    if field == "prompt":
        return 'The prompt is empty: say what video you want, e.g. -p "a 15-second video".'
    if field == "ratio":
        return "Unknown --ratio: use 16:9, 9:16, 1:1 or 4:5."
    return f"{field}: {first['msg']}." if field else f"{first['msg']}."
