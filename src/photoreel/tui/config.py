"""The app's settings file: a theme and a keymap, in `config.toml` in photoreel's config dir.

    # ~/.config/photoreel/config.toml (PHOTOREEL_CONFIG_DIR moves it)
    theme = "photoreel-light"

    [keymap]            # action id = keys (comma-separated); ids are in `?` help
    export = "ctrl+s"
    preview = "f5,p"

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
from photoreel.tui.actions import BY_ID, split_keys

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
    keymap: dict[str, str] = {}
    for action_id, keys in config.keymap.items():
        if action_id not in BY_ID:
            problems.append(
                f"{path}: [keymap] {action_id} is not an action (the help, f1, lists the ids)."
            )
        elif not split_keys(keys):
            problems.append(f"{path}: [keymap] {action_id} has no keys; its default is kept.")
        else:
            keymap[action_id] = keys
    theme = config.theme
    if theme is not None and themes is not None and theme not in themes:
        problems.append(
            f"{path}: theme {theme!r} is not one photoreel has ({', '.join(sorted(themes))})."
        )
        theme = None
    return LoadedConfig(
        config.model_copy(update={"keymap": keymap, "theme": theme}), path, problems
    )


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
