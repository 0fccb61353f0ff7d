"""Keys, mouse, palette, help and routed words: what a person reaches without the agent."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from conftest import SHARED_MEDIA
from photoreel.client import CreditsAnswer
from photoreel.progress import progress_bar
from photoreel.tui.actions import palette_actions
from photoreel.tui.app import PhotoreelApp, export_path
from photoreel.tui.help import HelpScreen
from photoreel.tui.widgets.conversation import ErrorNotice, Notice, paths_in_paste
from photoreel.tui.widgets.files import FileTree
from photoreel.tui.widgets.status_bar import credits_text
from server_helpers import RunningServer, start_server
from tui_helpers import PHOTOS, app_for, screen_text, wait_for, wait_until_idle


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("keys"), uds=True) as running:
        yield running


async def test_help_lists_every_binding_readably_at_80x24() -> None:
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table", Static)
        lines = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
        assert max(len(line) for line in lines) <= table.size.width
        keys = {line.split("  ")[0].strip() for line in lines}
        for key in ("ctrl+e", "ctrl+n", "ctrl+z", "ctrl+k", "u", "f1 / ?", "ctrl+p", "space", "a"):
            assert key in keys, f"{key} is in the help"
        assert {"tab / shift+tab", "ctrl+q", "up", "down", "esc", "enter"} <= keys
        # every description is there whole (wrapped, never cut), and says what it does
        words = " ".join(" ".join(line.split()) for line in lines)
        for said in (
            "Previous instruction you sent",
            "Next instruction you sent",
            "Clear the selection (unselect every file)",
            "Quit at once (a running export keeps rendering and is saved next time)",
            "Click a pane to focus it, a file to select it, scroll with the wheel",
        ):
            assert said in words

        body = app.screen.query_one("#help-body")
        assert body.has_focus and body.max_scroll_y > 0, "longer than the screen: it scrolls"
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_every_action_and_runs_it() -> None:
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(100, 30)) as pilot:
        for action in palette_actions():
            name = action.action.split("(")[0]
            assert hasattr(app, f"action_{name}"), f"palette action {action.id} exists"
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"switch theme")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "photoreel-light", "the theme switch")


async def test_mouse_click_selects_a_file_and_keys_move_between_panes() -> None:
    app = PhotoreelApp(SHARED_MEDIA)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_idle(pilot)
        tree = app.query_one(FileTree)
        # line 0 is the folder; line 2 is chelsea.png
        await pilot.click(FileTree, offset=(12, 2))
        await pilot.pause()
        assert {p.name for p in tree.selected} == {"chelsea.png"}
        await pilot.press("f3")
        assert app.focused is app.conversation.prompt
        await pilot.press("f4")
        assert app.focused is app.timeline
        await pilot.press("f2")
        assert app.focused is tree
        await pilot.press("tab")
        assert app.focused is app.conversation.prompt, "tab goes from the files to the prompt"


async def test_routed_words_act_directly(server: RunningServer, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in PHOTOS:
        shutil.copy(SHARED_MEDIA / name, folder / name)
    app = app_for(server, folder, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.status.connection == "ready", "the backend")
        await pilot.press("f3", *"credits", "enter")
        await wait_for(pilot, lambda: "Credits: unlimited" in screen_text(app), "the balance")
        await pilot.press(*"upload chelsea.png", "enter")
        await wait_for(pilot, lambda: "1 file uploaded" in screen_text(app), "the upload")
        await pilot.press(*"状态", "enter")
        # The upload's own notice also says "1 file uploaded": wait for the status line.
        await wait_for(
            pilot, lambda: "Timeline (" in str(app.query(Notice).last().render()), "status"
        )
        assert "Timeline (0 tracks): empty" in str(app.query(Notice).last().render())
        assert "1 file uploaded" in str(app.query(Notice).last().render())
        await pilot.press(*"导出", "enter")
        await wait_for(pilot, lambda: bool(app.query(ErrorNotice)), "the refusal")
        assert "nothing to export yet" in str(app.query(ErrorNotice).last().render())
        assert app.status.export.phase == "failed"
        # the instruction history: up brings back what was sent, newest first
        await pilot.press("up")
        assert app.conversation.prompt.value == "导出"
        await pilot.press("up", "up")
        assert app.conversation.prompt.value == "upload chelsea.png"
        await pilot.press("down", "down", "down")
        assert app.conversation.prompt.value == ""


def test_a_dropped_path_is_recognised(tmp_path: Path) -> None:
    photo = tmp_path / "my photo.jpg"
    photo.write_bytes(b"x")
    other = tmp_path / "b.png"
    other.write_bytes(b"x")
    assert paths_in_paste(f"'{photo}'", tmp_path) == (photo,)
    assert paths_in_paste(str(photo).replace(" ", "\\ "), tmp_path) == (photo,)
    assert paths_in_paste(f"file://{str(photo).replace(' ', '%20')}", tmp_path) == (photo,)
    assert paths_in_paste(f"'{photo}' {other}", tmp_path) == (photo, other)
    assert paths_in_paste("b.png", tmp_path) == (other,)
    assert paths_in_paste("make it 10 seconds", tmp_path) == ()
    assert paths_in_paste(f"{photo.parent / 'missing.jpg'}", tmp_path) == ()


def test_status_bar_words() -> None:
    assert progress_bar(0.5, 8) == "▕████░░░░▏"
    assert progress_bar(0.0, 4) == "▕░░░░▏" and progress_bar(1.0, 4) == "▕████▏"
    held = CreditsAnswer(available=95, frozen=5, total=100)
    assert credits_text(held) == "95 credits (5 held of 100)"
    assert credits_text(CreditsAnswer(available=None, unlimited=True)) == "credits unlimited"


def test_exports_are_named_after_the_video(tmp_path: Path) -> None:
    named = export_path(tmp_path, "Summer in Rome")
    assert named.parent == tmp_path and named.name.startswith("Summer-in-Rome-")
    assert named.suffix == ".mp4"
    assert export_path(tmp_path, "Untitled").name.startswith("photoreel-")
    assert export_path(tmp_path, "../../etc").parent == tmp_path


def test_the_command_line_refuses_a_missing_folder_and_a_bad_address(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from photoreel.cli import EXIT_BAD_INPUT, main

    assert main([str(tmp_path / "nowhere")]) == EXIT_BAD_INPUT
    assert "is not a folder" in capsys.readouterr().err
    assert main([str(tmp_path), "--api", "ftp://host"]) == EXIT_BAD_INPUT
    assert "is not a backend address" in capsys.readouterr().err
