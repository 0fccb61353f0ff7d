"""Command-line entry points: `photoreel` (the app) and its subcommands.

Each subcommand has one `_cmd_<name>` function that parses nothing itself and
calls into the package that owns the feature. Exit codes: 0 ok, 2 bad input,
3 backend error, 4 no credits, 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from photoreel import __version__

if TYPE_CHECKING:
    from photoreel.client import Backend, PhotoreelClient, PhotoreelError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_BACKEND = 3
EXIT_NO_CREDITS = 4
EXIT_INTERRUPTED = 130
NOTHING_WRITTEN = "No video was written (a render already started is cancelled)."

EXAMPLES = """\
With no command, `photoreel [FOLDER] [--api URL] [--no-color]` opens the app on
FOLDER (default: the current folder); `photoreel app --help` tells more.

examples:
  photoreel ~/Pictures/trip
      open the app on a folder of photos: pick them, say what video you want
  photoreel make a.jpg b.jpg c.jpg -p "a 15-second video with smooth transitions" -o trip.mp4
      one video in one go, no app (add --json for scripts)
  photoreel serve --port 8787
      share a backend; others use it with --api http://HOST:8787

Each command has its own --help. Exit codes: 0 ok, 2 bad input, 3 backend error,
4 no credits, 130 interrupted (Ctrl-C).
"""

Handler = Callable[[argparse.Namespace], int]
T = TypeVar("T")


class _UsageError(Exception):
    """A command line argparse refused; `main` reports it (also as JSON with --json)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse's parser, raising instead of exiting so that `--json` still gets its one
    JSON object on stdout for a bad flag (subcommand parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(self, message)


def _usage_error(error: _UsageError, argv: Sequence[str]) -> int:
    """As argparse says it (usage, then the error), plus a pointer to --help."""
    error.parser.print_usage(sys.stderr)
    message = f"{error.message[:1].upper()}{error.message[1:]}."
    print(
        f"{error.parser.prog}: {message} See `{error.parser.prog} --help`.",
        file=sys.stderr,
    )
    if "--json" in argv:
        print(json.dumps({"ok": False, "error": {"code": "bad_arguments", "message": message}}))
    return EXIT_BAD_INPUT


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="photoreel",
        description="Turn photos into platform-ready videos, by conversation.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keeps the examples' lines
    )
    parser.add_argument("--version", action="version", version=f"photoreel {__version__}")
    parser.set_defaults(handler=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_serve(commands)
    _add_render(commands)
    _add_make(commands)
    _add_credits(commands)
    _add_state(commands)
    _add_export(commands)
    return parser


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from photoreel.server.settings import add_serve_arguments

    serve = commands.add_parser(
        "serve",
        help="run the backend for other machines or apps to use",
        description="Run photoreel's backend (the image-to-video protocol) on a TCP port "
        "(loopback by default) or a Unix socket. Stop it with Ctrl-C. "
        "See docs/SERVER.md for every flag.",
    )
    add_serve_arguments(serve)
    serve.set_defaults(handler=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from photoreel.server.serve import main as serve_main
    from photoreel.server.settings import SettingsInvalid, settings_from_args

    try:
        settings = settings_from_args(args)
    except SettingsInvalid as exc:
        print(f"photoreel serve: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return serve_main(settings)


# -- the app (the default command) ---------------------------------------------


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="photoreel",
        description="Open the full-screen app on FOLDER: pick photos, say what video you "
        "want, export an MP4. The local backend starts privately in the background.",
    )
    parser.add_argument("folder", nargs="?", default=".", help="where photos are (default: .)")
    parser.add_argument(
        "--api",
        metavar="URL",
        help="use the photoreel server at URL (default: a private local one, started for you)",
    )
    parser.add_argument(
        "--no-color",
        action="store_true",
        help="no colours (also: the NO_COLOR variable; default: colours)",
    )
    parser.set_defaults(handler=_cmd_app)
    return parser


def _cmd_app(args: argparse.Namespace) -> int:
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(
            f"photoreel: {folder} is not a folder. Give the folder your photos are in, "
            "e.g. `photoreel ~/Pictures`.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.no_color:
        os.environ["NO_COLOR"] = "1"
    from photoreel.client import backend_for_api
    from photoreel.tui.app import PhotoreelApp

    if args.api:
        try:
            remote = backend_for_api(args.api)
        except ValueError as exc:
            print(f"photoreel: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT

        async def factory() -> Backend:
            return remote

        PhotoreelApp(folder, backend_factory=factory, graphics=_graphics()).run()
        return EXIT_OK
    from photoreel.server.embedded import EmbeddedBackend

    embedded = EmbeddedBackend()
    try:
        PhotoreelApp(folder, backend_factory=embedded_factory(embedded), graphics=_graphics()).run()
    finally:
        # lets go of this app's lease; a render still running keeps the backend alive
        embedded.stop_blocking()
    return EXIT_OK


def _graphics() -> Any:
    from photoreel.tui.widgets.preview import detect_graphics

    return "halfblock" if os.environ.get("NO_COLOR") else detect_graphics()


def embedded_factory(embedded: Any) -> Any:
    """The app's backend factory for the private backend (started, or shared if running)."""
    from photoreel.client import Backend
    from photoreel.server.embedded import EmbeddedBackendError

    async def start() -> Backend:
        try:
            await embedded.start()
        except EmbeddedBackendError as exc:
            raise RuntimeError(str(exc)) from None
        return Backend(kind="embedded", base_url=embedded.base_url, uds=embedded.socket_path)

    return start


def _wants_app(parser: argparse.ArgumentParser, argv: Sequence[str]) -> bool:
    """True unless the first word is a subcommand or a top-level flag (--help, --version)."""
    commands: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands |= set(action.choices)
    first = argv[0] if argv else None
    return first is None or (first not in commands and first not in ("-h", "--help", "--version"))


# -- client commands: make, credits, state, export ------------------------------------------


def _add_backend_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        metavar="URL",
        help="the backend to use: a `photoreel serve` elsewhere (http://HOST:PORT), "
        "unix:/path/to.sock, or the hosted service with NEMO_TOKEN (default: a private local "
        "one, started for you)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object on stdout, the result or the error (default: text)",
    )


@contextlib.asynccontextmanager
async def _backend(args: argparse.Namespace) -> AsyncIterator[Backend]:
    """The backend `--api` names, or the embedded one (started, or shared if running)."""
    from photoreel.client import backend_for_api

    if args.api:
        yield backend_for_api(args.api)
        return
    from photoreel.client import Backend, BackendUnavailable
    from photoreel.server.embedded import STOP_WAIT, EmbeddedBackend, EmbeddedBackendError

    embedded = EmbeddedBackend()
    try:
        await embedded.start()
    except EmbeddedBackendError as exc:
        raise BackendUnavailable(f"The local backend could not start: {exc}") from None
    interrupted = False
    try:
        yield Backend(kind="embedded", base_url=embedded.base_url, uds=embedded.socket_path)
    except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels the work
        interrupted = True
        raise
    finally:
        # A render still running keeps the backend alive until it is done; after Ctrl-C
        # nobody should wait for that to be seen (it was seconds of silence).
        await embedded.stop(wait=0.5 if interrupted else STOP_WAIT)


def _report_error(args: argparse.Namespace, command: str, error: PhotoreelError) -> None:
    from photoreel.client.terminal import error_json

    print(f"photoreel {command}: {error.message}", file=sys.stderr)
    if args.json:
        print(json.dumps(error_json(error)))


def _run_client(
    args: argparse.Namespace,
    command: str,
    work: Callable[[PhotoreelClient], Awaitable[T]],
    *,
    session_given: bool = False,
    stopped: str = "",
) -> tuple[int, T | None]:
    """Run `work` with a connected client; errors become a message and an exit code.

    `stopped` is what to tell a person who pressed Ctrl-C, after "Interrupted.".
    """
    from photoreel.client import PhotoreelClient, PhotoreelError
    from photoreel.client.terminal import exit_code_for

    async def run() -> T:
        async with _backend(args) as backend, PhotoreelClient(backend) as client:
            return await work(client)

    earlier = _pending_render_ids()
    try:
        return EXIT_OK, asyncio.run(run())
    except KeyboardInterrupt:
        raise Interrupted(_renders_going_on(earlier) or ([stopped] if stopped else [])) from None
    except ValueError as exc:  # an --api value that is not an address
        _report_error(args, command, PhotoreelError(str(exc), code="bad_api"))
        return EXIT_BAD_INPUT, None
    except PhotoreelError as error:
        _report_error(args, command, error)
        return exit_code_for(error, session_given=session_given), None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a client command, with what became of its work (`main` says it)."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__(" ".join(notes))
        self.notes = notes


def _pending_renders() -> list[Any]:
    from photoreel import locations
    from photoreel.client.renders import PendingRenders

    return PendingRenders(locations.config_dir()).all()


def _pending_render_ids() -> set[str]:
    return {render.render_id for render in _pending_renders()}


def _renders_going_on(earlier: set[str]) -> list[str]:
    """After Ctrl-C: a render this command submitted and did not cancel is not lost, and
    this is how to get it (earlier ones were reported when the command started)."""
    return [
        f"The render {render.render_id} keeps going in the background; run "
        f"`photoreel export` later to save it{f' to {render.dest}' if render.dest else ''}."
        for render in _pending_renders()
        if render.render_id not in earlier
    ]


def _say_interrupted(args: argparse.Namespace, notes: list[str]) -> int:
    """Stopped by Ctrl-C: one line saying so (no traceback), and JSON for --json."""
    message = " ".join(["Interrupted.", *notes])
    print(message, file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": {"code": "interrupted", "message": message}}))
    return EXIT_INTERRUPTED


@dataclasses.dataclass
class EarlierRenders:
    """What `_fetch_earlier_renders` did: files saved, and renders that could not be."""

    saved: list[Path] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)  # render ids


async def _fetch_earlier_renders(client: PhotoreelClient) -> EarlierRenders:
    """Download renders that finished while nothing watched them; say so on stderr."""
    found = EarlierRenders()
    for outcome in await client.resume_pending(Path.cwd()):
        rid = outcome.render.render_id
        if outcome.path is not None:
            print(f"Saved an earlier render ({rid}): {outcome.path}", file=sys.stderr)
            found.saved.append(outcome.path)
        elif outcome.error:
            print(f"An earlier render ({rid}) could not be saved: {outcome.error}", file=sys.stderr)
            found.failed.append(rid)
        elif outcome.status is not None:
            print(
                f"An earlier render ({rid}) is still {outcome.status.status} "
                f"({outcome.status.progress:.0f}%); it will be saved by a later run.",
                file=sys.stderr,
            )
    return found


def _add_format_and_quality(parser: argparse.ArgumentParser) -> None:
    """`--format` and `--quality`, the same for every command that writes a video."""
    parser.add_argument(
        "--format",
        choices=["mp4", "webm", "gif"],
        default=None,
        help="video format (default: from the output's extension, else mp4)",
    )
    parser.add_argument(
        "--quality",
        choices=["draft", "standard", "high"],
        default="high",
        help="draft is quick for a preview; high (default) is for sharing",
    )


def _add_make(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    _add_backend_arguments(make)
    make.set_defaults(handler=_cmd_make)


def _cmd_make(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from photoreel.client import PhotoreelError
    from photoreel.client.make import MakeRequest, check_make_inputs, make_video
    from photoreel.client.terminal import MakeProgressBars

    try:
        request = MakeRequest(
            photos=args.photos,
            prompt=args.prompt,
            output=args.output,
            music=args.music,
            ratio=args.ratio,
        )
        check_make_inputs(request)
    except ValidationError as exc:
        _report_error(args, "make", PhotoreelError(_make_input_problem(exc), code="bad_input"))
        return EXIT_BAD_INPUT
    except PhotoreelError as error:
        _report_error(args, "make", error)
        return EXIT_BAD_INPUT

    async def work(client: PhotoreelClient) -> Any:
        await _fetch_earlier_renders(client)
        with MakeProgressBars() as bars:
            return await make_video(client, request, bars)

    code, result = _run_client(args, "make", work, stopped=NOTHING_WRITTEN)
    if result is None:
        return code
    if args.json:
        print(json.dumps({"ok": True, **result.model_dump(mode="json")}))
    else:
        print(result.reply)
        if result.summary not in result.reply:  # the agent often ends with it already
            print(result.summary)
        print(result.output)
    return EXIT_OK


def _make_input_problem(exc: Any) -> str:
    """A sentence for what `MakeRequest` refused (pydantic's own words name no flag)."""
    first = exc.errors()[0]
    field = first["loc"][0] if first["loc"] else ""
    if field == "prompt":
        return 'The prompt is empty: say what video you want, e.g. -p "a 15-second video".'
    if field == "ratio":
        return "Unknown --ratio: use 16:9, 9:16, 1:1 or 4:5."
    return f"{field}: {first['msg']}." if field else f"{first['msg']}."


def _add_credits(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    credits = commands.add_parser(
        "credits",
        help="show your credit balance",
        description="Show the credit balance on the backend: available, reserved, total.",
    )
    _add_backend_arguments(credits)
    credits.set_defaults(handler=_cmd_credits)


def _cmd_credits(args: argparse.Namespace) -> int:
    from photoreel.client.terminal import credits_text

    async def work(client: PhotoreelClient) -> Any:
        return await client.credits()

    code, credits = _run_client(args, "credits", work)
    if credits is not None:
        print(credits.model_dump_json() if args.json else credits_text(credits))
    return code


def _add_state(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    state = commands.add_parser(
        "state",
        help="show a project's media, timeline and renders",
        description="Show a session's state: its media, canvas, timeline summary and renders.",
    )
    state.add_argument(
        "session", metavar="SESSION", help="the project's session id (make prints it)"
    )
    _add_backend_arguments(state)
    state.set_defaults(handler=_cmd_state)


def _cmd_state(args: argparse.Namespace) -> int:
    from photoreel.client.terminal import state_lines

    async def work(client: PhotoreelClient) -> Any:
        return await client.state(args.session)

    code, state = _run_client(args, "state", work, session_given=True)
    if state is not None:
        print(state.model_dump_json(by_alias=True) if args.json else "\n".join(state_lines(state)))
    return code


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    _add_format_and_quality(export)
    _add_backend_arguments(export)
    export.set_defaults(handler=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from photoreel.client import PhotoreelError
    from photoreel.client.make import OUTPUT_FORMATS, default_output, render_to_file
    from photoreel.client.terminal import MakeProgressBars

    output: Path | None = args.output
    fmt = args.format or (
        output.suffix.lower().lstrip(".")
        if output and output.suffix.lower().lstrip(".") in OUTPUT_FORMATS
        else "mp4"
    )

    async def work(client: PhotoreelClient) -> Any:
        earlier = await _fetch_earlier_renders(client)
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
        with MakeProgressBars() as bars:
            status, path = await render_to_file(
                client, sid, dest, bars, fmt=fmt, quality=args.quality
            )
        return {"ok": True, "session_id": sid, "render_id": status.render_id, "output": str(path)}

    code, result = _run_client(
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_app(parser, argv) or argv[:1] == ["app"]:
        app_args = _app_parser().parse_args(argv[1:] if argv[:1] == ["app"] else argv)
        try:
            return _cmd_app(app_args)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
    try:
        args = parser.parse_args(argv)
    except _UsageError as error:
        return _usage_error(error, argv)
    handler: Handler | None = args.handler
    if handler is None:
        parser.print_help()
        return EXIT_OK
    try:
        return handler(args)
    except KeyboardInterrupt as exc:
        return _say_interrupted(args, exc.notes if isinstance(exc, Interrupted) else [])


# ---------------------------------------------------------------------------
# photoreel render
# ---------------------------------------------------------------------------


def _add_render(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = commands.add_parser(
        "render",
        help="render a draft JSON file to a video",
        description=(
            "Render a draft (docs/DRAFT.md) to MP4, WebM or GIF on this machine, no backend "
            "needed. Media paths in the draft are relative to the draft file. Exit codes: 2 bad "
            "input, 130 interrupted (no file is left behind)."
        ),
    )
    render.add_argument("draft", type=Path, help="the draft JSON file (docs/DRAFT.md)")
    render.add_argument(
        "-o", "--output", type=Path, required=True, help="the video to write (required)"
    )
    _add_format_and_quality(render)
    render.add_argument(
        "--storyboard",
        type=Path,
        metavar="PNG",
        help="also write a contact sheet of 8 frames to PNG (default: none)",
    )
    render.set_defaults(handler=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    """Render a draft file; errors a person can fix exit 2 with one clear line."""
    import json
    import threading

    from photoreel.engine import RenderCancelled, RenderError, render, storyboard
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
    fmt = args.format or {".webm": "webm", ".gif": "gif"}.get(args.output.suffix.lower(), "mp4")
    base = draft_path.resolve().parent
    media = {src: (base / src) for src in draft.sources()}
    bar = _ProgressBar(sys.stderr)
    cancel = threading.Event()
    try:
        result = render(
            draft, media, args.output, bar.update, cancel, fmt=fmt, quality=args.quality
        )
        if args.storyboard:
            storyboard(result.path, args.storyboard, frames=8)
    except RenderCancelled:
        bar.close()
        return EXIT_INTERRUPTED
    except RenderError as exc:
        bar.close()
        return fail(exc.message)
    except KeyboardInterrupt:
        cancel.set()
        bar.close()
        raise
    bar.close()
    size_mb = result.size / 1_000_000
    print(
        f"{result.path}: {result.width}x{result.height}, {result.duration:g}s, "
        f"{result.format}, {size_mb:.1f} MB",
        file=sys.stderr,
    )
    return EXIT_OK


class _ProgressBar:
    """A one-line progress bar on a terminal; nothing on a pipe but the final line."""

    WIDTH = 30

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self.shown = -1

    def update(self, fraction: float) -> None:
        percent = int(fraction * 100)
        if not self.live or percent == self.shown:
            return
        self.shown = percent
        filled = int(self.WIDTH * fraction)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\rrendering [{bar}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
