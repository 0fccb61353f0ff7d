"""How progress is drawn as text: the one bar the app and the command line both show."""

from __future__ import annotations


def progress_bar(fraction: float, width: int = 12) -> str:
    """▕██████░░░░░░▏ with eighth-blocks for smooth movement; `width` cells inside."""
    fraction = max(0.0, min(1.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return "▕" + ("█" * full + partial).ljust(width, "░")[:width] + "▏"
