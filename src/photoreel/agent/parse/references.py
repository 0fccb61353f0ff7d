"""Which photo does the person mean? "the first photo", "the last one", "photo 3",
"the second to last picture", "the first two photos", "cat.jpg", "the cat photo".

References are found in a clause as `PhotoRef`s and resolved against the
timeline only when an edit is applied, because an earlier edit of the same turn
may have reordered it ("swap the first and last, then remove the first").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from photoreel.agent.lexicon import (
    ALL_WORDS,
    COLORS,
    FUNCTION_WORDS,
    KEYWORDS,
    PHOTO_NOUNS,
    TEXT_NOUNS,
    TIME_UNITS,
    TRANSITION_NOUNS,
    words,
)
from photoreel.agent.parse.numbers import is_number, ordinal_value
from photoreel.agent.parse.tokens import Clause

# After an ordinal, these nouns mean it is not a photo ("the second title", "the last change").
_NOT_PHOTOS = (
    TEXT_NOUNS
    | TRANSITION_NOUNS
    | frozenset(TIME_UNITS)
    | words(
        """time times change changes edit edits step steps half part track song music version cut
    fade frame"""
    )
)


class PhotoRef(BaseModel):
    """A photo named in an instruction.

    `index` refers to a position in the timeline (0-based, negative from the
    end), `media_id` to a file of the session, `count` makes a run of photos
    from `index` ("the first two photos"), and `everything` means all of them.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["index", "media", "all"]
    index: int = 0
    count: int = 1
    media_id: str = ""
    label: str = ""
    first: int = 0
    last: int = 0
    bare: bool = False  # an ordinal said without a noun ("put the cat photo first")


class MediaName(BaseModel):
    """A session file's name, split the way instructions are split, for matching."""

    model_config = ConfigDict(frozen=True)

    media_id: str
    filename: str
    parts: tuple[str, ...]

    @classmethod
    def of(cls, media_id: str, filename: str) -> MediaName:
        stem = filename.rsplit(".", 1)[0] if "." in filename else filename
        parts = tuple(p for p in re.split(r"[^0-9a-z\u00c0-\uffff]+", stem.lower()) if p)
        return cls(media_id=media_id, filename=filename.lower(), parts=parts)


# Words that never name a photo on their own; colours can ("the blue one": product-blue.jpg).
_GENERIC = (KEYWORDS - frozenset(COLORS)) | FUNCTION_WORDS


def _distinct(part: str) -> bool:
    """A file-name part that can name a photo on its own ("cat", not "photo" or "1")."""
    return len(part) >= 3 and not part.isdigit() and part not in _GENERIC


def find_photo_refs(clause: Clause, names: list[MediaName]) -> list[PhotoRef]:
    """Every photo reference in the clause, in the order they were said."""
    words = clause.words
    refs: list[PhotoRef] = []
    taken: set[int] = set()

    def add(ref: PhotoRef) -> None:
        if any(i in taken for i in range(ref.first, ref.last + 1)):
            return
        taken.update(range(ref.first, ref.last + 1))
        refs.append(ref)

    def at(k: int) -> str:
        return words[k] if 0 <= k < len(words) else ""

    for i, word in enumerate(words):
        if i in clause.claimed:
            continue
        # "all photos", "every picture", "each one", "all of them"
        if word in ALL_WORDS:
            k = i + 1
            if at(k) in {"of", "the"}:
                k += 1
            if at(k) == "the":
                k += 1
            if at(k) in PHOTO_NOUNS or at(k) == "them":
                add(PhotoRef(kind="all", label="all photos", first=i, last=k))
            continue
        # "photo 3", "picture #2", "image number 2", "photos 2 and 4", "slides 2 to 4"
        if word in PHOTO_NOUNS and word not in {"one", "ones"}:
            k = i + 1
            if at(k) in {"number", "no", "#"}:
                k += 1
            if is_number(at(k)) and float(at(k)).is_integer() and at(k + 1) not in TIME_UNITS:
                first_n = int(float(at(k)))
                plural = word.endswith("s")  # "photos 2 to 4"; "move photo 1 to 3" is a move
                if plural and at(k + 1) in {"to", "through", "thru", "-"} and is_number(at(k + 2)):
                    last_n = int(float(at(k + 2)))
                    add(
                        PhotoRef(
                            kind="index",
                            index=first_n - 1,
                            count=max(1, last_n - first_n + 1),
                            label=f"photos {first_n}-{last_n}",
                            first=i,
                            last=k + 2,
                        )
                    )
                    continue
                add(
                    PhotoRef(
                        kind="index", index=first_n - 1, label=f"photo {first_n}", first=i, last=k
                    )
                )
                m = k + 1
                while at(m) in {"and", ",", "&", "or"} and is_number(at(m + 1)):
                    if at(m + 2) in TIME_UNITS:
                        break
                    n = int(float(at(m + 1)))
                    add(
                        PhotoRef(
                            kind="index", index=n - 1, label=f"photo {n}", first=m + 1, last=m + 1
                        )
                    )
                    m += 2
            continue
        # ordinals: "the first photo", "the last one", "second to last", "the first two photos"
        position = ordinal_value(word)
        if word == "next" and at(i + 1) == "to" and at(i + 2) == "last":
            position = -2
        if position is not None and not (word == "second" and is_number(at(i - 1))):
            k = i + 1
            if word == "second" and at(k) in {"to", "from"} and at(k + 1) == "last":
                position, k = -2, k + 2
            elif word == "second" and at(k) == "last":
                position, k = -2, k + 1
            elif word == "next":
                k = i + 3
            counted = at(k + 1) in PHOTO_NOUNS or (at(k + 1) == "" and k > i)
            if is_number(at(k)) and counted and word in {"first", "last"}:
                count = int(float(at(k)))
                index = 0 if word == "first" else -count
                label = f"the {word} {count} photos"
                last = k + 1 if at(k + 1) in PHOTO_NOUNS else k
                add(
                    PhotoRef(
                        kind="index", index=index, count=count, label=label, first=i, last=last
                    )
                )
                continue
            if is_number(at(k)) or at(k) in _NOT_PHOTOS:
                continue
            bare = not (at(k) == "one" or at(k) in PHOTO_NOUNS)
            if bare and at(k) in {"and", "or", ","} and _ordinal_noun_follows(words, k + 1):
                bare = False  # "the first and last pictures": the noun is shared
            last = k - 1 if bare else k
            label = _ordinal_label(position)
            add(PhotoRef(kind="index", index=position, label=label, first=i, last=last, bare=bare))
            continue
        if "." in word and not is_number(word):
            for name in names:
                if name.filename == word:
                    add(
                        PhotoRef(
                            kind="media",
                            media_id=name.media_id,
                            label=name.filename,
                            first=i,
                            last=i,
                        )
                    )
                    break
    _find_names(clause, names, add, taken)
    refs.sort(key=lambda r: r.first)
    return refs


def _ordinal_noun_follows(words: list[str], k: int) -> bool:
    """ "[and] the last pictures" / "[and] last one": an ordinal then a photo noun."""
    if k < len(words) and words[k] == "the":
        k += 1
    return (
        k + 1 < len(words)
        and ordinal_value(words[k]) is not None
        and (words[k + 1] in PHOTO_NOUNS or words[k + 1] == "one")
    )


def _find_names(
    clause: Clause, names: list[MediaName], add: Callable[[PhotoRef], None], taken: set[int]
) -> None:
    """File names said without the extension: "the cat photo", "beach sunset", "the rocket"."""
    words = clause.words
    for name in names:
        n = len(name.parts)
        if not n:
            continue
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == name.parts and not any(
                k in taken or k in clause.claimed for k in range(i, i + n)
            ):
                last = i + n - 1 + (1 if i + n < len(words) and words[i + n] in PHOTO_NOUNS else 0)
                add(
                    PhotoRef(
                        kind="media",
                        media_id=name.media_id,
                        label=name.filename,
                        first=i,
                        last=last,
                    )
                )
                break
    # One distinctive part of a longer name ("the sunset one" for beach-sunset.jpg),
    # only when no other file shares it.
    owners: dict[str, list[MediaName]] = {}
    for name in names:
        for part in set(name.parts):
            if _distinct(part):
                owners.setdefault(part, []).append(name)
    for i, word in enumerate(words):
        if i in taken or i in clause.claimed:
            continue
        found = owners.get(word)
        if found and len(found) == 1:
            last = i + (1 if i + 1 < len(words) and words[i + 1] in PHOTO_NOUNS else 0)
            add(
                PhotoRef(
                    kind="media",
                    media_id=found[0].media_id,
                    label=found[0].filename,
                    first=i,
                    last=last,
                )
            )


_SINGULAR_NOUNS = frozenset({"photo", "picture", "pic", "image", "shot", "one", "slide", "snap"})


def unknown_names(clause: Clause, names: list[MediaName]) -> list[str]:
    """Photos described by something that is not a file name: "the cat photo" with no cat.*.

    Only "the <word> photo" (or picture, image, one...) counts, with a word the
    agent does not otherwise know, so "the first photo", "the whole photo" or
    "the beach one" (beach.png) are never taken for it.
    """
    words = clause.words
    parts = {p for name in names for p in name.parts}
    found = []
    for i in range(len(words) - 2):
        # "the photo of my mom", "a picture of grandma"
        if words[i] in _SINGULAR_NOUNS and words[i + 1] == "of":
            k = i + 2 + (1 if words[i + 2] in {"my", "the", "our", "his", "her"} else 0)
            if k < len(words) and words[k].isalpha() and words[k] not in _GENERIC | parts:
                found.append(words[k])
    for i, word in enumerate(words[:-1]):
        # Chinese: 猫的那张, 我妈妈那张 (a description before "that photo")
        after = words[i + 1 : i + 3]
        pointing = after[:1] == ["photo"] or after in (["that", "photo"], ["that", "one"])
        described = not word.isascii() and word.isalpha() and pointing
        if described and word not in parts and not any(word in p for p in parts):
            found.append(word)
    for i in range(1, len(words) - 1):
        word, noun = words[i], words[i + 1]
        if words[i - 1] not in {"the", "that", "this", "my"} or noun not in _SINGULAR_NOUNS:
            continue
        if (
            not word.isalpha()
            or word in _GENERIC
            or word in parts
            or ordinal_value(word) is not None
        ):
            continue
        if noun == "one" and i + 2 < len(words) and words[i + 2] in PHOTO_NOUNS:
            continue
        found.append(word)
    return found


def _ordinal_label(position: int) -> str:
    if position == -1:
        return "the last photo"
    if position == -2:
        return "the second to last photo"
    names = [
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
    ]
    if 0 <= position < len(names):
        return f"the {names[position]} photo"
    return f"photo {position + 1}"
