"""Curation from the analysis: order by when photos were taken, near-duplicates and
blurred shots found (and removed, undoably: every edit is a new draft version),
captions with the date and place.

When a photo was taken: its EXIF time, else a date in its file name
(`IMG_20230714_180322.jpg`, `2023-07-14 18.03.22.png`, `PXL_20230714...`),
else the order it was uploaded in (an upload carries no file time).
Near-duplicates: perceptual hashes at most `DUPLICATE_BITS` of 64 apart; of
each group the largest, then the sharpest, stays. Blurred: much less sharp than the session's
typical photo (`BLUR_SHARE` of the median), and blurred in absolute terms too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from photoreel.agent.edits.result import Edited
from photoreel.protocol.analysis import Analysis, PhotoAnalysis
from photoreel.protocol.draft import (
    Draft,
    TextMeta,
    TextSegment,
    TextTrack,
    TrackMeta,
    VideoSegment,
)

DUPLICATE_BITS = 10
#: A photo this much less sharp than the median of the others is blurred ...
BLUR_SHARE = 0.3
#: ... when it is also under this sharpness (variance of the Laplacian at ~1000 px).
BLUR_CEILING = 120.0
#: Under this it is blurred whatever the others are.
BLUR_FLOOR = 25.0
CAPTION_TRACK = "Dates"

_NAME_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])"
    r"(?:(?:[-_ T.]|\sat\s)?([01]\d|2[0-3])[-_.:]?([0-5]\d)[-_.:]?([0-5]\d)|(?!\d))"
)


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def name_time(filename: str) -> datetime | None:
    """A date (and time) written in a file name, or None."""
    for found in _NAME_DATE.finditer(filename):
        y, mo, d, h, mi, s = (int(v) if v else 0 for v in found.groups())
        try:
            return datetime(y, mo, d, h, mi, s)
        except ValueError:
            continue
    return None


def taken_time(found: Analysis | None, filename: str) -> datetime | None:
    """When a photo was taken: EXIF, else its file name."""
    if isinstance(found, PhotoAnalysis) and found.taken_at:
        try:
            return datetime.fromisoformat(found.taken_at).replace(tzinfo=None)
        except ValueError:
            pass
    return name_time(filename)


def _main(draft: Draft) -> list[VideoSegment]:
    return next((t.segments for t in draft.video_tracks if t.segments), [])


def _tile(draft: Draft, order: Sequence[VideoSegment]) -> None:
    """Put the main track's photos in `order`, back to back from 0; captions made for a
    photo (same span) move with it, and the video's length is their sum."""
    track = next(t for t in draft.video_tracks if t.segments)
    spans = {id(seg): (seg.start_ms, seg.end_ms) for seg in track.segments}
    pos = 0
    moved: dict[tuple[int, int], tuple[int, int]] = {}
    for seg in order:
        moved[spans[id(seg)]] = (pos, pos + seg.duration_ms)
        seg.start_ms = pos
        pos += seg.duration_ms
    old_d, track.segments = draft.duration_ms, list(order)
    draft.duration_ms = max(pos, 100)
    for other in draft.tracks:
        if other is track:
            continue
        for item in other.segments:
            if isinstance(other, TextTrack) and (item.start_ms, item.end_ms) in moved:
                item.start_ms, end = moved[(item.start_ms, item.end_ms)]
                item.duration_ms = end - item.start_ms
            elif item.start_ms == 0 and item.end_ms >= old_d:
                item.duration_ms = draft.duration_ms
        other.segments = sorted(
            (i for i in other.segments if i.start_ms < draft.duration_ms), key=lambda i: i.start_ms
        )  # type: ignore[assignment]
        for item in other.segments:
            item.duration_ms = min(item.duration_ms, draft.duration_ms - item.start_ms)
        if isinstance(other, TextTrack):
            other.segments = [i for i, _ in itertools.groupby(other.segments, key=lambda i: i)]
    for here, after in itertools.pairwise(track.segments):
        tr = here.meta.transition
        if tr is not None and tr.duration_ms > min(here.duration_ms, after.duration_ms):
            tr.duration_ms = min(here.duration_ms, after.duration_ms)


def order_by_time(
    draft: Draft, analyses: Mapping[str, Analysis], names: Mapping[str, str]
) -> Edited:
    """Photos in the order they were taken (EXIF time, then a date in the file name);
    photos with neither keep their place after the dated ones, in their current order.
    `names` maps each media id to its file name."""
    new = draft.model_copy(deep=True)
    segments = _main(new)
    keyed = [
        (taken_time(analyses.get(seg.meta.src), names.get(seg.meta.src, seg.meta.name)), i, seg)
        for i, seg in enumerate(segments)
    ]
    dated = sorted((k for k in keyed if k[0] is not None), key=lambda k: (k[0], k[1]))
    undated = [k for k in keyed if k[0] is None]
    order = [k[2] for k in dated + undated]
    if [id(s) for s in order] == [id(s) for s in segments]:
        said = ["The photos were already in the order they were taken."]
        return Edited(draft=draft, said=said if dated else [_no_dates()])
    _tile(new, order)
    facts = {"dated": len(dated), "undated": len(undated)}
    return Edited(draft=new, changed=list(range(len(order))), facts=facts)


def _no_dates() -> str:
    return "None of these photos says when it was taken (no EXIF date, no date in the name)."


def duplicates(analyses: Mapping[str, Analysis], order: Sequence[str]) -> list[str]:
    """Media ids that look like a near-copy of another photo: of each group of
    near-identical photos (by perceptual hash), all but the largest (then sharpest)."""
    photos = [(m, analyses[m]) for m in order if isinstance(analyses.get(m), PhotoAnalysis)]
    groups: list[list[tuple[str, PhotoAnalysis]]] = []
    for media_id, found in photos:
        assert isinstance(found, PhotoAnalysis)
        for group in groups:
            if any(_distance(found.phash, other.phash) <= DUPLICATE_BITS for _, other in group):
                group.append((media_id, found))
                break
        else:
            groups.append([(media_id, found)])
    extra: list[str] = []
    for group in groups:
        if len(group) > 1:
            # The most pixels, then the sharpest (a burst's steadiest shot) stays.
            keep = max(group, key=lambda it: (it[1].width * it[1].height, it[1].sharpness))[0]
            extra += [m for m, _ in group if m != keep]
    return [m for m in order if m in extra]


def blurred(analyses: Mapping[str, Analysis], order: Sequence[str]) -> list[str]:
    """Media ids of photos that are blurred next to the others (and blurred outright)."""
    photos = {m: a for m, a in analyses.items() if m in order and isinstance(a, PhotoAnalysis)}
    out = []
    for media_id in order:
        found = photos.get(media_id)
        if found is None:
            continue
        others = sorted(a.sharpness for m, a in photos.items() if m != media_id)
        typical = others[len(others) // 2] if others else None
        if found.sharpness < BLUR_FLOOR or (
            typical is not None
            and found.sharpness < BLUR_SHARE * typical
            and found.sharpness < BLUR_CEILING
        ):
            out.append(media_id)
    return out


def remove_photos(
    draft: Draft, media_ids: Sequence[str], names: Mapping[str, str], why: str
) -> Edited:
    """The draft without the main track's photos of `media_ids`; the reply names them."""
    new = draft.model_copy(deep=True)
    segments = _main(new)
    gone = [seg for seg in segments if seg.meta.src in media_ids]
    if not gone:
        return Edited(draft=draft, said=[f"No photo in the video {why}."])
    if len(gone) == len(segments):
        return Edited(draft=draft, said=[f"Every photo {why}, so I kept them all."])
    _tile(new, [seg for seg in segments if seg.meta.src not in media_ids])
    shown = [names.get(seg.meta.src, seg.meta.name or seg.meta.src) for seg in gone]
    return Edited(draft=new, facts={"removed": shown})


def date_text(when: datetime, chinese: bool = False) -> str:
    """ "14 July 2023" (or "2023年7月14日")."""
    if chinese:
        return f"{when.year}年{when.month}月{when.day}日"
    return f"{when.day} {when.strftime('%B')} {when.year}"


def caption_dates(
    draft: Draft,
    analyses: Mapping[str, Analysis],
    names: Mapping[str, str],
    chinese: bool = False,
) -> Edited:
    """A caption on each photo with the date it was taken and, when known, the place."""
    new = draft.model_copy(deep=True)
    captions: list[TextSegment] = []
    undated = 0
    placed = False
    for seg in _main(new):
        found = analyses.get(seg.meta.src)
        when = taken_time(found, names.get(seg.meta.src, seg.meta.name))
        place = found.place if isinstance(found, PhotoAnalysis) else None
        parts = ([date_text(when, chinese)] if when else []) + ([place] if place else [])
        placed = placed or bool(place)
        if not parts:
            undated += 1
            continue
        meta = TextMeta(
            text=" · ".join(parts), role="caption", position="bottom", size=0.05, box=True
        )
        captions.append(TextSegment(start_ms=seg.start_ms, duration_ms=seg.duration_ms, meta=meta))
    if not captions:
        return Edited(draft=draft, said=[_no_dates()])
    new.tracks = [
        t for t in new.tracks if not (isinstance(t, TextTrack) and t.meta.name == CAPTION_TRACK)
    ]
    new.tracks.append(TextTrack(meta=TrackMeta(name=CAPTION_TRACK), segments=captions))
    facts = {"captions": len(captions), "placed": placed, "undated": undated}
    return Edited(draft=new, facts=facts)


def findings(analyses: Mapping[str, Analysis], order: Sequence[str], language: str = "en") -> str:
    """What the photos hold worth saying after an upload, with what to say to act on it,
    in `language` (Chinese for "zh…", else English): "2 look like duplicates, 1 is
    blurred: say 'remove duplicates' to drop them"."""
    doubles, soft = len(duplicates(analyses, order)), len(blurred(analyses, order))
    if not (doubles or soft):
        return ""
    return (_findings_zh if language.startswith("zh") else _findings_en)(doubles, soft)


def _findings_en(doubles: int, soft: int) -> str:
    parts, asks = [], []
    if doubles:
        one = doubles == 1
        parts.append(f"{doubles} look{'s' if one else ''} like {'a ' if one else ''}duplicate")
        parts[-1] += "" if one else "s"
        asks.append("'remove duplicates'")
    if soft:
        parts.append(f"{soft} {'is' if soft == 1 else 'are'} blurred")
        asks.append("'drop the blurry ones'")
    return f"{', '.join(parts)}: say {' or '.join(asks)} to drop them."


def _findings_zh(doubles: int, soft: int) -> str:
    """Naming the phrases the agent understands in Chinese (删除重复, 删除模糊的照片)."""
    parts, asks = [], []
    if doubles:
        parts.append(f"{doubles} 张照片像是重复的")
        asks.append("「删除重复」")
    if soft:
        parts.append(f"{soft} 张照片模糊")
        asks.append("「删除模糊的照片」")
    return f"{'，'.join(parts)}。说{'或'.join(asks)}即可去掉。"
