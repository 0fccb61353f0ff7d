"""Subject-aware framing: where a `cover` crop goes and where the camera may look.

A segment's `m.focus` lists regions of the photo to keep in view (the agent
fills it from the faces or the salient region analysis found), most important
first. Two things follow from it, both pure geometry:

* the **crop** of a `cover` fit is placed around the regions instead of the
  photo's middle: a portrait in a 16:9 canvas keeps the head, a landscape in
  9:16 or 1:1 keeps the subject. Regions are kept in order while they fit
  together (a group photo keeps every face the crop can hold);
* the **camera move** (motion.py) keeps the kept regions, as they land in the
  canvas-sized frame, inside the view in every frame, and zooms towards or
  away from them rather than the middle.
"""

from __future__ import annotations

from collections.abc import Sequence

from photoreel.protocol.draft import Fit, FocusBox

Size = tuple[int, int]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


def _rect(box: FocusBox) -> Rect:
    return (box.x, box.y, box.x + box.w, box.y + box.h)


def _union(rects: Sequence[Rect]) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def kept(boxes: Sequence[FocusBox], room: tuple[float, float]) -> list[Rect]:
    """The boxes, in order, that fit together in a `room` (fractions of the photo):
    the first always, each next one when the union still fits."""
    chosen: list[Rect] = []
    for box in boxes:
        trial = _union([*chosen, _rect(box)])
        if not chosen or (trial[2] - trial[0] <= room[0] and trial[3] - trial[1] <= room[1]):
            chosen.append(_rect(box))
    return chosen


def _place(centre: float, length: float) -> float:
    """The start of a window `length` long centred on `centre`, kept within 0..1."""
    return min(max(centre - length / 2, 0.0), 1.0 - length)


def cover_crop(photo: Size, target: Size, boxes: Sequence[FocusBox] | None) -> Rect:
    """The part of the photo (fractions) a `cover` fit to `target` shows: the middle
    without focus, else centred on the focus boxes that fit."""
    pw, ph = photo
    tw, th = target
    scale = max(tw / pw, th / ph)
    fw, fh = min(tw / scale / pw, 1.0), min(th / scale / ph, 1.0)
    if not boxes:
        x0, y0 = (1 - fw) / 2, (1 - fh) / 2
    else:
        left, top, right, bottom = _union(kept(boxes, (fw, fh)))
        x0, y0 = _place((left + right) / 2, fw), _place((top + bottom) / 2, fh)
    return (x0, y0, x0 + fw, y0 + fh)


def frame_focus(
    photo: Size, canvas: Size, fit: Fit, boxes: Sequence[FocusBox] | None
) -> Rect | None:
    """The kept focus as a rectangle of the canvas-sized frame (fractions), or None."""
    if not boxes:
        return None
    pw, ph = photo
    cw, ch = canvas
    if fit == "cover":
        x0, y0, x1, y1 = cover_crop(photo, canvas, boxes)
        shown = kept(boxes, (x1 - x0, y1 - y0))
    else:  # contain, contain_blur: the whole photo, centred, letterboxed
        scale = min(cw / pw, ch / ph)
        iw, ih = pw * scale / cw, ph * scale / ch  # the photo's share of the frame
        x0, y0 = -(1 - iw) / 2 / iw, -(1 - ih) / 2 / ih
        x1, y1 = x0 + 1 / iw, y0 + 1 / ih  # the frame in photo fractions
        shown = kept(boxes, (1.0, 1.0))
    left, top, right, bottom = _union(shown)
    sx, sy = x1 - x0, y1 - y0

    def clip(v: float) -> float:
        return min(max(v, 0.0), 1.0)

    return (
        clip((left - x0) / sx),
        clip((top - y0) / sy),
        clip((right - x0) / sx),
        clip((bottom - y0) / sy),
    )
