"""Probe a media file by its content, not its name.

Photos are read with Pillow (it also counts animation frames); clips and audio
by what `ffmpeg -i` prints (ffmpeg_info.py), because the imageio-ffmpeg wheel ships no
ffprobe and PyAV would be a second copy of the same libraries.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from photoreel.engine.animation import frame_ms
from photoreel.engine.errors import MediaError
from photoreel.engine.ffmpeg import FfmpegFailed
from photoreel.engine.ffmpeg_info import ffmpeg_info
from photoreel.engine.photos import damaged
from photoreel.protocol.formats import formats_hint
from photoreel.protocol.media import MediaInfo

_IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "MPO": "jpeg"}
_CONTAINERS = {
    "mov": "mp4",  # ffmpeg names the mp4 family "mov,mp4,m4a,3gp,3g2,mj2"
    "matroska": "mkv",
    "avi": "avi",
    "mp3": "mp3",
    "wav": "wav",
    "aac": "aac",
    "ogg": "ogg",
    "flac": "flac",
}
_WEBM = "webm"


def probe(path: str | Path, *, timing: bool = True) -> MediaInfo:
    """Kind, size, duration and frame rate of a file; `MediaError` if it is not usable media.

    An animation's length is the sum of its frames' delays, and a WebP tells a delay
    only by decoding its frame: `timing=False` skips that (duration and fps are None),
    for a render, which decodes only the frames its segment shows.
    """
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"{path.name}: file not found ({path})", path=str(path))
    if path.stat().st_size == 0:
        raise MediaError(f"{path.name}: the file is empty", path=str(path))
    image = _probe_image(path, timing)
    if image is not None:
        return image
    return _probe_av(path)


def _probe_image(path: Path, timing: bool = True) -> MediaInfo | None:
    try:
        with Image.open(path) as im:
            fmt = _IMAGE_FORMATS.get(im.format or "")
            if fmt is None:
                raise MediaError(
                    f"{path.name}: {im.format} images are not supported. {formats_hint()}",
                    path=str(path),
                )
            frames = getattr(im, "n_frames", 1) if getattr(im, "is_animated", False) else 1
            width, height = im.size
            duration = None
            if frames > 1 and timing:
                total_ms = 0
                for i in range(frames):
                    im.seek(i)
                    im.load()  # WebP reads a frame's duration when it decodes it
                    total_ms += frame_ms(im.info)
                duration = total_ms / 1000
            return MediaInfo(
                kind="image",
                format=fmt,
                width=width,
                height=height,
                frames=frames,
                duration=duration,
                fps=round(frames / duration, 3) if duration else None,
            )
    except UnidentifiedImageError:
        return None
    except Image.DecompressionBombError as exc:
        raise MediaError(
            f"{path.name}: image is too large to decode safely ({exc})", path=str(path)
        ) from None
    except MediaError:
        raise
    except Exception as exc:  # Pillow meets a cut-short header in many ways (struct.error ...)
        raise MediaError(f"{path.name}: {damaged('photo', exc)}", path=str(path)) from None


def _probe_av(path: Path) -> MediaInfo:
    try:
        info = ffmpeg_info(path, timeout=60)
    except FfmpegFailed:
        raise MediaError(
            f"{path.name}: reading the file took more than a minute; it may be damaged",
            path=str(path),
        ) from None
    if info.index_missing:  # an MP4/MOV's index, written last, is missing
        raise MediaError(
            f"{path.name}: the file is cut short or was never finished (its index is "
            "missing). Copy or export it again",
            path=str(path),
        )
    video, audio = info.video, info.audio
    if info.container is None or (video is None and audio is None):
        raise MediaError(
            f"{path.name}: not a supported photo, clip or audio file. {formats_hint()}",
            path=str(path),
        )
    first = info.container.split(",")[0]
    fmt = _CONTAINERS.get(first, first)
    if (
        first == "matroska"
        and _WEBM in info.container
        and video
        and video.codec in ("vp8", "vp9", "av1")
    ):
        fmt = "webm"
    # A cover picture inside an audio file is not a video stream.
    if video is not None and not video.attached_picture:
        return MediaInfo(
            kind="video",
            format=fmt,
            width=video.width,
            height=video.height,
            duration=info.duration,
            fps=video.fps,
            has_audio=audio is not None,
        )
    if not info.duration:
        raise MediaError(f"{path.name}: the audio is empty (zero length)", path=str(path))
    return MediaInfo(kind="audio", format=fmt, duration=info.duration, has_audio=True)
