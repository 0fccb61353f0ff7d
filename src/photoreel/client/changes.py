"""What a turn changed in the draft, in words: for turns where the agent says nothing.

About 30% of the hosted service's edit turns stream no text (PROTOCOL.md), so
the client compares the draft before and after and writes the change itself.
It reads any draft-shaped dict leniently (the hosted service's drafts carry
keys photoreel does not define) and names tracks and segments exactly as the
one-line summary does.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from photoreel.protocol.draft import (
    TRACK_AUDIO,
    TRACK_TEXT,
    TRACK_VIDEO,
    seconds_text,
    segment_label,
    summarize,
    track_label,
)

Json = dict[str, Any]


def _tracks(draft: Json | None) -> list[Json]:
    return [t for t in (draft or {}).get("t") or [] if isinstance(t, dict)]


def _segs(track: Json) -> list[Json]:
    return [s for s in track.get("sg") or [] if isinstance(s, dict)]


def _meta(obj: Json) -> Json:
    meta = obj.get("m")
    return meta if isinstance(meta, dict) else {}


def _names(track: Json) -> list[str]:
    tt = int(track.get("tt", 0))
    return [segment_label(tt, s) for s in _segs(track)]


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:4])
    return shown + (f" (+{len(names) - 4} more)" if len(names) > 4 else "")


def _span(track: Json) -> str:
    segs = _segs(track)
    if not segs:
        return "empty"
    start = min(int(s.get("s", 0)) for s in segs)
    end = max(int(s.get("s", 0)) + int(s.get("d", 0)) for s in segs)
    span = f"{seconds_text(start)}-{seconds_text(end)}s"
    if int(track.get("tt", 0)) == TRACK_AUDIO:
        span += f", {_percent([str(_meta(segs[0]).get('volume', 1.0))])}"
    return span


def _keyed(tracks: list[Json]) -> dict[tuple[int, int], Json]:
    """Tracks keyed by (type, n-th track of that type): how a track is recognised after edits."""
    seen: Counter[int] = Counter()
    out: dict[tuple[int, int], Json] = {}
    for track in tracks:
        tt = int(track.get("tt", 0))
        out[(tt, seen[tt])] = track
        seen[tt] += 1
    return out


def _kinds(values: list[str]) -> str:
    unique = sorted(set(values))
    return ", ".join(unique) if unique else "none"


def _transitions(track: Json) -> list[str]:
    out = []
    for seg in _segs(track)[:-1]:  # the last segment's transition is never seen
        tr = _meta(seg).get("transition")
        if isinstance(tr, dict) and tr.get("type", "fade") != "none":
            out.append(f"{tr.get('type', 'fade')} {seconds_text(int(tr.get('d', 1000)))}s")
        else:
            out.append("cut")
    return out


def _field(track: Json, key: str, sub: str | None = None) -> list[str]:
    out = []
    for seg in _segs(track):
        value = _meta(seg).get(key)
        if sub is not None:
            value = value.get(sub) if isinstance(value, dict) else None
        out.append(str(value) if value is not None else "none")
    return out


def _track_changes(before: Json, after: Json) -> list[str]:
    label = track_label(after)
    tt = int(after.get("tt", 0))
    lines: list[str] = []
    old, new = _names(before), _names(after)
    added = list((Counter(new) - Counter(old)).elements())
    removed = list((Counter(old) - Counter(new)).elements())
    if added:
        lines.append(f"{label}: added {_listing(added)}")
    if removed:
        lines.append(f"{label}: removed {_listing(removed)}")
    if not added and not removed and old != new:
        lines.append(f"{label}: reordered to {_listing(new)}")
    old_d = [int(s.get("d", 0)) for s in _segs(before)]
    new_d = [int(s.get("d", 0)) for s in _segs(after)]
    if old == new and old_d != new_d:
        if len(set(new_d)) == 1:
            lines.append(f"{label}: each {seconds_text(new_d[0])}s")
        else:
            lines.append(f"{label}: timing changed ({_span(after)})")
    if tt == TRACK_VIDEO:
        for what, values in (
            ("transitions", (_transitions(before), _transitions(after))),
            ("motion", (_field(before, "motion", "type"), _field(after, "motion", "type"))),
            ("fit", (_field(before, "fit"), _field(after, "fit"))),
        ):
            b, a = values
            if set(b) != set(a) and a:
                lines.append(f"{label}: {what} {_kinds(b)} → {_kinds(a)}")
    if tt == TRACK_AUDIO:
        b_vol, a_vol = _field(before, "volume"), _field(after, "volume")
        if b_vol[:1] != a_vol[:1] and a_vol:
            lines.append(f"{label}: volume {_percent(b_vol[:1])} → {_percent(a_vol[:1])}")
    if not lines and before != after:
        what = "text style" if tt == TRACK_TEXT else "settings"
        lines.append(f"{label}: {what} changed")
    return lines


def _percent(values: list[str]) -> str:
    try:
        return f"{round(float(values[0]) * 100)}%"
    except (IndexError, ValueError):
        return "100%"


def describe_changes(before: Json | None, after: Json | None) -> list[str]:
    """One line for each change from `before` to `after`; empty when nothing changed."""
    if (before or None) == (after or None):
        return []
    b, a = before or {}, after or {}
    lines: list[str] = []
    if a.get("d") != b.get("d") and a.get("d"):
        old = f"{seconds_text(int(b['d']))}s → " if b.get("d") else ""
        lines.append(f"Length {old}{seconds_text(int(a['d']))}s")
    bm, am = _meta(b), _meta(a)
    size_b, size_a = (bm.get("width"), bm.get("height")), (am.get("width"), am.get("height"))
    if size_a != size_b and all(size_a):
        old = f"{size_b[0]}x{size_b[1]} → " if all(size_b) else ""
        lines.append(f"Canvas {old}{size_a[0]}x{size_a[1]}")
    if am.get("title") != bm.get("title") and am.get("title"):
        lines.append(f'Project title "{am["title"]}"')
    old_tracks, new_tracks = _keyed(_tracks(b)), _keyed(_tracks(a))
    for key, track in new_tracks.items():
        if key not in old_tracks:
            lines.append(
                f"Added {track_label(track)}: {_listing(_names(track)) or 'empty'} ({_span(track)})"
            )
        else:
            lines.extend(_track_changes(old_tracks[key], track))
    for key, track in old_tracks.items():
        if key not in new_tracks:
            lines.append(f"Removed {track_label(track)}")
    return lines or ["Timeline details changed"]


def change_reply(before: Json | None, after: Json | None) -> str:
    """The reply the client writes for a turn that streamed no text."""
    lines = describe_changes(before, after)
    if not lines:
        return f"The timeline did not change. {summarize(after)}"
    return "Done. " + "; ".join(lines) + f". {summarize(after)}"
