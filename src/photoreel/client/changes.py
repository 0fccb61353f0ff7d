"""What a turn changed in the draft, in words: for turns where the agent says nothing.

About 30% of the hosted service's edit turns stream no text (PROTOCOL.md), so
the client compares the draft before and after and writes the change itself.
It reads drafts as models (a hosted draft through `read_draft`, the lenient
view) and names tracks and segments exactly as the one-line summary does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from photoreel.protocol.draft import (
    AnyTrack,
    AudioTrack,
    Draft,
    TextTrack,
    VideoTrack,
    seconds_text,
    segment_label,
    summarize,
    track_label,
    track_span,
)


def _names(track: AnyTrack) -> list[str]:
    return [segment_label(seg) for seg in track.segments]


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:4])
    return shown + (f" (+{len(names) - 4} more)" if len(names) > 4 else "")


def _span(track: AnyTrack) -> str:
    if not track.segments:
        return "empty"
    start, end = track_span(track)
    span = f"{seconds_text(start)}-{seconds_text(end)}s"
    if isinstance(track, AudioTrack):
        span += f", {_percent([str(track.segments[0].meta.volume)])}"
    return span


def _keyed(tracks: list[AnyTrack]) -> dict[tuple[int, int], AnyTrack]:
    """Tracks keyed by (type, n-th track of that type): how a track is recognised after edits."""
    seen: Counter[int] = Counter()
    out: dict[tuple[int, int], AnyTrack] = {}
    for track in tracks:
        out[(track.track_type, seen[track.track_type])] = track
        seen[track.track_type] += 1
    return out


def _kinds(values: Sequence[str]) -> str:
    unique = sorted(set(values))
    return ", ".join(unique) if unique else "none"


def _transitions(track: VideoTrack) -> list[str]:
    out = []
    for seg in track.segments[:-1]:  # the last segment's transition is never seen
        tr = seg.meta.transition
        if tr is not None and tr.type != "none":
            out.append(f"{tr.type} {seconds_text(tr.duration_ms)}s")
        else:
            out.append("cut")
    return out


def _video_changes(label: str, before: VideoTrack, after: VideoTrack) -> list[str]:
    lines = []
    compared: tuple[tuple[str, Sequence[str], Sequence[str]], ...] = (
        ("transitions", _transitions(before), _transitions(after)),
        (
            "motion",
            [seg.meta.motion.type for seg in before.segments],
            [seg.meta.motion.type for seg in after.segments],
        ),
        ("fit", [s.meta.fit for s in before.segments], [s.meta.fit for s in after.segments]),
    )
    for what, b, a in compared:
        if set(b) != set(a) and a:
            lines.append(f"{label}: {what} {_kinds(b)} → {_kinds(a)}")
    return lines


def _track_changes(before: AnyTrack, after: AnyTrack) -> list[str]:
    label = track_label(after)
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
    old_d = [seg.duration_ms for seg in before.segments]
    new_d = [seg.duration_ms for seg in after.segments]
    if old == new and old_d != new_d:
        if len(set(new_d)) == 1:
            lines.append(f"{label}: each {seconds_text(new_d[0])}s")
        else:
            lines.append(f"{label}: timing changed ({_span(after)})")
    if isinstance(before, VideoTrack) and isinstance(after, VideoTrack):
        lines.extend(_video_changes(label, before, after))
    if isinstance(before, AudioTrack) and isinstance(after, AudioTrack):
        b_vol = [str(seg.meta.volume) for seg in before.segments[:1]]
        a_vol = [str(seg.meta.volume) for seg in after.segments[:1]]
        if b_vol != a_vol and a_vol:
            lines.append(f"{label}: volume {_percent(b_vol)} → {_percent(a_vol)}")
    if not lines and before != after:
        what = "text style" if isinstance(after, TextTrack) else "settings"
        lines.append(f"{label}: {what} changed")
    return lines


def _percent(values: list[str]) -> str:
    try:
        return f"{round(float(values[0]) * 100)}%"
    except (IndexError, ValueError):
        return "100%"


def _size(draft: Draft | None) -> tuple[int, int] | None:
    """The canvas the draft states (a foreign draft may leave it to the defaults)."""
    if draft is None or not {"width", "height"} <= draft.meta.model_fields_set:
        return None
    return draft.meta.width, draft.meta.height


def _title(draft: Draft | None) -> str | None:
    if draft is None or "title" not in draft.meta.model_fields_set:
        return None
    return draft.meta.title


def describe_changes(before: Draft | None, after: Draft | None) -> list[str]:
    """One line for each change from `before` to `after`; empty when nothing changed."""
    if before == after:
        return []
    if after is None:
        return ["Timeline details changed"]
    lines: list[str] = []
    old_length = before.duration_ms if before is not None else 0
    if after.duration_ms != old_length and after.duration_ms:
        old = f"{seconds_text(old_length)}s → " if old_length else ""
        lines.append(f"Length {old}{seconds_text(after.duration_ms)}s")
    size_b, size_a = _size(before), _size(after)
    if size_a is not None and size_a != size_b:
        old = f"{size_b[0]}x{size_b[1]} → " if size_b else ""
        lines.append(f"Canvas {old}{size_a[0]}x{size_a[1]}")
    title_b, title_a = _title(before), _title(after)
    if title_a and title_a != title_b:
        lines.append(f'Project title "{title_a}"')
    old_tracks = _keyed(before.tracks if before is not None else [])
    new_tracks = _keyed(after.tracks)
    for key, track in new_tracks.items():
        if key not in old_tracks:
            listing = _listing(_names(track)) or "empty"
            lines.append(f"Added {track_label(track)}: {listing} ({_span(track)})")
        else:
            lines.extend(_track_changes(old_tracks[key], track))
    for key, track in old_tracks.items():
        if key not in new_tracks:
            lines.append(f"Removed {track_label(track)}")
    return lines or ["Timeline details changed"]


def change_reply(before: Draft | None, after: Draft | None) -> str:
    """The reply the client writes for a turn that streamed no text."""
    lines = describe_changes(before, after)
    if not lines:
        return f"The timeline did not change. {summarize(after)}"
    return "Done. " + "; ".join(lines) + f". {summarize(after)}"
