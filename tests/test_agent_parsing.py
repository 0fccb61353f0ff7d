"""The agent's reading layer: numbers as people say them, typos, clauses, photo references."""

from __future__ import annotations

import pytest

from agent_cases import MEDIA
from photoreel.agent.interpreter import context_for, read
from photoreel.agent.parse.clauses import split_clauses
from photoreel.agent.parse.numbers import find_count, find_durations, find_percents
from photoreel.agent.parse.references import MediaName, find_photo_refs
from photoreel.agent.parse.spelling import correct_word, edit_distance
from photoreel.agent.parse.tokens import Clause, extract_quotes


def _clause(text: str, media: str = "photos") -> Clause:
    ctx = context_for(MEDIA[media], has_video=True, language="en")
    utterance = read(text, ctx)
    return Clause(utterance.tokens, utterance)


@pytest.mark.parametrize(
    ("said", "seconds"),
    [
        ("15 seconds", 15),
        ("a 15-second video", 15),
        ("15s", 15),
        ("fifteen seconds", 15),
        ("twenty-five seconds", 25),
        ("twenty five secs", 25),
        ("half a minute", 30),
        ("a minute and a half", 90),
        ("1 min", 60),
        ("a minute", 60),
        ("2.5 seconds", 2.5),
        ("two and a half seconds", 2.5),
        ("one and a half minutes", 90),
        ("half-second fades", 0.5),
        ("half a second", 0.5),
        ("a quarter of a second", 0.25),
        ("1m30s", 90),
        ("1 minute 30 seconds", 90),
        ("500 ms", 0.5),
        ("a 30 second reel", 30),
        ("one hundred and twenty seconds", 120),
        ("fiften seconds", 15),
    ],
)
def test_durations_are_read_in_seconds(said: str, seconds: float) -> None:
    found = find_durations(_clause(said))
    assert [q.value for q in found] == [seconds]


@pytest.mark.parametrize(
    ("said", "fraction"),
    [("35%", 0.35), ("35 percent", 0.35), ("thirty five percent", 0.35), ("40 per cent", 0.4)],
)
def test_percentages_become_fractions(said: str, fraction: float) -> None:
    assert [q.value for q in find_percents(_clause(said))] == [pytest.approx(fraction)]


def test_counts_of_photos_are_found_in_words() -> None:
    found = find_count(_clause("convert three product photos into a video"))
    assert found is not None and found.value == 3


def test_one_as_a_pronoun_is_not_a_number() -> None:
    assert _clause("make the cat one longer").words == ["make", "the", "cat", "one", "longer"]


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("trasitions", "transitions"),
        ("vertcal", "vertical"),
        ("sqaure", "square"),
        ("musc", "music"),
        ("titel", "title"),
        ("crossfdes", "crossfades"),
        ("slidshow", "slideshow"),
    ],
)
def test_typos_are_corrected_to_the_vocabulary(typo: str, meant: str) -> None:
    assert correct_word(typo) == meant


def test_ordinary_and_unknown_words_are_left_alone() -> None:
    assert correct_word("these") == "these"
    assert correct_word("zyxwv") == "zyxwv"
    assert correct_word("cat") == "cat"  # short words are never corrected


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("sqaure", "square", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # over the limit: limit + 1


def test_quoted_text_is_lifted_out_with_its_capitals() -> None:
    source, quotes = extract_quotes("add a title 'Summer Vibes' and caption \"Don't Stop\"")
    assert quotes == ["Summer Vibes", "Don't Stop"]
    assert "⟨q0⟩" in source and "⟨q1⟩" in source


def test_apostrophes_are_not_quotes() -> None:
    _, quotes = extract_quotes("what's the cat's photo doing")
    assert quotes == []


def test_combined_requests_split_into_clauses() -> None:
    ctx = context_for(MEDIA["photos"], has_video=True, language="en")
    pieces = split_clauses(read("make it vertical with fades and a title 'Summer'", ctx))
    assert [p.clause.text for p in pieces] == ["make it vertical", "fades", "a title ⟨q0⟩"]


def test_an_and_inside_a_swap_does_not_split() -> None:
    ctx = context_for(MEDIA["photos"], has_video=True, language="en")
    pieces = split_clauses(read("swap the first and last photo, then make it square", ctx))
    assert [p.clause.text for p in pieces] == ["swap the first and last photo", "make it square"]


def _refs(text: str) -> list[tuple[str, int, int, str]]:
    clause = _clause(text)
    names = [MediaName.of(m.media_id, m.filename) for m in MEDIA["photos"]]
    return [(r.kind, r.index, r.count, r.media_id) for r in find_photo_refs(clause, names)]


@pytest.mark.parametrize(
    ("said", "refs"),
    [
        ("the first photo", [("index", 0, 1, "")]),
        ("the last one", [("index", -1, 1, "")]),
        ("the second to last picture", [("index", -2, 1, "")]),
        ("the 3rd image", [("index", 2, 1, "")]),
        ("photo 3", [("index", 2, 1, "")]),
        ("picture number two", [("index", 1, 1, "")]),
        ("photos 2 and 4", [("index", 1, 1, ""), ("index", 3, 1, "")]),
        ("the first two photos", [("index", 0, 2, "")]),
        ("the cat photo", [("media", 0, 1, "id-cat.jpg")]),
        ("rocket.jpg", [("media", 0, 1, "id-rocket.jpg")]),
        ("the rockt", [("media", 0, 1, "id-rocket.jpg")]),
        ("every photo", [("all", 0, 1, "")]),
        ("swap the first and last", [("index", 0, 1, ""), ("index", -1, 1, "")]),
    ],
)
def test_photo_references(said: str, refs: list[tuple[str, int, int, str]]) -> None:
    assert _refs(said) == refs


def test_an_ordinal_before_a_time_is_not_a_photo() -> None:
    assert _refs("a title for the first 3 seconds") == []
    assert _refs("undo the last change") == []


def test_part_of_a_longer_file_name_finds_it() -> None:
    clause = _clause("the sunset one", media="photos")
    names = [MediaName.of("m1", "beach-sunset.jpg"), MediaName.of("m2", "city.jpg")]
    assert [r.media_id for r in find_photo_refs(clause, names)] == ["m1"]


def _phrase_tables() -> list[tuple[str, str]]:
    """(module.name, phrase) for every word table the parsers match against."""
    import importlib
    import pkgutil

    import photoreel.agent.intents as intents

    found = []
    for info in pkgutil.iter_modules(intents.__path__):
        module = importlib.import_module(f"photoreel.agent.intents.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("__") or name.endswith(("NAMES", "REPLIES", "LOOKS")):
                continue
            tables = isinstance(value, frozenset | set | tuple | dict) and value
            if tables and all(isinstance(k, str) for k in value):
                found += [(f"{info.name}.{name}", str(phrase)) for phrase in value]
    return found


def _phrases_in_calls() -> list[tuple[str, str]]:
    """(module, phrase) for every string given to `clause.has(...)` in the agent's source."""
    import ast
    from pathlib import Path

    import photoreel.agent as agent

    found = []
    for path in Path(agent.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "has":
                found += [
                    (path.stem, arg.value)
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
    return found


def test_every_word_a_parser_matches_is_known_to_the_speller() -> None:
    """Otherwise the corrector 'fixes' it into another word before the parser sees it."""
    import re

    from photoreel.agent.lexicon import VOCABULARY

    unknown = {
        (where, word)
        for where, phrase in _phrase_tables() + _phrases_in_calls()
        for word in re.findall(r"[a-z]+", phrase.lower())
        if len(word) >= 4 and word not in VOCABULARY
    }
    assert unknown == set()
