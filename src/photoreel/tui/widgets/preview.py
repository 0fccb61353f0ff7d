"""The preview of the highlighted photo: its pixels, size and resolution.

Every terminal gets a half-block picture (each cell "▀" paints two pixels: the
top one as foreground, the bottom one as background), which works in 256- and
true-colour terminals, in tmux and over SSH. Terminals that speak an image
protocol (Kitty's graphics protocol or Sixel) get real pixels through
textual-image; that has to be detected *before* Textual takes the terminal,
so `detect_graphics()` is called by the command line before the app starts.

Decoding and scaling happen in a thread worker: a 24-megapixel JPEG must not
freeze the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from photoreel.protocol.formats import kind_for_extension

Graphics = Literal["halfblock", "tgp", "sixel"]

# Decoded previews are kept this small: enough for a 200-column terminal's pane.
PREVIEW_MAX_PX = (320, 240)


def detect_graphics() -> Graphics:
    """Ask the terminal whether it shows real pixels. Call before the app starts.

    textual-image queries the terminal with escape sequences when it is imported
    on a TTY; once Textual reads stdin those answers would be lost.
    """
    import sys

    if not (sys.__stdout__ and sys.__stdout__.isatty()):
        return "halfblock"
    try:
        import textual_image.renderable as detected
        import textual_image.widget  # noqa: F401  (fills the cell-size cache now)
    except Exception:  # a terminal that answers garbage must not stop the app
        return "halfblock"
    if detected.Image is detected.TGPImage:
        return "tgp"
    if detected.Image is detected.SixelImage:
        return "sixel"
    return "halfblock"


@dataclass(frozen=True)
class PreviewInfo:
    """What the line under the picture says about the file."""

    name: str
    size_bytes: int
    width: int | None = None
    height: int | None = None
    note: str | None = None

    def describe(self) -> str:
        parts = [self.name, human_size(self.size_bytes)]
        if self.width and self.height:
            parts.append(f"{self.width}×{self.height}")
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)


def human_size(n: int) -> str:
    """1234567 -> '1.2 MB' (decimal units, as file managers show)."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def load_preview(path: Path) -> tuple[Image.Image | None, PreviewInfo]:
    """Decode and shrink one file for the preview (runs in a thread)."""
    size = path.stat().st_size
    kind = kind_for_extension(path.name)
    if kind != "image":
        note = {"video": "video clip", "audio": "audio"}.get(kind or "", "not a photo")
        return None, PreviewInfo(path.name, size, note=note)
    try:
        with Image.open(path) as img:
            width, height = img.size
            img.draft("RGB", PREVIEW_MAX_PX)  # JPEG: decode at a fraction of full size
            small = ImageOps.exif_transpose(img).convert("RGB")
            small.thumbnail(PREVIEW_MAX_PX)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None, PreviewInfo(path.name, size, note="cannot be read as an image")
    return small, PreviewInfo(path.name, size, width, height)


def _hex(pixel: float | tuple[int, ...]) -> str:
    """An RGB pixel as `#rrggbb`."""
    r, g, b = pixel[:3] if isinstance(pixel, tuple) else (int(pixel),) * 3
    return f"#{r:02x}{g:02x}{b:02x}"


def halfblock_strips(img: Image.Image, cells: Size) -> list[Strip]:
    """The picture as rows of "▀" cells fitting `cells`, aspect kept, centred."""
    if cells.width <= 0 or cells.height <= 0:
        return []
    # a terminal cell is about twice as tall as wide, so one cell is one pixel wide, two tall
    scale = min(cells.width / img.width, (cells.height * 2) / img.height)
    w = max(1, int(img.width * scale))
    h = max(2, int(img.height * scale) // 2 * 2)
    pixels = img.resize((w, h), Image.Resampling.BILINEAR).load()
    assert pixels is not None
    pad = (cells.width - w) // 2
    strips = []
    for y in range(0, h, 2):
        segments = [Segment(" " * pad, Style())] if pad else []
        for x in range(w):
            top = _hex(pixels[x, y])
            bottom = _hex(pixels[x, y + 1])
            segments.append(Segment("▀", Style(color=top, bgcolor=bottom)))
        strips.append(Strip(segments, pad + w))
    return strips


class HalfBlockImage(Widget):
    """A picture drawn with half-block characters; works in any colour terminal."""

    DEFAULT_CSS = "HalfBlockImage { width: 1fr; height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._image: Image.Image | None = None
        self._strips: list[Strip] = []

    def set_image(self, image: Image.Image | None) -> None:
        self._image = image
        self._rebuild()

    def on_resize(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        self._strips = halfblock_strips(self._image, self.size) if self._image else []
        self.refresh()

    def render_line(self, y: int) -> Strip:
        top = (self.size.height - len(self._strips)) // 2
        row = y - top
        if 0 <= row < len(self._strips):
            return self._strips[row]
        return Strip.blank(self.size.width, self.rich_style)


def picture_widget(graphics: Graphics, id: str) -> Widget:
    """The widget that shows a picture in this terminal: real pixels or half-blocks."""
    if graphics == "halfblock":
        return HalfBlockImage(id=id)
    from textual_image.widget import Image as PixelImage

    return PixelImage(id=id)


def show_picture(widget: Widget, image: Image.Image | None) -> None:
    """Put `image` (None clears) into a widget made by `picture_widget`."""
    if isinstance(widget, HalfBlockImage):
        widget.set_image(image)
    else:
        widget.image = image  # type: ignore[attr-defined]


class PreviewPane(Vertical):
    """The picture of the highlighted file and one line about it."""

    def __init__(self, *, graphics: Graphics = "halfblock", id: str | None = None) -> None:
        super().__init__(id=id)
        self.graphics = graphics
        self.path: Path | None = None

    def compose(self) -> ComposeResult:
        yield picture_widget(self.graphics, "preview-image")
        yield Static("Highlight a photo to preview it", id="preview-info")

    def show(self, path: Path | None) -> None:
        """Preview `path` (None clears). Decoding happens in a thread worker."""
        if path == self.path:
            return
        self.path = path
        if path is None:
            self._apply(None, None)
            return
        self.query_one("#preview-info", Static).update(f"{path.name} · loading…")
        self._load(path)

    @work(thread=True, exclusive=True, group="preview")
    def _load(self, path: Path) -> None:
        try:
            image, info = load_preview(path)
        except OSError as exc:
            image, info = None, PreviewInfo(path.name, 0, note=f"cannot be read ({exc.strerror})")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._apply, image, info)

    def _apply(self, image: Image.Image | None, info: PreviewInfo | None) -> None:
        show_picture(self.query_one("#preview-image"), image)
        text = info.describe() if info else "Highlight a photo to preview it"
        self.query_one("#preview-info", Static).update(text)
