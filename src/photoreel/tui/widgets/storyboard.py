"""The storyboard strip under the timeline's bars: a row of frames of the current draft.

The backend renders the strip (`GET /api/storyboard`); this widget only shows
it, the way the file preview shows a photo: real pixels where the terminal
speaks an image protocol, half-block characters otherwise. It sits under the
bars, as wide as they are, so each frame stands roughly under its time. It
hides itself when there is nothing to show or too little room: a small
terminal keeps its rows for the conversation.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from photoreel.tui.widgets.preview import Graphics, HalfBlockImage, picture_widget, show_picture

MIN_TERMINAL_ROWS = 30  # below this the strip's rows are worth more to the conversation
MIN_WIDTH = 40  # cells for the frames; narrower, a frame is a smudge
MAX_ROWS = 6
CELLS_PER_FRAME = 16


def decode_strip(png: bytes) -> Image.Image | None:
    """The PNG as an RGB image, or None when it is not one (runs in a thread)."""
    try:
        with Image.open(io.BytesIO(png)) as img:
            return img.convert("RGB")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def frames_for(width: int) -> int:
    """How many frames suit a strip `width` cells wide: each gets about 16 cells."""
    return max(3, min(8, width // CELLS_PER_FRAME))


def rows_for(image: Image.Image, width: int) -> int:
    """Rows for the strip `width` cells wide (a cell is half as wide as tall), rounded
    down: a blank row under it would look like a gap in the pane."""
    return max(2, min(MAX_ROWS, int(width * image.height / image.width / 2)))


class StoryboardStrip(Vertical):
    """The strip itself; `image` is None until the first strip arrives."""

    DEFAULT_CSS = """
    StoryboardStrip { height: auto; display: none; }
    StoryboardStrip > #storyboard-image { width: 1fr; height: 3; }
    """

    def __init__(self, *, graphics: Graphics = "halfblock", id: str | None = None) -> None:
        super().__init__(id=id)
        self.graphics = graphics
        self.image: Image.Image | None = None
        self.version: int | None = None
        # held, not looked up: a worker finishing while the app shuts down still finds it
        self.picture = picture_widget(graphics, "storyboard-image")

    def compose(self) -> ComposeResult:
        yield self.picture

    def show(self, image: Image.Image | None, version: int | None = None) -> None:
        """Show `image` (the strip of draft `version`); None hides the strip."""
        self.image = image
        self.version = version if image is not None else None
        if not isinstance(self.picture, HalfBlockImage):  # real pixels scale themselves
            show_picture(self.picture, image)
        self.refit()

    def width_for_frames(self) -> int:
        """The bars' width, read from the pane: a hidden widget has no size of its own."""
        pane = self.parent
        return pane.content_size.width - self.styles.margin.left if isinstance(pane, Widget) else 0

    def has_room(self) -> bool:
        """A terminal tall enough and bars wide enough for frames worth looking at."""
        return self.app.size.height >= MIN_TERMINAL_ROWS and self.width_for_frames() >= MIN_WIDTH

    def refit(self) -> None:
        """Show the strip only with an image and room for it, as tall as its width needs."""
        width = self.width_for_frames()
        if self.image is None or not self.has_room():
            self.display = False
            return
        rows = rows_for(self.image, width)
        picture = self.picture
        picture.styles.height = rows
        if isinstance(picture, HalfBlockImage):
            # exactly the bars' width (a row's rounding is stretched away), so each
            # frame stands under its time
            show_picture(picture, self.image.resize((width, rows * 2), Image.Resampling.BOX))
        self.display = True
