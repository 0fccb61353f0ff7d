"""photoreel's colour themes: a dark and a light one, switchable at run time.

Both are plain Textual `Theme`s, so every widget styles itself with theme
variables ($primary, $accent, $panel …) and a switch repaints everything. The
names are what the command palette and `ctrl+t` cycle through. `NO_COLOR` /
`--no-color` is handled by Textual itself (it strips colour at the driver), so
no theme has to pretend to be monochrome.
"""

from __future__ import annotations

from textual.theme import Theme

PHOTOREEL_DARK = Theme(
    name="photoreel-dark",
    primary="#E8A33D",
    secondary="#5FA8D3",
    accent="#F26B5B",
    warning="#F2C14E",
    error="#E5484D",
    success="#4CB782",
    foreground="#E6E1DA",
    background="#17161A",
    surface="#1F1E23",
    panel="#2A2830",
    dark=True,
    variables={
        "footer-key-foreground": "#E8A33D",
        "block-cursor-background": "#E8A33D",
        "block-cursor-foreground": "#17161A",
    },
)

PHOTOREEL_LIGHT = Theme(
    name="photoreel-light",
    primary="#B5651D",
    secondary="#2F6F9F",
    accent="#C2410C",
    warning="#A16207",
    error="#B91C1C",
    success="#15803D",
    foreground="#1F1E23",
    background="#FAF7F2",
    surface="#F1ECE4",
    panel="#E6DFD3",
    dark=False,
)

THEMES: tuple[Theme, ...] = (PHOTOREEL_DARK, PHOTOREEL_LIGHT)
THEME_NAMES: tuple[str, ...] = tuple(t.name for t in THEMES)
DEFAULT_THEME = PHOTOREEL_DARK.name


def next_theme(current: str) -> str:
    """The theme after `current` in photoreel's cycle (the first one if unknown)."""
    try:
        return THEME_NAMES[(THEME_NAMES.index(current) + 1) % len(THEME_NAMES)]
    except ValueError:
        return THEME_NAMES[0]
