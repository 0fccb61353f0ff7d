"""The draft: the timeline of a session, in the protocol's short-key JSON.

The documented keys are `t` (tracks), `tt` (track type: 0 video, 1 audio,
7 text), `sg` (segments), `d` (duration in ms) and `m` (metadata). Everything
inside a segment's `m` is photoreel's own definition, written down in
docs/DRAFT.md. Timing decisions that every layer relies on:

* Segments on one track tile time: a segment starts at `s` and lasts `d` ms,
  and may not overlap the next one. Gaps are allowed (black / silence).
* A transition belongs to the segment it leaves (`m.transition`) and is
  centred on the cut, overlapping both neighbours by half its duration each.
  Transitions never lengthen the video: the draft's `d` is the video's length.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
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
    """Unknown keys are refused so a typo ("trasition") is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ---------------------------------------------------------------------------
# Segment metadata
# ---------------------------------------------------------------------------


class Transition(_Strict):
    """How this segment hands over to the next one on its track."""

    type: TransitionType = "fade"
    d: Ms = Field(1000, le=MAX_TRANSITION_MS, description="duration in ms, centred on the cut")


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
    s: Ms = Field(0, description="start on the timeline, ms")
    d: int = Field(gt=0, description="duration, ms")

    @property
    def end(self) -> int:
        return self.s + self.d


class VideoSegment(_Segment):
    m: VideoMeta


class AudioSegment(_Segment):
    m: AudioMeta


class TextSegment(_Segment):
    m: TextMeta


class TrackMeta(BaseModel):
    """Free-form track metadata; `name` is shown in the summary."""

    model_config = ConfigDict(extra="allow")
    name: str | None = None


class _Track(_Strict):
    m: TrackMeta = Field(default_factory=TrackMeta)


class VideoTrack(_Track):
    tt: Literal[0] = 0
    sg: list[VideoSegment] = Field(default_factory=list)


class AudioTrack(_Track):
    tt: Literal[1] = 1
    sg: list[AudioSegment] = Field(default_factory=list)


class TextTrack(_Track):
    tt: Literal[7] = 7
    sg: list[TextSegment] = Field(default_factory=list)


Track = Annotated[VideoTrack | AudioTrack | TextTrack, Field(discriminator="tt")]


class DraftMeta(_Strict):
    """The draft's own metadata: at least title, width and height (documented)."""

    title: str = "Untitled"
    width: int = Field(1920, ge=16, le=4096, multiple_of=2)
    height: int = Field(1080, ge=16, le=4096, multiple_of=2)
    fps: Fps = 30
    bg: Color = "#000000"
    loudnorm: bool = Field(True, description="normalise the mix's loudness on export")


class Draft(_Strict):
    """The whole timeline. `d` is the video's length in ms."""

    d: int = Field(description="total duration, ms (at least MIN_VIDEO_MS)")
    m: DraftMeta = Field(default_factory=DraftMeta)
    t: list[Track] = Field(default_factory=list)

    @field_validator("d")
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
        shortest = min_segment_ms(self.m.fps)
        for ti, track in enumerate(self.t):
            segments: list[Any] = list(track.sg)
            for si, seg in enumerate(segments):
                if seg.d < shortest:
                    raise ValueError(
                        f"t[{ti}].sg[{si}].d: a {seg.d} ms segment is shorter than one frame "
                        f"at {self.m.fps} fps; use at least {shortest} ms"
                    )
                trim_in, trim_out = getattr(seg.m, "trim_in", 0), getattr(seg.m, "trim_out", None)
                if trim_out is not None and trim_out - trim_in < shortest:
                    raise ValueError(
                        f"t[{ti}].sg[{si}].m.trim_out: trimming {trim_out - trim_in} ms of a "
                        f"clip keeps less than one frame at {self.m.fps} fps; keep at least "
                        f"{shortest} ms (trim_out at least trim_in + {shortest})"
                    )
                if seg.end > self.d:
                    raise ValueError(
                        f"t[{ti}].sg[{si}]: segment ends at {_secs(seg.end)}s, after the "
                        f"draft's end at {_secs(self.d)}s; shorten it or raise the draft's d"
                    )
                if si and seg.s < segments[si - 1].end:
                    raise ValueError(
                        f"t[{ti}].sg[{si}].s: segment starts at {_secs(seg.s)}s but the "
                        f"previous one ends at {_secs(segments[si - 1].end)}s; segments on "
                        "one track must not overlap (transitions overlap by themselves)"
                    )
            if isinstance(track, VideoTrack):
                _check_transitions(ti, track)
        return self

    # -- convenience -------------------------------------------------------

    @property
    def video_tracks(self) -> list[VideoTrack]:
        return [t for t in self.t if isinstance(t, VideoTrack)]

    @property
    def audio_tracks(self) -> list[AudioTrack]:
        return [t for t in self.t if isinstance(t, AudioTrack)]

    @property
    def text_tracks(self) -> list[TextTrack]:
        return [t for t in self.t if isinstance(t, TextTrack)]

    def sources(self) -> set[str]:
        """Every media `src` the draft refers to."""
        return {seg.m.src for t in self.t if not isinstance(t, TextTrack) for seg in t.sg}

    def summary(self) -> str:
        """The documented one-line summary, e.g. `Timeline (3 tracks): 1. Video: ...`."""
        return summarize(self.model_dump(mode="json"))

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def min_segment_ms(fps: int) -> int:
    """The shortest segment at `fps`: one frame, rounded up to whole milliseconds.

    A segment at least this long always covers at least one whole frame, wherever
    it starts, because frames are counted with one rounding rule (engine/graph.py `Timing`).
    """
    return -(-1000 // fps)


def _check_transitions(ti: int, track: VideoTrack) -> None:
    """A transition must fit inside both neighbours (half of it lies in each)."""
    for si, seg in enumerate(track.sg[:-1]):
        tr = seg.m.transition
        if tr is None or tr.type == "none" or tr.d == 0:
            continue
        nxt = track.sg[si + 1]
        if nxt.s != seg.end:
            continue  # a gap: the engine cuts through black, nothing to overlap
        room = min(seg.d, nxt.d)
        if tr.d > room:
            raise ValueError(
                f"t[{ti}].sg[{si}].m.transition.d: a {_secs(tr.d)}s transition does not fit "
                f"between segments of {_secs(seg.d)}s and {_secs(nxt.d)}s; use at most "
                f"{_secs(room)}s"
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
    """Validate raw JSON into a `Draft`, or raise `DraftInvalid` naming the key."""
    try:
        return Draft.model_validate(data)
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
# The one-line summary (lenient: works on any draft-shaped dict, ours or hosted)
# ---------------------------------------------------------------------------


def _secs(ms: float) -> str:
    value = round(ms / 1000, 1)
    return str(int(value)) if value == int(value) else str(value)


def _seg_label(track_type: int, meta: dict[str, Any]) -> str:
    if track_type == TRACK_TEXT:
        return f'"{meta.get("text") or meta.get("name") or ""}"'
    return str(meta.get("name") or meta.get("src") or "untitled")


def _track_label(track_type: int, track_meta: dict[str, Any], segs: list[dict[str, Any]]) -> str:
    if name := track_meta.get("name"):
        return str(name)
    if track_type == TRACK_AUDIO:
        return "BGM"
    if track_type == TRACK_TEXT:
        roles = {(s.get("m") or {}).get("role", "title") for s in segs}
        return "Captions" if roles == {"caption"} else "Title"
    return "Video"


def summarize(draft: dict[str, Any] | None) -> str:
    """`Timeline (N tracks): 1. Video: a.jpg, b.jpg (0-15s) 2. BGM: song (0-15s, 35%) ...`."""
    tracks = (draft or {}).get("t") or []
    if not tracks:
        return "Timeline (0 tracks): empty"
    parts = []
    for i, track in enumerate(tracks, 1):
        tt = int(track.get("tt", 0))
        segs = list(track.get("sg") or [])
        label = _track_label(tt, track.get("m") or {}, segs)
        if not segs:
            parts.append(f"{i}. {label}: empty")
            continue
        names = [_seg_label(tt, s.get("m") or {}) for s in segs]
        shown = ", ".join(names[:4]) + (f" (+{len(names) - 4} more)" if len(names) > 4 else "")
        start = min(int(s.get("s", 0)) for s in segs)
        end = max(int(s.get("s", 0)) + int(s.get("d", 0)) for s in segs)
        span = f"{_secs(start)}-{_secs(end)}s"
        if tt == TRACK_AUDIO:
            vol = (segs[0].get("m") or {}).get("volume", 1.0)
            span += f", {round(float(vol) * 100)}%"
        parts.append(f"{i}. {label}: {shown} ({span})")
    noun = "track" if len(tracks) == 1 else "tracks"
    return f"Timeline ({len(tracks)} {noun}): " + " ".join(parts)


# Public names for the labels the summary uses, so that other summaries (the
# client's change lines, the timeline pane) name tracks and segments the same way.


def seconds_text(ms: float) -> str:
    """`15`, `2.5`: milliseconds as seconds, the way the summary writes them."""
    return _secs(ms)


def track_label(track: dict[str, Any]) -> str:
    """`Video`, `BGM`, `Title`, `Captions`, or the track's own `m.name`."""
    return _track_label(int(track.get("tt", 0)), track.get("m") or {}, list(track.get("sg") or []))


def segment_label(track_type: int, segment: dict[str, Any]) -> str:
    """A segment's name as the summary shows it (a text segment's text in quotes)."""
    return _seg_label(track_type, segment.get("m") or {})
