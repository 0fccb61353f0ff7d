"""Uploads against a real server: streamed to disk, checked by content, stored by content."""

from __future__ import annotations

import hashlib
import struct
import threading
import zlib
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from conftest import SHARED_MEDIA
from server_helpers import RunningServer, bearer, get_token, new_session, start_server

SUPPORTED = "Supported formats: mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with start_server(tmp_path_factory.mktemp("upload"), allow_private_urls=True) as running:
        yield running


@pytest.fixture
def session(http: httpx.Client) -> tuple[str, str]:
    token = get_token(http)
    return token, new_session(http, token)


def _upload(
    http: httpx.Client, token: str, sid: str, files: list[tuple[str, bytes]]
) -> httpx.Response:
    return http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (name, data)) for name, data in files],
        headers=bearer(token),
    )


def _stored_files(server: RunningServer) -> list[Path]:
    return [p for p in (server.data_dir / "media").rglob("*") if p.is_file()]


def test_photos_are_probed_stored_and_listed_in_state(
    server: RunningServer, http: httpx.Client, session: tuple[str, str], sample_photos: list[Path]
) -> None:
    token, sid = session
    photos = sample_photos[:3]
    answer = _upload(http, token, sid, [(p.name, p.read_bytes()) for p in photos])
    assert answer.status_code == 200
    body = answer.json()
    assert body["code"] == 0 and body["data"]["session_state_applied"] is True
    rows = body["data"]["files"]
    assert [r["filename"] for r in rows] == [p.name for p in photos]
    for row, photo in zip(rows, photos, strict=True):
        assert row["code"] == 0 and row["file_type"] == "image"
        assert row["hash"] == hashlib.sha256(photo.read_bytes()).hexdigest()
        assert row["media_id"].startswith("m_")
        assert row["width"] > 0 and row["height"] > 0
        stored = server.data_dir / "media" / row["hash"][:2]
        assert any(f.name.startswith(row["hash"]) for f in stored.iterdir())

    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=bearer(token)).json()
    infos = state["data"]["state"]["video_infos"]
    assert [i["media_id"] for i in infos] == [r["media_id"] for r in rows]
    assert infos[0]["size"] == photos[0].stat().st_size


def test_cdn_url_serves_the_file_with_bearer_auth_and_range(
    http: httpx.Client, session: tuple[str, str], sample_photos: list[Path]
) -> None:
    token, sid = session
    photo = sample_photos[0]
    data = photo.read_bytes()
    row = _upload(http, token, sid, [(photo.name, data)]).json()["data"]["files"][0]
    url = row["cdn_url"]
    assert url.startswith(str(http.base_url).rstrip("/") + "/api/media/")

    whole = http.get(url, headers=bearer(token))
    assert whole.status_code == 200 and whole.content == data
    part = http.get(url, headers={**bearer(token), "Range": "bytes=10-99"})
    assert part.status_code == 206
    assert part.content == data[10:100]
    assert part.headers["content-range"] == f"bytes 10-99/{len(data)}"

    assert http.get(url).json()["code"] == 1001
    stranger = http.get(url, headers=bearer(get_token(http)))
    assert stranger.status_code == 404
    assert stranger.json() == {
        "code": 4004,
        "message": f"No media {row['media_id']} for this token.",
        "data": None,
    }


def test_the_same_content_twice_is_one_media_row_and_one_file(
    server: RunningServer, http: httpx.Client, session: tuple[str, str], sample_photos: list[Path]
) -> None:
    token, sid = session
    data = sample_photos[1].read_bytes()
    first = _upload(http, token, sid, [("a.png", data)]).json()["data"]["files"][0]
    again = _upload(http, token, sid, [("b.png", data)]).json()["data"]["files"][0]
    assert again["media_id"] == first["media_id"]
    digest = first["hash"]
    assert len([p for p in _stored_files(server) if p.name.startswith(digest)]) == 1


def test_a_jpg_that_is_really_text_is_refused_by_content(
    http: httpx.Client, session: tuple[str, str]
) -> None:
    token, sid = session
    answer = _upload(http, token, sid, [("holiday.jpg", b"just some text, not a photo\n" * 20)])
    assert answer.status_code == 415
    body = answer.json()
    message = f"holiday.jpg: not a supported photo, clip or audio file. {SUPPORTED}"
    assert body["code"] == 4001 and body["message"] == message
    assert body["data"]["files"] == [
        {
            "filename": "holiday.jpg",
            "file_type": None,
            "cdn_url": None,
            "duration": None,
            "width": None,
            "height": None,
            "fps": None,
            "hash": None,
            "media_id": None,
            "code": 4001,
            "message": message,
        }
    ]
    assert body["data"]["session_state_applied"] is False


def test_one_bad_file_does_not_stop_the_others(
    http: httpx.Client, session: tuple[str, str], sample_photos: list[Path]
) -> None:
    token, sid = session
    good = sample_photos[2]
    answer = _upload(http, token, sid, [("empty.png", b""), (good.name, good.read_bytes())]).json()
    assert answer["code"] == 0
    bad, ok = answer["data"]["files"]
    assert bad["code"] == 4001 and bad["message"] == f"empty.png: the file is empty. {SUPPORTED}"
    assert ok["code"] == 0 and ok["filename"] == good.name


def test_a_png_named_jpg_is_kept_as_png(
    server: RunningServer, http: httpx.Client, session: tuple[str, str], sample_photos: list[Path]
) -> None:
    token, sid = session
    png = next(p for p in sample_photos if p.suffix == ".png")
    row = _upload(http, token, sid, [("looks-like.jpg", png.read_bytes())]).json()["data"]["files"][
        0
    ]
    assert row["filename"] == "looks-like.jpg"
    assert any(p.name == f"{row['hash']}.png" for p in _stored_files(server))


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../../../etc/evil.png", "evil.png"),
        ("..\\..\\windows\\evil.png", "evil.png"),
        ("/absolute/evil.png", "evil.png"),
        ("..", "file"),
        ("фото\x00 заката\x1b 🌅.png", "фото заката 🌅.png"),
        (".hidden.png", "hidden.png"),
    ],
)
def test_path_traversal_names_are_only_labels(
    server: RunningServer,
    http: httpx.Client,
    session: tuple[str, str],
    sample_photos: list[Path],
    sent: str,
    shown: str,
) -> None:
    token, sid = session
    png = next(p for p in sample_photos if p.suffix == ".png")
    row = _upload(http, token, sid, [(sent, png.read_bytes())]).json()["data"]["files"][0]
    assert row["code"] == 0
    assert row["filename"] == shown
    root = server.data_dir.parent
    assert not [p for p in root.rglob("*evil*")], "a name must never become a path"


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a huge size with no pixels at all (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused(http: httpx.Client, session: tuple[str, str]) -> None:
    token, sid = session
    body = _upload(http, token, sid, [("bomb.png", _png_header(30000, 30000))]).json()
    assert body["code"] == 4001
    assert body["message"].startswith("bomb.png: image is too large to decode safely")


def _streamed_multipart(boundary: str, parts: list[tuple[str, Iterator[bytes]]]) -> Iterator[bytes]:
    for name, chunks in parts:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        yield from chunks
        yield b"\r\n"
    yield f"--{boundary}--\r\n".encode()


def test_a_real_200_mb_upload_is_refused_while_streaming_and_leaves_nothing(
    server: RunningServer, http: httpx.Client, session: tuple[str, str]
) -> None:
    token, sid = session
    chunk = b"\0" * (1024 * 1024)
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        for piece in _streamed_multipart("bnd", [("big.mp4", iter([chunk] * 201))]):
            sent += len(piece)
            yield piece

    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        content=body(),
        headers={**bearer(token), "Content-Type": "multipart/form-data; boundary=bnd"},
        timeout=120,
    )
    assert sent > 200 * 1024 * 1024
    assert answer.status_code == 413
    body_json = answer.json()
    message = "big.mp4: file too large (over 200 MB). Compress it or trim it, then upload again."
    assert body_json["code"] == 4002 and body_json["message"] == message
    assert body_json["data"]["files"][0]["code"] == 4002
    assert list((server.data_dir / "incoming").iterdir()) == []
    assert not [p for p in _stored_files(server) if p.stat().st_size > 100 * 1024 * 1024]


def test_a_too_large_file_fails_alone_and_the_rest_is_stored(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    small = sample_photos[0]
    limit = small.stat().st_size + 10
    with start_server(tmp_path, max_upload_bytes=limit) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        big = b"\xff" * (limit + 1)
        rows = _upload(http, token, sid, [("big.jpg", big), (small.name, small.read_bytes())])
        body = rows.json()
        assert body["code"] == 0
        assert [r["code"] for r in body["data"]["files"]] == [4002, 0]
        only = _upload(http, token, sid, [("big.jpg", big)])
        assert only.status_code == 413 and only.json()["code"] == 4002
        assert list((server.data_dir / "incoming").iterdir()) == []


def test_upload_requests_that_are_not_files(http: httpx.Client, session: tuple[str, str]) -> None:
    token, sid = session
    url = f"/api/upload-video/nemo_agent/me/{sid}"
    plain = http.post(
        url, content=b"hello", headers={**bearer(token), "Content-Type": "text/plain"}
    )
    assert plain.status_code == 400
    assert plain.json()["message"] == (
        "Send files as multipart/form-data 'files' fields, or JSON "
        '{"urls": [...], "source_type": "url"}.'
    )
    no_files = http.post(url, data={"note": "x"}, files={}, headers=bearer(token))
    assert no_files.json()["code"] == 4000
    no_urls = http.post(url, json={"urls": []}, headers=bearer(token))
    assert no_urls.json() == {
        "code": 4000,
        "message": "No URLs in the request: 'urls' is empty.",
        "data": None,
    }
    other = get_token(http)
    foreign = _upload(http, other, sid, [("a.png", b"x")])
    assert foreign.status_code == 404 and foreign.json()["code"] == 1002


@pytest.fixture(scope="module")
def file_server() -> Iterator[str]:
    """A loopback web server serving ../shared/media (for URL uploads)."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(SHARED_MEDIA))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_upload_from_a_loopback_server(
    http: httpx.Client, session: tuple[str, str], file_server: str
) -> None:
    token, sid = session
    photo = SHARED_MEDIA / "rocket.jpg"
    answer = http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        json={
            "urls": [f"{file_server}/rocket.jpg", f"{file_server}/missing.jpg"],
            "source_type": "url",
        },
        headers=bearer(token),
    ).json()
    assert answer["code"] == 0
    good, missing = answer["data"]["files"]
    assert good["filename"] == "rocket.jpg" and good["file_type"] == "image"
    assert good["hash"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert missing["code"] == 4000
    assert missing["message"] == (
        f"{file_server}/missing.jpg: the server answered HTTP 404, not the file"
    )


def test_url_uploads_refuse_private_addresses_and_other_schemes(
    tmp_path: Path, file_server: str
) -> None:
    with start_server(tmp_path) as server, server.client() as http:
        token = get_token(http)
        sid = new_session(http, token)
        url = f"/api/upload-video/nemo_agent/me/{sid}"
        local = http.post(url, json={"urls": [f"{file_server}/rocket.jpg"]}, headers=bearer(token))
        assert local.status_code == 400
        assert local.json()["message"] == (
            "127.0.0.1 resolves to a private or local address (127.0.0.1); URL uploads fetch "
            "public addresses only (a server started with --allow-private-urls fetches any)"
        )
        other = http.post(url, json={"urls": ["file:///etc/passwd"]}, headers=bearer(token))
        assert other.json()["message"] == (
            "file:///etc/passwd: only http:// and https:// URLs can be uploaded"
        )
