"""Titles and captions, drawn with Pillow into transparent PNGs that ffmpeg overlays.

Drawing text ourselves (instead of ffmpeg's drawtext) gives exact control of
wrapping, the background box, the soft shadow and CJK line breaking, and
needs no system font: the package ships PhotoreelSans (a subset of Noto Sans
CJK SC, OFL-1.1, see fonts/OFL.txt) in Regular and Bold. It covers Latin,
Simplified Chinese, Japanese kana and kanji, and Korean hangul.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont
from pydantic import BaseModel

from photoreel.protocol.draft import TextMeta

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {"regular": "PhotoreelSans-Regular.otf", "bold": "PhotoreelSans-Bold.otf"}
LINE_SPACING = 1.25  # line height as a multiple of the font size
BOX_PADDING = 0.35  # box padding as a fraction of the font size


class TextImage(BaseModel):
    """Where a drawn text block goes on the canvas (top-left corner, even pixels)."""

    x: int
    y: int
    width: int
    height: int


@functools.cache
def font(weight: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[weight]), px)


def _is_wide(ch: str) -> bool:
    """CJK characters may break anywhere; Latin words break only at spaces."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(line: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in line:
        if ch == " ":
            if word:
                tokens.append(word)
            tokens.append(" ")
            word = ""
        elif _is_wide(ch):
            if word:
                tokens.append(word)
            tokens.append(ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Greedy wrapping at spaces (and between CJK characters); `\\n` always breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in _tokens(paragraph):
            candidate = current + token
            if current.strip() and face.getlength(candidate.rstrip()) > max_width:
                lines.append(current.rstrip())
                current = "" if token == " " else token
            else:
                current = candidate
        lines.append(current.rstrip())
    return lines


def _rgba(color: str) -> tuple[int, int, int, int]:
    rgba = ImageColor.getcolor(color, "RGBA")
    assert isinstance(rgba, tuple)
    return rgba  # type: ignore[return-value]


def draw_text(meta: TextMeta, canvas: tuple[int, int]) -> tuple[Image.Image, TextImage]:
    """The text block as an RGBA image and where to put it on a `canvas`-sized frame."""
    cw, ch = canvas
    px = max(round(meta.size * ch), 6)
    face = font(meta.weight, px)
    pad = round(px * BOX_PADDING) if meta.box else round(px * 0.15)
    shadow_offset = max(round(px * 0.05), 1) if meta.shadow else 0
    # The whole block (text, padding, shadow) must fit in the safe area.
    block_width = min(meta.max_width * cw, cw - 2 * meta.margin * cw)
    wrap_width = max(block_width - 2 * pad - shadow_offset - 2, px)
    lines = wrap(meta.text, face, wrap_width)
    line_height = round(px * LINE_SPACING)
    widths = [int(face.getlength(line)) for line in lines]
    width = max(widths, default=0) + 2 * pad + shadow_offset
    height = line_height * len(lines) + 2 * pad + shadow_offset
    width, height = width + width % 2, height + height % 2

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if meta.box:
        box = Image.new("RGBA", image.size, (0, 0, 0, 0))
        ImageDraw.Draw(box).rounded_rectangle(
            (0, 0, width - 1 - shadow_offset, height - 1 - shadow_offset),
            radius=int(px * 0.25),
            fill=_rgba(meta.box_color),
        )
        image = Image.alpha_composite(image, box)
    ascent_fix = (line_height - px) // 2
    if meta.shadow:
        shadow = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(shadow)
        for i, line in enumerate(lines):
            x = pad + (max(widths) - widths[i]) / 2 + shadow_offset
            y = pad + i * line_height + ascent_fix + shadow_offset
            draw.text((x, y), line, font=face, fill=(0, 0, 0, 170))
        shadow = shadow.filter(ImageFilter.GaussianBlur(radius=max(px * 0.04, 1)))
        image = Image.alpha_composite(image, shadow)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        x = pad + (max(widths) - widths[i]) / 2
        draw.text((x, pad + i * line_height + ascent_fix), line, font=face, fill=_rgba(meta.color))

    x, y = _place(meta, canvas, (width, height))
    return image, TextImage(x=x, y=y, width=width, height=height)


def _place(meta: TextMeta, canvas: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    cw, ch = canvas
    w, h = size
    mx, my = meta.margin * cw, meta.margin * ch
    if meta.position == "custom":
        x, y = meta.x * cw - w / 2, meta.y * ch - h / 2
    else:
        x = (cw - w) / 2
        y = {"top": my, "center": (ch - h) / 2, "bottom": ch - my - h}[meta.position]
    # Keep the block inside the safe area when it fits, inside the frame otherwise.
    x = min(max(x, mx), cw - mx - w) if w <= cw - 2 * mx else (cw - w) / 2
    y = min(max(y, my), ch - my - h) if h <= ch - 2 * my else (ch - h) / 2
    return int(x) // 2 * 2, int(y) // 2 * 2
