"""Typo correction against the agent's own vocabulary.

People type fast: "trasitions", "vertcal", "sqaure", "musc". A word the agent
does not know is replaced by the closest known word when it is close enough:
one edit for short words, two for words of six letters or more, counting a
swap of two neighbouring letters as one edit (optimal string alignment).
Keywords win ties over ordinary English, so "musc" becomes "music", not "must".
Short words (under four letters) are never corrected: too many are one edit
from something else.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from photoreel.agent.lexicon import KEYWORDS, VOCABULARY


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        row_best = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            cur[j] = value
            row_best = min(row_best, value)
        if row_best > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[-1]


def allowed_edits(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 6 else 2


def _by_length(words: Iterable[str]) -> dict[int, list[str]]:
    table: dict[int, list[str]] = {}
    for word in sorted(words):
        table.setdefault(len(word), []).append(word)
    return table


_VOCAB_BY_LENGTH = _by_length(w for w in VOCABULARY if w.isalpha())


def closest(word: str, candidates: dict[int, list[str]], limit: int) -> tuple[int, str] | None:
    """The best (distance, word) within `limit`; ties go to keywords, then the same first letter."""
    best: tuple[int, int, int, str] | None = None
    for length in range(len(word) - limit, len(word) + limit + 1):
        for candidate in candidates.get(length, ()):
            dist = edit_distance(word, candidate, limit)
            if dist > limit:
                continue
            rank = (
                dist,
                0 if candidate in KEYWORDS else 1,
                0 if candidate[0] == word[0] else 1,
                candidate,
            )
            if best is None or rank < best:
                best = rank
    return (best[0], best[3]) if best else None


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str:
    """The vocabulary word meant by `word`, or `word` itself when none is close enough."""
    if word in VOCABULARY or not word.isalpha() or not word.isascii():
        return word
    limit = allowed_edits(word)
    if limit == 0:
        return word
    found = closest(word, _VOCAB_BY_LENGTH, limit)
    return found[1] if found else word


def correct(word: str, extra: dict[int, list[str]] | None = None) -> str:
    """Correct one word; `extra` holds this session's own words (photo file names)."""
    if extra:
        for words in extra.values():
            if word in words:
                return word
        limit = allowed_edits(word)
        if limit and word not in VOCABULARY and word.isalpha():
            own = closest(word, extra, limit)
            general = correct_word(word)
            if own and (general == word or own[0] < edit_distance(word, general, limit)):
                return own[1]
            return general
    return correct_word(word)


def session_words(words: Iterable[str]) -> dict[int, list[str]]:
    """Index this session's own words (file-name parts) for `correct`."""
    return _by_length(w for w in words if w.isalpha() and len(w) >= 3)
