"""Faces, with OpenCV's Haar cascades (shipped in the opencv-python-headless wheel).

A cascade is fast on CPU and needs no model download; it finds frontal faces
well and misses strong profiles, which is what framing a slideshow needs. The
photo is searched at about 512 px: a face smaller than `MIN_FACE` of the
photo's short side does not decide where a video frame goes. (The picture is
not histogram-equalised first: a large flat background then hides a small face.)
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

from photoreel.protocol.analysis import Box

CASCADE = "haarcascade_frontalface_alt2.xml"
#: Smallest face searched for, as a fraction of the photo's short side.
MIN_FACE = 0.05
_local = threading.local()


def _cascade() -> cv2.CascadeClassifier:
    # A classifier is not safe to share between threads: one per thread.
    cascade = getattr(_local, "cascade", None)
    if cascade is None:
        cascade = cv2.CascadeClassifier(str(Path(cv2.__file__).parent / "data" / CASCADE))
        if cascade.empty():
            raise RuntimeError(f"OpenCV's {CASCADE} is missing from the cv2 package")
        _local.cascade = cascade
    return cascade


def find_faces(gray: np.ndarray) -> list[Box]:
    """Face boxes in an 8-bit greyscale image, as fractions of it, largest first."""
    h, w = gray.shape
    side = max(int(min(w, h) * MIN_FACE), 20)
    found = _cascade().detectMultiScale(gray, scaleFactor=1.1, minNeighbors=4, minSize=(side, side))
    boxes = [
        Box(x=x / w, y=y / h, w=min(bw / w, 1 - x / w), h=min(bh / h, 1 - y / h))
        for x, y, bw, bh in (found if len(found) else [])
    ]
    return sorted(boxes, key=lambda b: b.area, reverse=True)
