"""`photoreel export`: render a project again, or save the renders earlier runs left behind."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from photoreel.commands.arguments import add_backend_arguments, add_format_and_quality
from photoreel.commands.running import NOTHING_WRITTEN, fetch_earlier_renders, run_client

if TYPE_CHECKING:
    from photoreel.client import PhotoreelClient


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="render a project and download the video (or fetch earlier renders)",
        description="Render a session's current timeline and download the video. Without "
        "SESSION, download the renders earlier runs left behind once they are done. Exit "
        "codes: 2 bad input, 3 backend error, 4 no credits, 130 interrupted.",
    )
    export.add_argument(
        "session",
        metavar="SESSION",
        nargs="?",
        help="the project's session id, as make prints it (default: none, so only earlier "
        "renders are fetched)",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        help="video file to write (default: photoreel-<SESSION>.<format> in the current "
        "folder, never replacing a file)",
    )
    add_format_and_quality(export)
    add_backend_arguments(export)
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from photoreel.client import PhotoreelError
    from photoreel.commands.make_flow import OUTPUT_FORMATS, default_output, render_to_file
    from photoreel.commands.progress import progress_on_stderr

    output: Path | None = args.output
    fmt = args.format or (
        output.suffix.lower().lstrip(".")
        if output and output.suffix.lower().lstrip(".") in OUTPUT_FORMATS
        else "mp4"
    )

    async def work(client: PhotoreelClient) -> Any:
        earlier = await fetch_earlier_renders(client)
        if args.session is None:
            # Fetching earlier renders is this command's whole job: one that could not be
            # saved is its failure (exit 3), not a line to miss above an exit 0.
            if earlier.failed:
                raise PhotoreelError(
                    f"{len(earlier.failed)} earlier render(s) could not be saved (why is said "
                    "above). A render that failed on the backend is forgotten; a download "
                    "that failed is tried again by the next `photoreel export`.",
                    code="not_saved",
                )
            if not earlier.saved and not client.pending_renders():
                print("No renders are waiting to be downloaded.", file=sys.stderr)
            return {"ok": True, "outputs": [str(p) for p in earlier.saved]}
        sid = args.session
        dest = output or default_output(Path.cwd(), f"photoreel-{sid}", fmt)
        with progress_on_stderr() as bars:
            status, path = await render_to_file(
                client, sid, dest, bars, fmt=fmt, quality=args.quality
            )
        return {"ok": True, "session_id": sid, "render_id": status.render_id, "output": str(path)}

    code, result = run_client(
        args,
        "export",
        work,
        session_given=args.session is not None,
        stopped=NOTHING_WRITTEN if args.session is not None else "",
    )
    if result is not None:
        if args.json:
            print(json.dumps(result))
        else:
            for path in result.get("outputs", [result.get("output")]):
                print(path)
    return code
