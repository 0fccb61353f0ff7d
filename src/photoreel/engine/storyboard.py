"""Storyboards: a contact sheet (one PNG) of N evenly spaced frames, for previews.

Of a video file, frames are picked with one ffmpeg pass. Of a draft, a small
draft-quality preview is rendered first (a few hundred pixels wide, the same
plan as the real export), so what the sheet shows is what the export will
show, only smaller.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageDraw

from photoreel.engine.errors import MediaError, RenderError
from photoreel.engine.ffmpeg import FfmpegFailed, Stop, run_ffmpeg
from photoreel.engine.probe import probe
from photoreel.engine.render import render
from photoreel.engine.text import font
from photoreel.engine.windows import scaled_draft
from photoreel.protocol.draft import Draft

PREVIEW_WIDTH = 384  # width of each tile (and of a draft's preview render)
GUTTER = 4


def storyboard(
    source: Draft | Path | str,
    output_png: Path | str,
    *,
    frames: int = 8,
    media: Mapping[str, Path] | None = None,
    columns: int | None = None,
    tile_width: int = PREVIEW_WIDTH,
    cancel: Stop | None = None,
    temp_dir: Path | None = None,
) -> Path:
    """Write a contact sheet of `frames` frames of a draft (with its `media`) or a video file.

    Each tile is labelled with its time. Raises `RenderError` for a draft that
    cannot be rendered and for a file that is not a video. Temporary files go
    inside `temp_dir` (default: the system's temporary folder).
    """
    if frames < 1:
        raise ValueError("a storyboard needs at least one frame")
    output_png = Path(output_png)
    with tempfile.TemporaryDirectory(prefix="photoreel-storyboard-", dir=temp_dir) as work:
        if isinstance(source, Draft):
            video = Path(work) / "preview.mp4"
            small = scaled_draft(source, tile_width)
            render(small, media or {}, video, cancel=cancel, quality="draft", temp_dir=Path(work))
        else:
            video = Path(source)
        try:
            info = probe(video)
        except MediaError as exc:
            raise RenderError(exc.message, path=str(video)) from None
        if info.kind != "video" or not info.duration:
            raise RenderError(f"{video.name}: not a video file", path=str(video))
        times = [(i + 0.5) * info.duration / frames for i in range(frames)]
        tiles = _grab(video, times, info.fps or 30.0, tile_width, Path(work), cancel)
    _sheet(tiles, times, columns or min(frames, 4)).save(output_png)
    return output_png


def _grab(
    video: Path,
    times: list[float],
    fps: float,
    width: int,
    work: Path,
    cancel: Stop | None,
) -> list[Image.Image]:
    """The frames shown at `times`, picked by number in one decoding pass (exact, no seeking)."""
    numbers = sorted({int(t * fps) for t in times})
    select = "+".join(f"eq(n\\,{n})" for n in numbers)
    args = [
        "-i", str(video), "-vf", f"select='{select}',scale={width}:-2",
        "-fps_mode", "passthrough", "-frames:v", str(len(numbers)),
        "-y", str(work / "tile%03d.png"),
    ]  # fmt: skip
    try:
        run_ffmpeg(args, duration=0, cancel=cancel)
    except FfmpegFailed as exc:
        raise RenderError(f"{video.name}: {exc.message}", path=str(video)) from None
    tiles: dict[int, Image.Image] = {}
    for i, n in enumerate(numbers, 1):
        tile = work / f"tile{i:03d}.png"
        if tile.exists():
            with Image.open(tile) as im:
                tiles[n] = im.convert("RGB")
    if not tiles:
        raise RenderError(f"{video.name}: no frames could be read", path=str(video))
    last = tiles[max(tiles)]
    return [tiles.get(int(t * fps), last) for t in times]


def _sheet(tiles: list[Image.Image], times: list[float], columns: int) -> Image.Image:
    tw, th = tiles[0].size
    rows = math.ceil(len(tiles) / columns)
    sheet = Image.new(
        "RGB", (columns * tw + (columns + 1) * GUTTER, rows * th + (rows + 1) * GUTTER), "#111111"
    )
    label_font = font("bold", max(th // 10, 10))
    for i, (tile, t) in enumerate(zip(tiles, times, strict=True)):
        x = GUTTER + (i % columns) * (tw + GUTTER)
        y = GUTTER + (i // columns) * (th + GUTTER)
        sheet.paste(tile, (x, y))
        draw = ImageDraw.Draw(sheet)
        label = f"{int(t // 60)}:{t % 60:04.1f}"
        draw.text((x + 6, y + 4), label, font=label_font, fill="white", stroke_width=2,
                  stroke_fill="black")  # fmt: skip
    return sheet
