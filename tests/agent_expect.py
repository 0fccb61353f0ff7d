"""Checks for the expect keys of the world cases (tests/agent_cases_world.py).

The keys and their meaning are defined in that file's docstring; `problems`
in agent_cases.py calls `world_problems` for every case, so a key means the
same in every table. Each check reads the draft the way a person would look at
the timeline: lengths, sizes, the words on screen, which way a number moved.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable
from statistics import mean
from typing import TYPE_CHECKING, Any

from photoreel.protocol.draft import Draft, TextSegment, VideoSegment

if TYPE_CHECKING:
    from agent_cases import Played

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# What a person typed (quoted) and file names are not the reply's own language.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」|『[^』]*』|《[^》]*》|'[^']*'|‘[^’]*’")
_FILE = re.compile(r"[\w\-]+\.(?:jpe?g|png|gif|webp|mp4|mov|mp3|wav|m4a|aac)\b", re.I)
_ZH_QUESTION = re.compile(r"[?？]|哪|吗|呢|什么|多少|几")
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")

HUES = {"red": 0, "orange": 30, "yellow": 60, "green": 120, "blue": 220, "pink": 330}


def body(reply: str) -> str:
    """The reply without its last line, the protocol's one-line summary (always English)."""
    lines = reply.rstrip("\n").split("\n")
    return "\n".join(lines[:-1]) if lines[-1].startswith("Timeline (") else reply


def own_words(reply: str) -> str:
    """The reply's own words: no quoted user text, no file names, no summary line."""
    return _FILE.sub(" ", _QUOTED.sub(" ", body(reply)))


def reply_language(reply: str) -> str:
    text = own_words(reply)
    return "zh" if len(CJK.findall(text)) > len(LATIN.findall(text)) else "en"


def asked(played: Played) -> bool:
    """The agent asked a short question and changed nothing."""
    out = played.out
    unchanged = out.draft is None or out.draft == played.before
    said = body(out.reply)
    question = _ZH_QUESTION.search(said) if played.case.language.startswith("zh") else None
    return unchanged and not out.cleared and ("?" in said or "？" in said or question is not None)


def video_segments(draft: Draft) -> list[VideoSegment]:
    video = next((t for t in draft.video_tracks if t.segments), None)
    return video.segments if video else []


def texts_of(draft: Draft) -> list[TextSegment]:
    return sorted(
        (s for t in draft.text_tracks for s in t.segments), key=lambda s: (s.start_ms, s.meta.role)
    )


def _first_title(draft: Draft) -> TextSegment | None:
    return next((t for t in texts_of(draft) if t.meta.role == "title"), None)


def _music_volume(draft: Draft) -> float | None:
    music = [s for t in draft.audio_tracks for s in t.segments]
    return music[0].meta.volume if music else None


def quantity(name: str, draft: Draft | None) -> float | None:
    """The named number of the `rel` key, or None when the draft has no such thing."""
    if draft is None:
        return None
    segs = video_segments(draft)
    images = [s for s in segs if s.meta.kind == "image"]
    cuts = [s.meta.transition.duration_ms if s.meta.transition else 0 for s in segs[:-1]]
    title = _first_title(draft)
    values: dict[str, Callable[[], float | None]] = {
        "d": lambda: float(draft.duration_ms),
        "intensity": lambda: mean(s.meta.motion.intensity for s in images) if images else None,
        "music_volume": lambda: _music_volume(draft),
        "transition_ms": lambda: mean(cuts) if cuts else None,
        "title_size": lambda: title.meta.size if title else None,
        "segments": lambda: float(len(segs)),
    }
    return values[name]()


def _every(name: str, draft: Draft) -> list[float]:
    """The values of the `between` key's quantity (every one must lie in the range)."""
    segs = video_segments(draft)
    music = [s for t in draft.audio_tracks for s in t.segments]
    title = _first_title(draft)
    values: dict[str, Callable[[], list[float]]] = {
        "d": lambda: [draft.duration_ms],
        "transition_ms": lambda: [
            s.meta.transition.duration_ms for s in segs[:-1] if s.meta.transition
        ],
        "music_volume": lambda: [m.meta.volume for m in music],
        "intensity": lambda: [s.meta.motion.intensity for s in segs if s.meta.kind == "image"],
        "music_fade_in": lambda: [m.meta.fade_in for m in music],
        "music_fade_out": lambda: [m.meta.fade_out for m in music],
        "music_offset": lambda: [m.meta.offset for m in music],
        "seg_ms": lambda: [s.duration_ms for s in segs],
        "title_d": lambda: [title.duration_ms] if title else [],
    }
    return values[name]()


def colour_family(hex_color: str) -> set[str]:
    """The colour names a `#RRGGBB` belongs to (white/black by lightness, others by hue)."""
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    found = set()
    if light >= 0.9:
        found.add("white")
    if light <= 0.1:
        found.add("black")
    if sat >= 0.5 and 0.1 < light < 0.9:
        degrees = hue * 360
        for name, centre in HUES.items():
            if min(abs(degrees - centre), 360 - abs(degrees - centre)) <= 20:
                found.add(name)
    return found


def _sentences(reply: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(body(reply)) if len(s.strip()) > 3]


def world_problems(played: Played, draft: Draft | None) -> list[str]:
    """What differs from the new keys' expectations (see agent_cases_world.py)."""
    exp = played.case.expect
    out = played.out
    bad: list[str] = []

    def check(name: str, got: object, want: object) -> None:
        if got != want:
            bad.append(f"{name}: got {got!r}, want {want!r}")

    if exp.get("asks") and not asked(played):
        bad.append(f"asks: expected a question and no change: {out.reply!r}")
    if "reply_lang" in exp:
        check("reply_lang", reply_language(out.reply), exp["reply_lang"])
    if "reply_not_has" in exp and exp["reply_not_has"].lower() in out.reply.lower():
        bad.append(f"reply has {exp['reply_not_has']!r}: {out.reply!r}")
    if exp.get("no_repeat"):
        said = _sentences(out.reply)
        if len(said) != len(set(said)):
            bad.append(f"no_repeat: a sentence is said twice: {out.reply!r}")
    if "not_done_has" in exp and exp["not_done_has"].lower() not in out.reply.lower():
        bad.append(f"not_done_has: the reply does not name {exp['not_done_has']!r}: {out.reply!r}")
    if "undone_steps" in exp:
        want = played.earlier(exp["undone_steps"])
        got = draft if not out.cleared else None
        if (got.model_dump() if got else None) != (want.model_dump() if want else None):
            bad.append(f"undone_steps: the draft is not the one {exp['undone_steps']} steps back")
    for name, way in exp.get("rel", {}).items():
        old, new = quantity(name, played.before), quantity(name, draft)
        if old is None or new is None:
            bad.append(f"rel.{name}: missing (before {old}, after {new})")
            continue
        moved = "up" if new > old + 1e-9 else "down" if new < old - 1e-9 else "same"
        if moved != way:
            bad.append(f"rel.{name}: {old} -> {new} went {moved}, want {way}")
        elif name == "music_volume" and way == "down" and new < old / 2 - 1e-9:
            bad.append(f"rel.music_volume: {old} -> {new} is more than one step down")
        elif name == "music_volume" and way == "up" and new > old * 2 + 1e-9:
            bad.append(f"rel.music_volume: {old} -> {new} is more than one step up")
    if draft is None:
        for key in ("between", "size_in", "orientation", "transitions_in", "cut_of", "names"):
            if key in exp:
                bad.append(f"{key}: no draft")
        return bad
    bad += _draft_problems(exp, draft)
    return bad


def _draft_problems(exp: dict[str, Any], draft: Draft) -> list[str]:
    bad: list[str] = []

    def check(name: str, got: object, want: object) -> None:
        if got != want:
            bad.append(f"{name}: got {got!r}, want {want!r}")

    segs = video_segments(draft)
    images = [s for s in segs if s.meta.kind == "image"]
    cuts = [s.meta.transition.type if s.meta.transition else "none" for s in segs[:-1]]
    for name, (low, high) in exp.get("between", {}).items():
        values = _every(name, draft)
        if not values or not all(low <= v <= high for v in values):
            bad.append(f"between.{name}: {values} not all in [{low}, {high}]")
    size = (draft.meta.width, draft.meta.height)
    if "size_in" in exp and size not in [tuple(s) for s in exp["size_in"]]:
        bad.append(f"size_in: {size} not in {exp['size_in']}")
    if "orientation" in exp:
        w, h = size
        shape = "portrait" if h > w else "landscape" if w > h else "square"
        check("orientation", shape, exp["orientation"])
    if "transitions_in" in exp and not set(cuts) <= set(exp["transitions_in"]):
        bad.append(f"transitions_in: {cuts} not all in {sorted(exp['transitions_in'])}")
    for i, want in exp.get("cut_of", {}).items():
        allowed = {want} if isinstance(want, str) else set(want)
        got = cuts[i] if i < len(cuts) else None
        if got not in allowed:
            bad.append(f"cut_of[{i}]: got {got!r}, want one of {sorted(allowed)}")
    if "motion_in" in exp:
        kinds = {s.meta.motion.type for s in images}
        if not kinds or not kinds <= set(exp["motion_in"]):
            bad.append(f"motion_in: {kinds} not within {sorted(exp['motion_in'])}")
    if "fit_in" in exp:
        fits = {s.meta.fit for s in images}
        if not fits or not fits <= set(exp["fit_in"]):
            bad.append(f"fit_in: {fits} not within {sorted(exp['fit_in'])}")
    for i, want in exp.get("fit_of", {}).items():
        allowed = {want} if isinstance(want, str) else set(want)
        got = segs[i].meta.fit if i < len(segs) else None
        if got not in allowed:
            bad.append(f"fit_of[{i}]: got {got!r}, want one of {sorted(allowed)}")
    for name, ms in exp.get("dur_by_name", {}).items():
        check(f"dur_by_name[{name}]", [s.duration_ms for s in segs if s.meta.name == name], [ms])
    if "names" in exp:
        check("names", {s.meta.name for s in segs}, set(exp["names"]))
    if "clip_audio_mode" in exp:
        check(
            "clip_audio_mode",
            {s.meta.audio for s in segs if s.meta.kind == "video"},
            {exp["clip_audio_mode"]},
        )
    bad += _text_problems(exp, draft, segs)
    return bad


def _text_problems(exp: dict[str, Any], draft: Draft, segs: list[VideoSegment]) -> list[str]:
    bad: list[str] = []
    texts = texts_of(draft)
    titles = [t for t in texts if t.meta.role == "title"]
    if "texts_ci" in exp:
        got = [t.meta.text.strip().lower() for t in titles]
        want = [t.strip().lower() for t in exp["texts_ci"]]
        if got != want:
            bad.append(f"texts_ci: got {got!r}, want {want!r}")
    if "end_text" in exp:
        frame = -(-1000 // draft.meta.fps)
        want = exp["end_text"].strip().lower()
        enders = [t for t in texts if abs(t.end_ms - draft.duration_ms) <= frame and t.start_ms > 0]
        if not any(t.meta.text.strip().lower() == want for t in enders):
            shown = [(t.meta.text, t.start_ms, t.duration_ms) for t in texts]
            bad.append(f"end_text: no end card {want!r}: {shown}")
    if "title_color" in exp:
        title = titles[0] if titles else None
        family = colour_family(title.meta.color) if title else set()
        if exp["title_color"] not in family:
            got = title.meta.color if title else None
            bad.append(f"title_color: {got} is not {exp['title_color']}")
    for i, want in exp.get("captions_has", {}).items():
        seg = segs[i] if i < len(segs) else None
        over = [
            t
            for t in texts
            if seg is not None and seg.start_ms <= t.start_ms and t.end_ms <= seg.end_ms
        ]
        if not any(want.lower() in t.meta.text.lower() for t in over):
            shown = [t.meta.text for t in over]
            bad.append(f"captions_has[{i}]: no text with {want!r} over it: {shown}")
    if "caption_count" in exp:
        count = sum(1 for t in texts if t.meta.role == "caption")
        if count != exp["caption_count"]:
            bad.append(f"caption_count: got {count}, want {exp['caption_count']}")
    return bad
