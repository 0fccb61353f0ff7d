"""Routed words and GUI phrases: what the client answers itself instead of the agent."""

from __future__ import annotations

import pytest

from photoreel.client import route_instruction, translate_gui_phrases


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("export", "export"),
        ("Export it please", "export"),
        ("download the video", "export"),
        ("导出", "export"),
        ("请导出视频", "export"),
        ("credits", "credits"),
        ("what's my balance?", "credits"),
        ("how many credits do I have left", "credits"),
        ("积分", "credits"),
        ("查看余额", "credits"),
        ("status", "status"),
        ("show tracks", "status"),
        ("show me the timeline", "status"),
        ("状态", "status"),
        ("upload", "upload"),
        ("上传", "upload"),
    ],
)
def test_routed_words_route(text: str, kind: str) -> None:
    route = route_instruction(text)
    assert route is not None, text
    assert route.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "turn my photos into a 15-second video with smooth transitions",
        "balance the music volume with the clips",
        "lower the music volume to 35%",
        "add a title that says credits roll",
        "make each photo 3 seconds and use a fade between them",
        "",
        "   ",
    ],
)
def test_instructions_go_to_the_agent(text: str) -> None:
    assert route_instruction(text) is None


def test_a_long_sentence_with_a_routed_word_goes_to_the_agent() -> None:
    text = "use a slow zoom on every photo and then I will export the result tomorrow for sure"
    assert route_instruction(text) is None


def test_file_paths_are_an_upload() -> None:
    route = route_instruction("~/pics/beach.jpg ./two.PNG")
    assert route is not None and route.kind == "upload"
    assert route.paths == ["~/pics/beach.jpg", "./two.PNG"]
    assert route.rest == ""


def test_upload_words_around_files_leave_nothing_for_the_agent() -> None:
    route = route_instruction("upload these photos: a.jpg, b.jpeg and c.webp please")
    assert route is not None and route.kind == "upload"
    assert route.paths == ["a.jpg", "b.jpeg", "c.webp"]
    assert route.rest == ""


def test_a_quoted_path_may_hold_spaces() -> None:
    route = route_instruction('upload "/home/me/My Photos/sunset at sea.png"')
    assert route is not None
    assert route.paths == ["/home/me/My Photos/sunset at sea.png"]


def test_a_file_inside_an_instruction_is_uploaded_then_the_instruction_sent() -> None:
    route = route_instruction("add ~/music/song.mp3 as background music at 35%")
    assert route is not None and route.kind == "upload"
    assert route.paths == ["~/music/song.mp3"]
    assert route.rest == "add song.mp3 as background music at 35%"


def test_urls_are_url_uploads() -> None:
    route = route_instruction("upload https://example.com/media/cat.jpg?size=big")
    assert route is not None and route.kind == "upload"
    assert route.urls == ["https://example.com/media/cat.jpg?size=big"]
    assert route.paths == []


def test_export_to_a_named_file_is_an_export_not_an_upload() -> None:
    route = route_instruction("export to ~/Videos/trip.mp4")
    assert route is not None and route.kind == "export"
    assert route.dest == "~/Videos/trip.mp4"


def test_a_name_without_a_media_extension_is_not_a_file() -> None:
    assert route_instruction("make the title say report.final") is None


# -- GUI phrases -----------------------------------------------------------------


def test_export_button_becomes_the_export_command() -> None:
    result = translate_gui_phrases("Done! Click the Export button to download your video.")
    assert result.text == 'Done! Type "export" to download your video.'
    assert [a.kind for a in result.actions] == ["export"]


def test_click_a_button_becomes_a_message() -> None:
    result = translate_gui_phrases("Click the Apply Style button when ready.")
    assert result.text == 'Say "apply style" when ready.'
    assert result.actions[0].kind == "message"
    assert result.actions[0].label == "Apply Style"


def test_open_a_panel_becomes_a_state_read() -> None:
    result = translate_gui_phrases("You can open the Media panel to see your uploads.")
    assert result.text == 'You can type "status" to see your uploads.'
    assert result.actions[0].kind == "state"
    assert result.actions[0].label == "Media panel"


def test_drag_and_drop_becomes_asking_in_words() -> None:
    result = translate_gui_phrases("Drag and drop the photo to the start of the timeline.")
    assert result.text == "Ask me to move the photo to the start of the timeline."
    assert result.actions[0].kind == "message"


def test_preview_in_timeline_becomes_the_summary() -> None:
    result = translate_gui_phrases("I added a fade; preview it in the timeline.")
    assert result.text == "I added a fade; see the timeline summary."
    assert [a.kind for a in result.actions] == ["summary"]


def test_plain_text_is_unchanged() -> None:
    text = "I made a 15-second video from your 3 photos with crossfades."
    result = translate_gui_phrases(text)
    assert result.text == text
    assert result.actions == []


def test_add_a_file_goes_on_to_the_agent_after_the_upload() -> None:
    """'add rocket.jpg' asks for the photo in the video; 'upload rocket.jpg' only uploads."""
    added = route_instruction("add rocket.jpg")
    assert added is not None and added.kind == "upload" and added.rest == "add rocket.jpg"
    uploaded = route_instruction("upload rocket.jpg")
    assert uploaded is not None and uploaded.rest == ""
