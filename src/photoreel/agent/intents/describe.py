"""One sentence describing a video that was just made, from the final draft.

When a turn makes the video and also shapes it ("turn these into a video, 2
seconds per photo, vertical, with wipes"), the reply should say what the
person got, not narrate each step ("Made a 15 s video... now 10 s..."). The
reply (agent/reply.py) says the making with this description and leaves out
the edits it already tells (`restates`), keeping any warning they carried.
"""

from __future__ import annotations

from photoreel.agent.contract import EditOp
from photoreel.agent.intents.canvas import current_preset
from photoreel.agent.intents.motion import NAMES as MOTION_NAMES
from photoreel.agent.intents.transitions import transitions_name
from photoreel.agent.intents.video import span_of
from photoreel.agent.timeline import a_length, secs
from photoreel.protocol.draft import Draft, VideoSegment

MAKES = frozenset({"make_video", "start_over"})
_SHAPES = {"16:9": "16:9", "9:16": "vertical", "1:1": "square", "4:5": "4:5"}


def restates(op: EditOp, segments: list[VideoSegment]) -> bool:
    """Whether an edit made after the video in the same turn is fully told by its description."""
    n = len(segments)
    images = sum(1 for s in segments if s.meta.kind == "image")
    if op.name in {"set_duration", "set_canvas", "apply_style"}:
        return True
    if op.name == "set_photo_duration":
        return len(op.args.get("photos") or []) == n
    if op.name == "set_transitions":
        return len(op.args.get("cuts") or []) == n - 1
    if op.name == "set_motion":
        return len(op.args.get("photos") or []) in {n, images}
    return False


def _transitions(segments: list[VideoSegment]) -> str:
    cuts = {
        (s.meta.transition.type, s.meta.transition.duration_ms)
        if s.meta.transition
        else ("none", 0)
        for s in segments[:-1]
    }
    if not cuts:
        return ""
    if len(cuts) > 1:
        return "mixed transitions"
    kind, d = cuts.pop()
    if kind == "none" or d == 0:
        return "hard cuts"
    return f"{secs(d)} {transitions_name(kind)}"


def _motion(segments: list[VideoSegment]) -> str:
    images = [s for s in segments if s.meta.kind == "image"]
    if not images:
        return ""
    kinds = {s.meta.motion.type for s in images}
    if kinds == {"none"}:
        return "still photos"
    if kinds <= {"pan_left", "pan_right"} and len(kinds) > 1:
        return "pans"
    if len(kinds) > 1:
        return "mixed motion"
    kind = kinds.pop()
    gentle = max(s.meta.motion.intensity for s in images) < 0.4
    if kind == "auto":
        return "gentle Ken Burns" if gentle else "Ken Burns"
    return ("slow " if gentle else "") + MOTION_NAMES.get(kind, kind)


def describe_made(draft: Draft, ops: list[EditOp], made: int) -> str:
    """ "Made a 30 s vertical video for Instagram Reels (1080x1920) from 5 photos: 6 s each,
    0.8 s crossfades, gentle Ken Burns." for the draft as it ended up."""
    segments = next((t.segments for t in draft.video_tracks if t.segments), [])
    images = sum(1 for s in segments if s.meta.kind == "image")
    clips = len(segments) - images
    what = (
        " and ".join(
            part
            for part in (
                f"{images} photo{'s' if images != 1 else ''}" if images else "",
                f"{clips} clip{'s' if clips != 1 else ''}" if clips else "",
            )
            if part
        )
        or "no photos"
    )
    later = ops[made:]
    platform = next((op.args["platform"] for op in reversed(later) if op.args.get("platform")), "")
    style = next((op.args["style"] for op in reversed(later) if op.name == "apply_style"), "")
    width, height = draft.meta.width, draft.meta.height
    aspect, resolution = current_preset(width, height)
    shape = ""
    if (width, height) != (1920, 1080) or platform:
        shape = (
            _SHAPES.get(aspect, aspect)
            if resolution == "1080p"
            else f"{_SHAPES.get(aspect, aspect)} 720p"
        )
        shape += (
            f" video for {platform} ({width}x{height})"
            if platform
            else f" video ({width}x{height})"
        )
    else:
        shape = "video"
    look = [f"{span_of([s.duration_ms for s in segments])} each"] if segments else []
    look += [p for p in (_transitions(segments), _motion(segments)) if p]
    if draft.meta.fps != 30:
        look.append(f"{draft.meta.fps} fps")
    verb = "Started over: made" if ops[made].name == "start_over" else "Made"
    styled = f"{style} " if style else ""
    return f"{verb} {a_length(draft.duration_ms)} {styled}{shape} from {what}: {', '.join(look)}."
