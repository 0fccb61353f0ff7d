"""The agent's words: every keyword a parser matches, in one place.

Why one module: the typo corrector needs the whole vocabulary to know what a
misspelt word was meant to be ("trasitions" -> "transitions"), and a newcomer
looking for "which words mean vertical?" finds them here, beside their meaning.
Parsers import the groups they match; nothing here does any parsing.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, so long lists stay readable."""
    return frozenset(text.split())


# -- things in the timeline ---------------------------------------------------

PHOTO_NOUNS = words(
    """photo photos picture pictures pic pics image images slide slides shot shots clip clips one
    ones frame frames item items file files snap snaps"""
)
VIDEO_NOUNS = words(
    """video videos slideshow slideshows reel reels movie movies montage film mp4 story stories
    short shorts tiktok compilation presentation highlight highlights collage recap"""
)
MAKE_VERBS = words(
    """make create turn convert build generate produce assemble compile put combine stitch do
    render"""
)
ALL_WORDS = words("""all every each everything whole entire""")

# -- canvas ---------------------------------------------------------------------

ASPECT_WORDS: dict[str, str] = {
    "vertical": "9:16",
    "portrait": "9:16",
    "tiktok": "9:16",
    "reels": "9:16",
    "reel": "9:16",
    "shorts": "9:16",
    "stories": "9:16",
    "story": "9:16",
    "snapchat": "9:16",
    "phone": "9:16",
    "upright": "9:16",
    "tall": "9:16",
    "square": "1:1",
    "landscape": "16:9",
    "horizontal": "16:9",
    "widescreen": "16:9",
    "wide": "16:9",
    "youtube": "16:9",
    "tv": "16:9",
    "feed": "4:5",
}
ASPECT_RATIOS = frozenset({"16:9", "9:16", "1:1", "4:5", "4:3", "3:4"})
# Ratios people ask for that are not presets, with the preset photoreel uses instead.
NEAREST_ASPECT: dict[str, str] = {
    "3:2": "16:9",
    "21:9": "16:9",
    "2:1": "16:9",
    "2:3": "4:5",
    "5:4": "1:1",
}
PLATFORM_NAMES: dict[str, str] = {
    "tiktok": "TikTok",
    "reels": "Reels",
    "reel": "Reels",
    "shorts": "YouTube Shorts",
    "stories": "Stories",
    "story": "Stories",
    "snapchat": "Snapchat",
    "youtube": "YouTube",
    "instagram": "Instagram",
    "feed": "the Instagram feed",
}

# -- transitions ----------------------------------------------------------------

TRANSITION_NOUNS = frozenset(["transition", "transitions"])
TRANSITION_WORDS: dict[str, str] = {
    "crossfade": "fade",
    "crossfades": "fade",
    "xfade": "fade",
    "fade": "fade",
    "fades": "fade",
    "fading": "fade",
    "blend": "fade",
    "blends": "fade",
    "dissolve": "dissolve",
    "dissolves": "dissolve",
    "wipe": "wipeleft",
    "wipes": "wipeleft",
    "slide": "slideleft",
    "slides": "slideleft",
    "sliding": "slideleft",
    "push": "slideleft",
    "circle": "circleopen",
    "circles": "circleopen",
    "iris": "circleopen",
    "pixelate": "pixelize",
    "pixelize": "pixelize",
    "pixel": "pixelize",
    "pixelated": "pixelize",
    "radial": "radial",
    "clock": "radial",
}
CUT_WORDS = frozenset(["cut", "cuts", "cutting"])

# -- motion ---------------------------------------------------------------------

MOTION_WORDS = words(
    """ken burns zoom zooms zooming pan pans panning motion movement move moving still static
    animate animated animation drift drifting"""
)
GENTLE_WORDS = words(
    """subtle gentle gently slight slightly slow slowly light soft softly little bit mild"""
)
STRONG_WORDS = words(
    """dramatic dramatically strong strongly big bigger intense fast faster lot heavy bold"""
)

# -- fit --------------------------------------------------------------------------

FIT_WORDS = words(
    """fit crop cropping cropped fill letterbox letterboxed pillarbox bars blur blurred blurry
    entire uncropped"""
)

# -- text ---------------------------------------------------------------------------

TEXT_NOUNS = words(
    """title titles caption captions text texts subtitle subtitles heading headline label labels
    words overlay lettering"""
)
# "a video titled Beach Day": the words after these are what the video is called
TITLED_WORDS = words("""titled entitled""")
POSITION_WORDS: dict[str, str] = {
    "top": "top",
    "upper": "top",
    "above": "top",
    "bottom": "bottom",
    "lower": "bottom",
    "below": "bottom",
    "center": "center",
    "centre": "center",
    "middle": "center",
    "centered": "center",
    "centred": "center",
}
COLORS: dict[str, str] = {
    "white": "#FFFFFF",
    "black": "#000000",
    "red": "#E53935",
    "green": "#43A047",
    "blue": "#1E88E5",
    "yellow": "#FDD835",
    "orange": "#FB8C00",
    "pink": "#EC407A",
    "purple": "#8E24AA",
    "violet": "#8E24AA",
    "gold": "#FFC107",
    "golden": "#FFC107",
    "silver": "#C0C0C0",
    "grey": "#9E9E9E",
    "gray": "#9E9E9E",
    "navy": "#1A237E",
    "teal": "#00897B",
    "cyan": "#00BCD4",
    "magenta": "#D81B60",
    "brown": "#6D4C41",
    "beige": "#F5F5DC",
    "cream": "#FFFDD0",
    "turquoise": "#40E0D0",
    "lime": "#C0CA33",
}
BIGGER_WORDS = words("""bigger larger large big huge enlarge increase""")
SMALLER_WORDS = words("""smaller small tiny little reduce shrink""")

# -- audio ----------------------------------------------------------------------------

MUSIC_NOUNS = words(
    """music song songs soundtrack bgm tune tunes track audio sound sounds beat beats melody"""
)
VOLUME_WORDS = words("""volume loud louder loudness quiet quieter softer level""")
LOWER_WORDS = words("""lower quieter softer down reduce decrease quiet soft turn""")
RAISE_WORDS = words("""raise louder up increase boost higher loud""")
MUTE_WORDS = frozenset(["mute", "muted", "silence", "silent"])

# -- arranging -----------------------------------------------------------------------

SWAP_WORDS = words("""swap switch exchange trade flip""")
MOVE_WORDS = words("""move put place bring shift position""")
REMOVE_WORDS = words("""remove delete drop cut exclude discard lose""")
DUPLICATE_WORDS = words("""duplicate repeat copy twice again clone""")
REVERSE_WORDS = words("""reverse reversed backwards backward invert inverse""")
SHUFFLE_WORDS = words("""shuffle shuffled randomize randomise random scramble mix""")
SORT_WORDS = words("""sort sorted alphabetical alphabetically order""")
ADD_WORDS = words("""add include insert append use""")
REPLACE_WORDS = frozenset(["replace", "substitute"])

# -- pacing ----------------------------------------------------------------------------

LONGER_WORDS = words("""longer slower lengthen extend stretch""")
SHORTER_WORDS = words("""shorter quicker faster shorten trim tighten""")
TIME_UNITS: dict[str, float] = {
    "ms": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": 60.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
}

# -- styles, history, routes, questions --------------------------------------------------

STYLE_WORDS = words(
    """cinematic cinema filmic epic energetic upbeat dynamic punchy lively fun exciting calm
    relaxed relaxing peaceful chill chilled serene dreamy soothing minimal minimalist clean
    simple elegant classy romantic dramatic style look vibe feel mood"""
)
HISTORY_WORDS = words(
    """undo redo revert back over scratch reset restart again previous never mind"""
)
ROUTE_WORDS = words("""export download save render credits credit balance status tracks upload""")
QUESTION_WORDS = words("""what how which is are does do where when who why""")
HELP_WORDS = words("""help commands examples options capabilities""")
GREETING_WORDS = words("""hi hello hey thanks thank thx cheers great nice cool ok okay""")

NUMBER_WORDS = words(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred half quarter couple few dozen first second third fourth fifth
    sixth seventh eighth ninth tenth eleventh twelfth last final penultimate percent"""
)

# -- ordinary English, so the corrector leaves it alone ---------------------------------

# Grammar and request words: never a file name on their own, never corrected.
FUNCTION_WORDS = words(
    """a an the and or but with without into onto from for to of in on at by as is it its this that
    these those them they their there here my me mine your you our we us i am be been being
    was were will would could should can may might must shall just only also very really so
    too then than now please want wanted like love need needs some any no not more less most
    least much many few other another same new old next after before between during while
    about above below under over up down out off around again once each both either neither every
    all none nothing something anything everything give get got let lets set go going keep
    kept leave show shown look see seen use used try change changes changed edit update
    apply applied make made making take took bring put way thing things stuff kind sort type
    bit little lot lots how what which why when where who whom whose has have had do does
    did done doing am are say says said saying call called named name names such yes yeah
    yep nope okay ok sure instead rather maybe perhaps actually anyway own per apiece total
    overall altogether else rest remaining others number numbers version thanks thank"""
)
# Everyday words people use about their photos, known so the corrector leaves them alone.
EVERYDAY_WORDS = words(
    """start end beginning ending begin finish close open opening closing turn convert create add
    long short time times fast slow quick quickly slowly photo photos picture pictures image
    images video videos clip clips format jpg jpeg png mp4 hd full quality good better best
    nice great cool pretty beautiful awesome product products vacation holiday trip family
    friends birthday wedding party summer winter spring autumn fall day night morning
    evening sunset sunrise beach city cat dog kids baby home shop store sale sales right
    left center middle whole side sides order ordered length duration longer file files
    folder entire part parts piece pieces missing final"""
)
COMMON_WORDS = FUNCTION_WORDS | EVERYDAY_WORDS

KEYWORDS: frozenset[str] = frozenset().union(
    PHOTO_NOUNS,
    VIDEO_NOUNS,
    MAKE_VERBS,
    ALL_WORDS,
    ASPECT_WORDS,
    PLATFORM_NAMES,
    TRANSITION_NOUNS,
    TRANSITION_WORDS,
    CUT_WORDS,
    MOTION_WORDS,
    GENTLE_WORDS,
    STRONG_WORDS,
    FIT_WORDS,
    TEXT_NOUNS,
    TITLED_WORDS,
    POSITION_WORDS,
    COLORS,
    BIGGER_WORDS,
    SMALLER_WORDS,
    MUSIC_NOUNS,
    VOLUME_WORDS,
    LOWER_WORDS,
    RAISE_WORDS,
    MUTE_WORDS,
    SWAP_WORDS,
    MOVE_WORDS,
    REMOVE_WORDS,
    DUPLICATE_WORDS,
    REVERSE_WORDS,
    SHUFFLE_WORDS,
    SORT_WORDS,
    ADD_WORDS,
    REPLACE_WORDS,
    LONGER_WORDS,
    SHORTER_WORDS,
    TIME_UNITS,
    STYLE_WORDS,
    HISTORY_WORDS,
    ROUTE_WORDS,
    QUESTION_WORDS,
    HELP_WORDS,
    GREETING_WORDS,
    NUMBER_WORDS,
    {
        "instagram",
        "post",
        "posts",
        "facebook",
        "twitter",
        "linkedin",
        "pinterest",
        "fps",
        "framerate",
        "frames",
        "resolution",
        "aspect",
        "ratio",
        "canvas",
        "timeline",
        "fade",
        "fades",
        "ease",
        "easing",
        "linear",
        "smooth",
        "smoothly",
        "smoother",
        "hard",
        "jump",
        "straight",
        "quick",
        "snappy",
        "box",
        "background",
        "shadow",
        "regular",
        "normal",
        "colour",
        "color",
        "font",
        "size",
        "position",
        "filename",
        "filenames",
        "volume",
        "percent",
        "twice",
        "double",
        "triple",
        "halve",
        "speed",
        "pace",
        "pacing",
        "clip",
        "duck",
        "ducking",
        "original",
        "loop",
        "alphabetical",
    },
    # words that only appear inside the parsers' phrases
    words(
        """across along begins camera cancel card clear closes cross display ends erase everyone
        finishes footage freeze fresh front hide hype inside kill lasting lead leads
        medium moody nevermind opens outro plain reading reads rename retitle reword
        scrap screen sophisticated starts step stop tell throughout till tranquil until
        webp whats write disable unmute list cover insta dip dips goes come comes blast high
        filter filters sticker stickers emoji voiceover narration sepia grayscale vintage retro
        rotate mirror logo watermark ctrl edits steps letters stronger weaker rid using except
        exactly starting elsewhere effect effects dizzy alternate alternating promo ad vlog hear
        enlarge shrink chorus lyrics spotify publish viral trending dance dancing translate
        fireworks faces green added removed line lines different hook likewise well beneath
        excluding minus improve nicer prettier professional trailer break letter mixed randomly
        rapid varied various circleopen fadeblack slideleft wipeleft
        maximum pull weight away constant descending fadein fadeout fine flash highest kenburns
        sharpest shut through corner corners evenly equal equally loop looping offset skip play
        match hate dislike playing plays loops looped repeating show shows appear appears
        stay stays display rocket intro everywhere"""
    ),
    # what analysis lets the agent do (intents/sense.py)
    words(
        """face faces subject subjects beat beats taken chronological chronologically oldest
        duplicate duplicates doubles blurry blurred focus date dates dated sync synced tempo bpm"""
    ),
)
VOCABULARY: frozenset[str] = KEYWORDS | COMMON_WORDS
