"""One instruction often asks for several things: "make it vertical with fades
and a title 'Summer'". It is split at connectives ("and", "with", "then",
commas) into clauses, each parsed on its own. Some "and"s join the parts of one
request ("swap the first and last photo", "fade in and out") and are kept;
the interpreter also glues a clause that means nothing alone back onto its
neighbour, so a split in the wrong place costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from photoreel.agent.lexicon import KEYWORDS, PHOTO_NOUNS, TEXT_NOUNS, words
from photoreel.agent.parse.tokens import Clause, Token, Utterance

SEPARATORS = frozenset(
    {",", ";", ".", "!", "?", "and", "with", "then", "also", "plus", "&", "+", "but"}
)
# Words that open a clause without adding meaning ("then, make it square").
FILLERS = words(
    """then also plus and so ok okay now please pls first firstly next finally lastly after
    afterwards oh well"""
)
# A verb right after "and" starts a new request ("swap the first two and make them 4 s").
_VERBS = words("""make add use set change remove delete put move give turn zoom fade""")
_FILE = re.compile(r"\.[a-z0-9]{2,4}$")
# After these, the words are a text being written: "says dog and cat forever" is one text.
TEXT_LEADS = words("""says saying reads reading titled entitled called named""")
# An "and" inside these requests joins their two halves.
_PAIRING = frozenset({"between", "swap", "switch", "exchange", "trade"})
_KEEP_WITH_BEFORE = words(
    """start starts begin begins open opens lead leads end ends finish finishes close closes
    replace replaced swap switch exchange it them"""
)


@dataclass
class Piece:
    """A clause and the connective token that preceded it (for gluing it back)."""

    clause: Clause
    joiner: Token | None


def split_clauses(utterance: Utterance) -> list[Piece]:
    tokens = utterance.tokens
    pieces: list[Piece] = []
    current: list[Token] = []
    joiner: Token | None = None

    def flush(next_joiner: Token | None) -> None:
        nonlocal current, joiner
        body = _strip_fillers(current)
        if body:
            pieces.append(Piece(Clause(body, utterance), joiner))
        current = []
        joiner = next_joiner

    for i, token in enumerate(tokens):
        word = token.norm
        if word in SEPARATORS and not _keeps_together(current, tokens, i, utterance.source):
            flush(token)
            continue
        current.append(token)
    flush(None)
    return pieces


def _keeps_together(current: list[Token], tokens: list[Token], i: int, source: str) -> bool:
    word = tokens[i].norm
    before = current[-1].norm if current else ""
    after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    words = {t.norm for t in current}
    if (
        word == ","
        and ":" in words
        and words & _TEXT_NOUNS
        and writes_on(typed(tokens[i + 1 :], source))
    ):
        return True  # "caption it: Ocean Blue, $29" (but "title: Hi, make it 20 s" is two)
    if word == "and":
        if before == "in" and after == "out":
            return True  # fade in and out
        if before == "black" and after == "white":
            return True
        if words & _PAIRING and not (words & {"and"}) and after not in _VERBS:
            return True  # swap the first and last; between photo 2 and 3
        if words & {"alternate", "alternating", "alternately"}:
            return True  # "alternate zoom in and zoom out"
        if _FILE.search(before) and _FILE.search(after):
            return True  # "用cat.jpg和rocket.jpg做个视频": one list of photos
        if words & TEXT_LEADS and writes_on(typed(tokens[i + 1 :], source)):
            return True  # "a title that says Salt and Pepper"
    if word == "with":
        if before in _KEEP_WITH_BEFORE or words & {"replace", "swap", "switch"}:
            return True  # start with the cat photo; replace X with Y
        if before in PHOTO_NOUNS and after in {"its", "their", "the"} and words & {"caption"}:
            return True
    return False


def typed(tokens: list[Token], source: str) -> list[str]:
    """The words as typed (lowercased), where the agent's reading changed them: a title's
    "Pepper" is not the "upper" the spelling corrector made of it. Words read from
    Chinese, and words the agent added, stay as read."""
    out = []
    for token in tokens:
        raw = source[token.start : token.end].lower()
        out.append(raw if raw.isascii() and raw.isalpha() else token.norm)
    return out


def writes_on(rest: list[str]) -> bool:
    """Whether the words after an "and" inside a text being written go on with the text
    ("Salt and Pepper") rather than start a request ("... and uh make it 20 s")."""
    after = next((w for w in rest if w not in FILLERS | _HESITATIONS), "")
    return bool(after) and after not in _VERBS | KEYWORDS | SEPARATORS


_TEXT_NOUNS = TEXT_NOUNS | {"card"}
_HESITATIONS = words("""uh um umm er erm hmm like""")


def _strip_fillers(tokens: list[Token]) -> list[Token]:
    start = 0
    while start < len(tokens) - 1 and tokens[start].norm in FILLERS:
        nxt = tokens[start + 1].norm
        if tokens[start].norm in {"first", "next"} and (nxt in PHOTO_NOUNS or nxt == "one"):
            break
        start += 1
    body = tokens[start:]
    if len(body) == 1 and body[0].norm in FILLERS:
        return []
    return body
