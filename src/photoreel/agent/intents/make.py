"""Making a video: "turn my photos into a 15-second video", "make a slideshow of
these", "convert three product photos in JPG format into a 1080p MP4",
"a 30 second reel for Instagram", "make a new video from the cat and the rocket".

The length, the per-photo length and the canvas said in the same breath are
part of the making, so the reply can say it in one sentence. When a video
already exists, "make a video" does not throw it away: photos uploaded since
are appended, unless the person asks for a new one ("a new video", "from
scratch") or for a selection ("only the first three photos").
"""

from __future__ import annotations

from typing import ClassVar

from photoreel.agent.contract import MediaItem
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.canvas import (
    CanvasSpec,
    apply_canvas,
    detect_canvas,
    target_canvas,
)
from photoreel.agent.intents.durations import duration_role, set_total
from photoreel.agent.intents.text import without_written
from photoreel.agent.intents.video import build_video, plan_durations
from photoreel.agent.lexicon import KEYWORDS, MAKE_VERBS, PHOTO_NOUNS, VIDEO_NOUNS, words
from photoreel.agent.parse.numbers import find_count, find_durations
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import DEFAULT_TRANSITION_MS, NeedMedia, Work
from photoreel.protocol.draft import Transition, canvas_size

_FORMATS = {"jpg": ("jpg", "jpeg"), "jpeg": ("jpg", "jpeg"), "png": ("png",), "gif": ("gif",)}
_FORMATS["webp"] = ("webp",)
_NOT_DESCRIPTIVE = words(
    """my our your their these those the some any new old own nice good best"""
) | frozenset(_FORMATS)
_REBUILD = words("""new fresh scratch another again only just""")
_LEAVING = words("""without except excluding minus but not no skip""")


class MakeVideo(Intent):
    """Make (or extend) the video from the session's photos and clips."""

    phase: ClassVar[int] = 10
    count: int | None = None
    total_s: float | None = None
    per_photo_s: float | None = None
    formats: tuple[str, ...] = ()
    described: tuple[str, ...] = ()
    picks: tuple[PhotoRef, ...] = ()
    skip: tuple[PhotoRef, ...] = ()  # "without city.jpg", "all of them except the rocket"
    rebuild: bool = False
    canvas: CanvasSpec | None = None

    def select(self, work: Work) -> tuple[list[MediaItem], list[str]]:
        """The media this video is made of, and sentences about the choice."""
        items = work.visual_media
        notes: list[str] = []
        if self.formats:
            chosen = [m for m in items if m.filename.lower().rsplit(".", 1)[-1] in self.formats]
            if chosen:
                items = chosen
        if self.described:
            chosen = [m for m in items if any(w in m.filename.lower() for w in self.described)]
            if chosen:
                items = chosen
        if self.picks:
            picked: list[MediaItem] = []
            for ref in self.picks:
                if ref.kind == "media":
                    picked += [m for m in items if m.media_id == ref.media_id]
                elif ref.kind == "index":
                    start = ref.index if ref.index >= 0 else len(items) + ref.index
                    picked += items[max(0, start) : max(0, start) + ref.count]
            if picked:
                unique = {m.media_id: m for m in picked}
                items = list(unique.values())
        if self.skip:
            left_out = {r.media_id for r in self.skip if r.kind == "media"}
            kept = [m for m in items if m.media_id not in left_out]
            if kept:
                items = kept
        if self.count is not None:
            if self.count < len(items):
                items = items[: self.count]
            elif self.count > len(items):
                notes.append(
                    f"You asked for {self.count} photos; the session has {len(items)}, "
                    "so I used them all."
                )
        return items, notes

    def apply(self, work: Work) -> None:
        if not work.visual_media:
            raise NeedMedia(
                "There are no photos in this session yet: upload some photos or clips "
                "(jpg, png, gif, webp, mp4, mov...) and then ask again."
            )
        items, notes = self.select(work)
        total_ms = round(self.total_s * 1000) if self.total_s else None
        per_ms = round(self.per_photo_s * 1000) if self.per_photo_s else None
        selective = bool(self.count or self.formats or self.described or self.picks or self.skip)
        if work.has_video and not (self.rebuild or selective):
            self._extend(work, items, total_ms, per_ms)
        else:
            if self.canvas is not None:
                draft = work.draft or work.new_draft(*canvas_size(), 30)
                width, height, fps = target_canvas(
                    self.canvas, draft.meta.width, draft.meta.height, draft.meta.fps
                )
                draft.meta.width, draft.meta.height, draft.meta.fps = width, height, fps  # type: ignore[assignment]
            platform = self.canvas.platform if self.canvas else ""
            build_video(
                work, items, total_ms, per_ms, keep_extras=work.has_video, platform=platform
            )
            for note in self.canvas.notes if self.canvas else ():
                work.say(note)
        for note in notes:
            work.say(note)

    def _extend(
        self, work: Work, items: list[MediaItem], total_ms: int | None, per_ms: int | None
    ) -> None:
        """A video exists: append photos uploaded since, then apply the length asked for."""
        draft = work.require_draft()
        have = draft.sources()
        new = [m for m in items if m.media_id not in have]
        segs = work.segments
        if new:
            durations, _ = plan_durations(work, new, None, per_ms)
            last_tr = next((s.meta.transition for s in reversed(segs) if s.meta.transition), None)
            kind, d = (
                (last_tr.type, last_tr.duration_ms) if last_tr else ("fade", DEFAULT_TRANSITION_MS)
            )
            if segs and segs[-1].meta.transition is None:
                segs[-1].meta.transition = Transition(type=kind, duration_ms=d)
            for item, ms in zip(new, durations, strict=True):
                seg = work.segment_for(item, ms)
                seg.meta.transition = Transition(type=kind, duration_ms=d)
                segs.append(seg)
            work.dirty = True
            work.relayout()
            work.record(
                "add_photos",
                {"photos": [m.filename for m in new]},
                {"segments": len(segs), "d": draft.duration_ms},
            )
        elif not (self.canvas or per_ms or total_ms):
            work.say(
                f'The video already has all {len(segs)} photos; say "make a new video" '
                "to start it again."
            )
        if self.canvas is not None:
            apply_canvas(work, self.canvas)
        if per_ms:
            for seg in segs:
                seg.duration_ms = per_ms
            work.dirty = True
            work.relayout()
            work.record(
                "set_photo_duration",
                {"photos": list(range(1, len(segs) + 1)), "seconds": per_ms / 1000},
                {"durations": [s.duration_ms for s in segs], "d": draft.duration_ms},
            )
        elif total_ms:
            notes = set_total(work, total_ms)
            work.record(
                "set_duration",
                {"seconds": total_ms / 1000},
                {
                    "d": draft.duration_ms,
                    "segments": len(segs),
                    "durations": [s.duration_ms for s in segs],
                },
                " ".join(notes),
            )


def is_make_request(clause: Clause, ctx: ParseContext) -> bool:
    if not clause.has_any(VIDEO_NOUNS) or clause.has("export", "download"):
        return False
    if clause.has("what", "how", "which"):
        return False
    if clause.has_any(MAKE_VERBS):
        return True
    if clause.has_any(PHOTO_NOUNS) or clause.has("these", "them", "my"):
        return True
    return not ctx.has_video


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if not is_make_request(clause, ctx):
        return []
    words = clause.words
    mentions_photos = clause.has_any(PHOTO_NOUNS - {"one", "ones"}) or clause.has(
        "these", "them", "all"
    )
    rebuild = clause.has_any(_REBUILD)
    # "a video titled Beach Day": beach.png is not picked
    refs = without_written(find_photo_refs(clause, list(ctx.names)), clause)
    picks = tuple(r for r in refs if r.kind in {"media", "index"} and not r.bare)
    skip = tuple(r for r in picks if set(words[max(0, r.first - 3) : r.first]) & _LEAVING)
    picks = tuple(r for r in picks if r not in skip)
    for ref in (*picks, *skip):  # the words naming photos are this reading's
        clause.claim(*range(ref.first, ref.last + 1))
    count_q = find_count(clause)
    count = int(count_q.value) if count_q else None
    if count_q and any(r.first <= count_q.first <= r.last for r in picks):
        count = None  # "the first three photos" is a pick, not a count
    if ctx.has_video and not (mentions_photos or rebuild):
        return []  # "make the video 15 seconds": the other areas shape it
    total_s = per_photo_s = None
    for q in find_durations(clause):
        if q.first in clause.claimed:
            continue
        role = duration_role(clause, q, [r for r in refs if r.kind == "all"])
        if role == "total" and total_s is None:
            total_s = q.value
        elif role == "per_photo" and per_photo_s is None:
            per_photo_s = q.value
        else:
            continue
        clause.claim(*range(q.first, q.last + 1))
    formats: tuple[str, ...] = ()
    for word in words:
        if word in _FORMATS:
            formats = _FORMATS[word]
    described = []
    for i, word in enumerate(words):
        if word in PHOTO_NOUNS:
            for k in range(max(0, i - 2), i):
                w = words[k]
                named = any(r.first <= k <= r.last for r in (*picks, *skip))  # "dog and cat photos"
                if (
                    len(w) >= 3
                    and w.isalpha()
                    and w not in KEYWORDS | _NOT_DESCRIPTIVE
                    and not named
                ):
                    described.append(w.removesuffix("s"))
    canvas = detect_canvas(clause)
    return [
        MakeVideo(
            count=count,
            total_s=total_s,
            per_photo_s=per_photo_s,
            formats=formats,
            described=tuple(described),
            picks=picks,
            skip=skip,
            rebuild=rebuild,
            canvas=canvas,
        )
    ]
