"""A title added without a place asked for does not cover a face.

The check is on the rendered video: the title's pixels (a render with the
title against the same render without it) must not touch the face the
detector finds in that frame. The same draft with the title forced to the
centre does cover the face, so the test can tell the difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from conftest import SHARED_MEDIA
from photoreel.agent import MediaItem, TurnInput, TurnOutput, run_turn
from photoreel.analysis import analyse_photo
from photoreel.engine import render
from photoreel.protocol.draft import Draft
from video_checks import frame

Rect = tuple[int, int, int, int]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wide photo with a face at mid-height (the astronaut's head and shoulders, cut
    to a band around the face, as in a landscape shot of people), and two without."""
    folder = tmp_path_factory.mktemp("titles")
    Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB").crop((0, 0, 512, 230)).save(
        folder / "face.jpg", quality=95
    )
    for name in ("chelsea.png", "coffee.png"):
        Image.open(SHARED_MEDIA / name).convert("RGB").save(folder / name)
    return folder


@pytest.fixture(scope="module")
def media(folder: Path) -> list[MediaItem]:
    items = []
    for name in ("face.jpg", "chelsea.png", "coffee.png"):
        found = analyse_photo(folder / name)
        items.append(
            MediaItem(media_id=name, filename=name, kind="image", width=found.width,
                      height=found.height, analysis=found)
        )  # fmt: skip
    assert items[0].analysis is not None and items[0].analysis.kind == "photo"
    assert items[0].analysis.faces  # the detector finds the face
    return items


def _say(text: str, media: list[MediaItem], draft: Draft | None = None) -> TurnOutput:
    out = run_turn(TurnInput(instruction=text, draft=draft, media=media))
    assert out.draft is not None, out.reply
    return out


def _made(media: list[MediaItem]) -> Draft:
    out = _say("make a video", media)
    assert out.draft is not None
    return out.draft


def _title(draft: Draft) -> str:
    (title,) = [s for t in draft.text_tracks for s in t.segments if s.meta.role == "title"]
    return title.meta.position


def _small(draft: Draft) -> Draft:
    """The same draft at a quarter of the size, quick to render (positions are fractions)."""
    small = draft.model_copy(deep=True)
    small.meta.width, small.meta.height = draft.meta.width // 4, draft.meta.height // 4
    return small


def _frame_at_one_second(draft: Draft, folder: Path, out: Path) -> Image.Image:
    render(draft, {p.name: p for p in folder.iterdir()}, out, quality="draft")
    return frame(out, draft.meta.fps)


def _text_box(draft: Draft, folder: Path, tmp_path: Path) -> Rect:
    """Where the title's pixels are in the frame one second in."""
    bare = draft.model_copy(deep=True)
    bare.tracks = [t for t in bare.tracks if t not in bare.text_tracks]
    with_title = _frame_at_one_second(draft, folder, tmp_path / "title.mp4")
    without = _frame_at_one_second(bare, folder, tmp_path / "bare.mp4")
    changed = ImageChops.difference(with_title, without).convert("L").point(lambda v: v > 40)
    box = changed.getbbox()
    assert box is not None, "the title did not show"
    return box


def _face_box(draft: Draft, folder: Path, tmp_path: Path) -> Rect:
    """The face the detector finds in the frame one second in (without the title)."""
    bare = draft.model_copy(deep=True)
    bare.tracks = [t for t in bare.tracks if t not in bare.text_tracks]
    path = tmp_path / "face.png"
    _frame_at_one_second(bare, folder, tmp_path / "face.mp4").save(path)
    found = analyse_photo(path)
    assert found.faces, "no face in the frame"
    face = found.faces[0]
    w, h = found.width, found.height
    return (int(face.x * w), int(face.y * h), int(face.right * w), int(face.bottom * h))


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_title_goes_below_the_face_and_says_so(
    media: list[MediaItem], folder: Path, tmp_path: Path
) -> None:
    out = _say("add a title 'Hello World'", media, _made(media))
    assert out.draft is not None
    assert _title(out.draft) == "bottom"
    assert "at the bottom, clear of the faces" in out.reply
    small = _small(out.draft)
    face = _face_box(small, folder, tmp_path)
    assert not _overlap(_text_box(small, folder, tmp_path), face)
    centred = small.model_copy(deep=True)
    for track in centred.text_tracks:
        for seg in track.segments:
            seg.meta.position = "center"
    assert _overlap(_text_box(centred, folder, tmp_path), face)  # where it went before


def test_a_place_asked_for_is_kept_even_over_a_face(media: list[MediaItem]) -> None:
    out = _say("add a title 'Hello World' in the middle", media, _made(media))
    assert out.draft is not None
    assert _title(out.draft) == "center"


def test_in_chinese_the_reply_says_it_too(media: list[MediaItem]) -> None:
    out = _say("加上标题「我们的旅行」", media, _made(media))
    assert out.draft is not None
    assert _title(out.draft) == "bottom"
    assert "避开人脸" in out.reply


def test_a_title_over_photos_without_faces_stays_centred(media: list[MediaItem]) -> None:
    out = _say("add a title 'Hello World'", media[1:], _made(media[1:]))
    assert out.draft is not None
    assert _title(out.draft) == "center"
    assert "clear of the faces" not in out.reply
