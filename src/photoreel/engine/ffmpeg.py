"""Where the ffmpeg binary comes from: the imageio-ffmpeg wheel, so no system package is needed."""

import functools
import os


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary. `PHOTOREEL_FFMPEG` overrides the wheel's one."""
    if override := os.environ.get("PHOTOREEL_FFMPEG"):
        return override
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()
