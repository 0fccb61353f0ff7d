"""A folder of media that looks like a real person's, each file of one known colour.

Phones store JPEGs sideways with an EXIF orientation; scanners write CMYK;
web exports are progressive; screenshots are palette PNGs; scientific and
RAW-converted pictures are 16-bit; stickers are RGBA with transparency; GIFs
have uneven frame times, every disposal mode and odd sizes; clips come in
every container, with and without sound, at odd sizes, with variable frame
rates and rotation flags. `make_pool(folder)` writes one of each (about 50
files, a few seconds with two ffmpeg processes at a time) and says what each
is and what colour its middle shows, so a rendered frame can be checked
against the file that should be on screen.

Colours are read back from the written files with Pillow (photos) and ffmpeg
(clips), never taken from photoreel, so the check is independent of the engine.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageOps, ImageStat
from pydantic import BaseModel

from photoreel.engine.ffmpeg import ffmpeg_exe

RGB = tuple[int, int, int]

#: Colours far enough apart (and from black, white and grey) that a rendered frame's
#: mean colour names the file it shows, after JPEG, YUV 4:2:0 and H.264 have had it.
PALETTE: dict[str, RGB] = {
    "red": (220, 40, 40),
    "green": (40, 190, 60),
    "blue": (40, 70, 220),
    "yellow": (225, 210, 40),
    "magenta": (210, 50, 200),
    "cyan": (40, 200, 215),
    "orange": (240, 135, 30),
    "purple": (120, 50, 190),
    "lime": (160, 235, 110),
    "brown": (120, 70, 30),
    "pink": (245, 160, 190),
    "teal": (20, 110, 110),
}


class PoolItem(BaseModel):
    """One file of the pool and what a person would expect to see of it."""

    name: str
    kind: Literal["image", "video", "audio"]
    what: str  # the real-world case it stands for
    colour: RGB | None = None  # the mean colour of its middle, as decoded
    width: int = 0  # as shown: after EXIF orientation or a clip's rotation
    height: int = 0
    seconds: float | None = None  # clips and audio
    animated: bool = False
    has_audio: bool = False


def _ffmpeg(*args: str) -> None:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0:
        raise AssertionError(f"ffmpeg {' '.join(args)} failed:\n{proc.stderr[-2000:]}")


def _hex(colour: RGB) -> str:
    return "0x{:02X}{:02X}{:02X}".format(*colour)


def _centre_colour(im: Image.Image) -> RGB:
    """Mean colour of the middle half of a picture (edges may be transparent or padded)."""
    w, h = im.size
    box = (w // 4, h // 4, max(w - w // 4, w // 4 + 1), max(h - h // 4, h // 4 + 1))
    mean = ImageStat.Stat(im.convert("RGB").crop(box)).mean
    return (round(mean[0]), round(mean[1]), round(mean[2]))


def _read_photo(path: Path) -> tuple[RGB, int, int]:
    with Image.open(path) as im:
        if im.mode.startswith("I;16"):  # 16 bits a sample: 65535 is white
            im.load()
            im = im.point(lambda v: v / 257).convert("L")
        upright = ImageOps.exif_transpose(im) or im
        rgba = upright.convert("RGBA")
        return _centre_colour(rgba), rgba.width, rgba.height


def _read_clip(path: Path) -> tuple[RGB, int, int]:
    """The first frame's middle colour and displayed size (rotation applied), by ffmpeg."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
         "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"],
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    from io import BytesIO

    with Image.open(BytesIO(proc.stdout)) as im:
        return _centre_colour(im), im.width, im.height


# -- photos --------------------------------------------------------------------


def _with_border(size: tuple[int, int], colour: RGB, mode: str = "RGB") -> Image.Image:
    """A picture of `colour` with a thin darker frame, so it is not one flat value."""
    im = Image.new("RGB", size, colour)
    if min(size) >= 8:
        dark = tuple(c // 2 for c in colour)
        ImageDraw.Draw(im).rectangle((0, 0, size[0] - 1, size[1] - 1), outline=dark)
    return im.convert(mode) if mode != "RGB" else im


def _photos(folder: Path) -> list[tuple[str, str]]:
    """Write the photos; (file name, what it stands for) for each."""
    made: list[tuple[str, str]] = []

    def keep(name: str, what: str) -> None:
        made.append((name, what))

    p = PALETTE
    # A phone's JPEG: stored sideways (landscape pixels), upright by EXIF orientation.
    for orientation, colour in ((6, p["red"]), (8, p["green"]), (3, p["blue"])):
        im = _with_border((96, 64), colour)
        exif = Image.Exif()
        exif[0x0112] = orientation
        im.save(folder / f"phone_o{orientation}.jpg", quality=90, exif=exif)
        keep(f"phone_o{orientation}.jpg", f"phone JPEG, EXIF orientation {orientation}")
    _with_border((120, 80), p["yellow"], "CMYK").save(folder / "scan_cmyk.jpg", quality=92)
    keep("scan_cmyk.jpg", "CMYK JPEG")
    _with_border((200, 150), p["magenta"]).save(
        folder / "web_progressive.jpg", quality=85, progressive=True, optimize=True
    )
    keep("web_progressive.jpg", "progressive JPEG")
    Image.new("L", (90, 60), 90).save(folder / "grey.jpg", quality=90)
    keep("grey.jpg", "greyscale JPEG")
    _with_border((101, 57), p["cyan"]).quantize(16).save(folder / "screenshot_palette.png")
    keep("screenshot_palette.png", "palette PNG, odd size")
    Image.new("I;16", (64, 48), 50000).save(folder / "deep_16bit.png")
    keep("deep_16bit.png", "16-bit greyscale PNG")
    sticker = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
    ImageDraw.Draw(sticker).ellipse((4, 4, 75, 75), fill=(*p["orange"], 255))
    sticker.save(folder / "sticker_rgba.png")
    keep("sticker_rgba.png", "RGBA PNG with transparent corners")
    half = Image.new("RGBA", (64, 64), (*p["purple"], 255))
    ImageDraw.Draw(half).rectangle((0, 0, 63, 7), fill=(*p["purple"], 90))
    half.save(folder / "half_alpha.webp", lossless=True)
    keep("half_alpha.webp", "still WebP with an alpha band")
    _with_border((48, 36), p["lime"]).save(folder / "still_lossy.webp", quality=80)
    keep("still_lossy.webp", "still lossy WebP")
    for side, colour in ((1, p["pink"]), (2, p["teal"]), (5, p["brown"]), (16, p["red"])):
        Image.new("RGB", (side, side), colour).save(folder / f"tiny_{side}.png")
        keep(f"tiny_{side}.png", f"{side}x{side} picture")
    Image.new("RGB", (3, 7), p["blue"]).save(folder / "tiny_3x7.jpg", quality=95)
    keep("tiny_3x7.jpg", "3x7 JPEG")
    _with_border((400, 20), p["green"]).save(folder / "panorama_20to1.jpg", quality=90)
    keep("panorama_20to1.jpg", "20:1 panorama")
    _with_border((20, 400), p["orange"]).save(folder / "strip_1to20.png")
    keep("strip_1to20.png", "1:20 strip")
    _with_border((333, 251), p["teal"]).save(folder / "bigger_odd.jpg", quality=88)
    keep("bigger_odd.jpg", "larger than the canvas, odd size")
    return made


# -- animations ----------------------------------------------------------------


def _shades(colour: RGB, count: int) -> list[RGB]:
    """`count` shades of one colour, a few levels apart: frames differ, the colour holds."""
    return [tuple(min(max(c + (i % 5 - 2) * 4, 0), 255) for c in colour) for i in range(count)]  # type: ignore[misc]


def _animations(folder: Path) -> list[tuple[str, str]]:
    p = PALETTE
    made: list[tuple[str, str]] = []
    # Two frames, the shortest kind.
    frames = [_with_border((40, 30), c) for c in _shades(p["cyan"], 2)]
    frames[0].save(folder / "blink.gif", save_all=True, append_images=frames[1:],
                   duration=[500, 120], loop=0)  # fmt: skip
    made.append(("blink.gif", "2-frame GIF, uneven durations"))
    # Every disposal mode, uneven durations, a transparent border, odd size.
    n = 12
    rgba = []
    for i, shade in enumerate(_shades(p["yellow"], n)):
        im = Image.new("RGBA", (75, 41), (0, 0, 0, 0))
        ImageDraw.Draw(im).rectangle((6, 4, 68, 36), fill=(*shade, 255))
        ImageDraw.Draw(im).rectangle((6 + i * 5 % 60, 4, 10 + i * 5 % 60, 8), fill=(0, 0, 0, 0))
        rgba.append(im)
    rgba[0].save(folder / "disposal_modes.gif", save_all=True, append_images=rgba[1:],
                 duration=[40, 90, 200, 30, 60, 150, 40, 70, 300, 20, 80, 110],
                 disposal=[0, 1, 2, 3] * 3, loop=0, optimize=False)  # fmt: skip
    made.append(("disposal_modes.gif", "GIF: every disposal mode, transparency, odd size"))
    # Sixty frames, larger than the canvas, plays once (no loop count).
    frames = [_with_border((240, 170), c) for c in _shades(p["magenta"], 60)]
    frames[0].save(folder / "long_big.gif", save_all=True, append_images=frames[1:],
                   duration=[30 + 10 * (i % 7) for i in range(60)])  # fmt: skip
    made.append(("long_big.gif", "60-frame GIF larger than the canvas"))
    # The case: four frames, 400x300, 250 ms each, looping.
    frames = [_with_border((400, 300), c) for c in _shades(p["orange"], 4)]
    frames[0].save(folder / "loop_400x300.gif", save_all=True, append_images=frames[1:],
                   duration=250, loop=0)  # fmt: skip
    made.append(("loop_400x300.gif", "4-frame 400x300 looping GIF"))
    # A tiny, odd-sized GIF with a transparent palette index.
    tiny = []
    for shade in _shades(p["lime"], 5):
        im = Image.new("RGBA", (7, 5), (*shade, 255))
        im.putpixel((0, 0), (0, 0, 0, 0))
        tiny.append(im)
    tiny[0].save(folder / "tiny_7x5.gif", save_all=True, append_images=tiny[1:],
                 duration=[100, 20, 300, 50, 70], loop=0, disposal=2)  # fmt: skip
    made.append(("tiny_7x5.gif", "7x5 GIF with a transparent pixel"))
    for lossless, colour in ((False, p["brown"]), (True, p["pink"])):
        frames = [_with_border((66, 50), c) for c in _shades(colour, 6)]
        name = "anim_lossless.webp" if lossless else "anim_lossy.webp"
        frames[0].save(folder / name, save_all=True, append_images=frames[1:],
                       duration=[80, 160, 40, 120, 60, 200], loop=0,
                       lossless=lossless, quality=80)  # fmt: skip
        made.append((name, f"animated WebP, {'lossless' if lossless else 'lossy'}"))
    return made


# -- clips and sound -----------------------------------------------------------

# name, seconds, size, rate, colour, codec args, sound, what it stands for
_CLIPS: list[tuple[str, float, str, str, str, list[str], bool, str]] = [
    (
        "phone.mp4",
        2.0,
        "64x36",
        "30",
        "red",
        ["-c:v", "libx264", "-pix_fmt", "yuv420p"],
        True,
        "MP4 H.264 with AAC",
    ),
    (
        "quiet.mp4",
        0.4,
        "48x64",
        "60",
        "blue",
        ["-c:v", "libx264", "-pix_fmt", "yuv420p"],
        False,
        "short MP4, no sound, 60 fps, portrait",
    ),
    (
        "camera.mov",
        1.5,
        "80x44",
        "30000/1001",
        "green",
        ["-c:v", "libx264", "-pix_fmt", "yuv420p"],
        True,
        "MOV at 29.97 fps",
    ),
    (
        "web.webm",
        1.2,
        "65x37",
        "25",
        "purple",
        ["-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-deadline", "realtime", "-c:a", "libopus"],
        True,
        "WebM VP9 + Opus, odd size",
    ),
    (
        "screen.mkv",
        3.0,
        "96x54",
        "24",
        "cyan",
        ["-c:v", "libx264", "-pix_fmt", "yuv420p"],
        False,
        "MKV, longer than most segments, no sound",
    ),
    (
        "old.avi",
        1.0,
        "71x39",
        "15",
        "yellow",
        ["-c:v", "mjpeg", "-q:v", "3"],
        True,
        "AVI (MJPEG), odd size, 15 fps",
    ),
]


def _clip(folder: Path, spec: tuple[str, float, str, str, str, list[str], bool, str]) -> None:
    name, seconds, size, rate, colour, codec, sound, _ = spec
    args = ["-f", "lavfi", "-i", f"color=c={_hex(PALETTE[colour])}:s={size}:r={rate}:d={seconds}"]
    if sound:
        args += ["-f", "lavfi", "-i", f"sine=frequency=500:duration={seconds}"]
    _ffmpeg(*args, *codec, "-shortest", str(folder / name))


def _vfr_clip(folder: Path) -> None:
    """Frames at uneven times (as a phone writes when the light changes), in MKV."""
    colour = _hex(PALETTE["orange"])
    _ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s=64x48:r=30:d=1.5",
            "-vf", "setpts='(N*33+mod(N*N,17))/1000/TB'", "-fps_mode", "vfr",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", str(folder / "vfr.mkv"))  # fmt: skip


def _rotated_clip(folder: Path) -> None:
    """A phone clip recorded landscape with a 90° display rotation: it shows portrait."""
    plain = folder / ".rotated_plain.mp4"
    colour = _hex(PALETTE["teal"])
    _ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s=64x36:r=30:d=1.2",
            "-f", "lavfi", "-i", "sine=frequency=300:duration=1.2",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-shortest", str(plain))  # fmt: skip
    _ffmpeg("-display_rotation", "90", "-i", str(plain), "-c", "copy",
            str(folder / "rotated.mp4"))  # fmt: skip
    plain.unlink()


_AUDIO: list[tuple[str, float, list[str], str]] = [
    ("song.mp3", 2.5, ["-c:a", "libmp3lame", "-b:a", "96k"], "MP3 song"),
    ("voice.wav", 1.0, ["-ac", "1", "-ar", "22050"], "mono 22 kHz WAV"),
    ("memo.m4a", 3.5, ["-c:a", "aac", "-b:a", "64k"], "M4A (AAC in MP4)"),
    ("beat.aac", 0.8, ["-c:a", "aac", "-b:a", "64k"], "raw ADTS AAC"),
]


def _sound(folder: Path, spec: tuple[str, float, list[str], str]) -> None:
    name, seconds, codec, _ = spec
    _ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}:sample_rate=44100",
            "-af", "volume=3", *codec, str(folder / name))  # fmt: skip


# -- the pool ------------------------------------------------------------------


def make_pool(folder: Path) -> list[PoolItem]:
    """Write the pool into `folder` and describe each file."""
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(_clip, folder, spec) for spec in _CLIPS]
        jobs += [pool.submit(_vfr_clip, folder), pool.submit(_rotated_clip, folder)]
        jobs += [pool.submit(_sound, folder, spec) for spec in _AUDIO]
        stills = _photos(folder)
        animations = _animations(folder)
        for job in jobs:
            job.result()
    items: list[PoolItem] = []
    for name, what in stills + animations:
        colour, w, h = _read_photo(folder / name)
        animated = name in dict(animations)
        items.append(PoolItem(name=name, kind="image", what=what, colour=colour, width=w,
                              height=h, animated=animated))  # fmt: skip
    clips = [(s[0], s[1], s[6], s[7]) for s in _CLIPS]
    clips += [("vfr.mkv", 1.5, False, "variable frame rate MKV"),
              ("rotated.mp4", 1.2, True, "MP4 with a 90° rotation flag")]  # fmt: skip
    for name, seconds, sound, what in clips:
        colour, w, h = _read_clip(folder / name)
        items.append(PoolItem(name=name, kind="video", what=what, colour=colour, width=w,
                              height=h, seconds=seconds, has_audio=sound))  # fmt: skip
    for name, seconds, _, what in _AUDIO:
        items.append(PoolItem(name=name, kind="audio", what=what, seconds=seconds,
                              has_audio=True))  # fmt: skip
    return items
