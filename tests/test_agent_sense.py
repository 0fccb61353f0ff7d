"""The phrases of issue 17 through the real agent turn, English and Chinese, with media
carrying what analysis found in real photographs and generated songs."""

from __future__ import annotations

import pytest
from PIL import Image, ImageFilter

from conftest import SHARED_MEDIA
from photoreel.agent import MediaItem, TurnInput, TurnOutput, run_turn
from photoreel.analysis import analyse_photo, analyse_song
from photoreel.protocol.draft import Draft
from songs import write_song


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> list[MediaItem]:
    folder = tmp_path_factory.mktemp("sense")
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2023:07:14 18:03:22"
    Image.open(SHARED_MEDIA / "coffee.png").convert("RGB").save(folder / "cafe.jpg", exif=exif)
    portrait = Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB")
    portrait.save(folder / "portrait.png")
    portrait.resize((300, 300)).save(folder / "portrait-copy.jpg", quality=70)
    rocket = Image.open(SHARED_MEDIA / "rocket.jpg").convert("RGB")
    rocket.filter(ImageFilter.GaussianBlur(4)).save(folder / "IMG_20230713_080000.jpg")
    Image.open(SHARED_MEDIA / "chelsea.png").save(folder / "chelsea.png")
    names = [
        "cafe.jpg",
        "portrait.png",
        "portrait-copy.jpg",
        "IMG_20230713_080000.jpg",
        "chelsea.png",
    ]
    items = []
    for i, name in enumerate(names):
        found = analyse_photo(folder / name)
        items.append(
            MediaItem(media_id=f"m{i}", filename=name, kind="image", width=found.width,
                      height=found.height, analysis=found)
        )  # fmt: skip
    write_song(folder / "song.wav", 120.0, 30.0, 0.5)
    song = analyse_song(folder / "song.wav")
    items.append(
        MediaItem(media_id="song", filename="song.wav", kind="audio", duration=30.0, analysis=song)
    )
    return items


def _say(text: str, media: list[MediaItem], draft: Draft | None = None) -> TurnOutput:
    return run_turn(TurnInput(instruction=text, draft=draft, media=media))


def _made(media: list[MediaItem]) -> Draft:
    out = _say("make a 15 second video with the music", media)
    assert out.draft is not None
    return out.draft


def test_new_photos_are_framed_around_their_subject(media: list[MediaItem]) -> None:
    draft = _made(media)
    by_src = {s.meta.src: s.meta.focus for s in draft.video_tracks[0].segments}
    assert by_src["m1"] and by_src["m4"]  # the portrait's head, the cat's eyes
    head = by_src["m1"][0]
    assert 0.25 < head.x < 0.4 and head.y < 0.12 and head.y + head.h > 0.35


@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("keep the faces in frame", "Framing kept in view: 2 photos with faces"),
        ("把人脸放在画面中间", "取景已保持在画面里：2 张有人脸的照片"),
    ],
)
def test_keep_the_faces_in_frame(media: list[MediaItem], phrase: str, reply: str) -> None:
    draft = _made(media)
    for seg in draft.video_tracks[0].segments:
        seg.meta.focus = None
    out = _say(phrase, media, draft)
    assert out.draft is not None
    assert all(s.meta.focus for s in out.draft.video_tracks[0].segments)
    assert reply in out.reply


def test_zoom_in_on_the_face(media: list[MediaItem]) -> None:
    out = _say("zoom in on the face", media, _made(media))
    assert out.draft is not None
    moves = {s.meta.src: s.meta.motion.type for s in out.draft.video_tracks[0].segments}
    assert moves["m1"] == moves["m2"] == "zoom_in"
    assert "zooms in on the face in 2 of them" in out.reply


@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("cut to the beat", "falls on a beat"),
        ("match the music", "falls on a beat"),
        ("卡点", "每个切点都落在音乐的节拍上"),
    ],
)
def test_cut_to_the_beat(media: list[MediaItem], phrase: str, reply: str) -> None:
    draft = _made(media)
    out = _say(phrase, media, draft)
    assert out.draft is not None, out.reply
    cuts = [s.end_ms for s in out.draft.video_tracks[0].segments[:-1]]
    assert all(abs((c - 500) % 500) <= 20 or abs((c - 500) % 500 - 500) <= 20 for c in cuts)
    assert out.draft.duration_ms == draft.duration_ms
    assert reply in out.reply


@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("change photo every 2 beats", "Each photo now lasts 2 beats"),
        ("每两拍换一张", "每张照片改为 2 拍"),
    ],
)
def test_every_two_beats(media: list[MediaItem], phrase: str, reply: str) -> None:
    out = _say(phrase, media, _made(media))
    assert out.draft is not None
    segments = out.draft.video_tracks[0].segments
    assert [s.duration_ms for s in segments[1:]] == pytest.approx(
        [1000] * (len(segments) - 1), abs=25
    )
    assert reply in out.reply


def test_in_the_order_they_were_taken(media: list[MediaItem]) -> None:
    out = _say("put them in the order they were taken", media, _made(media))
    assert out.draft is not None
    order = [s.meta.src for s in out.draft.video_tracks[0].segments]
    assert order[:2] == ["m3", "m0"]  # 13 July (file name), then 14 July (EXIF)


def test_remove_duplicates_and_drop_the_blurry_ones_then_undo(media: list[MediaItem]) -> None:
    draft = _made(media)
    out = _say("remove duplicates", media, draft)
    assert out.draft is not None
    assert "Removed 1 photo that looked like duplicates: portrait-copy.jpg" in out.reply
    assert "m2" not in [s.meta.src for s in out.draft.video_tracks[0].segments]
    out2 = _say("drop the blurry ones", media, out.draft)
    assert out2.draft is not None
    assert "IMG_20230713_080000.jpg" in out2.reply
    back = run_turn(
        TurnInput(instruction="undo", draft=out2.draft, media=media, undo_draft=out.draft)
    )
    assert back.draft == out.draft


@pytest.mark.parametrize(
    ("phrase", "caption"),
    [("caption each photo with its date", "14 July 2023"), ("给每张照片加上日期", "2023年7月14日")],
)
def test_caption_each_photo_with_its_date(
    media: list[MediaItem], phrase: str, caption: str
) -> None:
    out = _say(phrase, media, _made(media))
    assert out.draft is not None
    texts = [t.meta.text for track in out.draft.text_tracks for t in track.segments]
    assert caption in texts
    assert "13 July 2023" in texts or "2023年7月13日" in texts  # the date in the file name
    said = (
        "Each photo now has a caption with its date" if phrase.isascii() else "每张照片都加上了日期"
    )
    assert said in out.reply, out.reply
