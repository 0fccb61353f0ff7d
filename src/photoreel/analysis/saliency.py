"""The most salient region of a photo, for framing one with no face.

The spectral residual method (Hou and Zhang, CVPR 2007): what stands out in a
picture is what its log-amplitude spectrum has beyond a smooth average. The
map is weighted towards the centre (photographers centre their subject) and
the region is where the middle of its mass lies along each axis.
"""

from __future__ import annotations

import cv2
import numpy as np

from photoreel.protocol.analysis import Box

SIDE = 64  # the map's resolution: enough to place a subject, a few ms to compute
#: Share of the saliency mass left outside the region on each side, per axis.
TAIL = 0.15
CENTRE_BIAS = 0.3  # width of the centre weighting, as a fraction of the photo


def saliency_map(gray: np.ndarray) -> np.ndarray:
    """A SIDE x SIDE map, 0..1, of how much each part of the picture stands out."""
    small = cv2.resize(gray, (SIDE, SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)
    spectrum = np.fft.fft2(small)
    amplitude = np.log(np.abs(spectrum) + 1e-6)
    residual = amplitude - cv2.blur(amplitude, (3, 3))
    salient = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    salient = cv2.GaussianBlur(salient, (0, 0), 3)
    yy, xx = np.mgrid[0:SIDE, 0:SIDE] / (SIDE - 1) - 0.5
    salient *= np.exp(-(xx**2 + yy**2) / (2 * CENTRE_BIAS**2))
    salient = np.clip(salient - salient.mean(), 0, None)
    peak = float(salient.max())
    return salient / peak if peak > 0 else np.full_like(salient, 1.0)


def salient_region(gray: np.ndarray) -> Box:
    """The box holding the middle of the saliency mass along each axis."""
    salient = saliency_map(gray)

    def span(mass: np.ndarray) -> tuple[float, float]:
        share = np.cumsum(mass) / mass.sum()
        first = int(np.searchsorted(share, TAIL))
        last = int(np.searchsorted(share, 1 - TAIL)) + 1
        return first / SIDE, min(last, SIDE) / SIDE

    x0, x1 = span(salient.sum(axis=0))
    y0, y1 = span(salient.sum(axis=1))
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)
