"""Drafts from elsewhere read by what they mean (`protocol.foreign_draft`).

A timeline is generated, then written the way another service might write it:
another start key or none at all (end to end), an end instead of a length,
volume as a fraction or a percentage under another name, media named by id,
file name, URL or a sandbox path. Read back, it must place, name and mix every
segment exactly as the timeline it came from; what cannot be read is said.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from photoreel.protocol.answers import MediaRow, StateContents
from photoreel.protocol.foreign_draft import normalize, volume_fraction

MEDIA = [
    MediaRow(
        media_id=f"m_{i}",
        filename=f"photo{i}.jpg",
        cdn_url=f"https://cdn.example/u/1/photo{i}.jpg?sig=x",
    )
    for i in range(4)
] + [MediaRow(media_id="m_song", filename="song.mp3", cdn_url="https://cdn.example/song.mp3")]


def test_the_issues_draft_reads_as_the_service_meant_it() -> None:
    """Three 5 s photos with no start key, music at `vol` 35 named by a sandbox path,
    the track's name in `m.name`: photoreel read it stacked at 0-5 s, at 100 %, "Main"."""
    foreign = {
        "d": 15000,
        "m": {"title": "Trip", "width": 1920, "height": 1080},
        "t": [
            {
                "tt": 0,
                "m": {"name": "Main"},
                "sg": [
                    {"duration": 5000, "m": {"path": f"/sandbox/uploads/photo{i}.jpg"}}
                    for i in range(3)
                ],
            },
            {
                "tt": 1,
                "m": {"name": "Music"},
                "sg": [{"st": 0, "d": 15000, "m": {"file": "/sandbox/song.mp3", "vol": 35}}],
            },
        ],
    }
    read = normalize(foreign, MEDIA)
    assert read.readable, read.problems
    assert read.draft is not None
    video, music = read.draft["t"]
    assert [(s["s"], s["d"]) for s in video["sg"]] == [(0, 5000), (5000, 5000), (10000, 5000)]
    assert [s["m"]["src"] for s in video["sg"]] == ["m_0", "m_1", "m_2"]
    assert [s["m"]["name"] for s in video["sg"]] == ["photo0.jpg", "photo1.jpg", "photo2.jpg"]
    assert video["m"]["name"] == "Main"
    assert music["sg"][0]["m"]["volume"] == 0.35
    assert music["sg"][0]["m"]["src"] == "m_song"
    assert read.draft["d"] == 15000


def test_what_cannot_be_read_is_said() -> None:
    read = normalize(
        {
            "t": [
                {"tt": 0, "sg": [{"start": 0, "m": {"src": "m_0"}}]},
                {"kind": "hologram", "sg": []},
                {"tt": 1, "sg": [{"d": 1000, "m": {"src": "m_song", "vol": "loud"}}]},
            ]
        },
        MEDIA,
    )
    assert not read.readable
    assert read.problems == [
        "t[0].sg[0]: how long it lasts is not said",
        "t[1]: its kind (video, audio or text) is not said",
        "t[2].sg[0]: volume 'loud' is not a number",
    ]
    assert normalize("not a draft").problems == ["the draft is not an object"]
    assert normalize(None).draft is None and normalize(None).problems == []


def test_volumes_as_fractions_or_percentages() -> None:
    assert [volume_fraction(v) for v in (0.35, 35, "35", "35%", "0.35", 1, 1.5, "x", -1)] == [
        0.35,
        0.35,
        0.35,
        0.35,
        0.35,
        1.0,
        1.5,
        None,
        None,
    ]


# -- generated: any timeline, written in any dialect, reads back the same ------------------


segments = st.lists(
    st.tuples(st.integers(0, 3000), st.integers(100, 8000), st.integers(0, 3)),  # gap, d, media
    min_size=1,
    max_size=6,
)


def _reference(row: MediaRow, how: str) -> str:
    return {
        "id": row.media_id or "",
        "name": row.filename or "",
        "url": row.cdn_url or "",
        "sandbox": f"/mnt/sandbox/session/{row.filename}",
    }[how]


@settings(max_examples=80, deadline=None)
@given(
    timeline=segments,
    volume=st.integers(0, 200),
    data=st.data(),
)
def test_any_timeline_in_any_dialect_reads_back_the_same(
    timeline: list[tuple[int, int, int]], volume: int, data: st.DataObject
) -> None:
    start_key = data.draw(st.sampled_from([None, "s", "start", "st", "startTime", "start_ms"]))
    gaps = start_key is not None  # without start keys, segments can only sit end to end
    length_as = data.draw(st.sampled_from(["d", "duration", "dur", "end"]))
    media_as = data.draw(st.sampled_from(["id", "name", "url", "sandbox"]))
    media_key = data.draw(st.sampled_from(["src", "source", "path", "file", "url", "media_id"]))
    volume_as = data.draw(st.sampled_from(["fraction", "percent", "percent-text"]))
    volume_key = data.draw(st.sampled_from(["volume", "vol", "gain"]))

    expected: list[tuple[int, int, str]] = []
    foreign_segments: list[dict[str, Any]] = []
    cursor = 0
    for gap, length, which in timeline:
        start = cursor + (gap if gaps else 0)
        row = MEDIA[which]
        seg: dict[str, Any] = {"m": {media_key: _reference(row, media_as)}}
        if start_key is not None:
            seg[start_key] = start
        if length_as == "end":
            seg["end"] = start + length
        else:
            seg[length_as] = length
        foreign_segments.append(seg)
        expected.append((start, length, row.media_id or ""))
        cursor = start + length
    fraction = volume / 100
    written: Any = {"fraction": fraction, "percent": volume, "percent-text": f"{volume}%"}[
        volume_as
    ]
    if volume_as == "percent" and volume <= 2:
        written = fraction  # 0, 1 or 2 percent written as a number reads as a fraction
    music = {"tt": 1, "sg": [{"d": cursor, "m": {"src": "song.mp3", volume_key: written}}]}
    read = normalize({"t": [{"tt": 0, "sg": foreign_segments}, music]}, MEDIA)

    assert read.readable, read.problems
    assert read.draft is not None
    video, audio = read.draft["t"]
    assert [(s["s"], s["d"], s["m"]["src"]) for s in video["sg"]] == expected
    assert audio["sg"][0]["m"]["volume"] == fraction
    assert audio["sg"][0]["m"]["src"] == "m_song"
    assert read.draft["d"] == cursor


def test_a_state_says_whether_its_draft_can_be_read_and_exported() -> None:
    """`StateContents.timeline` is the model of the reading; an unreadable draft is None
    there (not a wrong drawing), says why, and is still the service's to export."""
    seg = {"duration": 2000, "m": {"path": "/mnt/sandbox/photo1.jpg"}}
    readable = StateContents(draft={"t": [{"tt": 0, "sg": [seg, seg]}]}, video_infos=MEDIA)
    assert readable.unreadable is None and readable.exportable
    assert readable.timeline is not None
    (track,) = readable.timeline.tracks
    assert [(s.start_ms, s.duration_ms, s.meta.src) for s in track.segments] == [
        (0, 2000, "m_1"),
        (2000, 2000, "m_1"),
    ]
    broken = StateContents(draft={"t": [{"tt": 0, "sg": [{"m": {"src": "m_0"}}]}]})
    assert broken.timeline is None and broken.exportable
    assert broken.unreadable == (
        "Timeline: photoreel cannot read this draft (t[0].sg[0]: how long it lasts is not said)."
    )
    assert StateContents().timeline is None and not StateContents().exportable
