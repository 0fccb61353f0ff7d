"""Drafts from elsewhere, read by what they mean: the hosted service's keys into photoreel's.

PROTOCOL.md documents the draft's outer keys (`t`, `tt`, `sg`, `d`, `m`) and
says nothing public names the keys inside a segment: the hosted service's
drafts may place a segment with `start` or `st` or not at all (end to end), give
music a `vol` of 35 (percent) where photoreel writes `volume: 0.35`, and name
media by id, file name, URL or a path in the service's sandbox. `normalize`
rewrites such a draft into photoreel's keys (docs/DRAFT.md), resolving media
against the session's `video_infos`, and lists what it could not read, so a
caller says "this draft cannot be read" instead of drawing something wrong.
`read_foreign_draft` then reads the result with the draft model's lenient view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from photoreel.protocol.answers import MediaRow, as_number, as_text

# Keys a segment's placement, length and end go by, in the order they are believed.
START_KEYS = ("s", "start", "st", "start_ms", "startMs", "start_time", "startTime", "begin")
DURATION_KEYS = ("d", "duration", "dur", "duration_ms", "durationMs", "length", "len")
END_KEYS = ("e", "end", "end_ms", "endMs", "end_time", "endTime")
VOLUME_KEYS = ("volume", "vol", "gain", "level", "volume_percent", "volumePercent")
MEDIA_KEYS = (
    *("src", "source", "media_id", "mediaId", "media", "file", "file_name", "filename"),
    *("path", "url", "uri", "cdn_url", "asset", "asset_id", "assetId"),
)
TRACK_KEYS = ("t", "tracks")
SEGMENT_KEYS = ("sg", "segments", "clips", "items")
META_KEYS = ("m", "meta", "metadata")
TRACK_TYPES = {
    **dict.fromkeys(("video", "image", "photo", "visual", "main"), 0),
    **dict.fromkeys(("audio", "music", "bgm", "sound"), 1),
    **dict.fromkeys(("text", "title", "caption", "subtitle", "subtitles"), 7),
}
# A volume above this is a percentage (35 is 35 %); at or below, a fraction (0.35).
PERCENT_FROM = 2.0


class Normalized(BaseModel):
    """A draft in photoreel's keys, and what of the original could not be read."""

    draft: dict[str, Any] | None = None
    problems: list[str] = Field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.draft is not None and not self.problems


def _first(mapping: dict[str, Any], keys: Iterable[str]) -> tuple[str | None, Any]:
    for key in keys:
        if key in mapping and mapping[key] not in (None, ""):
            return key, mapping[key]
    return None, None


def _ms(value: Any) -> int | None:
    number = as_number(value)
    return round(number) if number is not None and number >= 0 else None


def volume_fraction(value: Any) -> float | None:
    """0.35 for 0.35, 35, "35", "35%" or "0.35"; None for what is not a volume."""
    text = value.strip() if isinstance(value, str) else None
    percent = bool(text and text.endswith("%"))
    number = as_number(text.rstrip("%").strip() if text else value)
    if number is None or number < 0:
        return None
    return number / 100 if percent or number > PERCENT_FROM else number


def _basename(reference: str) -> str:
    return re.split(r"[/\\]", reference.split("?", 1)[0].rstrip("/\\"))[-1]


class MediaIndex:
    """The session's media, found by id, file name, URL, or the last part of a path."""

    def __init__(self, rows: Sequence[MediaRow]) -> None:
        self._by: dict[str, MediaRow] = {}
        for row in rows:
            for key in (row.media_id, row.filename, row.cdn_url, row.hash, row.name):
                if key:
                    self._by.setdefault(key, row)
                    self._by.setdefault(_basename(key), row)

    def find(self, reference: str) -> MediaRow | None:
        return self._by.get(reference) or self._by.get(_basename(reference))


def _track_type(track: dict[str, Any], meta: dict[str, Any]) -> int | None:
    value = track.get("tt", track.get("track_type"))
    if value in (0, 1, 7):
        return int(value)
    number = as_number(value)
    if number in (0, 1, 7):
        return int(number or 0)
    _, word = _first({**meta, **track}, ("type", "kind", "track_type", "tt"))
    if isinstance(word, str):
        return TRACK_TYPES.get(word.strip().lower())
    return None


def _segment_meta(
    seg: dict[str, Any], track_type: int, media: MediaIndex, where: str, problems: list[str]
) -> dict[str, Any]:
    _, raw_meta = _first(seg, META_KEYS)
    meta: dict[str, Any] = dict(raw_meta) if isinstance(raw_meta, dict) else {}
    if track_type == 7:
        if not meta.get("text"):
            _, text = _first({**seg, **meta}, ("text", "content", "title", "caption", "name"))
            if as_text(text):
                meta["text"] = as_text(text)
        return meta
    _, reference = _first({**seg, **meta}, MEDIA_KEYS)
    reference = as_text(reference)
    if reference:
        found = media.find(reference)
        meta["src"] = (found.media_id or found.name) if found else reference
        if not meta.get("name"):
            meta["name"] = found.name if found else _basename(reference)
    elif not meta.get("name"):
        problems.append(f"{where}: which media it shows is not said")
    volume_key, volume = _first({**seg, **meta}, VOLUME_KEYS)
    if volume_key is not None:
        fraction = volume_fraction(volume)
        for key in VOLUME_KEYS:
            meta.pop(key, None)
        if fraction is None:
            problems.append(f"{where}: volume {volume!r} is not a number")
        else:
            meta["volume"] = fraction
    return meta


def normalize(raw: Any, media: Sequence[MediaRow] = ()) -> Normalized:
    """`raw` in photoreel's draft keys, or the reasons it cannot be read (None: no draft).

    Segments are placed by their start key; one without any starts where the
    previous one ended (a track without start keys is placed end to end). A
    length is `d`/`duration`/..., or end minus start. Media references are
    resolved against `media` (the session's `video_infos`).
    """
    if raw is None:
        return Normalized()
    if not isinstance(raw, dict):
        return Normalized(problems=["the draft is not an object"])
    problems: list[str] = []
    index = MediaIndex(media)
    _, raw_tracks = _first(raw, TRACK_KEYS)
    tracks: list[dict[str, Any]] = []
    for ti, track in enumerate(raw_tracks if isinstance(raw_tracks, list) else []):
        if not isinstance(track, dict):
            problems.append(f"t[{ti}]: not a track")
            continue
        _, track_meta = _first(track, META_KEYS)
        track_meta = dict(track_meta) if isinstance(track_meta, dict) else {}
        track_type = _track_type(track, track_meta)
        if track_type is None:
            problems.append(f"t[{ti}]: its kind (video, audio or text) is not said")
            continue
        _, raw_segments = _first(track, SEGMENT_KEYS)
        segments: list[dict[str, Any]] = []
        cursor = 0
        for si, seg in enumerate(raw_segments if isinstance(raw_segments, list) else []):
            where = f"t[{ti}].sg[{si}]"
            if not isinstance(seg, dict):
                problems.append(f"{where}: not a segment")
                continue
            # no start key: where the previous segment ended (end to end, from 0)
            start_key, start_value = _first(seg, START_KEYS)
            start = cursor if start_key is None else _ms(start_value)
            if start is None:
                problems.append(f"{where}: its start {start_value!r} is not a time")
                continue
            length = _ms(_first(seg, DURATION_KEYS)[1])
            if length is None and (end := _ms(_first(seg, END_KEYS)[1])) is not None:
                length = end - start if end > start else None
            if not length:
                problems.append(f"{where}: how long it lasts is not said")
                continue
            meta = _segment_meta(seg, track_type, index, where, problems)
            segments.append({"s": start, "d": length, "m": meta})
            cursor = start + length
        tracks.append({"tt": track_type, "m": track_meta, "sg": segments})
    _, raw_meta = _first(raw, META_KEYS)
    draft_meta = dict(raw_meta) if isinstance(raw_meta, dict) else {}
    ends = [seg["s"] + seg["d"] for track in tracks for seg in track["sg"]]
    length = _ms(_first(raw, DURATION_KEYS)[1]) or max(ends, default=0)
    return Normalized(draft={"d": length, "m": draft_meta, "t": tracks}, problems=problems)
