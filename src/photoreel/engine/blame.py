"""Which segment an ffmpeg failure belongs to, said in a sentence.

ffmpeg names what failed in one of three ways, tried in this order:

1. an input (`Error opening input file`, `[in#3 ...]`, `[dec:h264 #3 ...]`):
   the segment that owns that input, and the file is at fault;
2. a filter of the graph (`[Parsed_xfade_16 @ ...]`): the filter's chain is
   found by counting filters the way ffmpeg's parser does, and traced back
   through the labels to the inputs that feed it, so a transition names both
   of its segments; photoreel is at fault (it built that graph);
3. neither (an encoder, the muxer): the segment on screen at the time ffmpeg
   had reached, from its progress; photoreel is at fault.

Whatever ffmpeg said is kept in brackets at the end, for a bug report.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from photoreel.engine.errors import RenderError

_PARSED = re.compile(r"\[Parsed_(\w+?)_(\d+) @")
_LABEL = re.compile(r"\[([^\]]+)\]")
#: ffmpeg's closing lines, which say only that something earlier failed.
_ECHOES = (
    "Terminating thread",
    "Task finished",
    "Nothing was written",
    "Could not open encoder before EOF",
    "Error reinitializing filters",
    "Error while filtering",
    "Conversion failed",
    "Error sending frames",
    "Failed to configure output pad",
)


class Owner(BaseModel):
    """The segment an ffmpeg input belongs to."""

    segment: str
    path: str

    def who(self) -> str:
        return f"{self.segment} ({Path(self.path).name})"


class Span(BaseModel):
    """A video segment's frames [first, end) in the output of one ffmpeg run."""

    first: int
    end: int
    owner: Owner


def cause(log: str) -> str:
    """ffmpeg's own words for what went wrong: its first line that is not an echo."""
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    useful = [ln for ln in lines if not any(echo in ln for echo in _ECHOES)]
    line = (useful or lines or ["no message"])[0]
    return re.sub(r"^(\[[^\]]*\]\s*)+", "", line)  # ffmpeg's "[Parsed_xfade_16 @ 0x...] "


def explain(
    *,
    log: str,
    input_index: int | None,
    reached: float | None,
    owners: dict[int, Owner],
    chains: list[str],
    spans: list[Span],
    fps: int,
) -> RenderError:
    """The failure of one ffmpeg run as a sentence naming the segment(s) and the cause."""
    said = cause(log)
    owner = owners.get(input_index) if input_index is not None else None
    if owner is not None:
        return RenderError(
            f"{owner.who()}: ffmpeg could not read the file ({said}). Check that it plays, "
            "or replace it",
            segment=owner.segment,
            path=owner.path,
        )
    if match := _PARSED.search(log):
        fed_by = _inputs_of_filter(chains, int(match.group(2)))
        named = [owners[i] for i in fed_by if i in owners]
        if named:
            unique = list({o.segment: o for o in named}.values())
            who = " and ".join(o.who() for o in unique)
            step = "joining" if len(unique) > 1 else "making"
            return RenderError(
                f"{who}: photoreel failed while {step} this part of the video "
                f"({match.group(1)}: {said}). Nothing is wrong with the files; please "
                "report this",
                segment=unique[0].segment,
                path=unique[0].path,
                engine_fault=True,
            )
    frame = round(reached * fps) if reached is not None else 0
    on_screen = [s for s in spans if s.first <= frame < s.end] or spans[:1]
    if on_screen:
        owner = on_screen[0].owner
        return RenderError(
            f"{owner.who()}: the render stopped at {_clock(frame / fps)}, while this segment "
            f"was being made ({said}). Nothing is wrong with the files; please report this",
            segment=owner.segment,
            path=owner.path,
            engine_fault=True,
        )
    return RenderError(f"the render failed ({said}); please report this", engine_fault=True)


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _inputs_of_filter(chains: list[str], number: int) -> list[int]:
    """The ffmpeg inputs that feed the `number`th filter of the graph (ffmpeg's count)."""
    produced_by: dict[str, int] = {}
    parsed: list[tuple[list[str], list[str]]] = []
    owner_chain = None
    count = 0
    for i, chain in enumerate(chains):
        sources, filters, outputs = _split_chain(chain)
        parsed.append((sources, outputs))
        for label in outputs:
            produced_by[label] = i
        if owner_chain is None and count + filters > number:
            owner_chain = i
        count += filters
    if owner_chain is None:
        return []
    inputs: list[int] = []
    seen: set[int] = set()
    todo = [owner_chain]
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        for label in parsed[i][0]:
            if m := re.fullmatch(r"(\d+):[va]", label):
                inputs.append(int(m.group(1)))
            elif label in produced_by:
                todo.append(produced_by[label])
    return sorted(set(inputs))


def _split_chain(chain: str) -> tuple[list[str], int, list[str]]:
    """A chain `[a][b]f1,f2='x,y'[out]` as (sources, number of filters, outputs)."""
    text = chain.strip()
    sources: list[str] = []
    while m := _LABEL.match(text):
        sources.append(m.group(1))
        text = text[m.end() :]
    outputs: list[str] = []
    while m := re.search(r"\[([^\]'\[]+)\]$", text):
        outputs.insert(0, m.group(1))
        text = text[: m.start()]
    filters, quoted, escaped = 1, False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "'":
            quoted = not quoted
        elif ch == "," and not quoted:
            filters += 1
    return sources, filters, outputs
