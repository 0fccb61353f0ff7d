"""How a photo fills the frame: "don't crop the photos", "show the whole photo",
"black bars", "crop to fill", "blurred background", per photo or for all.
"""

from __future__ import annotations

from typing import ClassVar

from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.intents.video import photos
from photoreel.agent.parse.references import PhotoRef, find_photo_refs
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Work
from photoreel.protocol.draft import Fit

NAMES: dict[str, str] = {
    "cover": "cropped to fill the frame",
    "contain_blur": "shown whole over a blurred copy of itself",
    "contain": "shown whole with plain bars",
}
_WHOLE = (
    "do not crop",
    "not cut off",
    "not cut them off",
    "not cut it off",
    "not crop",
    "no crop",
    "no cropping",
    "without cropping",
    "uncropped",
    "whole photo",
    "whole photos",
    "whole picture",
    "whole image",
    "entire photo",
    "entire photos",
    "entire picture",
    "entire image",
    "full photo",
    "show everything",
    "fit the photos",
    "fit the photo",
    "fit them",
    "fit in the frame",
    "fit inside",
    "blurred background",
    "blur background",
    "blurry background",
    "blur the background",
)
_BARS = ("black bars", "letterbox", "letterboxed", "pillarbox", "bars", "plain background")
_FILL = (
    "crop to fill",
    "fill the frame",
    "fill the screen",
    "fill frame",
    "full frame",
    "crop them",
    "crop the photos",
    "crop the photo",
    "zoom to fill",
    "fill it",
    "cover the frame",
)


def subject(photos: list[int], of: int) -> str:
    """ "Every photo is" / "Photo 2 is" / "Those photos are": whom a fit sentence is about."""
    if len(photos) == of and of > 1:
        return "Every photo is"
    return f"Photo {photos[0]} is" if len(photos) == 1 else "Those photos are"


class SetFit(Intent):
    """ "show the whole photo", "crop to fill", "black bars"."""

    phase: ClassVar[int] = 35
    fit: Fit
    refs: tuple[PhotoRef, ...] = ()

    def apply(self, work: Work) -> None:
        segs = photos(work)
        if self.refs:
            indices = sorted({i for ref in self.refs for i in work.resolve(ref)})
        else:
            indices = list(range(len(segs)))
        already = all(segs[i].meta.fit == self.fit for i in indices)
        for i in indices:
            segs[i].meta.fit = self.fit
        if already:  # a wide banner is shown whole already: say so rather than "now"
            work.say(f"{subject([i + 1 for i in indices], len(segs))} already {NAMES[self.fit]}.")
            return
        work.record(
            "set_fit",
            {"fit": self.fit, "photos": [i + 1 for i in indices]},
            {"fit": self.fit, "segments": len(indices), "of": len(segs)},
        )


def _fit(clause: Clause) -> Fit | None:
    text = f" {clause.text} "
    if any(f" {p} " in text for p in _BARS):
        return "contain"
    if any(f" {p} " in text for p in _WHOLE):
        return "contain_blur"
    if any(f" {p} " in text for p in _FILL):
        return "cover"
    return None


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    fit = _fit(clause)
    if fit is None:
        return []
    clause.claim_phrases(_BARS + _WHOLE + _FILL)  # "do not cut off" is not a removal
    refs = tuple(
        r for r in find_photo_refs(clause, list(ctx.names)) if r.kind != "all" and not r.bare
    )
    return [SetFit(fit=fit, refs=refs)]
