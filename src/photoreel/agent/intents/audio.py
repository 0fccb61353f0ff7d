"""Sound: background music from an uploaded audio file, its volume and fades,
and the clips' own sound.

"add music", "add song.mp3 at 35%", "music at 40 percent", "fade the music out
at the end", "fade in the music over 2 seconds", "make the music quieter",
"turn the music up", "remove the music", "mute the clips", "duck the music
under the clips". Music always spans the whole video (looping a short song),
so it follows the video when its length changes. Music needs an audio file in
the session; without one the reply says what to upload.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from photoreel.agent.contract import MediaItem
from photoreel.agent.intents.ask import Question
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.durations import set_total
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import MUSIC_NOUNS, REMOVE_WORDS, TRANSITION_NOUNS, words
from photoreel.agent.memory import Asked
from photoreel.agent.parse.numbers import find_durations, find_percents, is_number, ordinal_value
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Ask, CannotApply, NeedMedia, Work, percent
from photoreel.protocol.draft import AudioMeta, AudioSegment, AudioTrack, VideoTrack

DEFAULT_FADE_OUT_MS = 1500
FADE_OUT_MS = 3000
FADE_IN_MS = 2000
QUIETER = 0.7
LOUDER = 1.4
UPLOAD_AUDIO = (
    "To add music, upload an audio file first (mp3, wav, m4a or aac), then say "
    '"add music" or name the file, e.g. "add song.mp3 at 40%".'
)


def music_segments(work: Work) -> list[AudioSegment]:
    if work.draft is None:
        return []
    return [seg for track in work.draft.audio_tracks for seg in track.segments]


class SetMusic(Intent):
    """Put music under the video (or change which song, its level, where in it to start,
    and whether it loops)."""

    phase: ClassVar[int] = 90
    media_id: str | None = None
    volume: float | None = None
    fade_in_ms: int | None = None
    fade_out_ms: int | None = None
    offset_ms: int | None = None
    loop: bool | None = None

    def apply(self, work: Work) -> None:
        segs = photos(work)
        songs = work.audio_media
        if not songs:
            raise NeedMedia(UPLOAD_AUDIO)
        current = music_segments(work)
        item = work.media_item(self.media_id) if self.media_id else None
        if self.media_id == "other":
            playing = current[0].meta.src if current else songs[0].media_id
            item = next((s for s in songs if s.media_id != playing), songs[0])
        if item is None and current:
            item = work.media_item(current[0].meta.src)
        if item is None and len(songs) > 1:
            names = " or ".join(s.filename for s in songs[:4])
            raise Ask(f"Which song: {names}?", Asked(kind="which_song"))
        item = item or songs[0]
        was: dict[str, object] | None = None
        if current:
            seg = current[0]
            was = self._change(work, seg, item)
            if was is None:
                return
        else:
            clip_sound = any(s.meta.kind == "video" and s.meta.audio != "mute" for s in segs)
            seg = self._add(work, item, 0.35 if clip_sound else 1.0)
        result: dict[str, object] = {
            "volume": seg.meta.volume,
            "fade_in": seg.meta.fade_in,
            "fade_out": seg.meta.fade_out,
            "offset": seg.meta.offset,
            "loop": seg.meta.loop,
            "d": seg.duration_ms,
        }
        if was is not None:
            result["was"] = was
        work.record(
            "set_music",
            {"file": item.filename, "volume": self.volume, "offset_ms": self.offset_ms},
            result,
        )

    def _add(self, work: Work, item: MediaItem, volume: float) -> AudioSegment:
        draft = work.require_draft()
        fade_out = self.fade_out_ms if self.fade_out_ms is not None else DEFAULT_FADE_OUT_MS
        meta = AudioMeta(
            src=item.media_id,
            name=item.filename,
            volume=self.volume if self.volume is not None else volume,
            fade_in=min(self.fade_in_ms or 0, draft.duration_ms // 2),
            fade_out=min(fade_out, draft.duration_ms // 2),
            offset=self.offset_ms or 0,
            loop=True if self.loop is None else self.loop,
        )
        seg = AudioSegment(start_ms=0, duration_ms=draft.duration_ms, meta=meta)
        at = max((i for i, t in enumerate(draft.tracks) if isinstance(t, VideoTrack)), default=-1)
        draft.tracks.insert(at + 1, AudioTrack(segments=[seg]))
        return seg

    def _change(self, work: Work, seg: AudioSegment, item: MediaItem) -> dict[str, object] | None:
        """Music is on already: change what was asked. Returns what it was (for the reply),
        or None when nothing changed (and says so)."""
        before = seg.meta.model_copy()
        seg.meta.src, seg.meta.name = item.media_id, item.filename
        if self.volume is not None:
            seg.meta.volume = self.volume
        if self.fade_in_ms is not None:
            seg.meta.fade_in = min(self.fade_in_ms, seg.duration_ms // 2)
        if self.fade_out_ms is not None:
            seg.meta.fade_out = min(self.fade_out_ms, seg.duration_ms // 2)
        if self.offset_ms is not None:
            seg.meta.offset = self.offset_ms
        if self.loop is not None:
            seg.meta.loop = self.loop
        fields = ("src", "volume", "fade_in", "fade_out", "offset", "loop")
        if all(getattr(seg.meta, f) == getattr(before, f) for f in fields):
            if self.loop is not None:
                how = "already loops when it runs out" if self.loop else "already plays once"
                work.say(f"The music ({item.filename}) {how}.")
            else:
                work.say(
                    f"The music is already on: {item.filename} at {percent(before.volume)}. Say "
                    '"music at 40%" to change its level or "remove the music".'
                )
            return None
        was = {f: getattr(before, f) for f in fields if f != "src"}
        return {**was, "file": before.name or before.src}


class FitToMusic(Intent):
    """ "make it as long as the song": the video's length becomes the song's."""

    phase: ClassVar[int] = 56

    def apply(self, work: Work) -> None:
        photos(work)
        current = music_segments(work)
        item = work.media_item(current[0].meta.src) if current else None
        item = item or (work.audio_media[0] if work.audio_media else None)
        if item is None:
            raise NeedMedia(UPLOAD_AUDIO)
        if not item.duration:
            raise CannotApply(f"I don't know how long {item.filename} is, so I can't match it.")
        offset = current[0].meta.offset if current else 0
        length = max(1, round(item.duration * 1000) - offset)
        notes = set_total(work, length)
        draft = work.require_draft()
        work.record(
            "set_duration",
            {"match": item.filename},
            {"d": draft.duration_ms},
            " ".join(notes),
        )
        if not current:
            SetMusic(media_id=item.media_id).apply(work)


def _is_clip(ref: PhotoRef, ctx: ParseContext) -> bool:
    name = next((n for n in ctx.names if n.media_id == ref.media_id), None)
    return name is not None and name.filename.rsplit(".", 1)[-1] in {"mp4", "mov", "webm", "mkv"}


def _song_by_place(clause: Clause, ctx: ParseContext) -> str | None:
    """ "the second song", "用第二首", "the other song", "换一首"."""
    songs = [n.media_id for n in ctx.audio_names]
    if len(songs) < 2 or not clause.has("song", "music", "track", "songs"):
        return None
    for word in clause.words:
        place = ordinal_value(word)
        if place is not None and -len(songs) <= place < len(songs):
            return songs[place]
    if clause.has("other", "another", "different", "change", "switch", "next"):
        return "other"
    return None


def _require_music(work: Work) -> list[AudioSegment]:
    photos(work)
    found = music_segments(work)
    if not found:
        if work.audio_media:
            raise CannotApply('There is no music on the video yet; say "add music" first.')
        raise NeedMedia(UPLOAD_AUDIO)
    return found


class SetMusicVolume(Intent):
    phase: ClassVar[int] = 91
    volume: float | None = None
    factor: float | None = None

    def apply(self, work: Work) -> None:
        found = _require_music(work)
        before = found[0].meta.volume
        for seg in found:
            value = self.volume if self.volume is not None else seg.meta.volume * (self.factor or 1)
            if self.volume is None and (self.factor or 1) > 1:
                value = min(value, max(1.0, seg.meta.volume))
            seg.meta.volume = round(min(2.0, max(0.0, value)), 2)
        work.record(
            "set_music_volume",
            {"volume": self.volume, "factor": self.factor},
            {"volume": found[0].meta.volume, "was": before},
        )


class FadeMusic(Intent):
    phase: ClassVar[int] = 92
    fade_in_ms: int | None = None
    fade_out_ms: int | None = None

    def apply(self, work: Work) -> None:
        found = _require_music(work)
        for seg in found:
            if self.fade_in_ms is not None:
                seg.meta.fade_in = min(self.fade_in_ms, seg.duration_ms // 2)
            if self.fade_out_ms is not None:
                seg.meta.fade_out = min(self.fade_out_ms, seg.duration_ms // 2)
        seg = found[0]
        work.record(
            "fade_music",
            {"fade_in_ms": self.fade_in_ms, "fade_out_ms": self.fade_out_ms},
            {"fade_in": seg.meta.fade_in, "fade_out": seg.meta.fade_out},
        )


class RemoveMusic(Intent):
    phase: ClassVar[int] = 93

    def apply(self, work: Work) -> None:
        found = _require_music(work)
        draft = work.require_draft()
        draft.tracks = [t for t in draft.tracks if not isinstance(t, AudioTrack)]
        names = ", ".join(dict.fromkeys(s.meta.name or s.meta.src for s in found))
        work.record("remove_music", {}, {"removed": names})


class SetClipAudio(Intent):
    """The clips' own sound: keep it, mute it, or duck it under the music."""

    phase: ClassVar[int] = 94
    mode: Literal["keep", "mute", "duck"]
    refs: tuple[PhotoRef, ...] = ()
    also_music: bool = False

    def apply(self, work: Work) -> None:
        segs = photos(work)
        if self.refs:
            indices = sorted({i for ref in self.refs for i in work.resolve(ref)})
        else:
            indices = [i for i, s in enumerate(segs) if s.meta.kind == "video"]
        music = music_segments(work)
        if not indices and not (self.also_music and music):
            raise CannotApply(
                "The video has no clips, so there is no clip sound to change; photos are silent."
            )
        for i in indices:
            segs[i].meta.audio = self.mode
        if self.also_music:
            for seg in music:
                seg.meta.volume = 0.0
        work.record(
            "set_clip_audio",
            {"mode": self.mode, "clips": [i + 1 for i in indices], "music": self.also_music},
            {"clips": len(indices), "music_muted": bool(self.also_music and music)},
        )


def fold(intents: list[Intent]) -> list[Intent]:
    """ "add music at 30% and fade it out" is one music edit: fold fades and an exact volume
    said after adding the music into the adding, so the reply says it once."""
    out: list[Intent] = []
    adding: int | None = None
    for intent in intents:
        if isinstance(intent, SetMusic) and adding is not None and intent.media_id is None:
            # "add music at 30% and fade it out": the second says more of the same music
            base = out[adding]
            said = {k: v for k, v in intent.model_dump().items() if v is not None}
            out[adding] = base.model_copy(update=said)
            continue
        if isinstance(intent, SetMusic):
            adding = len(out)
        elif adding is not None and isinstance(intent, FadeMusic):
            base = out[adding]
            assert isinstance(base, SetMusic)
            out[adding] = base.model_copy(
                update={
                    "fade_in_ms": intent.fade_in_ms
                    if intent.fade_in_ms is not None
                    else base.fade_in_ms,
                    "fade_out_ms": intent.fade_out_ms
                    if intent.fade_out_ms is not None
                    else base.fade_out_ms,
                }
            )
            continue
        elif (
            adding is not None and isinstance(intent, SetMusicVolume) and intent.volume is not None
        ):
            base = out[adding]
            assert isinstance(base, SetMusic)
            out[adding] = base.model_copy(update={"volume": intent.volume})
            continue
        out.append(intent)
    if any(isinstance(i, FitToMusic) for i in out):
        # "add music and make the video as long as the song": fitting adds that music
        out = [i for i in out if i != SetMusic()]
    return out


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_CLIP_WORDS = words("""clip clips video videos original footage camera""")


_MUSIC_FADES = ("fade in", "fade out", "fades in", "fades out", "fading in", "fading out",
                "fadein", "fadeout", "no fades", "no fade")  # fmt: skip


_PLAY_FROM = ("start playing", "play from", "playing from", "plays from")


def mentions_audio(clause: Clause, ctx: ParseContext) -> bool:
    words = clause.wordset
    if ctx.has_music and clause.has(*_MUSIC_FADES) and not clause.has_any(TRANSITION_NOUNS):
        return True  # "fade in 1s and fade out 2s": photos cross-fade, only sound fades in
    if words & (MUSIC_NOUNS - {"track", "sound", "sounds"}):
        return True
    if ctx.has_music and clause.has(*_PLAY_FROM):
        return True  # 从1分05秒开始放: only the music plays from somewhere
    if words & {
        "volume",
        "mute",
        "unmute",
        "louder",
        "quieter",
        "duck",
        "ducking",
        "silent",
        "muted",
    }:
        return True
    if words & {"sound", "sounds"} and not clause.has("sounds good", "sounds great", "sounds fine"):
        return True
    return bool(ctx.audio_names) and any(
        r.kind == "media" for r in find_photo_refs(clause, list(ctx.audio_names))
    )


def _volume(clause: Clause) -> tuple[float | None, float | None]:
    """(absolute volume, factor) said in the clause."""
    percents = find_percents(clause)
    if percents:
        return min(2.0, percents[0].value), None
    words = clause.words
    for i, word in enumerate(words):
        if word in {"volume", "to", "at"} and i + 1 < len(words) and is_number(words[i + 1]):
            if i + 2 < len(words) and words[i + 2] in {"s", "sec", "seconds", "second"}:
                continue
            value = float(words[i + 1])
            return (value if value <= 1 else value / 100), None
    if clause.has("half volume", "half the volume", "half as loud", "50 50"):
        return 0.5, None
    if clause.has("full volume", "max volume", "full blast", "maximum volume"):
        return 1.0, None
    bit = clause.has("bit", "little", "slightly", "tad")
    if clause.has(
        "turn down",
        "quieter",
        "softer",
        "lower",
        "reduce",
        "decrease",
        "down",
        "less loud",
        "too loud",
        "not so loud",
    ):
        return None, 0.85 if bit else QUIETER
    if clause.has(
        "turn up", "louder", "raise", "increase", "boost", "up", "higher", "too quiet", "too soft"
    ):
        return None, 1.2 if bit else LOUDER
    return None, None


def _fades(clause: Clause) -> tuple[int | None, int | None]:
    if not clause.has("fade", "fades", "fading", "fadeout", "fadein"):
        return None, None
    words = clause.words
    if clause.has_any(REMOVE_WORDS | {"no", "without", "stop"}):
        # "no fades on the music", "remove the fade in"
        says_in = clause.has("fade in", "fades in", "fadein")
        says_out = clause.has("fade out", "fades out", "fadeout")
        if says_in == says_out or clause.has("in and out"):  # 不要淡入淡出
            return 0, 0
        return (0, None) if says_in else (None, 0)
    fades = [i for i, w in enumerate(words) if w.startswith("fad") or w in {"in", "out"}]
    seconds = [
        q
        for q in find_durations(clause)
        if q.first not in clause.claimed
        and any(q.first - 5 <= i <= q.last + 2 for i in fades)  # the fade's own length
    ]
    ms = round(seconds[0].value * 1000) if seconds else None
    if seconds:
        clause.claim(*range(seconds[0].first, seconds[0].last + 1))
    fade_in = fade_out = None
    says_in = clause.has("fade in", "fades in", "fading in", "fadein", "in and out") or (
        "in" in words and clause.has("fade") and not clause.has("out")
    )
    says_out = clause.has("out", "fadeout", "at the end", "end")
    if says_in:
        fade_in = ms or FADE_IN_MS
    if says_out or not says_in:
        fade_out = ms or FADE_OUT_MS
    if says_in and says_out and ms:
        fade_in = fade_out = ms
    return fade_in, fade_out


_MATCH = (
    "as long as the song",
    "as long as the music",
    "as long as the track",
    "match the music",
    "match the song",
    "length of the song",
    "length of the music",
    "fit the music",
    "fit the song",
    "fit to the music",
    "fit to the song",
)
_LOOP_WORDS = frozenset({"loop", "loops", "looping", "looped", "repeat", "repeating"})
_NO_LOOP = ("do not loop", "not loop", "no loop", "without looping", "stop looping", "play once")


def _offset(clause: Clause) -> int | None:
    """ "start the song from 30 seconds", "start the music at 0:10", "skip the first 5 s of it"."""
    if not (
        clause.has("start", "starts", "begin", "from", "skip")
        and (clause.has_any(MUSIC_NOUNS) or clause.has(*_PLAY_FROM))
    ):
        return None
    found = [q for q in find_durations(clause) if q.first not in clause.claimed]
    if not found:
        return None
    clause.claim(*range(found[0].first, found[0].last + 1))
    return round(found[0].value * 1000)


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if not mentions_audio(clause, ctx):
        return []
    words = clause.wordset
    song = _song_by_place(clause, ctx) or next(
        (r.media_id for r in find_photo_refs(clause, list(ctx.audio_names)) if r.kind == "media"),
        None,
    )
    about_clips = bool(words & _CLIP_WORDS) and not words & {"music", "song", "soundtrack", "bgm"}
    about_music = bool(words & (MUSIC_NOUNS - {"sound", "sounds", "audio"})) or song is not None
    if words & {"duck", "ducking", "ducked"} or clause.has(
        "under the clips", "when the clips", "while the clips"
    ):
        return [SetClipAudio(mode="duck")]
    if words & {"unmute"}:
        return [SetClipAudio(mode="keep")]
    if clause.has("keep the sound", "keep the original", "keep clip sound", "keep the clip"):
        return [SetClipAudio(mode="keep")]
    if words & {"mute", "muted", "silent", "silence"} or clause.has("no sound", "without sound"):
        if about_music and not about_clips:
            return [SetMusicVolume(volume=0.0)]
        return [SetClipAudio(mode="mute", also_music=not about_clips)]
    if about_clips and not about_music and clause.has("remove", "turn off", "no", "without"):
        return [SetClipAudio(mode="mute")]
    removing = bool(words & (REMOVE_WORDS | {"no", "without", "stop"})) or clause.has(
        "get rid of", "turn off", "take the song off", "take the music off", "take off"
    )
    if clause.has("chorus", "the drop", "the hook", "best part"):
        return [
            Question(
                message="Where in the song should it start? I can't find the chorus myself; "
                'say, for example: "start the song at 0:45".'
            )
        ]
    clip_refs = tuple(
        r
        for r in find_photo_refs(clause, list(ctx.names))
        if r.kind == "media" and _is_clip(r, ctx)
    )
    if clip_refs and clause.has("sound", "audio", "mute", "muted", "silent", "off", "keep"):
        mode = "keep" if clause.has("keep", "unmute", "back") else "mute"
        return [SetClipAudio(mode=mode, refs=clip_refs)]
    clips_named = bool(words & _CLIP_WORDS)
    if clips_named and clause.has("under the music", "below the music", "beneath the music"):
        return [SetClipAudio(mode="duck")]
    if clause.has("keep") and clause.has("sound", "audio", "original") and not about_music:
        return [SetClipAudio(mode="keep")]
    looping = clause.has_any(_LOOP_WORDS)  # "no loop" is about looping, not removing
    if removing and not looping and not clause.has("fade", "fades", "fading", "fadein", "fadeout"):
        return [RemoveMusic()]
    if clause.has(*_MATCH):
        return [FitToMusic()]
    offset = _offset(clause)
    loop = False if clause.has(*_NO_LOOP) else (True if words & {"loop", "looping"} else None)
    if offset is not None or loop is not None:
        return [SetMusic(media_id=song, offset_ms=offset, loop=loop)]
    fade_in, fade_out = _fades(clause)
    volume, factor = _volume(clause)
    adding = bool(
        words
        & {
            "add",
            "use",
            "put",
            "play",
            "with",
            "include",
            "set",
            "insert",
            "choose",
            "pick",
            "switch",
            "change",
        }
    )
    if (
        song is not None
        or (adding and about_music)
        or (about_music and volume is not None and not factor)
        or (about_music and not ctx.has_music and (fade_in, fade_out) != (None, None))
    ):  # "music fade" with no music on yet: add it, with that fade
        return [SetMusic(media_id=song, volume=volume, fade_in_ms=fade_in, fade_out_ms=fade_out)]
    out: list[Intent] = []
    if volume is not None or factor is not None:
        out.append(SetMusicVolume(volume=volume, factor=factor))
    if fade_in is not None or fade_out is not None:
        out.append(FadeMusic(fade_in_ms=fade_in, fade_out_ms=fade_out))
    if not out and about_music:
        out.append(SetMusic())
    return out
