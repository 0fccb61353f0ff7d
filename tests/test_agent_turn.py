"""The turn contract as the server relies on it: pure, deterministic, valid drafts,
ops that serialise, replies that end with the summary, and layout rules that hold
across edits (captions stay on their photo, music and titles follow the length)."""

from __future__ import annotations

import json

import pytest

from agent_cases import CASES, MEDIA, NAMES, Session, play
from photoreel.agent import TurnInput, TurnOutput, run_turn
from photoreel.protocol.draft import Draft, parse_draft


def _session(*said: str, media: str = "photos") -> Session:
    session = Session(media=MEDIA[media])
    for instruction in said:
        session.say(instruction)
    return session


def _turn(session: Session, instruction: str) -> TurnOutput:
    return run_turn(TurnInput(instruction=instruction, draft=session.draft, media=session.media))


def test_the_input_draft_is_never_changed() -> None:
    session = _session("make a video", "add a title 'Hi'", "caption each photo with its name")
    before = session.draft
    assert before is not None
    frozen = before.model_dump()
    for instruction in ("reverse the order", "make it 30 seconds", "remove the title", "undo"):
        _turn(session, instruction)
    assert before.model_dump() == frozen


def test_the_same_turn_gives_the_same_result() -> None:
    session = _session("make a video")
    first = _turn(session, "shuffle the photos and make it cinematic")
    second = _turn(session, "shuffle the photos and make it cinematic")
    assert first.model_dump() == second.model_dump()
    assert [s.meta.name for s in first.draft.video_tracks[0].segments] != NAMES  # type: ignore[union-attr]


def test_every_op_serialises_and_every_reply_ends_with_the_new_summary() -> None:
    for case in CASES:
        out = play(case).out
        for op in out.ops:
            json.dumps({"name": op.name, "args": op.args, "result": op.result})
        summary = out.reply.rsplit("\n", 1)[-1]
        if out.draft is not None:
            assert summary == out.draft.summary(), case.say
            assert parse_draft(out.draft.to_json()) == out.draft  # the JSON round-trips
        else:
            assert out.ops == [], case.say


def test_nothing_changed_means_no_draft_and_no_ops() -> None:
    session = _session("make a video")
    out = _turn(session, "how long is it?")
    assert (out.draft, out.ops, out.history) == (None, [], None)
    assert "15 s" in out.reply


def test_undo_hands_back_the_previous_version_as_a_history_step() -> None:
    session = _session("make a video", "make it square")
    previous = session.versions[session.at - 1]
    out = run_turn(
        TurnInput(instruction="undo", draft=session.draft, media=session.media, undo_draft=previous)
    )
    assert out.history == "undo"
    assert out.draft == previous
    assert [op.name for op in out.ops] == ["undo"]


def test_undo_of_the_first_draft_empties_the_timeline_and_redo_brings_it_back() -> None:
    session = _session()
    made = session.say("turn my photos into a 15-second video")
    assert made.draft is not None and made.draft.duration_ms == 15_000
    out = session.say("undo")
    assert (out.draft, out.history, out.cleared, out.changed) == (None, "undo", True, True)
    assert [op.name for op in out.ops] == ["undo"]
    assert out.reply == (
        'Undid the last change: the timeline is empty again. Say "redo" to get it back.\n'
        "Timeline (0 tracks): empty"
    )
    assert session.draft is None
    back = session.say("redo")
    assert back.history == "redo"
    assert back.draft == made.draft


def test_undo_with_no_draft_ever_made_still_says_nothing_to_undo() -> None:
    out = _turn(_session(), "undo")
    assert (out.draft, out.ops, out.history, out.changed) == (None, [], None, False)
    assert out.reply.startswith("There is nothing to undo yet.")


def test_a_caption_stays_on_its_photo_when_photos_move_and_change_length() -> None:
    session = _session("make a video", "caption the cat photo 'Kitty'", "swap the first and last")
    session.say("make the cat photo 5 seconds")
    draft = session.draft
    assert draft is not None
    cat = next(s for s in draft.video_tracks[0].segments if s.meta.name == "cat.jpg")
    caption = next(s for t in draft.text_tracks for s in t.segments if s.meta.text == "Kitty")
    assert (
        (caption.start_ms, caption.duration_ms) == (cat.start_ms, cat.duration_ms) == (12000, 5000)
    )


def test_a_caption_goes_when_its_photo_is_removed() -> None:
    session = _session("make a video", "caption each photo with its name", "remove the dog photo")
    draft = session.draft
    assert draft is not None
    texts = [s.meta.text for t in draft.text_tracks for s in t.segments]
    assert texts == ["Cat", "Beach", "Rocket", "City"]


def test_music_and_a_whole_video_title_follow_the_length() -> None:
    session = _session(
        "make a video", "add music at 40%", "add a title 'Trip' for the whole video", media="music"
    )
    session.say("make it 24 seconds")
    draft = session.draft
    assert draft is not None and draft.duration_ms == 24000
    music = draft.audio_tracks[0].segments[0]
    title = draft.text_tracks[0].segments[0]
    assert (music.start_ms, music.duration_ms, music.meta.volume) == (0, 24000, 0.4)
    assert (title.start_ms, title.duration_ms) == (0, 24000)


def test_an_end_title_stays_at_the_end() -> None:
    session = _session("make a video", "add an end title 'Bye'")
    session.say("make it 10 seconds")
    draft = session.draft
    assert draft is not None
    title = draft.text_tracks[0].segments[0]
    assert (title.start_ms, title.end_ms) == (7000, 10000)


def test_transitions_shrink_when_photos_get_too_short_for_them() -> None:
    session = _session("make a video", "1.5 second crossfades")
    session.say("make each photo 1 second")
    draft = session.draft
    assert draft is not None
    assert {
        s.meta.transition.duration_ms
        for s in draft.video_tracks[0].segments[:-1]
        if s.meta.transition
    } == {500}


def test_a_title_and_a_caption_at_the_same_time_are_on_separate_tracks() -> None:
    session = _session("make a video", "add a title 'Hello'", "caption the first photo 'Cat'")
    draft = session.draft
    assert draft is not None
    roles = [[s.meta.role for s in t.segments] for t in draft.text_tracks]
    assert roles == [["caption"], ["title"]]  # titles are painted above captions


def _draft_with_a_gap() -> Draft:
    return parse_draft(
        {
            "d": 9000,
            "m": {"width": 1920, "height": 1080},
            "t": [
                {
                    "tt": 0,
                    "sg": [
                        {"s": 0, "d": 3000, "m": {"src": "id-cat.jpg", "name": "cat.jpg"}},
                        {"s": 5000, "d": 3000, "m": {"src": "id-dog.jpg", "name": "dog.jpg"}},
                    ],
                }
            ],
        }
    )


def test_edits_that_do_not_move_photos_keep_a_drafts_own_timing() -> None:
    draft = _draft_with_a_gap()
    out = run_turn(TurnInput(instruction="make it square", draft=draft, media=MEDIA["photos"]))
    assert out.draft is not None
    assert [(s.start_ms, s.duration_ms) for s in out.draft.video_tracks[0].segments] == [
        (0, 3000),
        (5000, 3000),
    ]
    assert out.draft.duration_ms == 9000


def test_retiming_a_draft_with_gaps_lays_the_photos_end_to_end() -> None:
    draft = _draft_with_a_gap()
    out = run_turn(TurnInput(instruction="make it 10 seconds", draft=draft, media=MEDIA["photos"]))
    assert out.draft is not None
    assert [(s.start_ms, s.duration_ms) for s in out.draft.video_tracks[0].segments] == [
        (0, 5000),
        (5000, 5000),
    ]


@pytest.mark.parametrize(
    ("instruction", "language", "expected"),
    [("导出", "en", "导出"), ("export", "zh-CN", "导出"), ("export", "en", "Exporting")],
)
def test_routed_replies_follow_the_language(instruction: str, language: str, expected: str) -> None:
    out = run_turn(TurnInput(instruction=instruction, media=MEDIA["photos"], language=language))
    assert out.route == "export"
    assert expected in out.reply


def test_a_refused_part_changes_nothing_but_the_rest_applies() -> None:
    session = _session("make a video")
    out = _turn(session, "make it square and remove photo 9")
    assert out.draft is not None and (out.draft.meta.width, out.draft.meta.height) == (1080, 1080)
    assert len(out.draft.video_tracks[0].segments) == 5
    assert "There is no photo 9" in out.reply


def test_an_unknown_part_is_named_in_the_reply() -> None:
    session = _session("make a video")
    out = _turn(session, "make it square and florb the wozzle")
    assert out.draft is not None
    assert "florb the wozzle" in out.reply


@pytest.mark.parametrize(
    ("length", "clip_ms", "trim_out"), [("40 seconds", 16000, 6000), ("8 seconds", 3200, 3200)]
)
def test_a_clip_plays_as_much_of_itself_as_its_segment_lasts(
    length: str, clip_ms: int, trim_out: int
) -> None:
    session = _session("make a video", f"make it {length}", media="clips")
    draft = session.draft
    assert draft is not None
    clip = next(s for s in draft.video_tracks[0].segments if s.meta.kind == "video")
    assert (clip.duration_ms, clip.meta.trim_in, clip.meta.trim_out) == (clip_ms, 0, trim_out)
