"""photoreel's colour themes: a dark and a light one, switchable at run time.

Both are plain Textual `Theme`s, so every widget styles itself with theme
variables ($primary, $accent, $panel …) and a switch repaints everything. The
names are what the command palette and `ctrl+t` cycle through. `NO_COLOR` /
`--no-color` is handled by Textual itself (it strips colour at the driver), so
no theme has to pretend to be monochrome. Each theme's colours are chosen to
survive a 256-colour terminal (tmux's default on many servers): greys stay
grey and borders stay visible after the terminal's rounding to its palette.
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
        "pane-border": "#4B4951",
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
    # Neutral greys that a 256-colour terminal keeps grey: the warmer #F1ECE4 became
    # the palette's pale yellow there (a yellow file tree), and borders lightened from
    # the panel became white on white. The borders are a mid grey for the same reason.
    surface="#EDEDEB",
    panel="#E3E1DC",
    dark=False,
    variables={"pane-border": "#8F8B84"},
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
