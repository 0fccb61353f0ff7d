"""Ways of saying something that the areas read better said another way.

A complaint asks for the opposite of what it names ("the title is too small"
means bigger, "the music is way too loud" means quieter), "9x16" and "9 by
16" are the ratio 9:16, "1080x1920" is a canvas size. Rewriting these into the
words the areas already know keeps each area's reading simple, and keeps the
complaint's words from being read as text to write ("too small" is never a
title).
"""

from __future__ import annotations

import re

from photoreel.agent.parse.tokens import Token

# "too <word>" (also "way too", "a bit too", "so") -> what the person wants instead
OPPOSITES: dict[str, str] = {
    "small": "bigger", "tiny": "bigger", "big": "smaller", "large": "smaller",
    "huge": "smaller", "long": "shorter", "short": "longer", "loud": "quieter",
    "noisy": "quieter", "quiet": "louder", "soft": "louder", "fast": "slower",
    "quick": "slower", "slow": "faster", "much": "less", "strong": "weaker",
    "dizzy": "less",
}  # fmt: skip
# Chat spellings too short for the speller ("teh" is not corrected: too many short words
# are one letter from another), said the way the areas read them.
CHAT: dict[str, str] = {
    "u": "you", "ur": "your", "teh": "the", "mak": "make", "vid": "video", "vids": "videos",
    "thru": "through", "nvm": "never mind", "pct": "percent", "rn": "now", "bgm": "music",
    "w/": "with", "pic": "photo", "pics": "photos", "ish": "", "dont": "do not",
    "cant": "can not", "wont": "will not", "doesnt": "does not", "isnt": "is not",
}  # fmt: skip
_RATIO = re.compile(r"^(\d{1,4})[x×](\d{1,4})$")
_PRESET_RATIOS = frozenset({"16:9", "9:16", "1:1", "4:5", "4:3", "3:4"})


def rewrite(tokens: list[Token]) -> list[Token]:
    """Complaints as requests, ratios and sizes written with x or "by" as ratios."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.norm
        nxt = tokens[i + 1].norm if i + 1 < len(tokens) else ""
        if word == "too" and nxt in OPPOSITES:
            while out and out[-1].norm in {"way", "much", "far", "a", "bit", "little", "so", "is"}:
                out.pop()
            out.append(Token(OPPOSITES[nxt], tok.start, tokens[i + 1].end))
            i += 2
            continue
        if word in CHAT:
            out += [Token(part, tok.start, tok.end) for part in CHAT[word].split()]
            i += 1
            continue
        if word == "hear" and [t.norm for t in out[-2:]] in (["can", "not"], ["barely"]):
            out[-2:] = [Token("louder", out[-2].start, tok.end)]  # "can't hear the music"
            i += 1
            continue
        found = _RATIO.match(word)
        if found:
            out.append(Token(_ratio(found.group(1), found.group(2)), tok.start, tok.end))
            i += 1
            continue
        if (
            word.isdigit()
            and nxt == "by"
            and i + 2 < len(tokens)
            and tokens[i + 2].norm.isdigit()
            and f"{word}:{tokens[i + 2].norm}" in _PRESET_RATIOS
        ):
            out.append(Token(f"{word}:{tokens[i + 2].norm}", tok.start, tokens[i + 2].end))
            i += 3
            continue
        out.append(tok)
        i += 1
    return out


def _ratio(a: str, b: str) -> str:
    """ "9x16" -> "9:16"; a pixel size ("1080x1920") -> the ratio it has."""
    w, h = int(a), int(b)
    if w >= 100 and h >= 100:
        for ratio in ("16:9", "9:16", "1:1", "4:5", "4:3", "3:4"):
            rw, rh = (int(p) for p in ratio.split(":"))
            if abs(w / h - rw / rh) < 0.02:
                return ratio
    return f"{w}:{h}"
