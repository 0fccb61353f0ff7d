"""The app's settings file (config.toml): a keymap that rebinds, a theme that is remembered,
and a wrong file that never stops the app but says what was wrong.

The file is read by the real app (Pilot) from a temporary config dir; what is
asserted is what a person sees: the help's keys, what a key does, the lines
the app prints, and the file's text after a theme is picked.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from conftest import SHARED_MEDIA
from photoreel.tui.actions import ACTIONS, is_typing_key
from photoreel.tui.app import PhotoreelApp
from photoreel.tui.config import load_config, remember_theme
from photoreel.tui.help import HelpScreen
from tui_helpers import screen_text, wait_for, wait_until_idle

THEMES = {"photoreel-dark", "photoreel-light"}


def write_config(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def help_lines(app: PhotoreelApp) -> list[str]:
    table = app.screen.query_one("#help-table", Static)
    return [" ".join(table.render_line(y).text.split()) for y in range(table.size.height)]


def test_a_keymap_keeps_what_works_and_says_what_it_dropped(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        'theme = "no-such-theme"\n\n[keymap]\nexport = "ctrl+s"\npreview = "f5, p"\n'
        'upload = "ctrl+n"\ncredits = "ctrl+b"\nfly = "ctrl+f"\nundo = ""\n'
        'select-all = "ctrl+e,ctrl+o"\nplayer-close = "ctrl+e"\n',
    )
    loaded = load_config(tmp_path, THEMES)
    assert loaded.keymap == {
        "export": "ctrl+s",
        "preview": "f5",
        "credits": "ctrl+b",
        "select-all": "ctrl+e",  # export's no more (moved to ctrl+s); ctrl+o is taken
        "player-close": "ctrl+e",  # the player holds the app's keys back: no clash
    }
    assert loaded.config.theme is None
    said = "\n".join(loaded.problems)
    assert "preview: p is typed into the instruction box" in said
    assert "upload: ctrl+n is new-project's key" in said
    assert "select-all: ctrl+o is open-project's key" in said
    assert "fly is not an action" in said
    assert "undo has no keys; its default is kept" in said
    assert "theme 'no-such-theme' is not one photoreel has" in said


def test_a_file_that_is_not_toml_leaves_the_defaults_and_says_where(tmp_path: Path) -> None:
    path = write_config(tmp_path, "theme = photoreel-light\n")  # no quotes
    loaded = load_config(tmp_path, THEMES)
    assert loaded.keymap == {} and loaded.config.theme is None
    assert loaded.problems and loaded.problems[0].startswith(f"{path} is not valid TOML")
    assert "line 1" in loaded.problems[0]


# files written and read each example: on a loaded 2-core machine one took 0.4 s
@settings(deadline=None)
@given(
    comment=st.text(
        alphabet=st.characters(categories=["L", "N", "Zs"], exclude_characters="\r"), max_size=30
    ),
    theme=st.sampled_from(sorted(THEMES)),
    had_theme=st.booleans(),
)
def test_remembering_a_theme_keeps_the_rest_of_the_file(
    comment: str, theme: str, had_theme: bool
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        before = f"# {comment}\n" + ('theme = "photoreel-dark"\n' if had_theme else "")
        before += '\n[keymap]\nexport = "ctrl+s"\n'
        write_config(folder, before)
        remember_theme(theme, folder)
        after = (folder / "config.toml").read_text(encoding="utf-8")
        loaded = load_config(folder, THEMES)
        assert loaded.problems == []
        assert loaded.config.theme == theme and loaded.keymap == {"export": "ctrl+s"}
        assert after.startswith(f"# {comment}\n") and after.count("theme =") == 1


def test_every_default_key_that_a_text_box_types_is_bound_without_priority() -> None:
    for action in ACTIONS:
        keys = [k for k in action.keys.split(",") if k]
        if keys and any(is_typing_key(k) for k in keys):
            assert not action.priority(), action.id
    assert not is_typing_key("ctrl+e") and not is_typing_key("f5")
    assert is_typing_key("p") and is_typing_key("question_mark") and is_typing_key("escape")


async def test_the_keymap_rebinds_from_the_instruction_box_and_the_help_shows_it(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    write_config(config, '[keymap]\nexport = "ctrl+s"\ncredits = "ctrl+b"\npreview = "p"\n')
    app = PhotoreelApp(SHARED_MEDIA, config_dir=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_idle(pilot)
        text = screen_text(app)
        assert "preview: p is typed into the instruction box" in text, "the problem is said"
        await pilot.press("f3", *"keep p here")
        assert app.conversation.prompt.value == "keep p here", "p still types a p"
        await pilot.press("ctrl+e")  # the old key no longer exports
        await pilot.press("ctrl+s")  # the new one does, from the instruction box
        await wait_for(
            pilot, lambda: "not connected to a backend" in screen_text(app), "the export's answer"
        )
        await pilot.press("ctrl+b")  # an action that had no key now has one
        await wait_for(
            pilot,
            lambda: screen_text(app).count("not connected to a backend") == 2,
            "the credits' answer",
        )
        assert app.conversation.prompt.value == "keep p here"

        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        lines = help_lines(app)
        assert any(line.startswith("ctrl+s Export the timeline") for line in lines)
        assert any(
            line.startswith("ctrl+b Ask the backend for the credit balance") for line in lines
        )
        # every action of the registry is in the help, under its id (what [keymap] names)
        words = " ".join(lines)
        assert all(f" {action.id}" in words for action in ACTIONS)


async def test_a_theme_picked_in_the_app_is_the_next_start_s_theme(tmp_path: Path) -> None:
    config = tmp_path / "config"
    app = PhotoreelApp(SHARED_MEDIA, config_dir=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_idle(pilot)
        assert app.theme == "photoreel-dark"
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: app.theme == "photoreel-light", "the theme switch")
    assert 'theme = "photoreel-light"' in (config / "config.toml").read_text(encoding="utf-8")
    again = PhotoreelApp(SHARED_MEDIA, config_dir=config)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_until_idle(pilot)
        assert again.theme == "photoreel-light"
