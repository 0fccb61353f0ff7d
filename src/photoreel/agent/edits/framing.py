"""Keep the subject in frame: focus boxes on photo segments, from the analysis.

A face box from the detector runs from the forehead to the chin; what a frame
must keep is the head: `head_box` grows it upwards for the hair and a little
on every side. Without a face, the salient region is the subject. The engine
then places every `cover` crop and camera move around these boxes
(docs/DRAFT.md, `m.focus`). A title added without a place asked for goes
below (or above) the faces its photos show rather than across them
(`clear_of_faces`), from where those boxes land in the frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from photoreel.agent.edits.result import Edited
from photoreel.protocol.analysis import Analysis, Box, PhotoAnalysis
from photoreel.protocol.draft import Draft, FocusBox, Motion, TextMeta, TextPosition
from photoreel.protocol.framing import frame_focus

#: How much a face box grows to hold the head: above (hair), below (chin), each side.
HEAD_ABOVE, HEAD_BELOW, HEAD_SIDE = 0.45, 0.35, 0.25
#: Faces smaller than this share of the largest one are not kept in view (passers-by).
MIN_FACE_SHARE = 0.2


def _clamped(x0: float, y0: float, x1: float, y1: float) -> FocusBox:
    x0, y0 = max(x0, 0.0), max(y0, 0.0)
    x1, y1 = min(x1, 1.0), min(y1, 1.0)
    return FocusBox(x=x0, y=y0, w=max(x1 - x0, 1e-3), h=max(y1 - y0, 1e-3))


def head_box(face: Box) -> FocusBox:
    """The head around a detected face, within the photo."""
    return _clamped(
        face.x - face.w * HEAD_SIDE,
        face.y - face.h * HEAD_ABOVE,
        face.right + face.w * HEAD_SIDE,
        face.bottom + face.h * HEAD_BELOW,
    )


def focus_boxes(found: PhotoAnalysis, faces_only: bool = False) -> list[FocusBox]:
    """What to keep in view, most important first: the heads of the faces (largest
    first, passers-by left out), else the salient region."""
    if found.faces:
        largest = found.faces[0].area
        return [head_box(f) for f in found.faces if f.area >= largest * MIN_FACE_SHARE]
    if faces_only or found.salient is None:
        return []
    s = found.salient
    return [_clamped(s.x, s.y, s.right, s.bottom)]


def keep_subjects(
    draft: Draft,
    analyses: Mapping[str, Analysis],
    *,
    zoom_on_faces: bool = False,
    only_missing: bool = False,
) -> Edited:
    """Every photo of the draft keeps its subject in view (`m.focus` from its analysis).

    `zoom_on_faces` also makes each photo with a face zoom in on it (motion
    `zoom_in`, at full strength). `only_missing` leaves photos that already have
    a focus alone (used when photos are added, so a focus the person changed
    stays).
    """
    new = draft.model_copy(deep=True)
    changed: list[int] = []
    faces = subjects = zoomed = 0
    for track in new.video_tracks:
        for index, segment in enumerate(track.segments):
            meta = segment.meta
            found = analyses.get(meta.src)
            if meta.kind != "image" or not isinstance(found, PhotoAnalysis):
                continue
            if only_missing and meta.focus is not None:
                continue
            boxes = focus_boxes(found)
            if not boxes:
                continue
            before = (meta.focus, meta.motion)
            meta.focus = boxes
            if found.faces:
                faces += 1
                if zoom_on_faces:
                    meta.motion = Motion(type="zoom_in", intensity=1.0, easing=meta.motion.easing)
                    zoomed += 1
            else:
                subjects += 1
            if (meta.focus, meta.motion) != before and track is new.video_tracks[0]:
                changed.append(index)
    if not (faces or subjects):
        said = ["I found no face or clear subject to frame in these photos."]
        return Edited(draft=draft, said=said)
    facts = {"faces": faces, "subjects": subjects, "zoomed": zoomed}
    return Edited(draft=new, changed=changed, facts=facts)


def _text_height(meta: TextMeta, canvas: tuple[int, int]) -> float:
    """About how tall a text block is, as a fraction of the frame (lines wrap at
    `max_width`; a bold Latin letter is about 0.6 as wide as it is tall, a CJK one as wide)."""
    width, height = canvas
    px = meta.size * height
    wide = sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in meta.text) * px
    lines = max(1, math.ceil(wide / (meta.max_width * width)))
    return meta.size * (lines * 1.25 + 0.3)


def faces_in_frame(
    draft: Draft, analyses: Mapping[str, Analysis], start_ms: int, end_ms: int
) -> list[tuple[float, float, float, float]]:
    """Where the faces of the photos shown from `start_ms` to `end_ms` land in the frame
    (fractions: left, top, right, bottom), a little larger for the camera's move."""
    canvas = (draft.meta.width, draft.meta.height)
    found_faces = []
    for track in draft.video_tracks:
        for seg in track.segments:
            found = analyses.get(seg.meta.src)
            if seg.end_ms <= start_ms or seg.start_ms >= end_ms or not seg.meta.focus:
                continue
            if not isinstance(found, PhotoAnalysis) or not found.faces:
                continue
            rect = frame_focus((found.width, found.height), canvas, seg.meta.fit, seg.meta.focus)
            if rect is not None:
                left, top, right, bottom = rect
                grow = 0.1 * (bottom - top)  # a Ken Burns zoom makes the face a little larger
                found_faces.append((left, top - grow, right, bottom + grow))
    return found_faces


def clear_of_faces(
    draft: Draft, analyses: Mapping[str, Analysis], meta: TextMeta, start_ms: int, end_ms: int
) -> TextPosition | None:
    """Where a centred title should go instead so that it covers no face of the photos
    under it: "bottom" or "top", whichever covers less (the bottom on a tie: faces sit
    high in most photos); None when the centre is clear or neither is clearer."""
    faces = faces_in_frame(draft, analyses, start_ms, end_ms)
    if not faces:
        return None
    tall = _text_height(meta, (draft.meta.width, draft.meta.height))
    bands: dict[TextPosition, tuple[float, float]] = {
        "center": (0.5 - tall / 2, 0.5 + tall / 2),
        "bottom": (1 - meta.margin - tall, 1 - meta.margin),
        "top": (meta.margin, meta.margin + tall),
    }

    def covered(position: TextPosition) -> float:
        low, high = bands[position]
        return sum(max(0.0, min(high, bottom) - max(low, top)) for _, top, _, bottom in faces)

    if covered("center") == 0:
        return None
    options: tuple[TextPosition, ...] = ("bottom", "top")
    best = min(options, key=covered)
    return best if covered(best) < covered("center") else None
