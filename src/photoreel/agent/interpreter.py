"""From an instruction to typed intents: normalise, split into clauses, parse each.

The pipeline: lift out quoted text; tokenise; correct typos against the
agent's vocabulary and this session's file names; rewrite numbers said in
words as digits ("half a minute" -> "30 seconds"); split at connectives into
clauses; run each area's parser over each clause. Parsers that own their
clause (a question, a history step, a routed word, music, text) stop the
others; the rest may each contribute ("a 30 second vertical slideshow" is a
video, a length and a canvas). A clause that means nothing alone is glued back
onto its neighbour ("swap the first" + "last photo").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from photoreel.agent.contract import MediaItem
from photoreel.agent.intents import (
    again,
    arrange,
    audio,
    canvas,
    durations,
    fit,
    history,
    make,
    motion,
    questions,
    routes,
    sense,
    styles,
    text,
    transitions,
)
from photoreel.agent.intents.ask import WHICH_PHOTO, Question
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.lexicon import COMMON_WORDS, REMOVE_WORDS, VOCABULARY
from photoreel.agent.memory import Memory
from photoreel.agent.parse.chinese import has_chinese
from photoreel.agent.parse.clauses import split_clauses
from photoreel.agent.parse.numbers import find_durations, normalize_numbers, ordinal_value
from photoreel.agent.parse.phrases import rewrite
from photoreel.agent.parse.recall import answers, recall
from photoreel.agent.parse.references import MediaName, unknown_names
from photoreel.agent.parse.spelling import correct, session_words
from photoreel.agent.parse.tokens import Clause, Token, Utterance, tokenize

Parser = Callable[[Clause, ParseContext], list[Intent]]

# (parser, owns the clause when it finds something)
PARSERS: tuple[tuple[Parser, bool], ...] = (
    (routes.parse, False),
    (questions.parse, True),
    (history.parse, True),
    (sense.parse, True),
    (again.parse, True),
    (audio.parse, True),
    (text.parse, True),
    (styles.parse, False),
    (make.parse, False),
    (canvas.parse, False),
    (transitions.parse, False),
    (motion.parse, False),
    (fit.parse, False),
    (arrange.parse, False),
    (durations.parse, False),
)


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
    """A word as typed, which may be misspelt: not a quote, not a word read from Chinese."""
    return token.quote_index is None and not has_chinese(source[token.start : token.end])


def parse_clause(clause: Clause, ctx: ParseContext) -> list[Intent]:
    songs = {p for name in ctx.audio_names for p in name.parts}
    unknown = [w for w in unknown_names(clause, list(ctx.names)) if w not in songs]
    if unknown:
        # Better to ask than to apply "make the cat photo 5 s" to the whole video.
        files = tuple(n.filename for n in ctx.names)
        action = "remove" if clause.has_any(REMOVE_WORDS) else ""
        return [questions.UnknownPhoto(word=unknown[0], files=files, action=action)]
    found: list[Intent] = []
    for parser, owns in PARSERS:
        got = parser(clause, ctx)
        if got:
            found.extend(got)
            if owns:
                found += _beside(parser, clause, ctx)
                break
    return found


def _beside(owner: Parser, clause: Clause, ctx: ParseContext) -> list[Intent]:
    """A canvas said beside music or text ("竖屏 15秒 加音乐", "vertical, add music"): words
    the owner did not use still mean what they mean; each word belongs to one reading."""
    if owner not in (audio.parse, text.parse):
        return []
    extra: list[Intent] = list(canvas.parse(clause, ctx))
    if owner is audio.parse and not clause.has("fade", "fades", "start", "from", "skip", "in"):
        extra += [
            i for i in durations.parse(clause, ctx) if isinstance(i, durations.SetTotalDuration)
        ]
    return extra


_PRONOUNS = frozenset({"it", "them"})
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
    if not clause.has_any(_PRONOUNS):
        return None
    plain = parse_clause(Clause(clause.tokens, clause.utterance), ctx)
    if plain and not all(isinstance(i, _WEAK) for i in plain):
        return None
    tokens = [Token(topic, t.start, t.end) if t.norm in _PRONOUNS else t for t in clause.tokens]
    found = parse_clause(Clause(tokens, clause.utterance), ctx)
    if not found or _topic(found) is None or found == [audio.SetMusic()]:
        return None
    return found


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


def interpret(instruction: str, ctx: ParseContext) -> Reading:
    utterance = read(instruction, ctx)
    reading = Reading(utterance)
    answered = _reply_to_question(utterance, ctx)
    if answered is not None:
        reading.intents = answered
        return reading
    done: list[tuple[Clause, list[Intent]]] = []
    pending: tuple[Clause, Token | None] | None = None
    for piece in split_clauses(utterance):
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
        topic = _topic(done[-1][1]) if done else None
        got = (_with_topic(clause, topic, ctx) if topic else None) or parse_clause(clause, ctx)
        if got:
            done.append((clause, got))
            continue
        if done:
            before, before_got = done[-1]
            glued = before.merged(clause, joiner)
            glued_got = parse_clause(glued, ctx)
            if glued_got and len(glued_got) >= len(before_got) and glued_got != before_got:
                done[-1] = (glued, glued_got)  # "swap the first" + "last photo"
                continue
        pending = (clause, joiner)
    if pending is not None and _meaningful(pending[0]):
        reading.unknown.append(pending[0].raw(0, len(pending[0].tokens) - 1))
    for clause, got in done:
        if any(intent.edits for intent in got):
            reading.unknown += _unread(clause, ctx)
    reading.intents = audio.fold([intent for _, got in done for intent in got])
    return reading


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
            i in clause.consumed
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
