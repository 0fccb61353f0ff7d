"""The reply of one turn: each edit said once, from what it changed, in the person's language.

The intents change the draft and record ops; they write no sentence for an
edit. Here each op is said by `reply_en` or `reply_zh`, in the order the edits
were made, followed by what was not done. Two rules keep the reply short:
when the turn made the video, the making is described as the video ended up
and the edits that only shaped it are not said again (their warnings are);
and of several photo-length edits only the last says the video's new length.
Sentences that are not edits (answers, questions, refusals) are said as the
intent wrote them, in English, and rendered in Chinese by `reply_zh.sentence`.
"""

from __future__ import annotations

from photoreel.agent import reply_en, reply_zh
from photoreel.agent.intents.describe import MAKES, restates
from photoreel.agent.interpreter import Reading
from photoreel.agent.timeline import Work
from photoreel.protocol.draft import Draft

SUGGEST_NEW = (
    '"make a 15 second video with smooth transitions"',
    '"a 30 second reel for Instagram"',
    '"make a slideshow of these"',
)
SUGGEST_EDIT = ('"make it 20 seconds"', "\"add a title 'Summer'\"", '"use slow crossfades"')


def restated(told: reply_en.Told) -> bool:
    """An edit after this turn's making that the making's description already tells."""
    made = next((i for i, op in enumerate(told.ops) if op.name in MAKES), None)
    if made is None or told.at <= made or told.draft is None:
        return False
    segments = next((t.segments for t in told.draft.video_tracks if t.segments), [])
    return restates(told.op, segments)


def edit_sentence(told: reply_en.Told, zh: bool) -> str:
    """What the reply says for one edit ("" when the making already told it)."""
    if restated(told):
        return ""
    return _edit_zh(told) if zh else reply_en.edit(told)


def _edit_zh(told: reply_en.Told) -> str:
    said = reply_zh.edit(told.op, told.draft)
    if said is None:  # an edit the Chinese table does not say yet: English, not a guess
        return reply_en.edit(told)
    if told.op.name == "set_photo_duration" and told.later("set_photo_duration"):
        said = said.split("；视频共")[0].removesuffix("。") + "。"
    return said


def _sentences(work: Work, draft: Draft | None, zh: bool) -> list[str]:
    """The reply's sentences for the notes the edits left, in the order they were made."""
    same = reply_zh.sentence if zh else str
    parts: list[str] = []
    for note in work.notes:
        if note.op is not None and note.op < len(work.ops):
            parts.append(edit_sentence(reply_en.Told(work.ops, note.op, draft), zh))
        elif note.text:
            parts.append(same(note.text))
        if note.warning:
            parts.append(same(note.warning))
    return parts + [same(message) for message in work.unsupported]


def not_understood(reading: Reading, work: Work) -> str:
    said = "; ".join(reading.unknown) or reading.utterance.original.strip()
    if work.language.startswith("zh"):
        return reply_zh.not_understood(said, work.has_video)
    tries = SUGGEST_EDIT if work.has_video else SUGGEST_NEW
    return f'Sorry, I didn\'t understand "{said}". Try {", ".join(tries[:-1])} or {tries[-1]}.'


def compose(
    reading: Reading, work: Work, heard: bool, understood: bool, draft: Draft | None
) -> str:
    """The sentences of the reply, before the summary line, in the person's language."""
    if not heard:
        return not_understood(reading, work)
    zh = work.language.startswith("zh")
    parts = _sentences(work, draft, zh)
    if not understood:
        if zh:
            tries = reply_zh.SUGGEST_EDIT if work.has_video else reply_zh.SUGGEST_NEW
            parts.append("没有改动。" + (f"可以试试：{tries}。" if work.unsupported else ""))
        else:
            tries_en = SUGGEST_EDIT if work.has_video else SUGGEST_NEW
            offer = f" Things I can do: {', '.join(tries_en)}." if work.unsupported else ""
            parts.append("Nothing changed." + offer)
    if reading.unknown:
        if zh:
            parts.append(f"“{'；'.join(reading.unknown)}”我没看懂，这部分没有改。")
        else:
            unknown = "; ".join(reading.unknown)
            parts.append(f'I didn\'t understand "{unknown}", so I left that out.')
    said = dict.fromkeys(p for p in parts if p)  # each sentence once
    if zh:
        return "".join(said) or "不需要改动。"
    return " ".join(said) or "Nothing needed changing."
