"""Words that point back into the conversation, read with the session's memory.

"that one" / "it" after "what's the 4th photo?", "the photo I just added",
"刚加的那张": each becomes the file name it means (memory.py), so the areas read
"remove rocket.jpg" and need no idea of the conversation. An instruction that
only answers the agent's last question ("'Happy Birthday'", "the second one",
"the lofi one") is completed with what was asked ("add a title ...",
"remove the second one", "use the lofi one").
"""

from __future__ import annotations

from photoreel.agent.memory import Memory
from photoreel.agent.parse.references import MediaName
from photoreel.agent.parse.tokens import Token

_JUST = ("just", "added")
_POINTERS = (("that", "one"), ("that", "photo"), ("this", "one"), ("this", "photo"),
             ("that", "picture"), ("that", "pic"))  # fmt: skip
_NEEDS_A_PHOTO = frozenset(
    {"remove", "delete", "put", "move", "make", "drop", "duplicate", "swap", "zoom", "show"}
)
_PHOTO_NOUNS = frozenset({"photo", "picture", "pic", "image", "one", "shot"})
_REPLIES = frozenset(
    {"yes", "yeah", "yep", "sure", "ok", "okay", "please", "no", "nope", "without", "cancel",
     "nah", "never", "mind", "forget", "it", ".", "!"}
)  # fmt: skip


def recall(tokens: list[Token], memory: Memory, names: tuple[MediaName, ...]) -> list[Token]:
    """The tokens with pointers into the conversation replaced by the file names they mean."""
    by_id = {n.media_id: n.filename for n in names}
    added = [by_id[m] for m in memory.added if m in by_id]
    focus = [by_id[m] for m in memory.focus if m in by_id]
    out = list(tokens)
    if added:
        out = _replace_just_added(out, added[-1])
    if len(focus) == 1:
        out = _replace_pointers(out, focus[0])
    return out


def _replace_just_added(tokens: list[Token], filename: str) -> list[Token]:
    words = [t.norm for t in tokens]
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) != _JUST:
            continue
        first, last = i, i + 1
        while first > 0 and words[first - 1] in _PHOTO_NOUNS | {"the", "i", "that", "you", "we"}:
            first -= 1
        while last + 1 < len(words) and words[last + 1] in _PHOTO_NOUNS | {"that", "back"}:
            last += 1
        start, end = tokens[first].start, tokens[last].end
        return [*tokens[:first], Token(filename, start, end), *tokens[last + 1 :]]
    return tokens


def _replace_pointers(tokens: list[Token], filename: str) -> list[Token]:
    words = [t.norm for t in tokens]
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) in _POINTERS:
            start, end = tokens[i].start, tokens[i + 1].end
            return [*tokens[:i], Token(filename, start, end), *tokens[i + 2 :]]
    if "it" in words and set(words) & _NEEDS_A_PHOTO and not _names_a_photo(words):
        i = words.index("it")
        if i + 1 < len(words) and words[i + 1] == "back":
            return tokens  # "put it back" is what was removed, not the photo asked about
        verb = next((w for w in words[:i] if w in _NEEDS_A_PHOTO), "") or next(
            (w for w in words[i + 1 :] if w in _NEEDS_A_PHOTO), ""
        )  # 把它删了: "it remove", the verb after
        if verb and verb != "make":  # "make it vertical" is the video
            return [*tokens[:i], Token(filename, tokens[i].start, tokens[i].end), *tokens[i + 1 :]]
    if not _names_a_photo(words) and words and words[0] in {"put", "move"} and len(words) <= 3:
        # 放第一个 ("put first") right after "which one is photo 4?"
        first = tokens[0]
        return [first, Token(filename, first.start, first.end), *tokens[1:]]
    return tokens


def _names_a_photo(words: list[str]) -> bool:
    return any("." in w or w in _PHOTO_NOUNS for w in words)


def answers(tokens: list[Token], memory: Memory) -> list[str] | None:
    """Words to put before an instruction that answers the agent's question, if it does."""
    asked = memory.asked
    if asked is None or not tokens:
        return None
    words = [t.norm for t in tokens]
    if set(words) <= _REPLIES:
        return None  # "yes" / "no" is a reply to the question, not its answer
    if asked.kind == "title_text" and all(t.quote_index is not None for t in tokens):
        return ["add", "a", asked.action or "title", "saying"]
    if asked.kind == "which_photo" and len(words) <= 4 and asked.action:
        return [asked.action]
    if asked.kind == "which_song" and len(words) <= 4:
        return ["use"]
    return None
