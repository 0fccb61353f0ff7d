"""Text on the video: titles and captions.

"add a title 'Urban Dreams' for the first 3 seconds", "title: Summer",
"an end title 'Thanks for watching'", "caption the second photo 'Our dog'",
"add captions 'Day 1', 'Day 2', 'Day 3'", "caption each photo with its name",
"change the title to 'Winter'", "make the title red and bigger",
"move the title to the top", "remove the captions".

Quoted text is taken exactly as typed; without quotes, the words after
"title"/"caption" (up to "for", "at", "in"...) are the text, with the capitals
the person typed. A caption belongs to its photo: it lasts as long as the photo
and moves with it. A new title over an existing one replaces its words rather
than stacking two titles on top of each other.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from photoreel.agent.edits.framing import clear_of_faces
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import photos
from photoreel.agent.lexicon import (
    COLORS,
    MAKE_VERBS,
    PHOTO_NOUNS,
    POSITION_WORDS,
    REMOVE_WORDS,
    TEXT_NOUNS,
    TITLED_WORDS,
    VIDEO_NOUNS,
    words,
)
from photoreel.agent.memory import Asked
from photoreel.agent.parse.chinese import has_chinese
from photoreel.agent.parse.clauses import typed, writes_on
from photoreel.agent.parse.numbers import find_durations, is_number
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Ask, CannotApply, Work, secs
from photoreel.protocol.draft import TextMeta, TextPosition, TextSegment

TITLE_MS = 3000
TITLE_SIZE = 0.08
CAPTION_SIZE = 0.05
SIZES = {
    "tiny": 0.035,
    "small": 0.05,
    "medium": 0.07,
    "normal": 0.07,
    "large": 0.1,
    "big": 0.1,
    "huge": 0.14,
}
GROW = 1.4

Role = Literal["title", "caption"]
Corner = Literal["top_left", "top_right", "bottom_left", "bottom_right"]
# Where a corner's text is centred (fractions of the frame), inside the safe area.
CORNERS: dict[str, tuple[float, float]] = {
    "top_left": (0.25, 0.1),
    "top_right": (0.75, 0.1),
    "bottom_left": (0.25, 0.9),
    "bottom_right": (0.75, 0.9),
}
Target = Literal["title", "caption", "all"]
Timing = Literal["start", "end", "whole", "span"]


class TextStyle(Intent):
    """Looks a title or caption can be given when added or edited (None = unchanged)."""

    color: str | None = None
    size: float | None = None
    size_factor: float | None = None
    position: TextPosition | None = None
    box: bool | None = None
    weight: Literal["regular", "bold"] | None = None
    corner: Corner | None = None

    def restyle(self, meta: TextMeta) -> None:
        if self.color is not None:
            meta.color = self.color
        if self.size is not None:
            meta.size = self.size
        if self.size_factor is not None:
            meta.size = round(min(0.5, max(0.02, meta.size * self.size_factor)), 3)
        if self.position is not None:
            meta.position = self.position
        if self.box is not None:
            meta.box = self.box
        if self.weight is not None:
            meta.weight = self.weight
        if self.corner is not None:
            # a corner is a custom position: the text's centre near it, wrapped narrower
            meta.position = "custom"
            meta.x, meta.y = CORNERS[self.corner]
            meta.max_width = 0.4

    def look(self) -> dict[str, object]:
        """The looks asked for (streamed in the op's args; the reply says them)."""
        fields = ("color", "size", "size_factor", "position", "box", "weight", "corner")
        return {f: getattr(self, f) for f in fields if getattr(self, f) is not None}


def style_words(look: dict[str, Any]) -> str:
    """ "yellow, bigger, at the top": a text's look as the reply says it."""
    parts = []
    if look.get("color") is not None:
        parts.append(_color_name(look["color"]))
    if look.get("size") is not None or look.get("size_factor") is not None:
        bigger = (look.get("size_factor") or 1) > 1 or (look.get("size") or 0) > 0.07
        parts.append("bigger" if bigger else "smaller")
    if look.get("position") is not None:
        parts.append(
            {"top": "at the top", "bottom": "at the bottom"}.get(look["position"], "centred")
        )
    if look.get("box") is not None:
        parts.append("on a box" if look["box"] else "without a box")
    if look.get("weight") is not None:
        parts.append(look["weight"])
    if look.get("corner") is not None:
        parts.append(f"in the {look['corner'].replace('_', ' ')} corner")
    return ", ".join(parts)


def _color_name(hex_color: str) -> str:
    for name, value in COLORS.items():
        if value.lower() == hex_color.lower():
            return name
    return hex_color


class AddText(TextStyle):
    """A title (or, with `refs`, a caption on those photos)."""

    phase: ClassVar[int] = 80
    text: str
    role: Role = "title"
    refs: tuple[PhotoRef, ...] = ()
    timing: Timing = "start"
    start_s: float | None = None
    seconds: float | None = None
    sure: bool = True  # the words were quoted, or said after "says"/"called"/a verb

    def apply(self, work: Work) -> None:
        photos(work)
        if not self.text:
            noun = "caption" if self.role == "caption" else "title"
            raise Ask(
                f"What should the {noun} say? For example: add a {noun} 'Summer 2024'.",
                Asked(kind="title_text", action=noun),
            )
        if self.role == "caption" and self.refs:
            self._captions(work)
            return
        role = self.role  # a caption without a photo runs under the whole video
        draft = work.require_draft()
        d_total = draft.duration_ms
        length = round(self.seconds * 1000) if self.seconds else min(TITLE_MS, d_total)
        if self.timing == "whole":
            start, length = 0, d_total
        elif self.timing == "end":
            start = max(0, d_total - length)
        elif self.start_s is not None:
            start = round(self.start_s * 1000)
        elif self.refs:  # "a title that says Hello on the dog photo": while that photo shows
            photo = work.segments[work.resolve(self.refs[0])[0]]
            start = photo.start_ms
            length = round(self.seconds * 1000) if self.seconds else photo.duration_ms
        else:
            start = 0
        start = min(start, max(0, d_total - 100))
        length = max(100, min(length, d_total - start))
        existing = [
            s
            for s in work.text_segments()
            if s.meta.role == role
            and work.anchor_of(s) is None
            and s.start_ms < start + length
            and start < s.end_ms
        ]
        if existing and not self.sure:
            # never overwrite someone's words on a guess
            raise Ask(
                f'Should the {role} "{existing[0].meta.text}" say "{self.text}" instead? '
                f"If so, say: change the {role} to '{self.text}'."
            )
        clear: TextPosition | None = None
        if existing:
            seg = existing[0]
            old = seg.meta.text
            seg.meta.text = self.text
            seg.start_ms, seg.duration_ms = start, length
            self.restyle(seg.meta)
            work.settle_text()
            op = "edit_text"
        else:
            size = TITLE_SIZE if role == "title" else CAPTION_SIZE
            position = "center" if role == "title" else "bottom"
            meta = TextMeta(text=self.text, role=role, size=size, position=position)
            self.restyle(meta)
            if role == "title" and self.position is None and self.corner is None:
                clear = clear_of_faces(draft, work.analyses, meta, start, start + length)
                meta.position = clear or meta.position  # a title covers no face unasked
            seg = TextSegment(start_ms=start, duration_ms=length, meta=meta)
            work.add_text(seg)
            old = None
            op = "add_text"
        if draft.meta.title == "Untitled" and role == "title":
            draft.meta.title = self.text.replace("\n", " ")[:80]
        result: dict[str, object] = {
            "s": seg.start_ms,
            "d": seg.duration_ms,
            "position": seg.meta.position,
            "color": seg.meta.color,
        }
        if old is not None:
            result["old"] = old
        if clear is not None:
            result["clear_of_faces"] = True
        work.record(
            op,
            {
                "text": self.text,
                "role": role,
                "timing": self.timing,
                "seconds": self.seconds,
                "look": self.look(),
            },
            result,
        )

    def _captions(self, work: Work) -> None:
        segs = work.segments
        indices = sorted({i for ref in self.refs for i in work.resolve(ref)}) or list(
            range(len(segs))
        )
        for i in indices:
            _put_caption(work, i, self.text, self)
        work.record(
            "add_text",
            {"text": self.text, "role": "caption", "photos": [i + 1 for i in indices]},
            {"captions": len(indices)},
        )


def _put_caption(work: Work, i: int, text: str, style: TextStyle) -> TextSegment:
    """Set photo i's caption (replacing one it already has), tied to the photo."""
    photo = work.segments[i]
    for seg in work.text_segments():
        if seg.meta.role == "caption" and work.anchor_of(seg) is photo:
            seg.meta.text = text
            style.restyle(seg.meta)
            return seg
    meta = TextMeta(text=text, role="caption", position="bottom", size=CAPTION_SIZE)
    style.restyle(meta)
    seg = TextSegment(start_ms=photo.start_ms, duration_ms=photo.duration_ms, meta=meta)
    work.add_text(seg, anchor=photo)
    return seg


def _span(seg: TextSegment) -> str:
    return f"{secs(seg.start_ms).removesuffix(' s')}-{secs(seg.end_ms)}"


class AddCaptions(TextStyle):
    """One caption a photo, in order: listed texts, or each photo's file name."""

    phase: ClassVar[int] = 80
    texts: tuple[str, ...] = ()
    from_names: bool = False

    def apply(self, work: Work) -> None:
        segs = photos(work)
        if self.from_names:
            texts = [_pretty_name(work.label_of(s)) for s in segs]
        else:
            texts = list(self.texts)
        count = min(len(texts), len(segs))
        for i in range(count):
            _put_caption(work, i, texts[i], self)
        work.record(
            "add_captions",
            {"texts": texts[:count], "from_names": self.from_names},
            {"captions": count, "offered": len(texts)},
        )


def _pretty_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() or filename


class EditText(TextStyle):
    """Change the words, look or timing of existing titles/captions."""

    phase: ClassVar[int] = 80
    target: Target = "title"
    match: str | None = None
    refs: tuple[PhotoRef, ...] = ()
    new_text: str | None = None
    seconds: float | None = None
    timing: Timing | None = None
    start_s: float | None = None

    def apply(self, work: Work) -> None:
        photos(work)
        over: list[int] = []
        if self.target == "title" and self.refs:
            # "the title on the first photo only": when it shows, not which text
            over = sorted({i for ref in self.refs for i in work.resolve(ref)})
        found = _targets(work, self.target, self.match, () if over else self.refs)
        draft = work.require_draft()
        if over:
            segs = work.segments
            for seg in found:
                seg.start_ms = segs[over[0]].start_ms
                seg.duration_ms = segs[over[-1]].end_ms - seg.start_ms
        for seg in found:
            if self.new_text is not None:
                seg.meta.text = self.new_text
            self.restyle(seg.meta)
            if work.anchor_of(seg) is None:
                if self.timing == "whole":
                    seg.start_ms, seg.duration_ms = 0, draft.duration_ms
                elif self.seconds is not None:
                    d = min(round(self.seconds * 1000), draft.duration_ms)
                    seg.duration_ms = d
                    if self.timing == "end":
                        seg.start_ms = draft.duration_ms - d
                    seg.start_ms = min(seg.start_ms, draft.duration_ms - seg.duration_ms)
                elif self.timing == "end":
                    seg.start_ms = max(0, draft.duration_ms - seg.duration_ms)
                elif self.timing == "start":
                    seg.start_ms = 0
                if self.start_s is not None:  # "starting at 5s"
                    seg.start_ms = min(round(self.start_s * 1000), draft.duration_ms - 100)
                    seg.duration_ms = min(seg.duration_ms, draft.duration_ms - seg.start_ms)
        work.settle_text()
        work.record(
            "edit_text",
            {
                "target": self.target,
                "text": self.new_text,
                "color": self.color,
                "size": self.size,
                "size_factor": self.size_factor,
                "position": self.position,
                "box": self.box,
                "timed": self.seconds is not None or self.timing is not None or bool(over),
                "look": self.look(),
            },
            {
                "texts": [
                    {"text": s.meta.text, "s": s.start_ms, "d": s.duration_ms, "role": s.meta.role}
                    for s in found
                ]
            },
        )


def _targets(
    work: Work, target: Target, match: str | None, refs: tuple[PhotoRef, ...]
) -> list[TextSegment]:
    texts = work.text_segments()
    if match:
        found = [s for s in texts if s.meta.text.lower() == match.lower()]
        if not found:
            raise CannotApply(f'There is no text "{match}" on the video.')
        return found
    if refs:
        photos_named = {id(work.segments[i]) for ref in refs for i in work.resolve(ref)}
        found = [s for s in texts if (a := work.anchor_of(s)) is not None and id(a) in photos_named]
        if not found:
            raise CannotApply("That photo has no caption; say: caption it 'your words'.")
        return found
    found = texts if target == "all" else [s for s in texts if s.meta.role == target]
    if not found:
        if target == "title":
            raise CannotApply("There is no title yet; say: add a title 'Summer'.")
        if target == "caption":
            raise CannotApply("There are no captions yet; say: caption the first photo 'Hello'.")
        raise CannotApply("There is no text on the video yet; say: add a title 'Summer'.")
    return found


class RemoveText(Intent):
    phase: ClassVar[int] = 80
    target: Target = "title"
    match: str | None = None
    refs: tuple[PhotoRef, ...] = ()

    def apply(self, work: Work) -> None:
        photos(work)
        found = _targets(work, self.target, self.match, self.refs)
        work.remove_text(found)
        work.record(
            "remove_text",
            {"target": self.target, "text": self.match},
            {"removed": [s.meta.text for s in found], "roles": [s.meta.role for s in found]},
        )


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_ADD = words("""add put insert include write create show display overlay place""")
_EDIT = words(
    """change rename edit update set make move turn replace switch reword retitle color colour"""
)
_REMOVE = REMOVE_WORDS | {"hide", "clear", "erase"}
_LEADS = words(
    """saying says say reading reads called named titled entitled of with text that which is
    be should will must can could would needs"""
) | {":"}
_STOPS = words("""for at in on during from until till lasting over throughout across as to""")
_WHOLE = (
    "whole video",
    "whole time",
    "whole thing",
    "entire video",
    "throughout",
    "all the way",
    "the whole way",
    "full video",
    "the entire time",
    "all along",
)
_END = (
    "at the end",
    "end with",
    "finish with",
    "close with",
    "end screen",
    "end title",
    "ending",
    "outro",
    "closing",
    "final title",
    "last title",
    "end of the video",
    "end card",
    "to the end",
    "title last",  # 标题放到最后
    "caption last",
    "text last",
)
_NAMES = (
    "file name",
    "file names",
    "filename",
    "filenames",
    "its name",
    "their name",
    "their names",
    "the names",
    "photo names",
    "names",
)


_NAMING = ("call it", "name it", "title it", "call the video", "name the video", "called", "named")


def mentions_text(clause: Clause) -> bool:
    if clause.has_any(TEXT_NOUNS) or clause.has("end card", "end screen", "closing text"):
        return True
    if clause.has(*_NAMES) and clause.has_any(PHOTO_NOUNS):
        return True  # "put the file names on the photos"
    if clause.has("ending", "outro", "intro") and clause.has_any(_EXPLICIT):
        return True  # "加个ending写thanks for watching"
    if clause.words[:1] in (["called"], ["titled"]) and len(clause.words) > 1:
        return True  # 命名为Cat Cafe开业啦: the video's name
    if clause.quoted() and clause.has(*_NAMING, "end with", "finish with", "close with"):
        return True  # "call it 'Summer Fun'": the title; "end with 'Bye'": an end card
    naming = clause.has("call it", "name it", "title it", "name the", "call the", "title the")
    if (naming or clause.has_any(VIDEO_NOUNS | TITLED_WORDS)) and _lead_at(clause) is not None:
        return True  # "call it Dog Days", "name the video Rocket", "a video titled Beach Day"
    return bool(clause.quoted()) and clause.has_any(_ADD | _EDIT | _REMOVE | {"says", "saying"})


def _style(clause: Clause, skip: set[int]) -> dict[str, object]:
    words = clause.words
    out: dict[str, object] = {}
    for i, word in enumerate(words):
        if i in skip:
            continue
        prev = words[i - 1] if i else ""
        if word in COLORS and word not in {"black"} | ({"white"} if prev == "and" else set()):
            out["color"] = COLORS[word]
        elif word == "black" and not (
            i + 1 < len(words) and words[i + 1] in {"box", "background", "bar", "bars"}
        ):
            out["color"] = COLORS["black"]
        elif word.startswith("#") and len(word) == 7:
            out["color"] = word.upper()
        elif word in POSITION_WORDS and not (word in {"lower", "below"} and "volume" in words):
            out["position"] = POSITION_WORDS[word]
        elif word in {"bigger", "larger", "enlarge"}:
            out["size_factor"] = GROW
        elif word in {"smaller", "shrink"}:
            out["size_factor"] = 1 / GROW
        elif word in SIZES:
            out["size"] = SIZES[word]
        elif word == "bold":
            out["weight"] = "regular" if prev in {"not", "no", "without", "un"} else "bold"
        elif word in {"regular", "thin", "light"} and clause.has("font", "weight", "text", "title"):
            out["weight"] = "regular"
        elif word in {"box", "background", "backdrop", "banner"}:
            out["box"] = not (prev in {"no", "without"} or clause.has_any(_REMOVE))
    if "size_factor" in out and "size" in out:
        del out["size"]
    corner = _corner(clause)
    if corner is not None:
        out["corner"] = corner
        out.pop("position", None)
    if clause.has("lower third"):
        out["position"] = "bottom"
    return out


def _corner(clause: Clause) -> Corner | None:
    """ "top left", "in the bottom right corner", "in the corner" (bottom right)."""
    for vertical in ("top", "bottom", "upper", "lower"):
        for side in ("left", "right"):
            if clause.has(f"{vertical} {side}"):
                up = "top" if vertical in {"top", "upper"} else "bottom"
                return f"{up}_{side}"  # type: ignore[return-value]
    if clause.has("corner"):
        return "bottom_right"
    return None


def _unquoted(clause: Clause, start: int) -> tuple[str, set[int]]:
    """The words typed as text after `start` (a noun or "to"), and their token indices.

    The text runs to the end of the request, or to a word that starts saying
    where, when or how it shows ("at the top", "in red", "for 3 seconds"); so
    "thanks for watching" stays whole.
    """
    words = clause.words
    i = start + 1
    skip = _LEADS if words[start] in _EXPLICIT | {":"} else _LEADS | {"a", "the"}
    while i < len(words) and words[i] in skip and words[i] not in {"to"}:
        i += 1
    j = i
    explicit = words[start] in _EXPLICIT
    goes_on = {"and", ","} if words[start] == ":" else {"and"} if explicit else set()
    source = clause.utterance.source
    while j < len(words) and (
        words[j] not in {"and", ",", "then"}
        or (words[j] in goes_on and writes_on(typed(clause.tokens[j + 1 :], source)))
    ):
        if words[j] in _STOPS and _says_how(words[j + 1 : j + 4]):
            break
        if is_number(words[j]) and j + 1 < len(words) and words[j + 1] in _SECONDS:
            break  # 标题显示5秒: a time, not words to write
        j += 1
    if j <= i:
        return "", set()
    text = clause.written(i, j - 1)
    if clause.has("two line", "two lines", "2 line", "2 lines", "line break"):
        text = re.sub(r"\s*/\s*", "\n", text)  # "two line title: Summer / 2024"
    return text, set(range(i, j))


_HOW = (
    frozenset(COLORS) | frozenset(POSITION_WORDS) | frozenset(SIZES)
    | words("""end start beginning whole entire first last corner left right photo photos
    picture pictures seconds second secs sec s bold letters font box""")
)  # fmt: skip


def _says_how(after: list[str]) -> bool:
    """Whether the words after "at"/"in"/"for" say where, when or how, not more text."""
    return any(w in _HOW or is_number(w) for w in after[:3]) or not after


def _timing(clause: Clause, skip: set[int]) -> tuple[Timing | None, float | None, float | None]:
    """(timing, start seconds, length seconds) said for a title."""
    text = f" {clause.text} "
    durations = [
        q for q in find_durations(clause) if q.first not in skip and q.first not in clause.claimed
    ]
    words = clause.words
    start_s = seconds = None
    timing: Timing | None = None
    if any(f" {p} " in text or p in text for p in _WHOLE):
        timing = "whole"
    elif any(p in text for p in _END):
        timing = "end"
    for i, word in enumerate(words):
        if word == "from" and i + 1 < len(words) and is_number(words[i + 1]):
            end_q = next((q for q in durations if q.first > i + 1), None)
            if end_q is not None:
                start_s = float(words[i + 1])
                seconds = max(0.1, end_q.value - start_s)
                return "span", start_s, seconds
    for q in durations:
        before = words[max(0, q.first - 2) : q.first]
        after = words[q.last + 1 : q.last + 2]
        said_start = before[-1:] == ["at"] or (before[-1:] == ["from"] and set(before) & _STARTS)
        if said_start or (before[-1:] != ["for"] and set(after) & _STARTED):
            # "starting at 5s", 第5秒开始显示: when it appears, not how long
            start_s = q.value
            clause.claim(*range(q.first, q.last + 1))
            durations = [d for d in durations if d is not q]
            break
    if durations:
        seconds = durations[0].value
        clause.claim(*range(durations[0].first, durations[0].last + 1))
    if start_s is not None:
        return "span", start_s, seconds
    return timing, start_s, seconds


_STARTS = words("""start starts starting begin begins beginning appear appears show shows""")
_STARTED = words("""start starts begin begins""")  # 第5秒开始: said after the time


def _role(clause: Clause, refs: list[PhotoRef]) -> Role | Target:
    if clause.has("caption", "captions", "subtitle", "subtitles", "label", "labels"):
        return "caption"
    if clause.has("title", "titles", "heading", "headline", *TITLED_WORDS):
        return "title"
    return "caption" if refs else "all"


_NO_TEXT = (
    "get rid of",
    "no title",
    "no text",
    "no captions",
    "without text",
    "without a title",
    "without the title",
)
_ALL_TEXT = ("all text", "all the text", "everything", "all titles", "all captions", "the text")


_LETTERS = words("""letters letter text font words color colour""")
_SECONDS = words("""seconds second secs sec s minutes minute""")


def _text_refs(clause: Clause, ctx: ParseContext) -> list[PhotoRef]:
    """Photos named in a text request; a bare "last" here is about time ("the last title")."""
    refs = find_photo_refs(clause, list(ctx.names))
    keep = []
    words = clause.words
    for ref in refs:
        said = words[ref.first]
        before = words[ref.first - 1] if ref.first else ""
        after = words[ref.first + 1] if ref.first + 1 < len(words) else ""
        if said in COLORS and (
            before in {"in", "big", "bold", ",", "make", "it"}
            or after in _LETTERS
            or (ref.last == len(words) - 1 and before != "the")
        ):
            continue  # "in big red letters", "“全场五折”，红色的": a colour, not product-red.jpg
        if ref.bare and ref.index != -1:
            continue
        if ref.bare and "last" in clause.words and not clause.has("last photo", "last one"):
            continue
        keep.append(ref)
    return keep


def _target(role: Role | Target) -> Target:
    return "caption" if role == "caption" else ("all" if role == "all" else "title")


def _new_words(
    clause: Clause, editing: bool, photo_refs: tuple[PhotoRef, ...], skip: set[int]
) -> tuple[str | None, str | None]:
    """(new text, old text to find) said in the clause, quoted or not."""
    words = clause.words
    quotes = clause.quoted()
    if editing and len(quotes) >= 2:
        return quotes[1], quotes[0]  # change 'Summer' to 'Winter'
    if quotes:
        return quotes[0], None
    if editing and "to" in words:
        to_at = max(i for i, w in enumerate(words) if w == "to")
        nxt = words[to_at + 1] if to_at + 1 < len(words) else ""
        if nxt == "say":
            to_at += 1  # change the title to say Hello
        elif nxt in POSITION_WORDS or nxt in COLORS or nxt in {"the", "be", "last"}:
            return None, None  # move the title to the top
        text, used = _unquoted(clause, to_at)
        skip |= used
        clause.claim(*used)
        return text or None, None
    if editing:
        return None, None
    lead = _lead_at(clause)
    if lead is not None and words[lead] == ":":
        clause.claim(lead - 1, lead)  # "店铺地址：" says what the words are
    elif lead is not None:
        clause.claim(lead)  # "says", "titled": the words after it are the text
    noun_at = next((i for i, w in enumerate(words) if w in TEXT_NOUNS), None)
    if lead is not None:
        noun_at = lead  # "a title at the start that says Our Summer"
    before_as = _as_title(clause)
    if lead is None and before_as is not None:
        used = set(range(*before_as))
        skip |= used
        clause.claim(*used)
        return clause.written(before_as[0], before_as[1] - 1), None
    if noun_at is None:
        return None, None
    text, used = _unquoted(clause, noun_at)  # "put the title Welcome on the last photo"
    names_a_photo = any(r.first in used for r in photo_refs)  # not words to write
    if lead is None and (not text or names_a_photo or all(words[k] in _LOOKS for k in used)):
        # "caption the dog photo Best Boy": the words come after the photo
        after = max([noun_at, *(r.last for r in photo_refs if r.first > noun_at)])
        text, used = _unquoted(clause, after)
    if not text or all(words[k] in _LOOKS for k in used):
        return None, None  # "add a big red title", "the title is bigger": no words yet
    if _PLACEHOLDER.fullmatch(text.lower()):
        clause.claim(*used)
        return None, None  # "a title with my name": which name is not known, so ask
    skip |= used
    clause.claim(*used)
    return text, None


# Unquoted words that stand for text only the person knows ("my name", 我的名字).
_PLACEHOLDER = re.compile(
    r"(?:(?:my|our|your|the|his|her|their) )?(?:(?:full|shop|store|company|business|brand) )?"
    r"(?:name|names|date|brand|company name|shop name|logo|address|phone number)"
    r"|(?:我的|我们的|你的)?(?:名字|姓名|店名|日期|地址|电话)"
)
# Words that say how text looks or how it should change, never what it says.
_LOOKS = (
    frozenset(COLORS) | frozenset(POSITION_WORDS) | frozenset(SIZES)
    | words("""bigger smaller larger enlarge shrink bold regular box bit little way too so more
    less please pls now it is thicker thinner weight not only just also again instead show
    shown appear appears use add a an with and change to make set turn last end whole entire
    video for during throughout""")
)  # fmt: skip
_EXPLICIT = words("""says saying say reads reading called named titled entitled""")


def _lead_at(clause: Clause) -> int | None:
    """The index of an explicit "says"/"called" (or a colon after a text noun), if any.

    "called"/"named" after a photo ("the photo called beach") names the photo, not text.
    """
    words = clause.words
    for i, word in enumerate(words):
        if word in {"called", "named"} and i > 0 and words[i - 1] in PHOTO_NOUNS | {"one"}:
            continue
        if word in _EXPLICIT and i + 1 < len(words):
            return i
        if (
            word == "it"
            and words[i - 1 : i] in (["call"], ["name"], ["title"])
            and i + 1 < len(words)
            and words[i + 1] not in {"a", "an"} | _STOPS
        ):
            return i  # "call it Dog Days" (not "call it a day", "name it at the end")
        if (
            word in VIDEO_NOUNS
            and i >= 2
            and words[i - 2] in {"name", "call", "title", "rename"}
            and words[i - 1] in {"the", "this", "my", "our"}
            and i + 1 < len(words)
        ):
            return i  # "name the video Rocket"
        if word == ":" and i + 1 < len(words) and any(w in TEXT_NOUNS for w in words[:i]):
            return i  # "caption the beach one: Beach Day", "caption photo 3: ..."
        if word == "be" and i > 0 and words[i - 1] == "should" and i + 1 < len(words):
            return i  # "the title should be Summer Vibes"
        if word == ":" and i > 0 and words[i - 1] in TEXT_NOUNS | {"card", "end", "line", "lines"}:
            return i
        if word == ":" and i > 0 and has_chinese(words[i - 1]) and i + 1 < len(words):
            return i  # 结尾加上店铺地址：人民路88号 (what it is, then the words)
    return None


def without_written(refs: list[PhotoRef], clause: Clause) -> list[PhotoRef]:
    """`refs` without the file names that are words of a text being written (a photo said
    by its place, "on the first photo", stays a photo)."""
    written = written_words(clause)
    return [r for r in refs if not (r.kind == "media" and r.first in written)]


def written_words(clause: Clause) -> set[int]:
    """The words of a text typed after "says"/"titled"/"called" (their token indices):
    "a title that says Beach Day" writes Beach Day, even when beach.png is a photo (a
    photo named after the text, "... on the dog photo", is still a photo)."""
    if clause.quoted() or not mentions_text(clause):
        return set()
    lead = _lead_at(clause)
    if lead is not None:
        return _unquoted(clause, lead)[1]
    before_as = _as_title(clause)
    if before_as is not None:
        return set(range(*before_as))
    if _role(clause, []) != "title":
        return set()  # "caption the dog photo Best Boy": the dog photo is a photo
    noun_at = next((i for i, w in enumerate(clause.words) if w in TEXT_NOUNS), None)
    # "add a title Dog Walk Club": a title's words follow it, even a file name's
    return _unquoted(clause, noun_at)[1] if noun_at is not None else set()


def _names_the_video(clause: Clause, lead: int | None) -> bool:
    """ "make a video titled X", "make a video, title X": the video is made and named."""
    words = clause.words
    if not clause.has_any(MAKE_VERBS):
        return False
    made = next((i for i, w in enumerate(words) if w in VIDEO_NOUNS), None)
    noun = next((i for i, w in enumerate(words) if w in TEXT_NOUNS), None)
    return made is not None and (lead is not None or (noun is not None and noun > made))


def _as_title(clause: Clause) -> tuple[int, int] | None:
    """The words (start, end) of "put Cat Cafe Grand Opening as the title", if said so."""
    words = clause.words
    for i in range(1, len(words) - 1):
        if words[i] == "as" and words[i + 1 : i + 3] in (["the", "title"], ["a", "title"]):
            verb = next((k for k in range(i - 1, -1, -1) if words[k] in _ADD | {"use"}), None)
            if verb is not None and verb + 1 < i:
                return verb + 1, i
    return None


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    if not mentions_text(clause):
        return []
    quotes = clause.quoted()
    refs = _text_refs(clause, ctx)
    lead = _lead_at(clause)
    refs = without_written(refs, clause)
    role = _role(clause, refs)
    photo_refs = tuple(r for r in refs if r.kind != "all")
    skip = {i for i, t in enumerate(clause.tokens) if t.quote_index is not None}
    for ref in refs:
        skip.update(range(ref.first, ref.last + 1))

    if clause.has_any(_REMOVE) or clause.has(*_NO_TEXT):
        target = _target(role)
        if clause.has(*_ALL_TEXT) and not clause.has("captions", "titles"):
            target = "all"
        return [RemoveText(target=target, match=quotes[0] if quotes else None, refs=photo_refs)]
    if role in ("caption", "all") and clause.has(*_NAMES):
        return [AddCaptions.model_validate({"from_names": True, **_style(clause, skip)})]
    if role == "caption" and len(quotes) > 1 and not photo_refs:
        return [AddCaptions.model_validate({"texts": tuple(quotes), **_style(clause, skip)})]

    # "make a video titled Beach Day" makes the video and names it: the title is new
    naming = _names_the_video(clause, lead)
    editing = clause.has_any(_EDIT) and not clause.has_any(_ADD) and not naming
    new_text, match = _new_words(clause, editing, photo_refs, skip)
    style = _style(clause, skip)
    # a video's length said when naming it ("a 20 second video titled X") is the video's
    timing, start_s, seconds = _timing(clause, skip) if not naming else (None, None, None)
    when: dict[str, object] = {"seconds": seconds, "timing": timing, "start_s": start_s}
    fields: dict[str, object]
    placed = role == "title" and bool(photo_refs)  # "the title on the first photo only"
    if editing or (
        new_text is None and (style or seconds is not None or timing or placed or start_s)
    ):
        # "make the title red"; "put the title at the top": the words say how, not what
        fields = {"target": _target(role), "match": match, "refs": photo_refs, "new_text": new_text}
        return [EditText.model_validate({**fields, **when, **style})]
    if role == "caption" and not photo_refs and new_text:
        # one caption for the whole video ("caption: 'Our trip'"), along the bottom
        fields = {"text": new_text, "role": "caption", "timing": timing or "whole"}
        return [AddText.model_validate({**fields, "seconds": seconds, **style})]
    add_role = "caption" if role == "caption" or (role == "all" and photo_refs) else "title"
    sure = bool(quotes) or _lead_at(clause) is not None or clause.has_any(_ADD | _EDIT)
    fields = {
        "text": new_text or "",
        "role": add_role,
        "refs": photo_refs,
        "start_s": start_s,
        "sure": sure,
    }
    timing = timing or ("span" if start_s is not None else "start")
    return [AddText.model_validate({**fields, "seconds": seconds, "timing": timing, **style})]
