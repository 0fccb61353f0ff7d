"""Questions answered from the draft without editing it, help, small talk, and
requests photoreel cannot do (said plainly, with what it can do instead).

"what's in the timeline?", "how long is it?", "how many photos?", "what size
is it?", "is there music?", "what does the title say?", "what can you do?",
"hi", "thanks", "make it black and white" (not supported).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from photoreel.agent.intents import routes
from photoreel.agent.intents.ask import Question
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.canvas import current_preset
from photoreel.agent.intents.styles import LOOKS
from photoreel.agent.intents.transitions import transition_name, transitions_name
from photoreel.agent.intents.video import span_of
from photoreel.agent.lexicon import TIME_UNITS
from photoreel.agent.memory import Asked
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Ask, CannotApply, Work, a_length, secs
from photoreel.protocol.draft import TRANSITION_NAMES

Topic = Literal[
    "overview", "length", "count", "canvas", "transitions", "music", "text", "order", "help",
    "styles", "media", "motion", "transition_kinds",
]  # fmt: skip

HELP = (
    "I turn your photos into a video and edit it by conversation. Try: "
    '"make a 15 second video with smooth transitions", "make it vertical for TikTok", '
    '"add a title \'Summer\' for the first 3 seconds", "add music at 35%", '
    '"swap the first and last photo", "make it cinematic", "undo", "export".'
)
_INTERROGATIVES = frozenset(
    [
        "what",
        "what's",
        "whats",
        "how",
        "which",
        "is",
        "are",
        "does",
        "do",
        "where",
        "when",
        "who",
        "why",
        "tell",
        "show",
        "list",
    ]
)
_REQUEST_OPENERS = (
    "can you",
    "could you",
    "would you",
    "will you",
    "how about",
    "what about",
    "why not",
    "can we",
    "could we",
    "do you mind",
)


def is_question(clause: Clause) -> bool:
    words = clause.words
    if not words:
        return False
    text = clause.text
    if any(text.startswith(p) for p in _REQUEST_OPENERS):
        return False
    if words[0] in {"show", "list", "tell"}:
        return (clause.has("me", "what", "how") and not clause.has("show the", "show it")) or words[
            :2
        ] == ["tell", "me"]
    if words[0] in {"do", "does"} and len(words) > 1 and words[1] in {"not", "the", "it", "that"}:
        return False  # "do not crop the photos", "do the same for the rest" are requests
    if words[0] in _INTERROGATIVES:
        return True
    return (
        clause.utterance.question
        and len(words) <= 6
        and (
            not clause.has("make", "add", "use", "set", "change") or clause.has("what")
        )  # 现在用的什么转场？ ("use what transitions?") asks
    )


def _topic(clause: Clause) -> Topic:
    has = clause.has
    if has(
        "what can you do",
        "what can i say",
        "what can i do",
        "help",
        "how do i",
        "how does this work",
        "what do you do",
        "how to",
    ):
        return "help"
    if has("style", "styles", "looks", "presets") and has("what", "which"):
        return "styles"
    if has("how long", "duration", "length", "how many seconds", "runtime", "run time"):
        return "length"
    if has("how many"):
        return "count"
    if has(
        "size",
        "aspect",
        "resolution",
        "dimensions",
        "ratio",
        "vertical",
        "square",
        "landscape",
        "fps",
        "frame rate",
        "canvas",
        "format",
        "portrait",
    ):
        return "canvas"
    if has("transition", "transitions") and has(
        "can i use",
        "can use",
        "can i have",
        "can you do",
        "available",
        "options",
        "kinds",
        "types",
        "list",
    ):
        return "transition_kinds"
    if has("transition", "transitions", "fade", "fades", "crossfade"):
        return "transitions"
    if has("music", "song", "audio", "soundtrack", "volume", "sound"):
        return "music"
    if has("title", "text", "caption", "captions", "say", "says"):
        return "text"
    if has("order", "first", "last", "sequence"):
        return "order"
    if has("uploaded", "upload", "files", "my photos", "media", "have i"):
        return "media"
    if has("motion", "zoom", "ken burns", "moving", "pan"):
        return "motion"
    return "overview"


class Answer(Intent):
    """Answer a question from the draft. Nothing is edited."""

    phase: ClassVar[int] = 100
    edits: ClassVar[bool] = False
    topic: Topic
    refs: tuple[PhotoRef, ...] = ()

    def apply(self, work: Work) -> None:
        if self.refs and work.has_video:
            work.say(about_photos(work, self.refs))
            return
        work.say(answer(work, self.topic))


def about_photos(work: Work, refs: tuple[PhotoRef, ...]) -> str:
    """ "Photo 4 is rocket.jpg: 3 s, zoom in." and remember it, for "that one" next turn."""
    segs = work.segments
    try:
        found = sorted({i for ref in refs for i in work.resolve(ref)})
    except CannotApply as exc:
        return exc.message
    work.remember(focus=[segs[i].meta.src for i in found])
    parts = []
    for i in found:
        seg = segs[i]
        move = seg.meta.motion.type.replace("_", " ") if seg.meta.motion.type != "none" else "still"
        parts.append(f"Photo {i + 1} is {work.label_of(seg)}: {secs(seg.duration_ms)}, {move}.")
    return " ".join(parts)


def answer(work: Work, topic: Topic) -> str:
    if topic == "help":
        return HELP
    if topic == "styles":
        return (
            "Looks I know: "
            + "; ".join(f"{name} ({look.blurb})" for name, look in LOOKS.items())
            + "."
        )
    if topic == "transition_kinds":
        return "Transitions I can use: " + ", ".join(TRANSITION_NAMES.values()) + "."
    if topic == "media":
        if not work.media:
            return "Nothing is uploaded yet: upload photos, clips or music to begin."
        return "In this session: " + ", ".join(m.filename for m in work.media) + "."
    if not work.has_video:
        if work.visual_media:
            return (
                f"There is no video yet; you have {len(work.visual_media)} photos ready. "
                'Say "make a 15 second video" to begin.'
            )
        return "There is no video yet: upload some photos, then say what to make."
    segs = work.segments
    draft = work.require_draft()
    n = len(segs)
    if topic == "length":
        durations = {s.duration_ms for s in segs}
        each = (
            f"{secs(segs[0].duration_ms)} each"
            if len(durations) == 1
            else f"{secs(min(durations))}-{secs(max(durations))} each"
        )
        photos = f"{n} photo{'s' if n != 1 else ''}"
        return f"The video is {secs(draft.duration_ms)} long: {photos}, {each}."
    if topic == "count":
        return (
            f"{n} photo{'s' if n != 1 else ''}: " + ", ".join(work.label_of(s) for s in segs) + "."
        )
    if topic == "canvas":
        aspect, resolution = current_preset(draft.meta.width, draft.meta.height)
        meta = draft.meta
        return f"{meta.width}x{meta.height} ({aspect}, {resolution}) at {meta.fps} fps."
    if topic == "transitions":
        kinds = [
            (s.meta.transition.type, s.meta.transition.duration_ms)
            if s.meta.transition
            else ("none", 0)
            for s in segs[:-1]
        ]
        if not kinds:
            return "There is one photo, so there are no transitions."
        if len(set(kinds)) == 1:
            kind, d = kinds[0]
            if kind == "none":
                return "Hard cuts between every photo, no transitions."
            return f"{transition_name(kind).capitalize()}s of {secs(d)} between every photo."
        return (
            "Transitions: "
            + ", ".join(
                f"{i + 1}-{i + 2} {transition_name(k)}" + (f" {secs(d)}" if d else "")
                for i, (k, d) in enumerate(kinds)
            )
            + "."
        )
    if topic == "music":
        music = [seg for track in draft.audio_tracks for seg in track.segments]
        if not music:
            if work.audio_media:
                return (
                    f'No music yet; you uploaded {work.audio_media[0].filename}: say "add music".'
                )
            return 'No music yet: upload an audio file (mp3, wav, m4a, aac) and say "add music".'
        seg = music[0]
        return (
            f"Music: {seg.meta.name or seg.meta.src} at {round(seg.meta.volume * 100)}%, "
            f"fading out over {secs(seg.meta.fade_out)}."
        )
    if topic == "text":
        texts = work.text_segments()
        if not texts:
            return "There is no text on the video yet."
        return (
            "Text: "
            + "; ".join(
                f'{s.meta.role} "{s.meta.text}" '
                f"({secs(s.start_ms).removesuffix(' s')}-{secs(s.end_ms)})"
                for s in texts
            )
            + "."
        )
    if topic == "order":
        return (
            "The order: "
            + ", ".join(f"{i + 1}. {work.label_of(s)}" for i, s in enumerate(segs))
            + "."
        )
    if topic == "motion":
        moves = {s.meta.motion.type for s in segs}
        return "Motion: " + ", ".join(sorted(moves)) + "."
    return overview(work)


def overview(work: Work) -> str:
    """Everything a person would want to know at a glance, in two or three sentences."""
    draft = work.require_draft()
    segs = work.segments
    n = len(segs)
    aspect, _ = current_preset(draft.meta.width, draft.meta.height)
    parts = [
        f"{a_length(draft.duration_ms).capitalize()} {aspect} video "
        f"({draft.meta.width}x{draft.meta.height}, {draft.meta.fps} fps) "
        f"of {n} photo{'s' if n != 1 else ''}, {span_of([s.duration_ms for s in segs])} each"
    ]
    kinds = {s.meta.transition.type if s.meta.transition else "none" for s in segs[:-1]}
    if kinds == {"none"}:
        parts.append("hard cuts")
    elif len(kinds) == 1:
        parts.append(transitions_name(kinds.pop()))
    elif kinds:
        parts.append("mixed transitions")
    text = "; ".join(parts) + "."
    music = [seg for track in draft.audio_tracks for seg in track.segments]
    if music:
        song = music[0].meta
        text += f" Music: {song.name or song.src} at {round(song.volume * 100)}%."
    texts = work.text_segments()
    if texts:
        text += " Text: " + ", ".join(f'"{s.meta.text}"' for s in texts[:4]) + "."
    return text


class SmallTalk(Intent):
    phase: ClassVar[int] = 100
    edits: ClassVar[bool] = False
    kind: Literal["hello", "thanks", "fine"]

    def apply(self, work: Work) -> None:
        if self.kind == "fine":
            work.say("OK, I left it as it is.")
        elif self.kind == "thanks":
            work.say('You\'re welcome! Say "export" when it looks right.')
        else:
            work.say("Hi! " + HELP)


_UNSUPPORTED: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "black and white",
            "grayscale",
            "greyscale",
            "sepia",
            "filter",
            "filters",
            "saturation",
            "brightness",
            "contrast",
            "color grade",
            "colour grade",
            "vintage",
            "retro",
            "lut",
            "brighter",
            "darker",
        ),
        "I can't change colours or add filters yet.",
    ),
    (
        ("sticker", "stickers", "emoji", "emojis"),
        "I can't add stickers or emoji yet; I can add text.",
    ),
    (
        ("voiceover", "voice over", "narration", "narrate", "record my voice"),
        "I can't record a voice-over; upload an audio file and I can use it as the soundtrack.",
    ),
    (
        ("slow motion", "slowmo", "slo mo", "timelapse", "speed up the clip", "playback speed"),
        "I can't change a clip's playback speed; I can change how long each photo or clip shows.",
    ),
    (("rotate", "rotated", "upside down", "mirror"), "I can't rotate or mirror photos yet."),
    (
        ("generate images", "ai image", "generate a photo", "generate photos", "stock footage"),
        "I work with the photos you upload; I can't generate new images.",
    ),
    (
        ("watermark", "logo"),
        "I can't add a logo or watermark image yet; a text title works: add a title 'Your Brand'.",
    ),
    (
        ("post it", "post to", "publish", "share it", "upload it to", "go viral", "viral",
         "trending"),
        "I can't post or publish videos; export it and share the MP4 yourself.",
    ),
    (
        ("spotify", "apple music", "youtube music", "by the artist", "lyrics"),
        "I only use the music you upload (mp3, wav, m4a, aac), and can't read lyrics.",
    ),
    (
        ("green screen", "remove the background", "cut out", "blur the faces", "blur faces",
         "face blur", "3d", "fireworks", "effects", "dance", "dancing", "translate",
         "speed up the clip", "speed up the surf", "clip speed", "2x", "slow mo"),
        "That effect isn't something I can make; I edit the order, timing, canvas, "
        "transitions, motion, text and music.",
    ),
)  # fmt: skip


class UnknownPhoto(Intent):
    """A photo named by what it shows ("the cat photo") when no file is called that:
    the agent asks which one, and the answer ("the second one") finishes the request."""

    phase: ClassVar[int] = 100
    edits: ClassVar[bool] = False
    word: str
    files: tuple[str, ...] = ()
    action: str = ""

    def apply(self, work: Work) -> None:
        if not self.files:
            work.say(f'There is no photo called "{self.word}": upload photos first.')
            return
        shown = ", ".join(self.files[:6]) + (" ..." if len(self.files) > 6 else "")
        raise Ask(
            f'Which photo is the "{self.word}" one? I know photos by file name '
            f'({shown}) or by position ("the second photo").',
            Asked(kind="which_photo", action=self.action) if self.action else None,
        )


class Unsupported(Intent):
    """Something photoreel understands but cannot do: said plainly, naming the person's own
    words ("add a voiceover"), and nothing changes."""

    phase: ClassVar[int] = 100
    edits: ClassVar[bool] = False
    understood: ClassVar[bool] = False
    message: str
    said: str = ""

    def apply(self, work: Work) -> None:
        named = f'Not done: "{self.said}". ' if self.said else ""
        work.unsupported.append(named + self.message)


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if routes.route_of(clause) is not None:
        return []  # "how many credits do I have" is the credits route, not a question
    text = f" {clause.text} "
    bare = [w for w in clause.words if w not in {"it", "is", "a", "bit", "way", "!", ".", "?"}]
    alone = len(clause.tokens) == len(clause.utterance.tokens)  # not "title at the top, bigger"
    if alone and bare in (["bigger"], ["smaller"]):  # "too small", 太小了: of what? ask
        return [
            Question(message=f'What should be {bare[0]}? For example: "make the title {bare[0]}".')
        ]
    if clause.has("do not like", "not like", "dislike", "hate") and not clause.has("music"):
        picked = [r for r in find_photo_refs(clause, list(ctx.names)) if r.kind != "all"]
        if len(picked) == 1 and picked[0].count == 1:
            # "I don't like the third photo": removing it would be a guess
            ref = picked[0]
            said = ref.label if ref.kind == "media" else f"photo {ref.index + 1}"
            said = "the last photo" if ref.kind != "media" and ref.index == -1 else said
            return [
                Question(
                    message=f'Should I remove {said}, or change it? Say "remove {said}" '
                    f'or, for example, "make {said} shorter".'
                )
            ]
    for phrases, message in _UNSUPPORTED:
        if any(f" {p} " in text for p in phrases):
            said = clause.raw(0, len(clause.tokens) - 1)
            return [Unsupported(message=message, said=said)]
    words = clause.words
    numbers = [w for w in words if w.replace(".", "", 1).isdigit()]
    if (
        len(numbers) == 2
        and clause.has("to", "make it")  # "change 3 to 5", 把3改成5
        and len(words) <= 6
        and not clause.has_any(frozenset(TIME_UNITS) | {"%", "fps", "photo", "photos", "position"})
    ):
        a, b = numbers
        return [
            Question(
                message=f"Do you mean photo {a} for {b} seconds, or photo {a} moved to position "
                f'{b}? Say "make photo {a} {b} seconds" or "move photo {a} to {b}".'
            )
        ]
    if (
        words
        and all(w in {"hi", "hello", "hey", "yo", "hiya"} for w in words[:1])
        and len(words) <= 3
    ):
        return [SmallTalk(kind="hello")]
    thanks = ("thanks", "thank you", "thx", "cheers", "great job", "perfect", "looks great")
    chat = {"thanks", "thank", "you", "thx", "cheers", "great", "job", "perfect", "looks",
            "love", "it", "so", "much", "ok", "okay", "a", "lot", "!", ".", "ty"}  # fmt: skip
    if clause.has(*thanks, "love it") and len(words) <= 5 and set(words) <= chat:
        return [SmallTalk(kind="thanks")]
    if words and words[0] in {"help", "commands", "examples"}:
        return [Answer(topic="help")]
    if is_question(clause):
        refs = tuple(
            r
            for r in find_photo_refs(clause, list(ctx.names))
            if r.kind != "all" and not (r.bare and r.index not in (0, -1))
        )
        topic = _topic(clause)
        if topic in {"overview", "order", "motion"} and refs:
            return [Answer(topic=topic, refs=refs)]  # "what's the 4th photo?"
        return [Answer(topic=topic)]
    return []
