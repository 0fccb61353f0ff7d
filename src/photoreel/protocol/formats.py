"""Supported media formats and size limits: the one list every layer checks against."""

from typing import Literal

MediaKind = Literal["image", "video", "audio"]

IMAGE_EXTENSIONS: frozenset[str] = frozenset({"jpg", "jpeg", "png", "gif", "webp"})
VIDEO_EXTENSIONS: frozenset[str] = frozenset({"mp4", "mov", "avi", "webm", "mkv"})
AUDIO_EXTENSIONS: frozenset[str] = frozenset({"mp3", "wav", "m4a", "aac"})

# The order a person reads in an error message ("Supported formats: ...").
DOCUMENTED_FORMATS: tuple[str, ...] = (
    "mp4", "mov", "avi", "webm", "mkv",
    "jpg", "png", "gif", "webp",
    "mp3", "wav", "m4a", "aac",
)  # fmt: skip

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def kind_for_extension(name: str) -> MediaKind | None:
    """The media kind a file name claims by its extension (content is checked elsewhere)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in IMAGE_EXTENSIONS:
        return "image"
    if ext in VIDEO_EXTENSIONS:
        return "video"
    if ext in AUDIO_EXTENSIONS:
        return "audio"
    return None


def formats_hint() -> str:
    """The sentence shown whenever a file is refused for its format."""
    return "Supported formats: " + ", ".join(DOCUMENTED_FORMATS) + "."
