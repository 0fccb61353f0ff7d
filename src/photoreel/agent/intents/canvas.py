"""Canvas: aspect ratio, platform presets, resolution and frame rate.

"vertical", "for TikTok", "9:16", "square", "4:5 for the Instagram feed",
"720p", "1080p", "full HD", "24 fps". Sizes come from the protocol's presets
(`canvas_size`), so 9:16 at 1080p is always 1080x1920. Asking for something
photoreel does not export (4K, 4:3, 29 fps) gets the nearest preset and a
sentence saying so.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import ASPECT_RATIOS, ASPECT_WORDS, NEAREST_ASPECT
from photoreel.agent.parse.numbers import fmt_number, is_number
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Work, auto_fit
from photoreel.protocol.draft import CANVAS_PRESETS, Aspect, Resolution, canvas_size

FPS_CHOICES = (24, 25, 30, 60)

# Platforms whose name sets the aspect: (aspect, how the reply names it).
PLATFORMS: dict[str, tuple[str, str]] = {
    "tiktok": ("9:16", "TikTok"),
    "reels": ("9:16", "Reels"),
    "reel": ("9:16", "Reels"),
    "shorts": ("9:16", "YouTube Shorts"),
    "stories": ("9:16", "Stories"),
    "story": ("9:16", "Stories"),
    "snapchat": ("9:16", "Snapchat"),
    "pinterest": ("9:16", "Pinterest"),
    "instagram": ("9:16", "Instagram Reels"),
    "insta": ("9:16", "Instagram Reels"),
    "ig": ("9:16", "Instagram Reels"),
    "yt": ("16:9", "YouTube"),
    "fb": ("4:5", "the Facebook feed"),
    "youtube": ("16:9", "YouTube"),
    "twitter": ("16:9", "X/Twitter"),
    "facebook": ("4:5", "the Facebook feed"),
    "linkedin": ("1:1", "LinkedIn"),
}
ASPECT_NAMES = {
    "16:9": "16:9 landscape",
    "9:16": "9:16 vertical",
    "1:1": "1:1 square",
    "4:5": "4:5",
    "4:3": "4:3",
    "3:4": "3:4 portrait",
}


class CanvasSpec(BaseModel):
    """The canvas words found in a clause; None means "keep what it is"."""

    aspect: Aspect | Literal["4:3", "3:4"] | None = None
    resolution: Resolution | None = None
    fps: Literal[24, 25, 30, 60] | None = None
    platform: str = ""
    notes: tuple[str, ...] = ()


def detect_canvas(clause: Clause) -> CanvasSpec | None:
    """Read aspect, platform, resolution and fps words; claim them."""
    words = clause.words
    aspect: str | None = None
    resolution: str | None = None
    fps: int | None = None
    platform = ""
    explicit = False
    notes: list[str] = []
    for i, word in enumerate(words):
        if i in clause.claimed:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in ASPECT_RATIOS:
            aspect = word
            explicit = True
            clause.claim(i)
        elif word in NEAREST_ASPECT:
            aspect = NEAREST_ASPECT[word]
            notes.append(f"{word} is not one of the presets, so I used {aspect}.")
            clause.claim(i)
        elif word in {"instagram", "insta", "ig"} and (
            clause.has("feed", "post", "posts") or nxt == "feed"
        ):
            aspect, platform = "4:5", "the Instagram feed"
            clause.claim(i)
        elif word in PLATFORMS:
            if word == "youtube" and clause.has("short", "shorts"):
                word = "shorts"  # "a short for youtube"
            said = PLATFORMS[word]
            platform = said[1]
            if not explicit:  # "1:1 for instagram": the ratio said wins over the platform's
                aspect = said[0]
            if word in {"reel", "reels"} and clause.has("instagram"):
                platform = "Instagram Reels"
            clause.claim(i)
        elif word in ASPECT_WORDS and not (word == "wide" and nxt not in {"", "screen", "format"}):
            aspect = ASPECT_WORDS[word]
            clause.claim(i)
        elif word in {"1080p", "1080", "fhd"} or (word == "full" and nxt == "hd"):
            resolution = "1080p"
            clause.claim(i)
        elif (
            word == "720p"
            or (word == "720" and nxt != "fps")
            or (word == "hd" and (i == 0 or words[i - 1] != "full"))
        ):
            resolution = "720p"
            clause.claim(i)
        elif word in {"4k", "2k", "1440p", "2160p", "uhd", "2160", "1440"}:
            resolution = "1080p"
            notes.append("photoreel exports up to 1080p, so I set 1080p, its sharpest.")
            clause.claim(i)
        elif word in {"480p", "360p", "sd", "480", "360"}:
            resolution = "720p"
            notes.append("720p is the smallest preset, so I set 720p.")
            clause.claim(i)
        elif is_number(word) and (
            nxt in {"fps", "frames", "framerate"}
            or (i > 0 and words[i - 1] in {"fps", "framerate"})
        ):
            asked = float(word)
            fps = min(FPS_CHOICES, key=lambda f: (abs(f - asked), f))
            if abs(fps - asked) > 2:  # 48 fps is not "about 60": say so, change nothing
                notes.append(
                    f"{fmt_number(asked)} fps is not offered: only 24, 25, 30 or 60 fps, "
                    "so I left the frame rate as it is."
                )
                fps = None
            elif fps != asked:
                notes.append(f"{fmt_number(asked)} fps is not offered; I used {fps} fps.")
            clause.claim(i)
            if nxt in {"fps", "frames", "framerate"}:
                clause.claim(i + 1)
    if aspect is None and resolution is None and fps is None:
        if clause.has("high quality", "best quality", "highest quality", "sharpest"):
            resolution = "1080p"
        elif clause.has("smaller file", "lower quality", "low res", "low resolution"):
            resolution = "720p"
        elif not notes:
            return None
    return CanvasSpec(
        aspect=aspect,
        resolution=resolution,
        fps=fps,
        platform=platform,
        notes=tuple(notes),
    )


# Aspects the protocol has no preset for, which a person may still ask for (a 4:3 slideshow,
# a 3:4 post for 小红书): sizes with the same 1080 or 720 short side as the presets.
EXTRA_SIZES: dict[tuple[str, str], tuple[int, int]] = {
    ("4:3", "1080p"): (1440, 1080),
    ("4:3", "720p"): (960, 720),
    ("3:4", "1080p"): (1080, 1440),
    ("3:4", "720p"): (720, 960),
}


def size_of(aspect: str, resolution: str) -> tuple[int, int]:
    if (aspect, resolution) in EXTRA_SIZES:
        return EXTRA_SIZES[(aspect, resolution)]
    return canvas_size(aspect, resolution)  # type: ignore[arg-type]


def current_preset(width: int, height: int) -> tuple[str, str]:
    """The (aspect, resolution) preset nearest to a canvas size."""
    best = min(
        [*CANVAS_PRESETS.items(), *EXTRA_SIZES.items()],
        key=lambda kv: (abs(kv[1][0] / kv[1][1] - width / height), abs(kv[1][1] - height)),
    )
    return best[0]


def target_canvas(spec: CanvasSpec, width: int, height: int, fps: int) -> tuple[int, int, int]:
    """The (width, height, fps) a canvas of `width`x`height` becomes under `spec`."""
    cur_aspect, cur_res = current_preset(width, height)
    size = size_of(spec.aspect or cur_aspect, spec.resolution or cur_res)
    return size[0], size[1], spec.fps or fps


def apply_canvas(work: Work, spec: CanvasSpec) -> None:
    """Set the canvas and frame rate; re-pick how photos fit if they were fitted automatically."""
    draft = work.require_draft()
    old_w, old_h, old_fps = draft.meta.width, draft.meta.height, draft.meta.fps
    cur_aspect, cur_res = current_preset(old_w, old_h)
    aspect = spec.aspect or cur_aspect
    resolution = spec.resolution or cur_res
    width, height, _ = target_canvas(spec, old_w, old_h, old_fps)
    if (spec.aspect or spec.resolution) and (width, height) != (old_w, old_h):
        segs = work.main_track().segments
        auto = all(
            seg.meta.fit == auto_fit(work.media_item(seg.meta.src), old_w, old_h) for seg in segs
        )
        draft.meta.width, draft.meta.height = width, height
        if auto:
            for seg in segs:
                seg.meta.fit = auto_fit(work.media_item(seg.meta.src), width, height)
    if spec.fps is not None:
        draft.meta.fps = spec.fps
    if (width, height, draft.meta.fps) == (old_w, old_h, old_fps):
        shape = ASPECT_NAMES.get(aspect, aspect)
        parts = [
            f"It is already {shape} ({width}x{height}, {resolution}, {old_fps} fps).",
            *spec.notes,
        ]
        for part in parts:  # each its own sentence, so each is said in Chinese too
            work.say(part)
        return
    work.record(
        "set_canvas",
        {
            "aspect": spec.aspect,
            "resolution": spec.resolution,
            "fps": spec.fps,
            "platform": spec.platform or None,
        },
        {"width": width, "height": height, "fps": draft.meta.fps},
        " ".join(spec.notes),
    )


class SetCanvas(Intent):
    """ "make it vertical", "square for LinkedIn", "720p at 24 fps"."""

    phase: ClassVar[int] = 30
    spec: CanvasSpec

    def apply(self, work: Work) -> None:
        photos(work)
        apply_canvas(work, self.spec)


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    spec = detect_canvas(clause)
    return [SetCanvas(spec=spec)] if spec else []
