"""Curation on real photographs: the order they were taken, near-duplicates and blurred
shots found and removed (undoably, with names), captions with date and place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from conftest import SHARED_MEDIA
from engine_media import photo_segment, slideshow, video_track
from photoreel.agent.edits.curation import (
    blurred,
    caption_dates,
    duplicates,
    findings,
    name_time,
    order_by_time,
    remove_photos,
)
from photoreel.analysis import analyse_photo
from photoreel.protocol.draft import Draft
from reply_helpers import said


def _exif(when: str | None = None, gps: tuple[float, float] | None = None) -> Image.Exif:
    exif = Image.Exif()
    if when:
        exif.get_ifd(0x8769)[0x9003] = when
    if gps:
        tags = exif.get_ifd(0x8825)
        tags[1], tags[2] = "N", (float(int(gps[0])), (gps[0] % 1) * 60, 0.0)
        tags[3], tags[4] = "E", (float(int(gps[1])), (gps[1] % 1) * 60, 0.0)
    return exif


def _photo(folder: Path, name: str, sample: str, **exif: object) -> Path:
    path = folder / name
    Image.open(SHARED_MEDIA / sample).convert("RGB").save(path, exif=_exif(**exif))  # type: ignore[arg-type]
    return path


def _draft(names: list[str]) -> Draft:
    return slideshow(
        video_track(*(photo_segment(n, i * 2000, 2000) for i, n in enumerate(names))),
        {"tt": 7, "sg": [{"s": 0, "d": 2000, "m": {"text": "Trip", "role": "caption"}}]},
        d=2000 * len(names),
    )


def test_name_dates() -> None:
    assert str(name_time("IMG_20230714_180322.jpg")) == "2023-07-14 18:03:22"
    assert str(name_time("PXL_20240102_090000123.jpg")) == "2024-01-02 09:00:00"
    assert str(name_time("Screenshot 2023-07-14 at 18.03.22.png")) == "2023-07-14 18:03:22"
    assert str(name_time("2019-12-31.png")) == "2019-12-31 00:00:00"
    assert name_time("DSC01234.JPG") is None
    assert name_time("20231345.jpg") is None  # no 13th month


def test_photos_are_ordered_as_they_were_taken(tmp_path: Path) -> None:
    paths = [
        _photo(tmp_path, "a.jpg", "coffee.png", when="2023:07:14 18:03:22"),
        _photo(tmp_path, "b.jpg", "rocket.jpg"),  # no date at all
        _photo(tmp_path, "IMG_20230714_090000.jpg", "chelsea.png"),  # a date in its name
        _photo(tmp_path, "c.jpg", "astronaut.png", when="2023:07:13 20:00:00"),
    ]
    names = {p.name: p.name for p in paths}
    analyses = {p.name: analyse_photo(p) for p in paths}
    draft = _draft([p.name for p in paths])
    edited = order_by_time(draft, analyses, names)
    order = [s.meta.src for s in edited.draft.video_tracks[0].segments]
    assert order == ["c.jpg", "IMG_20230714_090000.jpg", "a.jpg", "b.jpg"]
    assert [s.start_ms for s in edited.draft.video_tracks[0].segments] == [0, 2000, 4000, 6000]
    assert edited.facts == {"dated": 3, "undated": 1}
    assert "1 without a date stay at the end" in said("order_by_time", edited)
    # The caption that was on a.jpg's span moved with a.jpg.
    assert [(t.start_ms, t.duration_ms) for t in edited.draft.text_tracks[0].segments] == [
        (4000, 2000)
    ]


def _curation_set(folder: Path) -> dict[str, Path]:
    original = Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB")
    original.save(folder / "portrait.jpg", quality=95)
    original.resize((300, 300)).save(folder / "portrait-copy.jpg", quality=70)
    for name in ("chelsea.png", "coffee.png"):
        Image.open(SHARED_MEDIA / name).convert("RGB").save(folder / name)
    rocket = Image.open(SHARED_MEDIA / "rocket.jpg").convert("RGB")
    rocket.filter(ImageFilter.GaussianBlur(4)).save(folder / "shaky.jpg", quality=90)
    return {p.name: p for p in sorted(folder.iterdir())}


def test_duplicates_and_blurred_shots_are_found_and_removed_undoably(tmp_path: Path) -> None:
    files = _curation_set(tmp_path)
    order = list(files)
    analyses = {name: analyse_photo(path) for name, path in files.items()}
    assert duplicates(analyses, order) == ["portrait-copy.jpg"]  # the smaller copy goes
    assert blurred(analyses, order) == ["shaky.jpg"]
    noticed = findings(analyses, order)
    assert noticed == (
        "1 looks like a duplicate, 1 is blurred: "
        "say 'remove duplicates' or 'drop the blurry ones' to drop them."
    )
    draft = _draft(order)
    names = {n: n for n in order}
    edited = remove_photos(draft, duplicates(analyses, order), names, "looked like duplicates")
    assert [s.meta.src for s in edited.draft.video_tracks[0].segments] == [
        n for n in order if n != "portrait-copy.jpg"
    ]
    assert edited.draft.duration_ms == 2000 * (len(order) - 1)
    assert edited.facts == {"removed": ["portrait-copy.jpg"]}
    assert said("remove_duplicates", edited) == (
        "Removed 1 photo that looked like duplicates: portrait-copy.jpg. "
        "Say 'undo' to bring it back."
    )
    # The draft it was given is intact: undo returns to it.
    assert "portrait-copy.jpg" in [s.meta.src for s in draft.video_tracks[0].segments]


def test_sharp_sets_have_nothing_to_say() -> None:
    files = {p.name: p for p in sorted(SHARED_MEDIA.glob("*.*g"))}
    analyses = {name: analyse_photo(path) for name, path in files.items()}
    assert findings(analyses, list(files)) == ""


@pytest.mark.parametrize(
    ("chinese", "text"),
    [(False, "14 July 2023 · Paris, France"), (True, "2023年7月14日 · Paris, France")],
)
def test_captions_with_date_and_place(tmp_path: Path, chinese: bool, text: str) -> None:
    paths = [
        _photo(tmp_path, "a.jpg", "coffee.png", when="2023:07:14 18:03:22", gps=(48.8584, 2.2945)),
        _photo(tmp_path, "b.jpg", "rocket.jpg"),
    ]
    analyses = {p.name: analyse_photo(p) for p in paths}
    edited = caption_dates(_draft(["a.jpg", "b.jpg"]), analyses, {}, chinese=chinese)
    (captions,) = [t for t in edited.draft.text_tracks if t.meta.name == "Dates"]
    assert [(c.start_ms, c.duration_ms, c.meta.text) for c in captions.segments] == [
        (0, 2000, text)
    ]
    assert said("caption_dates", edited) == (
        "Each photo now has a caption with its date and place. 1 photo without a date got none."
    )
