"""The preview player: the timeline, rendered small by the backend, played in the terminal.

How a person over SSH checks a cut without downloading an MP4. Frames come
from the client's preview stream (`PhotoreelClient.preview`) as the backend
renders them; playing starts with the first frame, so the first second shows
while the rest is still being made, and waits ("buffering") if it ever catches
up with the render. Real pixels where the terminal speaks an image protocol
(kitty, sixel), half-blocks elsewhere. Under the picture the timeline is drawn
with a playhead; space plays or pauses, ← → jump by segment.
"""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator, Callable
from typing import ClassVar

from PIL import Image
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from photoreel.client import PhotoreelError
from photoreel.client.previews import PreviewPart
from photoreel.progress import progress_bar
from photoreel.protocol.draft import Draft
from photoreel.protocol.preview import PreviewFrame, PreviewStart
from photoreel.tui.actions import bindings
from photoreel.tui.widgets.preview import (
    Graphics,
    HalfBlockImage,
    halfblock_strips,
    picture_widget,
    show_picture,
)
from photoreel.tui.widgets.timeline import TimelineView, draft_duration, track_views

# Opens the stream of the current draft (the app binds client and session to it).
PreviewSource = Callable[[], AsyncIterator[PreviewPart]]


def clock(ms: int) -> str:
    """3200 -> '0:03.2'."""
    return f"{ms // 60000}:{ms % 60000 / 1000:04.1f}"


def segment_starts(draft: Draft | None) -> list[int]:
    """Where each segment of the first video track starts (ms): the player's seek stops."""
    views = track_views(draft, None)
    video = next((v for v in views if v.segments), None)
    return sorted({0, *(s.start for s in video.segments)}) if video else [0]


def decode_frame(jpeg: bytes, fit: tuple[int, int] | None = None) -> Image.Image:
    """A frame as RGB, decoded at a fraction of its size when the screen shows it smaller."""
    with Image.open(io.BytesIO(jpeg)) as img:
        if fit is not None:
            img.draft("RGB", fit)
        return img.convert("RGB")


class PlayerScreen(Screen[None]):
    """Plays the preview stream of one draft; escape closes it (and stops the render)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("player")

    def __init__(
        self,
        source: PreviewSource,
        draft: Draft | None,
        *,
        graphics: Graphics = "halfblock",
    ) -> None:
        super().__init__()
        self.source = source
        self.draft = draft
        self.graphics = graphics
        self.frames: list[bytes] = []
        self.start: PreviewStart | None = None
        self.position = 0  # the frame shown (or to show next)
        self.playing = True
        # playing follows the clock: frame = origin + elapsed × fps (frames are skipped,
        # never slowed, when drawing falls behind); a wait for the render moves the origin
        self._clock_start = time.perf_counter()
        self._clock_origin = 0
        self.finished_loading = False
        self.error: str | None = None
        self.opened_at = time.perf_counter()
        self.first_frame_shown_at: float | None = None
        self._shown: int | None = None
        self._stops = segment_starts(draft)

    def compose(self) -> ComposeResult:
        with Vertical(id="player"):
            yield picture_widget(self.graphics, "player-picture")
            yield Static("Rendering the preview…", id="player-info", markup=False)
            timeline = TimelineView(id="player-timeline")
            timeline.draft = self.draft
            timeline.playhead = 0
            yield timeline
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    # -- the stream ------------------------------------------------------------------

    @work(exclusive=True, group="preview-stream")
    async def load(self) -> None:
        """Read the stream into `frames` as it arrives; the timer plays what is there."""
        try:
            async for part in self.source():
                if isinstance(part, PreviewStart):
                    self.start = part
                    self.set_interval(1 / max(1, part.fps), self._tick, name="player-clock")
                elif isinstance(part, PreviewFrame):
                    self.frames.append(part.jpeg)
                    if len(self.frames) == 1:
                        self._restart_clock()
                        self._show(0)
        except PhotoreelError as exc:
            self.error = exc.message
        self.finished_loading = True
        self._describe()

    # -- playing ---------------------------------------------------------------------

    @property
    def fps(self) -> int:
        return self.start.fps if self.start else 12

    @property
    def total_frames(self) -> int:
        return self.start.frames if self.start else 0

    def position_ms(self) -> int:
        return round(self.position * 1000 / self.fps)

    def _restart_clock(self) -> None:
        self._restart_clock_at(self.position)

    def _tick(self) -> None:
        if not self.playing or not self.frames:
            return
        due = self._clock_origin + int((time.perf_counter() - self._clock_start) * self.fps)
        made = len(self.frames) - 1
        if due > made:
            due = made
            if self.finished_loading or made >= (self.total_frames or 1) - 1:
                self.playing = False  # the end: stay on the last frame
            else:
                self._restart_clock_at(made)  # ahead of the render: wait for it
        if due != self._shown:
            self.position = due
            self._show(due)
        else:
            self._describe()

    def _restart_clock_at(self, index: int) -> None:
        self._clock_start, self._clock_origin = time.perf_counter(), index

    def _show(self, index: int) -> None:
        if index >= len(self.frames):
            self._describe()
            return
        picture = self.query_one("#player-picture")
        self._draw(self.frames[index], index, picture.size)
        self.query_one(TimelineView).playhead = round(index * 1000 / self.fps)
        self._describe()

    @work(thread=True, exclusive=True, group="player-frame")
    def _draw(self, jpeg: bytes, index: int, size: Size) -> None:
        """Decode (and for half-blocks, lay out) a frame off the app's thread; a newer
        frame asked for meanwhile wins, so a slow terminal skips frames, never lags."""
        image = decode_frame(jpeg, (size.width, size.height * 2) if size.width else None)
        strips = halfblock_strips(image, size) if self.graphics == "halfblock" else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._paint, image, strips, index)

    def _paint(self, image: Image.Image, strips: list[Strip] | None, index: int) -> None:
        picture = self.query_one("#player-picture")
        if isinstance(picture, HalfBlockImage) and strips is not None:
            picture.set_strips(image, strips)
        else:
            show_picture(picture, image)
        self._shown = index
        if self.first_frame_shown_at is None:
            self.first_frame_shown_at = time.perf_counter()

    def _describe(self) -> None:
        """The line under the picture: play state, time, segment, and the render's progress."""
        info = self.query_one("#player-info", Static)
        if self.error:
            info.update(f"✗ {self.error}")
            return
        if not self.frames:
            info.update("Rendering the preview…")
            return
        total_ms = draft_duration(self.draft) or round(self.total_frames * 1000 / self.fps)
        ahead = not self.finished_loading and self.position + 1 >= len(self.frames)
        at_end = self.finished_loading and self.position + 1 >= len(self.frames)
        if not self.playing:
            state = "■ the end (space plays again)" if at_end else "⏸ paused"
        else:
            state = "◌ buffering" if ahead else "▶ playing"
        segment = sum(1 for s in self._stops if s <= self.position_ms())
        parts = [state, f"{clock(self.position_ms())} / {clock(total_ms)}"]
        parts.append(f"segment {segment} of {len(self._stops)}")
        if not self.finished_loading and self.total_frames:
            share = len(self.frames) / self.total_frames
            parts.append(f"rendering {progress_bar(share, 8)} {100 * share:.0f}%")
        if self.start:
            parts.append(
                f"{self.start.width}×{self.start.height} · {self.start.fps} fps · no sound"
            )
        info.update("  ·  ".join(parts))

    # -- keys --------------------------------------------------------------------------

    def action_toggle_play(self) -> None:
        if not self.playing and self.position + 1 >= max(self.total_frames, len(self.frames)):
            self.position = 0  # at the end, play starts again from the top
            self._show(0)
        self.playing = not self.playing
        self._restart_clock()
        self._describe()

    def action_seek_segment(self, step: int) -> None:
        """Jump to the next segment's start, or back to this one's (again: the one before)."""
        now = self.position_ms()
        if step > 0:
            later = [s for s in self._stops if s > now]
            target = later[0] if later else self._stops[-1]
        else:
            earlier = [s for s in self._stops if s < now - 500]
            target = earlier[-1] if earlier else 0
        self._seek(target)

    def action_restart(self) -> None:
        self._seek(0)

    def _seek(self, ms: int) -> None:
        self.position = min(round(ms * self.fps / 1000), max(0, self.total_frames - 1))
        self._restart_clock()
        self.query_one(TimelineView).playhead = self.position_ms()
        self._show(self.position)

    def action_close(self) -> None:
        self.workers.cancel_group(self, "preview-stream")
        self.dismiss(None)
