"""`photoreel render`: a draft JSON file rendered on this machine, no backend needed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from photoreel.commands.arguments import add_format_and_quality
from photoreel.commands.errors import EXIT_BACKEND, EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = commands.add_parser(
        "render",
        help="render a draft JSON file to a video",
        description=(
            "Render a draft (docs/DRAFT.md) to MP4, WebM or GIF on this machine, no backend "
            "needed. Media paths in the draft are relative to the draft file. Exit codes: 2 bad "
            "draft or media file (the message names the segment and the file), 3 photoreel "
            "failed although the draft and files are good (the message names the segment; "
            "please report it), 130 interrupted (no file is left behind)."
        ),
    )
    render.add_argument("draft", type=Path, help="the draft JSON file (docs/DRAFT.md)")
    render.add_argument(
        "-o", "--output", type=Path, required=True, help="the video to write (required)"
    )
    add_format_and_quality(render)
    render.add_argument(
        "--storyboard",
        type=Path,
        metavar="PNG",
        help="also write a contact sheet of 8 frames to PNG (default: none)",
    )
    render.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Render a draft file; errors a person can fix exit 2 with one clear line, photoreel's
    own failures exit 3 (one line naming the segment too)."""
    import threading

    from photoreel.commands.progress import ProgressBars
    from photoreel.engine import OutputFormat, RenderCancelled, RenderError, render, storyboard
    from photoreel.protocol.draft import DraftInvalid, parse_draft

    def fail(message: str) -> int:
        print(f"photoreel render: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT

    draft_path: Path = args.draft
    try:
        raw = json.loads(draft_path.read_text(encoding="utf-8"))
        draft = parse_draft(raw)
    except FileNotFoundError:
        return fail(f"{draft_path}: no such draft file")
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"{draft_path}: cannot read it ({exc})")
    except json.JSONDecodeError as exc:
        return fail(f"{draft_path}: not valid JSON (line {exc.lineno}: {exc.msg})")
    except DraftInvalid as exc:
        return fail(f"{draft_path}: {exc.message}")
    by_suffix: dict[str, OutputFormat] = {".webm": "webm", ".gif": "gif"}
    fmt: OutputFormat = args.format or by_suffix.get(args.output.suffix.lower(), "mp4")
    base = draft_path.resolve().parent
    media = {src: (base / src) for src in draft.sources()}
    cancel = threading.Event()
    try:
        with ProgressBars(only_on_terminal=True) as bars:
            result = render(
                draft, media, args.output, bars.rendering, cancel, fmt=fmt, quality=args.quality
            )
        if args.storyboard:
            storyboard(result.path, args.storyboard, frames=8)
    except RenderCancelled:
        return EXIT_INTERRUPTED
    except RenderError as exc:
        fail(exc.message)
        return EXIT_BACKEND if exc.engine_fault else EXIT_BAD_INPUT
    except KeyboardInterrupt:
        cancel.set()
        raise
    size_mb = result.size / 1_000_000
    print(
        f"{result.path}: {result.width}x{result.height}, {result.duration:g}s, "
        f"{result.format}, {size_mb:.1f} MB",
        file=sys.stderr,
    )
    return EXIT_OK
