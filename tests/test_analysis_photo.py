"""Photo analysis on real photographs: faces where they are, the cat's face as the salient
region, blur, near-duplicates, EXIF time and place (offline)."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageEnhance, ImageFilter

from conftest import SHARED_MEDIA
from face_photos import ASTRONAUT, ASTRONAUT_FACE, face_photo, iou
from photoreel.analysis import AnalysisError, analyse_photo
from photoreel.analysis.photo import hash_distance, perceptual_hash
from photoreel.analysis.places import place_name
from photoreel.protocol.analysis import Box, GeoPoint


def corners(box: Box) -> tuple[float, float, float, float]:
    return (box.x, box.y, box.right, box.bottom)


def test_the_astronaut_face_is_found_where_it_is() -> None:
    found = analyse_photo(ASTRONAUT)
    assert (found.width, found.height) == (512, 512)
    assert len(found.faces) == 1
    truth = tuple(v / 512 for v in ASTRONAUT_FACE)
    assert iou(corners(found.faces[0]), truth) > 0.6  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("centre", "width"),
    [((0.2, 0.3), 0.08), ((0.8, 0.7), 0.05), ((0.5, 0.5), 0.12)],
)
def test_a_face_in_a_12_megapixel_photo_is_found_at_its_place(
    tmp_path: Path, centre: tuple[float, float], width: float
) -> None:
    path = tmp_path / "face.jpg"
    truth = face_photo(path, (4000, 3000), centre, width)
    found = analyse_photo(path)
    assert (found.width, found.height) == (4000, 3000)
    assert found.faces, "no face found"
    assert iou(corners(found.faces[0]), truth) > 0.5


def test_boxes_are_of_the_upright_photo_when_exif_turns_it(tmp_path: Path) -> None:
    # Stored sideways with orientation 6 ("turn 90 degrees clockwise to show"): the face
    # is reported where a viewer sees it.
    upright = tmp_path / "upright.png"
    truth = face_photo(upright, (1200, 1600), (0.5, 0.3), 0.15)
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways = tmp_path / "sideways.jpg"
    Image.open(upright).transpose(Image.Transpose.ROTATE_90).save(sideways, exif=exif)
    found = analyse_photo(sideways)
    assert (found.width, found.height) == (1200, 1600)
    assert found.faces
    assert iou(corners(found.faces[0]), truth) > 0.5


@pytest.mark.parametrize("mode", ["I;16", "CMYK", "P", "RGBA"])
def test_a_face_is_found_whatever_the_pixel_format(tmp_path: Path, mode: str) -> None:
    portrait = Image.open(ASTRONAUT).convert("RGB")
    if mode == "I;16":  # 16-bit greyscale, as scanners and some PNG tools write
        wide = np.asarray(portrait.convert("L")).astype(np.uint16) * 257
        converted, path = Image.fromarray(wide), tmp_path / "deep.png"
    elif mode == "CMYK":
        converted, path = portrait.convert("CMYK"), tmp_path / "print.jpg"
    else:
        converted, path = portrait.convert(mode), tmp_path / f"{mode}.png"
    converted.save(path)
    found = analyse_photo(path)
    truth = tuple(v / 512 for v in ASTRONAUT_FACE)
    assert found.faces and iou(corners(found.faces[0]), truth) > 0.6  # type: ignore[arg-type]


def test_the_cat_has_no_human_face_and_its_eyes_are_the_salient_region() -> None:
    found = analyse_photo(SHARED_MEDIA / "chelsea.png")
    assert found.faces == []
    assert found.salient is not None
    # Chelsea's eyes: left one around (0.33, 0.42), right one around (0.68, 0.42).
    for eye in ((0.33, 0.42), (0.68, 0.42)):
        assert found.salient.x <= eye[0] <= found.salient.right
        assert found.salient.y <= eye[1] <= found.salient.bottom
    assert found.subject == [found.salient]


def test_the_coffee_cup_is_the_salient_region() -> None:
    found = analyse_photo(SHARED_MEDIA / "coffee.png")
    assert found.salient is not None
    # The cup, rim to foot with its handle, spans about x 0.3-0.72, y 0.04-0.72: the region
    # is centred on it and lies mostly inside it (not on the table or the saucer's edge).
    cup = (0.3, 0.04, 0.72, 0.72)
    box = found.salient
    assert cup[0] < box.cx < cup[2]
    assert cup[1] < box.cy < cup[3]
    inside = max(min(box.right, cup[2]) - max(box.x, cup[0]), 0) * max(
        min(box.bottom, cup[3]) - max(box.y, cup[1]), 0
    )
    assert inside > 0.7 * box.area


def test_a_blurred_copy_is_much_less_sharp(tmp_path: Path) -> None:
    for name in ("astronaut.png", "rocket.jpg"):
        photo = Image.open(SHARED_MEDIA / name).convert("RGB")
        big = photo.resize((photo.width * 2, photo.height * 2), Image.Resampling.LANCZOS)
        big.save(tmp_path / "sharp.jpg", quality=92)
        big.filter(ImageFilter.GaussianBlur(3)).save(tmp_path / "blurred.jpg", quality=92)
        sharp = analyse_photo(tmp_path / "sharp.jpg").sharpness
        blurred = analyse_photo(tmp_path / "blurred.jpg").sharpness
        assert blurred < sharp * 0.3, (name, sharp, blurred)


def _hash(image: Image.Image) -> str:
    return perceptual_hash(np.asarray(image.convert("L")))


@settings(max_examples=10, deadline=None)
@given(
    scale=st.floats(0.5, 1.5),
    brightness=st.floats(0.8, 1.2),
    crop=st.floats(0.0, 0.03),
    quality=st.integers(60, 95),
)
def test_a_resized_recompressed_copy_has_a_near_hash(
    scale: float,
    brightness: float,
    crop: float,
    quality: int,
) -> None:
    original = Image.open(ASTRONAUT).convert("RGB")
    w, h = original.size
    copy = original.crop((round(w * crop), round(h * crop), w, h))
    copy = copy.resize((max(round(w * scale), 32), max(round(h * scale), 32)))
    copy = ImageEnhance.Brightness(copy).enhance(brightness)
    stored = io.BytesIO()
    copy.save(stored, "JPEG", quality=quality)
    assert hash_distance(_hash(original), _hash(Image.open(stored))) <= 10


def test_different_photos_have_far_hashes() -> None:
    hashes = [_hash(Image.open(p)) for p in sorted(SHARED_MEDIA.glob("*.*g"))]
    for i, a in enumerate(hashes):
        for b in hashes[i + 1 :]:
            assert hash_distance(a, b) >= 20


def _exif(when: str | None, lat: float | None = None, lon: float | None = None) -> Image.Exif:
    exif = Image.Exif()
    if when:
        exif.get_ifd(0x8769)[0x9003] = when
    if lat is not None and lon is not None:
        gps = exif.get_ifd(0x8825)
        gps[1], gps[3] = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")

        def dms(value: float) -> tuple[float, float, float]:
            value = abs(value)
            d = int(value)
            m = int((value - d) * 60)
            return (float(d), float(m), round((value - d - m / 60) * 3600, 4))

        gps[2], gps[4] = dms(lat), dms(lon)
    return exif


@pytest.mark.parametrize(
    ("lat", "lon", "place"),
    [
        (48.8584, 2.2945, "Paris, France"),  # the Eiffel Tower (nearest centre: Vanves)
        (39.9163, 116.3972, "Beijing, China"),
        (-33.8568, 151.2153, "Sydney, Australia"),
        (40.6892, -74.0445, "New York City, United States"),  # the Statue of Liberty
        (37.8199, -122.4783, "San Francisco, United States"),  # the Golden Gate Bridge
        (48.8049, 2.1204, "Versailles, France"),  # the palace: not Paris, 17 km away
    ],
)
def test_exif_time_and_place(tmp_path: Path, lat: float, lon: float, place: str) -> None:
    path = tmp_path / "trip.jpg"
    Image.open(ASTRONAUT).convert("RGB").save(path, exif=_exif("2023:07:14 18:03:22", lat, lon))
    found = analyse_photo(path)
    assert found.taken_at == "2023-07-14T18:03:22"
    assert found.gps is not None
    assert found.gps.lat == pytest.approx(lat, abs=1e-3)
    assert found.gps.lon == pytest.approx(lon, abs=1e-3)
    assert found.place == place


def test_a_photo_without_exif_has_no_time_or_place() -> None:
    found = analyse_photo(SHARED_MEDIA / "rocket.jpg")
    assert (found.taken_at, found.gps, found.place) == (None, None, None)


def test_a_placeholder_date_is_no_date(tmp_path: Path) -> None:
    path = tmp_path / "zero.jpg"
    Image.open(ASTRONAUT).convert("RGB").save(path, exif=_exif("0000:00:00 00:00:00"))
    assert analyse_photo(path).taken_at is None


def test_places_are_found_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert place_name(GeoPoint(lat=35.6586, lon=139.7454)) == "Tokyo, Japan"  # Tokyo Tower


def test_a_file_that_is_not_a_photo_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("not a photo")
    with pytest.raises(AnalysisError, match=r"notes\.jpg: not a photo that can be read"):
        analyse_photo(path)
