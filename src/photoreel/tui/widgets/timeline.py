"""The Timeline pane: the draft's tracks drawn to scale, with what the last turn changed.

It draws the draft model the state gives (`SessionStateBody.timeline`, read
leniently, so a hosted draft with keys photoreel does not define still draws). A bar per
track: video segments with their names and the transitions between them,
audio with its volume, text with its words. Segments that differ from the
draft as it was before the last turn are marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from photoreel.protocol.draft import (
    TRACK_AUDIO,
    TRACK_TEXT,
    TRACK_VIDEO,
    AudioMeta,
    Draft,
    Segment,
    TextMeta,
    VideoSegment,
    summarize,
)
from photoreel.tui.widgets.preview import Graphics
from photoreel.tui.widgets.storyboard import StoryboardStrip, frames_for

LABEL_WIDTH = 8
TRACK_NAMES = {TRACK_VIDEO: "Video", TRACK_AUDIO: "Audio", TRACK_TEXT: "Text"}


def secs(ms: float) -> str:
    """12000 -> '12s', 2500 -> '2.5s'."""
    value = round(ms / 1000, 1)
    return f"{int(value)}s" if value == int(value) else f"{value}s"


@dataclass(frozen=True)
class SegmentView:
    """One segment as the timeline draws it."""

    start: int
    duration: int
    label: str
    transition: str | None = None
    transition_ms: int = 0
    changed: bool = False

    @property
    def end(self) -> int:
        return self.start + self.duration


@dataclass(frozen=True)
class TrackView:
    kind: int
    name: str
    segments: list[SegmentView] = field(default_factory=list)


def _segment_label(segment: Segment) -> str:
    meta = segment.meta
    if isinstance(meta, TextMeta):
        return f"“{meta.text}”"
    name = meta.name or meta.src or "untitled"
    if isinstance(meta, AudioMeta):
        return f"♪ {name} · {round(meta.volume * 100)}%"
    return name


def _transition(segment: Segment) -> tuple[str | None, int]:
    tr = segment.meta.transition if isinstance(segment, VideoSegment) else None
    if tr is None or tr.type == "none":
        return None, 0
    return tr.type, tr.duration_ms


#: The draft before the first turn of a session: everything the turn adds is new.
NO_DRAFT = Draft.model_construct(duration_ms=0)


def track_views(draft: Draft | None, before: Draft | None) -> list[TrackView]:
    """The draft's tracks ready to draw, each segment marked if `before` differed there.

    With no `before` (no turn yet) nothing is marked: there is nothing to compare.
    """
    tracks = draft.tracks if draft is not None else []
    old_tracks = before.tracks if before is not None else None
    views = []
    for ti, track in enumerate(tracks):
        kind = track.track_type
        old_segs: list[Segment] = []
        if old_tracks is not None and ti < len(old_tracks) and old_tracks[ti].track_type == kind:
            old_segs = list(old_tracks[ti].segments)
        segments = []
        track_segments: list[Segment] = list(track.segments)
        for si, seg in enumerate(track_segments):
            tr, tr_ms = _transition(seg)
            changed = old_tracks is not None and (si >= len(old_segs) or old_segs[si] != seg)
            segments.append(
                SegmentView(
                    start=seg.start_ms,
                    duration=seg.duration_ms,
                    label=_segment_label(seg),
                    transition=tr,
                    transition_ms=tr_ms,
                    changed=changed,
                )
            )
        name = track.meta.name or TRACK_NAMES.get(kind, "Track")
        views.append(TrackView(kind, str(name), segments))
    return views


def draft_duration(draft: Draft | None) -> int:
    """The draft's length (`read_draft` gives a foreign draft without one its last end)."""
    return draft.duration_ms if draft is not None else 0


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if len(text) <= width:
        return text.center(width)
    return text[: max(0, width - 1)] + "…" if width > 1 else text[:width]


class TimelineView(Widget):
    """The drawing itself: a ruler and one bar per track, scaled to the width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--ruler",
        "timeline--label",
        "timeline--video-a",
        "timeline--video-b",
        "timeline--audio",
        "timeline--text",
        "timeline--changed",
        "timeline--transition",
        "timeline--empty",
        "timeline--playhead",
    }

    DEFAULT_CSS = """
    TimelineView { height: auto; }
    """

    draft: reactive[Draft | None] = reactive(None, layout=True)
    before: reactive[Draft | None] = reactive(None)
    playhead: reactive[int | None] = reactive(None)
    """Where the preview player is (ms): a ▼ over the ruler and a bright column down the bars."""

    def render(self) -> RenderableType:
        width = self.size.width or 80
        duration = draft_duration(self.draft)
        views = track_views(self.draft, self.before)
        if not views or duration <= 0:
            return Text(
                "No timeline yet: upload photos and say what you want.",
                style=self.get_component_rich_style("timeline--empty"),
            )
        scale = Scale(duration, max(10, width - LABEL_WIDTH))
        lines: list[Text] = [self._ruler(scale)]
        for view in views:
            lines.extend(self._track(view, scale))
        if self.playhead is not None:
            self._draw_playhead(lines, scale)
        return Group(*lines)

    def _draw_playhead(self, lines: list[Text], scale: Scale) -> None:
        """The playhead's column: ▼ on the ruler, the same cell in reverse on every bar."""
        x = LABEL_WIDTH + min(scale.width - 1, scale.column(self.playhead or 0))
        style = self.get_component_rich_style("timeline--playhead")
        lines[0] = lines[0][:x] + Text("▼", style=style) + lines[0][x + 1 :]
        for line in lines[1:]:
            if x < len(line):
                line.stylize(Style(reverse=True), x, x + 1)

    def _gutter(self, name: str = "") -> Text:
        """The track-label column. Its own style even when blank, so the row's first
        drawn character never depends on leading spaces surviving (SVG viewers drop them)."""
        return cells(
            name[: LABEL_WIDTH - 1].ljust(LABEL_WIDTH),
            self.get_component_rich_style("timeline--label"),
        )

    def _ruler(self, scale: Scale) -> Text:
        """Tick labels starting exactly at the column of their time, on the bars' scale."""
        row = [" "] * scale.width
        step, minor = _tick_step(scale.duration, scale.width)
        for ms in range(minor, scale.duration, minor or scale.duration):
            if ms % step:
                row[scale.column(ms)] = "·"
        for ms in range(0, scale.duration, step):
            label = secs(ms)
            x = scale.column(ms)
            if x + len(label) > scale.width:
                break  # a label shifted left would stand over the wrong time
            around = slice(max(0, x - 1), x + len(label) + 1)
            if all(c in " ·" for c in row[around]):
                # the label, and a blank either side of it where a dot would touch it
                padded = (" " if x else "") + label + " "
                row[around] = list(padded[: len(row[around])])
        ruler = cells("".join(row), self.get_component_rich_style("timeline--ruler"))
        return self._gutter() + ruler

    def _track(self, view: TrackView, scale: Scale) -> list[Text]:
        marked = self.get_component_rich_style("timeline--changed")
        # only the mark's colour and emphasis: the segment keeps its own background
        changed_style = Style(
            color=marked.color, bold=marked.bold, underline=marked.underline, italic=marked.italic
        )
        if view.kind == TRACK_AUDIO:
            styles = [self.get_component_rich_style("timeline--audio")]
        elif view.kind == TRACK_TEXT:
            styles = [self.get_component_rich_style("timeline--text")]
        else:
            styles = [
                self.get_component_rich_style("timeline--video-a"),
                self.get_component_rich_style("timeline--video-b"),
            ]
        tr_style = self.get_component_rich_style("timeline--transition")
        body = Text(" " * scale.width)
        notes: list[tuple[int, str]] = []
        for i, seg in enumerate(view.segments):
            x0, x1 = scale.span(seg.start, seg.end)
            style: Style = styles[i % len(styles)]
            if seg.changed:
                style = style + changed_style
            # a transition's ╳ takes the first cell: the name starts after it, whole
            mark = 1 if i and view.segments[i - 1].transition and x1 - x0 > 1 else 0
            label = " " * mark + _fit(seg.label, x1 - x0 - mark)
            body = body[:x0] + cells(label, style) + body[x1:]
        for seg, nxt in pairwise(view.segments):
            if seg.transition:
                # the cut is where the next segment starts: its first cell, under its tick
                cut = scale.span(nxt.start, nxt.end)[0]
                body = body[:cut] + Text("╳", style=tr_style) + body[cut + 1 :]
                notes.append((cut, f"{seg.transition} {secs(seg.transition_ms)}"))
        lines = [self._gutter(view.name) + body]
        if notes:
            lines.append(self._gutter() + cells(_notes_row(notes, scale.width), tr_style))
        return lines


def cells(text: str, style: Style) -> Text:
    """`text` in `style`, its runs of blanks as separate spans (bold flipped, which no
    one sees on a blank).

    Screenshots are SVG with one `<text>` element per run of one style, and SVG
    viewers such as librsvg drop the blanks an element starts with, which moved
    every centred name and ruler label left. A run that starts with a letter
    lands where the terminal shows it.
    """
    out = Text()
    blank = style + Style(bold=not style.bold)
    for run in re.finditer(r" +|[^ ]+", text):
        out.append(run.group(), blank if run.group()[0] == " " else style)
    return out


@dataclass(frozen=True)
class Scale:
    """Time to columns for the ruler and every bar alike, so a tick stands over its cell."""

    duration: int
    width: int

    def column(self, ms: int) -> int:
        """The cell where `ms` falls (0 .. width; width is just past the end)."""
        return max(0, min(self.width, round(ms * self.width / self.duration)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The cells [x0, x1) a segment covers: at least one, even when very short."""
        x0 = min(self.width - 1, self.column(start))
        return x0, max(x0 + 1, self.column(end))


def _notes_row(notes: list[tuple[int, str]], width: int) -> str:
    """Transition names centred under their cut; kept inside the width (shortened if
    wider than it), and a note that would touch the previous one is left out."""
    cells = [" "] * width
    free_from = 0
    for cut, text in notes:
        text = text if len(text) <= width else text[: max(0, width - 1)] + "…"
        at = max(0, min(width - len(text), cut - (len(text) - 1) // 2))
        if at < free_from:
            continue
        cells[at : at + len(text)] = list(text)
        free_from = at + len(text) + 1
    return "".join(cells)


# Labelled ruler steps (ms) and the unlabelled dots between them. Multiples of 5 s
# because that is how long photos usually stay: cuts tend to fall on a label.
_STEPS = {500: 0, 1000: 500, 5000: 1000, 10000: 5000, 30000: 10000, 60000: 10000,
          300000: 60000, 600000: 60000, 1800000: 300000}  # fmt: skip


def _tick_step(duration: int, bar_width: int) -> tuple[int, int]:
    """(labelled step, dot step or 0) leaving about 8 cells between labels, 2 between dots."""
    for step, minor in _STEPS.items():
        if step * bar_width / duration >= 8:
            return step, minor if minor * bar_width / duration >= 2 else 0
    return 3600000, 0


class TimelinePane(VerticalScroll):
    """The timeline drawing, the storyboard strip under it, its total length and the
    documented one-line summary."""

    BORDER_TITLE = "Timeline"

    draft: reactive[Draft | None] = reactive(None, always_update=True)
    version: reactive[int] = reactive(0)

    def __init__(self, *, graphics: Graphics = "halfblock", id: str | None = None) -> None:
        super().__init__(id=id)
        self.graphics = graphics
        self._before: Draft | None = None
        # held, not looked up: a worker finishing while the app shuts down still finds it
        self.strip = StoryboardStrip(graphics=graphics, id="storyboard")
        self.strip.styles.margin = (0, 0, 0, LABEL_WIDTH)  # under the bars, not the names

    def compose(self) -> ComposeResult:
        yield TimelineView(id="timeline-view")
        yield self.strip
        yield Static("", id="timeline-summary", markup=False)

    def strip_frames(self) -> int:
        """How many frames to ask for, for the bars' width now."""
        return frames_for(self.content_size.width - LABEL_WIDTH)

    def strip_wanted(self) -> bool:
        """A draft with segments is drawn: its strip is worth fetching."""
        return any(t.segments for t in track_views(self.draft, None))

    def on_resize(self) -> None:
        self.strip.refit()

    def mark_turn_start(self) -> None:
        """Remember the draft as it is now: what the next turn changes gets marked."""
        self._before = self.draft or NO_DRAFT

    def forget_turn(self) -> None:
        """Another project is shown: nothing in it was changed by a turn of this one."""
        self._before = None

    def show(self, draft: Draft | None, version: int = 0) -> None:
        """Draw `draft` (the state's `timeline`). Unchanged drafts are not redrawn."""
        if draft == self.draft and version == self.version:
            return
        self.version = version
        self.draft = draft

    def show_unreadable(self, why: str, version: int = 0) -> None:
        """A draft photoreel cannot read: say so, draw nothing (rather than draw it wrong)."""
        self.version = version
        self.draft = None
        self.border_subtitle = "unreadable"
        self.query_one("#timeline-summary", Static).update(why)

    def watch_draft(self, draft: Draft | None) -> None:
        view = self.query_one(TimelineView)
        view.before = self._before
        view.draft = draft
        if not any(t.segments for t in track_views(draft, None)):
            self.strip.show(None)  # nothing drawn, nothing to show frames of
        duration = draft_duration(draft)
        tracks = len(draft.tracks) if draft is not None else 0
        self.border_subtitle = (
            f"{secs(duration)} · {tracks} track{'s' if tracks != 1 else ''}" if draft else ""
        )
        changed = sum(s.changed for t in track_views(draft, self._before) for s in t.segments)
        summary = summarize(draft) if draft is not None else ""
        if changed and self._before is not None:
            summary += (
                f"\n● {changed} segment{'s' if changed != 1 else ''} changed in the last turn"
            )
        self.query_one("#timeline-summary", Static).update(summary)
