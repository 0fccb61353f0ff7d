"""Cuts on the beat: photo changes snapped to the music's beats.

`cut_to_beats` moves every cut between photos on the main video track to the
nearest beat of the music under it, keeping the video's length (the cuts
move, the total does not). `every_beats` gives each photo the same number of
beats, so the length follows from the tempo and the count of photos; the
reply says how it changed. Transitions stay centred on the cut (the engine
centres them), so a crossfade's middle falls on the beat; those that no
longer fit their shorter neighbour are shortened, and the reply says so.

Beat times come from the song's analysis, placed on the timeline where the
audio segment plays them: from its `offset`, looping with the file when
`loop` is set (the engine loops the whole file).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping

from photoreel.agent.edits.result import Edited
from photoreel.protocol.analysis import Analysis, SongAnalysis
from photoreel.protocol.draft import AudioSegment, Draft, TextTrack, VideoSegment

#: The shortest photo a beat cut may leave (shorter flickers).
MIN_PHOTO_MS = 250


def music_of(
    draft: Draft, analyses: Mapping[str, Analysis]
) -> tuple[AudioSegment, SongAnalysis] | None:
    """The first audio segment whose song was analysed and has beats."""
    for track in draft.audio_tracks:
        for segment in track.segments:
            found = analyses.get(segment.meta.src)
            if isinstance(found, SongAnalysis) and found.beats:
                return segment, found
    return None


def timeline_beats(segment: AudioSegment, song: SongAnalysis, until: int) -> list[int]:
    """Beat times on the timeline (ms) while the segment plays, up to `until`.

    Past the song's last detected beat, beats go on at its tempo until the file
    ends; a looping segment repeats them with the file.
    """
    period = 60000 / song.tempo if song.tempo > 0 else 0
    beats = list(song.beats)
    if period and beats:
        while beats[-1] + period < song.duration:
            beats.append(round(beats[-1] + period))
    end = min(segment.end_ms, until)
    out: list[int] = []
    lap = 0
    while True:
        shift = segment.start_ms - segment.meta.offset + lap * song.duration
        placed = [b + shift for b in beats if b + lap * song.duration >= segment.meta.offset]
        out += [t for t in placed if segment.start_ms <= t < end]
        lap += 1
        if not segment.meta.loop or song.duration <= 0 or shift + song.duration >= end:
            break
    return sorted(set(out))


def _video(draft: Draft) -> list[VideoSegment]:
    return next((t.segments for t in draft.video_tracks if t.segments), [])


def _retime(draft: Draft, cuts: list[int], length: int) -> None:
    """Photos tiled between `cuts`, the video `length` long; what followed the photos
    (captions on a photo, music and titles spanning the video) follows them."""
    segments = _video(draft)
    old = [(s.start_ms, s.end_ms) for s in segments]
    old_d = draft.duration_ms
    bounds = [0, *cuts, length]
    for segment, (start, end) in zip(segments, itertools.pairwise(bounds), strict=False):
        segment.start_ms, segment.duration_ms = start, end - start
    draft.duration_ms = length
    spans = {span: (seg.start_ms, seg.end_ms) for span, seg in zip(old, segments, strict=True)}
    for track in draft.tracks:
        if track.segments is segments or not track.segments:
            continue
        for item in track.segments:
            if isinstance(track, TextTrack) and (item.start_ms, item.end_ms) in spans:
                item.start_ms, end = spans[(item.start_ms, item.end_ms)]
                item.duration_ms = end - item.start_ms
            elif item.start_ms == 0 and item.end_ms >= old_d:
                item.duration_ms = length
        track.segments = [i for i in track.segments if i.start_ms < length]  # type: ignore[assignment]
        for item in track.segments:
            item.duration_ms = min(item.duration_ms, length - item.start_ms)


def _fit_transitions(draft: Draft) -> int:
    """Shorten transitions that no longer fit their shorter neighbour; how many."""
    segments = _video(draft)
    shortened = 0
    for here, after in itertools.pairwise(segments):
        tr = here.meta.transition
        if tr is None or tr.type == "none":
            continue
        room = min(here.duration_ms, after.duration_ms)
        if tr.duration_ms > room:
            tr.duration_ms = room
            shortened += 1
    return shortened


def cut_to_beats(draft: Draft, analyses: Mapping[str, Analysis]) -> Edited:
    """Every cut between photos moved to the nearest beat; the video keeps its length."""
    new = draft.model_copy(deep=True)
    segments = _video(new)
    music = music_of(new, analyses)
    if music is None:
        return Edited(draft=draft, said=[_no_music(new, analyses)])
    if len(segments) < 2:
        return Edited(draft=draft, said=["There is only one photo, so there is no cut to move."])
    beats = timeline_beats(*music, until=new.duration_ms)
    old_cuts = [s.end_ms for s in segments[:-1]]
    cuts: list[int] = []
    kept = 0
    for i, cut in enumerate(old_cuts):
        lowest = (cuts[-1] if cuts else 0) + MIN_PHOTO_MS
        highest = new.duration_ms - MIN_PHOTO_MS * (len(old_cuts) - i)
        usable = [b for b in _near(beats, cut) if lowest <= b <= highest]
        if usable:
            cuts.append(min(usable, key=lambda b: abs(b - cut)))
        else:
            cuts.append(min(max(cut, lowest), highest))
            kept += 1
    _retime(new, cuts, new.duration_ms)
    shortened = _fit_transitions(new)
    moved = [i for i, (a, b) in enumerate(zip(old_cuts, cuts, strict=True)) if a != b]
    facts = {
        "bpm": round(music[1].tempo),
        "cuts": len(cuts),
        "off_beat": kept,
        "d": new.duration_ms,
        "shortened": shortened,
    }
    return Edited(draft=new, changed=moved, facts=facts)


def _near(beats: list[int], t: int, reach: int = 8) -> list[int]:
    i = bisect.bisect_left(beats, t)
    return beats[max(i - reach, 0) : i + reach]


def every_beats(draft: Draft, analyses: Mapping[str, Analysis], count: int) -> Edited:
    """Each photo lasts `count` beats, starting on the first beat; the video's length
    becomes what that adds up to (ending on a beat), and the reply says so."""
    new = draft.model_copy(deep=True)
    segments = _video(new)
    music = music_of(new, analyses)
    if music is None:
        return Edited(draft=draft, said=[_no_music(new, analyses)])
    if not segments:
        return Edited(draft=draft, said=["There are no photos to time to the music yet."])
    audio, song = music
    # Beats over as long as the photos could need: the music's segment, lengthened
    # (it follows the video when it spans it) up to the whole song with its loops.
    reach = max(new.duration_ms, len(segments) * count * 60000 / max(song.tempo, 1) + 60000)
    probe = audio.model_copy(update={"d": int(reach) if audio.start_ms == 0 else audio.duration_ms})
    beats = timeline_beats(probe, song, until=int(reach) + audio.start_ms)
    if not beats:
        return Edited(draft=draft, said=["The music has no beat while the photos show."])
    needed = len(segments) * count + 1
    period = 60000 / song.tempo if song.tempo > 0 else 500
    while beats and len(beats) < needed:  # the music ends: go on at its tempo
        beats.append(round(beats[-1] + period))
    # Photo i holds beats count*i .. count*(i+1)-1 and gives way on the next one; the
    # first photo also holds whatever comes before the first beat.
    cuts = [beats[count * (i + 1)] for i in range(len(segments) - 1)]
    length = beats[count * len(segments)]
    old_d = new.duration_ms
    _retime(new, cuts, length)
    shortened = _fit_transitions(new)
    facts = {
        "bpm": round(song.tempo),
        "beats": count,
        "photo_ms": length / len(segments),
        "d": length,
        "was": old_d,
        "shortened": shortened,
    }
    return Edited(draft=new, changed=list(range(len(segments))), facts=facts)


def _no_music(draft: Draft, analyses: Mapping[str, Analysis]) -> str:
    if not draft.audio_tracks or not any(t.segments for t in draft.audio_tracks):
        return "There is no music yet: add a song first, then I can cut to its beat."
    return "I could not find a beat in this music, so the cuts stay where they are."
