"""Typed text -> tokens, keeping what the person typed beside what parsers match.

Every token has a `norm` (lower case, typos corrected, numbers as digits) that
parsers match against, and a character span in `Utterance.source`, so a title
the person typed without quotes ("add a title Summer Vibes") keeps its capitals.
Quoted text is lifted out first and stands in the token stream as one token,
so nothing inside quotes is ever corrected or read as an instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from photoreel.agent.parse.chinese import Word, asks_in_chinese, has_chinese, narrow, read_mixed

QUOTE_TOKEN = re.compile(r"^⟨q(\d+)⟩$")
# What a word another reading owns reads as: nothing matches it.
BLANK = "·"

# Quotes people type: straight, curly, CJK corner brackets, guillemets. A single
# quote opens only after a non-word character, so "what's" or "cat's" are not quotes.
_QUOTES = re.compile(
    r"\"(?P<dq>[^\"]+)\""
    r"|“(?P<cq>[^”]+)”"
    r"|「(?P<jq>[^」]+)」"
    r"|『(?P<jq2>[^』]+)』"
    r"|《(?P<bq>[^》]+)》"
    r"|«(?P<gq>[^»]+)»"
    r"|(?<!\w)‘(?P<csq>.+?)’(?!\w)"
    r"|(?<![A-Za-z0-9])'(?P<sq>.+?)'(?![A-Za-z0-9])"
)

_MEDIA_EXT = r"(?:jpe?g|png|gif|webp|mp4|mov|avi|webm|mkv|mp3|wav|m4a|aac)"
_TOKEN = re.compile(
    r"(?P<quote>⟨q\d+⟩)"
    rf"|(?P<file>[\w\-]+(?:\.[\w\-]+)*\.{_MEDIA_EXT})(?![\w])"
    r"|(?P<hex>#[0-9a-fA-F]{6})(?![\w])"
    r"|(?P<ratio>\d{1,2}\s?:\s?\d{1,2})(?![\d])"
    r"|(?P<num>\d+(?:[.,]\d+)?)(?P<suffix>[a-zA-Z%]+(?:\d+[a-zA-Z%]+)*)?(?![\w])"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)(?![\w])"
    r"|(?P<mixed>\w+)"
    r"|(?P<punct>[%&+;,.!?:#/])",
    re.IGNORECASE,
)

# Suffixes that belong to the number ("1080p", "4k", "2nd"); others are split off
# ("15s" -> "15 s", "30fps" -> "30 fps", "35%" -> "35 %").
_KEEP_SUFFIX = frozenset({"p", "k", "st", "nd", "rd", "th"})

CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "what's": ("what", "is"),
    "whats": ("what", "is"),
    "it's": ("it", "is"),
    "that's": ("that", "is"),
    "there's": ("there", "is"),
    "how's": ("how", "is"),
    "where's": ("where", "is"),
    "let's": ("let", "us"),
    "don't": ("do", "not"),
    "doesn't": ("does", "not"),
    "didn't": ("did", "not"),
    "isn't": ("is", "not"),
    "aren't": ("are", "not"),
    "can't": ("can", "not"),
    "won't": ("will", "not"),
    "shouldn't": ("should", "not"),
    "i'd": ("i", "would"),
    "i'm": ("i", "am"),
    "i've": ("i", "have"),
    "i'll": ("i", "will"),
    "you're": ("you", "are"),
    "we're": ("we", "are"),
}


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the instruction: `norm` for matching, `start`/`end` into the source."""

    norm: str
    start: int
    end: int

    @property
    def quote_index(self) -> int | None:
        found = QUOTE_TOKEN.match(self.norm)
        return int(found.group(1)) if found else None

    @property
    def is_number(self) -> bool:
        return _is_number(self.norm)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass
class Utterance:
    """The whole instruction after quote extraction: source text, tokens, quoted strings."""

    original: str
    source: str
    tokens: list[Token]
    quotes: list[str]
    question: bool = False


def extract_quotes(text: str) -> tuple[str, list[str]]:
    """Replace each quoted string with a placeholder token; return the texts in order."""
    quotes: list[str] = []

    def _lift(found: re.Match[str]) -> str:
        inner = next(g for g in found.groups() if g is not None).strip()
        if not inner:
            return " "
        quotes.append(inner)
        return f" ⟨q{len(quotes) - 1}⟩ "

    return _QUOTES.sub(_lift, text), quotes


def tokenize(text: str) -> Utterance:
    """Split an instruction into tokens (not yet typo-corrected or number-normalised).

    Chinese is read into the same words (parse/chinese.py); full-width digits
    and punctuation are read as ASCII, while `source` keeps what was typed.
    """
    source, quotes = extract_quotes(text)
    matched = narrow(source)
    if has_chinese(matched):
        words = read_mixed(matched, _english_words)
        tokens = [Token(w.norm, w.start, w.end) for w in words]
    else:
        tokens = _english(matched, 0)
    question = (
        text.rstrip().endswith(("?", "？"))
        or bool(tokens and tokens[-1].norm == "?")
        or asks_in_chinese(text)
    )
    return Utterance(original=text, source=source, tokens=tokens, quotes=quotes, question=question)


def _english_words(text: str, offset: int) -> list[Word]:
    return [Word(t.norm, t.start, t.end) for t in _english(text, offset)]


def _english(source: str, offset: int) -> list[Token]:
    """Tokens of text with no Chinese in it; spans start at `offset`."""
    tokens: list[Token] = []
    for found in _TOKEN.finditer(source):
        kind = found.lastgroup
        start, end = found.start() + offset, found.end() + offset
        if kind == "suffix":  # lastgroup is the suffix when a number has one
            kind = "num"
        value = found.group(0).lower()
        if kind == "num":
            number = found.group("num").replace(",", ".")
            suffix = (found.group("suffix") or "").lower()
            if not suffix or suffix in _KEEP_SUFFIX:
                tokens.append(Token(number + suffix, start, end))
            else:
                cut = found.start("suffix") + offset
                tokens.append(Token(number, start, cut))
                tokens.extend(_split_suffix(suffix, cut, end))
        elif kind == "ratio":
            tokens.append(Token(re.sub(r"\s", "", value), start, end))
        elif kind == "word":
            value = value.replace("’", "'")
            if value in CONTRACTIONS:
                tokens.extend(Token(part, start, end) for part in CONTRACTIONS[value])
            elif "'" in value:
                tokens.append(Token(value.split("'")[0], start, end))  # "cat's" -> "cat"
            else:
                tokens.append(Token(value, start, end))
        elif kind == "mixed":
            split = re.fullmatch(r"([a-z]+)(\d+)", value)
            if split and split.group(1) in {"photo", "picture", "pic", "image", "slide", "clip"}:
                cut = start + len(split.group(1))
                tokens += [Token(split.group(1), start, cut), Token(split.group(2), cut, end)]
            else:
                tokens.append(Token(value, start, end))
        else:
            tokens.append(Token(value, start, end))
    return tokens


def _split_suffix(suffix: str, start: int, end: int) -> list[Token]:
    """'m30s' style suffixes ("1m30s") become unit tokens and numbers again."""
    parts = re.findall(r"[a-z%]+|\d+", suffix)
    if len(parts) == 1:
        return [Token(suffix, start, end)]
    out: list[Token] = []
    pos = start
    for part in parts:
        out.append(Token(part, pos, pos + len(part)))
        pos += len(part)
    return out


@dataclass
class Clause:
    """A part of an instruction that asks for one thing ("make it vertical").

    An area's parser reads a clause into one reading and marks in `claimed` the
    words it took as values (a length, a ratio, a title's words), so its next
    step does not read them twice and the interpreter knows which words the
    reading covers. Words another reading already owns are blanked out
    (`without`), so a parser never sees them.
    """

    tokens: list[Token]
    utterance: Utterance
    claimed: set[int] = field(default_factory=set)

    @cached_property
    def words(self) -> list[str]:
        return [t.norm for t in self.tokens]

    @cached_property
    def text(self) -> str:
        return " ".join(self.words)

    @cached_property
    def wordset(self) -> frozenset[str]:
        return frozenset(self.words)

    def has(self, *words: str) -> bool:
        """Any of these words (or multi-word phrases) occurs in the clause."""
        for word in words:
            if " " in word:
                if re.search(rf"(?<!\S){re.escape(word)}(?!\S)", self.text):
                    return True
            elif word in self.wordset:
                return True
        return False

    def has_any(self, words: frozenset[str] | set[str] | dict[str, object]) -> bool:
        return not self.wordset.isdisjoint(words)

    def span_of(self, phrase: str) -> range | None:
        """Where a phrase of one or more words first occurs, as token indices."""
        want = phrase.split()
        for i in range(len(self.words) - len(want) + 1):
            if self.words[i : i + len(want)] == want:
                return range(i, i + len(want))
        return None

    def claim_phrases(self, phrases: tuple[str, ...] | list[str]) -> None:
        """Claim every occurrence found of these phrases (the words a reading read)."""
        for phrase in phrases:
            found = self.span_of(phrase)
            if found is not None:
                self.claim(*found)

    def quoted(self) -> list[str]:
        """The quoted strings inside this clause, in order."""
        out = []
        for token in self.tokens:
            q = token.quote_index
            if q is not None:
                out.append(self.utterance.quotes[q])
        return out

    def raw(self, first: int, last: int) -> str:
        """What the person typed from token `first` to token `last` (inclusive)."""
        if first > last or first >= len(self.tokens):
            return ""
        src = self.utterance.source
        text = src[self.tokens[first].start : self.tokens[last].end]
        return re.sub(r"\s+", " ", text).strip(" ,.;:!?")

    def written(self, first: int, last: int) -> str:
        """Words someone wants written, from token `first` to `last`: like `raw`, but a
        closing "!" or "?" stays, and so does what follows the last word up to the next
        word of the instruction (an emoji: "Hi 👋")."""
        if first > last or first >= len(self.tokens):
            return ""
        src = self.utterance.source
        end = self.tokens[last].end
        later = [
            t.start
            for t in self.utterance.tokens
            if t.start >= end and t.end > t.start and t.norm not in {"!", "?"}
        ]
        upto = min(later) if later else len(src)
        tail = src[end:upto]
        tail = tail if not re.search(r"[\w,;'\"“”‘’「」『』《》]", tail) else ""
        text = src[self.tokens[first].start : end] + tail
        return re.sub(r"\s+", " ", text).strip(" ,.;:").rstrip()

    def sub(self, first: int, last: int) -> Clause:
        return Clause(self.tokens[first:last], self.utterance)

    def merged(self, other: Clause, joiner: Token | None) -> Clause:
        between = [joiner] if joiner is not None else []
        return Clause(self.tokens + between + other.tokens, self.utterance)

    def claim(self, *indices: int) -> None:
        """These words are this reading's: its own next steps skip them."""
        self.claimed.update(indices)

    def without(self, taken: frozenset[int] | set[int]) -> Clause:
        """The clause with the words at `taken` blanked (they belong to another reading):
        same positions and spans, but nothing matches them."""
        if not taken:
            return Clause(self.tokens, self.utterance)
        tokens = [
            Token(BLANK, t.start, t.end) if i in taken else t for i, t in enumerate(self.tokens)
        ]
        return Clause(tokens, self.utterance)
