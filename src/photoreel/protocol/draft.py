"""The draft: the timeline of a session, as pydantic models that read as Python.

Code uses readable names (`draft.tracks`, `track.track_type`, `track.segments`,
`segment.start_ms`, `segment.duration_ms`, `segment.meta`); the JSON on the
wire, in the database and on disk keeps the protocol's short keys, which are
the fields' aliases: `t` (tracks), `tt` (track type: 0 video, 1 audio, 7 text),
`sg` (segments), `s` (start, ms), `d` (duration, ms) and `m` (metadata).
Models accept either name and always serialise the short keys, and errors name
the short keys (`t[0].sg[1].m.transition.type`), as docs/DRAFT.md shows them.
Everything inside a segment's `m` is photoreel's own definition, written down
in docs/DRAFT.md. Timing decisions that every layer relies on:

* Segments on one track tile time: a segment starts at `s` and lasts `d` ms,
  and may not overlap the next one. Gaps are allowed (black / silence).
* A transition belongs to the segment it leaves (`m.transition`) and is
  centred on the cut, overlapping both neighbours by half its duration each.
  Transitions never lengthen the video: the draft's `d` is the video's length.

Reading: `parse_draft` validates strictly (unknown keys refused, every rule
checked) and raises `DraftInvalid` naming the key. `read_draft` is the lenient
view for drafts this code did not write (the hosted service's): it keeps what
it can read, fills defaults for what it cannot, drops unknown keys and checks
no rule across fields, so it never fails. A reader for foreign drafts maps
their keys onto these first, then calls `read_draft`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

TRACK_VIDEO = 0
TRACK_AUDIO = 1
TRACK_TEXT = 7

TransitionType = Literal[
    "none",
    "fade",
    "fadeblack",
    "fadewhite",
    "dissolve",
    "wipeleft",
    "wiperight",
    "wipeup",
    "wipedown",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "circleopen",
    "circleclose",
    "zoomin",
    "pixelize",
    "radial",
    "smoothleft",
    "smoothright",
]
#: Every transition type and what a person reads for it (the agent's replies). Each type
#: but `none` is also the name of the effect in ffmpeg's `xfade`, which draws it.
TRANSITION_NAMES: dict[TransitionType, str] = {
    "none": "hard cut",
    "fade": "crossfade",
    "fadeblack": "fade through black",
    "fadewhite": "fade through white",
    "dissolve": "dissolve",
    "wipeleft": "wipe left",
    "wiperight": "wipe right",
    "wipeup": "wipe up",
    "wipedown": "wipe down",
    "slideleft": "slide left",
    "slideright": "slide right",
    "slideup": "slide up",
    "slidedown": "slide down",
    "circleopen": "circle reveal",
    "circleclose": "circle close",
    "zoomin": "zoom",
    "pixelize": "pixelate",
    "radial": "radial wipe",
    "smoothleft": "smooth slide left",
    "smoothright": "smooth slide right",
}
MotionType = Literal[
    "none", "zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down", "auto"
]
Easing = Literal["linear", "ease_in", "ease_out", "ease_in_out"]
Fit = Literal["cover", "contain_blur", "contain"]
Aspect = Literal["16:9", "9:16", "1:1", "4:5"]
Resolution = Literal["720p", "1080p"]
Fps = Literal[24, 25, 30, 60]
TextPosition = Literal["top", "center", "bottom", "custom"]
TextRole = Literal["title", "caption"]
ClipAudio = Literal["keep", "mute", "duck"]

Ms = Annotated[int, Field(ge=0, description="milliseconds")]
Color = Annotated[
    str,
    Field(
        pattern=r"^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$",
        description="#RRGGBB or #RRGGBBAA",
    ),
]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]

MAX_TRANSITION_MS = 5000
#: The shortest video: below a tenth of a second there is nothing to see, and the audio
#: encoder refuses to start on a sound track of a frame or two.
MIN_VIDEO_MS = 100

# Canvas sizes for each aspect preset at each resolution (width, height).
CANVAS_PRESETS: dict[tuple[str, str], tuple[int, int]] = {
    ("16:9", "1080p"): (1920, 1080),
    ("9:16", "1080p"): (1080, 1920),
    ("1:1", "1080p"): (1080, 1080),
    ("4:5", "1080p"): (1080, 1350),
    ("16:9", "720p"): (1280, 720),
    ("9:16", "720p"): (720, 1280),
    ("1:1", "720p"): (720, 720),
    ("4:5", "720p"): (720, 900),
}


def canvas_size(aspect: Aspect = "16:9", resolution: Resolution = "1080p") -> tuple[int, int]:
    """Width and height of a canvas preset; 1080p is the default, 9:16 is 1080x1920."""
    return CANVAS_PRESETS[(aspect, resolution)]


class _Strict(BaseModel):
    """Unknown keys are refused so a typo ("trasition") is reported, not ignored.

    Fields are read by their Python name or their wire alias, and written with
    the alias, so a model dumps the protocol's JSON."""

    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )


# ---------------------------------------------------------------------------
# Segment metadata
# ---------------------------------------------------------------------------


class Transition(_Strict):
    """How this segment hands over to the next one on its track."""

    type: TransitionType = "fade"
    duration_ms: Ms = Field(
        1000, alias="d", le=MAX_TRANSITION_MS, description="duration in ms, centred on the cut"
    )


class Motion(_Strict):
    """Ken Burns movement of a photo over its segment."""

    type: MotionType = "none"
    intensity: Fraction = Field(0.5, description="0 = still, 1 = strongest zoom/pan")
    easing: Easing = "ease_in_out"


class FocusBox(_Strict):
    """A region of a photo to keep in view (a face with its hair and chin, a subject):
    left, top, width, height as fractions of the upright photo."""

    x: Fraction
    y: Fraction
    w: Annotated[float, Field(gt=0.0, le=1.0)]
    h: Annotated[float, Field(gt=0.0, le=1.0)]

    @model_validator(mode="after")
    def _inside(self) -> FocusBox:
        if self.x + self.w > 1.0001 or self.y + self.h > 1.0001:
            raise ValueError(
                f"the box ({self.x}, {self.y}, {self.w}, {self.h}) reaches past the photo; "
                "x + w and y + h must be at most 1"
            )
        return self


#: The most focus boxes one segment may keep (a group photo's faces).
MAX_FOCUS_BOXES = 32


class VideoMeta(_Strict):
    """A photo or a clip on a video track."""

    src: str = Field(min_length=1, description="media id (server) or a path (draft file)")
    name: str = ""
    kind: Literal["image", "video"] = "image"
    fit: Fit = "cover"
    bg: Color = "#000000"
    motion: Motion = Field(default_factory=Motion)
    transition: Transition | None = None
    trim_in: Ms = 0
    trim_out: Ms | None = None
    audio: ClipAudio = "keep"
    volume: float = Field(1.0, ge=0.0, le=2.0)
    focus: list[FocusBox] | None = Field(
        None,
        max_length=MAX_FOCUS_BOXES,
        description="photos: regions to keep in view, most important first (docs/DRAFT.md)",
    )

    @model_validator(mode="after")
    def _trim_order(self) -> VideoMeta:
        if self.trim_out is not None and self.trim_out <= self.trim_in:
            raise ValueError(
                f"trim_out ({self.trim_out} ms) must be after trim_in ({self.trim_in} ms)"
            )
        return self


class AudioMeta(_Strict):
    """Background music or a sound on an audio track."""

    src: str = Field(min_length=1)
    name: str = ""
    volume: float = Field(1.0, ge=0.0, le=2.0, description="1.0 = 100 %, 0.35 = 35 %")
    fade_in: Ms = 0
    fade_out: Ms = 0
    offset: Ms = Field(0, description="where in the source file the segment starts")
    loop: bool = True


class TextMeta(_Strict):
    """A title or caption drawn over the video."""

    text: str = Field(min_length=1)
    role: TextRole = "title"
    position: TextPosition = "center"
    x: Fraction = Field(0.5, description="custom position: centre x as a fraction of width")
    y: Fraction = Field(0.5, description="custom position: centre y as a fraction of height")
    size: float = Field(
        0.07, gt=0.0, le=0.5, description="text height as a fraction of frame height"
    )
    color: Color = "#FFFFFF"
    weight: Literal["regular", "bold"] = "bold"
    box: bool = False
    box_color: Color = "#00000099"
    shadow: bool = True
    margin: float = Field(0.05, ge=0.0, le=0.25, description="safe-area margin, fraction of frame")
    max_width: float = Field(0.9, gt=0.1, le=1.0, description="wrap width, fraction of frame")
    fade_in: Ms = 300
    fade_out: Ms = 300


# ---------------------------------------------------------------------------
# Segments and tracks
# ---------------------------------------------------------------------------


class _Segment(_Strict):
    start_ms: Ms = Field(0, alias="s", description="start on the timeline, ms")
    duration_ms: int = Field(alias="d", gt=0, description="duration, ms")

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.duration_ms


class VideoSegment(_Segment):
    meta: VideoMeta = Field(alias="m")


class AudioSegment(_Segment):
    meta: AudioMeta = Field(alias="m")


class TextSegment(_Segment):
    meta: TextMeta = Field(alias="m")


Segment = VideoSegment | AudioSegment | TextSegment


class TrackMeta(BaseModel):
    """Free-form track metadata; `name` is shown in the summary."""

    model_config = ConfigDict(extra="allow")
    name: str | None = None


class _Track(_Strict):
    meta: TrackMeta = Field(default_factory=TrackMeta, alias="m")


class VideoTrack(_Track):
    track_type: Literal[0] = Field(0, alias="tt")
    segments: list[VideoSegment] = Field(default_factory=list, alias="sg")


class AudioTrack(_Track):
    track_type: Literal[1] = Field(1, alias="tt")
    segments: list[AudioSegment] = Field(default_factory=list, alias="sg")


class TextTrack(_Track):
    track_type: Literal[7] = Field(7, alias="tt")
    segments: list[TextSegment] = Field(default_factory=list, alias="sg")


AnyTrack = VideoTrack | AudioTrack | TextTrack
Track = Annotated[AnyTrack, Field(discriminator="track_type")]


class DraftMeta(_Strict):
    """The draft's own metadata: at least title, width and height (documented)."""

    title: str = "Untitled"
    width: int = Field(1920, ge=16, le=4096, multiple_of=2)
    height: int = Field(1080, ge=16, le=4096, multiple_of=2)
    fps: Fps = 30
    bg: Color = "#000000"
    loudnorm: bool = Field(True, description="normalise the mix's loudness on export")


class Draft(_Strict):
    """The whole timeline. `duration_ms` (`d`) is the video's length."""

    duration_ms: int = Field(alias="d", description="total duration, ms (at least MIN_VIDEO_MS)")
    meta: DraftMeta = Field(default_factory=DraftMeta, alias="m")
    tracks: list[Track] = Field(default_factory=list, alias="t")

    @field_validator("duration_ms")
    @classmethod
    def _long_enough(cls, d: int) -> int:
        if d < MIN_VIDEO_MS:
            raise ValueError(
                f"a {d} ms video is too short; d must be at least {MIN_VIDEO_MS} ms "
                f"({_secs(MIN_VIDEO_MS)}s)"
            )
        return d

    @model_validator(mode="after")
    def _timing(self) -> Draft:
        shortest = min_segment_ms(self.meta.fps)
        for ti, track in enumerate(self.tracks):
            segments: list[Segment] = list(track.segments)
            for si, seg in enumerate(segments):
                if seg.duration_ms < shortest:
                    raise ValueError(
                        f"t[{ti}].sg[{si}].d: a {seg.duration_ms} ms segment is shorter than "
                        f"one frame at {self.meta.fps} fps; use at least {shortest} ms"
                    )
                if isinstance(seg, VideoSegment) and seg.meta.trim_out is not None:
                    kept = seg.meta.trim_out - seg.meta.trim_in
                    if kept < shortest:
                        raise ValueError(
                            f"t[{ti}].sg[{si}].m.trim_out: trimming {kept} ms of a clip keeps "
                            f"less than one frame at {self.meta.fps} fps; keep at least "
                            f"{shortest} ms (trim_out at least trim_in + {shortest})"
                        )
                if seg.end_ms > self.duration_ms:
                    raise ValueError(
                        f"t[{ti}].sg[{si}]: segment ends at {_secs(seg.end_ms)}s, after the "
                        f"draft's end at {_secs(self.duration_ms)}s; shorten it or raise the "
                        "draft's d"
                    )
                if si and seg.start_ms < segments[si - 1].end_ms:
                    raise ValueError(
                        f"t[{ti}].sg[{si}].s: segment starts at {_secs(seg.start_ms)}s but the "
                        f"previous one ends at {_secs(segments[si - 1].end_ms)}s; segments on "
                        "one track must not overlap (transitions overlap by themselves)"
                    )
            if isinstance(track, VideoTrack):
                _check_transitions(ti, track)
        return self

    # -- convenience -------------------------------------------------------

    @property
    def video_tracks(self) -> list[VideoTrack]:
        return [t for t in self.tracks if isinstance(t, VideoTrack)]

    @property
    def audio_tracks(self) -> list[AudioTrack]:
        return [t for t in self.tracks if isinstance(t, AudioTrack)]

    @property
    def text_tracks(self) -> list[TextTrack]:
        return [t for t in self.tracks if isinstance(t, TextTrack)]

    @property
    def has_segments(self) -> bool:
        """Some track has a segment: there is something to show or export (PROTOCOL.md)."""
        return any(track.segments for track in self.tracks)

    def sources(self) -> set[str]:
        """Every media `src` the draft refers to."""
        return {
            seg.meta.src
            for track in self.tracks
            if not isinstance(track, TextTrack)
            for seg in track.segments
        }

    def summary(self) -> str:
        """The documented one-line summary, e.g. `Timeline (3 tracks): 1. Video: ...`."""
        return summarize(self)

    def to_json(self) -> dict[str, Any]:
        """The draft as the protocol's JSON (short keys, unset optional keys left out)."""
        return self.model_dump(mode="json", exclude_none=True)


def min_segment_ms(fps: int) -> int:
    """The shortest segment at `fps`: one frame, rounded up to whole milliseconds.

    A segment at least this long always covers at least one whole frame, wherever
    it starts, because frames are counted with one rounding rule (engine/graph.py `Timing`).
    """
    return -(-1000 // fps)


def _check_transitions(ti: int, track: VideoTrack) -> None:
    """A transition must fit inside both neighbours (half of it lies in each)."""
    for si, seg in enumerate(track.segments[:-1]):
        tr = seg.meta.transition
        if tr is None or tr.type == "none" or tr.duration_ms == 0:
            continue
        nxt = track.segments[si + 1]
        if nxt.start_ms != seg.end_ms:
            continue  # a gap: the engine cuts through black, nothing to overlap
        room = min(seg.duration_ms, nxt.duration_ms)
        if tr.duration_ms > room:
            raise ValueError(
                f"t[{ti}].sg[{si}].m.transition.d: a {_secs(tr.duration_ms)}s transition does "
                f"not fit between segments of {_secs(seg.duration_ms)}s and "
                f"{_secs(nxt.duration_ms)}s; use at most {_secs(room)}s"
            )


# ---------------------------------------------------------------------------
# Validation with messages a person can act on
# ---------------------------------------------------------------------------


class DraftInvalid(ValueError):
    """A draft that does not validate. `key` is the offending key path (e.g. `t[0].sg[1].d`)."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


def _loc_to_key(loc: tuple[int | str, ...]) -> str:
    out = ""
    for i, part in enumerate(loc):
        if i == 2 and loc[0] == "t":
            continue  # the track-type tag pydantic adds for the tagged union: noise to a person
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_KEY_IN_MESSAGE = re.compile(r"^(t\[\d+\](?:\.[a-z_]+|\[\d+\])*):")


def parse_draft(data: Any) -> Draft:
    """Validate raw JSON into a `Draft`, or raise `DraftInvalid` naming the (wire) key."""
    try:
        return Draft.model_validate(data, by_alias=True, by_name=False)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = _loc_to_key(tuple(err["loc"]))
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key; see docs/DRAFT.md for the keys this object accepts"
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            key, msg = f"{key}.tt", "track type must be 0 (video), 1 (audio) or 7 (text)"
        elif err["type"] == "literal_error":
            msg = f"{err['input']!r} is not allowed; use one of: {err['ctx']['expected']}"
        if found := _KEY_IN_MESSAGE.match(msg):
            key, msg = found.group(1), msg[found.end() :].strip()
        where = key or "draft"
        return_msg = f"{where}: {msg}"
        raise DraftInvalid(return_msg, where) from None


# ---------------------------------------------------------------------------
# The lenient view: any draft-shaped JSON, read as far as it can be
# ---------------------------------------------------------------------------

_M = TypeVar("_M", bound=BaseModel)
_TRACK_CLASSES: dict[int, tuple[type[AnyTrack], type[Segment]]] = {
    TRACK_VIDEO: (VideoTrack, VideoSegment),
    TRACK_AUDIO: (AudioTrack, AudioSegment),
    TRACK_TEXT: (TextTrack, TextSegment),
}
#: What a required key stands for when a foreign draft leaves it out.
_FALLBACKS: dict[str, Any] = {"src": "", "text": "", "duration_ms": 0}


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation: Any = field.annotation
    if field.metadata:
        annotation = Annotated[(annotation, *field.metadata)]
    return TypeAdapter(annotation)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """`Transition` for a field typed `Transition` or `Transition | None`."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def read_lenient(model: type[_M], raw: Any) -> _M:
    """`model` from whatever `raw` holds: each key read on its own, by wire key or Python
    name; a value that does not validate is replaced by the default (a nested object is
    read the same way); unknown keys are dropped; no rule across fields is checked."""
    data = raw if isinstance(raw, dict) else {}
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias if field.alias in data else name
        value = data.get(key)
        if key in data:
            try:
                values[name] = _field_adapter(model, name).validate_python(value)
                continue
            except ValidationError:
                pass
        nested = _nested_model(field.annotation)
        if nested is not None and (isinstance(value, dict) or field.is_required()):
            values[name] = read_lenient(nested, value)
        elif field.is_required():
            values[name] = _FALLBACKS.get(name)
    return model.model_construct(**values)


def _track_type(raw: dict[str, Any]) -> int:
    value = raw.get("tt", raw.get("track_type", TRACK_VIDEO))
    return value if value in _TRACK_CLASSES else TRACK_VIDEO


def read_draft(data: Any) -> Draft | None:
    """The lenient view of a draft this code did not write (None for no draft).

    A valid draft is read exactly as `parse_draft` reads it. Anything else is read
    track by track and segment by segment with `read_lenient`: what is readable is
    kept, the rest falls back to defaults (an unknown track type reads as video, a
    missing `d` as the end of the last segment), so this never fails. For showing
    and describing a draft, never for rendering it.
    """
    if data is None or isinstance(data, Draft):
        return data
    try:
        return Draft.model_validate(data)
    except ValidationError:
        pass
    raw = data if isinstance(data, dict) else {}
    tracks: list[AnyTrack] = []
    for item in raw.get("t", raw.get("tracks")) or []:
        if not isinstance(item, dict):
            continue
        track_class, segment_class = _TRACK_CLASSES[_track_type(item)]
        segments = [
            read_lenient(segment_class, seg)
            for seg in item.get("sg", item.get("segments")) or []
            if isinstance(seg, dict)
        ]
        track = read_lenient(
            track_class, {k: v for k, v in item.items() if k not in ("sg", "segments")}
        )
        tracks.append(track.model_copy(update={"segments": segments}))
    top = read_lenient(Draft, {k: v for k, v in raw.items() if k not in ("t", "tracks")})
    duration = top.duration_ms or max(
        (seg.end_ms for track in tracks for seg in track.segments), default=0
    )
    return top.model_copy(update={"tracks": tracks, "duration_ms": duration})


# ---------------------------------------------------------------------------
# The one-line summary and the names it gives tracks and segments
# ---------------------------------------------------------------------------


def _secs(ms: float) -> str:
    value = round(ms / 1000, 1)
    return str(int(value)) if value == int(value) else str(value)


def seconds_text(ms: float) -> str:
    """`15`, `2.5`: milliseconds as seconds, the way the summary writes them."""
    return _secs(ms)


def segment_label(segment: Segment) -> str:
    """A segment's name as the summary shows it (a text segment's text in quotes)."""
    meta = segment.meta
    if isinstance(meta, TextMeta):
        return f'"{meta.text or ""}"'
    return meta.name or meta.src or "untitled"


def track_label(track: AnyTrack) -> str:
    """`Video`, `BGM`, `Title`, `Captions`, or the track's own `m.name`."""
    if track.meta.name:
        return track.meta.name
    if isinstance(track, AudioTrack):
        return "BGM"
    if isinstance(track, TextTrack):
        roles = {seg.meta.role for seg in track.segments}
        return "Captions" if roles == {"caption"} else "Title"
    return "Video"


def track_span(track: AnyTrack) -> tuple[int, int]:
    """(first start, last end) of a track's segments, in ms; (0, 0) when it has none."""
    if not track.segments:
        return 0, 0
    return (
        min(seg.start_ms for seg in track.segments),
        max(seg.end_ms for seg in track.segments),
    )


def summarize(draft: Draft | None) -> str:
    """`Timeline (N tracks): 1. Video: a.jpg, b.jpg (0-15s) 2. BGM: song (0-15s, 35%) ...`."""
    tracks = draft.tracks if draft is not None else []
    if not tracks:
        return "Timeline (0 tracks): empty"
    parts = []
    for i, track in enumerate(tracks, 1):
        label = track_label(track)
        if not track.segments:
            parts.append(f"{i}. {label}: empty")
            continue
        # one line, always: a two-line title reads "Summer / 2024"
        names = [segment_label(seg).replace("\n", " / ") for seg in track.segments]
        shown = ", ".join(names[:4]) + (f" (+{len(names) - 4} more)" if len(names) > 4 else "")
        start, end = track_span(track)
        span = f"{_secs(start)}-{_secs(end)}s"
        if isinstance(track, AudioTrack):
            span += f", {round(track.segments[0].meta.volume * 100)}%"
        parts.append(f"{i}. {label}: {shown} ({span})")
    noun = "track" if len(tracks) == 1 else "tracks"
    return f"Timeline ({len(tracks)} {noun}): " + " ".join(parts)
