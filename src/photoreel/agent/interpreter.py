"""From an instruction to typed intents: normalise, split into clauses, parse each.

The pipeline: lift out quoted text; tokenise; correct typos against the
agent's vocabulary and this session's file names; rewrite numbers said in
words as digits ("half a minute" -> "30 seconds"); split at connectives into
clauses; let every area propose its reading of each clause with the words it
covers, and keep the best consistent set (`readings.best_readings`): a word belongs to
one reading only, so "a 30 second vertical slideshow" is a video, a length and
a canvas, while the "2 second fade in" of "add music with a 2 second fade in"
is the music's alone. A clause that means nothing alone is glued back onto its
neighbour ("swap the first" + "last photo").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from photoreel.agent.contract import MediaItem
from photoreel.agent.intents import (
    arrange,
    audio,
    durations,
    make,
    motion,
    questions,
    text,
    transitions,
)
from photoreel.agent.intents.ask import WHICH_PHOTO, Question
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.lexicon import (
    COMMON_WORDS,
    CUT_WORDS,
    MUSIC_NOUNS,
    PHOTO_NOUNS,
    REMOVE_WORDS,
    TEXT_NOUNS,
    TRANSITION_NOUNS,
    VIDEO_NOUNS,
    VOCABULARY,
    words,
)
from photoreel.agent.memory import Memory
from photoreel.agent.parse.chinese import has_chinese
from photoreel.agent.parse.clauses import Piece, split_clauses
from photoreel.agent.parse.numbers import find_durations, normalize_numbers, ordinal_value
from photoreel.agent.parse.phrases import CHAT, rewrite
from photoreel.agent.parse.recall import answers, recall
from photoreel.agent.parse.references import MediaName, PhotoRef, unknown_names
from photoreel.agent.parse.spelling import correct, session_words
from photoreel.agent.parse.tokens import Clause, Token, Utterance, tokenize
from photoreel.agent.readings import best_readings
from photoreel.agent.timeline import MAX_CLIP_MS


@dataclass
class Reading:
    """What was understood: intents in the order said, and clauses that meant nothing."""

    utterance: Utterance
    intents: list[Intent] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def context_for(
    media: list[MediaItem],
    has_video: bool,
    language: str,
    memory: Memory | None = None,
    has_music: bool = False,
) -> ParseContext:
    names = tuple(MediaName.of(m.media_id, m.filename) for m in media if m.kind != "audio")
    audio_names = tuple(MediaName.of(m.media_id, m.filename) for m in media if m.kind == "audio")
    return ParseContext(
        names=names,
        audio_names=audio_names,
        has_video=has_video,
        has_music=has_music,
        language=language,
        memory=memory or Memory(),
    )


def read(instruction: str, ctx: ParseContext) -> Utterance:
    """Tokenise, correct spelling and normalise numbers."""
    utterance = tokenize(instruction)
    own = session_words(part for name in ctx.names + ctx.audio_names for part in name.parts)
    corrected = [
        Token(correct(t.norm, own), t.start, t.end) if _typed(t, utterance.source) else t
        for t in utterance.tokens
    ]
    tokens = recall(rewrite(normalize_numbers(corrected)), ctx.memory, ctx.names)
    prefix = answers(tokens, ctx.memory)
    if prefix:  # the instruction answers the agent's question: say what it answers
        tokens = [Token(word, 0, 0) for word in prefix] + tokens
    utterance.tokens = tokens
    return utterance


def _typed(token: Token, source: str) -> bool:
    """A word as typed, which may be misspelt: not a quote, not a word read from Chinese,
    not a chat spelling read as meant ("dont" is "do not", not "font")."""
    return (
        token.quote_index is None
        and token.norm not in CHAT
        and not has_chinese(source[token.start : token.end])
    )


def parse_clause(clause: Clause, ctx: ParseContext) -> list[Intent]:
    songs = {p for name in ctx.audio_names for p in name.parts}
    unknown = [w for w in unknown_names(clause, list(ctx.names)) if w not in songs]
    if unknown:
        # Better to ask than to apply "make the cat photo 5 s" to the whole video.
        files = tuple(n.filename for n in ctx.names)
        action = "remove" if clause.has_any(REMOVE_WORDS) else ""
        return [questions.UnknownPhoto(word=unknown[0], files=files, action=action)]
    readings = best_readings(clause, ctx)
    clause.claimed = set().union(*(p.covers for p in readings))  # what _unread skips
    return _consistent([intent for p in readings for intent in p.intents])


def _consistent(intents: list[Intent]) -> list[Intent]:
    """Readings of one clause that say the same thing twice keep it once: "use cat.jpg and
    rocket.jpg to make a video" picks those photos; adding them again would repeat them."""
    picked = {
        ref.media_id
        for i in intents
        if isinstance(i, make.MakeVideo)
        for ref in i.picks
        if ref.media_id is not None
    }
    return [
        i
        for i in intents
        if not (isinstance(i, arrange.AddPhotos) and i.media_ids and set(i.media_ids) <= picked)
    ]


_PRONOUNS = frozenset({"it", "them"})
# Words that name what a clause is about: with none, a clause after music or a title is theirs.
_SUBJECTS = (
    TRANSITION_NOUNS
    | PHOTO_NOUNS
    | VIDEO_NOUNS
    | MUSIC_NOUNS
    | TEXT_NOUNS
    | CUT_WORDS
    | {"between"}
)
_WEAK = (transitions.SetTransitions, motion.SetMotion, durations.ChangeTotalDuration)


def _topic(intents: list[Intent]) -> str | None:
    """The subject of a clause, if it was music or text ("add music", "a title 'Hi'")."""
    modules = {type(i).__module__.rsplit(".", 1)[-1] for i in intents}
    if modules == {"audio"}:
        return "music"
    if modules == {"text"}:
        return "caption" if all(getattr(i, "role", "") == "caption" for i in intents) else "title"
    return None


def _with_topic(clause: Clause, topic: str, ctx: ParseContext) -> list[Intent] | None:
    """Parse "fade it out" after "add music" as "fade music out"; None if that reads no better.

    The plain reading wins unless it found nothing or only something that a
    lone "fade" or "bigger" also means in another area (a transition, motion).
    """
    pronoun = clause.has_any(_PRONOUNS)
    if not pronoun and (topic != "music" or clause.has_any(_SUBJECTS)):
        return None  # "add music, then slow crossfades": the crossfades are the photos'
    plain = parse_clause(Clause(clause.tokens, clause.utterance), ctx)
    weak: tuple[type[Intent], ...] = _WEAK
    if topic == "music" and clause.has("from", "starting", "start", "skip"):
        weak = (*_WEAK, durations.SetTotalDuration)  # "add the song but only from 0:45"
    if plain and not all(isinstance(i, weak) for i in plain):
        return None
    if pronoun:
        tokens = [Token(topic, t.start, t.end) if t.norm in _PRONOUNS else t for t in clause.tokens]
    else:  # "add music with a 2 second fade in": the fade is the music's
        tokens = [Token(topic, clause.tokens[0].start, clause.tokens[0].start), *clause.tokens]
    found = parse_clause(Clause(tokens, clause.utterance), ctx)
    if not found or _topic(found) is None or found == [audio.SetMusic()]:
        return None
    return found


_SPEEDS = words("slower faster quicker longer shorter smoother")
_SOFTENERS = words("a bit little more much please pls lot way even")


def _only_speed(clause: Clause) -> bool:
    """ "slower", "a bit faster", 慢一点: a pace said with nothing it is about."""
    said = set(clause.words)
    return bool(said & _SPEEDS) and said <= _SPEEDS | _SOFTENERS


_SIZES = words("bigger smaller larger zoom in out")
_LOOK_FIELDS = ("color", "size", "size_factor", "position", "box", "weight", "corner")


def _restyled(before: list[Intent], more: list[Intent]) -> list[Intent]:
    """A look said after a title ("a title 'Hi', bigger") is that title's: one edit."""
    if len(before) == len(more) == 1 and isinstance(more[0], text.TextStyle):
        look = {k: v for k in _LOOK_FIELDS if (v := getattr(more[0], k)) is not None}
        if isinstance(before[0], text.TextStyle):
            return [before[0].model_copy(update=look)]
    return [*before, *more]


def _only_size(clause: Clause) -> bool:
    """ "bigger", "a bit smaller", 放大一点: a size said with nothing it is about."""
    said = set(clause.words)
    return bool(said & (_SIZES - {"in", "out"})) and said <= _SIZES | _SOFTENERS


def _all_transitions(intents: list[Intent]) -> bool:
    return bool(intents) and all(isinstance(i, transitions.SetTransitions) for i in intents)


def _refs_of(intent: Intent) -> list[PhotoRef]:
    refs = getattr(intent, "refs", None) or ()
    one = getattr(intent, "ref", None)
    return [*refs, *([one] if isinstance(one, PhotoRef) else [])]


def _it_is_the_photo(clause: Clause, before: Clause, before_got: list[Intent]) -> Clause | None:
    """ "it" right after a clause about one photo is that photo (not "make it vertical")."""
    words = clause.words
    if "it" not in words or clause.has_any(_SUBJECTS - PHOTO_NOUNS) or clause.quoted():
        return None  # "... and add a title saying it rocks": not the photo
    at = words.index("it")
    typed = clause.utterance.source[clause.tokens[at].start : clause.tokens[at].end]
    if typed.lower() != "it":
        return None  # 然后改成5秒: 改成 is read "make it", but says no "it"
    lengths = find_durations(clause)
    if (
        at > 0
        and words[at - 1] in {"make", "turn", "is"}
        and not (len(lengths) == 1 and lengths[0].value * 1000 <= MAX_CLIP_MS)
    ):
        return None  # "make it vertical", "make it 30 seconds": the video
    named = {r for i in before_got for r in _refs_of(i) if r.kind != "all" and not r.bare}
    if len(named) != 1:
        return None
    ref = named.pop()
    if ref.last >= len(before.tokens):
        return None
    photo = before.tokens[ref.first : ref.last + 1]
    return Clause([*clause.tokens[:at], *photo, *clause.tokens[at + 1 :]], clause.utterance)


def _shown_for(clause: Clause, before: list[Intent]) -> bool:
    """ "show 3 seconds" right after a title or caption: how long that text shows."""
    return (
        _topic(before) in ("title", "caption")
        and clause.has("show", "shows", "display", "stay", "stays")
        and not clause.has_any(_SUBJECTS)
    )


_LENGTH_WORDS = frozenset({"length", "long", "for", "over", "of", "each", "duration", "a"})


def _only_a_length(clause: Clause) -> bool:
    """A clause that is just a length ("1 second", "时长1秒")."""
    found = find_durations(clause)
    if len(found) != 1:
        return False
    inside = set(range(found[0].first, found[0].last + 1))
    return all(i in inside or w in _LENGTH_WORDS for i, w in enumerate(clause.words))


def _takes_a_length(intents: list[Intent]) -> bool:
    return bool(intents) and all(
        isinstance(i, transitions.SetTransitions | audio.FadeMusic) for i in intents
    )


def _elliptic(clause: Clause) -> bool:
    """A clause with no verb of its own that names a photo ("the last 5 seconds")."""
    words = clause.words
    start = 1 if words and words[0] == "the" else 0
    return len(words) > start and ordinal_value(words[start]) is not None


def _covered(clause: Clause, start: int) -> bool:
    """Every word from `start` on is read by the clause's readings ("放大缩小，交替着来":
    "alternate" says again how the zooms go)."""
    return all(
        i in clause.claimed or t.norm in COMMON_WORDS or not t.norm.isalnum()
        for i, t in enumerate(clause.tokens)
        if i >= start
    )


def _meaningful(clause: Clause) -> bool:
    return any(w not in COMMON_WORDS and w.isalnum() for w in clause.words)


_YES = frozenset({"yes", "yeah", "yep", "sure", "ok", "okay", "please", "pls", "y"})
_NO = frozenset({"no", "nope", "without", "cancel", "nah", "never", "mind", "forget", "it"})


def _reply_to_question(utterance: Utterance, ctx: ParseContext) -> list[Intent] | None:
    """ "yes" / "不用了" right after the agent asked something."""
    asked = ctx.memory.asked
    words = {t.norm for t in utterance.tokens} - {".", "!", ",", "?"}
    if asked is None or not words:
        return None
    if words <= _YES:
        again = "What should the title say? For example: add a title 'Summer 2024'."
        if asked.kind == "which_photo":
            again = WHICH_PHOTO.format(verb=asked.action or "change")
        elif asked.kind == "which_song":
            again = "Which song? Say its file name."
        return [Question(message=again, asked=asked)]
    if words <= _NO:
        return [questions.SmallTalk(kind="fine")]
    return None


_BARE_THINGS = MUSIC_NOUNS | TEXT_NOUNS | words("the a an all both too as well my")


def _share_removal(pieces: list[Piece]) -> list[Piece]:
    """ "delete the title and the music", "标题和音乐都删掉": a removal said once is meant
    for the music or text named bare beside it."""
    removes = [bool(p.clause.wordset & REMOVE_WORDS) for p in pieces]
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        words_ = piece.clause.wordset
        bare = words_ <= _BARE_THINGS and bool(words_ & (MUSIC_NOUNS | TEXT_NOUNS))
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(pieces) and removes[j]]
        if bare and near:
            verb = next(t for t in pieces[near[0]].clause.tokens if t.norm in REMOVE_WORDS)
            start = piece.clause.tokens[0].start
            tokens = [Token(verb.norm, start, start), *piece.clause.tokens]
            piece = Piece(Clause(tokens, piece.clause.utterance), piece.joiner)
        out.append(piece)
    return out


def interpret(instruction: str, ctx: ParseContext) -> Reading:
    utterance = read(instruction, ctx)
    reading = Reading(utterance)
    answered = _reply_to_question(utterance, ctx)
    if answered is not None:
        reading.intents = answered
        return reading
    done: list[tuple[Clause, list[Intent]]] = []
    pending: tuple[Clause, Token | None] | None = None
    for piece in _share_removal(split_clauses(utterance)):
        clause, joiner = piece.clause, piece.joiner
        if pending is not None:
            glued = pending[0].merged(clause, joiner)
            got = parse_clause(glued, ctx)
            if got:
                done.append((glued, got))
                pending = None
                continue
            if _meaningful(pending[0]):
                reading.unknown.append(pending[0].raw(0, len(pending[0].tokens) - 1))
            pending = None
        if done and _elliptic(clause):
            before, before_got = done[-1]
            glued = before.merged(clause, joiner)
            glued_got = parse_clause(glued, ctx)
            if len(glued_got) > len(before_got):
                done[-1] = (glued, glued_got)  # "the first photo 4 s and the last 5 s"
                continue
        if done and _only_a_length(clause) and _takes_a_length(done[-1][1]):
            # "fade thru black, 1 second": the length is the transition's, not the video's
            before, _ = done[-1]
            glued = before.merged(clause, joiner)
            glued_got = parse_clause(glued, ctx)
            if glued_got:
                done[-1] = (glued, glued_got)
                continue
        if done and _shown_for(clause, done[-1][1]):
            # 加标题「惊喜」，显示3秒: the 3 seconds are the title's, not the video's
            before, before_got = done[-1]
            glued = before.merged(clause, joiner)
            glued_got = parse_clause(glued, ctx)
            if glued_got and _topic(glued_got) == _topic(before_got):
                done[-1] = (glued, glued_got)
                continue
        if done and _only_speed(clause) and _all_transitions(done[-1][1]):
            # "转场改成擦除，慢一点": slower transitions, not a longer video
            start = clause.tokens[0].start
            said = Clause([Token("transitions", start, start), *clause.tokens], clause.utterance)
            said_got = parse_clause(said, ctx)
            before, before_got = done[-1]
            if _all_transitions(said_got) and len(before_got) == len(said_got) == 1:
                more = {k: v for k, v in said_got[0].model_dump().items() if v not in (None, ())}
                done[-1] = (before, [before_got[0].model_copy(update=more)])  # one edit
                continue
        if done and _only_size(clause) and _topic(done[-1][1]) in ("title", "caption"):
            # "标题改成蓝色的，放大一点": the title bigger, not a zoom on the photos
            start = clause.tokens[0].start
            noun = _topic(done[-1][1]) or "title"
            smaller = "out" in clause.words or "smaller" in clause.words
            size = Token("smaller" if smaller else "bigger", start, start)
            said = Clause([Token(noun, start, start), size], clause.utterance)
            said_got = parse_clause(said, ctx)
            if said_got and _topic(said_got) == noun:
                done[-1] = (done[-1][0], _restyled(done[-1][1], said_got))
                continue
        swapped = _it_is_the_photo(clause, *done[-1]) if done else None
        swapped_got = parse_clause(swapped, ctx) if swapped is not None else []
        if swapped is not None and swapped_got:
            # "make the first photo 4 seconds and zoom in slowly on it": on the first photo
            done.append((swapped, swapped_got))
            continue
        topic = _topic(done[-1][1]) if done else None
        got = (_with_topic(clause, topic, ctx) if topic else None) or parse_clause(clause, ctx)
        if got:
            done.append((clause, got))
            continue
        if done:
            before, before_got = done[-1]
            glued = before.merged(clause, joiner)
            glued_got = parse_clause(glued, ctx)
            said_again = glued_got == before_got and _covered(
                glued, len(glued.tokens) - len(clause.tokens)
            )
            if (
                glued_got
                and len(glued_got) >= len(before_got)
                and (glued_got != before_got or said_again)
            ):
                done[-1] = (glued, glued_got)  # "swap the first" + "last photo"
                continue
        pending = (clause, joiner)
    if pending is not None and _meaningful(pending[0]):
        reading.unknown.append(pending[0].raw(0, len(pending[0].tokens) - 1))
    for clause, got in done:
        if any(intent.edits for intent in got):
            reading.unknown += _unread(clause, ctx)
    reading.intents = audio.fold([intent for _, got in done for intent in got])
    reading.unknown = [_with_quotes(said, utterance) for said in reading.unknown]
    return reading


def _with_quotes(said: str, utterance: Utterance) -> str:
    """What the person typed, with their quotes back in place of the placeholders."""
    return re.sub(r"⟨q(\d+)⟩", lambda m: f"'{utterance.quotes[int(m[1])]}'", said)


# Chat words that carry no request; everything else unknown in an edit is named in the reply.
_CHAT = frozenset(
    [
        "pls",
        "plz",
        "thx",
        "ty",
        "lol",
        "haha",
        "um",
        "uh",
        "uhh",
        "hmm",
        "oh",
        "oops",
        "wait",
        "actually",
        "kinda",
        "sorta",
        "gonna",
        "wanna",
        "really",
        "super",
        "very",
        "quite",
        "like",
        "maybe",
        "hey",
        "yo",
        "omg",
        "btw",
        "mmm",
        "ah",
        "ahh",
        "thank",
        "thanks",
    ]
)


def _unread(clause: Clause, ctx: ParseContext) -> list[str]:
    """Runs of words in an edited clause that no area read ("from spotify", "周杰伦")."""
    parts = {p for name in ctx.names + ctx.audio_names for p in name.parts}
    runs: list[list[int]] = []
    for i, token in enumerate(clause.tokens):
        word = token.norm
        known = (
            i in clause.claimed
            or token.quote_index is not None
            or word in VOCABULARY
            or word in _CHAT
            or word in parts
            or not any(c.isalpha() for c in word)
            or "." in word
            or ":" in word
            or ordinal_value(word) is not None
        )
        if known or token.start == token.end:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [clause.raw(run[0], run[-1]) for run in runs]
