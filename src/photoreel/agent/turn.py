"""One turn of the conversation: an instruction and the session in, edits and a reply out.

`run_turn` is what the server calls inside `/run_sse`. It reads the
instruction into intents, applies them in a fixed order to a copy of the
draft, and returns each applied edit as an `EditOp` (streamed as an ADK
functionCall/functionResponse pair), the new draft (validated by the
protocol model) and a short reply that ends with the timeline's one-line
summary. It is pure and deterministic: no I/O, no clock, and the only
randomness (shuffle) is seeded from the instruction and the photos.
"""

from __future__ import annotations

import hashlib

from pydantic import ValidationError

from photoreel.agent.contract import EditOp, MediaItem, Route, TurnInput, TurnOutput
from photoreel.agent.intents.again import remembered
from photoreel.agent.intents.base import Intent
from photoreel.agent.intents.describe import MAKES
from photoreel.agent.interpreter import context_for, interpret
from photoreel.agent.reply import SUGGEST_EDIT, SUGGEST_NEW, compose
from photoreel.agent.timeline import Ask, CannotApply, Work, clone
from photoreel.protocol.draft import summarize
from photoreel.protocol.language import reply_language

__all__ = ["EditOp", "MediaItem", "Route", "TurnInput", "TurnOutput", "run_turn"]


def _seed(turn: TurnInput) -> int:
    """A seed from the instruction and the photos: the same request gives the same shuffle."""
    sources = sorted(turn.draft.sources()) if turn.draft else []
    text = turn.instruction + "|" + ",".join(sources)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _before_summary(turn: TurnInput) -> str:
    return turn.draft.summary() if turn.draft is not None else summarize(None)


def _apply(work: Work, intent: Intent) -> bool:
    """Apply one intent; on a refusal, put the draft back as it was and say why."""
    before = clone(work.draft) if work.draft is not None else None
    ops, notes, changed = len(work.ops), len(work.notes), work.changed
    try:
        intent.apply(work)
        if work.dirty:
            work.relayout()
        _remember_edit(work, intent)
        if intent.edits and work.draft == before and any(op.name in MAKES for op in work.ops[:ops]):
            # "make a video with smooth transitions": the making already said it
            del work.ops[ops:]
            del work.notes[notes:]
            work.changed = changed
        return True
    except (CannotApply, ValidationError) as exc:
        message = exc.message if isinstance(exc, CannotApply) else _invalid(exc)
        work.load(before)
        del work.ops[ops:]
        del work.notes[notes:]
        work.changed = changed
        work.say(message)
        if isinstance(exc, Ask) and exc.asked is not None:
            work.remember(asked=exc.asked)
        return False


def _remember_edit(work: Work, intent: Intent) -> None:
    """An edit of some photos is remembered, for "same for the others" next turn."""
    refs = getattr(intent, "refs", ())
    if not refs or not work.has_video:
        return
    try:
        photos = sorted({i for ref in refs for i in work.resolve(ref)})
    except CannotApply:
        return
    last = remembered(intent, photos)
    if last is not None:
        work.remember(last_edit=last)


def _invalid(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"I could not make that edit ({first['msg'].removeprefix('Value error, ')})."


SLIPPED = "Sorry, something went wrong while I read that, so nothing changed."


def run_turn(turn: TurnInput) -> TurnOutput:
    """Interpret one instruction against the session's draft and media.

    A bug must not cost a person their turn or show them a traceback: anything
    unexpected becomes a reply that says nothing changed (the robustness test
    fails if that reply ever appears, so bugs still surface in CI).
    """
    try:
        return _run_turn(turn)
    except Exception:
        tries = SUGGEST_EDIT if turn.draft is not None else SUGGEST_NEW
        summary = summarize(turn.draft)
        return TurnOutput(reply=f"{SLIPPED} Try {', '.join(tries)}.\n{summary}", understood=False)


def _run_turn(turn: TurnInput) -> TurnOutput:
    has_video = turn.draft is not None and any(t.segments for t in turn.draft.video_tracks)
    has_music = turn.draft is not None and any(t.segments for t in turn.draft.audio_tracks)
    ctx = context_for(turn.media, has_video, turn.language, turn.memory, has_music)
    reading = interpret(turn.instruction, ctx)
    work = Work(
        turn.draft,
        turn.media,
        _seed(turn),
        undo_draft=turn.undo_draft,
        redo_draft=turn.redo_draft,
        language=reply_language(turn.instruction, turn.language),
        undo_empty=turn.undo_empty,
        undo_drafts=turn.undo_drafts,
        redo_drafts=turn.redo_drafts,
        memory=turn.memory,
    )
    intents = sorted(once_each(reading.intents), key=lambda i: i.phase)
    for intent in intents:
        _apply(work, intent)
    understood = any(intent.understood for intent in intents)
    history = None
    if work.history and all(op.name in ("undo", "redo") for op in work.ops):
        history = work.history
    draft = finished = None
    cleared = work.changed and work.draft is None and history == "undo"
    if work.changed and not cleared:
        try:
            draft = work.finish()
        except ValidationError as exc:
            return TurnOutput(
                reply=f"{_invalid(exc)} Nothing changed.\n{_before_summary(turn)}",
                understood=understood,
            )
        finished = draft
        if draft == turn.draft and work.history is None:
            draft = None  # asked for what it already was: no new version
    if cleared:
        summary = summarize(None)
    else:
        summary = draft.summary() if draft is not None else _before_summary(turn)
    reply = compose(reading, work, bool(intents), understood, finished) + "\n" + summary
    memory = work.next_memory()
    return TurnOutput(
        reply=reply,
        ops=work.ops if draft is not None or cleared else [],
        draft=draft,
        history=history,
        route=work.route,
        understood=understood,
        steps=work.steps if history else 1,
        memory=memory if memory != turn.memory else None,
    )


def _relative_kind(intent: Intent) -> str | None:
    """What a relative edit changes ("quieter", "a bit longer"), or None for other edits."""
    fields = intent.model_dump()
    if fields.get("factor") not in (None, 1.0) or fields.get("delta") or fields.get("delta_s"):
        refs = fields.get("refs") or ()
        return f"{type(intent).__name__}:{refs}"
    if fields.get("size_factor") is not None:
        return f"{type(intent).__name__}:{fields.get('target')}"
    if type(intent).__name__ == "SetFit":  # "black bars are fine, just show the whole pic"
        return f"SetFit:{fields.get('refs')}"
    return None


def once_each(intents: list[Intent]) -> list[Intent]:
    """A relative edit applies once per instruction: "the music is too loud, turn it down"
    lowers it one step, not two."""
    seen: set[str] = set()
    out = []
    for intent in intents:
        kind = _relative_kind(intent)
        if kind is not None:
            if kind in seen:
                continue
            seen.add(kind)
        out.append(intent)
    return out
