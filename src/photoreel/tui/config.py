"""The app's settings file: a theme and a keymap, in `config.toml` in photoreel's config dir.

    # ~/.config/photoreel/config.toml (PHOTOREEL_CONFIG_DIR moves it)
    theme = "photoreel-light"

    [keymap]            # action id = keys (comma-separated); ids are in `?` help
    export = "ctrl+s"
    preview = "f5,f6"

Read with pydantic-settings (as Posting reads its config), so every setting
can also come from the environment (`PHOTOREEL_THEME=photoreel-light`). A
damaged or wrong file never stops the app: it starts with the defaults and
says what was wrong (`problems`). A theme picked in the app is written back
into the file's `theme = ...` line (the rest of the file, comments included,
is kept), so it is remembered.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from photoreel import locations
from photoreel.tui.actions import ACTIONS, BY_ID, current_keys, is_typing_key, split_keys

CONFIG_FILE = "config.toml"


class AppConfig(BaseSettings):
    """What a person can set: the theme and keys for actions (by the action's id)."""

    model_config = SettingsConfigDict(env_prefix="PHOTOREEL_", extra="ignore")

    theme: str | None = None
    keymap: dict[str, str] = {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # the environment first, then the file (given as init values by `load_config`)
        return env_settings, init_settings


class LoadedConfig:
    """The settings in force and, for a person, what was wrong with the file."""

    def __init__(self, config: AppConfig, path: Path, problems: list[str]) -> None:
        self.config = config
        self.path = path
        self.problems = problems

    @property
    def keymap(self) -> dict[str, str]:
        return self.config.keymap


def config_path(config_dir: Path | None = None) -> Path:
    return (config_dir or locations.config_dir()) / CONFIG_FILE


def load_config(config_dir: Path | None = None, themes: set[str] | None = None) -> LoadedConfig:
    """Read `config.toml` (missing is fine). Unknown action ids, empty keys and unknown
    themes are dropped, each with a line saying so; a file that is not TOML is ignored
    whole, with the parser's line and column."""
    path = config_path(config_dir)
    problems: list[str] = []
    values: dict[str, object] = {}
    if path.is_file():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(f"{path} is not valid TOML ({exc}); using the defaults.")
        except OSError as exc:
            problems.append(f"{path} cannot be read ({exc.strerror}); using the defaults.")
    try:
        config = AppConfig(**_known(values))  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problems.append(f"{path}: {where}: {first['msg']}; using the defaults.")
        config = AppConfig()
    keymap = _checked_keymap(config.keymap, path, problems)
    theme = config.theme
    if theme is not None and themes is not None and theme not in themes:
        problems.append(
            f"{path}: theme {theme!r} is not one photoreel has ({', '.join(sorted(themes))})."
        )
        theme = None
    return LoadedConfig(
        config.model_copy(update={"keymap": keymap, "theme": theme}), path, problems
    )


def _checked_keymap(asked: dict[str, str], path: Path, problems: list[str]) -> dict[str, str]:
    """The user's keymap with every key that would surprise dropped, each with a line
    saying why: unknown action ids, no keys, a key typed into the instruction box for an
    action that works from every pane (it would fire while typing), and a key another
    action of the same place keeps (Textual would silently take it from that one)."""
    keymap: dict[str, str] = {}
    for action_id, keys in asked.items():
        action = BY_ID.get(action_id)
        if action is None:
            problems.append(
                f"{path}: [keymap] {action_id} is not an action (the help, f1, lists the ids)."
            )
            continue
        wanted = split_keys(keys)
        kept = [k for k in wanted if not (action.priority() and is_typing_key(k))]
        if typed := [k for k in wanted if k not in kept]:
            problems.append(
                f"{path}: [keymap] {action_id}: {', '.join(typed)} is typed into the "
                "instruction box, so it cannot work from every pane; use a ctrl+, alt+ or "
                "f-key."
            )
        if kept:
            keymap[action_id] = ",".join(kept)
        elif not wanted:
            problems.append(f"{path}: [keymap] {action_id} has no keys; its default is kept.")
    for action_id, keys in list(keymap.items()):
        action = BY_ID[action_id]
        owners = {
            key: other.id
            for other in ACTIONS
            if other.id != action_id and _meet(action.area, other.area)
            for key in current_keys(other, keymap)
        }
        kept = [k for k in split_keys(keys) if k not in owners]
        for key in split_keys(keys):
            if key in owners:
                problems.append(
                    f"{path}: [keymap] {action_id}: {key} is {owners[key]}'s key; give "
                    f"{owners[key]} another key in [keymap] first."
                )
        if kept:
            keymap[action_id] = ",".join(kept)
        else:
            del keymap[action_id]
    return keymap


# The main screen's places: an "anywhere" key is heard in the file tree and the
# instruction box too, so it must not be one of theirs (a pane's own screens, the
# player, the list and a question, hold the app's keys back while they are open).
_MAIN_SCREEN = {"anywhere", "files", "conversation"}


def _meet(area: str, other: str) -> bool:
    """Keys of `area` and of `other` are heard at the same time somewhere."""
    if area == other:
        return True
    return "anywhere" in (area, other) and {area, other} <= _MAIN_SCREEN


def _known(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if k in AppConfig.model_fields}


_THEME_LINE = re.compile(r"^\s*theme\s*=.*$", re.M)
_FIRST_TABLE = re.compile(r"^\s*\[", re.M)


def remember_theme(name: str, config_dir: Path | None = None) -> Path:
    """Write `theme = "<name>"` into the config file: the line is replaced if there is one,
    else added before the first table (a top-level key must come before any table)."""
    path = config_path(config_dir)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    table = _FIRST_TABLE.search(text)
    head, rest = (text[: table.start()], text[table.start() :]) if table else (text, "")
    line = f"theme = {json.dumps(name)}"
    if _THEME_LINE.search(head):
        head = _THEME_LINE.sub(line, head, count=1)
    else:
        head = (head.rstrip("\n") + "\n" if head.strip() else "") + line + "\n"
        head += "\n" if rest else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(head + rest, encoding="utf-8")
    tmp.replace(path)
    return path
