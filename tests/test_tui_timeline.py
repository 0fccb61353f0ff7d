"""The timeline as drawn on screen: ruler ticks over the cells of their time, transition
names under their cuts. The real pane in a real Textual app; the lines read back are
exactly the characters a person sees."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from textual.app import App, ComposeResult

from photoreel.protocol.draft import Draft
from photoreel.tui.widgets.timeline import LABEL_WIDTH, TimelinePane, TimelineView
from tui_helpers import photo_draft


class TimelineOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelinePane(id="timeline")


async def drawn_lines(draft: Draft, width: int) -> list[str]:
    """The TimelineView's rows for `draft` in a terminal `width` columns wide."""
    app = TimelineOnly()
    async with app.run_test(size=(width, 14)) as pilot:
        pane = app.query_one(TimelinePane)
        pane.show(draft, 1)
        await pilot.pause()
        view = app.query_one(TimelineView)
        return [view.render_line(y).text for y in range(view.size.height)]


def starts(line: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), line)]


@pytest.mark.parametrize("width", [60, 120])
async def test_ticks_cuts_and_transition_names_line_up(width: int) -> None:
    ruler, video, notes = await drawn_lines(photo_draft(seconds=15, transition="fade"), width)
    assert video.startswith("Video") and ruler[:LABEL_WIDTH].strip() == ""
    assert ruler[LABEL_WIDTH:].startswith("0s"), "the ruler starts where the bars start"
    # the second and third photos start exactly under the 5s and 10s ticks
    (five,) = starts(ruler, "5s ")
    (ten,) = starts(ruler, "10s")
    assert video.index("chelsea") > five and video.index("coffee") > ten
    cuts = starts(video, "╳")
    assert cuts == [five, ten]
    assert video[LABEL_WIDTH:five].strip() == "astronaut.png"
    # each transition's name is centred under its ╳
    assert notes[:LABEL_WIDTH].strip() == ""
    for at, cut in zip(starts(notes, "fade 1s"), cuts, strict=True):
        assert at + (len("fade 1s") - 1) // 2 == cut


async def test_ruler_scale_matches_the_bars_at_any_width() -> None:
    """Uneven segments: each tick's column is the column of that time in the bars."""
    draft = photo_draft(seconds=15, transition="none")
    ruler, video = await drawn_lines(draft, 97)
    bar_width = len(video) - LABEL_WIDTH
    for match in re.finditer(r"(\d+(?:\.\d)?)s", ruler):
        ms = float(match.group(1)) * 1000
        assert match.start() == LABEL_WIDTH + round(ms * bar_width / 15000), match.group()
    seconds = {LABEL_WIDTH + round(k * bar_width / 15) for k in range(15)}
    dots = set(starts(ruler, "·"))
    assert len(dots) >= 8 and dots <= seconds, "the dots between labels mark whole seconds"
    assert "╳" not in video


async def test_transition_names_that_would_collide_are_left_out() -> None:
    # six 1 s photos in 40 columns: cuts about 5 cells apart, each name 9 wide
    names = tuple(f"p{i}.png" for i in range(6))
    ruler, video, notes = await drawn_lines(photo_draft(names, seconds=6), 44)
    assert video.count("╳") == 5
    shown = starts(notes, "fade 1s")
    assert 1 <= len(shown) < 5
    assert all(b - a > len("fade 1s") for a, b in pairwise(shown))
    assert len(notes) == len(video) == len(ruler)
