"""The draft being edited during one turn, and the layout rules every edit relies on.

`Work` holds a private copy of the draft that intents change in place. After
an edit that moves or retimes photos, `relayout` tiles the main video track
again (photos back to back from 0, the draft's `d` their sum, since
transitions are centred on cuts and never add length), makes full-length music
and titles follow the new length, keeps each caption on its photo, and
shortens any transition that no longer fits. `finish` validates the result
with the protocol's own model, so the agent can only ever hand back a valid
draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from photoreel.agent.contract import EditOp, MediaItem, Route
from photoreel.agent.edits.framing import focus_boxes
from photoreel.agent.memory import Asked, Memory
from photoreel.agent.parse.references import PhotoRef
from photoreel.protocol.analysis import Analysis, PhotoAnalysis
from photoreel.protocol.draft import (
    AudioSegment,
    AudioTrack,
    Draft,
    DraftMeta,
    Fit,
    Motion,
    TextSegment,
    TextTrack,
    Transition,
    VideoMeta,
    VideoSegment,
    VideoTrack,
    canvas_size,
)

MIN_PHOTO_MS = 500
MAX_TOTAL_MS = 10 * 60 * 1000
DEFAULT_PHOTO_MS = 3000
MAX_CLIP_MS = 10_000
DEFAULT_TRANSITION_MS = 800


@dataclass
class Note:
    """A part of the reply: an edit (`op`, whose sentence the reply renders from what it
    changed, see agent/reply.py), or a sentence that is not an edit (`text`: an answer, a
    refusal); `warning` is a limit applied to the edit."""

    text: str = ""
    op: int | None = None
    warning: str = ""


class CannotApply(Exception):
    """An edit that makes sense but cannot be done here; the message tells the person why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Ask(CannotApply):
    """Not sure enough to change the draft: a short question instead, and nothing changes.

    `asked` is remembered, so the next instruction can answer it ("'Summer'",
    "the second one").
    """

    def __init__(self, message: str, asked: Asked | None = None) -> None:
        super().__init__(message)
        self.asked = asked


class NeedMedia(CannotApply):
    """The edit needs a file the session does not have yet (photos, or music)."""


def clone(draft: Draft) -> Draft:
    """A private copy of a draft: dump and re-validate, which pydantic-core does faster
    than a deep copy (and which checks the copy is still a valid draft)."""
    try:
        return Draft.model_validate(draft.model_dump(mode="python"))
    except ValueError:
        return draft.model_copy(deep=True)  # mid-edit states need not validate


def secs(ms: float) -> str:
    """12500 -> "12.5 s": how durations read in replies."""
    value = round(ms / 1000, 1)
    return f"{int(value)} s" if value == int(value) else f"{value} s"


def percent(volume: float) -> str:
    """0.35 -> "35%": how a volume reads in replies, in either language."""
    return f"{round(volume * 100)}%"


def a_length(ms: float) -> str:
    """ "a 15 s" / "an 8 s" / "an 18 s": the article a length takes when read aloud."""
    said = secs(ms)
    whole = said.split(" ")[0].split(".")[0]
    vowel = (
        whole.startswith("8")
        or whole in {"11", "18"}
        or (whole[:2] in {"11", "18"} and len(whole) == 4)
    )
    return ("an " if vowel else "a ") + said


def distribute(total_ms: int, weights: list[float]) -> list[int]:
    """Split `total_ms` by weight into whole milliseconds that add up exactly."""
    if not weights:
        return []
    weight_sum = sum(weights) or float(len(weights))
    raw = [total_ms * (w or 0) / weight_sum for w in weights]
    out = [int(r) for r in raw]
    short = total_ms - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[:short]:
        out[i] += 1
    return out


def auto_fit(item: MediaItem | None, width: int, height: int) -> Fit:
    """Cover (crop to fill) unless the photo's shape is far from the canvas's.

    A portrait photo on a landscape canvas would lose most of itself to the
    crop, so it is shown whole over a blurred copy of itself instead.
    """
    if item is None or not item.width or not item.height:
        return "cover"
    ratio = (item.width / item.height) / (width / height)
    return "contain_blur" if ratio > 1.4 or ratio < 1 / 1.4 else "cover"


class Work:
    """The draft as it is being edited, the session's media, and what the turn did."""

    def __init__(
        self,
        draft: Draft | None,
        media: list[MediaItem],
        seed: int,
        undo_draft: Draft | None = None,
        redo_draft: Draft | None = None,
        language: str = "en",
        undo_empty: bool = False,
        undo_drafts: list[Draft | None] | None = None,
        redo_drafts: list[Draft] | None = None,
        memory: Memory | None = None,
    ) -> None:
        self.draft: Draft | None = clone(draft) if draft else None
        self.media = media
        self.seed = seed
        self.undo_draft = undo_draft
        self.redo_draft = redo_draft
        self.undo_empty = undo_empty
        self.undo_drafts = (
            undo_drafts
            if undo_drafts is not None
            else ([undo_draft] if undo_draft is not None or undo_empty else [])
        )
        self.redo_drafts = (
            redo_drafts
            if redo_drafts is not None
            else ([redo_draft] if redo_draft is not None else [])
        )
        self.memory = memory or Memory()
        self.remembered: dict[str, object] = {"focus": [], "asked": None}
        self.steps = 1
        # what the person set on purpose this session (memory.Pinned): a style keeps these
        self.pins: set[str] = {k for k, v in self.memory.pinned.model_dump().items() if v}
        self.language = language
        self.unsupported: list[str] = []
        self.ops: list[EditOp] = []
        self.notes: list[Note] = []
        self.dirty = False
        self.changed = False
        self.total_set = False
        self.pinned: set[int] = set()
        self.route: Route | None = None
        self.history: str | None = None
        self.anchors: dict[int, VideoSegment] = {}
        self._anchor_captions()

    # -- recording ----------------------------------------------------------

    def record(
        self,
        name: str,
        args: dict[str, object],
        result: dict[str, object],
        warning: str = "",
    ) -> None:
        """One applied edit: the op the server streams, which the reply tells from what
        it changed (agent/reply.py), and a limit applied to it, if any."""
        self.ops.append(EditOp(name=name, args=dict(args), result=dict(result)))
        self._pin(name, args)
        self.notes.append(Note(op=len(self.ops) - 1, warning=warning))
        self.changed = True

    def _pin(self, name: str, args: dict[str, object]) -> None:
        """Note what this edit set on purpose, so a later style keeps it."""
        if name == "start_over":
            self.pins.clear()
        elif name == "set_duration" or (
            name == "make_video" and (args.get("total_s") or args.get("per_photo_s"))
        ):
            self.pins.add("length")
        elif name == "set_photo_duration" and args.get("seconds") is not None:
            if self._all_photos(args.get("photos")):
                self.pins.add("length")
        elif name == "set_canvas":
            if args.get("aspect") or args.get("resolution"):
                self.pins.add("canvas")
            if args.get("fps"):
                self.pins.add("fps")
        elif name == "set_transitions" and (args.get("type") or args.get("d_ms")):
            cuts = args.get("cuts")
            if self.has_video and isinstance(cuts, list) and len(cuts) == len(self.segments) - 1:
                self.pins.add("transitions")

    def _all_photos(self, photos: object) -> bool:
        return self.has_video and isinstance(photos, list) and len(photos) == len(self.segments)

    def remember(self, **facts: object) -> None:
        """Something the next turn may refer to (see memory.py)."""
        self.remembered.update(facts)

    def next_memory(self) -> Memory:
        data = self.memory.model_dump()
        data.update(self.remembered)
        data["pinned"] = {name: True for name in self.pins}
        return Memory.model_validate(data)

    def say(self, note: str) -> None:
        if note:
            self.notes.append(Note(note))

    def load(self, draft: Draft | None) -> None:
        """Replace the work draft (a history step, or a rollback after a failed edit)."""
        self.draft = clone(draft) if draft else None
        self.anchors = {}
        self.pinned = set()
        self.dirty = False
        self._anchor_captions()

    # -- media ----------------------------------------------------------------

    @property
    def visual_media(self) -> list[MediaItem]:
        return [m for m in self.media if m.kind in ("image", "video")]

    @property
    def audio_media(self) -> list[MediaItem]:
        return [m for m in self.media if m.kind == "audio"]

    @property
    def analyses(self) -> dict[str, Analysis]:
        """What analysis found in each file, by media id (photo sense reads it)."""
        return {m.media_id: m.analysis for m in self.media if m.analysis is not None}

    def media_item(self, media_id: str) -> MediaItem | None:
        return next((m for m in self.media if m.media_id == media_id), None)

    def label_of(self, seg: VideoSegment) -> str:
        return seg.meta.name or seg.meta.src

    # -- the timeline ----------------------------------------------------------

    @property
    def has_video(self) -> bool:
        return self.draft is not None and any(t.segments for t in self.draft.video_tracks)

    def main_track(self) -> VideoTrack:
        """The first video track with photos: the one edits of "the photos" act on."""
        draft = self.require_draft()
        for track in draft.video_tracks:
            if track.segments:
                return track
        if draft.video_tracks:
            return draft.video_tracks[0]
        track = VideoTrack()
        draft.tracks.insert(0, track)
        return track

    @property
    def segments(self) -> list[VideoSegment]:
        return self.main_track().segments

    def require_draft(self) -> Draft:
        if self.draft is None:
            raise CannotApply("There is no timeline yet.")
        return self.draft

    @property
    def canvas(self) -> tuple[int, int]:
        draft = self.require_draft()
        return draft.meta.width, draft.meta.height

    def new_draft(self, width: int, height: int, fps: int, title: str = "Untitled") -> Draft:
        """Start an empty draft of the given canvas, keeping the old title if there was one."""
        if self.draft is not None:
            title = self.draft.meta.title
        self.draft = Draft(
            duration_ms=1000,
            meta=DraftMeta(title=title, width=width, height=height, fps=fps),
            tracks=[VideoTrack()],
        )
        self.anchors = {}
        return self.draft

    def segment_for(self, item: MediaItem, d: int, motion: Motion | None = None) -> VideoSegment:
        """A new segment showing `item`, fitted to the current canvas."""
        width, height = self.canvas if self.draft else canvas_size()
        kind = "video" if item.kind == "video" else "image"
        if motion is None:
            motion = (
                Motion(type="auto", intensity=0.3)
                if kind == "image"
                else Motion(type="none", intensity=0.5)
            )
        meta = VideoMeta(
            src=item.media_id,
            name=item.filename,
            kind=kind,
            fit=auto_fit(item, width, height),
            motion=motion,
        )
        if kind == "video" and item.duration:
            meta.trim_out = max(1, min(int(item.duration * 1000), d))
        if kind == "image" and isinstance(item.analysis, PhotoAnalysis):
            meta.focus = focus_boxes(item.analysis) or None  # framing keeps the subject
        return VideoSegment(start_ms=0, duration_ms=max(1, d), meta=meta)

    def default_ms(self, item: MediaItem) -> int:
        """How long a photo or clip shows when nobody said: 3 s, a clip its length (up to 10 s)."""
        if item.kind == "video" and item.duration:
            return max(MIN_PHOTO_MS, min(int(item.duration * 1000), MAX_CLIP_MS))
        return DEFAULT_PHOTO_MS

    # -- references --------------------------------------------------------------

    def resolve(self, ref: PhotoRef) -> list[int]:
        """Positions on the main track a `PhotoRef` means; a clear error when there is none."""
        segs = self.segments
        n = len(segs)
        if ref.kind == "all":
            return list(range(n))
        if ref.kind == "media":
            found = [i for i, seg in enumerate(segs) if seg.meta.src == ref.media_id]
            if not found:
                raise CannotApply(
                    f'{ref.label} is not in the video; say "add {ref.label}" to put it in.'
                )
            return found
        start = ref.index if ref.index >= 0 else n + ref.index
        if start < 0 or start >= n or start + ref.count > n:
            said = ref.label or f"photo {ref.index + 1}"
            raise CannotApply(
                f"There is no {said.removeprefix('the ')}: the video has {n} "
                f"photo{'s' if n != 1 else ''}."
            )
        return list(range(start, start + ref.count))

    def resolve_one(self, ref: PhotoRef) -> int:
        return self.resolve(ref)[0]

    # -- layout ---------------------------------------------------------------------

    def relayout(self) -> None:
        """Tile the photos again and make everything else follow the new length."""
        draft = self.require_draft()
        old_d = draft.duration_ms
        segs = self.segments
        pos = 0
        for seg in segs:
            seg.start_ms = pos
            pos += seg.duration_ms
            self._fit_clip(seg)
        new_d = pos if segs else old_d
        draft.duration_ms = max(1, new_d)
        live = {id(seg) for seg in segs}
        for track in draft.tracks:
            if isinstance(track, VideoTrack) and track is not self.main_track():
                track.segments = _clamped(track.segments, new_d)
            elif isinstance(track, AudioTrack):
                for sound in track.segments:
                    if sound.start_ms == 0 and sound.end_ms >= old_d:
                        sound.duration_ms = new_d
                track.segments = _clamped(track.segments, new_d)
                for sound in track.segments:
                    sound.meta.fade_out = min(sound.meta.fade_out, sound.duration_ms // 2)
                    sound.meta.fade_in = min(sound.meta.fade_in, sound.duration_ms // 2)
            elif isinstance(track, TextTrack):
                kept: list[TextSegment] = []
                for text in track.segments:
                    anchor = self.anchors.get(id(text))
                    if anchor is not None:
                        if id(anchor) not in live:
                            continue  # its photo was removed: the caption goes with it
                        text.start_ms, text.duration_ms = anchor.start_ms, anchor.duration_ms
                    elif text.start_ms == 0 and text.end_ms >= old_d:
                        text.duration_ms = new_d
                    elif text.end_ms >= old_d and text.start_ms > 0:
                        text.start_ms = max(0, new_d - text.duration_ms)
                    kept.append(text)
                track.segments = _clamped(kept, new_d)
        self.settle_text()
        self.fit_transitions()
        self.dirty = False

    def _fit_clip(self, seg: VideoSegment) -> None:
        """A clip plays as much of itself as its segment lasts (then holds its last frame)."""
        if seg.meta.kind != "video" or seg.meta.trim_out is None:
            return
        item = self.media_item(seg.meta.src)
        if item is None or not item.duration:
            return
        length = int(item.duration * 1000)
        seg.meta.trim_out = max(
            seg.meta.trim_in + 1, min(length, seg.meta.trim_in + seg.duration_ms)
        )

    def fit_transitions(self) -> list[tuple[int, int]]:
        """Shorten transitions to at most half the shorter neighbour; returns (cut, new ms)."""
        segs = self.segments
        shortened = []
        for i, seg in enumerate(segs):
            tr = seg.meta.transition
            if tr is None:
                continue
            if i == len(segs) - 1:
                continue  # the last photo's transition is ignored; keep it for a later append
            room = min(seg.duration_ms, segs[i + 1].duration_ms) // 2
            if tr.duration_ms > room:
                tr.duration_ms = max(0, room // 10 * 10)
                shortened.append((i, tr.duration_ms))
        return shortened

    def set_transition(self, i: int, kind: str, d: int) -> None:
        seg = self.segments[i]
        if kind == "none":
            seg.meta.transition = None
        else:
            seg.meta.transition = Transition(type=kind, duration_ms=d)

    def settle_text(self) -> None:
        """Put text segments on text tracks without overlaps: captions below, titles above.

        Two texts at the same time need two tracks (segments on one track may
        not overlap); texts are kept in time order on each track.
        """
        draft = self.require_draft()
        texts = [t for t in draft.tracks if isinstance(t, TextTrack)]
        if not texts:
            return
        segments = [seg for track in texts for seg in track.segments]
        metas = {
            role: next(
                (t.meta for t in texts if t.segments and t.segments[0].meta.role == role), None
            )
            for role in ("caption", "title")
        }
        rebuilt: list[TextTrack] = []
        for role in ("caption", "title"):
            tracks: list[TextTrack] = []
            for seg in sorted(
                (s for s in segments if s.meta.role == role),
                key=lambda s: (s.start_ms, s.duration_ms),
            ):
                home = next((t for t in tracks if t.segments[-1].end_ms <= seg.start_ms), None)
                if home is None:
                    home = TextTrack()
                    meta = metas[role]
                    if meta is not None and not tracks:
                        home.meta = meta
                    tracks.append(home)
                home.segments.append(seg)
            rebuilt.extend(tracks)
        others = [t for t in draft.tracks if not isinstance(t, TextTrack)]
        draft.tracks = [*others, *rebuilt]

    def add_text(self, seg: TextSegment, anchor: VideoSegment | None = None) -> None:
        draft = self.require_draft()
        draft.tracks.append(TextTrack(segments=[seg]))
        if anchor is not None:
            self.anchors[id(seg)] = anchor
        self.settle_text()

    def text_segments(self) -> list[TextSegment]:
        if self.draft is None:
            return []
        return [seg for track in self.draft.text_tracks for seg in track.segments]

    def remove_text(self, doomed: list[TextSegment]) -> None:
        draft = self.require_draft()
        gone = {id(s) for s in doomed}
        for track in draft.text_tracks:
            track.segments = [s for s in track.segments if id(s) not in gone]
        draft.tracks = [
            t for t in draft.tracks if not (isinstance(t, TextTrack) and not t.segments)
        ]

    def anchor_of(self, seg: TextSegment) -> VideoSegment | None:
        return self.anchors.get(id(seg))

    def _anchor_captions(self) -> None:
        """Tie each caption to the photo it overlaps most, so it moves with that photo."""
        if self.draft is None or not self.draft.video_tracks:
            return
        photos = self.main_track().segments
        for seg in self.text_segments():
            if seg.meta.role != "caption":
                continue
            best, best_overlap = None, 0
            for photo in photos:
                overlap = min(seg.end_ms, photo.end_ms) - max(seg.start_ms, photo.start_ms)
                if overlap > best_overlap:
                    best, best_overlap = photo, overlap
            if best is not None and best_overlap * 2 >= seg.duration_ms:
                self.anchors[id(seg)] = best

    # -- the end of the turn ------------------------------------------------------------

    def finish(self) -> Draft:
        """The edited draft, validated by the protocol model (raises if an edit broke it)."""
        if self.dirty:
            self.relayout()
        draft = self.require_draft()
        return Draft.model_validate(draft.model_dump(mode="python"))


_S = TypeVar("_S", VideoSegment, AudioSegment, TextSegment)


def _clamped(segments: list[_S], end: int) -> list[_S]:
    """Drop segments that start after `end`, shorten those that run past it."""
    out = []
    for seg in segments:
        if seg.start_ms >= end:
            continue
        if seg.end_ms > end:
            seg.duration_ms = end - seg.start_ms
        out.append(seg)
    return out
