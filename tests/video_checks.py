"""What a person would check on a rendered file, for any test that makes one.

Reads videos with the same ffmpeg binary the engine uses (no ffprobe ships in
the imageio-ffmpeg wheel): stream facts from `photoreel.engine.ffmpeg_info`, the exact
frame count from a stream copy, frames as Pillow images (no numpy), the MP4
box order for faststart, and loudness with the `ebur128` and `volumedetect`
filters. Also makes test media: tones, silent or noisy clips, with lavfi.

    facts = inspect(path)
    assert facts.frames == 120 and facts.codec == "h264" and facts.pix_fmt == "yuv420p"
    im = frame(path, 60)                     # the 61st frame, RGB
    assert close(mean_rgb(im, (0, 0, 10, 10)), (255, 0, 0))
"""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

from PIL import Image, ImageStat
from pydantic import BaseModel

from photoreel.engine.ffmpeg import ffmpeg_exe
from photoreel.engine.ffmpeg_info import ffmpeg_info

RGB = tuple[float, float, float]


class VideoFacts(BaseModel):
    """Stream facts of a media file, as ffprobe would report them."""

    duration: float | None
    frames: int | None
    width: int | None
    height: int | None
    fps: float | None
    codec: str | None
    profile: str | None
    pix_fmt: str | None
    audio_codec: str | None
    audio_profile: str | None
    sample_rate: int | None
    channels: str | None
    faststart: bool | None  # MP4/MOV only: the moov box comes before mdat


def _ffmpeg(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"ffmpeg {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return proc


_FRAMES = re.compile(r"frame=\s*(\d+)")


def inspect(path: str | Path) -> VideoFacts:
    """Codec, profile, pixel format, size, frame rate, exact frame count, audio, faststart."""
    path = Path(path)
    info = ffmpeg_info(path)
    video, audio = info.video, info.audio
    frames = None
    if video:
        counted = _ffmpeg("-i", str(path), "-map", "0:v:0", "-c", "copy", "-f", "null", "-")
        found = _FRAMES.findall(counted.stderr)
        frames = int(found[-1]) if found else None
    return VideoFacts(
        duration=info.duration,
        frames=frames,
        width=video.width if video else None,
        height=video.height if video else None,
        fps=video.fps if video else None,
        codec=video.codec if video else None,
        profile=video.profile if video else None,
        pix_fmt=video.pix_fmt if video else None,
        audio_codec=audio.codec if audio else None,
        audio_profile=audio.profile if audio else None,
        sample_rate=audio.sample_rate if audio else None,
        channels=audio.channels if audio else None,
        faststart=moov_before_mdat(path) if path.suffix.lower() in (".mp4", ".mov") else None,
    )


def top_level_boxes(path: str | Path) -> list[str]:
    """The MP4 file's top-level box types in order (ftyp, moov, mdat ...)."""
    boxes: list[str] = []
    with open(path, "rb") as fh:
        while header := fh.read(8):
            if len(header) < 8:
                break
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", fh.read(8))[0]
                fh.seek(size - 16, 1)
            elif size == 0:
                boxes.append(kind.decode("latin-1"))
                break
            else:
                fh.seek(size - 8, 1)
            boxes.append(kind.decode("latin-1"))
    return boxes


def moov_before_mdat(path: str | Path) -> bool:
    boxes = top_level_boxes(path)
    return "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat")


def frames(path: str | Path, numbers: list[int]) -> list[Image.Image]:
    """The frames with these 0-based numbers, decoded exactly (no seeking approximation)."""
    wanted = sorted(set(numbers))
    select = "+".join(f"eq(n\\,{n})" for n in wanted)
    proc = subprocess.run(
        [
            ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
            "-vf", f"select='{select}'", "-fps_mode", "passthrough",
            "-f", "image2pipe", "-c:v", "ppm", "-",
        ],
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    images = _split_ppm(proc.stdout)
    if len(images) != len(wanted):
        raise AssertionError(f"asked for frames {wanted} of {path}, got {len(images)}")
    by_number = dict(zip(wanted, images, strict=True))
    return [by_number[n] for n in numbers]


def all_frames(path: str | Path) -> list[Image.Image]:
    """Every frame of a (small) video, in order."""
    proc = subprocess.run(
        [
            ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
            "-fps_mode", "passthrough", "-f", "image2pipe", "-c:v", "ppm", "-",
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )  # fmt: skip
    return _split_ppm(proc.stdout)


def frame(path: str | Path, number: int) -> Image.Image:
    """One frame, by 0-based number, as an RGB image."""
    return frames(path, [number])[0]


def _split_ppm(data: bytes) -> list[Image.Image]:
    images: list[Image.Image] = []
    pos = 0
    header = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s")
    while pos < len(data):
        m = header.match(data, pos)
        if not m:
            break
        w, h = int(m.group(1)), int(m.group(2))
        start = m.end()
        images.append(Image.frombytes("RGB", (w, h), data[start : start + w * h * 3]))
        pos = start + w * h * 3
    return images


def mean_rgb(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> RGB:
    """Average colour of `image` (or of the `box` left, top, right, bottom in it)."""
    region = image.crop(box) if box else image
    r, g, b = ImageStat.Stat(region.convert("RGB")).mean[:3]
    return (r, g, b)


def close(a: RGB, b: RGB, tolerance: float = 12) -> bool:
    """Two colours within `tolerance` on every channel (video coding shifts colours a bit)."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def diff(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two same-sized images, 0-255."""
    from PIL import ImageChops

    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean[:3]) / 3


def unlike(image: Image.Image, photo: str | Path) -> float:
    """How far a rendered frame is from showing `photo` (upright), 0-255: the mean absolute
    difference from the photo filling the frame (a cover fit), or from the photo fitted
    whole in its middle (a contain fit, compared where the photo is), whichever is closer.
    A frame that shows the photo is within ~20; black or another photo is far off."""
    from PIL import ImageOps

    frame = image.convert("RGB")
    with Image.open(photo) as im:
        upright = (ImageOps.exif_transpose(im) or im).convert("RGB")
        cover = ImageOps.fit(upright, frame.size, Image.Resampling.BICUBIC)
        inner = ImageOps.contain(upright, frame.size, Image.Resampling.BICUBIC)
    left, top = (frame.width - inner.width) // 2, (frame.height - inner.height) // 2
    middle = frame.crop((left, top, left + inner.width, top + inner.height))
    return min(diff(frame, cover), diff(middle, inner))


def photos_shown(path: str | Path, photos: list[Path], seconds: float) -> list[str]:
    """Which of `photos` (or "black") each equal share of the video shows at its middle.

    For a slideshow of `photos` in order over `seconds`: a working render gives
    their names in order, whatever camera move or fit is used; a black or frozen
    video does not.
    """
    fps = inspect(path).fps or 30
    share = seconds / len(photos)
    numbers = [int((i + 0.5) * share * fps) for i in range(len(photos))]
    names = []
    for image in frames(path, numbers):
        scores = {p.name: unlike(image, p) for p in photos}
        scores["black"] = diff(image.convert("RGB"), Image.new("RGB", image.size))
        names.append(min(scores, key=lambda name: scores[name]))
    return names


def loudness_lufs(path: str | Path) -> float:
    """Integrated loudness of the file's audio (EBU R128), in LUFS."""
    text = _ffmpeg("-i", str(path), "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-").stderr
    found = re.findall(r"I:\s+(-?[\d.]+|-inf) LUFS", text)
    assert found, f"no loudness measured in {path}:\n{text[-1500:]}"
    return float(found[-1])


def mean_volume_db(path: str | Path, start: float = 0.0, duration: float | None = None) -> float:
    """Mean volume (RMS) in dBFS of the audio between `start` and `start + duration`."""
    return _volume_db(path, "mean", start, duration)


def peak_volume_db(path: str | Path) -> float:
    """The loudest sample of the file's audio, in dBFS."""
    return _volume_db(path, "max")


def _volume_db(path: str | Path, which: str, start: float = 0.0, duration: float | None = None):
    trim = f"atrim=start={start}" + (f":duration={duration}" if duration is not None else "")
    text = _ffmpeg(
        "-i", str(path), "-map", "0:a:0", "-af", f"{trim},volumedetect", "-f", "null", "-"
    ).stderr  # fmt: skip
    found = re.search(rf"{which}_volume: (-?[\d.]+|-inf) dB", text)
    assert found, f"no volume measured in {path}:\n{text[-1500:]}"
    return float(found.group(1)) if found.group(1) != "-inf" else float("-inf")


def make_tone(path: Path, seconds: float, freq: int = 440, amplitude: float = 0.5) -> Path:
    """A sine tone file (mp3, wav, m4a or aac by extension)."""
    _ffmpeg(
        "-f", "lavfi", "-i", f"sine=frequency={freq}:duration={seconds}:sample_rate=44100",
        # lavfi's sine has a peak of 1/8: scale it so `amplitude` is the peak asked for.
        "-af", f"volume={amplitude * 8},aformat=channel_layouts=stereo", "-y", str(path),
        check=True,
    )  # fmt: skip
    return path


def make_sound(path: Path, expression: str, seconds: float) -> Path:
    """A stereo sound file from an `aevalsrc` expression (commas escaped as `\\,`)."""
    _ffmpeg(
        "-f", "lavfi", "-i", f"aevalsrc=exprs={expression}:d={seconds}:s=44100",
        "-af", "aformat=channel_layouts=stereo", "-y", str(path),
        check=True,
    )  # fmt: skip
    return path


def make_clip(
    path: Path,
    seconds: float,
    size: str = "320x240",
    fps: int = 25,
    tone: int | None = 660,
) -> Path:
    """A test-pattern clip (mp4, mov, webm, mkv or avi by extension), with a tone if asked."""
    args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"]
    if tone:
        args += ["-f", "lavfi", "-i", f"sine=frequency={tone}:duration={seconds}"]
    codec = ["-c:v", "libvpx-vp9", "-c:a", "libopus"] if path.suffix == ".webm" else []
    _ffmpeg(*args, *codec, "-shortest", "-pix_fmt", "yuv420p", "-y", str(path), check=True)
    return path
