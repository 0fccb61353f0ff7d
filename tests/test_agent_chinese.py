"""Chinese read into the agent's words: numbers as people write them, and the editing words."""

from __future__ import annotations

import pytest

from photoreel.agent.parse.chinese import narrow, numeral_value
from photoreel.agent.parse.tokens import tokenize


@pytest.mark.parametrize(
    ("said", "value"),
    [("十五", 15), ("二十", 20), ("二十五", 25), ("四十五", 45), ("两", 2), ("俩", 2),
     ("一百二十", 120), ("十", 10), ("零点三", 0.3), ("三", 3)],
)  # fmt: skip
def test_numerals(said: str, value: float) -> None:
    assert numeral_value(said) == value


def _in_characters(n: int) -> str:
    """How a number under 200 is written in characters (十五, 一百零五, 一百二十)."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    said = digits[hundreds] + "百" if hundreds else ""
    if tens:
        said += (digits[tens] if tens > 1 or hundreds else "") + "十"
    elif hundreds and ones:
        said += "零"
    return said + (digits[ones] if ones else "")


def test_every_number_written_in_characters_reads_back() -> None:
    for n in range(1, 200):  # all of them: cheaper than sampling
        assert numeral_value(_in_characters(n)) == n, _in_characters(n)


def _words(text: str) -> list[str]:
    return [t.norm for t in tokenize(text).tokens]


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("做一个十五秒的视频", ["make", "a", "15", "seconds", "video"]),
        ("做个１５秒的视频", ["make", "a", "15", "seconds", "video"]),
        ("做一个一分半的视频", ["make", "a", "90", "seconds", "video"]),
        ("1分30秒", ["1", "minutes", "30", "seconds"]),
        ("半分钟", ["30", "seconds"]),
        ("每张照片停留两秒半", ["each", "photo", "2.5", "seconds"]),
        ("比例改成9：16", ["aspect", "ratio", "change", "to", "9:16"]),
        ("9比16", ["9:16"]),
        ("音量百分之二十五", ["volume", "25", "%"]),
        ("转场零点三秒", ["transitions", "0.3", "seconds"]),
        ("删掉第二张", ["remove", "2nd", "photo"]),
        ("第二张和第三张之间用擦除",
         ["between", "2nd", "photo", "and", "3rd", "photo", "use", "wipe"]),
        ("标题改成毕业旅行", ["title", "change", "to", "毕业旅行"]),
        ("标题改成红色", ["title", "change", "to", "red"]),
        ("标题：生日快乐🎂", ["title", ":", "生日快乐🎂"]),
        ("第二张放大，标题放大", ["2nd", "photo", "zoom", "in", ",", "title", "bigger"]),
        ("帧率改成24", ["framerate", "change", "to", "24", "fps"]),
        ("改成720p竖屏", ["make", "it", "720p", "vertical"]),
        ("rocket.jpg放4秒", ["rocket.jpg", "put", "4", "seconds"]),
    ],
)  # fmt: skip
def test_chinese_reads_as_the_agents_words(said: str, words: list[str]) -> None:
    assert _words(said) == words


def test_a_title_typed_in_chinese_keeps_its_characters() -> None:
    utterance = tokenize("结尾写上谢谢观看！")
    last = utterance.tokens[-1]
    assert utterance.source[last.start : last.end] == "谢谢观看！"


def test_full_width_forms_keep_their_positions() -> None:
    text = "１５秒，９：１６"
    assert narrow(text) == "15秒,9:16"
    assert len(narrow(text)) == len(text)


def test_every_word_chinese_is_read_into_is_a_word_the_agent_knows() -> None:
    """A word no area knows would be named in the reply as not understood."""
    from photoreel.agent.lexicon import VOCABULARY
    from photoreel.agent.parse.chinese import LEXICON

    words = {w for value in LEXICON.values() for w in value.split()}
    unknown = {w for w in words if w.isalpha() and w.isascii() and w not in VOCABULARY}
    assert unknown == set()
