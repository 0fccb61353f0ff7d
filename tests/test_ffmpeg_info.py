"""`ffmpeg_info`, photoreel's ffprobe: what `ffmpeg -i` says about real files, read once."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from photoreel.engine import probe
from photoreel.engine.ffmpeg import ffmpeg_exe
from photoreel.engine.ffmpeg_info import ffmpeg_info
from video_checks import make_clip, make_tone


def test_a_clip_s_container_length_and_streams(tmp_path: Path) -> None:
    info = ffmpeg_info(make_clip(tmp_path / "clip.mp4", 1, size="160x96", fps=25))
    assert info.container is not None and info.container.startswith("mov,mp4")
    assert info.duration is not None and 0.9 <= info.duration <= 1.1
    assert info.video is not None and info.audio is not None
    assert (info.video.codec, info.video.width, info.video.height) == ("h264", 160, 96)
    assert (info.video.pix_fmt, info.video.fps) == ("yuv420p", 25.0)
    assert not info.video.attached_picture and not info.index_missing
    assert info.audio.codec == "aac" and info.audio.sample_rate == 44100


def test_a_song_s_cover_picture_is_not_a_video(tmp_path: Path) -> None:
    song = make_tone(tmp_path / "song.mp3", 1)
    Image.new("RGB", (64, 64), "red").save(tmp_path / "cover.png")
    with_cover = tmp_path / "with_cover.mp3"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(song), "-i", str(tmp_path / "cover.png"),
         "-map", "0", "-map", "1", "-c:a", "copy", "-c:v", "png", "-id3v2_version", "3",
         "-disposition:v", "attached_pic", "-y", str(with_cover)],
        check=True,
    )  # fmt: skip
    info = ffmpeg_info(with_cover)
    assert info.video is not None and info.video.attached_picture
    assert info.audio is not None and info.audio.codec == "mp3"
    found = probe(with_cover)
    assert found.kind == "audio" and found.has_audio


def test_a_file_that_is_not_media_has_no_streams(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    info = ffmpeg_info(text)
    assert info.video is None and info.audio is None and info.duration is None
