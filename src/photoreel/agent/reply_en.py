"""The reply in English, rendered from what changed.

Each intent's `apply` changes the draft and records an `EditOp` (what was
asked, what the draft became); it writes no sentence. This module says each
op, once, from its args and result, the way `reply_zh` says it in Chinese, so
the two languages tell the same facts and a reply can never disagree with the
edit the server streamed. `photoreel.agent.reply` puts the sentences together.

A renderer gets the op and where it stands in its turn (`Told`): a video made
this turn is described as it ended up, and a later edit of a photo's length
leaves the video's new length to the last one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from photoreel.agent.contract import EditOp
from photoreel.agent.intents.canvas import ASPECT_NAMES
from photoreel.agent.intents.describe import describe_made
from photoreel.agent.intents.fit import NAMES as FIT_NAMES
from photoreel.agent.intents.fit import subject
from photoreel.agent.intents.motion import NAMES as MOTION_NAMES
from photoreel.agent.intents.styles import LOOKS
from photoreel.agent.intents.text import style_words
from photoreel.agent.intents.transitions import transition_name, transitions_name
from photoreel.agent.intents.video import span_of
from photoreel.agent.timeline import percent, secs
from photoreel.protocol.draft import Draft


@dataclass(frozen=True)
class Told:
    """One op of a turn, with the turn's other ops and the draft they made."""

    ops: list[EditOp]
    at: int
    draft: Draft | None

    @property
    def op(self) -> EditOp:
        return self.ops[self.at]

    def later(self, name: str) -> bool:
        """Whether an op of this kind comes later in the same turn."""
        return any(op.name == name for op in self.ops[self.at + 1 :])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _span(start: int, length: int) -> str:
    return f"{secs(start).removesuffix(' s')}-{secs(start + length)}"


def _total(ms: float) -> str:
    """ "17.5 s": a length as the removal and addition sentences say it."""
    return f"{ms / 1000:g} s"


# ---------------------------------------------------------------------------
# Making and lengths
# ---------------------------------------------------------------------------


def _made(op: EditOp, told: Told) -> str:
    if op.result.get("segments") == 0:
        return "Cleared the timeline."
    if told.draft is None:
        return "Made the video."
    return describe_made(told.draft, told.ops, told.at)


def _duration(op: EditOp, told: Told) -> str:
    now = secs(op.result.get("d", 0))
    if op.args.get("match"):
        return f"The video is now as long as {op.args['match']}: {now}."
    if "was" in op.result:
        return f"The video is now {now} (was {secs(op.result['was'])})."
    durations = op.result.get("durations") or []
    each = f" ({span_of(durations)} a photo)" if durations else ""
    return f"The video is now {now}{each}."


def _photo_duration(op: EditOp, told: Told) -> str:
    photos: list[int] = op.args.get("photos") or []
    durations: list[int] = op.result.get("durations") or []
    total = secs(op.result.get("d", 0))
    told_later = told.later("set_photo_duration")  # the last one says the video's length
    if op.args.get("even"):
        still = "." if told_later else f"; the video is still {total}."
        return f"Every photo now shows for {span_of(durations)}{still}"
    names: list[str] = op.result.get("names") or []
    of = op.result.get("segments", len(photos))
    if len(photos) == of and of > 1:
        what = "Each photo"
    elif len(photos) == 1 and names:
        what = f"Photo {photos[0]} ({names[0]})"
    else:
        what = f"Photos {', '.join(str(p) for p in photos)}"
    shown = secs(durations[0]) if durations else ""
    if told_later:
        return f"{what} now shows for {shown}."
    return f"{what} now shows for {shown}; the video is {total}."


# ---------------------------------------------------------------------------
# The canvas, transitions, motion, fit, styles
# ---------------------------------------------------------------------------


def _canvas(op: EditOp, told: Told) -> str:
    args, result = op.args, op.result
    size = f"{result['width']}x{result['height']}"
    sentence = ""
    if args.get("aspect"):
        shape = ASPECT_NAMES[args["aspect"]]
        shape += f" for {args['platform']}" if args.get("platform") else ""
        resolution = f", {args['resolution']}" if args.get("resolution") else ""
        sentence = f"Canvas is now {shape} ({size}{resolution})."
    elif args.get("resolution"):
        sentence = f"Canvas is now {args['resolution']} ({size})."
    if args.get("fps") is not None:
        sentence += (" " if sentence else "") + f"Frame rate {args['fps']} fps."
    return sentence


def _where(cuts: list[int], of: int) -> str:
    """Where transitions are, from the cuts (1 is between photos 1 and 2) and the photos."""
    if len(cuts) == of - 1 and of > 2:
        return f"between all {of} photos"
    if len(cuts) == 1:
        return f"between photo {cuts[0]} and photo {cuts[0] + 1}"
    return "at cuts " + ", ".join(f"{c}-{c + 1}" for c in cuts)


def _transitions(op: EditOp, told: Told) -> str:
    made: list[dict[str, Any]] = op.result.get("transitions") or []
    if not made:
        return ""
    if op.args.get("type") == "random":
        names = ", ".join(transition_name(t["type"]) for t in made)
        return f"A different transition at each cut: {names}."
    cuts = [t["cut"] for t in made]
    where = _where(cuts, op.result.get("of", len(cuts) + 1))
    kind = made[0]["type"]
    if kind == "none":
        return f"Hard cuts {where}, no transitions."
    lengths = sorted({t["d"] for t in made})
    length = secs(lengths[0]) if len(lengths) == 1 else "various lengths"
    name = transitions_name(kind) if len(cuts) > 1 else transition_name(kind)
    kinds = {t["type"] for t in made if t["type"] != "none"}
    if op.args.get("type") is None and len(kinds) > 1:
        name = "Transitions"
    return f"{name[0].upper()}{name[1:]} ({length}) {where}."


def _motion(op: EditOp, told: Told) -> str:
    moves: list[dict[str, Any]] = op.result.get("motion") or []
    photos: list[int] = op.args.get("photos") or []
    if not moves:
        return ""
    of = op.result.get("of", len(photos))
    names: list[str] = op.result.get("names") or []
    if len(photos) == of and of > 1:
        where = "on every photo"
    elif len(photos) == 1:
        where = f"on photo {photos[0]} ({names[0] if names else photos[0]})"
    else:
        where = "on photos " + ", ".join(str(p) for p in photos)
    chosen = op.args.get("type") or moves[0]["type"]
    if chosen == "none":
        return f"Photos stay still ({where.removeprefix('on ')}), no motion."
    strength = moves[0]["intensity"]
    feel = "subtle" if strength < 0.4 else "strong" if strength > 0.7 else "moderate"
    name = MOTION_NAMES.get(chosen, chosen)
    return f"{name[0].upper()}{name[1:]} {where}, {feel} ({strength:g})."


def _fit(op: EditOp, told: Told) -> str:
    photos: list[int] = op.args.get("photos") or []
    who = subject(photos, op.result.get("of", len(photos)))
    return f"{who} now {FIT_NAMES[op.args['fit']]}."


def _style(op: EditOp, told: Told) -> str:
    style = op.args["style"]
    kept = [
        {
            "length": f"{secs(op.result.get('d', 0))} long",
            "transitions": "your transitions",
            "fps": f"{op.result.get('fps')} fps",
        }[what]
        for what in op.result.get("kept") or []
    ]
    sentence = f"Made it {style}: {LOOKS[style].blurb}"
    return sentence + ("." if not kept else f"; kept {' and '.join(kept)} as you asked.")


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def _noun(roles: list[str]) -> str:
    kinds = set(roles)
    if kinds == {"caption"}:
        return "caption" if len(roles) == 1 else "captions"
    if kinds == {"title"}:
        return "title" if len(roles) == 1 else "titles"
    return "text"


def _text_added(op: EditOp, told: Told) -> str:
    args, result = op.args, op.result
    if "captions" in result:
        where = ", ".join(f"photo {p}" for p in args.get("photos") or [])
        return f'Caption "{args["text"]}" on {where}.'
    look: dict[str, Any] = args.get("look") or {}
    span = _span(result.get("s", 0), result.get("d", 0))
    clear = bool(result.get("clear_of_faces"))  # moved off the faces of the photos under it
    place = {"top": "at the top", "bottom": "at the bottom"}.get(str(result.get("position")))
    parts = [style_words(look)] if look else []  # "(0-3 s, yellow, at the top)": said once
    if place and (not look or clear):
        parts.append(place)
    if clear:
        parts.append("clear of the faces")
    where = "".join(f", {part}" for part in parts)
    return f'Added the {args["role"]} "{args["text"]}" ({span}{where}).'


def _text_edited(op: EditOp, told: Told) -> str:
    args, result = op.args, op.result
    look: dict[str, Any] = args.get("look") or {}
    if "old" in result:  # a new title over the old one: its words changed
        span = _span(result.get("s", 0), result.get("d", 0))
        styled = f", {style_words(look)}" if look else ""
        return f'Changed the {args["role"]} "{result["old"]}" to "{args["text"]}" ({span}{styled}).'
    texts: list[dict[str, Any]] = result.get("texts") or []
    noun = _noun([t.get("role", "text") for t in texts])
    changes = []
    if args.get("text") is not None:
        changes.append(f'now says "{args["text"]}"')
    if look:
        changes.append("is now " + style_words(look))
    if args.get("timed") and texts:
        changes.append(f"shows {_span(texts[0]['s'], texts[0]['d'])}")
    if not changes:
        return f"The {noun} is unchanged."
    return f"The {noun} " + " and ".join(changes) + "."


def _captions(op: EditOp, told: Told) -> str:
    texts: list[str] = op.args.get("texts") or []
    count = op.result.get("captions", len(texts))
    said = f"Captions on {_plural(count, 'photo')}: " + ", ".join(f'"{t}"' for t in texts) + "."
    unused = op.result.get("offered", count) - count
    if unused > 0:
        said += f" There are {_plural(count, 'photo')}, so the last {unused} went unused."
    return said


def _text_removed(op: EditOp, told: Told) -> str:
    removed: list[str] = op.result.get("removed") or []
    words = ", ".join(f'"{t}"' for t in removed[:4])
    if len(removed) > 4:
        words += f" and {len(removed) - 4} more"
    return f"Removed the {_noun(op.result.get('roles') or ['text'] * len(removed))} {words}."


# ---------------------------------------------------------------------------
# Music and sound
# ---------------------------------------------------------------------------


def _music(op: EditOp, told: Told) -> str:
    r, name = op.result, op.args.get("file", "")
    was: dict[str, Any] | None = r.get("was")
    if was is None:
        fades = f"fading out over the last {secs(r.get('fade_out', 0))}"
        if r.get("fade_in"):
            fades = f"fading in over {secs(r['fade_in'])} and {fades.removeprefix('fading ')}"
        level, length = percent(r["volume"]), secs(r["d"])
        said = f"Added {name} as music at {level} for the whole {length}, {fades}"
        if r.get("offset"):
            said += f", starting {secs(r['offset'])} into the song"
        if not r.get("loop", True):
            said += ", playing once (no loop)"
        return said + "."
    changes = []
    if was.get("file") != name:
        changes.append(f"is now {name}")
    if was["volume"] != r["volume"]:
        changes.append(f"volume {percent(was['volume'])} → {percent(r['volume'])}")
    if (was["fade_in"], was["fade_out"]) != (r["fade_in"], r["fade_out"]):
        changes.append(f"fades in {secs(r['fade_in'])}, out {secs(r['fade_out'])}")
    if was["offset"] != r["offset"]:
        changes.append(f"starts {secs(r['offset'])} into the song")
    if was["loop"] != r["loop"]:
        changes.append("loops when it runs out" if r["loop"] else "plays once, no loop")
    return f"Music ({name}) " + ", ".join(changes) + "."


def _volume(op: EditOp, told: Told) -> str:
    after = op.result.get("volume", 0)
    if after == 0:
        return 'Music muted (volume 0%); say "music at 50%" to bring it back.'
    return f"Music volume {percent(op.result.get('was', after))} → {percent(after)}."


def _fades(op: EditOp, told: Told) -> str:
    parts = []
    if op.args.get("fade_in_ms") is not None:
        fade = op.result.get("fade_in", 0)
        parts.append(f"fades in over {secs(fade)}" if fade else "no longer fades in")
    if op.args.get("fade_out_ms") is not None:
        fade = op.result.get("fade_out", 0)
        parts.append(f"fades out over the last {secs(fade)}" if fade else "no longer fades out")
    return "The music " + " and ".join(parts) + "." if parts else ""


def _clip_audio(op: EditOp, told: Told) -> str:
    what = {
        "keep": "keep their own sound",
        "mute": "are muted",
        "duck": "are lowered under the music",
    }
    said = f"Clips {what[op.args['mode']]}." if op.result.get("clips") else ""
    if op.result.get("music_muted"):
        said = (said + " Music muted too.").strip()
    return said


# ---------------------------------------------------------------------------
# Arranging photos
# ---------------------------------------------------------------------------


def _removed(op: EditOp, told: Told) -> str:
    names = ", ".join(op.result.get("removed") or [])
    left, total = op.result.get("segments"), _total(op.result.get("d", 0))
    return f"Removed {names}; {left} photos left, {total} in all."


def _added(op: EditOp, told: Told) -> str:
    names = ", ".join(op.args.get("photos") or [])
    count = op.result.get("segments")
    if op.args.get("restored"):
        return f"Put back {names}; {count} photos again."
    return f"Added {names}; the video is {_total(op.result.get('d', 0))} with {count} photos."


def _order(op: EditOp) -> str:
    return ", ".join(op.result.get("order") or [])


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------


def _history(op: EditOp, told: Told) -> str:
    steps, direction = op.args.get("steps", 1), op.name
    what = "the last change" if steps == 1 else f"the last {steps} changes"
    if op.result.get("empty"):
        # the first draft's step back is the empty timeline the session began with
        said = f'Undid {what}: the timeline is empty again. Say "redo" to get it back.'
    elif direction == "undo":
        said = f"Undid {what}."
    else:
        said = "Redid the change." if steps == 1 else f"Redid {steps} changes."
    if steps < op.args.get("asked", steps):
        said += f" There were only {steps} to {direction}."
    return said


# ---------------------------------------------------------------------------
# Photo sense (agent/edits)
# ---------------------------------------------------------------------------


def _framed(op: EditOp, told: Told) -> str:
    faces, subjects, zoomed = (op.result.get(k, 0) for k in ("faces", "subjects", "zoomed"))
    parts = []
    if faces:
        parts.append(f"{_plural(faces, 'photo')} with faces")
    if subjects:
        parts.append(f"{subjects} around {'their' if subjects != 1 else 'its'} main subject")
    said = "Framing kept in view: " + " and ".join(parts) + "."
    if zoomed:
        said += f" The camera zooms in on the face in {zoomed} of them."
    return said


def _beats(op: EditOp, told: Told) -> str:
    r = op.result
    if op.args.get("every"):
        noun = "beat" if r["beats"] == 1 else "beats"
        said = (
            f"Each photo now lasts {r['beats']} {noun} ({r['bpm']} BPM, "
            f"{secs(r['photo_ms'])} a photo), so the video is {secs(r['d'])}"
            + (f" instead of {secs(r['was'])}." if r["d"] != r["was"] else ".")
        )
    elif r.get("off_beat"):
        said = (
            f"{r['cuts'] - r['off_beat']} of {r['cuts']} cuts now fall on a beat "
            f"({r['bpm']} BPM); {r['off_beat']} had no beat near enough"
            " (past the end of the music, or too close to the next cut)."
        )
    else:
        said = (
            f"Every cut now falls on a beat of the music ({r['bpm']} BPM); "
            f"the video stays {secs(r['d'])}."
        )
    if r.get("shortened"):
        said += f" I shortened {_plural(r['shortened'], 'transition')} to fit."
    return said


def _by_time(op: EditOp, told: Told) -> str:
    dated, undated = op.result.get("dated", 0), op.result.get("undated", 0)
    rest = f"; {undated} without a date stay at the end)." if undated else ")."
    return f"The photos are now in the order they were taken ({dated} dated{rest}"


def _found_removed(op: EditOp, told: Told) -> str:
    shown: list[str] = op.result.get("removed") or []
    why = "looked like duplicates" if op.name == "remove_duplicates" else "were blurred"
    them = "them" if len(shown) > 1 else "it"
    return (
        f"Removed {_plural(len(shown), 'photo')} that {why}: {', '.join(shown)}. "
        f"Say 'undo' to bring {them} back."
    )


def _dated(op: EditOp, told: Told) -> str:
    place = " and place" if op.result.get("placed") else ""
    said = f"Each photo now has a caption with its date{place}."
    undated = op.result.get("undated", 0)
    if undated:
        said += f" {_plural(undated, 'photo')} without a date got none."
    return said


Render = Callable[[EditOp, Told], str]

EDITS: dict[str, Render] = {
    "make_video": _made,
    "start_over": _made,
    "set_duration": _duration,
    "set_photo_duration": _photo_duration,
    "set_canvas": _canvas,
    "set_transitions": _transitions,
    "set_motion": _motion,
    "set_fit": _fit,
    "apply_style": _style,
    "add_text": _text_added,
    "edit_text": _text_edited,
    "add_captions": _captions,
    "remove_text": _text_removed,
    "set_music": _music,
    "set_music_volume": _volume,
    "fade_music": _fades,
    "remove_music": lambda op, t: f"Removed the music ({op.result.get('removed', '')}).",
    "set_clip_audio": _clip_audio,
    "swap_photos": lambda op, t: "Swapped {} and {}.".format(*op.result["swapped"]),
    "move_photo": lambda op, t: (
        f"Moved {op.result['name']} to position {op.result['position']} of {op.result['segments']}."
    ),
    "remove_photo": _removed,
    "duplicate_photo": lambda op, t: (
        f"Added a second {op.result['name']} at position {op.result['position']}."
    ),
    "reverse_photos": lambda op, t: "Reversed the order of the photos.",
    "shuffle_photos": lambda op, t: f"Shuffled the photos: {_order(op)}.",
    "sort_photos": lambda op, t: "Sorted the photos by name.",
    "add_photos": _added,
    "replace_photo": lambda op, t: f"Replaced {op.result['replaced']} with {op.args['with']}.",
    "undo": _history,
    "redo": _history,
    "keep_subjects": _framed,
    "cut_to_beats": _beats,
    "order_by_time": _by_time,
    "remove_duplicates": _found_removed,
    "remove_blurred": _found_removed,
    "caption_dates": _dated,
}


def edit(told: Told) -> str:
    """The English sentence for one edit of a turn ("" when there is nothing to say)."""
    op = told.op
    return EDITS[op.name](op, told)
