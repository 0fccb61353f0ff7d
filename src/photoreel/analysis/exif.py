"""When and where a photo was taken, from its EXIF tags (read with Pillow).

Cameras write `DateTimeOriginal` as local time without a zone
(`2023:07:14 18:03:22`); it is returned as ISO 8601 (`2023-07-14T18:03:22`),
with the zone only when `OffsetTimeOriginal` gives it. GPS is degrees,
minutes and seconds with N/S and E/W references; it is returned as signed
decimal degrees.
"""

from __future__ import annotations

import re
from datetime import datetime

from PIL import Image

from photoreel.protocol.analysis import GeoPoint

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME = 0x0132
_DATETIME_ORIGINAL = 0x9003
_DATETIME_DIGITIZED = 0x9004
_OFFSET_ORIGINAL = 0x9011
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")


def taken_at(exif: Image.Exif) -> str | None:
    """The moment the photo was taken, ISO 8601, or None when the tags do not say."""
    inner = exif.get_ifd(_EXIF_IFD)
    for raw in (inner.get(_DATETIME_ORIGINAL), inner.get(_DATETIME_DIGITIZED), exif.get(_DATETIME)):
        when = _parse_time(raw)
        if when is not None:
            offset = inner.get(_OFFSET_ORIGINAL)
            if isinstance(offset, str) and _OFFSET.match(offset.strip()):
                return when + offset.strip()
            return when
    return None


def _parse_time(raw: object) -> str | None:
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if not isinstance(raw, str):
        return None
    text = raw.strip().rstrip("\x00")
    for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            when = datetime.strptime(text[:19], pattern)
        except ValueError:
            continue
        if when.year < 1900:  # "0000:00:00 00:00:00" and other placeholders
            return None
        return when.isoformat()
    return None


def gps(exif: Image.Exif) -> GeoPoint | None:
    """Where the photo was taken, or None when it has no (or nonsensical) GPS tags."""
    tags = exif.get_ifd(_GPS_IFD)
    try:
        lat = _degrees(tags[2], tags.get(1, "N"), "S")
        lon = _degrees(tags[4], tags.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if lat == 0 and lon == 0:  # "null island": a receiver that had no fix
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return GeoPoint(lat=lat, lon=lon)


def _degrees(dms: object, ref: object, negative: str) -> float:
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    d, m, s = (float(v) for v in dms)  # type: ignore[attr-defined]
    value = d + m / 60 + s / 3600
    return -value if str(ref).strip().upper().startswith(negative) else value
