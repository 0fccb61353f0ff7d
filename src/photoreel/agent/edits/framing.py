"""Keep the subject in frame: focus boxes on photo segments, from the analysis.

A face box from the detector runs from the forehead to the chin; what a frame
must keep is the head: `head_box` grows it upwards for the hair and a little
on every side. Without a face, the salient region is the subject. The engine
then places every `cover` crop and camera move around these boxes
(docs/DRAFT.md, `m.focus`).
"""

from __future__ import annotations

from collections.abc import Mapping

from photoreel.agent.edits.result import Edited
from photoreel.protocol.analysis import Analysis, Box, PhotoAnalysis
from photoreel.protocol.draft import Draft, FocusBox, Motion

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
