"""Making the video itself: photos in upload order, each shown for its share of
the length, with photoreel's default look.

The default look is what a careful editor would pick when told nothing more:
0.8 s crossfades, a gentle automatic Ken Burns on photos (clips play as they
are), 3 s a photo, a 16:9 1080p 30 fps canvas, and photos whose shape is far
from the canvas shown whole over a blurred copy of themselves instead of
cropped. Every other area edits what this makes.
"""

from __future__ import annotations

from photoreel.agent.contract import MediaItem
from photoreel.agent.timeline import (
    DEFAULT_TRANSITION_MS,
    MAX_TOTAL_MS,
    MIN_PHOTO_MS,
    NeedMedia,
    Work,
    distribute,
    secs,
)
from photoreel.protocol.draft import AudioTrack, TextTrack, Transition, VideoSegment, canvas_size


def span_of(durations: list[int]) -> str:
    """ "3 s", "about 3.3 s" or "3-6 s": how long photos show, in a few characters."""
    low, high = min(durations), max(durations)
    if high - low < 50:
        exact = len(set(durations)) == 1
        return secs(low) if exact else f"about {secs(sum(durations) / len(durations))}"
    return f"{secs(low).removesuffix(' s')}-{secs(high)}"


def photos(work: Work) -> list[VideoSegment]:
    """The photos on the timeline, making the video first if there is none yet.

    "make it vertical" right after uploading means "make a vertical video": a
    person should not have to ask for the video before shaping it.
    """
    if not work.has_video:
        if not work.visual_media:
            raise NeedMedia(
                "There are no photos in this session yet: upload some photos or clips "
                "(jpg, png, gif, webp, mp4, mov...) and then tell me what to make."
            )
        build_video(work, work.visual_media)
    return work.segments


def plan_durations(
    work: Work, items: list[MediaItem], total_ms: int | None, per_photo_ms: int | None
) -> tuple[list[int], list[str]]:
    """Each item's length in ms, and sentences about any limit that had to be applied."""
    notes: list[str] = []
    n = len(items)
    if per_photo_ms:
        if per_photo_ms < MIN_PHOTO_MS:
            notes.append(f"Photos show for at least {secs(MIN_PHOTO_MS)}.")
            per_photo_ms = MIN_PHOTO_MS
        durations = [per_photo_ms] * n
    elif total_ms:
        if total_ms < MIN_PHOTO_MS * n:
            notes.append(
                f"{n} photos need at least {secs(MIN_PHOTO_MS * n)} "
                f"({secs(MIN_PHOTO_MS)} each), so the video is that long."
            )
            total_ms = MIN_PHOTO_MS * n
        durations = distribute(total_ms, [1.0] * n)
    else:
        durations = [work.default_ms(item) for item in items]
    if sum(durations) > MAX_TOTAL_MS:
        notes.append(f"Videos are at most {secs(MAX_TOTAL_MS)} long.")
        durations = distribute(MAX_TOTAL_MS, [float(d) for d in durations])
    return durations, notes


def build_video(
    work: Work,
    items: list[MediaItem],
    total_ms: int | None = None,
    per_photo_ms: int | None = None,
    keep_extras: bool = False,
    op: str = "make_video",
    platform: str = "",
) -> None:
    """Put `items` on a fresh video track with the default look and record the op.

    With `keep_extras`, music and titles of the old draft stay (they follow the
    new length); captions go, since the photos they belonged to are re-made.
    """
    old = work.draft
    if old is not None:
        width, height, fps = old.meta.width, old.meta.height, old.meta.fps
    else:
        (width, height), fps = canvas_size(), 30
    extras: list[AudioTrack | TextTrack] = []
    if keep_extras and old is not None:
        extras += [t for t in old.tracks if isinstance(t, AudioTrack)]
        extras += [
            TextTrack(meta=t.meta, segments=[s for s in t.segments if s.meta.role == "title"])
            for t in old.text_tracks
            if any(s.meta.role == "title" for s in t.segments)
        ]
    draft = work.new_draft(width, height, fps)
    durations, notes = plan_durations(work, items, total_ms, per_photo_ms)
    segs = [work.segment_for(item, d) for item, d in zip(items, durations, strict=True)]
    for seg in segs[:-1]:
        seg.meta.transition = Transition(type="fade", duration_ms=DEFAULT_TRANSITION_MS)
    draft.tracks[0].segments = segs
    draft.tracks.extend(extras)
    draft.duration_ms = max(1, sum(durations))
    work.relayout()
    if total_ms or per_photo_ms:
        work.total_set = True
    work.record(
        op,
        {
            "photos": [i.filename for i in items],
            "total_s": total_ms / 1000 if total_ms else None,
            "per_photo_s": per_photo_ms / 1000 if per_photo_ms else None,
            "platform": platform or None,
        },
        {
            "segments": len(segs),
            "d": draft.duration_ms,
            "width": draft.meta.width,
            "height": draft.meta.height,
            "fps": draft.meta.fps,
        },
        " ".join(notes),
    )
