"""Instructions typed the way real people type them, for photoreel's agent.

Authorship: written by a separate case writer for issue 15 (the text below is
theirs), brought into the repo by the agent helper. The agent helper changed
only what `CHANGED` at the end of this file lists, each with its reason; the
expect keys are checked by tests/agent_expect.py.

Written from the outside: only README.md, docs/DRAFT.md, shared/PROTOCOL.md
and issues 15 and 17 were read, never the agent's code, its docs/AGENT.md or
its own case table.  The phrasings come from how creators, small shop owners
and casual users write in chat boxes: typos, no punctuation, ALL CAPS, emoji,
"pls/thx", dictation run-ons, numbers as words, Chinese numerals (十五秒,
两秒, 一分半, 半分钟), full-width digits (１５秒), 「」“”《》 quotes, and
中英文 mixed in one line.

Three lists:

  WORLD_CASES     English (language="en")
  WORLD_CASES_ZH  Simplified Chinese (language="zh", Chinese `before` too)
  SENSE_CASES     issue 17's photo-sense phrases, both languages

Media sets and defaults are those described in the brief (a new video: every
photo in upload order cat.jpg, dog.jpg, beach.png, rocket.jpg, city.jpg, 3 s
each, 0.8 s "fade" on every cut, motion "auto", 1920x1080, 30 fps; so MADE
gives d=15000 with 5 segments).  Segment and cut indexes are 0-based: cut i is
the hand-over from video segment i to i+1 (the transition stored on segment
i, docs/DRAFT.md).

Expect keys used here that the brief lists: d, segments, size, fps, order,
durations, transitions, cut_types, transition_ms, motion, motion_of,
intensity, fit, texts, all_texts, text0, captions, music, music_volume,
music_fade_in, music_fade_out, music_offset, music_loop, music_src, music_d,
clip_audio, changed, understood, reply_has, route, history.

INVENTED expect keys (each needs a check in the lead's runner)
-------------------------------------------------------------

General
  asks=True           The agent asked a short clarifying question and changed
                      nothing: the draft is identical to the one before `say`,
                      and the reply contains a question ("?" or "？", or a
                      Chinese question such as 哪/吗/呢 for zh cases).
  ok_if_asks=True     The case ALSO passes when the agent asked instead (the
                      asks=True test above holds); otherwise every other key
                      of the case must hold.  Used where doing it is what the
                      person wants but asking is a defensible, harmless answer
                      (e.g. 删掉猫的那张 when the file is cat.jpg).
  reply_lang="zh"|"en"
                      The reply is written in that language: "zh" = the reply,
                      outside quoted user text and file names, has more CJK
                      characters than Latin letters; "en" = no CJK characters
                      outside quoted user text.
  reply_not_has="..." This substring (case-insensitive) does NOT appear in the
                      reply (e.g. the leaked placeholder "⟨" from issue 15).
  no_repeat=True      No sentence of the reply appears twice (issue 15: "A
                      reply said the same sentence twice").
  not_done_has="..."  The instruction has a part photoreel cannot do; the
                      reply names that part: this substring appears in the
                      reply (case-insensitive).  The doable parts are checked
                      with the other keys of the case and must be done.
  undone_steps=n      The draft equals the draft the session had n changes
                      earlier (n draft-changing turns of `before` rolled back),
                      i.e. the same as replaying `before` without its last n
                      draft-changing instructions.

Numbers
  rel={name: "up"|"down"|"same"}
                      Compared with the draft just before `say`, the named
                      quantity moved that way ("same": unchanged).  Names:
                        d             the video's length
                        intensity     mean motion intensity of the photos
                        music_volume  the music segment's volume
                        transition_ms mean transition length over the cuts
                        title_size    the first title's `size`
                        segments      number of video segments
                      For music_volume "down" the new value must also be at
                      least half the old one (one step, not two: issue 15's
                      100 -> 70 -> 49 % fails); for "up" at most double.
  between={name: (lo, hi)}
                      The quantity lies in [lo, hi], inclusive.  Names: d,
                      transition_ms (every transition), music_volume,
                      intensity (every photo), music_fade_in, music_fade_out,
                      music_offset, seg_ms (every video segment's d), title_d
                      (the first title's d).

Canvas, transitions, motion, fit
  size_in=[(w, h), ...]        the canvas is one of these sizes
  orientation="portrait"|"landscape"|"square"
                               height > width / width > height / equal
                               (for platforms whose ratio varies: 小红书, 视频号)
  transitions_in={types}       every cut's type is in this set (a subset is
                               fine: "use wipes" may mix wipeleft and wiperight)
  cut_of={cut index: type or {types}}
                               that cut's transition type is this one / one of
                               these ("none" also matches a cut with no
                               transition object)
  motion_in={types}            every photo segment's motion type is in the set
  fit_in={fits}                every photo segment's fit is in the set
  fit_of={segment index: fit or {fits}}
                               that segment's fit is this one / one of these
  dur_by_name={file name: ms}  the video segment showing that file lasts ms
                               (for files whose position is not fixed)
  names={file names}           the set of files on the video track (order not
                               checked; e.g. after "shuffle")
  clip_audio_mode="keep"|"mute"|"duck"
                               every video clip's `audio` value

Text
  texts_ci=[...]      like texts (the title texts, in order) but compared
                      case-insensitively and with surrounding spaces trimmed;
                      for words dictated without quotes ("that says grand
                      opening"), where capitalising them is fine.
  end_text="..."      Some text segment ends at the end of the video (s + d
                      equals the draft's d, within one frame), starts after 0
                      (an end card, not a whole-video title), and its words
                      equal this, case-insensitively, trimmed.  Any role.
  title_color="red"|"yellow"|"white"|"black"|"blue"|"green"|"pink"|"orange"
                      The first title's colour is in that colour family:
                      white/black by lightness (>= 90 % / <= 10 %), the rest
                      by hue within 20 degrees of the named hue (red 0,
                      orange 30, yellow 60, green 120, blue 220, pink 330)
                      with saturation >= 50 %.
  captions_has={segment index: substring}
                      some text segment shown over that video segment (its
                      time span lies within the segment's, any role) contains
                      the substring (case-insensitive)
  caption_count=n     the number of text segments with role "caption"

Photo sense (issue 17, SENSE_CASES)
  focus="faces"|"subject"
                      Every photo segment's crop and automatic motion are
                      anchored to the faces found in it ("subject": the
                      salient region, e.g. the animal) as recorded in the
                      draft (whatever key the implementation documents in
                      DRAFT.md); in rendered frames the face box of a photo
                      that has faces stays inside the frame.  Photos without
                      a face or subject may keep the default framing.
  beat_cuts=True      Music is on the draft and every cut between video
                      segments (the transition's centre) lies within one
                      frame of a beat of the music as placed (offset
                      included).
  beats_per_photo=n   Additionally each video segment, except possibly the
                      first and last, spans n beats (within one frame).
  sorted_by="time"|"time_desc"
                      The video track's order equals the photos sorted by
                      capture time (EXIF DateTimeOriginal, then a date in the
                      file name, then the file's time) oldest first /
                      newest first.
  removed_duplicates=True
                      No two photos the analysis marks as near-duplicates are
                      both left; no photo outside a duplicate group was
                      removed; the reply names the removed files, or says none
                      were found (then the draft is unchanged).
  removed_blurry=True Same for photos the analysis marks as blurred.
  captions_from="date"|"place"|"date_place"
                      Every photo whose analysis has a capture date (a place,
                      both) gets a caption containing it (any date format,
                      the place's name); the reply says which photos had none.
"""

from agent_cases import MADE, C, Case

# --------------------------------------------------------------------------
# helpers (plain data; every case is still one C(...) call)

CAT, DOG, BEACH, ROCKET, CITY = "cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"
P5 = [CAT, DOG, BEACH, ROCKET, CITY]
RED, BLUE, GREEN, BANNER, TEAM = (
    "product-red.jpg",
    "product-blue.jpg",
    "product-green.jpg",
    "banner.png",
    "team.jpg",
)
PROD = [RED, BLUE, GREEN, BANNER, TEAM]

V = (1080, 1920)  # 9:16
H = (1920, 1080)  # 16:9
SQ = (1080, 1080)  # 1:1
F45 = (1080, 1350)  # 4:5

WIPES = {"wipeleft", "wiperight", "wipeup", "wipedown"}
SLIDES = {"slideleft", "slideright", "slideup", "slidedown", "smoothleft", "smoothright"}
CIRCLES = {"circleopen", "circleclose"}
SMOOTH = {"fade", "dissolve", "smoothleft", "smoothright"}
PANS = {"pan_left", "pan_right", "pan_up", "pan_down"}
MOVING = {"auto", "zoom_in", "zoom_out"} | PANS
SHOWALL = {"contain", "contain_blur"}

# English sessions built before `say`
MUS = (*MADE, "add music")
TITLE = (*MADE, "add a title 'Summer'")
VERT = (*MADE, "make it vertical")
HARD = (*MADE, "hard cuts")
LEN20 = ("make a 20 second video",)
LEN30 = ("make a 30 second video",)

# Chinese sessions
ZMADE = ("做一个视频",)
ZMUS = (*ZMADE, "加背景音乐")
ZTITLE = (*ZMADE, "加上标题「夏天」")
ZVERT = (*ZMADE, "改成竖屏")
ZHARD = (*ZMADE, "不要转场")
ZLEN20 = ("做一个20秒的视频",)
ZLEN30 = ("做一个30秒的视频",)


def Z(say, before=(), media="photos", **expect):
    """A Simplified Chinese case."""
    return C(say, before=before, media=media, language="zh", **expect)


# ==========================================================================
# English
# ==========================================================================

WORLD_CASES: list[Case] = [
    # ---------------------------------------------------------------- making
    C(
        "turn my photos into a 15-second video with smooth transitions",
        d=15000,
        segments=5,
        transitions_in=SMOOTH,
    ),
    C(
        "make a video",
        d=15000,
        segments=5,
        size=H,
        fps=30,
        transitions={"fade"},
        transition_ms=800,
        order=P5,
    ),
    C("make a 10 second video", d=10000, durations=[2000] * 5),
    C("make a 30 sec video", d=30000, segments=5),
    C("15s video pls", d=15000),
    C("make me a vid 20 secs long", d=20000),
    C("make a twenty five second video", d=25000),
    C("can you make a video thats half a minute", d=30000),
    C("a minute and a half slideshow", d=90000),
    C("make a 1 min video out of these", d=60000),
    C("1 minute video with all my pics", d=60000, segments=5),
    C("make a 45 second video", d=45000, durations=[9000] * 5),
    C("make it exactly 17.5 seconds", before=MADE, d=17500),
    C("make each photo 2 seconds", d=10000, durations=[2000] * 5),
    C("2.5 sec per photo", d=12500, durations=[2500] * 5),
    C("each pic 4s", d=20000, durations=[4000] * 5),
    C("make each photo half a second", durations=[500] * 5, d=2500),
    C("one second each", before=MADE, durations=[1000] * 5, d=5000),
    C("show every photo for 5 seconds", d=25000, durations=[5000] * 5),
    C("30 second reel for instagram", size=V, d=30000),
    C("make a tiktok", size=V, segments=5),
    C("tiktok video 15s", size=V, d=15000),
    C("youtube shorts version pls", before=MADE, size=V),
    C("make a video for youtube", size=H),
    C("insta story", size=V),
    C("make a reel", size=V),
    C("make an instagram post", size_in=[F45, SQ]),
    C("square video for linkedin", size=SQ),
    C("make a short for youtube, 20 seconds", size=V, d=20000),
    C("make a video with just the first 3 photos", order=[CAT, DOG, BEACH]),
    C("make a video using cat.jpg and dog.jpg only", order=[CAT, DOG]),
    C("make a video without city.jpg", order=[CAT, DOG, BEACH, ROCKET]),
    C("make a video with all of them except the rocket", order=[CAT, DOG, BEACH, CITY]),
    C("make a video pls", media="none", changed=False, reply_has="upload"),
    C("turn my photo into a video", media="one", segments=1, order=[CAT]),
    C("make a 10 sec video from this pic", media="one", d=10000, durations=[10000]),
    C("turn these into a video", media="three", d=9000, segments=3, order=[CAT, DOG, BEACH]),
    C(
        "make a video out of my clips and photos",
        media="clips",
        segments=4,
        names={CAT, DOG, BEACH, "surf.mp4"},
    ),
    C("make a video with music", media="music", music=True, music_src="song.mp3", music_d=15000),
    C("make a product video for my shop", media="products", segments=5, order=PROD),
    C("make a promo for my bakery with these pics 20 sec", d=20000, segments=5),
    C("need a quick ad for instagram stories", size=V),
    C("make it 20 seconds", before=MADE, d=20000, durations=[4000] * 5),
    C("make it longer", before=MADE, rel={"d": "up"}),
    C("a bit shorter", before=MADE, rel={"d": "down"}),
    C("cut it down to 15", before=LEN30, d=15000),
    C("trim it to 12 seconds", before=MADE, d=12000),
    C("make it 10 secs instead", before=LEN20, d=10000),
    C("make it 15", before=LEN20, d=15000),
    C("shorten to 8s", before=MADE, d=8000),
    C("stretch it to a full minute", before=MADE, d=60000),
    C(
        "make the first photo 5 seconds",
        before=MADE,
        durations=[5000, 3000, 3000, 3000, 3000],
        d=17000,
    ),
    C(
        "make the last photo 6 seconds",
        before=MADE,
        durations=[3000, 3000, 3000, 3000, 6000],
        d=18000,
    ),
    C("photo 3 should be 1 sec", before=MADE, durations=[3000, 3000, 1000, 3000, 3000], d=13000),
    C("make rocket.jpg 4 seconds", before=MADE, dur_by_name={ROCKET: 4000}),
    C("make it 15 seconds", before=(*MADE, "make each photo 5 seconds"), d=15000),
    C(
        "show each photo 2 seconds and the banner 4 seconds",
        media="products",
        durations=[2000, 2000, 2000, 4000, 2000],
        d=12000,
    ),
    C("make a 15 second vertical video with music", media="music", d=15000, size=V, music=True),
    C("make a video, 3 seconds per photo, no transitions", d=15000, transitions={"none"}),
    # ---------------------------------------------------------------- canvas
    C("make it vertical", before=MADE, size=V, d=15000),
    C("MAKE IT VERTICAL", before=MADE, size=V),
    C("make it vertcal", before=MADE, size=V),
    C("verticle pls", before=MADE, size=V),
    C("portrait mode", before=MADE, size=V),
    C("9:16", before=MADE, size=V),
    C("make a video in 9x16", size=V, segments=5),
    C("9 by 16 please", before=MADE, size=V),
    C("1080x1920", before=MADE, size=V),
    C("make it horizontal again", before=VERT, size=H),
    C("landscape", before=VERT, size=H),
    C("back to 16:9", before=VERT, size=H),
    C("square", before=MADE, size=SQ),
    C("1:1 for instagram", before=MADE, size=SQ),
    C("make it square pls thx", before=MADE, size=SQ),
    C("4:5", before=MADE, size=F45),
    C("4:5 for the instagram feed", before=MADE, size=F45),
    C("make it 4:3", before=MADE, size=(1440, 1080)),
    C("720p", before=MADE, size=(1280, 720)),
    C("make it 720p vertical", before=MADE, size=(720, 1280)),
    C("lower the resolution to 720", before=MADE, size=(1280, 720)),
    C("1080p", before=(*MADE, "720p"), size=H),
    C("full hd please", before=(*MADE, "720p"), size=H),
    C("60fps", before=MADE, fps=60),
    C("60 frames per second", before=MADE, fps=60),
    C("24 fps", before=MADE, fps=24),
    C("make it 25fps", before=MADE, fps=25),
    C("48 fps", before=MADE, changed=False, not_done_has="48"),
    C("make it vertical for tiktok", before=MADE, size=V),
    C("vertical and 60fps", before=MADE, size=V, fps=60),
    C("make it vertical but keep it 20 seconds", before=LEN20, size=V, d=20000),
    C("show the whole photo, don't crop", before=MADE, fit_in=SHOWALL),
    C("dont cut off my photos", before=VERT, fit_in=SHOWALL),
    C("blurred background instead of cropping", before=MADE, fit={"contain_blur"}),
    C("black bars are fine, just show the whole pic", before=MADE, fit={"contain"}),
    C("fill the screen", before=(*MADE, "black bars, show the whole photo"), fit={"cover"}),
    C("vertical but dont cut off the city pic", before=MADE, size=V, fit_of={4: SHOWALL}),
    C("show the whole banner dont crop it", media="products", before=MADE, fit_of={3: SHOWALL}),
    # ----------------------------------------------------------- transitions
    C("hard cuts", before=MADE, transitions={"none"}, d=15000),
    C("no transitions", before=MADE, transitions={"none"}),
    C("just cut between photos, no fades", before=MADE, transitions={"none"}),
    C("quick cuts", before=MADE, transitions={"none"}, between={"seg_ms": (100, 2000)}),
    C("half-second crossfades", before=MADE, transitions={"fade"}, transition_ms=500),
    C("crossfade 1 sec", before=MADE, transitions={"fade"}, transition_ms=1000),
    C(
        "make the transitions 2 seconds",
        before=MADE,
        transitions={"fade"},
        transition_ms=2000,
        d=15000,
    ),
    C("transitions 0.3s", before=MADE, transition_ms=300),
    C("longer transitions", before=MADE, rel={"transition_ms": "up"}, d=15000),
    C("the fades are too slow", before=MADE, rel={"transition_ms": "down"}, d=15000),
    C("use wipes", before=MADE, transitions_in=WIPES),
    C("wipe left", before=MADE, transitions={"wipeleft"}),
    C("slide transitions", before=MADE, transitions_in=SLIDES),
    C("slide right between all photos", before=MADE, transitions={"slideright"}),
    C("dissolve", before=MADE, transitions={"dissolve"}),
    C("fade to black between each photo", before=MADE, transitions={"fadeblack"}),
    C("dip to white", before=MADE, transitions={"fadewhite"}),
    C("circle transitions", before=MADE, transitions_in=CIRCLES),
    C("zoom transitions", before=MADE, transitions={"zoomin"}),
    C("pixelate transition", before=MADE, transitions={"pixelize"}),
    C("radial wipe between photos", before=MADE, transitions={"radial"}),
    C("smooth transitions", before=HARD, transitions_in=SMOOTH),
    C("fades", before=HARD, transitions={"fade"}),
    C("bring back the crossfades", before=HARD, transitions={"fade"}),
    C(
        "a wipe between photo 2 and 3",
        before=MADE,
        cut_of={0: "fade", 1: WIPES, 2: "fade", 3: "fade"},
    ),
    C(
        "no transition between the first two",
        before=MADE,
        cut_of={0: "none", 1: "fade", 2: "fade", 3: "fade"},
    ),
    C(
        "fade between photo 4 and 5 only, hard cuts elsewhere",
        before=MADE,
        cut_types=["none", "none", "none", "fade"],
    ),
    C("no fade between rocket and city", before=MADE, cut_of={3: "none", 2: "fade"}),
    C("random transitions", before=MADE, changed=True, d=15000),
    C(
        "make the transitions shorter and use slides",
        before=MADE,
        transitions_in=SLIDES,
        rel={"transition_ms": "down"},
    ),
    C("1 sec dissolves", before=MADE, transitions={"dissolve"}, transition_ms=1000),
    C("fade thru black, 1 second", before=MADE, transitions={"fadeblack"}, transition_ms=1000),
    # ---------------------------------------------------------------- motion
    C("slow zoom in", before=MADE, motion={"zoom_in"}),
    C("zoom in on every photo", before=MADE, motion={"zoom_in"}),
    C("zoom out", before=MADE, motion={"zoom_out"}),
    C("pan left", before=MADE, motion={"pan_left"}),
    C("pan right on all of them", before=MADE, motion={"pan_right"}),
    C("pan across the photos", before=MADE, motion_in=PANS),
    C("pan up", before=MADE, motion={"pan_up"}),
    C("keep the photos still", before=MADE, motion={"none"}),
    C("no zoom", before=MADE, motion={"none"}),
    C("stop the photos moving around", before=MADE, motion={"none"}),
    C("ken burns effect", before=(*MADE, "keep the photos still"), motion_in=MOVING),
    C("more movement", before=MADE, rel={"intensity": "up"}),
    C("less zoom its making me dizzy", before=MADE, rel={"intensity": "down"}),
    C(
        "make the zoom really strong",
        before=(*MADE, "zoom in"),
        between={"intensity": (0.7, 1.0)},
        motion={"zoom_in"},
    ),
    C("zoom in on photo 2", before=MADE, motion_of={1: "zoom_in"}),
    C(
        "first photo zoom out, last photo zoom in",
        before=MADE,
        motion_of={0: "zoom_out", 4: "zoom_in"},
    ),
    C("pan down on beach.png", before=MADE, motion_of={2: "pan_down"}),
    C("stop the motion on the city one", before=MADE, motion_of={4: "none"}),
    C(
        "alternate zoom in and zoom out",
        before=MADE,
        motion_of={0: "zoom_in", 1: "zoom_out", 2: "zoom_in", 3: "zoom_out", 4: "zoom_in"},
    ),
    C("zoom in slowly on the first pic", before=MADE, motion_of={0: "zoom_in"}),
    C("still photos and hard cuts", before=MADE, motion={"none"}, transitions={"none"}),
    C(
        "zoom in on all of them but less",
        before=MADE,
        motion={"zoom_in"},
        rel={"intensity": "down"},
    ),
    # ------------------------------------------------------------------ text
    C(
        "add a title 'Urban Dreams' for the first 3 seconds",
        before=MADE,
        texts=["Urban Dreams"],
        text0={"s": 0, "d": 3000},
    ),
    C("add a title Summer", before=MADE, texts=["Summer"]),
    C("title: Summer 2024", before=MADE, texts=["Summer 2024"]),
    C(
        "a title at the start that says Our Summer",
        before=MADE,
        texts=["Our Summer"],
        text0={"s": 0},
    ),
    C("put “Best Day Ever” as the title", before=MADE, texts=["Best Day Ever"]),
    C(
        "add the text 'Grand Opening' at the top",
        before=MADE,
        texts=["Grand Opening"],
        text0={"position": "top"},
    ),
    C("put the title at the bottom", before=TITLE, text0={"position": "bottom"}, texts=["Summer"]),
    C("move the title up top", before=TITLE, text0={"position": "top"}),
    C(
        "center the title",
        before=(*TITLE, "put the title at the bottom"),
        text0={"position": "center"},
    ),
    C("make the title red", before=TITLE, title_color="red", texts=["Summer"]),
    C("title in yellow pls", before=TITLE, title_color="yellow"),
    C("make the title white again", before=(*TITLE, "make the title red"), title_color="white"),
    C("make the title bigger", before=TITLE, rel={"title_size": "up"}, texts=["Summer"]),
    C(
        "the title is too small, can you enlarge it",
        before=TITLE,
        rel={"title_size": "up"},
        texts=["Summer"],
    ),
    C("smaller title", before=TITLE, rel={"title_size": "down"}),
    C("title is way too big", before=TITLE, rel={"title_size": "down"}, texts=["Summer"]),
    C("make the title not bold", before=TITLE, text0={"weight": "regular"}),
    C("put a box behind the title so its easier to read", before=TITLE, text0={"box": True}),
    C("change the title to Winter", before=TITLE, texts=["Winter"]),
    C("rename the title to 'Trip 2024'", before=TITLE, texts=["Trip 2024"]),
    C("change the title text to say hello world", before=TITLE, texts_ci=["hello world"]),
    C("remove the title", before=TITLE, texts=[]),
    C("get rid of all the text", before=(*TITLE, "caption photo 2 'best boy'"), all_texts=[]),
    C("show the title for the whole video", before=TITLE, text0={"s": 0, "d": 15000}),
    C("title for 5 secs", before=TITLE, text0={"d": 5000}, texts=["Summer"]),
    C("put the title on for 3 seconds starting at 5s", before=TITLE, text0={"s": 5000, "d": 3000}),
    C("an end card that says thanks for watching!", before=MADE, end_text="thanks for watching!"),
    C("end with 'Follow for more'", before=MADE, end_text="Follow for more"),
    C("add a closing text: see you next summer", before=MADE, end_text="see you next summer"),
    C("caption photo 2 'best boy'", before=MADE, captions={1: "best boy"}),
    C("add a caption to the first photo that says Day 1", before=MADE, captions_has={0: "Day 1"}),
    C(
        "caption each photo with its name",
        before=MADE,
        caption_count=5,
        captions_has={0: "cat", 1: "dog", 2: "beach", 3: "rocket", 4: "city"},
    ),
    C(
        "put the file names on the photos",
        before=MADE,
        caption_count=5,
        captions_has={0: "cat", 4: "city"},
    ),
    C("add title Summer and make it red", before=MADE, texts=["Summer"], title_color="red"),
    C("add a title", before=MADE, asks=True, changed=False),
    C("make the title red", before=MADE, changed=False, reply_has="title"),
    C(
        "title 'Hello' at the bottom in yellow",
        before=MADE,
        texts=["Hello"],
        text0={"position": "bottom"},
        title_color="yellow",
    ),
    C(
        "add 'SALE 50% OFF' in big red letters",
        media="products",
        before=MADE,
        texts=["SALE 50% OFF"],
        title_color="red",
    ),
    C("add a title with my name", before=MADE, asks=True, changed=False),
    C("add text: Hi 👋", before=MADE, texts=["Hi 👋"]),
    C("add a title that says 'Make It Vertical'", before=MADE, texts=["Make It Vertical"], size=H),
    C(
        "add a title that says the title is too small",
        before=MADE,
        texts_ci=["the title is too small"],
    ),
    C('add a title "Mia\'s 5th Birthday"', before=MADE, texts=["Mia's 5th Birthday"]),
    C("ADD A TITLE 'SALE'", before=MADE, texts=["SALE"]),
    C("add 'NEW' on the green one", media="products", before=MADE, captions_has={2: "NEW"}),
    C(
        "end card: Shop now at redshoes.com",
        media="products",
        before=MADE,
        end_text="Shop now at redshoes.com",
    ),
    C("two line title: Summer / 2024", before=MADE, all_texts=["Summer\n2024"]),
    # ----------------------------------------------------------------- music
    C("add music", before=MADE, media="music", music=True, music_src="song.mp3", music_d=15000),
    C("add some music 🎵", before=MADE, media="music", music=True),
    C("put song.mp3 on it", before=MADE, media="music", music=True, music_src="song.mp3"),
    C("add music at 35%", before=MADE, media="music", music=True, music_volume=0.35),
    C("add background music at 30 percent volume", before=MADE, media="music", music_volume=0.3),
    C(
        "add music with a 2 second fade in",
        before=MADE,
        media="music",
        music=True,
        music_fade_in=2000,
        transition_ms=800,
        transitions={"fade"},
    ),
    C("music volume 50", before=MUS, media="music", music_volume=0.5),
    C("set the music to 20%", before=MUS, media="music", music_volume=0.2),
    C(
        "music is too loud, turn it down",
        before=MUS,
        media="music",
        rel={"music_volume": "down"},
        no_repeat=True,
    ),
    C("lower the music a bit", before=MUS, media="music", rel={"music_volume": "down"}),
    C("music louder", before=(*MUS, "music at 40%"), media="music", rel={"music_volume": "up"}),
    C(
        "cant hear the music",
        before=(*MUS, "music at 20%"),
        media="music",
        rel={"music_volume": "up"},
    ),
    C(
        "fade the music out at the end",
        before=MUS,
        media="music",
        between={"music_fade_out": (300, 10000)},
    ),
    C("fade out music over 3 seconds", before=MUS, media="music", music_fade_out=3000),
    C(
        "fade in 1s and fade out 2s",
        before=MUS,
        media="music",
        music_fade_in=1000,
        music_fade_out=2000,
        transition_ms=800,
    ),
    C(
        "no fades on the music",
        before=(*MUS, "fade in 1s and fade out 2s"),
        media="music",
        music_fade_in=0,
        music_fade_out=0,
        transitions={"fade"},
    ),
    C("start the song at 0:30", before=MUS, media="music", music_offset=30000),
    C("skip the first 10 seconds of the song", before=MUS, media="music", music_offset=10000),
    C("start the music 30 seconds in", before=MUS, media="music", music_offset=30000),
    C("start the song from 1:05", before=MUS, media="music", music_offset=65000),
    C("loop the music", before=MUS, media="music", music_loop=True),
    C("don't loop the music", before=MUS, media="music", music_loop=False),
    C("remove the music", before=MUS, media="music", music=False),
    C("no music", before=MUS, media="music", music=False),
    C("take the song off", before=MUS, media="music", music=False, d=15000),
    C("put some music on it", before=MADE, media="photos", changed=False, reply_has="upload"),
    C("add background music", before=MADE, media="two_songs", asks=True, changed=False),
    C(
        "the lofi one",
        before=(*MADE, "add background music"),
        media="two_songs",
        music=True,
        music_src="lofi-beats.mp3",
    ),
    C("add lofi-beats.mp3", before=MADE, media="two_songs", music_src="lofi-beats.mp3"),
    C("use the second song", before=MADE, media="two_songs", music_src="lofi-beats.mp3"),
    C(
        "switch to the other song",
        before=(*MADE, "add song.mp3"),
        media="two_songs",
        music_src="lofi-beats.mp3",
    ),
    C(
        "make it 2 minutes with lofi-beats",
        before=MADE,
        media="two_songs",
        d=120000,
        music_src="lofi-beats.mp3",
        music_loop=True,
        music_d=120000,
    ),
    C("mute the clips", before=MADE, media="clips_music", clip_audio=False),
    C("mute the video sound", before=MADE, media="clips", clip_audio=False),
    C("turn off the sound of surf.mp4", before=MADE, media="clips", clip_audio=False),
    C(
        "actually keep the waves sound from the surf clip",
        before=(*MADE, "mute the clips"),
        media="clips_music",
        clip_audio=True,
    ),
    C(
        "lower the clip audio under the music",
        before=MUS,
        media="clips_music",
        clip_audio_mode="duck",
    ),
    C(
        "add music but keep the clip sound",
        before=MADE,
        media="clips_music",
        music=True,
        clip_audio=True,
    ),
    C(
        "music 35% and fade out at the end",
        before=MADE,
        media="music",
        music_volume=0.35,
        between={"music_fade_out": (300, 10000)},
    ),
    C("music at 150%", before=MUS, media="music", music_volume=1.5),
    C("make the song start at the chorus", before=MUS, media="music", asks=True, changed=False),
    C(
        "music quieter and title bigger",
        before=(*TITLE, "add music"),
        media="music",
        rel={"music_volume": "down", "title_size": "up"},
        texts=["Summer"],
    ),
    C("music 25 pct", before=MUS, media="music", music_volume=0.25),
    # ------------------------------------------------------------- arranging
    C("swap the first and last photo", before=MADE, order=[CITY, DOG, BEACH, ROCKET, CAT]),
    C("swap photo 2 and 4", before=MADE, order=[CAT, ROCKET, BEACH, DOG, CITY]),
    C("switch 1 and 2", before=MADE, order=[DOG, CAT, BEACH, ROCKET, CITY]),
    C("put rocket.jpg first", before=MADE, order=[ROCKET, CAT, DOG, BEACH, CITY]),
    C("rocket first", before=MADE, order=[ROCKET, CAT, DOG, BEACH, CITY]),
    C("put the beach one last", before=MADE, order=[CAT, DOG, ROCKET, CITY, BEACH]),
    C("move photo 1 to the end", before=MADE, order=[DOG, BEACH, ROCKET, CITY, CAT]),
    C("move city.jpg to position 2", before=MADE, order=[CAT, CITY, DOG, BEACH, ROCKET]),
    C("move the third pic to the front", before=MADE, order=[BEACH, CAT, DOG, ROCKET, CITY]),
    C("first photo last", before=MADE, order=[DOG, BEACH, ROCKET, CITY, CAT]),
    C("swap the cat and the dog", before=MADE, order=[DOG, CAT, BEACH, ROCKET, CITY]),
    C("remove photo 3", before=MADE, order=[CAT, DOG, ROCKET, CITY], segments=4),
    C("delete the second one", before=MADE, order=[CAT, BEACH, ROCKET, CITY]),
    C("remove dog.jpg", before=MADE, order=[CAT, BEACH, ROCKET, CITY]),
    C("take out the first and last pictures", before=MADE, order=[DOG, BEACH, ROCKET], segments=3),
    C("remove photos 2 and 3", before=MADE, order=[CAT, ROCKET, CITY]),
    C("delete the last 2", before=MADE, order=[CAT, DOG, BEACH]),
    C("remove the cat pic", before=MADE, order=[DOG, BEACH, ROCKET, CITY]),
    C("remove the photo of my mom", before=MADE, asks=True, changed=False),
    C(
        "remove photo 3",
        before=("make a 15 second video",),
        order=[CAT, DOG, ROCKET, CITY],
        d=15000,
    ),
    C("reverse the order", before=MADE, order=[CITY, ROCKET, BEACH, DOG, CAT]),
    C("backwards order pls", before=MADE, order=[CITY, ROCKET, BEACH, DOG, CAT]),
    C("shuffle", before=MADE, changed=True, segments=5, names=set(P5), d=15000),
    C("randomize the order", before=MADE, changed=True, names=set(P5)),
    C("put them in alphabetical order", before=MADE, order=[BEACH, CAT, CITY, DOG, ROCKET]),
    C("sort by name", before=(*MADE, "reverse the order"), order=[BEACH, CAT, CITY, DOG, ROCKET]),
    C("oops put it back", before=(*MADE, "remove photo 2"), order=P5, segments=5),
    C("wait no bring it back", before=(*MADE, "remove city.jpg"), order=P5),
    C("put dog.jpg back", before=(*MADE, "remove dog.jpg"), names=set(P5), segments=5),
    C("remove it", before=MADE, asks=True, changed=False),
    C("delete", before=MADE, asks=True, changed=False),
    C("remove photo 9", before=MADE, changed=False, reply_has="5"),
    C("remove that one", before=(*MADE, "what's the 4th photo?"), order=[CAT, DOG, BEACH, CITY]),
    C(
        "make that one 5 seconds",
        before=(*MADE, "what's the 4th photo?"),
        durations=[3000, 3000, 3000, 5000, 3000],
    ),
    C(
        "put it first",
        before=(*MADE, "which one is photo 4?"),
        order=[ROCKET, CAT, DOG, BEACH, CITY],
    ),
    C(
        "move the photo i just added to the front",
        before=(*MADE, "remove dog.jpg", "add dog.jpg back"),
        order=[DOG, CAT, BEACH, ROCKET, CITY],
    ),
    C(
        "make the photo I just added 5 seconds",
        before=(*MADE, "remove dog.jpg", "add dog.jpg back"),
        dur_by_name={DOG: 5000},
    ),
    C(
        "the second one",
        before=(*MADE, "remove the photo of my mom"),
        order=[CAT, BEACH, ROCKET, CITY],
    ),
    C("dog.jpg", before=(*MADE, "remove the photo of my mom"), order=[CAT, BEACH, ROCKET, CITY]),
    C(
        "put the banner first",
        media="products",
        before=MADE,
        order=[BANNER, RED, BLUE, GREEN, TEAM],
    ),
    C("remove the team photo", media="products", before=MADE, order=[RED, BLUE, GREEN, BANNER]),
    C(
        "move the red one to the end",
        media="products",
        before=MADE,
        order=[BLUE, GREEN, BANNER, TEAM, RED],
    ),
    C(
        "put the banner last and add an end card 'Shop now'",
        media="products",
        before=MADE,
        order=[RED, BLUE, GREEN, TEAM, BANNER],
        end_text="Shop now",
    ),
    C("I don't like the third photo", before=MADE, order=[CAT, DOG, ROCKET, CITY], ok_if_asks=True),
    C("put surf.mp4 first", media="clips", before=MADE, order=["surf.mp4", CAT, DOG, BEACH]),
    C(
        "trim the surf clip to 3 seconds",
        media="clips",
        before=MADE,
        dur_by_name={"surf.mp4": 3000},
    ),
    # ----------------------------------------------------------------- looks
    C("make it cinematic", before=MADE, changed=True, understood=True),
    C("cinematic", before=VERT, size=V, changed=True),
    C("give it an energetic vibe", before=LEN20, d=20000, changed=True),
    C("energetic 🔥🔥", before=MADE, changed=True),
    C("make it calm", before=HARD, transitions={"none"}),
    C("chill vibes pls", before=MADE, changed=True, understood=True),
    C("minimal style", before=MADE, changed=True),
    C("elegant", before=MADE, changed=True),
    C("dramatic", before=MADE, changed=True),
    C("make it more upbeat", before=MADE, changed=True, understood=True),
    C("make it feel like a movie trailer", before=MADE, changed=True, understood=True),
    C("cinematic with music", before=MADE, media="music", music=True),
    C("energetic, keep it 30 seconds", before=MADE, d=30000),
    C("dramatic but keep my title", before=TITLE, texts=["Summer"]),
    C("calm vibe", before=(*MUS, "music at 50%"), media="music", music_volume=0.5),
    C("make it cinematic", before=(*MADE, "60fps"), fps=60, understood=True),
    C("energetic", before=(*MADE, "make it square"), size=SQ),
    C("elegant pls", before=(*MADE, "wipe left"), transitions={"wipeleft"}),
    # --------------------------------------------------------------- history
    C("undo", before=VERT, history="undo", size=H),
    C("undo pls", before=TITLE, history="undo", texts=[]),
    C("go back", before=VERT, history="undo", size=H),
    C("ctrl z", before=VERT, history="undo"),
    C("revert that", before=HARD, history="undo", transitions={"fade"}),
    C("go back two steps", before=(*VERT, "add a title 'Hi'"), undone_steps=2, size=H, texts=[]),
    C(
        "undo the last three",
        before=(*VERT, "add a title 'Hi'", "hard cuts"),
        undone_steps=3,
        size=H,
        texts=[],
        transitions={"fade"},
    ),
    C("undo twice", before=(*VERT, "60fps"), undone_steps=2, size=H, fps=30),
    C("redo", before=(*VERT, "undo"), history="redo", size=V),
    C("actually redo that", before=(*VERT, "undo"), history="redo", size=V),
    C("nvm put it back", before=(*VERT, "undo"), size=V),
    C("start over", before=(*VERT, "add a title 'Hello'"), texts=[], size=H),
    C("start from scratch", before=(*TITLE, "hard cuts"), texts=[]),
    C("undo", before=(), changed=False),
    C("redo", before=MADE, changed=False),
    C("undo that last change", before=MUS, media="music", music=False),
    # ------------------------------------------------------------- questions
    C("how long is it?", before=MADE, changed=False, reply_has="15"),
    C("how long is the video rn", before=LEN20, changed=False, reply_has="20"),
    C("whats in the timeline", before=MADE, changed=False, reply_has="cat"),
    C("what can you do?", before=MADE, changed=False, understood=True),
    C("help", before=(), changed=False, understood=True),
    C("how many photos are there", before=MADE, changed=False, reply_has="5"),
    C("what transitions can i use", before=MADE, changed=False, reply_has="wipe"),
    C("is there music?", before=MUS, media="music", changed=False, reply_has="song"),
    C("what size is it", before=MADE, changed=False, reply_has="1920"),
    C("what's the 4th photo", before=MADE, changed=False, reply_has="rocket"),
    C("which photo is first", before=MADE, changed=False, reply_has="cat"),
    C("what fps is it", before=MADE, changed=False, reply_has="30"),
    C("how long is each photo", before=MADE, changed=False, reply_has="3"),
    C("what does the title say", before=TITLE, changed=False, reply_has="Summer"),
    # ---------------------------------------------------- routed by the client
    C("export", before=MADE, route="export"),
    C("Export", before=MADE, route="export"),
    C("EXPORT", before=MADE, route="export"),
    C("export it", before=MADE, route="export"),
    C("download", before=MADE, route="export"),
    C("credits", route="credits"),
    C("balance", route="credits"),
    C("how many credits do i have", route="credits"),
    C("status", before=MADE, route="status"),
    C("show tracks", before=MADE, route="status"),
    C("upload", route="upload"),
    # ------------------------------------------------- say what was not done
    C("make it vertical and add a voiceover", before=MADE, size=V, not_done_has="voiceover"),
    C(
        "add a title Summer and make the cat dance",
        before=MADE,
        texts=["Summer"],
        not_done_has="dance",
    ),
    C(
        "make it 20 seconds and remove the background from the photos",
        before=MADE,
        d=20000,
        not_done_has="background",
    ),
    C("add stickers", before=MADE, changed=False, not_done_has="sticker"),
    C("add a vintage filter", before=MADE, not_done_has="filter"),
    C("make it vertical and post it to tiktok", before=MADE, size=V, not_done_has="post"),
    C("add music from spotify", before=MADE, changed=False, not_done_has="spotify"),
    C(
        "add subtitles from the lyrics",
        before=MUS,
        media="music",
        changed=False,
        not_done_has="lyrics",
    ),
    C(
        "hard cuts and a green screen",
        before=MADE,
        transitions={"none"},
        not_done_has="green screen",
    ),
    C("make the video 3D", before=MADE, changed=False, not_done_has="3D"),
    C("translate the title to spanish", before=TITLE, texts=["Summer"], not_done_has="spanish"),
    C(
        "60fps and slow motion on the surf clip",
        media="clips",
        before=MADE,
        fps=60,
        not_done_has="slow motion",
    ),
    C(
        "speed up the surf clip 2x and mute it",
        media="clips",
        before=MADE,
        clip_audio=False,
        not_done_has="speed",
    ),
    C("add a title Hi and blur the faces", before=MADE, texts=["Hi"], not_done_has="blur"),
    C(
        "square, 15 sec, and make it go viral lol",
        before=MADE,
        size=SQ,
        d=15000,
        not_done_has="viral",
    ),
    C(
        "add fireworks effects and a title 'Happy New Year'",
        before=MADE,
        texts=["Happy New Year"],
        not_done_has="fireworks",
    ),
    # -------------------------------- wrong readings must not damage the draft
    C(
        "add music with a 2 sec fade in",
        before=(*MADE, "half-second crossfades"),
        media="music",
        music_fade_in=2000,
        transition_ms=500,
    ),
    C("the music is way too loud", before=MUS, media="music", rel={"music_volume": "down"}),
    C(
        "the fades are too long, and the music too loud",
        before=MUS,
        media="music",
        rel={"transition_ms": "down", "music_volume": "down"},
        d=15000,
    ),
    C(
        "remove the fade in on the music",
        before=(*MUS, "fade in 2s"),
        media="music",
        music_fade_in=0,
        transitions={"fade"},
    ),
    C("the video is too long", before=LEN30, rel={"d": "down"}),
    C("change 3 to 5", before=MADE, asks=True, changed=False),
    C(
        "make the title 'Big Sale' bigger",
        before=(*MADE, "add a title 'Big Sale'"),
        rel={"title_size": "up"},
        texts=["Big Sale"],
    ),
    C(
        "delete the title and the music",
        before=(*TITLE, "add music"),
        media="music",
        texts=[],
        music=False,
        segments=5,
    ),
    C("make it cinematic", before=(*LEN20, "half-second crossfades"), d=20000),
    C("energetic", before=(*LEN20, "dissolve"), d=20000, transitions={"dissolve"}),
    C("make it better", before=MADE, ok_if_asks=True, understood=True),
    C("the title should say Summer Vibes", before=TITLE, texts=["Summer Vibes"]),
    C("too small", before=TITLE, rel={"title_size": "up"}, texts=["Summer"], ok_if_asks=True),
    C(
        "make photo 2 zoom in and the title blue",
        before=TITLE,
        motion_of={1: "zoom_in"},
        title_color="blue",
        texts=["Summer"],
    ),
    # ------------------------------------------------ typos, caps, emoji, talk
    C("add musci", before=MADE, media="music", music=True),
    C("make it vertial", before=MADE, size=V),
    C("tranistions 1 sec", before=MADE, transition_ms=1000),
    C("swpa photo 1 and 2", before=MADE, order=[DOG, CAT, BEACH, ROCKET, CITY]),
    C("remvoe photo 3", before=MADE, order=[CAT, DOG, ROCKET, CITY]),
    C("titel: Summer", before=MADE, texts=["Summer"]),
    C("mak a 15 secnd vidoe", d=15000),
    C("zoomin on everything", before=MADE, motion={"zoom_in"}),
    C("add a tittle 'Beach Day'", before=MADE, texts=["Beach Day"]),
    C("MAKE IT 20 SECONDS!!!", before=MADE, d=20000),
    C("NO TRANSITIONS", before=MADE, transitions={"none"}),
    C("UNDO", before=VERT, history="undo", size=H),
    C("vertical 🙏", before=MADE, size=V),
    C("✨cinematic✨", before=MADE, changed=True),
    C("add music pls 🎶🎶", before=MADE, media="music", music=True),
    C("can u make the photos 2 sec each thx", before=MADE, durations=[2000] * 5),
    C("make it like 20 seconds", before=MADE, d=20000),
    C("20ish seconds", before=MADE, between={"d": (18000, 22000)}),
    C(
        "make it vertical with fades and a title 'Summer'",
        before=MADE,
        size=V,
        transitions={"fade"},
        texts=["Summer"],
    ),
    C(
        "vertical for tiktok and add music and a title that says Grand Opening and make it 20 secs",
        before=MADE,
        media="music",
        size=V,
        music=True,
        texts_ci=["Grand Opening"],
        d=20000,
    ),
    C(
        "okay so make it vertical and then um add a title that says grand opening and uh make it "
        "twenty seconds",
        before=MADE,
        size=V,
        texts_ci=["grand opening"],
        d=20000,
    ),
    C(
        "hey can you make a video out of these for my insta reel like 15 seconds with music thanks",
        media="music",
        size=V,
        d=15000,
        music=True,
    ),
    C(
        "make it thirty seconds and put the dog first",
        before=MADE,
        d=30000,
        order=[DOG, CAT, BEACH, ROCKET, CITY],
    ),
    C("two seconds per photo", before=MADE, durations=[2000] * 5),
    C("ten second video please", d=10000),
    C("three and a half seconds each", before=MADE, durations=[3500] * 5, d=17500),
    C("one and a half minutes", before=MADE, d=90000),
    C("music at thirty percent", before=MUS, media="music", music_volume=0.3),
    C("quarter second transitions", before=MADE, transition_ms=250),
    C("make it 竖屏 pls", before=MADE, size=V),
    C("video 15 seconds vertical music fade", media="music", d=15000, size=V, music=True),
    C("make vid.", d=15000, segments=5),
    C("Make a video!", d=15000),
    C("can you please make a video from my photos?", d=15000, segments=5),
    C("i want a video", d=15000, segments=5),
    C("photos -> video, 10s, square", d=10000, size=SQ),
    C("reel 9:16 30s", size=V, d=30000),
    C(
        "make it vertical. add music. 15 seconds.",
        before=MADE,
        media="music",
        size=V,
        music=True,
        d=15000,
    ),
    C(
        "put a title on it that says SUMMER SALE in red at the top",
        media="products",
        before=MADE,
        texts=["SUMMER SALE"],
        title_color="red",
        text0={"position": "top"},
    ),
    C("remove the first and the last one", before=MADE, order=[DOG, BEACH, ROCKET]),
    C("remove 2", before=MADE, order=[CAT, BEACH, ROCKET, CITY], ok_if_asks=True),
    C("lol undo that", before=VERT, history="undo", size=H),
    C("no wait go back", before=HARD, history="undo", transitions={"fade"}),
    C("same for the others", before=(*MADE, "zoom in on photo 2"), motion={"zoom_in"}),
    C(
        "do the same for the rest",
        before=(*MADE, "make the first photo 5 seconds"),
        durations=[5000] * 5,
        d=25000,
    ),
    C(
        "and the last one too",
        before=(*MADE, "make the first photo zoom out"),
        motion_of={0: "zoom_out", 4: "zoom_out"},
    ),
    C("that's too long, 10 seconds", before=LEN30, d=10000),
    C("perfect now add music", before=VERT, media="music", music=True, size=V),
    C("yes", before=(*MADE, "add a title"), changed=False, ok_if_asks=True),
    C("'Happy Birthday Mia'", before=(*MADE, "add a title"), texts=["Happy Birthday Mia"]),
    C("cat.jpg", before=(*MADE, "remove it"), order=[DOG, BEACH, ROCKET, CITY]),
    C("make photo 2 longer", before=MADE, rel={"d": "up"}, ok_if_asks=True),
    C("slower", before=MADE, rel={"d": "up"}, ok_if_asks=True),
    C("shorter fades pls", before=MADE, rel={"transition_ms": "down"}),
    C("a little quieter", before=MUS, media="music", rel={"music_volume": "down"}),
    C("title on the first photo only", before=TITLE, text0={"s": 0, "d": 3000}, changed=False),
    C("show the title at the end instead", before=TITLE, end_text="Summer", texts=["Summer"]),
]


# ==========================================================================
# Simplified Chinese
# ==========================================================================

WORLD_CASES_ZH: list[Case] = [
    # ---------------------------------------------------------------- 制作
    Z("做一个15秒的视频", d=15000, segments=5, reply_lang="zh"),
    Z("做一个十五秒的视频", d=15000, reply_lang="zh"),
    Z("帮我做个视频 十五秒", d=15000),
    Z("做个１５秒的视频", d=15000),
    Z("做一个二十秒的视频", d=20000),
    Z("做一个半分钟的视频", d=30000),
    Z("做个一分钟的视频", d=60000),
    Z("做一个一分半的视频", d=90000),
    Z("做一个1分30秒的视频", d=90000),
    Z("做一个两分钟的视频", d=120000),
    Z("做个两分半的视频", d=150000),
    Z("1分10秒", before=ZMADE, d=70000),
    Z("做个四十五秒的视频", d=45000),
    Z("十二秒", before=ZMADE, d=12000),
    Z("二十五秒的视频", d=25000),
    Z("把照片做成视频", d=15000, segments=5, order=P5, reply_lang="zh"),
    Z("用这些照片做个视频", d=15000, segments=5),
    Z("帮我整个视频", d=15000, segments=5),
    Z("搞个十五秒滴视频", d=15000),
    Z("弄个15s的视频", d=15000),
    Z("15S视频", d=15000),
    Z("做个３０秒的视频", d=30000),
    Z("每张图片两秒", before=ZMADE, d=10000, durations=[2000] * 5),
    Z("每张2秒", d=10000, durations=[2000] * 5),
    Z("每张照片停留两秒半", before=ZMADE, durations=[2500] * 5, d=12500),
    Z("每张一秒半", before=ZMADE, durations=[1500] * 5, d=7500),
    Z("每张图0.5秒", before=ZMADE, durations=[500] * 5),
    Z("每张照片四秒钟", before=ZMADE, durations=[4000] * 5, d=20000),
    Z("俩秒一张", before=ZMADE, durations=[2000] * 5),
    Z("每张２秒", before=ZMADE, durations=[2000] * 5),
    Z("三秒一张，做个视频", durations=[3000] * 5, d=15000),
    Z("每张图两秒钟，一共十秒", d=10000, durations=[2000] * 5),
    Z("抖音视频", size=V),
    Z("做一个抖音视频，15秒", size=V, d=15000),
    Z("做个快手的视频", size=V),
    Z("发视频号的", before=ZMADE, orientation="portrait"),
    Z("做一个小红书的视频", orientation="portrait", segments=5),
    Z("发B站的视频", size=H),
    Z("b站横屏视频", size=H),
    Z("做一个30秒的抖音", size=V, d=30000),
    Z("做个竖版的视频", size=V, segments=5),
    Z("做一个vertical的视频", size=V, segments=5),
    Z("做个tiktok视频", size=V),
    Z("发朋友圈的竖屏小视频 十秒", size=V, d=10000),
    Z("改成20秒", before=ZMADE, d=20000, durations=[4000] * 5),
    Z("长一点", before=ZMADE, rel={"d": "up"}),
    Z("再短点", before=ZMADE, rel={"d": "down"}),
    Z("短一点吧", before=ZLEN30, rel={"d": "down"}),
    Z("剪到15秒", before=ZLEN30, d=15000),
    Z("缩短到十秒", before=ZLEN20, d=10000),
    Z("改成15", before=ZLEN20, d=15000),
    Z("时长改成一分钟", before=ZMADE, d=60000),
    Z("第一张5秒", before=ZMADE, durations=[5000, 3000, 3000, 3000, 3000], d=17000),
    Z("第三张图1秒", before=ZMADE, durations=[3000, 3000, 1000, 3000, 3000], d=13000),
    Z("最后一张停6秒", before=ZMADE, durations=[3000, 3000, 3000, 3000, 6000]),
    Z("rocket.jpg放4秒", before=ZMADE, dur_by_name={ROCKET: 4000}),
    Z("做一个视频，只用前三张", order=[CAT, DOG, BEACH]),
    Z("只用cat.jpg和dog.jpg做个视频", order=[CAT, DOG]),
    Z("做个视频，不要city.jpg", order=[CAT, DOG, BEACH, ROCKET]),
    Z("做一个视频吧", media="none", changed=False, reply_has="上传"),
    Z("用这张照片做个视频", media="one", segments=1),
    Z("做一个十秒的视频", media="one", d=10000, durations=[10000]),
    Z("把这几张做成视频", media="three", segments=3, d=9000),
    Z("把照片和视频做成一个视频", media="clips", segments=4),
    Z("做一个带音乐的视频", media="music", music=True, music_src="song.mp3", music_d=15000),
    Z("做一个产品展示视频", media="products", segments=5, order=PROD),
    Z(
        "每张图展示两秒，banner放四秒",
        media="products",
        before=ZMADE,
        durations=[2000, 2000, 2000, 4000, 2000],
    ),
    Z("做一个15秒的竖屏视频，加上音乐", media="music", d=15000, size=V, music=True),
    Z("做一个视频，每张三秒，不要转场", d=15000, transitions={"none"}),
    # ---------------------------------------------------------------- 画面
    Z("改成竖屏", before=ZMADE, size=V, d=15000, reply_lang="zh"),
    Z("竖屏", before=ZMADE, size=V),
    Z("竖的", before=ZMADE, size=V),
    Z("换成竖版", before=ZMADE, size=V),
    Z("视频弄成竖的谢谢", before=ZMADE, size=V),
    Z("改成竖屏pls", before=ZMADE, size=V),
    Z("竖屏。", before=ZMADE, size=V),
    Z("改成竖屏～", before=ZMADE, size=V),
    Z("竖平", before=ZMADE, size=V),
    Z("竖屏竖屏竖屏", before=ZMADE, size=V),
    Z("改成横屏", before=ZVERT, size=H),
    Z("横过来", before=ZVERT, size=H),
    Z("还是横屏吧", before=ZVERT, size=H),
    Z("方形", before=ZMADE, size=SQ),
    Z("改成正方形的", before=ZMADE, size=SQ),
    Z("1:1", before=ZMADE, size=SQ),
    Z("9:16", before=ZMADE, size=V),
    Z("9比16", before=ZMADE, size=V),
    Z("比例改成9：16", before=ZMADE, size=V),
    Z("4:5", before=ZMADE, size=F45),
    Z("3:4", before=ZMADE, size=(1080, 1440)),
    Z("改成小红书的比例", before=ZMADE, orientation="portrait"),
    Z("720p", before=ZMADE, size=(1280, 720)),
    Z("改成720p竖屏", before=ZMADE, size=(720, 1280)),
    Z("分辨率调成1080p", before=(*ZMADE, "720p"), size=H),
    Z("60帧", before=ZMADE, fps=60),
    Z("帧率改成24", before=ZMADE, fps=24),
    Z("25帧", before=ZMADE, fps=25),
    Z("改成48帧", before=ZMADE, changed=False, not_done_has="48"),
    Z("竖屏，60帧", before=ZMADE, size=V, fps=60),
    Z("改成竖屏，时长保持20秒", before=ZLEN20, size=V, d=20000),
    Z("照片不要裁切", before=ZMADE, fit_in=SHOWALL),
    Z("显示完整的照片", before=ZVERT, fit_in=SHOWALL),
    Z("背景模糊", before=ZMADE, fit={"contain_blur"}),
    Z("加黑边，照片完整显示", before=ZMADE, fit={"contain"}),
    Z("铺满屏幕", before=(*ZMADE, "加黑边，照片完整显示"), fit={"cover"}),
    Z("改成竖屏，但是city.jpg别裁掉", before=ZMADE, size=V, fit_of={4: SHOWALL}),
    Z("banner那张完整显示，别裁", media="products", before=ZMADE, fit_of={3: SHOWALL}),
    # ---------------------------------------------------------------- 转场
    Z("不要转场", before=ZMADE, transitions={"none"}, d=15000),
    Z("直接切", before=ZMADE, transitions={"none"}),
    Z("硬切", before=ZMADE, transitions={"none"}),
    Z("快切", before=ZMADE, transitions={"none"}, between={"seg_ms": (100, 2000)}),
    Z("淡入淡出", before=ZHARD, transitions={"fade"}),
    Z("转场用fade", before=ZHARD, transitions={"fade"}),
    Z("转场0.5秒", before=ZMADE, transition_ms=500),
    Z("转场改成半秒", before=ZMADE, transition_ms=500),
    Z("转场一秒", before=ZMADE, transition_ms=1000),
    Z("转场两秒", before=ZMADE, transition_ms=2000, d=15000),
    Z("转场时间长一点", before=ZMADE, rel={"transition_ms": "up"}, d=15000),
    Z("转场快一点", before=ZMADE, rel={"transition_ms": "down"}),
    Z("叠化", before=ZMADE, transitions={"dissolve"}),
    Z("用擦除转场", before=ZMADE, transitions_in=WIPES),
    Z("向左擦除", before=ZMADE, transitions={"wipeleft"}),
    Z("滑动转场", before=ZMADE, transitions_in=SLIDES),
    Z("向右滑", before=ZMADE, transitions_in={"slideright", "smoothright"}),
    Z("黑场过渡", before=ZMADE, transitions={"fadeblack"}),
    Z("闪黑", before=ZMADE, transitions={"fadeblack"}),
    Z("闪白转场", before=ZMADE, transitions={"fadewhite"}),
    Z("圆形转场", before=ZMADE, transitions_in=CIRCLES),
    Z("像素化转场", before=ZMADE, transitions={"pixelize"}),
    Z("缩放转场", before=ZMADE, transitions={"zoomin"}),
    Z("第二张和第三张之间用擦除", before=ZMADE, cut_of={0: "fade", 1: WIPES, 2: "fade", 3: "fade"}),
    Z("前两张之间不要转场", before=ZMADE, cut_of={0: "none", 1: "fade"}),
    Z(
        "只有最后两张之间淡入淡出，其他直接切",
        before=ZMADE,
        cut_types=["none", "none", "none", "fade"],
    ),
    Z("转场随机", before=ZMADE, changed=True, d=15000),
    Z("转场换成叠化，时长1秒", before=ZMADE, transitions={"dissolve"}, transition_ms=1000),
    Z("平滑一点的转场", before=ZHARD, transitions_in=SMOOTH),
    Z("恢复淡入淡出", before=ZHARD, transitions={"fade"}),
    Z("转场短一点，换成滑动", before=ZMADE, transitions_in=SLIDES, rel={"transition_ms": "down"}),
    # ---------------------------------------------------------------- 运镜
    Z("慢慢放大", before=ZMADE, motion={"zoom_in"}),
    Z("推镜头", before=ZMADE, motion={"zoom_in"}),
    Z("拉远", before=ZMADE, motion={"zoom_out"}),
    Z("每张都缩小", before=ZMADE, motion={"zoom_out"}),
    Z("向左平移", before=ZMADE, motion={"pan_left"}),
    Z("往右移", before=ZMADE, motion={"pan_right"}),
    Z("平移", before=ZMADE, motion_in=PANS),
    Z("向上摇", before=ZMADE, motion={"pan_up"}),
    Z("照片不要动", before=ZMADE, motion={"none"}),
    Z("静止", before=ZMADE, motion={"none"}),
    Z("去掉缩放效果", before=ZMADE, motion={"none"}),
    Z("加点运镜", before=(*ZMADE, "照片不要动"), motion_in=MOVING),
    Z("动效强一点", before=ZMADE, rel={"intensity": "up"}),
    Z("晃得我头晕，动作小一点", before=ZMADE, rel={"intensity": "down"}),
    Z("第二张放大", before=ZMADE, motion_of={1: "zoom_in"}),
    Z("第一张拉远，最后一张推近", before=ZMADE, motion_of={0: "zoom_out", 4: "zoom_in"}),
    Z("city.jpg 不要动", before=ZMADE, motion_of={4: "none"}),
    Z("beach.png向下平移", before=ZMADE, motion_of={2: "pan_down"}),
    Z(
        "一张放大一张缩小，交替着来",
        before=ZMADE,
        motion_of={0: "zoom_in", 1: "zoom_out", 2: "zoom_in", 3: "zoom_out", 4: "zoom_in"},
    ),
    Z("照片静止，直接切", before=ZMADE, motion={"none"}, transitions={"none"}),
    # ---------------------------------------------------------------- 文字
    Z(
        "加上标题「我们的旅行」",
        before=ZMADE,
        texts=["我们的旅行"],
        reply_not_has="⟨",
        reply_lang="zh",
    ),
    Z("加个标题“夏日回忆”", before=ZMADE, texts=["夏日回忆"], reply_not_has="⟨"),
    Z("标题：毕业快乐", before=ZMADE, texts=["毕业快乐"]),
    Z("加标题《夏天》", before=ZMADE, texts=["夏天"]),
    Z("加标题'海边'", before=ZMADE, texts=["海边"]),
    Z("加个标题 周末", before=ZMADE, texts=["周末"]),
    Z("加个title叫Summer", before=ZMADE, texts=["Summer"]),
    Z("加个title：Summer vibes", before=ZMADE, texts=["Summer vibes"]),
    Z("加标题 Happy Birthday", before=ZMADE, texts_ci=["Happy Birthday"]),
    Z("标题：生日快乐🎂", before=ZMADE, texts=["生日快乐🎂"]),
    Z("开头加一个标题，写“我们的夏天”", before=ZMADE, texts=["我们的夏天"], text0={"s": 0}),
    Z("前三秒显示标题「开业大吉」", before=ZMADE, texts=["开业大吉"], text0={"s": 0, "d": 3000}),
    Z(
        "第5秒开始显示标题「惊喜」，显示3秒",
        before=ZMADE,
        texts=["惊喜"],
        text0={"s": 5000, "d": 3000},
    ),
    Z("标题放在底部", before=ZTITLE, text0={"position": "bottom"}, texts=["夏天"]),
    Z("标题放上面", before=ZTITLE, text0={"position": "top"}),
    Z("标题居中", before=(*ZTITLE, "标题放在底部"), text0={"position": "center"}),
    Z("标题改成红色", before=ZTITLE, title_color="red", texts=["夏天"]),
    Z("标题换成黄色的", before=ZTITLE, title_color="yellow"),
    Z("标题用白色", before=(*ZTITLE, "标题改成红色"), title_color="white"),
    Z("标题大一点", before=ZTITLE, rel={"title_size": "up"}, texts=["夏天"]),
    Z("标题太小了，放大一点", before=ZTITLE, rel={"title_size": "up"}, texts=["夏天"]),
    Z("字太小了看不清", before=ZTITLE, rel={"title_size": "up"}, texts=["夏天"]),
    Z("标题小一点", before=ZTITLE, rel={"title_size": "down"}),
    Z("标题不要加粗", before=ZTITLE, text0={"weight": "regular"}),
    Z("标题加个背景框", before=ZTITLE, text0={"box": True}),
    Z("标题改成「冬天」", before=ZTITLE, texts=["冬天"]),
    Z("把标题换成“再见2024”", before=ZTITLE, texts=["再见2024"]),
    Z("标题改成毕业旅行", before=ZTITLE, texts=["毕业旅行"]),
    Z("去掉标题", before=ZTITLE, texts=[]),
    Z("删掉标题", before=ZTITLE, texts=[]),
    Z("把所有文字都删了", before=(*ZTITLE, "第二张图配文字“我家狗子”"), all_texts=[]),
    Z("标题一直显示", before=ZTITLE, text0={"s": 0, "d": 15000}),
    Z("标题显示5秒", before=ZTITLE, text0={"d": 5000}, texts=["夏天"]),
    Z("结尾加一句“感谢观看”", before=ZMADE, end_text="感谢观看"),
    Z("最后加个片尾：关注我们", before=ZMADE, end_text="关注我们"),
    Z("结尾写上谢谢观看！", before=ZMADE, end_text="谢谢观看！"),
    Z("片尾字幕「下次见」", before=ZMADE, end_text="下次见"),
    Z("第二张图配文字“我家狗子”", before=ZMADE, captions={1: "我家狗子"}),
    Z("第一张加字幕：第一天", before=ZMADE, captions_has={0: "第一天"}),
    Z(
        "每张照片下面写上文件名",
        before=ZMADE,
        caption_count=5,
        captions_has={0: "cat", 1: "dog", 2: "beach", 3: "rocket", 4: "city"},
    ),
    Z("加个标题", before=ZMADE, asks=True, changed=False),
    Z("标题改成红色", before=ZMADE, changed=False, reply_has="标题"),
    Z(
        "加标题「开业」，放在底部，黄色",
        before=ZMADE,
        texts=["开业"],
        text0={"position": "bottom"},
        title_color="yellow",
    ),
    Z("加个标题写我的名字", before=ZMADE, asks=True, changed=False),
    Z("加标题「改成竖屏」", before=ZMADE, texts=["改成竖屏"], size=H),
    Z("加标题“标题太小了”", before=ZMADE, texts=["标题太小了"]),
    Z(
        "加一行字“全场五折”，红色的",
        media="products",
        before=ZMADE,
        texts=["全场五折"],
        title_color="red",
    ),
    Z("绿色那个上面写个“新品”", media="products", before=ZMADE, captions_has={2: "新品"}),
    Z("结尾加上店铺地址：人民路88号", media="products", before=ZMADE, end_text="人民路88号"),
    Z("标题分两行：夏天/2024", before=ZMADE, all_texts=["夏天\n2024"]),
    # ---------------------------------------------------------------- 音乐
    Z(
        "加背景音乐",
        before=ZMADE,
        media="music",
        music=True,
        music_src="song.mp3",
        music_d=15000,
        reply_lang="zh",
    ),
    Z("加点音乐", before=ZMADE, media="music", music=True),
    Z("配个乐", before=ZMADE, media="music", music=True),
    Z("来点bgm", before=ZMADE, media="music", music=True),
    Z("加个bgm", before=ZMADE, media="music", music=True),
    Z("把song.mp3加进去", before=ZMADE, media="music", music_src="song.mp3"),
    Z("加背景音乐，音量30%", before=ZMADE, media="music", music=True, music_volume=0.3),
    Z("背景音乐音量百分之三十", before=ZMUS, media="music", music_volume=0.3),
    Z("音乐音量调到百分之五十", before=ZMUS, media="music", music_volume=0.5),
    Z("音乐35%", before=ZMUS, media="music", music_volume=0.35),
    Z("music音量调到30%", before=ZMUS, media="music", music_volume=0.3),
    Z("音乐声音小一点", before=ZMUS, media="music", rel={"music_volume": "down"}),
    Z(
        "音乐太吵了，调小一点",
        before=ZMUS,
        media="music",
        rel={"music_volume": "down"},
        no_repeat=True,
    ),
    Z("音乐小声点！！！", before=ZMUS, media="music", rel={"music_volume": "down"}),
    Z("音乐大声点", before=(*ZMUS, "音乐音量40%"), media="music", rel={"music_volume": "up"}),
    Z("听不到音乐", before=(*ZMUS, "音乐音量20%"), media="music", rel={"music_volume": "up"}),
    Z("音乐淡入2秒", before=ZMUS, media="music", music_fade_in=2000, transition_ms=800),
    Z(
        "加背景音乐，淡入两秒",
        before=ZMADE,
        media="music",
        music=True,
        music_fade_in=2000,
        transition_ms=800,
        transitions={"fade"},
    ),
    Z("结尾音乐淡出", before=ZMUS, media="music", between={"music_fade_out": (300, 10000)}),
    Z("音乐淡出3秒", before=ZMUS, media="music", music_fade_out=3000),
    Z(
        "音乐淡入一秒，淡出两秒",
        before=ZMUS,
        media="music",
        music_fade_in=1000,
        music_fade_out=2000,
    ),
    Z(
        "音乐不要淡入淡出",
        before=(*ZMUS, "音乐淡入一秒，淡出两秒"),
        media="music",
        music_fade_in=0,
        music_fade_out=0,
        transitions={"fade"},
    ),
    Z("音乐从第30秒开始", before=ZMUS, media="music", music_offset=30000),
    Z("跳过歌曲前10秒", before=ZMUS, media="music", music_offset=10000),
    Z("从1分05秒开始放", before=ZMUS, media="music", music_offset=65000),
    Z("音乐从一分钟的地方开始", before=ZMUS, media="music", music_offset=60000),
    Z("音乐循环", before=ZMUS, media="music", music_loop=True),
    Z("音乐不要循环", before=ZMUS, media="music", music_loop=False),
    Z("去掉音乐", before=ZMUS, media="music", music=False),
    Z("不要背景音乐", before=ZMUS, media="music", music=False, d=15000),
    Z("加首背景音乐", before=ZMADE, media="photos", changed=False, reply_has="上传"),
    Z("来点背景音乐", before=ZMADE, media="two_songs", asks=True, changed=False),
    Z(
        "用lofi那首",
        before=(*ZMADE, "来点背景音乐"),
        media="two_songs",
        music=True,
        music_src="lofi-beats.mp3",
    ),
    Z("用第二首", before=ZMADE, media="two_songs", music_src="lofi-beats.mp3"),
    Z("换一首", before=(*ZMADE, "加上song.mp3"), media="two_songs", music_src="lofi-beats.mp3"),
    Z(
        "做两分钟，用lofi-beats",
        before=ZMADE,
        media="two_songs",
        d=120000,
        music_src="lofi-beats.mp3",
        music_loop=True,
    ),
    Z("视频原声静音", before=ZMADE, media="clips", clip_audio=False),
    Z("把surf.mp4的声音关掉", before=ZMADE, media="clips", clip_audio=False),
    Z("静音", before=ZMADE, media="clips", clip_audio=False, ok_if_asks=True),
    Z("保留原声", before=(*ZMADE, "视频原声静音"), media="clips_music", clip_audio=True),
    Z("原声调低，压在音乐下面", before=ZMUS, media="clips_music", clip_audio_mode="duck"),
    Z("加音乐但是保留视频原声", before=ZMADE, media="clips_music", music=True, clip_audio=True),
    Z(
        "加音乐，音量40%，结尾淡出",
        before=ZMADE,
        media="music",
        music_volume=0.4,
        between={"music_fade_out": (300, 10000)},
    ),
    Z("音乐从副歌开始", before=ZMUS, media="music", asks=True, changed=False),
    Z(
        "音乐小一点，标题大一点",
        before=(*ZTITLE, "加背景音乐"),
        media="music",
        rel={"music_volume": "down", "title_size": "up"},
        texts=["夏天"],
    ),
    # ---------------------------------------------------------------- 排序
    Z("删掉第二张", before=ZMADE, order=[CAT, BEACH, ROCKET, CITY], segments=4),
    Z("删除第3张", before=ZMADE, order=[CAT, DOG, ROCKET, CITY]),
    Z("把第2张删咯", before=ZMADE, order=[CAT, BEACH, ROCKET, CITY]),
    Z("删了第二张吧", before=ZMADE, order=[CAT, BEACH, ROCKET, CITY]),
    Z("去掉dog.jpg", before=ZMADE, order=[CAT, BEACH, ROCKET, CITY]),
    Z("去掉第一张和最后一张", before=ZMADE, order=[DOG, BEACH, ROCKET], segments=3),
    Z("第一张和最后一张都不要", before=ZMADE, order=[DOG, BEACH, ROCKET]),
    Z("删掉最后两张", before=ZMADE, order=[CAT, DOG, BEACH]),
    Z("删掉第二和第三张", before=ZMADE, order=[CAT, ROCKET, CITY]),
    Z("第一张和最后一张换一下", before=ZMADE, order=[CITY, DOG, BEACH, ROCKET, CAT]),
    Z("第二张和第四张互换", before=ZMADE, order=[CAT, ROCKET, BEACH, DOG, CITY]),
    Z("1和2换个位置", before=ZMADE, order=[DOG, CAT, BEACH, ROCKET, CITY]),
    Z("把rocket.jpg放第一个", before=ZMADE, order=[ROCKET, CAT, DOG, BEACH, CITY]),
    Z("rocket放最前面", before=ZMADE, order=[ROCKET, CAT, DOG, BEACH, CITY]),
    Z("把beach.png放到最后", before=ZMADE, order=[CAT, DOG, ROCKET, CITY, BEACH]),
    Z("第一张挪到最后", before=ZMADE, order=[DOG, BEACH, ROCKET, CITY, CAT]),
    Z("第三张放最前面", before=ZMADE, order=[BEACH, CAT, DOG, ROCKET, CITY]),
    Z("city.jpg放第二个", before=ZMADE, order=[CAT, CITY, DOG, BEACH, ROCKET]),
    Z("倒序", before=ZMADE, order=[CITY, ROCKET, BEACH, DOG, CAT]),
    Z("顺序反过来", before=ZMADE, order=[CITY, ROCKET, BEACH, DOG, CAT]),
    Z("打乱顺序", before=ZMADE, changed=True, names=set(P5), segments=5),
    Z("随机排序", before=ZMADE, changed=True, names=set(P5)),
    Z("按文件名排序", before=(*ZMADE, "倒序"), order=[BEACH, CAT, CITY, DOG, ROCKET]),
    Z("删掉猫的那张", before=ZMADE, order=[DOG, BEACH, ROCKET, CITY], ok_if_asks=True),
    Z("把沙滩那张放最后", before=ZMADE, order=[CAT, DOG, ROCKET, CITY, BEACH], ok_if_asks=True),
    Z("狗狗和猫咪换一下", before=ZMADE, order=[DOG, CAT, BEACH, ROCKET, CITY], ok_if_asks=True),
    Z("删掉我妈妈那张", before=ZMADE, asks=True, changed=False),
    Z("删掉", before=ZMADE, asks=True, changed=False),
    Z("删掉第九张", before=ZMADE, changed=False, reply_has="5"),
    Z("哎呀 放回去", before=(*ZMADE, "删掉第二张"), order=P5, segments=5),
    Z("不对，刚删的那张加回来", before=(*ZMADE, "删掉city.jpg"), order=P5),
    Z("把dog.jpg加回来", before=(*ZMADE, "删掉dog.jpg"), names=set(P5)),
    Z("把它删了", before=(*ZMADE, "第四张是什么？"), order=[CAT, DOG, BEACH, CITY]),
    Z("那张改成5秒", before=(*ZMADE, "第四张是什么？"), durations=[3000, 3000, 3000, 5000, 3000]),
    Z("放第一个", before=(*ZMADE, "第四张是哪张"), order=[ROCKET, CAT, DOG, BEACH, CITY]),
    Z(
        "把刚加的那张放第一",
        before=(*ZMADE, "删掉dog.jpg", "把dog.jpg加回来"),
        order=[DOG, CAT, BEACH, ROCKET, CITY],
    ),
    Z(
        "刚加回来的那张放5秒",
        before=(*ZMADE, "删掉dog.jpg", "把dog.jpg加回来"),
        dur_by_name={DOG: 5000},
    ),
    Z("第二张", before=(*ZMADE, "删掉我妈妈那张"), order=[CAT, BEACH, ROCKET, CITY]),
    Z("dog.jpg那张", before=(*ZMADE, "删掉我妈妈那张"), order=[CAT, BEACH, ROCKET, CITY]),
    Z("把banner放最前面", media="products", before=ZMADE, order=[BANNER, RED, BLUE, GREEN, TEAM]),
    Z("去掉team那张", media="products", before=ZMADE, order=[RED, BLUE, GREEN, BANNER]),
    Z("红色那个放最后", media="products", before=ZMADE, order=[BLUE, GREEN, BANNER, TEAM, RED]),
    Z("第三张不太好看", before=ZMADE, order=[CAT, DOG, ROCKET, CITY], ok_if_asks=True),
    Z("surf.mp4放第一个", media="clips", before=ZMADE, order=["surf.mp4", CAT, DOG, BEACH]),
    Z("surf视频只要前3秒", media="clips", before=ZMADE, dur_by_name={"surf.mp4": 3000}),
    # ---------------------------------------------------------------- 风格
    Z("电影感", before=ZMADE, changed=True, understood=True, reply_lang="zh"),
    Z("做成电影感的", before=ZVERT, size=V, changed=True),
    Z("要有动感", before=ZLEN20, d=20000, changed=True),
    Z("燃一点🔥", before=ZMADE, changed=True),
    Z("温馨一点", before=ZHARD, transitions={"none"}),
    Z("安静舒缓的风格", before=ZMADE, changed=True, understood=True),
    Z("简约风", before=ZMADE, changed=True),
    Z("高级感", before=ZMADE, changed=True, understood=True),
    Z("震撼一点", before=ZMADE, changed=True),
    Z("节奏快一点", before=ZMADE, changed=True, understood=True),
    Z("做一个电影感的竖屏视频", size=V, segments=5),
    Z("动感一点，但是保持30秒", before=ZMADE, d=30000),
    Z("大气一点，标题别动", before=ZTITLE, texts=["夏天"]),
    Z("舒缓一点", before=(*ZMUS, "音乐音量50%"), media="music", music_volume=0.5),
    Z("电影感", before=(*ZMADE, "60帧"), fps=60),
    Z("来点活力", before=(*ZMADE, "改成正方形的"), size=SQ),
    Z("优雅一点", before=(*ZMADE, "向左擦除"), transitions={"wipeleft"}),
    Z("换个风格", before=ZMADE, asks=True, changed=False),
    # ---------------------------------------------------------------- 历史
    Z("撤销", before=ZVERT, history="undo", size=H, reply_lang="zh"),
    Z("撤回", before=ZTITLE, history="undo", texts=[]),
    Z("撤消", before=ZVERT, history="undo", size=H),
    Z("上一步", before=ZVERT, history="undo", size=H),
    Z("返回上一步", before=ZHARD, history="undo", transitions={"fade"}),
    Z("ctrl z 一下", before=ZVERT, history="undo"),
    Z("撤销两步", before=(*ZVERT, "加上标题「你好」"), undone_steps=2, size=H, texts=[]),
    Z("退回两步", before=(*ZVERT, "60帧"), undone_steps=2, size=H, fps=30),
    Z(
        "撤销最后三步",
        before=(*ZVERT, "加上标题「你好」", "不要转场"),
        undone_steps=3,
        size=H,
        texts=[],
        transitions={"fade"},
    ),
    Z("重做", before=(*ZVERT, "撤销"), history="redo", size=V),
    Z("恢复", before=(*ZVERT, "撤销"), size=V),
    Z("算了还是改回来吧", before=(*ZVERT, "撤销"), size=V, ok_if_asks=True),
    Z("重新开始", before=(*ZVERT, "加上标题「你好」"), texts=[], size=H),
    Z("从头再来", before=(*ZTITLE, "不要转场"), texts=[]),
    Z("撤销", before=(), changed=False),
    Z("重做", before=ZMADE, changed=False),
    Z("撤销刚才那一步", before=ZMUS, media="music", music=False),
    # ---------------------------------------------------------------- 提问
    Z("视频多长", before=ZMADE, changed=False, reply_has="15", reply_lang="zh"),
    Z("现在多少秒了", before=ZLEN20, changed=False, reply_has="20"),
    Z("时间线里有什么", before=ZMADE, changed=False, reply_has="cat"),
    Z("你能做什么", before=ZMADE, changed=False, understood=True, reply_lang="zh"),
    Z("有几张照片", before=ZMADE, changed=False, reply_has="5"),
    Z("第四张是什么", before=ZMADE, changed=False, reply_has="rocket"),
    Z("帮助", before=(), changed=False, understood=True),
    Z("现在是什么尺寸", before=ZMADE, changed=False, reply_has="1920"),
    Z("有哪些转场", before=ZMADE, changed=False, understood=True),
    Z("有背景音乐吗", before=ZMUS, media="music", changed=False, reply_has="song"),
    Z("每张多少秒", before=ZMADE, changed=False, reply_has="3"),
    Z("标题写的什么", before=ZTITLE, changed=False, reply_has="夏天"),
    Z("帧率多少", before=ZMADE, changed=False, reply_has="30"),
    # ---------------------------------------------------------------- 路由
    Z("导出", before=ZMADE, route="export"),
    Z("导出视频", before=ZMADE, route="export"),
    Z("导出吧", before=ZMADE, route="export"),
    Z("积分", route="credits"),
    Z("余额", route="credits"),
    Z("还剩多少积分", route="credits"),
    Z("查余额", route="credits"),
    Z("状态", before=ZMADE, route="status"),
    Z("上传", route="upload"),
    Z("上传照片", route="upload"),
    # ------------------------------------------------------------ 做不到的部分
    Z("改成竖屏，再加个美颜滤镜", before=ZMADE, size=V, not_done_has="美颜"),
    Z("加标题「夏天」，顺便让猫跳舞", before=ZMADE, texts=["夏天"], not_done_has="跳舞"),
    Z("改成20秒，把照片背景抠掉", before=ZMADE, d=20000, not_done_has="抠"),
    Z("加贴纸", before=ZMADE, changed=False, not_done_has="贴纸"),
    Z("加配音", before=ZMADE, changed=False, not_done_has="配音"),
    Z("改成竖屏然后发到抖音", before=ZMADE, size=V, not_done_has="发"),
    Z("加一首周杰伦的歌", before=ZMADE, changed=False, not_done_has="周杰伦"),
    Z("根据歌词加字幕", before=ZMUS, media="music", changed=False, not_done_has="歌词"),
    Z("硬切，再加个绿幕", before=ZMADE, transitions={"none"}, not_done_has="绿幕"),
    Z("做成3D的", before=ZMADE, changed=False, not_done_has="3D"),
    Z("把标题翻译成英文", before=ZTITLE, texts=["夏天"], not_done_has="英文"),
    Z("60帧，再给surf加个慢动作", media="clips", before=ZMADE, fps=60, not_done_has="慢动作"),
    Z("加个标题Hi，再把人脸打码", before=ZMADE, texts=["Hi"], not_done_has="打码"),
    Z("加个复古滤镜", before=ZMADE, not_done_has="滤镜"),
    Z("方形，15秒，顺便帮我上热门", before=ZMADE, size=SQ, d=15000, not_done_has="热门"),
    Z("加烟花特效和标题「新年快乐」", before=ZMADE, texts=["新年快乐"], not_done_has="烟花"),
    # ------------------------------------------------- 误读不能破坏草稿
    Z(
        "加音乐，淡入2秒",
        before=(*ZMADE, "转场0.5秒"),
        media="music",
        music_fade_in=2000,
        transition_ms=500,
    ),
    Z("音乐太大声了", before=ZMUS, media="music", rel={"music_volume": "down"}),
    Z(
        "转场太长了，音乐也太吵",
        before=ZMUS,
        media="music",
        rel={"transition_ms": "down", "music_volume": "down"},
        d=15000,
    ),
    Z(
        "去掉音乐的淡入",
        before=(*ZMUS, "音乐淡入2秒"),
        media="music",
        music_fade_in=0,
        transitions={"fade"},
    ),
    Z("视频太长了", before=ZLEN30, rel={"d": "down"}),
    Z("把3改成5", before=ZMADE, asks=True, changed=False),
    Z(
        "把「大促」这个标题放大",
        before=(*ZMADE, "加上标题「大促」"),
        rel={"title_size": "up"},
        texts=["大促"],
    ),
    Z(
        "标题和音乐都删掉",
        before=(*ZTITLE, "加背景音乐"),
        media="music",
        texts=[],
        music=False,
        segments=5,
    ),
    Z("电影感", before=(*ZLEN20, "转场0.5秒"), d=20000),
    Z("动感一点", before=(*ZLEN20, "叠化"), d=20000, transitions={"dissolve"}),
    Z("弄好看点", before=ZMADE, ok_if_asks=True, understood=True),
    Z("标题应该是夏日时光", before=ZTITLE, texts=["夏日时光"]),
    Z("太小了", before=ZTITLE, rel={"title_size": "up"}, texts=["夏天"], ok_if_asks=True),
    Z(
        "第二张放大，标题改成蓝色",
        before=ZTITLE,
        motion_of={1: "zoom_in"},
        title_color="blue",
        texts=["夏天"],
    ),
    # --------------------------------------------- 口语、错字、中英混写、长句
    Z(
        "嗯那个 帮我把视频改成竖屏然后加个标题叫开业大吉再配个音乐",
        before=ZMADE,
        media="music",
        size=V,
        texts=["开业大吉"],
        music=True,
    ),
    Z(
        "改成竖屏加淡入淡出再加标题「夏天」",
        before=ZMADE,
        size=V,
        transitions={"fade"},
        texts=["夏天"],
    ),
    Z("竖屏 15秒 加音乐", before=ZMADE, media="music", size=V, d=15000, music=True),
    Z(
        "帮我把这些照片做成一个抖音视频十五秒左右要有音乐谢谢",
        media="music",
        size=V,
        between={"d": (13000, 17000)},
        music=True,
    ),
    Z("改成三十秒然后狗放第一个", before=ZMADE, d=30000, order=[DOG, CAT, BEACH, ROCKET, CITY]),
    Z("每张pic 2s", before=ZMADE, durations=[2000] * 5),
    Z("加个bgm音量30", before=ZMADE, media="music", music=True, music_volume=0.3),
    Z("转场用dissolve", before=ZMADE, transitions={"dissolve"}),
    Z("改成9:16 然后 60fps", before=ZMADE, size=V, fps=60),
    Z("标题color改成red", before=ZTITLE, title_color="red"),
    Z("undo一下", before=ZVERT, history="undo", size=H),
    Z("加个ending写thanks for watching", before=ZMADE, end_text="thanks for watching"),
    Z("zoom in一下每张图", before=ZMADE, motion={"zoom_in"}),
    Z("做个vlog风格的视频 横屏", size=H, segments=5),
    Z("视频做成square的", before=ZMADE, size=SQ),
    Z("二十秒左右就行", before=ZMADE, between={"d": (18000, 22000)}),
    Z("大概半分钟吧", before=ZMADE, between={"d": (27000, 33000)}),
    Z("改成十秒！", before=ZMADE, d=10000),
    Z("不要转场！！", before=ZMADE, transitions={"none"}),
    Z("撤销！", before=ZVERT, history="undo", size=H),
    Z("竖屏🙏", before=ZMADE, size=V),
    Z("加音乐🎵", before=ZMADE, media="music", music=True),
    Z("其他的也一样", before=(*ZMADE, "第二张放大"), motion={"zoom_in"}),
    Z("剩下的都这样", before=(*ZMADE, "第一张5秒"), durations=[5000] * 5, d=25000),
    Z("最后一张也是", before=(*ZMADE, "第一张拉远"), motion_of={0: "zoom_out", 4: "zoom_out"}),
    Z("太长了，改成十秒", before=ZLEN30, d=10000),
    Z("好的 再加个音乐", before=ZVERT, media="music", music=True, size=V),
    Z("「生日快乐小米」", before=(*ZMADE, "加个标题"), texts=["生日快乐小米"]),
    Z("cat.jpg", before=(*ZMADE, "删掉"), order=[DOG, BEACH, ROCKET, CITY]),
    Z("第二张长一点", before=ZMADE, rel={"d": "up"}, ok_if_asks=True),
    Z("慢一点", before=ZMADE, rel={"d": "up"}, ok_if_asks=True),
    Z("转场短一点嘛", before=ZMADE, rel={"transition_ms": "down"}),
    Z("音乐稍微小声一点点", before=ZMUS, media="music", rel={"music_volume": "down"}),
    Z("标题只在第一张出现", before=ZTITLE, text0={"s": 0, "d": 3000}, changed=False),
    Z("标题放到结尾去", before=ZTITLE, end_text="夏天", texts=["夏天"]),
    Z("给我做一个视频", d=15000, segments=5),
    Z("视频", d=15000, segments=5, ok_if_asks=True),
    Z("做个视频呗", d=15000),
    Z("能帮我把照片做成视频吗？", d=15000, segments=5),
    Z("照片转视频，10秒，方形", d=10000, size=SQ),
    Z("竖屏9:16 30s", size=V, d=30000),
    Z("改成竖屏。加音乐。十五秒。", before=ZMADE, media="music", size=V, music=True, d=15000),
    Z(
        "标题写“夏季大促”，红色，放顶部",
        media="products",
        before=ZMADE,
        texts=["夏季大促"],
        title_color="red",
        text0={"position": "top"},
    ),
    Z("去掉头尾两张", before=ZMADE, order=[DOG, BEACH, ROCKET]),
    Z("删2", before=ZMADE, order=[CAT, BEACH, ROCKET, CITY], ok_if_asks=True),
    Z("哈哈撤销", before=ZVERT, history="undo", size=H),
    Z("等下 回到上一步", before=ZHARD, history="undo", transitions={"fade"}),
    Z("每张照片三秒半", before=ZMADE, durations=[3500] * 5, d=17500),
    Z("转场零点三秒", before=ZMADE, transition_ms=300),
    Z("音量百分之二十五", before=ZMUS, media="music", music_volume=0.25),
    Z("音乐音量调到一半", before=ZMUS, media="music", music_volume=0.5),
    Z("做个一分钟的横屏视频", size=H, d=60000),
    Z("小红书 竖屏 二十秒", orientation="portrait", d=20000),
    Z("抖音竖屏，每张两秒，加音乐", media="music", size=V, durations=[2000] * 5, music=True),
    Z(
        "标题加粗放大",
        before=(*ZTITLE, "标题不要加粗"),
        text0={"weight": "bold"},
        rel={"title_size": "up"},
    ),
    Z("把标题改成黑色加个白底", before=ZTITLE, title_color="black", text0={"box": True}),
    Z("不用了", before=(*ZMADE, "加个标题"), changed=False),
]


# ==========================================================================
# Photo sense (issue 17), both languages
# ==========================================================================

SENSE_CASES: list[Case] = [
    # framing around faces / the subject
    C("keep faces in frame", before=MADE, focus="faces"),
    C("make sure nobody's head gets cut off", before=VERT, focus="faces", size=V),
    C("zoom in on the face", before=MADE, focus="faces", motion_in={"zoom_in", "auto"}),
    C("zoom into everyone's faces", before=MADE, focus="faces"),
    C("vertical, and keep the faces in the middle", before=MADE, size=V, focus="faces"),
    C("center on the people", before=MADE, focus="faces"),
    C("keep the dog in frame when its vertical", before=VERT, focus="subject", size=V),
    C("square but dont crop out the faces", before=MADE, size=SQ, focus="faces"),
    Z("把人脸放在画面中间", before=ZMADE, focus="faces"),
    Z("别把头切掉", before=ZVERT, focus="faces", size=V),
    Z("镜头推到人脸上", before=ZMADE, focus="faces", motion_in={"zoom_in", "auto"}),
    Z("竖屏，人脸居中", before=ZMADE, size=V, focus="faces"),
    Z("人脸保持在画面里", before=ZMADE, focus="faces"),
    Z("主体别裁掉", before=ZVERT, focus="subject"),
    # cuts on the beat
    C("cut to the beat", before=MUS, media="music", beat_cuts=True, d=15000),
    C("sync the photos to the music", before=MUS, media="music", beat_cuts=True),
    C("match the music", before=MUS, media="music", beat_cuts=True),
    C("change photo every 2 beats", before=MUS, media="music", beat_cuts=True, beats_per_photo=2),
    C("switch pics on every beat", before=MUS, media="music", beat_cuts=True, beats_per_photo=1),
    C("make a 20 second video cut to the beat", media="music", d=20000, beat_cuts=True),
    C(
        "beat sync with the lofi one",
        before=MADE,
        media="two_songs",
        music_src="lofi-beats.mp3",
        beat_cuts=True,
    ),
    C("cut to the beat", before=MADE, media="photos", changed=False, reply_has="music"),
    Z("卡点", before=ZMUS, media="music", beat_cuts=True, d=15000),
    Z("音乐卡点", before=ZMUS, media="music", beat_cuts=True),
    Z("跟着节奏切换照片", before=ZMUS, media="music", beat_cuts=True),
    Z("每两拍换一张", before=ZMUS, media="music", beat_cuts=True, beats_per_photo=2),
    Z("做一个卡点视频", media="music", music=True, beat_cuts=True),
    Z("卡点", before=ZMADE, media="photos", changed=False, reply_has="音乐"),
    # curation
    C("put them in the order they were taken", before=MADE, sorted_by="time"),
    C("sort by date", before=MADE, sorted_by="time"),
    C("newest first", before=MADE, sorted_by="time_desc"),
    C("remove duplicates", before=MADE, removed_duplicates=True),
    C("drop the blurry ones", before=MADE, removed_blurry=True),
    C("put the blurry ones back", before=(*MADE, "drop the blurry ones"), names=set(P5)),
    C("caption each photo with its date", before=MADE, captions_from="date"),
    C("add where each photo was taken", before=MADE, captions_from="place"),
    Z("按拍摄时间排序", before=ZMADE, sorted_by="time"),
    Z("最新的放前面", before=ZMADE, sorted_by="time_desc"),
    Z("去掉重复的", before=ZMADE, removed_duplicates=True),
    Z("删掉模糊的", before=ZMADE, removed_blurry=True),
    Z("把糊的照片去掉", before=ZMADE, removed_blurry=True),
    Z("每张照片加上拍摄日期", before=ZMADE, captions_from="date"),
    Z("给每张图配上拍摄地点和日期", before=ZMADE, captions_from="date_place"),
]


# Cases the agent helper changed after bringing this file in, and why (the lead reviews these).
CHANGED: dict[str, str] = {
    "title on the first photo only": "changed=False added: the default title already shows "
    "0-3 s, the first photo's span, so nothing needs changing (the table's rule that a case "
    "without `changed` must change the draft would otherwise ask for a pointless edit)",
    "标题只在第一张出现": "changed=False added, as for its English twin",
}
