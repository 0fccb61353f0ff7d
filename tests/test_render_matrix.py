"""The render matrix: generated drafts over everything docs/DRAFT.md allows, rendered for real.

Each draft mixes files of the media pool (tests/media_pool.py: phone JPEGs,
CMYK, palette and 16-bit PNGs, animated GIFs and WebPs, clips in every
container, sound in every format) with every transition, motion, fit,
canvas shape, text and music option, on a tiny canvas so a render takes a
fraction of a second. Every render must succeed, have exactly the draft's
frame count and length, and a frame from the middle of each segment must
show that segment's file (its known colour) where it is on screen.

CI runs 60 drafts from a fixed seed (15 at each frame rate). By hand, with
fresh random drafts:

    PHOTOREEL_MATRIX_DRAFTS=250 pytest tests/test_render_matrix.py -n 2 -rP

runs 250 drafts at each of 24, 25, 30 and 60 fps (1,000 in all); the count
that passed is in docs/ENGINE.md.
"""

from __future__ import annotations

import itertools
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from media_pool import PALETTE, RGB, PoolItem, make_pool
from photoreel.engine import render
from photoreel.engine.text import draw_text
from photoreel.protocol.draft import MIN_VIDEO_MS, Draft, TextMeta, min_segment_ms, parse_draft
from video_checks import frames, inspect, mean_rgb

DRAFTS_BY_HAND = int(os.environ.get("PHOTOREEL_MATRIX_DRAFTS", "0"))
DRAFTS_PER_FPS = DRAFTS_BY_HAND or 15

#: Transitions and motions as docs/DRAFT.md lists them (not taken from the implementation).
TRANSITIONS = [
    "none", "fade", "fadeblack", "fadewhite", "dissolve", "wipeleft", "wiperight", "wipeup",
    "wipedown", "slideleft", "slideright", "slideup", "slidedown", "circleopen",
    "circleclose", "zoomin", "pixelize", "radial", "smoothleft", "smoothright",
]  # fmt: skip
MOTIONS = ["none", "zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down", "auto"]
EASINGS = ["linear", "ease_in", "ease_out", "ease_in_out"]
FITS = ["cover", "contain_blur", "contain"]
#: The canvas presets' shapes (16:9, 9:16, 1:1, 4:5) at tiny sizes, and odd even sizes.
CANVASES = [(64, 36), (96, 54), (36, 64), (54, 96), (48, 48), (64, 80), (16, 16), (160, 90)]
BACKGROUNDS = ["#000000", "#FFFFFF", "#203040", "#102010"]
TEXTS = ["Summer", "Urban Dreams", "第一天\n海边", "a longer caption that wraps over lines", "ß"]

#: How far a camera move can carry the middle of the picture, as a share of the canvas
#: (pans travel over the photo zoomed by up to 30 %).
MOVE_SHARE = 0.16


def frame_of(ms: int, fps: int) -> int:
    """docs/DRAFT.md's timing: a time in ms is the nearest frame (halves round up)."""
    return (ms * fps + 500) // 1000


class Case(BaseModel):
    """One generated draft and what the test knows about it."""

    draft: dict[str, Any]
    fmt: str


@pytest.fixture(scope="session")
def pool(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[PoolItem]]:
    folder = tmp_path_factory.mktemp("pool")
    return folder, make_pool(folder)


def _cases(items: list[PoolItem], fps: int) -> st.SearchStrategy[Case]:
    visual = [i for i in items if i.kind != "audio"]
    sounds = [i for i in items if i.kind == "audio"]
    shortest = min_segment_ms(fps)

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        width, height = draw(st.sampled_from(CANVASES))
        bottom = _video_segments(draw, visual, shortest, fps, count=draw(st.integers(1, 5)))
        tracks: list[dict[str, Any]] = [{"tt": 0, "sg": bottom}]
        end = max(s["s"] + s["d"] for s in bottom)
        d = end + draw(st.sampled_from([0, 0, 0, shortest, 300]))  # a gap at the end, at times
        d = max(d, MIN_VIDEO_MS)
        if draw(st.integers(0, 4)) == 0:  # an upper video track over part of the video
            upper = _video_segments(draw, visual, shortest, fps, count=draw(st.integers(1, 2)),
                                    start=draw(st.integers(0, d // 2)), limit=d)  # fmt: skip
            if upper:
                tracks.append({"tt": 0, "sg": upper})
        if draw(st.booleans()):
            tracks.append({"tt": 1, "sg": _audio_segments(draw, sounds, d, shortest)})
        if draw(st.booleans()):
            tracks.append({"tt": 7, "sg": _text_segments(draw, d, shortest)})
        draft = {
            "d": d,
            "m": {
                "width": width,
                "height": height,
                "fps": fps,
                "bg": draw(st.sampled_from(BACKGROUNDS)),
                "loudnorm": draw(st.booleans()),
            },
            "t": tracks,
        }
        fmt = draw(st.sampled_from(["mp4"] * 5 + ["webm"]))
        return Case(draft=draft, fmt=fmt)

    return build()


def _video_segments(
    draw: st.DrawFn,
    visual: list[PoolItem],
    shortest: int,
    fps: int,
    *,
    count: int,
    start: int = 0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []
    at, previous = start, None
    for _ in range(count):
        at += draw(st.sampled_from([0, 0, 0, 0, 0, shortest, 250]))  # mostly touching
        # Neighbours show different colours, so a frame of the wrong one is caught.
        item = draw(st.sampled_from([i for i in visual if i.colour != previous]))
        d = draw(st.integers(shortest, 1400))
        if limit is not None and at + d > limit:
            break
        meta: dict[str, Any] = {
            "src": item.name,
            "name": item.name,
            "kind": "video" if item.kind == "video" else "image",
            "fit": draw(st.sampled_from(FITS)),
            "bg": draw(st.sampled_from(BACKGROUNDS)),
            "motion": {
                "type": draw(st.sampled_from(MOTIONS)),
                "intensity": draw(st.sampled_from([0.0, 0.3, 0.5, 1.0])),
                "easing": draw(st.sampled_from(EASINGS)),
            },
        }
        if item.kind == "video":
            meta.update(_clip_options(draw, item, shortest))
        segments.append({"s": at, "d": d, "m": meta})
        at, previous = at + d, item.colour
    for seg, following in itertools.pairwise(segments):
        if draw(st.integers(0, 5)) > 0:
            longest = min(seg["d"], following["d"])
            seg["m"]["transition"] = {
                "type": draw(st.sampled_from(TRANSITIONS)),
                "d": draw(st.integers(0, min(longest, 5000))),
            }
    return segments


def _clip_options(draw: st.DrawFn, item: PoolItem, shortest: int) -> dict[str, Any]:
    assert item.seconds is not None
    length = int(item.seconds * 1000)
    # Leave at least two frames after trim_in (the clip's probed length may be a little short).
    trim_in = draw(st.sampled_from([0, 0, 0, max(length // 2 - shortest * 2, 0)]))
    options: dict[str, Any] = {
        "trim_in": trim_in,
        "audio": draw(st.sampled_from(["keep", "mute", "duck"])),
        "volume": draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])),
    }
    if draw(st.booleans()):
        options["trim_out"] = draw(st.integers(trim_in + 2 * shortest, length + 500))
    return options


def _audio_segments(
    draw: st.DrawFn, sounds: list[PoolItem], d: int, shortest: int
) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []
    at = draw(st.sampled_from([0, 0, 200]))
    for _ in range(draw(st.integers(1, 2))):
        if d - at < shortest:
            break
        item = draw(st.sampled_from(sounds))
        length = draw(st.integers(shortest, d - at))
        assert item.seconds is not None
        segments.append({"s": at, "d": length, "m": {
            "src": item.name,
            "name": item.name,
            "volume": draw(st.sampled_from([0.0, 0.35, 1.0, 2.0])),
            "fade_in": draw(st.sampled_from([0, 200, 5000])),
            "fade_out": draw(st.sampled_from([0, 300])),
            "offset": draw(st.integers(0, int(item.seconds * 1000) + 300)),
            "loop": draw(st.booleans()),
        }})  # fmt: skip
        at += length
    return segments


def _text_segments(draw: st.DrawFn, d: int, shortest: int) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []
    at = draw(st.integers(0, d // 3))
    for _ in range(draw(st.integers(1, 2))):
        if d - at < shortest:
            break
        length = draw(st.integers(shortest, d - at))
        meta: dict[str, Any] = {
            "text": draw(st.sampled_from(TEXTS)),
            "role": draw(st.sampled_from(["title", "caption"])),
            "position": draw(st.sampled_from(["top", "center", "bottom", "custom"])),
            "size": draw(st.sampled_from([0.05, 0.07, 0.15, 0.3])),
            "color": draw(st.sampled_from(["#FFFFFF", "#FFD700CC", "#101010"])),
            "weight": draw(st.sampled_from(["regular", "bold"])),
            "box": draw(st.booleans()),
            "shadow": draw(st.booleans()),
            "margin": draw(st.sampled_from([0.0, 0.05, 0.2])),
            "max_width": draw(st.sampled_from([0.3, 0.9, 1.0])),
            "fade_in": draw(st.sampled_from([0, 300])),
            "fade_out": draw(st.sampled_from([0, 300, 2000])),
        }
        if meta["position"] == "custom":
            meta["x"] = draw(st.sampled_from([0.0, 0.3, 0.5, 1.0]))
            meta["y"] = draw(st.sampled_from([0.0, 0.5, 0.9]))
        segments.append({"s": at, "d": length, "m": meta})
        at += length + draw(st.sampled_from([0, 100]))
    return segments


# -- what a frame must show --------------------------------------------------------


class Sample(BaseModel):
    """A frame of one segment and the box of it where its file must show."""

    frame: int
    box: tuple[int, int, int, int]
    colour: RGB
    label: str


def _samples(draft: Draft, pool: dict[str, PoolItem]) -> list[Sample]:
    """For each video segment, the middle frame of its own part (clear of transitions,
    upper tracks and text) and the box in the middle of the picture that must show it."""
    fps, (width, height) = draft.meta.fps, (draft.meta.width, draft.meta.height)
    tracks = draft.video_tracks
    covered: list[list[tuple[int, int]]] = []  # per track: frame spans it paints
    for track in tracks:
        spans = []
        for seg in track.segments:
            reach = (
                frame_of(min(seg.meta.transition.duration_ms, 5000), fps)
                if seg.meta.transition
                else 0
            )
            spans.append((frame_of(seg.start_ms, fps) - reach, frame_of(seg.end_ms, fps) + reach))
        covered.append(spans)
    texts = [
        (
            frame_of(seg.start_ms, fps),
            frame_of(seg.end_ms, fps),
            _text_box(seg.meta, (width, height)),
        )
        for track in draft.text_tracks
        for seg in track.segments
    ]
    samples: list[Sample] = []
    for ti, track in enumerate(tracks):
        above = [span for spans in covered[ti + 1 :] for span in spans]
        for si, seg in enumerate(track.segments):
            item = pool[seg.meta.src]
            box = _centre_box(item, seg.meta.fit, seg.meta.motion.type, (width, height))
            if box is None or item.colour is None:
                continue
            first, end = frame_of(seg.start_ms, fps), frame_of(seg.end_ms, fps)
            before = track.segments[si - 1] if si else None
            if before is not None and before.end_ms == seg.start_ms and before.meta.transition:
                first += math.ceil(frame_of(before.meta.transition.duration_ms, fps) / 2) + 1
            if (
                seg.meta.transition
                and si + 1 < len(track.segments)
                and track.segments[si + 1].start_ms == seg.end_ms
            ):
                end -= math.ceil(frame_of(seg.meta.transition.duration_ms, fps) / 2) + 1
            clear = [
                f for f in range(first, end)
                if not any(a - 1 <= f <= b for a, b in above)
                and not any(a <= f < b and _overlap(box, tb) for a, b, tb in texts)
            ]  # fmt: skip
            if clear:
                label = f"t[{ti}].sg[{si}] {item.name} ({item.what}), {seg.meta.fit}, " + str(
                    seg.meta.motion.type
                )
                samples.append(
                    Sample(frame=clear[len(clear) // 2], box=box, colour=item.colour, label=label)
                )
    return samples


def _centre_box(
    item: PoolItem, fit: str, motion: str, canvas: tuple[int, int]
) -> tuple[int, int, int, int] | None:
    """The box around the canvas's middle that the picture covers whatever the camera does,
    or None when the picture is too thin there (a 1:20 strip fitted whole)."""
    w, h = canvas
    if fit == "cover":
        inner_w, inner_h = float(w), float(h)
    else:
        scale = min(w / item.width, h / item.height)
        inner_w, inner_h = item.width * scale, item.height * scale
    moving = 0.0 if motion == "none" else MOVE_SHARE
    half_w = min(inner_w / 2 - moving * w - 2, w * 0.12)
    half_h = min(inner_h / 2 - moving * h - 2, h * 0.12)
    if half_w < 1.5 or half_h < 1.5:
        return None
    cx, cy = w / 2, h / 2
    return (
        math.floor(cx - half_w) + 1,
        math.floor(cy - half_h) + 1,
        math.ceil(cx + half_w) - 1,
        math.ceil(cy + half_h) - 1,
    )


def _text_box(meta: TextMeta, canvas: tuple[int, int]) -> tuple[int, int, int, int]:
    image, place = draw_text(meta, canvas)
    return (place.x, place.y, place.x + image.width, place.y + image.height)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


#: Every colour a frame's middle may show: the palette, the pool's greys, the backgrounds.
KNOWN_COLOURS: dict[str, RGB] = {
    **PALETTE,
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    **{f"bg{b}": (int(b[1:3], 16), int(b[3:5], 16), int(b[5:7], 16)) for b in BACKGROUNDS},
}


def colour_name(colour: tuple[float, float, float], known: dict[str, RGB]) -> str:
    """The known colour nearest to `colour`."""
    return min(
        known, key=lambda k: sum((x - y) ** 2 for x, y in zip(colour, known[k], strict=True))
    )


def check_render(case: Case, folder: Path, pool: dict[str, PoolItem]) -> None:
    draft = parse_draft(case.draft)
    fps = draft.meta.fps
    media = {name: folder / name for name in draft.sources()}
    with tempfile.TemporaryDirectory(prefix="matrix-") as out_dir:
        out = Path(out_dir) / f"matrix.{case.fmt}"
        result = render(draft, media, out, quality="draft", fmt=case.fmt)  # type: ignore[arg-type]
        facts = inspect(out)
        expected_frames = frame_of(draft.duration_ms, fps)
        assert facts.frames == expected_frames, f"{facts.frames} frames, not {expected_frames}"
        assert result.duration == pytest.approx(expected_frames / fps, abs=1e-6)
        assert facts.duration == pytest.approx(expected_frames / fps, abs=0.05 + 1 / fps)
        assert (facts.width, facts.height) == (draft.meta.width, draft.meta.height)
        samples = _samples(draft, pool)
        if not samples:
            return
        shown = frames(out, [s.frame for s in samples])
    # Files share the palette's colours; greys are the pool's own (a grey JPEG, a 16-bit PNG).
    greys = {f"grey{c[0]}": c for i in pool.values() if (c := i.colour) and max(c) - min(c) < 10}
    known = {**KNOWN_COLOURS, **greys}
    for sample, image in zip(samples, shown, strict=True):
        seen = mean_rgb(image, sample.box)
        near = all(abs(a - b) <= 40 for a, b in zip(seen, sample.colour, strict=True))
        assert near and colour_name(seen, known) == colour_name(sample.colour, known), (
            f"frame {sample.frame} box {sample.box}: {sample.label} should show "
            f"{sample.colour}, shows {tuple(round(c) for c in seen)}"
        )


@pytest.mark.parametrize("fps", [24, 25, 30, 60])
def test_generated_drafts_render_exactly(fps: int, pool: tuple[Path, list[PoolItem]]) -> None:
    folder, items = pool
    by_name = {item.name: item for item in items}
    passed = 0

    @settings(
        max_examples=DRAFTS_PER_FPS,
        derandomize=not DRAFTS_BY_HAND,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=_cases(items, fps))
    def renders(case: Case) -> None:
        nonlocal passed
        check_render(case, folder, by_name)
        passed += 1

    renders()
    if DRAFTS_BY_HAND:
        print(f"\nrender matrix: {passed} drafts passed at {fps} fps")
