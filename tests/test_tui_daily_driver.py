"""The app as a daily driver (issue 16): each surprise a person met is a test here.

Real server on a real socket, the real app driven by Pilot; assertions read
what is on screen or what the backend now holds.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from textual.command import CommandPalette
from textual.widgets import Collapsible

from conftest import SHARED_MEDIA
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.screens.confirm import ConfirmScreen
from photoreel.tui.screens.player import PlayerScreen
from photoreel.tui.screens.projects import ProjectsScreen
from photoreel.tui.widgets.conversation import AgentReply, ErrorNotice, ToolCallLine
from photoreel.tui.widgets.files import FileTree
from photoreel.tui.widgets.preview import HalfBlockImage
from photoreel.tui.widgets.timeline import TimelineView, track_views
from server_helpers import RunningServer, start_server
from tui_helpers import (
    PHOTOS,
    app_for,
    photo_draft,
    screen_text,
    state_of,
    wait_for,
    wait_until_idle,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server for the module; each test is its own user (its own config dir)."""
    with start_server(tmp_path_factory.mktemp("daily"), uds=True, stream_pace=0) as running:
        yield running


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in PHOTOS:
        shutil.copy(SHARED_MEDIA / name, photos / name)
    return photos


async def upload_all_and_make(pilot, app: PhotoreelApp, instruction: str) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
    await wait_until_idle(pilot)
    await pilot.press("a", "u")
    await wait_for(pilot, lambda: "uploaded. Now say" in screen_text(app), "the upload")
    await pilot.press("f3", *instruction, "enter")
    await wait_for(pilot, lambda: not app.turn_running, "the turn")
    await wait_for(
        pilot, lambda: bool(app.timeline.draft and app.timeline.draft.tracks), "the timeline"
    )


def video_names(app: PhotoreelApp) -> list[str]:
    views = track_views(app.timeline.draft, None)
    return [s.label for s in views[0].segments] if views else []


async def test_ctrl_k_cancels_an_export_from_the_instruction_box(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, app, "make a 15-second video")
        await pilot.press("ctrl+e")  # typed in the instruction box: focus stays there
        await wait_for(pilot, lambda: app.render_id is not None, "the render to start")
        assert app.focused is app.conversation.prompt
        await pilot.press(*"half")
        await pilot.press("ctrl+k")
        await wait_for(pilot, lambda: app.status.export.phase == "cancelled", "the cancel")
        # what the wait above saw changes a moment before the notice is mounted
        await wait_for(pilot, lambda: "Export cancelled." in screen_text(app), "the notice")
        assert app.conversation.prompt.value == "half", "ctrl+k did not edit the text instead"


async def test_new_project_asks_first_and_ctrl_z_brings_the_old_one_back(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, app, "make a 6-second video")
        first = app.session_id
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Start a new project?" in screen_text(app)
        await pilot.press("n")  # keep working: nothing happens
        assert not isinstance(app.screen, ConfirmScreen) and app.session_id == first

        await pilot.press("ctrl+n")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.session_id != first, "the new project")
        await wait_for(pilot, lambda: not app.timeline.draft, "the empty timeline")
        # what the wait above saw changes a moment before the notice is mounted
        await wait_for(
            pilot,
            lambda: "ctrl+z brings the previous one back" in screen_text(app),
            "the notice",
        )

        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: app.session_id == first, "the old project back")
        await wait_for(pilot, lambda: video_names(app) == list(PHOTOS), "its timeline")
        # what the wait above saw changes a moment before the notice is mounted
        await wait_for(
            pilot,
            lambda: "Undone: the new project is set aside." in screen_text(app),
            "the notice",
        )
        assert "nothing to undo" not in screen_text(app).lower()


async def test_the_last_project_of_the_folder_reopens_and_ctrl_o_lists_the_others(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    first = app_for(server, folder, tmp_path)
    async with first.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, first, "make a 6-second video with the title 'Trip'")
        trip = first.session_id
    again = app_for(server, folder, tmp_path)
    async with again.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: video_names(again) == list(PHOTOS), "the reopened timeline")
        assert again.session_id == trip
        # what the wait above saw changes a moment before the notice is mounted
        await wait_for(
            pilot,
            lambda: "Reopened “Trip” (3 photos, 6 s)" in screen_text(again),
            "the notice",
        )
        await pilot.press("ctrl+n", "y")  # a second project in the same folder
        await wait_for(pilot, lambda: again.session_id != trip, "the new project")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(again.screen, ProjectsScreen), "the list")
        listing = again.screen.query_one("#projects-list")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(lines) == 2
        assert lines[0].startswith("untitled  (open now)\nno photos yet · created today ")
        assert lines[1].startswith("Trip\ntoday ") and "6s · 3 photos" in lines[1]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: again.session_id == trip, "Trip reopened")
        await wait_for(pilot, lambda: video_names(again) == list(PHOTOS), "its timeline")
    fresh = app_for(server, folder, tmp_path, new_project=True)  # photoreel --new
    async with fresh.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: fresh.status.connection == "ready", "the backend")
        assert fresh.session_id not in (trip, None)
        assert not fresh.timeline.draft


async def test_the_storyboard_follows_an_undo_right_after_a_swap(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await upload_all_and_make(pilot, app, "make a 6-second 480p video")
        strip = app.timeline.strip
        await wait_for(pilot, lambda: strip.version == app.last_state.version, "the first strip")
        before = strip.version
        await pilot.press(*"swap the first and last photo", "enter")
        await wait_for(pilot, lambda: not app.turn_running, "the swap")
        await pilot.press("ctrl+z")  # at once: the swapped order's strip is still being drawn
        await wait_for(pilot, lambda: not app.turn_running, "the undo")
        await wait_for(pilot, lambda: app.last_state.version == before, "the undone state")
        await wait_until_idle(pilot)
        assert strip.version == app.last_state.version == before, "the strip shows the undone order"


async def test_quit_is_instant_and_says_the_render_goes_on(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, app, "make a 15-second video")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: app.render_id is not None, "the render to start")
        started = time.perf_counter()
        await pilot.press("ctrl+q")
    took = time.perf_counter() - started
    # the old quit waited for the backend to stop (up to 5 s, longer with a render);
    # bench/tui.py measures the real command's quit_ms
    assert took < 4.0, f"quitting took {took:.2f} s"
    assert app.return_value is not None
    assert "the export keeps rendering in the backend" in app.return_value
    assert str(folder) in app.return_value


async def test_long_names_keep_their_first_letters_beside_a_transition() -> None:
    names = ("astronaut.png", "hubble_deep_field.jpg", "chelsea.png", "rocket.jpg")
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_state(state_of(photo_draft(names, seconds=20), version=1))
        await pilot.pause()
        view = app.query_one(TimelineView)
        row = view.render_line(1).text  # the video bar, under the ruler
        for name in names:
            assert name[:5] in row, f"{name} keeps its first letters in {row!r}"


async def test_the_newest_reply_is_in_view_at_80x24(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await wait_until_idle(pilot)
        await pilot.press("a", "u")
        await wait_for(pilot, lambda: "uploaded. Now say" in screen_text(app), "the upload")
        await pilot.press("f3")
        for instruction in ("make a 6-second video", "add a title 'Summer'", "what can you do?"):
            await pilot.press(*instruction, "enter")
            await wait_for(pilot, lambda: not app.turn_running, "the reply", within=90)
            await wait_for(pilot, lambda: bool(app.timeline.draft), "the timeline drawn")
            await wait_until_idle(pilot)
            history = app.conversation.history
            reply = app.query(AgentReply).last()
            assert history.scroll_y == history.max_scroll_y, instruction
            assert reply.region.bottom <= history.region.bottom, f"{instruction}: reply hidden"
            assert reply.region.y >= history.region.y or reply.region.height > history.region.height


async def test_add_a_file_already_uploaded_adds_it_to_the_video(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, app, "make a 6-second video")
        shutil.copy(SHARED_MEDIA / "rocket.jpg", folder / "rocket.jpg")  # a new photo
        await pilot.press(*"add rocket.jpg", "enter")
        await wait_for(pilot, lambda: "rocket.jpg" in video_names(app), "rocket.jpg in the video")
        uploads = [n for n in app.query(".notice") if "rocket.jpg" in str(n.render())]
        assert len(uploads) == 1, "uploaded once (it was new), then added by the agent"
        await pilot.press(*"add rocket.jpg", "enter")  # already there: no second upload
        await wait_for(pilot, lambda: not app.turn_running, "the turn")
        await wait_until_idle(pilot)
        uploads = [n for n in app.query(".notice") if "rocket.jpg" in str(n.render())]
        assert len(uploads) == 1


async def test_two_identical_files_both_finish_their_progress_line(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    shutil.copy(folder / "coffee.png", folder / "coffee copy.png")
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await wait_until_idle(pilot)
        await pilot.press("a", "u")
        await wait_for(pilot, lambda: "uploaded. Now say" in screen_text(app), "the upload")
        await wait_until_idle(pilot)
        text = screen_text(app)
        assert "100%" not in text and "waiting…" not in text, text
        assert "✓ coffee.png · " in text and "✓ coffee copy.png · " in text


async def test_a_broken_jpg_is_not_told_jpg_is_supported(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    (folder / "broken.jpg").write_bytes(b"this is not a JPEG")
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await pilot.press("f3", *"upload broken.jpg", "enter")
        await wait_for(pilot, lambda: bool(app.query(ErrorNotice)), "the refusal")
        error = str(app.query(ErrorNotice).last().render())
        assert "broken.jpg" in error
        assert "Supported formats" not in error
        assert "Its name says it is a photo, but it is not a photo photoreel can read" in error


async def test_tool_lines_show_words_not_raw_values() -> None:
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(100, 28)) as pilot:
        pane = app.conversation
        args = {"count": None, "total_s": 15.0, "per_photo_s": None, "formats": [],
                "rebuild": False, "canvas": {"ratio": "9:16", "platform": None}}  # fmt: skip
        await pane.add_tool_call("c1", "make_video", args)
        line = app.query_one(ToolCallLine)
        line.collapsed = False
        await pilot.pause()
        shown = str(line.query_one(".tool-args").render())
        assert "None" not in shown and "False" not in shown and "[]" not in shown
        assert "total: 15 s" in shown
        assert "canvas: ratio 9:16" in shown
        assert isinstance(line, Collapsible)


async def test_the_palette_lists_quit_once() -> None:
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(100, 28)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"quit")
        await pilot.pause(0.5)
        hits = [str(o.prompt) for o in app.screen.query_one("CommandList").options]
        assert sum("Quit" in h for h in hits) == 1, hits


def _in_256_colours(color: object) -> tuple[int, int, int]:
    """The colour a 256-colour terminal shows for a Textual colour."""
    rich = Color.parse(color.hex6)  # type: ignore[attr-defined]
    return rich.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()  # type: ignore[return-value]


async def test_the_light_theme_survives_256_colours() -> None:
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(100, 28)) as pilot:
        await pilot.press("ctrl+t")
        await wait_until_idle(pilot)
        assert app.theme == "photoreel-light"
        tree = _in_256_colours(app.query_one(FileTree).styles.background)
        spread = max(tree) - min(tree)
        assert spread <= 8, f"the file tree is grey, not tinted: {tree}"
        screen = _in_256_colours(app.screen.styles.background)
        for pane in ("#files", "#conversation", "#timeline"):
            border = _in_256_colours(app.query_one(pane).styles.border_top[1])
            contrast = sum(abs(a - b) for a, b in zip(border, screen, strict=True))
            assert contrast >= 90, f"{pane}'s border is visible on the background ({border})"


async def test_the_preview_plays_in_the_terminal_with_a_playhead(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, app, "make a 6-second video")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await wait_for(pilot, lambda: player.first_frame_shown_at is not None, "a frame")
        picture = player.query_one(HalfBlockImage)
        drawn = [s for y in range(picture.size.height) for s in picture.render_line(y)]
        assert sum(seg.text == "▀" for seg in drawn) > 500, "the frame is drawn in half-blocks"
        assert player.start is not None and player.start.height == 480
        assert player.start.frames == 6 * player.start.fps
        await pilot.press("space")  # pause
        assert not player.playing and "paused" in str(player.query_one("#player-info").render())
        await pilot.press("home", "right")  # the second photo starts at 2 s
        await pilot.pause(0.2)
        assert player.position_ms() == 2000
        assert player.query_one(TimelineView).playhead == 2000
        ruler = player.query_one(TimelineView).render_line(0).text
        assert "▼" in ruler
        await pilot.press("escape")
        assert not isinstance(app.screen, PlayerScreen)


async def test_an_instruction_sent_during_a_turn_waits_for_it(folder: Path, tmp_path: Path) -> None:
    """Found under load: a second instruction cut the running turn off, its reply never
    showed, and the app said no turn was running while the second one still was."""
    # each turn waits 2 s before it runs: the second is typed while the first still runs
    with start_server(tmp_path / "slow", uds=True, turn_delay=2.0) as slow:
        app = app_for(slow, folder, tmp_path)
        async with app.run_test(size=(100, 28)) as pilot:
            await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
            await wait_until_idle(pilot)
            await pilot.press("a", "u")
            await wait_for(pilot, lambda: "uploaded. Now say" in screen_text(app), "the upload")
            await pilot.press("f3", *"make a 6-second video", "enter")
            assert app.turn_running
            await pilot.press(*"make it 3 seconds", "enter")
            await wait_for(pilot, lambda: "Made a 6 s video" in screen_text(app), "reply 1")
            assert app.turn_running, "the second turn has not run yet"
            await wait_for(pilot, lambda: not app.turn_running, "both turns")
            await wait_for(pilot, lambda: app.timeline.draft is not None, "the timeline")
            await wait_for(pilot, lambda: app.timeline.draft.duration_ms == 3000, "3 s")
            replies = [r.text for r in app.query(AgentReply)]
            assert len(replies) == 2 and "6 s" in replies[0] and "3" in replies[1], replies


async def test_status_and_credits_asked_for_are_answered_whatever_refreshes(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    """Found under load: the state refresh that ends every upload (and the credits
    refresh that ends every turn) cancelled the answer the person had just asked for."""
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await wait_until_idle(pilot)
        # the answer and a refresh set off in the same moment, as when "status" is sent
        # the instant an upload ends (the routed word calls _say_status)
        app._say_status()
        app.refresh_state()
        app._say_credits()
        app.refresh_credits()
        await wait_for(pilot, lambda: "Timeline (0 tracks): empty" in screen_text(app), "status")
        await wait_for(pilot, lambda: "Credits: unlimited" in screen_text(app), "credits")


async def test_what_is_typed_after_an_upload_goes_into_the_instruction_box(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    """Found in tmux: after "3 files uploaded. Now say what video you want." focus stayed
    in the file tree, where the letters typed selected and uploaded files again."""
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await wait_until_idle(pilot)
        assert app.focused is app.file_tree
        await pilot.press("a", "u")
        await wait_for(pilot, lambda: "uploaded. Now say" in screen_text(app), "the upload")
        await pilot.press(*"make a 6-second video")
        assert app.conversation.prompt.value == "make a 6-second video"

        await pilot.press("f2", "a", "u")  # the same files again: not sent twice
        await wait_until_idle(pilot)
        assert screen_text(app).count("✓ astronaut.png") == 1
        assert not app.file_tree.selected

        await pilot.press("f3", "enter")
        await wait_for(pilot, lambda: not app.turn_running, "the turn")
        await wait_for(pilot, lambda: bool(app.timeline.draft), "the timeline")
        await pilot.press("ctrl+n", "y")  # the next step of a new project is picking photos
        await wait_for(pilot, lambda: "New project: an empty" in screen_text(app), "new project")
        assert app.focused is app.file_tree


def test_a_project_without_a_title_is_named_after_its_photos() -> None:
    """Found in tmux: the list said "project 1", "project 2", which tells nobody which."""
    from photoreel.client.projects import ProjectEntry, summarize_state
    from photoreel.protocol.draft import DraftMeta
    from photoreel.tui.screens.projects import project_line

    entry = ProjectEntry(session_id="7", backend="b", folder="/photos")
    untitled = photo_draft(names=("a.jpg", "b.png", "c.jpg", "d.jpg"))
    untitled.meta = DraftMeta()  # the default title, "Untitled"
    summary = summarize_state(entry, state_of(untitled))
    assert summary.name == "a.jpg, b.png +2 more"
    assert str(project_line(summary, None, Path("/photos"))).startswith("a.jpg, b.png +2 more\n")
    titled = summarize_state(entry, state_of(photo_draft(names=("a.jpg",), title="Rome")))
    assert titled.name == "My video"  # photo_draft's title; "Rome" is a text track
    assert summarize_state(entry, state_of(None)).name == "untitled"


def test_an_empty_project_is_untitled_with_when_it_was_created() -> None:
    """Found in tmux: a project just started was listed as "project 2"."""
    from datetime import datetime

    from photoreel.client.projects import ProjectEntry, summarize_state
    from photoreel.protocol.answers import MediaRow
    from photoreel.tui.screens.projects import project_line

    created = datetime.now().astimezone().replace(hour=14, minute=5)
    entry = ProjectEntry(session_id="2", backend="b", folder="/photos", created_at=created)
    empty = summarize_state(entry, state_of(None))
    assert str(project_line(empty, "2", Path("/photos"))) == (
        "untitled  (open now)\nno photos yet · created today 14:05"
    )
    uploaded = state_of(None)
    uploaded.state.video_infos = [MediaRow(filename="a.jpg"), MediaRow(filename="b.png")]
    assert str(project_line(summarize_state(entry, uploaded), None, Path("/photos"))).startswith(
        "a.jpg, b.png\ntoday "
    )
    assert str(project_line(summarize_state(entry, uploaded), None, Path("/photos"))).endswith(
        " · no timeline yet · 2 files uploaded"
    )


async def test_a_new_project_shows_only_its_own_conversation(
    server: RunningServer, folder: Path, tmp_path: Path
) -> None:
    """Found in tmux: after ctrl+n the last project's messages stayed above "New project".
    ctrl+z (and ctrl+o) bring a project back with its own conversation, as its timeline."""
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await upload_all_and_make(pilot, app, "make a 6-second video")
        first = app.session_id
        old_words = ("make a 6-second video", "Made a 6 s video", "3 files uploaded")
        assert all(words in screen_text(app) for words in old_words)

        await pilot.press("ctrl+n", "y")
        await wait_for(pilot, lambda: "New project: an empty" in screen_text(app), "the notice")
        shown = screen_text(app)
        assert not any(words in shown for words in old_words), shown
        assert "Pick photos on the left" not in shown  # the welcome was the first project's

        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "Undone: the new project" in screen_text(app), "undone")
        shown = screen_text(app)
        assert app.session_id == first
        assert all(words in shown for words in old_words), shown
        assert "New project: an empty" not in shown
        assert shown.index("Made a 6 s video") < shown.index("Undone: the new project")

        await pilot.press("ctrl+n", "y")
        await wait_for(pilot, lambda: "New project: an empty" in screen_text(app), "the notice")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectsScreen), "the list")
        await pilot.press("down", "enter")  # the most recently opened after this one
        await wait_for(pilot, lambda: app.session_id == first, "the first project again")
        await wait_for(pilot, lambda: "Reopened the project of" in screen_text(app), "reopened")
        shown = screen_text(app)
        assert all(words in shown for words in old_words), shown
        assert "New project: an empty" not in shown


async def test_upload_findings_follow_the_language_of_the_last_instruction(
    server: RunningServer, tmp_path: Path
) -> None:
    """Found in tmux: "1 looks like a duplicate…" in English in a Chinese conversation."""
    from PIL import Image

    folder = tmp_path / "photos"
    folder.mkdir()
    portrait = Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB")
    portrait.save(folder / "portrait.jpg", quality=95)
    portrait.resize((300, 300)).save(folder / "portrait-small.jpg", quality=70)
    portrait.resize((200, 200)).save(folder / "portrait-tiny.jpg", quality=70)
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 28)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await wait_until_idle(pilot)
        await pilot.press("f3", *"upload portrait.jpg portrait-small.jpg", "enter")
        english = "1 looks like a duplicate: say 'remove duplicates' to drop them."
        await wait_for(pilot, lambda: english in screen_text(app), "the English findings")

        await pilot.press(*"做一个2秒的视频", "enter")
        await wait_for(pilot, lambda: not app.turn_running, "the turn")
        await pilot.press("f2", "a", "u")  # keys, not words: the last instruction was Chinese
        chinese = "2 张照片像是重复的。说「删除重复」即可去掉。"
        await wait_for(pilot, lambda: chinese in screen_text(app), "the Chinese findings")
        assert screen_text(app).count(english) == 1
