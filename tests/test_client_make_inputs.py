"""`photoreel make`'s own decisions: how flags become words, where the video goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from photoreel.client import NoCredits, SessionNotFound, UnsupportedFile
from photoreel.client.errors import BackendUnavailable, CannotWrite
from photoreel.commands.credits import credits_text
from photoreel.commands.errors import exit_code_for
from photoreel.commands.make_flow import MakeRequest, check_make_inputs, default_output
from photoreel.protocol.answers import CreditsAnswer
from photoreel.protocol.formats import formats_hint


def test_ratio_and_music_become_part_of_the_instruction(tmp_path: Path) -> None:
    request = MakeRequest(
        photos=[tmp_path / "a.jpg"],
        prompt="a 15-second video with smooth transitions",
        ratio="9:16",
        music=tmp_path / "song.mp3",
    )
    assert request.instruction() == (
        "a 15-second video with smooth transitions. Make it 9:16. Use song.mp3 as background music."
    )
    assert MakeRequest(photos=[tmp_path / "a.jpg"], prompt="Go!").instruction() == "Go!"


def test_the_output_suffix_picks_the_format(tmp_path: Path) -> None:
    base = {"photos": [tmp_path / "a.jpg"], "prompt": "x"}
    assert MakeRequest(**base, output=tmp_path / "clip.webm").format == "webm"
    assert MakeRequest(**base, output=tmp_path / "clip").format == "mp4"
    assert MakeRequest(**base).format == "mp4"


def test_the_default_output_never_replaces_a_file(tmp_path: Path) -> None:
    assert default_output(tmp_path, "photoreel-7") == tmp_path / "photoreel-7.mp4"
    (tmp_path / "photoreel-7.mp4").write_bytes(b"earlier video")
    (tmp_path / "photoreel-7-2.mp4.part").write_bytes(b"an unfinished download")
    assert default_output(tmp_path, "photoreel-7") == tmp_path / "photoreel-7-3.mp4"


def test_an_output_in_an_unknown_format_is_refused(
    tmp_path: Path, sample_photos: list[Path]
) -> None:
    request = MakeRequest(photos=sample_photos[:1], prompt="x", output=tmp_path / "clip.avi")
    with pytest.raises(UnsupportedFile) as caught:
        check_make_inputs(request)
    assert caught.value.message == (
        "clip.avi cannot be used (photoreel writes mp4, webm or gif videos). "
        "Name the output like clip.mp4."
    )


def test_exit_codes_tell_input_backend_and_credits_apart() -> None:
    assert exit_code_for(NoCredits("none left")) == 4
    assert exit_code_for(UnsupportedFile("a.pdf")) == 2
    assert exit_code_for(BackendUnavailable("down")) == 3
    assert exit_code_for(SessionNotFound("5")) == 3
    assert exit_code_for(SessionNotFound("5"), session_given=True) == 2


def test_credits_read_as_a_sentence() -> None:
    assert credits_text(CreditsAnswer(unlimited=True)) == "Credits: unlimited"
    assert (
        credits_text(CreditsAnswer(available=3, frozen=2, total=5))
        == "Credits: 3 available, 2 reserved by running work, 5 total"
    )


def test_a_refusal_passed_on_again_lists_the_formats_once() -> None:
    """The server's 4001 names the file and the formats; the client wraps it per upload row
    and again for the whole upload. A person reads one sentence and the list once."""
    server_said = f"fake.doc: not a supported photo, clip or audio file. {formats_hint()}"
    once = UnsupportedFile("fake.doc", server_said)
    twice = UnsupportedFile("fake.doc", once.message)
    expected = (
        f"fake.doc cannot be used (not a supported photo, clip or audio file). {formats_hint()}"
    )
    assert once.message == twice.message == expected
    assert UnsupportedFile("fake.doc", once.reason).message == expected


def test_a_broken_file_of_a_supported_kind_is_not_told_the_formats() -> None:
    """A .jpg that is not a JPEG: the formats list would name jpg as supported."""
    refused = UnsupportedFile("fake.jpg", f"fake.jpg: not a readable image. {formats_hint()}")
    assert formats_hint() not in refused.message
    assert refused.message.startswith("fake.jpg cannot be used (not a readable image). ")
    assert "Its name says it is a photo, but it is not a photo photoreel can read" in (
        refused.message
    )


def test_an_output_that_cannot_be_written_is_bad_input() -> None:
    assert exit_code_for(CannotWrite(Path("/x/a.mp4"), "read-only")) == 2
