"""The agent's instruction table: what people say, and what the timeline must look like after.

One source of truth for `tests/test_agent_table.py` (each case is a test) and
`bench/agent.py` (the share understood correctly and the time per
instruction). A case is a short conversation: `before` instructions build
the session state, then `say` is the instruction under test, and `expect`
lists properties of the result a person would check in the timeline.
`run_case` plays the conversation the way the server does, keeping the
version history so "undo" and "redo" get their drafts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from agent_expect import asked, world_problems
from photoreel.agent import MediaItem, TurnInput, TurnOutput, run_turn
from photoreel.agent.memory import Memory
from photoreel.protocol.draft import Draft, TextSegment

# ---------------------------------------------------------------------------
# Sessions' media
# ---------------------------------------------------------------------------


def _photo(name: str, width: int = 4000, height: int = 3000) -> MediaItem:
    return MediaItem(media_id=f"id-{name}", filename=name, kind="image", width=width, height=height)


PHOTOS = [
    _photo("cat.jpg"),
    _photo("dog.jpg"),
    _photo("beach.png", 3000, 4000),  # portrait
    _photo("rocket.jpg"),
    _photo("city.jpg"),
]
SONG = MediaItem(media_id="id-song.mp3", filename="song.mp3", kind="audio", duration=95.0)
LOFI = MediaItem(
    media_id="id-lofi-beats.mp3", filename="lofi-beats.mp3", kind="audio", duration=60.0
)
CLIP = MediaItem(
    media_id="id-surf.mp4",
    filename="surf.mp4",
    kind="video",
    width=1920,
    height=1080,
    duration=6.0,
    fps=30,
)
PRODUCTS = [
    _photo("product-red.jpg", 2000, 2000),
    _photo("product-blue.jpg", 2000, 2000),
    _photo("product-green.jpg", 2000, 2000),
    _photo("banner.png", 3000, 1000),
    _photo("team.jpg"),
]

MEDIA: dict[str, list[MediaItem]] = {
    "photos": PHOTOS,
    "music": [*PHOTOS, SONG],
    "two_songs": [*PHOTOS, SONG, LOFI],
    "clips": [*PHOTOS[:3], CLIP],
    "clips_music": [*PHOTOS[:3], CLIP, SONG],
    "products": PRODUCTS,
    "three": PHOTOS[:3],
    "one": PHOTOS[:1],
    "none": [],
}
NAMES = [p.filename for p in PHOTOS]

# A session where the video was made with the defaults (5 photos, 3 s each).
MADE = ("make a video",)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    say: str
    expect: dict[str, Any]
    before: tuple[str, ...] = ()
    media: str = "photos"
    language: str = "en"

    @property
    def id(self) -> str:
        prefix = f"[{' / '.join(self.before)}] " if self.before else ""
        return (prefix + self.say)[:90]


def C(
    say: str,
    before: tuple[str, ...] = (),
    media: str = "photos",
    language: str = "en",
    **expect: Any,
) -> Case:
    return Case(say=say, expect=expect, before=before, media=media, language=language)


CASES: list[Case] = [
    # -- making a video --------------------------------------------------------
    C("make a video of the dog and cat photos", segments=2, order=["dog.jpg", "cat.jpg"]),
    C(
        "turn my photos into a 15-second video with smooth transitions",
        d=15000,
        segments=5,
        transitions={"fade"},
        size=(1920, 1080),
        fps=30,
    ),
    C("make a slideshow of these", segments=5, d=15000, transitions={"fade"}, motion={"auto"}),
    C(
        "convert three product photos in JPG format into a 1080p MP4",
        media="products",
        segments=3,
        order=["product-red.jpg", "product-blue.jpg", "product-green.jpg"],
        size=(1920, 1080),
    ),
    C("a 30 second reel for Instagram", d=30000, size=(1080, 1920), segments=5),
    C("make a video that lasts half a minute", d=30000),
    C("1 min video please", d=60000),
    C("make each photo 2.5 seconds", durations=[2500] * 5, d=12500),
    C("make a fifteen second video", d=15000),
    C("create a twenty-five second slideshow", d=25000),
    C("make a vidoe of my fotos", segments=5, changed=True),
    C("turn these into a video, 2 seconds per photo", d=10000, durations=[2000] * 5),
    C(
        "make a 10 second video from the first three photos",
        d=10000,
        segments=3,
        order=["cat.jpg", "dog.jpg", "beach.png"],
    ),
    C("make a video of the cat and the rocket", segments=2, order=["cat.jpg", "rocket.jpg"]),
    C("make a video", media="none", changed=False, reply_has="upload"),
    C("make a video with my clip and photos", media="clips", segments=4, d=15000),
    C("make a tiktok from these photos", size=(1080, 1920), segments=5),
    C("make a square video for linkedin", size=(1080, 1080)),
    C("make a 20 second youtube video at 60 fps", size=(1920, 1080), fps=60, d=20000),
    C("a minute and a half long slideshow", d=90000),
    C("make a video 1m30s long", d=90000),
    C("make a two and a half minute video", d=150000),
    # -- aspect and platform -----------------------------------------------------
    C("make it vertical", before=MADE, size=(1080, 1920), d=15000),
    C("portrait please", before=MADE, size=(1080, 1920)),
    C("make it 9:16", before=MADE, size=(1080, 1920)),
    C("for tiktok", before=MADE, size=(1080, 1920)),
    C("for youtube shorts", before=MADE, size=(1080, 1920)),
    C("make it square", before=MADE, size=(1080, 1080)),
    C("1:1", before=MADE, size=(1080, 1080)),
    C("make it landscape", before=(*MADE, "make it vertical"), size=(1920, 1080)),
    C("16:9 for youtube", before=(*MADE, "make it square"), size=(1920, 1080)),
    C("4:5 for the instagram feed", before=MADE, size=(1080, 1350)),
    C("instagram post", before=MADE, size=(1080, 1350)),
    C("make it 720p", before=MADE, size=(1280, 720)),
    C("vertical 720p", before=MADE, size=(720, 1280)),
    C("24 fps", before=MADE, fps=24),
    C("make it sqaure", before=MADE, size=(1080, 1080)),
    C("make it vertcal", before=MADE, size=(1080, 1920)),
    C(
        "export in 4k",
        before=MADE,
        size=(1920, 1080),
        reply_has="1080p",
        route="export",
        changed=False,
    ),
    C("make it 4:3", before=MADE, size=(1440, 1080), reply_has="4:3"),
    C("make it vertical", size=(1080, 1920), segments=5, ops=["make_video", "set_canvas"]),
    # -- transitions ---------------------------------------------------------------
    C("use crossfades", before=(*MADE, "no transitions"), transitions={"fade"}),
    C("add dissolve transitions", before=MADE, transitions={"dissolve"}),
    C("wipe transitions", before=MADE, transitions={"wipeleft"}),
    C("wipe right between the photos", before=MADE, transitions={"wiperight"}),
    C("slide transitions from the right", before=MADE, transitions={"slideleft"}),
    C("zoom transitions", before=MADE, transitions={"zoomin"}),
    C("circle transitions", before=MADE, transitions={"circleopen"}),
    C("fade to black between photos", before=MADE, transitions={"fadeblack"}),
    C("no transitions", before=MADE, transitions={"none"}),
    C("hard cuts please", before=MADE, transitions={"none"}),
    C("half-second fades", before=MADE, transitions={"fade"}, transition_ms=500),
    C("1 second crossfades", before=MADE, transitions={"fade"}, transition_ms=1000),
    C("make the transitions faster", before=MADE, transition_ms=400),
    C("slow transitions", before=MADE, transition_ms=1500),
    C("a wipe between photo 2 and 3", before=MADE, cut_types=["fade", "wipeleft", "fade", "fade"]),
    C(
        "dissolve between the cat and the dog",
        before=MADE,
        cut_types=["dissolve", "fade", "fade", "fade"],
    ),
    C(
        "use a slide after the third photo",
        before=MADE,
        cut_types=["fade", "fade", "slideleft", "fade"],
    ),
    C("remove the transitions", before=MADE, transitions={"none"}),
    C("3 second fades", before=MADE, transition_ms=2000, reply_has="two thirds"),
    C("smooth transitons", before=(*MADE, "hard cuts"), transitions={"fade"}),
    C(
        "make the fades two seconds",
        before=(*MADE, "make each photo 5 seconds"),
        transition_ms=2000,
    ),
    # -- motion ----------------------------------------------------------------------
    C("add a ken burns effect", before=(*MADE, "keep the photos still"), motion={"auto"}),
    C("slow zoom in on every photo", before=MADE, motion={"zoom_in"}, intensity=0.25),
    C("zoom out", before=MADE, motion={"zoom_out"}),
    C("pan left", before=MADE, motion={"pan_left"}),
    C("pan across the photos", before=MADE, motion={"pan_left", "pan_right"}),
    C("keep the photos still", before=MADE, motion={"none"}),
    C("no zoom", before=MADE, motion={"none"}),
    C("dramatic zoom in", before=MADE, motion={"zoom_in"}, intensity=0.85),
    C("subtle ken burns", before=MADE, motion={"auto"}, intensity=0.25),
    C("more motion", before=MADE, intensity=0.55),
    C("zoom in on the last photo", before=MADE, motion_of={4: "zoom_in", 0: "auto"}),
    # -- text -------------------------------------------------------------------------------
    C(
        "add a title 'Urban Dreams' for the first 3 seconds",
        before=MADE,
        texts=["Urban Dreams"],
        text0={"s": 0, "d": 3000, "role": "title"},
    ),
    C('add the title "Summer 2024"', before=MADE, texts=["Summer 2024"]),
    C("title: Our Trip", before=MADE, texts=["Our Trip"]),
    C("title: Hello, World", before=MADE, texts=["Hello, World"]),
    C(
        "add a title that says Salt and Pepper",
        before=MADE,
        texts=["Salt and Pepper"],
        text0={"position": "center"},
    ),
    C("title: Salt, Pepper and Co", before=MADE, texts=["Salt, Pepper and Co"]),
    C("title: Summer, make it 20 seconds", before=MADE, texts=["Summer"], d=20000),
    C(
        "add a title Summer Vibes at the top",
        before=MADE,
        texts=["Summer Vibes"],
        text0={"position": "top"},
    ),
    C("put 'The End' at the end", before=MADE, texts=["The End"], text0={"s": 12000, "d": 3000}),
    C(
        "add a title that says Hello on the dog photo",
        before=MADE,
        texts=["Hello"],
        text0={"s": 3000, "d": 3000},
    ),
    C(
        "put the title Welcome on the last photo",
        before=MADE,
        texts=["Welcome"],
        text0={"s": 12000},
    ),
    C(
        "add an end title 'Thanks for watching'",
        before=MADE,
        texts=["Thanks for watching"],
        text0={"s": 12000},
    ),
    C("add a title 'Hello' for the whole video", before=MADE, text0={"s": 0, "d": 15000}),
    C("caption the second photo 'Our dog'", before=MADE, captions={1: "Our dog"}),
    C(
        "add captions 'Day 1', 'Day 2', 'Day 3'",
        before=MADE,
        captions={0: "Day 1", 1: "Day 2", 2: "Day 3"},
    ),
    C("caption each photo with its name", before=MADE, captions={0: "Cat", 4: "City"}),
    C("change the title to 'Winter'", before=(*MADE, "add a title 'Summer'"), texts=["Winter"]),
    C("make the title red", before=(*MADE, "add a title 'Summer'"), text0={"color": "#E53935"}),
    C("make the title bigger", before=(*MADE, "add a title 'Summer'"), text0={"size": 0.112}),
    C(
        "move the title to the bottom",
        before=(*MADE, "add a title 'Summer'"),
        text0={"position": "bottom"},
    ),
    C("remove the title", before=(*MADE, "add a title 'Summer'"), texts=[]),
    C("delete the captions", before=(*MADE, "caption each photo with its name"), texts=[]),
    C("add a title", before=MADE, changed=False, reply_has="What should the title say"),
    C("add a tittle 'Summer'", before=MADE, texts=["Summer"]),
    C("make the title last 5 seconds", before=(*MADE, "add a title 'Summer'"), text0={"d": 5000}),
    # -- audio -----------------------------------------------------------------------------
    C("add music", before=MADE, media="music", music_volume=1.0),
    C("add music at 35%", before=MADE, media="music", music_volume=0.35, music_d=15000),
    C("add song.mp3 at thirty five percent", before=MADE, media="music", music_volume=0.35),
    C("add the lofi beats track", before=MADE, media="two_songs", music_src="id-lofi-beats.mp3"),
    C("add music", before=MADE, changed=False, reply_has="add song.mp3 at 40%"),
    C(
        "fade the music out at the end",
        before=(*MADE, "add music"),
        media="music",
        music_fade_out=3000,
    ),
    C(
        "fade in the music over 2 seconds",
        before=(*MADE, "add music"),
        media="music",
        music_fade_in=2000,
    ),
    C(
        "make the music quieter",
        before=(*MADE, "add music at 50%"),
        media="music",
        music_volume=0.35,
    ),
    C("turn the music up", before=(*MADE, "add music at 50%"), media="music", music_volume=0.7),
    C("music volume 40%", before=(*MADE, "add music"), media="music", music_volume=0.4),
    C("remove the music", before=(*MADE, "add music"), media="music", music=False),
    C("mute the clips", before=("make a video",), media="clips", clip_audio="mute"),
    C("add musc", before=MADE, media="music", music_volume=1.0),
    C("music at 35%", before=MADE, media="music", music_volume=0.35),
    # -- arranging ------------------------------------------------------------------------------
    C(
        "swap the first and last photo",
        before=MADE,
        order=["city.jpg", "dog.jpg", "beach.png", "rocket.jpg", "cat.jpg"],
    ),
    C(
        "put the rocket photo first",
        before=MADE,
        order=["rocket.jpg", "cat.jpg", "dog.jpg", "beach.png", "city.jpg"],
    ),
    C(
        "move the cat photo to the end",
        before=MADE,
        order=["dog.jpg", "beach.png", "rocket.jpg", "city.jpg", "cat.jpg"],
    ),
    C(
        "start with the beach",
        before=MADE,
        order=["beach.png", "cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C(
        "move photo 2 after photo 4",
        before=MADE,
        order=["cat.jpg", "beach.png", "rocket.jpg", "dog.jpg", "city.jpg"],
    ),
    C(
        "remove the third photo",
        before=MADE,
        segments=4,
        d=12000,
        order=["cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C("delete the dog picture", before=MADE, segments=4),
    C(
        "duplicate the cat photo",
        before=MADE,
        segments=6,
        order=["cat.jpg", "cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    C("reverse the order", before=MADE, order=list(reversed(NAMES))),
    C("shuffle the photos", before=MADE, segments=5, changed=True),
    C(
        "sort by name",
        before=MADE,
        order=["beach.png", "cat.jpg", "city.jpg", "dog.jpg", "rocket.jpg"],
    ),
    C(
        "make the second photo 5 seconds",
        before=MADE,
        durations=[3000, 5000, 3000, 3000, 3000],
        d=17000,
    ),
    C("make the cat photo twice as long", before=MADE, durations=[6000, 3000, 3000, 3000, 3000]),
    C("remove photo 9", before=MADE, changed=False, reply_has="5 photos"),
    C(
        "swap the frist and second photo",
        before=MADE,
        order=["dog.jpg", "cat.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    # -- lengths ----------------------------------------------------------------------------
    C("make it 20 seconds", before=MADE, d=20000, durations=[4000] * 5),
    C("make it a bit shorter", before=MADE, d=12750),
    C("make it 5 seconds longer", before=MADE, d=20000),
    C("speed it up", before=MADE, d=11250),
    C("make it thirty seconds long", before=MADE, d=30000),
    # -- styles ----------------------------------------------------------------------------------
    C(
        "make it cinematic",
        before=MADE,
        transitions={"fade"},
        transition_ms=1200,
        fps=24,
        durations=[4000] * 5,
    ),
    C("make it more energetic", before=MADE, transitions={"slideleft"}, durations=[1500] * 5),
    C("calm style", before=MADE, transitions={"dissolve"}, durations=[5000] * 5),
    C("a cinematic 20 second video", d=20000, fps=24, transition_ms=1200),
    # -- history ----------------------------------------------------------------------------
    C("undo", before=(*MADE, "make it vertical"), size=(1920, 1080), history="undo"),
    C("redo", before=(*MADE, "make it vertical", "undo"), size=(1080, 1920), history="redo"),
    C("undo", changed=False, reply_has="nothing to undo"),
    C(
        "start over",
        before=(*MADE, "make it square", "add a title 'Hi'"),
        texts=[],
        size=(1920, 1080),
        segments=5,
    ),
    # -- questions -----------------------------------------------------------------------------
    C("what's in the timeline?", before=MADE, changed=False, reply_has="15 s"),
    C("how long is it?", before=MADE, changed=False, reply_has="15 s"),
    C("how many photos are there?", before=MADE, changed=False, reply_has="5 photos"),
    C("what can you do?", changed=False, reply_has="Try"),
    # -- routes ---------------------------------------------------------------------------------
    C("export", before=MADE, route="export", changed=False),
    C("导出", before=MADE, route="export", changed=False),
    C("how many credits do I have", route="credits", changed=False),
    C("余额", route="credits", changed=False),
    C("status", before=MADE, route="status", changed=False),
    C("上传", route="upload", changed=False),
    C("upload", route="upload", changed=False),
    # -- combined ---------------------------------------------------------------------------------
    C(
        "make it vertical with fades and a title 'Summer'",
        before=MADE,
        size=(1080, 1920),
        transitions={"fade"},
        texts=["Summer"],
    ),
    C(
        "make it square, 20 seconds, no transitions",
        before=MADE,
        size=(1080, 1080),
        d=20000,
        transitions={"none"},
    ),
    C(
        "swap the first and last photo and then make it 12 seconds",
        before=MADE,
        d=12000,
        order=["city.jpg", "dog.jpg", "beach.png", "rocket.jpg", "cat.jpg"],
    ),
    C(
        "make it vertical, add music at 40% and fade it out",
        before=MADE,
        media="music",
        size=(1080, 1920),
        music_volume=0.4,
        music_fade_out=3000,
    ),
    C("add a title 'Sale' and make it 10 seconds", before=MADE, texts=["Sale"], d=10000),
    C(
        "make a 12 second vertical video with wipes",
        size=(1080, 1920),
        d=12000,
        transitions={"wipeleft"},
    ),
    # -- more ways to say it ------------------------------------------------------
    C("can you turn these photos into a video?", segments=5, d=15000),
    C("I want a 45 second montage", d=45000),
    C("create a reel", size=(1080, 1920), segments=5),
    C("slideshow, 3 seconds each", durations=[3000] * 5),
    C("make a video with 4 seconds per picture", durations=[4000] * 5, d=20000),
    C("make a 20s video", d=20000),
    C("make a video thats 15 secs long", d=15000),
    C("build a 9:16 slideshow at 24fps", size=(1080, 1920), fps=24),
    C("make a video of photos 1 to 3", segments=3, order=["cat.jpg", "dog.jpg", "beach.png"]),
    C("make a video with the last two photos", segments=2, order=["rocket.jpg", "city.jpg"]),
    C(
        "make a new video with just the cat and dog",
        before=MADE,
        segments=2,
        order=["cat.jpg", "dog.jpg"],
    ),
    C("make a video", media="one", segments=1, d=3000, transitions=set()),
    C("make a video", media="clips", segments=4, durations=[3000, 3000, 3000, 6000]),
    C("make a video from these pics, eight seconds total", d=8000),
    C("switch to landscape", before=(*MADE, "make it square"), size=(1920, 1080)),
    C("change the aspect ratio to 4:5", before=MADE, size=(1080, 1350)),
    C("make it portrait for instagram stories", before=MADE, size=(1080, 1920)),
    C("resize it for youtube", before=(*MADE, "make it vertical"), size=(1920, 1080)),
    C("hd", before=MADE, size=(1280, 720)),
    C("full hd please", before=(*MADE, "make it 720p"), size=(1920, 1080)),
    C("make it 60fps", before=MADE, fps=60),
    C("30 frames per second", before=(*MADE, "24 fps"), fps=30),
    C("lower the resolution to 720p", before=MADE, size=(1280, 720)),
    C("can you make it vertical?", before=MADE, size=(1080, 1920)),
    C("how about square?", before=MADE, size=(1080, 1080)),
    C("make it 29 fps", before=MADE, fps=30, reply_has="29", changed=False),
    C("add some fades", before=(*MADE, "no transitions"), transitions={"fade"}),
    C("crossfade between each photo", before=(*MADE, "hard cuts"), transitions={"fade"}),
    C("no fades", before=MADE, transitions={"none"}),
    C("just cut between photos", before=MADE, transitions={"none"}),
    C("straight cuts", before=MADE, transitions={"none"}),
    C("pixelate transitions", before=MADE, transitions={"pixelize"}),
    C("radial wipes", before=MADE, transitions={"radial"}),
    C("slide up transitions", before=MADE, transitions={"slideup"}),
    C("fade to white between photos", before=MADE, transitions={"fadewhite"}),
    C("quick crossfades", before=MADE, transitions={"fade"}, transition_ms=400),
    C("make the transitions longer", before=MADE, transition_ms=1280),
    C("transitions of 1.5 seconds", before=MADE, transition_ms=1500),
    C(
        "use a dissolve before the last photo",
        before=MADE,
        cut_types=["fade", "fade", "fade", "dissolve"],
    ),
    C(
        "a circle transition between the first two photos",
        before=MADE,
        cut_types=["circleopen", "fade", "fade", "fade"],
    ),
    C(
        "fade through black after the cat",
        before=MADE,
        cut_types=["fadeblack", "fade", "fade", "fade"],
    ),
    C(
        "put a zoom transition between photo 1 and 2",
        before=MADE,
        cut_types=["zoomin", "fade", "fade", "fade"],
    ),
    C("change the transitions to slides", before=MADE, transitions={"slideleft"}),
    C("make all transitions wipes", before=MADE, transitions={"wipeleft"}),
    C(
        "ken burns on the second photo",
        before=(*MADE, "keep the photos still"),
        motion_of={1: "auto", 0: "none"},
    ),
    C("pan right", before=MADE, motion={"pan_right"}),
    C("zoom in slowly", before=MADE, motion={"zoom_in"}, intensity=0.25),
    C("no ken burns", before=MADE, motion={"none"}),
    C("stop the zoom", before=MADE, motion={"none"}),
    C("less movement", before=MADE, intensity=0.05),
    C("strong zoom out", before=MADE, motion={"zoom_out"}, intensity=0.85),
    C("make the photos move", before=(*MADE, "keep the photos still"), motion={"auto"}),
    C("do not move the photos", before=MADE, motion={"none"}),
    C("don't crop the photos", before=MADE, fit={"contain_blur"}),
    C("show the whole picture", before=MADE, fit={"contain_blur"}),
    C("use black bars", before=MADE, fit={"contain"}),
    C("fill the frame", before=(*MADE, "use black bars"), fit={"cover"}),
    C(
        "add the title 'Paris 2024' at the bottom in yellow",
        before=MADE,
        texts=["Paris 2024"],
        text0={"position": "bottom", "color": "#FDD835"},
    ),
    C("add a red title 'Sale'", before=MADE, texts=["Sale"], text0={"color": "#E53935"}),
    C("add a big title 'WOW'", before=MADE, texts=["WOW"], text0={"size": 0.1}),
    C(
        "add a caption 'Best day ever' to the last photo",
        before=MADE,
        captions={4: "Best day ever"},
    ),
    C("put the text 'Hello' on photo 2", before=MADE, captions={1: "Hello"}),
    C("change 'Summer' to 'Winter'", before=(*MADE, "add a title 'Summer'"), texts=["Winter"]),
    C(
        "rename the title to Autumn Days",
        before=(*MADE, "add a title 'Summer'"),
        texts=["Autumn Days"],
    ),
    C("make the title smaller", before=(*MADE, "add a title 'Summer'"), text0={"size": 0.057}),
    C(
        "make the title white with a box",
        before=(*MADE, "add a red title 'Summer'"),
        text0={"color": "#FFFFFF", "box": True},
    ),
    C(
        "make the title bold",
        before=(*MADE, "add a title 'Summer'"),
        text0={"weight": "bold"},
        changed=False,
    ),
    C(
        "remove all text",
        before=(*MADE, "add a title 'Summer'", "caption the first photo 'Cat'"),
        texts=[],
    ),
    C(
        "remove the caption on the second photo",
        before=(*MADE, "caption each photo with its name"),
        captions={0: "Cat", 1: None, 2: "Beach"},
    ),
    C("add subtitles with the file names", before=MADE, captions={0: "Cat", 1: "Dog"}),
    C("title 'Hi' for 4 seconds", before=MADE, text0={"s": 0, "d": 4000}),
    C("add a title 'Later' from 2 to 5 seconds", before=MADE, text0={"s": 2000, "d": 3000}),
    C("put some music on", before=MADE, media="music", music=True),
    C("add background music at 50%", before=MADE, media="music", music_volume=0.5),
    C("add lofi-beats.mp3", before=MADE, media="two_songs", music_src="id-lofi-beats.mp3"),
    C(
        "use the lofi song instead",
        before=(*MADE, "add music"),
        media="two_songs",
        music_src="id-lofi-beats.mp3",
    ),
    C("lower the volume", before=(*MADE, "add music"), media="music", music_volume=0.7),
    C("music a bit louder", before=(*MADE, "add music at 50%"), media="music", music_volume=0.6),
    C("half volume", before=(*MADE, "add music"), media="music", music_volume=0.5),
    C("mute the music", before=(*MADE, "add music"), media="music", music_volume=0.0),
    C("no music", before=(*MADE, "add music"), media="music", music=False),
    C(
        "fade out the music over 4 seconds",
        before=(*MADE, "add music"),
        media="music",
        music_fade_out=4000,
    ),
    C(
        "fade the music in and out",
        before=(*MADE, "add music"),
        media="music",
        music_fade_in=2000,
        music_fade_out=3000,
    ),
    C("music volume to 0.3", before=(*MADE, "add music"), media="music", music_volume=0.3),
    C(
        "duck the music under the clips",
        before=(*MADE, "add music"),
        media="clips_music",
        clip_audio="duck",
    ),
    C("mute the original sound of the clips", before=MADE, media="clips", clip_audio="mute"),
    C("add music", before=MADE, media="clips_music", music_volume=0.35),
    C(
        "move the dog to the start",
        before=MADE,
        order=["dog.jpg", "cat.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    C(
        "put the city photo before the cat",
        before=MADE,
        order=["city.jpg", "cat.jpg", "dog.jpg", "beach.png", "rocket.jpg"],
    ),
    C(
        "make the rocket photo second",
        before=MADE,
        order=["cat.jpg", "rocket.jpg", "dog.jpg", "beach.png", "city.jpg"],
    ),
    C(
        "switch photo 2 and photo 3",
        before=MADE,
        order=["cat.jpg", "beach.png", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C(
        "exchange the cat and the dog",
        before=MADE,
        order=["dog.jpg", "cat.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    C(
        "take out the last photo",
        before=MADE,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg"],
    ),
    C(
        "get rid of the beach photo",
        before=MADE,
        order=["cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C("remove photos 2 and 4", before=MADE, order=["cat.jpg", "beach.png", "city.jpg"]),
    C("remove the first two photos", before=MADE, order=["beach.png", "rocket.jpg", "city.jpg"]),
    C("repeat the last photo", before=MADE, segments=6, order=[*NAMES, "city.jpg"]),
    C("put them in reverse order", before=MADE, order=list(reversed(NAMES))),
    C("randomize the order", before=MADE, segments=5, changed=True),
    C(
        "sort alphabetically",
        before=MADE,
        order=["beach.png", "cat.jpg", "city.jpg", "dog.jpg", "rocket.jpg"],
    ),
    C(
        "add the rest of the photos",
        before=("make a video of the first three photos",),
        segments=5,
        order=NAMES,
    ),
    C(
        "add rocket.jpg at the start",
        before=("make a video of the first three photos",),
        order=["rocket.jpg", "cat.jpg", "dog.jpg", "beach.png"],
    ),
    C(
        "replace the cat photo with the rocket",
        before=("make a video of the first three photos",),
        order=["rocket.jpg", "dog.jpg", "beach.png"],
    ),
    C(
        "end with the cat photo",
        before=MADE,
        order=["dog.jpg", "beach.png", "rocket.jpg", "city.jpg", "cat.jpg"],
    ),
    C("make it 45 secs", before=MADE, d=45000),
    C("make it shorter", before=MADE, d=10000),
    C("make it longer", before=MADE, d=22500),
    C("make the video 2 minutes", before=MADE, d=120000),
    C("show each photo for 2 seconds", before=MADE, durations=[2000] * 5),
    C(
        "make the first photo 4 seconds and the last 5 seconds",
        before=MADE,
        durations=[4000, 3000, 3000, 3000, 5000],
    ),
    C("the last photo should be 6 seconds", before=MADE, durations=[3000, 3000, 3000, 3000, 6000]),
    C(
        "make it 10 seconds with the first photo 4 seconds",
        before=MADE,
        d=10000,
        durations=[4000, 1500, 1500, 1500, 1500],
    ),
    C("slow it down", before=MADE, d=20000),
    C("make it twice as long", before=MADE, d=30000),
    C("cut it down to 10 seconds", before=MADE, d=10000),
    C("trim it to 12 seconds", before=MADE, d=12000),
    C("make it elegant", before=MADE, transitions={"fadeblack"}),
    C("give it a dreamy feel", before=MADE, transitions={"dissolve"}),
    C("make it minimal", before=MADE, transitions={"none"}, motion={"none"}),
    C("something upbeat", before=MADE, transitions={"slideleft"}),
    C("make it more dramatic", before=MADE, transitions={"fadeblack"}, intensity=0.85),
    C("cinematic style with wipes", before=MADE, transitions={"wipeleft"}, fps=24),
    C("undo that", before=(*MADE, "make it square"), size=(1920, 1080), history="undo"),
    C("go back", before=(*MADE, "make it square"), size=(1920, 1080), history="undo"),
    C("revert", before=(*MADE, "add a title 'X'"), texts=[], history="undo"),
    C("never mind", before=(*MADE, "make it square"), size=(1920, 1080), history="undo"),
    C("redo that", before=(*MADE, "make it square", "undo"), size=(1080, 1080), history="redo"),
    C(
        "undo",
        before=(*MADE, "make it vertical with fades and a title 'Summer'"),
        size=(1920, 1080),
        texts=[],
        history="undo",
    ),
    C("start from scratch", before=(*MADE, "remove the first photo"), segments=5),
    C("reset everything", before=(*MADE, "reverse the order"), order=NAMES),
    C("撤销", before=(*MADE, "make it square"), size=(1920, 1080), history="undo"),
    C(
        "undo twice",
        before=(*MADE, "make it square", "make it vertical"),
        size=(1920, 1080),
        history="undo",
        undone_steps=2,
    ),
    C("redo", before=(*MADE, "make it square"), changed=False, reply_has="nothing to redo"),
    C("what transitions are there?", before=MADE, changed=False, reply_has="crossfades"),
    C("is there music?", before=MADE, media="music", changed=False, reply_has="no music"),
    C(
        "what does the title say?",
        before=(*MADE, "add a title 'Summer'"),
        changed=False,
        reply_has="Summer",
    ),
    C("what size is the video?", before=MADE, changed=False, reply_has="1920x1080"),
    C("what order are the photos in?", before=MADE, changed=False, reply_has="1. cat.jpg"),
    C("which photos did I upload?", changed=False, reply_has="rocket.jpg"),
    C("what styles are there?", changed=False, reply_has="cinematic"),
    C("help", changed=False, reply_has="Try"),
    C("download it", before=MADE, route="export", changed=False),
    C("export the video", before=MADE, route="export", changed=False),
    C("render it", before=MADE, route="export", changed=False),
    C("check my balance", route="credits", changed=False),
    C("show tracks", before=MADE, route="status", changed=False),
    C("what's the status", before=MADE, route="status", changed=False),
    C("导出视频", before=MADE, route="export", changed=False, reply_has="导出"),
    C("积分", route="credits", changed=False),
    C("状态", before=MADE, route="status", changed=False),
    C("make it square and export", before=MADE, route="export", size=(1080, 1080)),
    C("save it", before=MADE, route="export", changed=False),
    C("make it vertial", before=MADE, size=(1080, 1920)),
    C("add crossfdes", before=(*MADE, "hard cuts"), transitions={"fade"}),
    C("add a titel 'Hi'", before=MADE, texts=["Hi"]),
    C("remvoe the music", before=(*MADE, "add music"), media="music", music=False),
    C(
        "swtich the first and last photo",
        before=MADE,
        order=["city.jpg", "dog.jpg", "beach.png", "rocket.jpg", "cat.jpg"],
    ),
    C("shufle the photos", before=MADE, changed=True, segments=5),
    C("make it fiften seconds", before=MADE, d=15000, changed=False),
    C("dissolv transitions", before=MADE, transitions={"dissolve"}),
    C("zoon in", before=MADE, motion={"zoom_in"}),
    C("reverse teh order", before=MADE, order=list(reversed(NAMES))),
    C(
        "make it twenty seconds with crossfades and a title 'Summer' at the top",
        before=MADE,
        d=20000,
        transitions={"fade"},
        texts=["Summer"],
        text0={"position": "top"},
    ),
    C(
        "make a 30 second vertical video with slow zooms, dissolves and music at 30%",
        media="music",
        d=30000,
        size=(1080, 1920),
        motion={"zoom_in"},
        transitions={"dissolve"},
        music_volume=0.3,
    ),
    C(
        "swap the cat and the dog, remove the rocket and add a caption 'Fin' to the last photo",
        before=MADE,
        order=["dog.jpg", "cat.jpg", "beach.png", "city.jpg"],
        captions={3: "Fin"},
    ),
    C(
        "undo and make it square",
        before=(*MADE, "reverse the order"),
        order=NAMES,
        size=(1080, 1080),
        history=None,
    ),
    C(
        "can the title be at the top?",
        before=(*MADE, "add a title 'Summer'"),
        texts=["Summer"],
        text0={"position": "top"},
    ),
    C(
        "put the title at the top",
        before=(*MADE, "add a title 'Summer'"),
        text0={"position": "top"},
    ),
    C("call it 'Summer Fun'", before=MADE, texts=["Summer Fun"]),
    C("each slide 3s", before=(*MADE, "make it 20 seconds"), durations=[3000] * 5),
    C("spend more time on the first photo", before=MADE, durations=[4500, 3000, 3000, 3000, 3000]),
    C("less time on each photo", before=MADE, d=10000),
    C("make transitions smoother", before=MADE, transition_ms=1280),
    C("dip to black", before=MADE, transitions={"fadeblack"}),
    C(
        "swap 2 and 3",
        before=MADE,
        order=["cat.jpg", "beach.png", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C(
        "move 3 to the front",
        before=MADE,
        order=["beach.png", "cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C("delete 4", before=MADE, order=["cat.jpg", "dog.jpg", "beach.png", "city.jpg"]),
    C(
        "put the city between the cat and the dog",
        before=MADE,
        order=["cat.jpg", "city.jpg", "dog.jpg", "beach.png", "rocket.jpg"],
    ),
    C("for ig", before=MADE, size=(1080, 1920)),
    C(
        "write 'Sale 50% off' at the bottom",
        before=MADE,
        texts=["Sale 50% off"],
        text0={"position": "bottom"},
    ),
    C("caption: 'Our trip'", before=MADE, all_texts=["Our trip"]),
    C("go back to how it was", before=(*MADE, "make it square"), size=(1920, 1080), history="undo"),
    C(
        "move photo 1 to 3",
        before=MADE,
        order=["dog.jpg", "beach.png", "cat.jpg", "rocket.jpg", "city.jpg"],
    ),
    C(
        "make every slide 2 seconds with slide transitions",
        before=MADE,
        durations=[2000] * 5,
        transitions={"slideleft"},
    ),
    C("I need a vertical video for tiktok, about 20 seconds", size=(1080, 1920), d=20000),
    C(
        "make it 15 seconds long with 1 second crossfades",
        before=(*MADE, "make it 30 seconds"),
        d=15000,
        transition_ms=1000,
    ),
    C("make it 20", before=MADE, d=20000),
    C("make it 1:30", before=MADE, d=90000),
    C("make it 2 hours", before=MADE, d=600000, reply_has="at most"),
    C("the duration should be 25", before=MADE, d=25000),
    C(
        "add music",
        before=(*MADE, "add music at 50%"),
        media="music",
        changed=False,
        reply_has="already",
    ),
    C("use a cross dissolve", before=(*MADE, "hard cuts"), transitions={"fade"}),
    C(
        "put 'ACME' in the top right corner",
        before=MADE,
        texts=["ACME"],
        text0={"position": "custom", "x": 0.75, "y": 0.1},
    ),
    C("speed up the transitions", before=MADE, transition_ms=400),
    C(
        "make all photos the same length",
        before=(*MADE, "make the first photo 6 seconds"),
        durations=[3600] * 5,
    ),
    C("make it as long as the song", before=MADE, media="music", d=95000, music_d=95000),
    C("start the music at 10 seconds", before=MADE, media="music", music_offset=10000),
    C("don't loop the music", before=(*MADE, "add music"), media="music", music_loop=False),
    C(
        "start the song from 0:30 and make it 20 seconds",
        before=MADE,
        media="music",
        d=20000,
        music_offset=30000,
    ),
    C("hello", changed=False, reply_has="Hi"),
    C(
        "put the cat photo first",
        before=MADE,
        media="products",
        changed=False,
        asks=True,
        reply_has="product-red.jpg",
    ),
    C(
        "make the cat photo 5 seconds",
        before=MADE,
        media="products",
        changed=False,
        asks=True,
        reply_has="which photo",
    ),
    C(
        "make the blue one 5 seconds",
        before=MADE,
        media="products",
        durations=[3000, 5000, 3000, 3000, 3000],
    ),
    C("make the purple one longer", before=MADE, media="products", changed=False, asks=True),
    C("thanks!", before=MADE, changed=False, reply_has="welcome"),
    C("make it vertical", media="none", changed=False, reply_has="upload"),
    C("asdf qwerty", changed=False, understood=False, reply_has="Try"),
    C("make it purple", before=MADE, changed=False, understood=False),
    C("add a dinosaur", before=MADE, changed=False, understood=False),
    C("make it sepia", before=MADE, changed=False, understood=False, reply_has="filters"),
    C("rotate the second photo", before=MADE, changed=False, understood=False, reply_has="rotate"),
    C("add a voiceover", before=MADE, changed=False, understood=False, reply_has="voice"),
    # -- not understood / cannot do ---------------------------------------------------------------
    C("blorp the snazzle", before=MADE, changed=False, understood=False, reply_has="Try"),
    C("make it black and white", before=MADE, changed=False, understood=False, reply_has="filters"),
    # -- each word belongs to one reading (scored readings) --------------------------------------
    C("stop the photos moving around", before=MADE, motion={"none"}, reply_not_has="music"),
    C(
        "vertical, dont crop the photos",
        before=MADE,
        size=(1080, 1920),
        segments=5,
        fit_in={"contain", "contain_blur"},
    ),
    C("i hate the last photo", before=MADE, asks=True, changed=False),
    C(
        "make the first photo 4 seconds and zoom in slowly on it",
        before=MADE,
        motion_of={0: "zoom_in", 1: "auto"},
    ),
    C(
        "add music at 30% and fade it out over 3 seconds",
        before=MADE,
        media="music",
        music_fade_out=3000,
        transition_ms=800,
        reply_not_has="fades in 0",
    ),
    C(
        "fade between photo 1 and 2, hard cuts everywhere else",
        before=MADE,
        cut_types=["fade", "none", "none", "none"],
    ),
    C("put the title on at 2s", before=(*MADE, "add a title 'Hi'"), text0={"s": 2000}, d=15000),
    C(
        "put the beach photo at the start and make it 5 seconds",
        before=MADE,
        order=["beach.png", "cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
        durations=[5000, 3000, 3000, 3000, 3000],
    ),
    C(
        "put the cat photo last and make it 30 seconds",
        before=MADE,
        d=30000,
        order=["dog.jpg", "beach.png", "rocket.jpg", "city.jpg", "cat.jpg"],
    ),
    C(
        "use wipes, a bit slower",
        before=MADE,
        transitions_in={"wipeleft", "wiperight"},
        rel={"transition_ms": "up", "d": "same"},
    ),
    C("move the title to the end", before=(*MADE, "add a title 'Hi'"), end_text="Hi"),
    C(
        "add 'Day 1' to the first photo and 'Day 2' to the second",
        before=MADE,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
        reply_not_has="⟨",
    ),
    C(
        "add music and make the video as long as the song",
        before=MADE,
        media="music",
        music=True,
        reply_not_has="already",
    ),
    C(
        "make the last photo longer and the first one shorter",
        before=MADE,
        durations=[2000, 3000, 3000, 3000, 4500],
        reply_not_has="the video is 16.5 s",
    ),
    C(
        "make the title yellow, a bit bigger",
        before=(*MADE, "add a title 'Hi'"),
        title_color="yellow",
        rel={"title_size": "up"},
        motion={"auto"},
    ),
    C(
        "swap the first two",
        before=MADE,
        order=["dog.jpg", "cat.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    C(
        "swap the last two and make the video 20 seconds",
        before=MADE,
        d=20000,
        order=["cat.jpg", "dog.jpg", "beach.png", "city.jpg", "rocket.jpg"],
    ),
    C("add the song but only from 0:45", before=MADE, media="music", music_offset=45000, d=15000),
    C("too big", before=(*MADE, "add a title 'Hi'"), asks=True, changed=False),
    C("which transitions are available?", before=MADE, changed=False, reply_has="dissolve"),
    C(
        "video 15 seconds vertical music fade",
        media="music",
        d=15000,
        music=True,
        music_fade_out=3000,
    ),
    C(
        "add music and a 1 second fade in",
        before=MADE,
        media="music",
        music_fade_in=1000,
        transition_ms=800,
    ),
    C(
        "delete the captions and the music",
        before=(*MADE, "add music", "add captions 'a', 'b', 'c'"),
        media="music",
        music=False,
        texts=[],
    ),
    C(
        "don't loop the music",
        before=(*MADE, "add music"),
        media="music",
        music=True,
        music_loop=False,
    ),
]


# ---------------------------------------------------------------------------
# Playing a case and checking it
# ---------------------------------------------------------------------------


@dataclass
class Session:
    """The server's view of a session's history: versions and a pointer (undo is a step)."""

    media: list[MediaItem]
    language: str = "en"
    versions: list[Draft | None] = field(default_factory=lambda: [None])
    at: int = 0
    memory: Memory = field(default_factory=Memory)

    @property
    def draft(self) -> Draft | None:
        return self.versions[self.at]

    def turn(self, instruction: str) -> TurnInput:
        """What the server hands the agent for this instruction in this session."""
        back = [self.versions[k] for k in range(self.at - 1, max(-1, self.at - 6), -1)]
        forward = [v for v in self.versions[self.at + 1 : self.at + 6] if v is not None]
        return TurnInput(
            instruction=instruction,
            draft=self.draft,
            media=self.media,
            language=self.language,
            undo_draft=back[0] if back else None,
            redo_draft=forward[0] if forward else None,
            undo_empty=self.at == 1,  # version 0 is the empty timeline
            undo_drafts=back,
            redo_drafts=forward,
            memory=self.memory,
        )

    def say(self, instruction: str) -> TurnOutput:
        out = run_turn(self.turn(instruction))
        self.apply(out)
        return out

    def apply(self, out: TurnOutput) -> None:
        if out.memory is not None:
            self.memory = out.memory
        if not out.changed:
            return
        if out.history == "undo":
            self.at -= out.steps
        elif out.history == "redo":
            self.at += out.steps
        else:
            del self.versions[self.at + 1 :]
            self.versions.append(out.draft)
            self.at += 1


@dataclass
class Played:
    case: Case
    before: Draft | None
    out: TurnOutput
    seconds: float
    session: Session | None = None

    @property
    def draft(self) -> Draft | None:
        if self.out.cleared:
            return None
        return self.out.draft if self.out.draft is not None else self.before

    def earlier(self, steps: int) -> Draft | None:
        """The draft the session had `steps` changes before `say` (None: the empty timeline)."""
        assert self.session is not None
        return self.session.versions[max(0, self.session.at - steps)]


def play(case: Case) -> Played:
    session = Session(media=MEDIA[case.media], language=case.language)
    for earlier in case.before:
        session.say(earlier)
    before = session.draft
    turn = session.turn(case.say)
    start = time.perf_counter()
    out = run_turn(turn)
    seconds = time.perf_counter() - start
    return Played(case=case, before=before, out=out, seconds=seconds, session=session)


def _texts(draft: Draft) -> list[TextSegment]:
    return sorted(
        (s for t in draft.text_tracks for s in t.segments), key=lambda s: (s.start_ms, s.meta.role)
    )


def problems(played: Played) -> list[str]:
    """What differs from the expectation (empty when the case is understood correctly)."""
    exp = played.case.expect
    out = played.out
    draft = played.draft
    if exp.get("ok_if_asks") and asked(played):
        return []  # asking instead of guessing is a fine answer here
    bad: list[str] = world_problems(played, draft)

    def check(name: str, got: object, want: object) -> None:
        if got != want:
            bad.append(f"{name}: got {got!r}, want {want!r}")

    if not out.reply.strip():
        bad.append("empty reply")
    last_line = out.reply.rsplit("\n", 1)[-1]
    if not last_line.startswith("Timeline ("):
        bad.append(f"reply does not end with the summary: {last_line!r}")
    changed_default = not any(k in exp for k in ("route", "reply_has", "asks", "not_done_has"))
    if "changed" in exp:
        check("changed", out.draft is not None, exp["changed"])
    elif changed_default and exp.get("understood", True):
        check("changed", out.draft is not None, True)
    if "understood" in exp or "not_done_has" not in exp:
        check("understood", out.understood, exp.get("understood", True))
    if "route" in exp:
        check("route", out.route, exp["route"])
    if "history" in exp:
        check("history", out.history, exp["history"])
    if "reply_has" in exp and exp["reply_has"].lower() not in out.reply.lower():
        bad.append(f"reply lacks {exp['reply_has']!r}: {out.reply!r}")
    if out.draft is not None:
        Draft.model_validate(out.draft.model_dump())
    if draft is None:
        for key in ("d", "segments", "size", "order"):
            if key in exp:
                bad.append(f"{key}: no draft")
        return bad
    video = next((t for t in draft.video_tracks if t.segments), None)
    segs = video.segments if video else []
    images = [s for s in segs if s.meta.kind == "image"]
    if "d" in exp:
        check("d", draft.duration_ms, exp["d"])
    if "segments" in exp:
        check("segments", len(segs), exp["segments"])
    if "size" in exp:
        check("size", (draft.meta.width, draft.meta.height), tuple(exp["size"]))
    if "fps" in exp:
        check("fps", draft.meta.fps, exp["fps"])
    if "order" in exp:
        check("order", [s.meta.name for s in segs], exp["order"])
    if "durations" in exp:
        check("durations", [s.duration_ms for s in segs], exp["durations"])
    cuts = [s.meta.transition for s in segs[:-1]]
    if "transitions" in exp:
        check("transitions", {t.type if t else "none" for t in cuts}, exp["transitions"])
    if "cut_types" in exp:
        check("cut_types", [t.type if t else "none" for t in cuts], exp["cut_types"])
    if "transition_ms" in exp:
        check("transition_ms", {t.duration_ms for t in cuts if t}, {exp["transition_ms"]})
    if "motion" in exp:
        check("motion", {s.meta.motion.type for s in images}, exp["motion"])
    if "motion_of" in exp:
        for i, kind in exp["motion_of"].items():
            check(f"motion[{i}]", segs[i].meta.motion.type, kind)
    if "intensity" in exp:
        check("intensity", {s.meta.motion.intensity for s in images}, {exp["intensity"]})
    if "fit" in exp:
        check("fit", {s.meta.fit for s in segs}, exp["fit"])
    texts = _texts(draft)
    if "texts" in exp:
        check(
            "texts",
            [t.meta.text for t in texts if t.meta.role == "title"]
            if exp["texts"]
            else [t.meta.text for t in texts],
            exp["texts"],
        )
    if "all_texts" in exp:
        check("all_texts", [t.meta.text for t in texts], exp["all_texts"])
    if "text0" in exp:
        titles = [t for t in texts if t.meta.role == "title"]
        if not titles:
            bad.append("text0: no title")
        else:
            first = titles[0]
            for key, want in exp["text0"].items():
                on_segment = {"s": "start_ms", "d": "duration_ms"}
                got = (
                    getattr(first, on_segment[key])
                    if key in on_segment
                    else getattr(first.meta, key)
                )
                check(f"title.{key}", got, want)
    if "captions" in exp:
        for i, want in exp["captions"].items():
            seg = segs[i]
            found = [
                t
                for t in texts
                if t.meta.role == "caption"
                and t.start_ms == seg.start_ms
                and t.duration_ms == seg.duration_ms
            ]
            check(f"caption[{i}]", found[0].meta.text if found else None, want)
    music = [s for t in draft.audio_tracks for s in t.segments]
    if "music" in exp:
        check("music", bool(music), exp["music"])
    for key, attr in (
        ("music_offset", "offset"),
        ("music_loop", "loop"),
        ("music_volume", "volume"),
        ("music_fade_out", "fade_out"),
        ("music_fade_in", "fade_in"),
    ):
        if key in exp:
            check(key, getattr(music[0].meta, attr) if music else None, exp[key])
    if "music_src" in exp:
        # a media id ("id-song.mp3") or the file's name ("song.mp3")
        got = {music[0].meta.src, music[0].meta.name} if music else set()
        if exp["music_src"] not in got:
            bad.append(f"music_src: got {got or None}, want {exp['music_src']!r}")
    if "music_d" in exp:
        check("music_d", music[0].duration_ms if music else None, exp["music_d"])
    if "clip_audio" in exp:
        modes = {s.meta.audio for s in segs if s.meta.kind == "video"}
        want = exp["clip_audio"]
        if isinstance(want, bool):  # True: the clips are heard (kept or ducked); False: muted
            if not modes or (want and "mute" in modes) or (not want and modes != {"mute"}):
                bad.append(f"clip_audio: got {modes}, want {'heard' if want else 'muted'}")
        else:
            check("clip_audio", modes, {want})
    if "ops" in exp:
        check("ops", [op.name for op in out.ops], exp["ops"])
    return bad
