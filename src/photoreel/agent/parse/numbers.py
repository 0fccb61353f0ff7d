"""Numbers as people say them: "fifteen", "twenty-five", "two and a half",
"half a minute", "a minute and a half", "1 min", "1m30s", "2.5 seconds", "35%".

`normalize_numbers` rewrites the token stream so every quantity is digits
followed by a unit word; the finders then read durations, percentages and
counts from a clause. Durations are returned in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from photoreel.agent.lexicon import ASPECT_RATIOS, NEAREST_ASPECT, PHOTO_NOUNS, TIME_UNITS
from photoreel.agent.parse.tokens import Clause, Token

UNITS: dict[str, int] = {
    word: i
    for i, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS: dict[str, int] = {
    word: 10 * i
    for i, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2
    )
}
ORDINALS: dict[str, int] = {
    word: i
    for i, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ]
    )
}
ORDINALS.update({"last": -1, "final": -1, "penultimate": -2})

_SECOND_UNITS = frozenset({"second", "seconds", "sec", "secs", "s"})
_MINUTE_UNITS = frozenset({"minute", "minutes", "min", "mins"})
_PERCENT = frozenset({"%", "percent", "pct"})
# Words after which a bare number word ("one") is a quantity, not a pronoun ("the cat one").
_QUANTITY_FOLLOWERS = (
    frozenset(TIME_UNITS) | PHOTO_NOUNS | _PERCENT | {"fps", "frames", "times", "more", "of"}
)


def is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def fmt_number(value: float) -> str:
    """2.5 -> "2.5", 3.0 -> "3": how a number is written back into the stream."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _word_run(words: list[str], i: int) -> tuple[float, int] | None:
    """Read a spelt-out number starting at `i` ("twenty five", "one hundred and twenty")."""
    value = 0
    last: str | None = None  # kind of the previous word: unit, ten or hundred
    j = i
    while j < len(words):
        word = words[j]
        if word in TENS and last in (None, "hundred"):
            value, last = value + TENS[word], "ten"
        elif word in UNITS and (
            last in (None, "hundred") or (last == "ten" and 0 < UNITS[word] < 10)
        ):
            value, last = value + UNITS[word], "unit"
        elif word == "hundred" and last == "unit" and value < 10:
            value, last = value * 100, "hundred"
        elif (
            word == "and"
            and last == "hundred"
            and j + 1 < len(words)
            and (words[j + 1] in UNITS or words[j + 1] in TENS)
        ):
            j += 1
            continue
        else:
            break
        j += 1
    if last is None:
        return None
    return float(value), j - i


def normalize_numbers(tokens: list[Token]) -> list[Token]:
    """Rewrite spelt-out numbers and time phrases as digits and units."""
    words = [t.norm for t in tokens]
    out: list[Token] = []
    i = 0

    def emit(first: int, last: int, *norms: str) -> None:
        start, end = tokens[first].start, tokens[last].end
        out.extend(Token(norm, start, end) for norm in norms)

    def at(k: int) -> str:
        return words[k] if 0 <= k < len(words) else ""

    while i < len(words):
        word = words[i]
        # "a minute and a half" / "a minute" / "half a minute" / "half a second"
        if word in {"a", "an", "one"} and at(i + 1) in _MINUTE_UNITS:
            if at(i + 2) == "and" and at(i + 3) == "a" and at(i + 4) == "half":
                emit(i, i + 4, "90", "seconds")
                i += 5
            else:
                emit(i, i + 1, "1", "minute")
                i += 2
            continue
        if word == "half" or (word == "a" and at(i + 1) == "half"):
            k = i + 1 if word == "half" else i + 2
            if at(k) in {"a", "an"}:
                k += 1
            if at(k) in _MINUTE_UNITS:
                emit(i, k, "30", "seconds")
                i = k + 1
                continue
            if at(k) in _SECOND_UNITS:
                emit(i, k, "0.5", "seconds")
                i = k + 1
                continue
        if word in {"quarter", "a"} and (word == "quarter" or at(i + 1) == "quarter"):
            k = i + 1 if word == "quarter" else i + 2
            if at(k) == "of":
                k += 1
            if at(k) in {"a", "an"}:
                k += 1
            if at(k) in _SECOND_UNITS:
                emit(i, k, "0.25", "seconds")
                i = k + 1
                continue
        if word == "a" and at(i + 1) in {"couple", "few", "dozen"}:
            some = {"couple": 2, "few": 3, "dozen": 12}[at(i + 1)]
            k = i + 2 + (1 if at(i + 2) == "of" else 0)
            if at(k) in _QUANTITY_FOLLOWERS:
                emit(i, k - 1, str(some))
                i = k
                continue
        if word == "a" and at(i + 1) == "second" and at(i - 1) in {"for", "over", "about", "than"}:
            emit(i, i + 1, "1", "second")
            i += 2
            continue
        # Spelt-out or digit numbers, with "and a half" / "point five".
        value: float | None = None
        used = 0
        if is_number(word):
            value, used = float(word), 1
        elif word in UNITS or word in TENS:
            run = _word_run(words, i)
            if run:
                value, used = run
                if (
                    word == "one"
                    and used == 1
                    and at(i + 1) not in _QUANTITY_FOLLOWERS
                    and at(i + 1) not in {"and", "point"}
                    and at(i - 1) not in PHOTO_NOUNS | {"number"}
                ):
                    value = None  # "the cat one", "each one": a pronoun
        if value is not None:
            k = i + used
            if at(k) == "and" and at(k + 1) == "a" and at(k + 2) == "half":
                value += 0.5
                k += 3
            elif at(k) == "point" and at(k + 1) in UNITS:
                value = float(f"{int(value)}.{UNITS[at(k + 1)]}")
                k += 2
            elif at(k) == "and" and at(k + 1) == "half":
                value += 0.5
                k += 2
            if used > 1 or k > i + 1 or not is_number(word):
                emit(i, k - 1, fmt_number(value))
            else:
                out.append(tokens[i])
            i = k
            continue
        out.append(tokens[i])
        i += 1
    return out


# ---------------------------------------------------------------------------
# Finders over a clause
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number found in a clause, with the token range it came from."""

    value: float
    first: int
    last: int


def find_durations(clause: Clause) -> list[Quantity]:
    """Every "<number> <time unit>" in the clause, in seconds ("1 minute 30 seconds" is one)."""
    words = clause.words
    found: list[Quantity] = []
    i = 0
    while i < len(words):
        clock = re.fullmatch(r"(\d{1,2}):(\d{2})", words[i])
        aspect = words[i] in ASPECT_RATIOS or words[i] in NEAREST_ASPECT
        if clock and not aspect and int(clock.group(1)) <= 10 and int(clock.group(2)) < 60:
            # "1:30" is a minute and a half; "9:16" stays an aspect ratio
            found.append(Quantity(int(clock.group(1)) * 60 + int(clock.group(2)), i, i))
            i += 1
            continue
        if i + 1 < len(words) and is_number(words[i]) and words[i + 1] in TIME_UNITS:
            seconds = float(words[i]) * TIME_UNITS[words[i + 1]]
            last = i + 1
            if (
                words[i + 1] in _MINUTE_UNITS | {"m"}
                and last + 2 < len(words)
                and is_number(words[last + 1])
                and words[last + 2] in _SECOND_UNITS
            ):
                seconds += float(words[last + 1])
                last += 2
            found.append(Quantity(seconds, i, last))
            i = last + 1
            continue
        i += 1
    return found


def find_percents(clause: Clause) -> list[Quantity]:
    """Every "<number> %" / "<number> percent" as a fraction (35% -> 0.35)."""
    words = clause.words
    found = []
    for i in range(len(words) - 1):
        if is_number(words[i]) and words[i + 1] in _PERCENT:
            found.append(Quantity(float(words[i]) / 100, i, i + 1))
        elif is_number(words[i]) and words[i + 1 : i + 3] == ["per", "cent"]:
            found.append(Quantity(float(words[i]) / 100, i, i + 2))
    return found


def find_count(clause: Clause) -> Quantity | None:
    """A count of photos ("three product photos", "5 pictures")."""
    words = clause.words
    for i, word in enumerate(words):
        if not is_number(word) or not float(word).is_integer():
            continue
        for k in range(i + 1, min(i + 4, len(words))):
            if words[k] in PHOTO_NOUNS and words[k] not in {"one", "ones"}:
                return Quantity(float(word), i, k)
            if words[k] in TIME_UNITS or is_number(words[k]):
                break
    return None


def ordinal_value(word: str) -> int | None:
    """0-based position of an ordinal ("first" -> 0, "3rd" -> 2, "last" -> -1)."""
    if word in ORDINALS:
        return ORDINALS[word]
    if len(word) > 2 and word[:-2].isdigit() and word[-2:] in {"st", "nd", "rd", "th"}:
        return int(word[:-2]) - 1
    return None
