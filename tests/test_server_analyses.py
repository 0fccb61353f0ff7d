"""Analysis at upload, through a real server: state `video_analyses` lists what each
photo and song holds, and the agent's turns receive it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from chat_helpers import chat
from conftest import SHARED_MEDIA
from face_photos import ASTRONAUT_FACE, iou
from server_helpers import RunningServer, bearer, get_token, new_session, start_server
from songs import write_song


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("analyses")) as running:
        yield running


def _state(http: httpx.Client, token: str, sid: str) -> dict:
    answer = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
    assert answer["code"] == 0
    return answer["data"]["state"]


def test_uploaded_photos_and_songs_are_analysed_once_and_listed_in_state(
    server: RunningServer, http: httpx.Client, tmp_path: Path
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    song = tmp_path / "groove.wav"
    write_song(song, 120.0, 8.0, 0.5)
    trip = tmp_path / "trip.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2023:07:14 18:03:22"
    Image.open(SHARED_MEDIA / "coffee.png").convert("RGB").save(trip, exif=exif)
    files = [SHARED_MEDIA / "astronaut.png", SHARED_MEDIA / "chelsea.png", trip, song]
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in files],
        headers=bearer(token),
    ).json()
    assert answer["code"] == 0
    ids = [row["media_id"] for row in answer["data"]["files"]]

    rows = _state(http, token, sid)["video_analyses"]
    assert [r["media_id"] for r in rows] == ids
    assert [r["filename"] for r in rows] == [p.name for p in files]
    astronaut, cat, coffee, groove = (r["analysis"] for r in rows)

    assert astronaut["kind"] == "photo"
    (face,) = astronaut["faces"]
    truth = tuple(v / 512 for v in ASTRONAUT_FACE)
    assert iou((face["x"], face["y"], face["x"] + face["w"], face["y"] + face["h"]), truth) > 0.6
    assert cat["faces"] == [] and cat["salient"]["w"] > 0
    assert coffee["taken_at"] == "2023-07-14T18:03:22"
    assert len(astronaut["phash"]) == 16 and astronaut["sharpness"] > 0

    assert groove["kind"] == "song"
    assert groove["tempo"] == pytest.approx(120.0, rel=0.01)
    assert groove["beats"][:3] == pytest.approx([500, 1000, 1500], abs=25)
    assert groove["downbeats"][:2] == pytest.approx([500, 2500], abs=25)


def test_a_file_analysis_cannot_read_is_still_stored(
    server: RunningServer, http: httpx.Client, tmp_path: Path
) -> None:
    # A silent WAV: probed as audio, stored, and analysed to "no beats" rather than refused.
    token = get_token(http)
    sid = new_session(http, token)
    silent = tmp_path / "silence.wav"
    import wave

    with wave.open(str(silent), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 16000)
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (silent.name, silent.read_bytes()))],
        headers=bearer(token),
    ).json()
    assert answer["code"] == 0
    (row,) = _state(http, token, sid)["video_analyses"]
    assert row["analysis"]["beats"] == []


def test_the_upload_answer_says_what_curation_noticed(
    server: RunningServer, http: httpx.Client, tmp_path: Path
) -> None:
    token = get_token(http)
    sid = new_session(http, token)
    portrait = Image.open(SHARED_MEDIA / "astronaut.png").convert("RGB")
    portrait.save(tmp_path / "portrait.jpg", quality=95)
    portrait.resize((300, 300)).save(tmp_path / "portrait-copy.jpg", quality=70)
    first = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", ("portrait.jpg", (tmp_path / "portrait.jpg").read_bytes()))],
        headers=bearer(token),
    ).json()
    assert first["code"] == 0 and first["data"]["findings"] is None
    second = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", ("portrait-copy.jpg", (tmp_path / "portrait-copy.jpg").read_bytes()))],
        headers=bearer(token),
    ).json()
    assert second["data"]["findings"] == (
        "1 looks like a duplicate: say 'remove duplicates' to drop them."
    )


def test_chat_turns_use_the_analysis(
    server: RunningServer, http: httpx.Client, tmp_path: Path
) -> None:
    # Through the real server: the portrait's segment is framed on its face, and
    # "cut to the beat" moves the cut onto a beat of the uploaded song.
    token = get_token(http)
    sid = new_session(http, token)
    song = tmp_path / "groove.wav"
    write_song(song, 120.0, 10.0, 0.5)
    files = [SHARED_MEDIA / "astronaut.png", SHARED_MEDIA / "coffee.png", song]
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in files],
        headers=bearer(token),
    ).json()
    assert answer["code"] == 0
    chat(http, token, sid, "make a 7.3 second video with the music")
    before = _state(http, token, sid)["draft"]["t"][0]["sg"][0]["d"]
    assert before == 3650  # half of 7.3 s: between the beats at 3.5 s and 4 s
    chat(http, token, sid, "cut to the beat")
    state = _state(http, token, sid)
    draft = state["draft"]
    beats = next(
        r["analysis"]["beats"] for r in state["video_analyses"] if r["filename"] == "groove.wav"
    )
    portrait, _ = draft["t"][0]["sg"]
    assert portrait["m"]["focus"] and portrait["m"]["focus"][0]["y"] < 0.12  # the head
    assert portrait["d"] in beats and portrait["d"] != before
    assert draft["d"] == 7300
