"""Phrases for what analysis found: framing, beat cuts, curation (English and Chinese).

Thin on purpose: each intent reads its phrase and calls a pure edit in
`photoreel.agent.edits` (framing, beats, curation), which does the work and
says what it did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from photoreel.agent.edits import Edited
from photoreel.agent.edits.beats import cut_to_beats, every_beats
from photoreel.agent.edits.curation import (
    blurred,
    caption_dates,
    duplicates,
    order_by_time,
    remove_photos,
)
from photoreel.agent.edits.framing import keep_subjects
from photoreel.agent.intents import make
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.durations import set_total
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import CannotApply, Work, secs


def _names(work: Work) -> dict[str, str]:
    return {m.media_id: m.filename for m in work.media}


def _take(work: Work, name: str, args: dict[str, object], edited: Edited) -> None:
    """Use the edit's draft when it changed anything; say what it said either way."""
    if edited.draft == work.draft:
        work.say(edited.text)
        return
    work.load(edited.draft)
    work.record(name, args, {"segments": len(work.segments), **edited.facts})


def _order(work: Work) -> list[str]:
    return [seg.meta.src for seg in work.segments]


class KeepFaces(Intent):
    """ "keep the faces in frame", "zoom in on the face", 把人脸放在画面中间."""

    phase: ClassVar[int] = 72  # after motion (70): "zoom in on the face" sets the move
    zoom: bool = False

    def apply(self, work: Work) -> None:
        draft = work.require_draft()
        edited = keep_subjects(draft, work.analyses, zoom_on_faces=self.zoom)
        _take(work, "keep_subjects", {"zoom": self.zoom}, edited)


class BeatCuts(Intent):
    """ "cut to the beat", "match the music", 卡点; "change photo every 2 beats"."""

    phase: ClassVar[int] = 95  # after the music is chosen (90-94)
    every: int | None = None

    def apply(self, work: Work) -> None:
        draft = work.require_draft()
        if self.every:
            edited = every_beats(draft, work.analyses, self.every)
        else:
            edited = cut_to_beats(draft, work.analyses)
        _take(work, "cut_to_beats", {"every": self.every}, edited)


class OrderByTime(Intent):
    """ "in the order they were taken", 按拍摄时间排序."""

    phase: ClassVar[int] = 41

    def apply(self, work: Work) -> None:
        draft = work.require_draft()
        _take(work, "order_by_time", {}, order_by_time(draft, work.analyses, _names(work)))


class RemoveFound(Intent):
    """ "remove duplicates", "drop the blurry ones"."""

    phase: ClassVar[int] = 39
    what: str  # "duplicates" or "blurred"

    def apply(self, work: Work) -> None:
        draft = work.require_draft()
        finder: Callable[..., list[str]] = duplicates if self.what == "duplicates" else blurred
        found = finder(work.analyses, _order(work))
        why = "looked like duplicates" if self.what == "duplicates" else "were blurred"
        if not found:
            none = "duplicates" if self.what == "duplicates" else "blurred photos"
            work.say(f"I found no {none} among the photos in the video.")
            return
        edited = remove_photos(draft, found, _names(work), why)
        asked = draft.duration_ms if work.total_set else None  # "a 15 s video without duplicates"
        _take(work, f"remove_{self.what}", {"media": found}, edited)
        if asked is not None and work.draft is not None and work.draft.duration_ms != asked:
            notes = set_total(work, asked)
            for sentence in (f"The video stays {secs(asked)} as asked.", *notes):
                work.say(sentence)


class CaptionDates(Intent):
    """ "caption each photo with its date", 给每张照片加上日期."""

    phase: ClassVar[int] = 81

    def apply(self, work: Work) -> None:
        draft = work.require_draft()
        chinese = work.language.startswith("zh")
        edited = caption_dates(draft, work.analyses, _names(work), chinese=chinese)
        if edited.draft == draft and not edited.said:
            raise CannotApply("There is nothing to caption.")
        _take(work, "caption_dates", {}, edited)


_FACES = ("keep the faces", "keep the face", "keep faces", "keep face", "faces in frame",
          "face in frame", "faces in the frame", "face in the frame", "frame the faces",
          "frame the face", "centre the face", "center the face", "centre the faces",
          "center the faces", "keep the subject", "keep subjects")  # fmt: skip
_ZOOM_FACE = ("zoom in on the face", "zoom in on the faces", "zoom on the face",
              "zoom into the face", "zoom in on faces", "zoom to the face")  # fmt: skip
_ZH_FACES = ("人脸", "脸放在", "面部", "对准脸")
_ZH_ZOOM_FACE = ("放大人脸", "推近人脸", "拉近人脸")
_BEAT = ("cut to the beat", "cut on the beat", "cuts on the beat", "on the beat",
         "to the beat", "match the music", "sync to the music", "sync with the music",
         "in time with the music", "beat sync", "beat synced")  # fmt: skip
_ZH_BEAT = ("卡点", "踩点", "跟着节拍", "节拍")
_ORDER = ("order they were taken", "order it was taken", "order taken", "when they were taken",
          "chronological", "chronologically", "by date taken", "oldest first",
          "by the date", "sort by date", "order by date")  # fmt: skip
_ZH_ORDER = ("拍摄时间", "时间顺序", "按时间")
_DUPES = ("remove duplicates", "remove the duplicates", "drop duplicates",
          "drop the duplicates", "delete duplicates", "delete the duplicates", "no duplicates",
          "remove doubles")  # fmt: skip
_ZH_DUPES = ("删除重复", "去掉重复", "去重")
_BLUR = ("blurry ones", "blurry photos", "blurred photos", "blurred ones", "blurry shots",
         "blurred shots", "out of focus")  # fmt: skip
_ZH_BLUR = ("模糊的", "删除模糊", "去掉模糊")
_DATES = ("with its date", "with their date", "with the date", "with dates", "the date",
          "their dates", "its date", "dates")  # fmt: skip
_ZH_DATES = ("加上日期", "添加日期", "日期字幕", "标注日期")
_EVERY = re.compile(r"every (\d+) beats?|each (\d+) beats?|every beat")
_ZH_EVERY = re.compile(r"每(\d+|[一二两三四五六七八])拍")
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}


def _any(text: str, phrases: tuple[str, ...], padded: bool = True) -> bool:
    return any((f" {p} " in f" {text} ") if padded else (p in text) for p in phrases)


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    text = clause.text
    # Chinese is read into the agent's English words (parse/chinese.py); the Chinese
    # phrases below are matched against what was typed.
    typed = clause.raw(0, len(clause.tokens) - 1) if clause.tokens else ""
    found: list[Intent] = []
    if _any(text, _ZOOM_FACE) or _any(typed, _ZH_ZOOM_FACE, padded=False):
        found.append(KeepFaces(zoom=True))
    elif _any(text, _FACES) or _any(typed, _ZH_FACES, padded=False):
        found.append(KeepFaces())
    every = _EVERY.search(text)
    zh_every = _ZH_EVERY.search(typed)
    if every:
        count = int(every.group(1) or every.group(2) or 1)
        found.append(BeatCuts(every=max(count, 1)))
    elif zh_every:
        raw = zh_every.group(1)
        found.append(BeatCuts(every=int(raw) if raw.isdigit() else _ZH_DIGITS[raw]))
    elif _any(text, _BEAT) or _any(typed, _ZH_BEAT, padded=False):
        found.append(BeatCuts())
    if _any(text, _ORDER) or _any(typed, _ZH_ORDER, padded=False):
        found.append(OrderByTime())
    if _any(text, _DUPES) or _any(typed, _ZH_DUPES, padded=False):
        found.append(RemoveFound(what="duplicates"))
    if (clause.has("drop", "remove", "delete", "without", "cut") and _any(text, _BLUR)) or _any(
        typed, _ZH_BLUR, padded=False
    ):
        found.append(RemoveFound(what="blurred"))
    dated = clause.has("caption", "captions", "label", "labels") and _any(text, _DATES)
    dated = dated or _any(text, ("add dates", "add the dates", "date captions", "dates on"))
    if dated or _any(typed, _ZH_DATES, padded=False):
        found.append(CaptionDates())
    if found:  # these phrases own their clause, but "make a video and cut to the beat" still makes
        found += make.parse(clause, ctx)
    return found
