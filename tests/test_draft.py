"""The draft model: documented keys, photoreel's own keys, errors that name the key."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from photoreel.protocol.draft import (
    MIN_VIDEO_MS,
    TRANSITION_NAMES,
    Draft,
    DraftInvalid,
    TransitionType,
    canvas_size,
    min_segment_ms,
    parse_draft,
    read_draft,
    summarize,
)


def _photo(src: str, s: int, d: int, **meta: Any) -> dict[str, Any]:
    return {"s": s, "d": d, "m": {"src": src, "name": src, **meta}}


def _draft(*tracks: dict[str, Any], d: int = 10_000, **meta: Any) -> dict[str, Any]:
    return {"d": d, "m": meta, "t": list(tracks)}


DOCUMENTED = _draft(
    {"tt": 0, "sg": [{"s": 0, "d": 10_000, "m": {"src": "m1", "name": "city timelapse"}}]},
    {"tt": 1, "sg": [{"s": 0, "d": 10_000, "m": {"src": "m2", "name": "Lo-fi", "volume": 0.35}}]},
    {"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams"}}]},
)


def test_summary_matches_the_documented_example() -> None:
    draft = parse_draft(DOCUMENTED)
    assert draft.summary() == (
        "Timeline (3 tracks): 1. Video: city timelapse (0-10s) "
        '2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)'
    )


def test_summary_lists_photos_and_fractional_seconds() -> None:
    draft = parse_draft(
        _draft(
            {"tt": 0, "sg": [_photo("a.jpg", 0, 2500), _photo("b.jpg", 2500, 2500)]},
            d=5000,
        )
    )
    assert draft.summary() == "Timeline (1 track): 1. Video: a.jpg, b.jpg (0-5s)"


def test_summary_of_an_empty_or_foreign_draft_does_not_fail() -> None:
    assert summarize(None) == "Timeline (0 tracks): empty"
    foreign = {"t": [{"tt": 0, "sg": [{"d": 4000, "m": {"title": "x"}}]}]}
    assert summarize(read_draft(foreign)) == "Timeline (1 track): 1. Video: untitled (0-4s)"


def test_defaults_fill_a_minimal_draft() -> None:
    draft = parse_draft(_draft({"tt": 0, "sg": [_photo("a.jpg", 0, 3000)]}, d=3000))
    assert (draft.meta.width, draft.meta.height, draft.meta.fps) == (1920, 1080, 30)
    seg = draft.video_tracks[0].segments[0]
    assert (
        seg.meta.fit == "cover" and seg.meta.motion.type == "none" and seg.meta.transition is None
    )
    assert draft.sources() == {"a.jpg"}


def test_round_trip_keeps_every_key() -> None:
    draft = parse_draft(DOCUMENTED)
    assert parse_draft(draft.to_json()) == draft


@pytest.mark.parametrize(
    ("aspect", "resolution", "size"),
    [
        ("16:9", "1080p", (1920, 1080)),
        ("9:16", "1080p", (1080, 1920)),
        ("1:1", "720p", (720, 720)),
        ("4:5", "1080p", (1080, 1350)),
    ],
)
def test_canvas_presets(aspect: str, resolution: str, size: tuple[int, int]) -> None:
    assert canvas_size(aspect, resolution) == size  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "key", "words"),
    [
        (
            _draft({"tt": 0, "sg": [_photo("a", 0, 500, trasition={"type": "fade"})]}),
            "t[0].sg[0].m.trasition",
            "unknown key",
        ),
        (
            _draft({"tt": 0, "sg": [_photo("a", 0, 500, transition={"type": "wipe"})]}),
            "t[0].sg[0].m.transition.type",
            "'wipeleft'",
        ),
        (
            _draft({"tt": 0, "sg": [_photo("a", 0, 5000), _photo("b", 4000, 5000)]}),
            "t[0].sg[1].s",
            "must not overlap",
        ),
        (
            _draft({"tt": 0, "sg": [_photo("a", 0, 12_000)]}),
            "t[0].sg[0]",
            "after the draft's end",
        ),
        (_draft({"tt": 3, "sg": []}), "t[0].tt", "0 (video), 1 (audio) or 7 (text)"),
        (_draft(fps=29), "m.fps", "24, 25, 30 or 60"),
        (_draft(width=1921), "m.width", "multiple of 2"),
        ({"t": []}, "d", "required"),
        (
            _draft(
                {
                    "tt": 0,
                    "sg": [
                        _photo("a", 0, 1000, transition={"type": "fade", "d": 1500}),
                        _photo("b", 1000, 3000),
                    ],
                }
            ),
            "t[0].sg[0].m.transition.d",
            "does not fit",
        ),
        (_draft(d=99), "d", "d must be at least 100 ms"),
        (
            _draft({"tt": 7, "sg": [{"s": 0, "d": 33, "m": {"text": "hi"}}]}, fps=30),
            "t[0].sg[0].d",
            "shorter than one frame at 30 fps; use at least 34 ms",
        ),
        (
            _draft({"tt": 0, "sg": [_photo("c", 0, 1000, kind="video", trim_in=0, trim_out=20)]}),
            "t[0].sg[0].m.trim_out",
            "keeps less than one frame at 30 fps",
        ),
        (
            _draft({"tt": 1, "sg": [{"s": 0, "d": 1000, "m": {"src": "x", "volume": 3}}]}),
            "t[0].sg[0].m.volume",
            "less than or equal to 2",
        ),
    ],
)
def test_invalid_drafts_name_the_key(raw: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(DraftInvalid) as caught:
        parse_draft(raw)
    assert caught.value.key == key
    assert str(caught.value).startswith(f"{key}: ")
    assert words in str(caught.value)


@pytest.mark.parametrize("fps", [24, 25, 30, 60])
def test_the_shortest_segment_allowed_still_covers_a_frame(fps: int) -> None:
    """At any start, a segment of `min_segment_ms` spans at least one whole frame."""
    shortest = min_segment_ms(fps)
    parse_draft(_draft({"tt": 0, "sg": [_photo("a", 0, shortest)]}, fps=fps))

    def frame(ms: int) -> int:
        return (ms * fps + 500) // 1000  # the engine's rounding rule (engine/graph.py Timing)

    assert all(frame(s + shortest) - frame(s) >= 1 for s in range(2000))
    assert frame(MIN_VIDEO_MS) >= 2


def test_model_is_importable_from_protocol_only() -> None:
    assert Draft.__module__ == "photoreel.protocol.draft"


def test_every_transition_type_has_the_name_a_reply_uses() -> None:
    assert set(TRANSITION_NAMES) == set(get_args(TransitionType))
    assert all(TRANSITION_NAMES.values())
